/**
 * `atalaya import FILE --format geojson --mapping M.json [--dry-run]` in a real process: the dry
 * run (new, changed, unchanged, rejected), the import, the same file again changing nothing, and a
 * refused file naming the feature's line, column and path (exit 1, nothing written).
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { saveOrgUnits } from '../src/geography/geography.store.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import { openStore } from '../src/store/store.ts';
import { runAtalaya } from './support/cli.ts';
import { createTestDatabase, describeStores } from './support/stores.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'ingest');
const GEOJSON = join(FIXTURES, 'mex-estados.geojson');
const MAPPING = join(FIXTURES, 'mex-estados.mapping.json');

const UNIT = (code: string) => ({
  code,
  parentCode: 'MEX',
  level: 'division' as const,
  name: { en: code, es: code, pt: code, fr: code },
  validFrom: null,
  validTo: null,
});

async function storedCodes(db: string): Promise<string[]> {
  const store = openStore(db);
  try {
    const rows = await store.db
      .selectFrom('org_unit_boundary as b')
      .innerJoin('org_unit as u', 'u.id', 'b.org_unit_id')
      .select('u.code')
      .orderBy('u.code')
      .execute();
    return rows.map((r) => r.code);
  } finally {
    await store.close();
  }
}

describeStores('atalaya import --format geojson', (dialect) => {
  let dir: string;
  let db: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atalaya-geojson-'));
    ({ location: db, drop } = await createTestDatabase(dialect));
    const store = openStore(db);
    await prepareStore(store);
    await saveOrgUnits(store.db, [UNIT('MEX.09'), UNIT('MEX.15'), UNIT('MEX.17')]);
    await store.close();
  });
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the dry run, imports, and changes nothing the second time', async () => {
    const args = ['--db', db, 'import', GEOJSON, '--format', 'geojson', '--mapping', MAPPING];
    const dry = await runAtalaya([...args, '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      'Dry run of mex-estados.geojson (nothing was written): 3 features: 3 new, 0 changed, 0 unchanged, 0 rejected.',
    );
    expect(dry.stdout).toContain('line 44: MEX.17: new');
    expect(await storedCodes(db)).toEqual([]);

    const done = await runAtalaya(args);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(
      /^Imported the boundaries of mex-estados\.geojson: 3 features, 3 new, 0 changed, 0 unchanged \(sha256 [0-9a-f]{12}…\)\.$/m,
    );
    expect(await storedCodes(db)).toEqual(['MEX.09', 'MEX.15', 'MEX.17']);
    const again = await runAtalaya(args);
    expect(again.stdout).toContain('3 features, 0 new, 0 changed, 3 unchanged');
    const audit = await runAtalaya(['--db', db, 'audit', 'list', '--action', 'boundary.import', '--json']);
    expect(audit.stdout.match(/"boundary\.import"/g)).toHaveLength(2);
  });

  it('a changed unit and a bad one: the dry run lists both, the import refuses the file (exit 1)', async () => {
    // Morelos moved; Mexico City's ring left open (its last position is not its first)
    const text = readFileSync(GEOJSON, 'utf8')
      .replace('[-99.1, 18.2]', '[-99.05, 18.2]')
      .replace(/\[-99\.36, 19\.05\]\n(\s+)\]/, '[-99.36, 19.06]\n$1]');
    const bad = join(dir, 'bad.geojson');
    writeFileSync(bad, text);
    const args = ['--db', db, 'import', bad, '--format', 'geojson', '--mapping', MAPPING];
    const dry = await runAtalaya([...args, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('3 features: 0 new, 1 changed, 1 unchanged, 1 rejected.');
    expect(dry.stdout).toContain('line 44: MEX.17: changed');
    expect(dry.stderr).toContain('bad.geojson would be refused: 1 problem found.');
    expect(dry.stderr).toMatch(
      /bad\.geojson, line 11, column 11 \(features\[0\]\.geometry\.coordinates\[0\]\): the ring is not closed/,
    );
    const refused = await runAtalaya(args);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('bad.geojson was not imported: 1 problem found, nothing was written.');
    const audit = await runAtalaya(['--db', db, 'audit', 'list', '--action', 'boundary.import', '--json']);
    expect(audit.stdout.match(/"boundary\.import"/g)).toHaveLength(2);
  });
});
