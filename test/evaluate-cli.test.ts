import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poissonDraw, seededUniform } from '../src/evaluation/seeded-poisson.ts';
import { runAtalaya } from './support/cli.ts';

describe('atalaya evaluate (panels in CSV files)', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'atalaya-evaluate-'));
    db = join(dir, 'store.db');
    const uniform = seededUniform(3);
    const lines = ['quarter,victims,population'];
    for (let k = 0; k < 40; k++) {
      lines.push(
        `${2010 + Math.floor(k / 4)}-Q${(k % 4) + 1},${poissonDraw(uniform, 400 * (k >= 20 ? 0.8 : 1))},1000000`,
      );
    }
    writeFileSync(join(dir, 'quarterly.csv'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'bad.csv'), 'quarter,victims\n2010-Q1,4\n2010-Q2,"4\n');
    const did = ['county,year,y,first'];
    for (const [unit, first] of [
      ['a', 0],
      ['b', 0],
      ['c', 2002],
      ['d', 2002],
      ['e', 2003],
      ['f', 0],
      ['g', 0],
      ['h', 0],
      ['i', 2003],
      ['j', 0],
    ] as const) {
      for (const year of [2000, 2001, 2002, 2003]) {
        const effect = first !== 0 && year >= first ? 2 : 0;
        did.push(
          `${unit},${year},${(unit.charCodeAt(0) % 5) + 0.5 * (year - 2000) + effect + ((year * 7 + unit.charCodeAt(0)) % 3) * 0.01},${first}`,
        );
      }
    }
    writeFileSync(join(dir, 'staggered.csv'), did.join('\n') + '\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('its: prints the finding in the language asked for, and JSON on request', async () => {
    const args = [
      '--db',
      db,
      'evaluate',
      'its',
      join(dir, 'quarterly.csv'),
      '--time',
      'quarter',
      '--outcome',
      'victims',
    ];
    const text = await runAtalaya([
      ...args,
      '--start',
      '2015-Q1',
      '--exposure',
      'population',
      '--lang',
      'pt',
    ]);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^A partir de 2015-Q1, victims caiu/);
    const json = await runAtalaya([...args, '--start', '2015-Q1', '--json']);
    const result = JSON.parse(json.stdout) as {
      method: string;
      result: { levelChange: { lower: number; upper: number } };
    };
    expect(result.method).toBe('its');
    expect(result.result.levelChange.lower).toBeLessThan(0.8);
    expect(result.result.levelChange.upper).toBeGreaterThan(0.8);
  });

  it('did: staggered adoption recovers the planted effect of 2', async () => {
    const out = await runAtalaya([
      '--db',
      db,
      'evaluate',
      'did',
      join(dir, 'staggered.csv'),
      '--unit',
      'county',
      '--time',
      'year',
      '--outcome',
      'y',
      '--group',
      'first',
      '--json',
    ]);
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout) as { aggregations: { simple: { overall: { att: number } } } };
    expect(result.aggregations.simple.overall.att).toBeCloseTo(2, 1);
  });

  it('a bad file is refused with its name, line and column, and exit code 1', async () => {
    const out = await runAtalaya([
      '--db',
      db,
      'evaluate',
      'its',
      join(dir, 'bad.csv'),
      '--time',
      'quarter',
      '--outcome',
      'victims',
      '--start',
      '2010-Q2',
    ]);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/bad\.csv, line 3/);
    const missing = await runAtalaya([
      '--db',
      db,
      'evaluate',
      'its',
      join(dir, 'nope.csv'),
      '--time',
      't',
      '--outcome',
      'y',
      '--start',
      '1',
    ]);
    expect(missing.stderr).toMatch(/Cannot read .*nope\.csv: ENOENT/);
  });
});
