import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { damaged, MUTATION_COUNT } from '../../test/support/ingest.ts';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import { listAudit } from '../access/audit-log.store.ts';
import { ForbiddenError, ValidationError } from '../kernel/errors.ts';
import { prepareStore } from '../setup/store-setup.ts';
import type { Store } from '../store/store.ts';
import {
  childBoundaries,
  importBoundaryFile,
  previewBoundaryFile,
  type BoundaryImportRequest,
} from './boundaries.store.ts';
import { saveOrgUnits } from './geography.store.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'ingest');
const FIXTURE = readFileSync(join(FIXTURES, 'mex-estados.geojson'), 'utf8');
const MAPPING = JSON.parse(readFileSync(join(FIXTURES, 'mex-estados.mapping.json'), 'utf8')) as unknown;

const UNIT = (code: string) => ({
  code,
  parentCode: 'MEX',
  level: 'division' as const,
  name: { en: `State ${code}`, es: code, pt: code, fr: code },
  validFrom: null,
  validTo: null,
});

const request = (
  text: string | Uint8Array,
  extra: Partial<BoundaryImportRequest> = {},
): BoundaryImportRequest => ({
  bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text,
  mapping: MAPPING,
  mappingFile: 'mex-estados.mapping.json',
  file: 'mex-estados.geojson',
  actor: 'test',
  origin: 'test',
  ...extra,
});

/** Every stored boundary row, as it is. */
async function snapshot(store: Store): Promise<unknown[]> {
  return store.db.selectFrom('org_unit_boundary').selectAll().orderBy('org_unit_id').execute();
}

describeStores('boundaries store', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await saveOrgUnits(store.db, [UNIT('MEX.09'), UNIT('MEX.15'), UNIT('MEX.17')]);
  });
  afterAll(async () => {
    await dispose();
  });

  it('a dry run says what is new and writes nothing', async () => {
    const { dryRun, boundaries } = await previewBoundaryFile(store, request(FIXTURE));
    expect(dryRun).toBe(true);
    expect(boundaries).toMatchObject({
      features: 3,
      new: 3,
      changed: 0,
      unchanged: 0,
      rejected: 0,
      issueCount: 0,
    });
    expect(boundaries.units.map((u) => [u.code, u.change, u.line])).toEqual([
      ['MEX.09', 'new', 5],
      ['MEX.15', 'new', 21],
      ['MEX.17', 'new', 44],
    ]);
    expect(await snapshot(store)).toEqual([]);
  });

  it('imports, serves the children’s boundaries, audits; the same file again changes nothing', async () => {
    const first = await importBoundaryFile(store, request(FIXTURE));
    expect(first.boundaries).toMatchObject({ new: 3, changed: 0, unchanged: 0 });
    const children = await childBoundaries(store.db, 'MEX');
    expect(children.map((c) => [c.code, c.label, c.name.en, c.synthetic])).toEqual([
      ['MEX.09', 'Ciudad de México', 'State MEX.09', false],
      ['MEX.15', 'México', 'State MEX.15', false],
      ['MEX.17', 'Morelos', 'State MEX.17', false],
    ]);
    expect(children[1]?.bbox).toEqual([-100.61, 18.37, -98.6, 20.29]);
    expect(JSON.parse(children[2]!.geometry)).toMatchObject({ type: 'MultiPolygon' });
    const [entry] = await listAudit(store.db, { action: 'boundary.import', limit: 1 });
    expect(entry).toMatchObject({ actor: 'test', target: 'file:mex-estados.geojson' });
    expect(JSON.parse(entry!.detail)).toMatchObject({ features: 3, new: 3, changed: 0, unchanged: 0 });

    const before = await snapshot(store);
    const again = await importBoundaryFile(store, request(FIXTURE));
    expect(again.boundaries).toMatchObject({ new: 0, changed: 0, unchanged: 3 });
    expect(await snapshot(store)).toEqual(before);
  });

  it('a changed unit replaces its boundary, the others stay as they were', async () => {
    const before = await snapshot(store);
    const moved = FIXTURE.replace('[-99.1, 18.2]', '[-99.05, 18.2]');
    expect(moved).not.toBe(FIXTURE);
    const preview = await previewBoundaryFile(store, request(moved, { file: 'v2.geojson' }));
    expect(preview.boundaries.units.map((u) => u.change)).toEqual(['unchanged', 'unchanged', 'changed']);
    const { boundaries } = await importBoundaryFile(store, request(moved, { file: 'v2.geojson' }));
    expect(boundaries).toMatchObject({ new: 0, changed: 1, unchanged: 2 });
    const after = (await snapshot(store)) as { source_file: string; geometry: string }[];
    expect(after.map((row) => row.source_file)).toEqual([
      'mex-estados.geojson',
      'mex-estados.geojson',
      'v2.geojson',
    ]);
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after[2]?.geometry).toContain('-99.05');
    await importBoundaryFile(store, request(FIXTURE)); // back to the fixture for the next tests
  });

  it('refuses a whole file with one unknown unit: nothing is written, the feature is named', async () => {
    const before = await snapshot(store);
    const bad = FIXTURE.replace('"CVE_ENT": "17"', '"CVE_ENT": "99"').replace(
      '[-98.94, 19.05],',
      '[-98.9, 19.05],',
    );
    const error = await importBoundaryFile(store, request(bad)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      {
        file: 'mex-estados.geojson',
        line: 44,
        column: 5,
        field: 'features[2]',
        message: 'unknown org unit "MEX.99" (no unit of the store has this code)',
      },
    ]);
    expect(await snapshot(store)).toEqual(before);
    const preview = await previewBoundaryFile(store, request(bad));
    expect(preview.boundaries).toMatchObject({ rejected: 1, issueCount: 1, changed: 1, unchanged: 1 });
  });

  it('refuses units outside the caller’s scope (403), writing none of the file', async () => {
    const before = await snapshot(store);
    const ids = await store.db
      .selectFrom('org_unit')
      .select(['id', 'code'])
      .where('code', '=', 'MEX.17')
      .execute();
    const outside = new Set(ids.map((u) => u.id));
    const moved = FIXTURE.replaceAll('19.59', '19.6');
    const error = await importBoundaryFile(
      store,
      request(moved, { orgUnitAllowed: (id) => !outside.has(id) }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).issues.map((i) => i.message)).toEqual(['MEX.17 is outside your scope']);
    expect(await snapshot(store)).toEqual(before);
  });

  it('a failure after the writes (a damaged audit log refuses the entry) rolls every boundary back', async () => {
    const before = await snapshot(store);
    const head = await store.db
      .selectFrom('store_meta')
      .select('value')
      .where('key', '=', 'audit_head')
      .executeTakeFirstOrThrow();
    const wrong = JSON.stringify({ ...(JSON.parse(head.value) as object), hash: '0'.repeat(64) });
    await store.db.updateTable('store_meta').set({ value: wrong }).where('key', '=', 'audit_head').execute();
    try {
      const moved = FIXTURE.replaceAll('19.59', '19.61');
      await expect(importBoundaryFile(store, request(moved))).rejects.toThrow(/audit log is damaged/);
      expect(await snapshot(store)).toEqual(before);
    } finally {
      await store.db
        .updateTable('store_meta')
        .set({ value: head.value })
        .where('key', '=', 'audit_head')
        .execute();
    }
  });

  it('damaged files never crash and never half-write (property)', async () => {
    const runs = dialect === 'sqlite' ? 300 : 60;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(MUTATION_COUNT - 1), fc.nat()), { minLength: 1, maxLength: 4 }),
        fc.string({ maxLength: 12 }),
        async (steps, junk) => {
          const input = damaged(FIXTURE, steps, junk);
          const before = await snapshot(store);
          try {
            const { boundaries } = await importBoundaryFile(store, request(input));
            const after = await snapshot(store);
            expect(after.length).toBe(before.length + boundaries.new);
            if (boundaries.new + boundaries.changed === 0) expect(after).toEqual(before);
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error;
            for (const issue of error.issues) expect(issue.line, issue.message).toBeGreaterThanOrEqual(1);
            expect(await snapshot(store)).toEqual(before);
          }
        },
      ),
      { numRuns: runs },
    );
  });
});
