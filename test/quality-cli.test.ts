/**
 * `atalaya quality` on a SQLite store holding a small import: the rules in Spanish and as JSON,
 * the outliers of a monthly series with a planted spike, completeness, and refused input.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAtalaya } from './support/cli.ts';

describe('atalaya quality', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atalaya-quality-'));
  const db = join(dir, 'quality.db');

  beforeAll(async () => {
    const lines = [
      'element,org_unit,period,disaggregation,source,value',
      'homicide_victims,MEX,2020,,police,100',
      'homicide_victims,MEX,2020,weapon=firearm,police,120',
      'prisoners,MEX,2020,,prisons,3000',
      'population,MEX,2020,,census,100000',
    ];
    // six years of months, June higher, a spike in 2018-03 and 2016-08 missing
    for (let year = 2015; year <= 2020; year++) {
      for (let month = 1; month <= 12; month++) {
        if (year === 2016 && month === 8) continue;
        const value = year === 2018 && month === 3 ? 400 : month === 6 ? 260 : 200;
        lines.push(`homicide_victims,MEX,${year}-${String(month).padStart(2, '0')},,police,${value}`);
      }
    }
    writeFileSync(join(dir, 'values.csv'), lines.join('\n') + '\n');
    const imported = await runAtalaya(['import', join(dir, 'values.csv'), '--db', db]);
    expect(imported.code, imported.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds, lists, checks and removes a rule written by a user; refuses a bad one', async () => {
    const add = await runAtalaya([
      'quality',
      'rule',
      'add',
      'prisoners_within_3000',
      '--left',
      'prisoners',
      '--operator',
      '<',
      '--right',
      '3000',
      '--severity',
      'warning',
      '--name-en',
      'Fewer than 3000 prisoners',
      '--name-fr',
      'Moins de 3000 détenus',
      '--db',
      db,
    ]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('Rule prisoners_within_3000 created: prisoners < 3000 (warning)');
    expect(add.stdout).toContain('Not given, filled from English: name.es, name.pt');
    const listed = await runAtalaya(['quality', 'rule', 'list', '--json', '--db', db]);
    const rules = (
      JSON.parse(listed.stdout) as { rules: { code: string; builtIn: boolean; name: { es: string } }[] }
    ).rules;
    expect(rules.find((r) => r.code === 'firearm_homicides_within_total')?.builtIn).toBe(true);
    expect(rules.filter((r) => !r.builtIn)).toEqual([
      expect.objectContaining({
        code: 'prisoners_within_3000',
        name: expect.objectContaining({ es: 'Fewer than 3000 prisoners' }),
      }),
    ]);
    const run = await runAtalaya(['quality', 'rules', '--json', '--period', '2020', '--db', db]);
    const violations = (JSON.parse(run.stdout) as { violations: { rule: string; leftValue: number }[] })
      .violations;
    expect(violations.filter((v) => v.rule === 'prisoners_within_3000')).toEqual([
      expect.objectContaining({
        leftValue: 3000,
        rightValue: 3000,
        leftSource: 'prisons',
        rightSource: null,
      }),
    ]);
    const bad = await runAtalaya([
      'quality',
      'rule',
      'add',
      'bad_rule',
      '--left',
      'prisoners[sex=X]',
      '--operator',
      '<=',
      '--right',
      'prisoners +',
      '--name-en',
      'Bad',
      '--db',
      db,
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('column 11 (left)');
    expect(bad.stderr).toContain('(right)');
    const builtIn = await runAtalaya([
      'quality',
      'rule',
      'add',
      'women_prisoners_within_total',
      '--left',
      'prisoners',
      '--operator',
      '<=',
      '--right',
      'prisoners',
      '--name-en',
      'Copy',
      '--db',
      db,
    ]);
    expect(builtIn.code).not.toBe(0);
    expect(builtIn.stderr).toContain('built-in');
    const removed = await runAtalaya([
      'quality',
      'rule',
      'remove',
      'prisoners_within_3000',
      '--lang',
      'es',
      '--db',
      db,
    ]);
    expect(removed.stdout).toContain('Regla prisoners_within_3000 eliminada.');
    const again = await runAtalaya(['quality', 'rule', 'remove', 'prisoners_within_3000', '--db', db]);
    expect(again.code).not.toBe(0);
    const after = await runAtalaya(['quality', 'rule', 'list', '--db', db]);
    expect(after.stdout).not.toContain('prisoners_within_3000');
  }, 60_000);

  it('runs the rules: plain words in Spanish, JSON, and a unit with nothing wrong', async () => {
    const text = await runAtalaya(['quality', 'rules', '--lang', 'es', '--db', db]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      '[error] Los homicidios con arma de fuego no superan el total de homicidios',
    );
    expect(text.stdout).toContain('MEX 2020: 120 (police) > 100 (police)');
    expect(text.stdout).toContain('MEX 2020: 3000 (prisons) >= 2000 (census)');
    const json = await runAtalaya(['quality', 'rules', '--json', '--period', '2020', '--db', db]);
    expect(json.code, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout) as {
      cells: number;
      rules: { code: string; checked: number; violations: number }[];
      violations: { rule: string; leftValue: number; rightValue: number }[];
    };
    // MEX 2020 and its twelve months
    expect(body.cells).toBe(13);
    expect(body.violations.map((v) => [v.rule, v.leftValue, v.rightValue])).toEqual([
      ['firearm_homicides_within_total', 120, 100],
      ['prisoners_plausible_for_population', 3000, 2000],
    ]);
    const none = await runAtalaya(['quality', 'rules', '--org-unit', 'GTM', '--db', db]);
    expect(none.stdout).toContain('No violations.');
  }, 60_000);

  it('finds the planted spike, not the seasonal June', async () => {
    const json = await runAtalaya([
      'quality',
      'outliers',
      '--element',
      'homicide_victims',
      '--org-unit',
      'MEX',
      '--json',
      '--db',
      db,
    ]);
    expect(json.code, json.stderr).toBe(0);
    const body = JSON.parse(json.stdout) as {
      series: {
        source: string;
        periodType: string;
        observed: number;
        outliers: { period: string; value: number }[];
      }[];
    };
    const monthly = body.series.find((s) => s.periodType === 'month')!;
    expect(monthly.observed).toBe(71);
    expect(monthly.outliers.map((o) => [o.period, o.value])).toEqual([['2018-03', 400]]);
    const text = await runAtalaya([
      'quality',
      'outliers',
      '--element',
      'homicide_victims',
      '--org-unit',
      'MEX',
      '--lang',
      'pt',
      '--db',
      db,
    ]);
    expect(text.stdout).toMatch(/2018-03: 400, esperado 200 \(escore \d+(\.\d)?\)/);
  }, 60_000);

  it('measures completeness and timeliness per unit', async () => {
    const late = await runAtalaya([
      'quality',
      'completeness',
      '--element',
      'homicide_victims',
      '--from',
      '2015-01',
      '--to',
      '2020-12',
      '--json',
      '--db',
      db,
    ]);
    expect(late.code, late.stderr).toBe(0);
    const body = JSON.parse(late.stdout) as {
      units: { orgUnit: string; expected: number; reported: number; onTime: number; missing: string[] }[];
    };
    // imported today, years after the periods ended: complete but late
    expect(body.units.map((u) => [u.orgUnit, u.expected, u.reported, u.onTime, u.missing])).toEqual([
      ['MEX', 72, 71, 0, ['2016-08']],
    ]);
    const lenient = await runAtalaya([
      'quality',
      'completeness',
      '--element',
      'homicide_victims',
      '--from',
      '2015-01',
      '--to',
      '2020-12',
      '--deadline-days',
      '1000000',
      '--lang',
      'fr',
      '--db',
      db,
    ]);
    expect(lenient.stdout).toContain('MEX | 72 | 71 | 98.6% | 98.6% |');
    expect(lenient.stdout).toContain('manquantes: 2016-08');
  }, 60_000);

  it('refuses bad input with a clear message', async () => {
    const mixed = await runAtalaya([
      'quality',
      'completeness',
      '--element',
      'arrests',
      '--from',
      '2019',
      '--to',
      '2020-12',
      '--db',
      db,
    ]);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('not periods of the same type');
    const unknown = await runAtalaya([
      'quality',
      'outliers',
      '--element',
      'homicides',
      '--org-unit',
      'MEX',
      '--db',
      db,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no data element "homicides"');
    const period = await runAtalaya(['quality', 'rules', '--period', '2020-13', '--db', db]);
    expect(period.code).not.toBe(0);
    expect(period.stderr).toContain('--period');
  }, 60_000);
});
