/**
 * `atalaya import --format … --mapping … [--dry-run]` in a real process: the dry run in plain
 * words (exit 1 when the file would be refused), the import, a bad mapping named with its file,
 * and the shared real files (../shared/data/formats) imported with the spot values of their README.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../src/store/store.ts';
import { runAtalaya } from './support/cli.ts';
import { FORMATS as SHARED, formatsPresent } from './support/ingest.ts';
import { createTestDatabase, describeStores } from './support/stores.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'ingest');
const fixture = (name: string): string => join(FIXTURES, name);

async function storedValue(
  db: string,
  orgUnit: string,
  period: string,
  element: string,
  disaggregation = '',
): Promise<number[]> {
  const store = openStore(db);
  try {
    const rows = await store.db
      .selectFrom('data_value as v')
      .innerJoin('org_unit as u', 'u.id', 'v.org_unit_id')
      .innerJoin('data_element as e', 'e.id', 'v.element_id')
      .select('v.value')
      .where('u.code', '=', orgUnit)
      .where('v.period', '=', period)
      .where('e.code', '=', element)
      .where('v.disaggregation', '=', disaggregation)
      .execute();
    return rows.map((r) => Number(r.value));
  } finally {
    await store.close();
  }
}

describeStores('atalaya import --format', (dialect) => {
  let dir: string;
  let db: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atalaya-formats-'));
    ({ location: db, drop } = await createTestDatabase(dialect));
  });
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the dry run, imports, and says nothing changed the second time', async () => {
    const args = ['--db', db, 'import', fixture('wdi-population.csv'), '--format', 'wdi'];
    const mapping = ['--mapping', fixture('wdi-population.mapping.json')];
    const dry = await runAtalaya([...args, ...mapping, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      'Dry run of wdi-population.csv (nothing was written): 5 rows: 5 new, 0 changed, 0 unchanged, 0 deleted, 0 rejected.',
    );
    expect(dry.stdout).toContain('line 7: population,HND,2019,,world_bank: new 9746115');
    expect(dry.stdout).toContain('Left out on purpose: 2 aggregate (region or income group)');
    expect(await storedValue(db, 'HND', '2019', 'population')).toEqual([]);

    const done = await runAtalaya([...args, ...mapping, '--status', 'published']);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(
      /Imported wdi-population\.csv as batch \d+: 5 rows, 5 new, 0 changed, 0 unchanged/,
    );
    expect(await storedValue(db, 'HND', '2019', 'population')).toEqual([9746115]);
    const again = await runAtalaya([...args, ...mapping]);
    expect(again.stdout).toMatch(/5 rows, 0 new, 0 changed, 5 unchanged/);
  });

  it('refuses a mapping that is not JSON or not of the format, naming the mapping file; exit 1', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"indicators": ');
    const notJson = await runAtalaya([
      ...['--db', db, 'import', fixture('wdi-population.csv'), '--format', 'wdi', '--mapping', broken],
    ]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain('broken.json is not JSON');
    const wrong = await runAtalaya([
      ...['--db', db, 'import', fixture('wdi-population.csv'), '--format', 'wdi'],
      ...['--mapping', fixture('sesnsp.mapping.json')],
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('sesnsp.mapping.json is not a wdi mapping');
    expect(wrong.stderr).toContain('(indicators)');
    const none = await runAtalaya(['--db', db, 'import', fixture('wdi-population.csv'), '--format', 'wdi']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('needs a mapping file');
  });

  it('a dry run that finds problems lists them with their lines and exits 1', async () => {
    const bad = join(dir, 'sdmx-bad-action.csv');
    writeFileSync(
      bad,
      [
        'STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,SEX,OBS_VALUE',
        'dataflow,UNODC:DF_CTS(1.0),I,VICTIMS,HN,2020,_T,3200',
        'dataflow,UNODC:DF_CTS(1.0),X,VICTIMS,HN,2019,_T,3100',
        '',
      ].join('\n'),
    );
    const dry = await runAtalaya([
      ...['--db', db, 'import', bad, '--format', 'sdmx'],
      ...['--mapping', fixture('sdmx.mapping.json'), '--dry-run'],
    ]);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('2 rows: 1 new, 0 changed, 0 unchanged, 0 deleted, 1 rejected');
    expect(dry.stderr).toContain('sdmx-bad-action.csv, line 3, column 3 (ACTION)');
  });

  it('deletes the value of an SDMX D row, and rolls the batch back (import rollback)', async () => {
    const run = (...args: string[]) => runAtalaya(['--db', db, 'import', ...args]);
    const write = join(dir, 'sdmx-write.csv');
    writeFileSync(
      write,
      'STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,REF_AREA,TIME_PERIOD,SEX,OBS_VALUE\n' +
        'dataflow,UNODC:DF_CTS(1.0),I,VICTIMS,HN,2019,_T,3100\n',
    );
    expect((await run(write, '--format', 'sdmx', '--mapping', fixture('sdmx.mapping.json'))).code).toBe(0);
    const sdmx = ['--format', 'sdmx', '--mapping', fixture('sdmx.mapping.json')];
    const dry = await run(fixture('sdmx-2.0-delete.csv'), ...sdmx, '--dry-run');
    expect(dry.stdout).toMatch(/2 rows: \d+ new, \d+ changed, \d+ unchanged, 1 deleted, 0 rejected/);
    expect(dry.stdout).toContain('line 3: homicide_victims,HND,2019,,unodc: 3100 → deleted');
    const done = await run(fixture('sdmx-2.0-delete.csv'), ...sdmx);
    expect(done.stderr).toBe('');
    expect(done.stdout).toMatch(/, 1 deleted \(sha256/);
    expect(await storedValue(db, 'HND', '2019', 'homicide_victims')).toEqual([]);
    const batch = /as batch (\d+)/.exec(done.stdout)![1]!;

    const rollbackDry = await run('rollback', batch, '--dry-run');
    expect(rollbackDry.stdout).toMatch(
      /^Dry run of rolling back batch \d+ \(nothing was written\): .*1 deleted value written back\.\n$/,
    );
    expect(await storedValue(db, 'HND', '2019', 'homicide_victims')).toEqual([]);
    const rolled = await run('rollback', batch);
    expect(rolled.code).toBe(0);
    expect(rolled.stdout).toMatch(/^Rolled back batch \d+ as batch \d+: .*1 deleted value written back\.\n$/);
    expect(await storedValue(db, 'HND', '2019', 'homicide_victims')).toEqual([3100]);
    const twice = await run('rollback', batch);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain(`Batch ${batch} was rolled back already`);
  });

  it.skipIf(!formatsPresent)(
    'imports the real WDI population file: Honduras 2012 = 8 640 692, Mexico 117 274 156 (../shared/data)',
    async () => {
      const mapping = join(dir, 'wdi-real.json');
      writeFileSync(
        mapping,
        JSON.stringify({ indicators: { 'SP.POP.TOTL': { element: 'population', source: 'world_bank' } } }),
      );
      const done = await runAtalaya([
        ...[
          '--db',
          db,
          'import',
          join(SHARED, 'worldbank_wdi_2022', 'API_SP.POP.TOTL_DS2_en_csv_v2_4473555.csv'),
        ],
        // published, as the fixture's values it corrects (a draft may not change a published value)
        ...['--format', 'wdi', '--mapping', mapping, '--status', 'published'],
      ]);
      expect(done.code).toBe(0);
      expect(done.stdout).toMatch(/: 2170 rows, \d+ new/);
      expect(done.stdout).toContain('49 aggregate (region or income group)');
      expect(await storedValue(db, 'HND', '2012', 'population')).toEqual([8640692]);
      expect(await storedValue(db, 'MEX', '2012', 'population')).toEqual([117274156]);
    },
  );

  it('streams a table of several chunks: a bad value on its last line writes nothing; good, it is all kept', async () => {
    // 10 member states × 125 years × 12 months, with a column nobody maps: about 1.3 MB, so more
    // than one chunk of the file stream (1 MiB)
    const units = ['ARG', 'BRA', 'CHL', 'COL', 'GTM', 'HND', 'MEX', 'PER', 'SLV', 'URY'];
    const lines = ['País;Periodo;Nombre;Homicidios;Reclusos'];
    for (let year = 1900; year < 2025; year++) {
      for (let month = 1; month <= 12; month++) {
        for (const [i, unit] of units.entries()) {
          const period = `${year}-${String(month).padStart(2, '0')}`;
          lines.push(
            `${unit};${period};Observatorio nacional de seguridad ciudadana y convivencia, ${unit};${year % 97};${i + 1}.${String(month).padStart(3, '0')}`,
          );
        }
      }
    }
    const mapping = join(dir, 'big-table.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        delimiter: ';',
        decimal: ',',
        orgUnit: { column: 'País' },
        period: { column: 'Periodo' },
        values: [
          { column: 'Homicidios', element: 'homicide_victims', source: 'police' },
          { column: 'Reclusos', element: 'prisoners', source: 'ministry' },
        ],
      }),
    );
    const bad = join(dir, 'big-table-bad.csv');
    writeFileSync(bad, [...lines, 'HND;2025-01;x;12x;1'].join('\n'));
    const refused = await runAtalaya(['--db', db, 'import', bad, '--format', 'table', '--mapping', mapping]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'big-table-bad.csv was not imported: 1 problem found, nothing was written',
    );
    expect(refused.stderr).toContain(
      `line ${lines.length + 1}, column 4 (Homicidios): "12x" is not a number`,
    );
    expect(await storedValue(db, 'HND', '1925-01', 'homicide_victims')).toEqual([]);
    // its dry run streams the file as well, and says the same at the same line and column
    const dry = await runAtalaya([
      ...['--db', db, 'import', bad, '--format', 'table', '--mapping', mapping, '--dry-run'],
    ]);
    expect(dry.code).toBe(1);
    const rows = (lines.length - 1) * 2 + 2;
    expect(dry.stdout).toContain(
      `Dry run of big-table-bad.csv (nothing was written): ${rows} rows: ${rows - 1} new, 0 changed, 0 unchanged, 0 deleted, 1 rejected.`,
    );
    expect(dry.stderr).toContain(`line ${lines.length + 1}, column 4 (Homicidios): "12x" is not a number`);
    expect(await storedValue(db, 'HND', '1925-01', 'homicide_victims')).toEqual([]);

    const good = join(dir, 'big-table.csv');
    writeFileSync(good, lines.join('\r\n'));
    expect(statSync(good).size).toBeGreaterThan(1 << 20);
    const done = await runAtalaya(['--db', db, 'import', good, '--format', 'table', '--mapping', mapping]);
    expect(done.code).toBe(0);
    const values = (lines.length - 1) * 2;
    expect(done.stdout).toMatch(new RegExp(`batch \\d+: ${values} rows, ${values} new, 0 changed`));
    expect(await storedValue(db, 'HND', '1925-01', 'homicide_victims')).toEqual([1925 % 97]);
    expect(await storedValue(db, 'URY', '2024-12', 'prisoners')).toEqual([10_012]);
    expect(await storedValue(db, 'GTM', '2000-06', 'prisoners')).toEqual([5006]);
  });

  it('imports an XLSX sheet through a table mapping; an error value is refused at its cell, nothing written', async () => {
    const args = ['--db', db, 'import', '--format', 'table'];
    const mapping = ['--mapping', fixture('table-prisons-xlsx.mapping.json')];
    const refused = await runAtalaya([...args, ...mapping, fixture('table-errors.xlsx')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'table-errors.xlsx was not imported: 1 problem found, nothing was written',
    );
    expect(refused.stderr).toContain(
      'table-errors.xlsx, Prisiones!D3 (Mujeres reclusas): the cell holds the error value #DIV/0!',
    );
    expect(await storedValue(db, 'HND', '2019', 'prisoners')).toEqual([]);

    const dry = await runAtalaya([...args, ...mapping, fixture('table-prisons.xlsx'), '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('5 rows: 5 new, 0 changed, 0 unchanged, 0 deleted, 0 rejected');
    expect(dry.stdout).toContain('line 3: prisoners,GTM,2019,sex=F,ministry: new 2711');
    const done = await runAtalaya([...args, ...mapping, fixture('table-prisons.xlsx')]);
    expect(done.code).toBe(0);
    expect(await storedValue(db, 'GTM', '2019', 'prisoners')).toEqual([25012]);
    expect(await storedValue(db, 'GTM', '2019', 'prisoners', 'sex=F')).toEqual([2711]);
  });

  it('imports the UNODC drug seizures JSON without a mapping, summing the rows of one group', async () => {
    const done = await runAtalaya([
      ...['--db', db, 'import', fixture('unodc-seizures.json'), '--format', 'unodc-seizures'],
    ]);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/3 rows, 3 new/);
    expect(done.stdout).toContain('2 not an OAS member state');
    expect(await storedValue(db, 'HND', '2021', 'drug_seizures', 'drug=cocaine_hydrochloride')).toEqual([
      17547.1007,
    ]);
    expect(await storedValue(db, 'HND', '2021', 'drug_seizures', 'drug=cocaine_base')).toEqual([0.3]);
  });

  it.skipIf(!formatsPresent)(
    'imports the real UNODC drug seizures 2018–2022: Colombia 2021 cocaine hydrochloride = 669 340.0479 kg',
    async () => {
      const done = await runAtalaya([
        ...['--db', db, 'import', join(SHARED, 'unodc_drug_seizures', 'Drug_seizures_2018_2022.json')],
        // published, as the fixture's values it corrects (a draft may not change a published value)
        ...['--format', 'unodc-seizures', '--status', 'published'],
      ]);
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toMatch(/: 566 rows, \d+ new/);
      expect(await storedValue(db, 'COL', '2021', 'drug_seizures', 'drug=cocaine_hydrochloride')).toEqual([
        669340.0479,
      ]);
    },
  );

  it.skipIf(!formatsPresent)(
    'imports the real SESNSP state file (Latin-1): 2020 months of intentional homicide files',
    async () => {
      const mapping = join(dir, 'sesnsp-real.json');
      writeFileSync(
        mapping,
        JSON.stringify({
          rules: [{ subtipo: 'Homicidio doloso', element: 'homicide_investigations', source: 'ministry' }],
        }),
      );
      const done = await runAtalaya([
        ...['--db', db, 'import', join(SHARED, 'mexico_sesnsp', 'IDEFC_NM_oct2020.csv')],
        ...['--format', 'sesnsp', '--mapping', mapping, '--dry-run'],
      ]);
      // the state units (MEX.01…MEX.32) are not in a fresh store: every row is rejected, each state
      // said once with the number of its rows
      expect(done.code).toBe(1);
      expect(done.stderr).toMatch(
        /line \d+ \(org_unit\): unknown org unit "MEX\.09" \(and on \d+ more rows\)/,
      );
    },
  );
});

if (!formatsPresent) console.log('skipping the real-file imports: ../shared/data/formats is absent');
