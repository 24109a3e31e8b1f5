/** The `atalaya` command, run as a user runs it (a child process), on each store. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAtalaya } from './support/cli.ts';
import { HEADER } from './support/fixtures.ts';
import { createTestDatabase, describeStores } from './support/stores.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atalaya-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('prints help for the program and for every command', async () => {
  const help = await runAtalaya(['--help']);
  expect(help.code).toBe(0);
  for (const command of [
    'serve',
    'demo',
    'import',
    'export',
    'catalogue',
    'geography',
    'doctor',
    'migrate',
    'audit',
    'backup',
    'restore',
    'user',
  ]) {
    expect(help.stdout).toContain(command);
  }
  const importHelp = await runAtalaya(['import', '--help']);
  expect(importHelp.stdout).toContain('--status <status>');
});

it('refuses an unknown command and a bad option with a non-zero exit', async () => {
  const unknown = await runAtalaya(['frobnicate']);
  expect(unknown.code).not.toBe(0);
  expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  const badScale = await runAtalaya(['--db', join(dir, 'x.db'), 'demo', '--scale', 'lots']);
  expect(badScale.code).not.toBe(0);
  expect(badScale.stderr).toContain('"lots" is not a positive number');
});

describeStores('atalaya command', (dialect) => {
  let db: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ location: db, drop } = await createTestDatabase(dialect));
  });
  afterAll(async () => drop());

  it('lists the catalogue in four languages and as JSON', async () => {
    const en = await runAtalaya(['--db', db, 'catalogue']);
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(/homicide_rate\s+traditional\s+Intentional homicide/);
    const es = await runAtalaya(['--db', db, 'catalogue', 'indicators', '--lang', 'es']);
    expect(es.stdout).toMatch(/homicide_rate\s+traditional\s+\S/);
    const elements = await runAtalaya(['--db', db, 'catalogue', 'elements', '--json']);
    const parsed = JSON.parse(elements.stdout) as { code: string }[];
    expect(parsed.map((e) => e.code)).toContain('homicide_victims');
    const nope = await runAtalaya(['--db', db, 'catalogue', 'recipes']);
    expect(nope.code).not.toBe(0);
  });

  it('lists the member states of a subregion and the groups', async () => {
    const central = await runAtalaya(['--db', db, 'geography', '--parent', 'CAM', '--lang', 'fr']);
    expect(central.stdout.trim().split('\n')).toHaveLength(8);
    expect(central.stdout).toContain('MEX');
    const groups = await runAtalaya(['--db', db, 'geography', '--groups']);
    expect(groups.stdout).toContain('SICA');
    const added = await runAtalaya([
      '--db',
      db,
      'group',
      'add',
      'NORTH_TRIANGLE',
      '--members',
      'GTM,HND,SLV',
      '--name',
      'Northern Triangle',
      '--name-es',
      'Triángulo Norte',
    ]);
    expect(added.code).toBe(0);
    const listed = await runAtalaya(['--db', db, 'geography', '--groups', '--lang', 'es']);
    expect(listed.stdout).toMatch(/NORTH_TRIANGLE\s+Triángulo Norte: GTM, HND, SLV/);
    const bad = await runAtalaya([
      '--db',
      db,
      'group',
      'add',
      'OOPS',
      '--members',
      'GTM,XXX',
      '--name',
      'Oops',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('XXX');
    const integration = await runAtalaya([
      '--db',
      db,
      'group',
      'add',
      'SICA',
      '--members',
      'GTM',
      '--name',
      'x',
    ]);
    expect(integration.code).toBe(1);
  });

  it('imports a file, refuses a bad one with every line listed, and exports what it holds', async () => {
    const good = join(dir, `good-${dialect}.csv`);
    writeFileSync(
      good,
      `${HEADER}\nhomicide_victims,HND,2012,,police,7172\nhomicide_victims,HND,2012,sex=F,police,606\n`,
    );
    const ok = await runAtalaya(['--db', db, 'import', good, '--status', 'published']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Imported good-\w+\.csv as batch \d+: 2 rows, 2 new, 0 changed, 0 unchanged/);

    const bad = join(dir, `bad-${dialect}.csv`);
    writeFileSync(
      bad,
      `${HEADER}\nhomicide_victims,HND,2013,,police,1\nhomicide_victims,HND,2013-14,,police,1\nhomicide_victims,ZZZ,2013,,police,1\n`,
    );
    const refused = await runAtalaya(['--db', db, 'import', bad]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `bad-${dialect}.csv was not imported: 2 problems found, nothing was written.`,
    );
    expect(refused.stderr).toContain(
      `bad-${dialect}.csv, line 3, column 3 (period): "2013-14" is not a period code`,
    );
    expect(refused.stderr).toContain(
      `bad-${dialect}.csv, line 4, column 2 (org_unit): unknown org unit "ZZZ"`,
    );

    const missing = await runAtalaya(['--db', db, 'import', join(dir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');

    const out = join(dir, `out-${dialect}.csv`);
    const exported = await runAtalaya(['--db', db, 'export', '--element', 'homicide_victims', '-o', out]);
    expect(exported.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(
      `${HEADER}\nhomicide_victims,HND,2012,,police,7172\nhomicide_victims,HND,2012,sex=F,police,606\n`,
    );
    const stdout = await runAtalaya(['--db', db, 'export', '--org-unit', 'SLV']);
    expect(stdout.stdout).toBe(`${HEADER}\n`);
  });

  it('checks the store with doctor', async () => {
    const doctor = await runAtalaya(['--db', db, 'doctor']);
    expect(doctor.code).toBe(0);
    expect(doctor.stdout).toMatch(/ok\s+schema: \d+ migrations applied/);
    expect(doctor.stdout).toMatch(/ok\s+catalogue: \d+ data elements/);
    expect(doctor.stdout).toContain('member_state 35');
  });
});
