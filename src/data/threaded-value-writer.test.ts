import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BusyError } from '../kernel/errors.ts';
import { prepareStore } from '../setup/store-setup.ts';
import type { SqliteStore, Store } from '../store/store.ts';
import { createTestStore } from '../../test/support/stores.ts';
import { HEADER, bytes } from '../../test/support/fixtures.ts';
import { loadImportReferences } from './import-references.store.ts';
import { packRows, unpackRows } from './resolved-row-transfer.ts';
import { SqliteValueWriter } from './sqlite-value-writer.store.ts';
import { ThreadedValueWriter } from './threaded-value-writer.store.ts';
import { importCanonicalCsv, type ImportOptions } from './value-import.ts';
import { createValueWriter, THREADED_WRITER_MIN_BYTES } from './value-writer.store.ts';
import type { ResolvedRow } from './value-writer.ts';

describe('packRows', () => {
  it('carries every field of every row across, in order', () => {
    const row = fc.record(
      {
        elementId: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        orgUnitId: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        sourceId: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        line: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        value: fc.double({ noNaN: true }),
        period: fc.stringMatching(/^\d{4}(-\d{2}|-Q\d)?$/),
        disaggregation: fc.stringMatching(/^([a-z_]+=[a-z_0-9]+(;[a-z_]+=[a-z_0-9]+)*)?$/),
        delete: fc.constant(true),
      },
      { requiredKeys: ['elementId', 'orgUnitId', 'sourceId', 'line', 'value', 'period', 'disaggregation'] },
    );
    fc.assert(
      fc.property(
        fc.array(
          row.map((r) => ({ ...r })),
          { maxLength: 50 },
        ),
        (rows: ResolvedRow[]) => {
          expect(unpackRows(packRows(rows))).toStrictEqual(rows);
        },
      ),
    );
  });
});

/** 12 000 values over many batches: units × months of homicides. */
function bigFile(value: (i: number) => number): string {
  const units = ['HND', 'MEX', 'COL', 'GTM', 'SLV', 'BRA', 'ARG', 'CHL', 'PER', 'ECU'];
  const lines = [HEADER];
  let i = 0;
  for (const unit of units) {
    for (let year = 1925; year < 2025; year++) {
      for (let month = 1; month <= 12; month++) {
        lines.push(
          `homicide_victims,${unit},${year}-${String(month).padStart(2, '0')},,police,${value(i++)}`,
        );
      }
    }
  }
  return lines.join('\n');
}

/** Every stored value, as the two writers must leave them (ids and times aside). */
async function storedValues(store: Store): Promise<unknown[]> {
  return store.db
    .selectFrom('data_value')
    .select(['element_id', 'org_unit_id', 'period', 'disaggregation', 'source_id', 'value', 'status'])
    .select(['row_number', 'revision'])
    .orderBy('element_id')
    .orderBy('org_unit_id')
    .orderBy('period')
    .orderBy('disaggregation')
    .orderBy('source_id')
    .execute();
}

async function revisions(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('data_value_revision')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

type Outcome = { ok: true; result: object } | { ok: false; error: string; issues: unknown };

async function importWith(
  store: Store,
  threaded: boolean,
  text: string,
  options: ImportOptions = {},
): Promise<Outcome> {
  const references = await loadImportReferences(store.db);
  const writer = createValueWriter(store, {
    file: 'f.csv',
    inputBytes: threaded ? THREADED_WRITER_MIN_BYTES : 0,
    audit: { actor: 'tester', origin: 'test' },
  });
  try {
    const result = await importCanonicalCsv(bytes(text, 4096), references, writer, {
      file: 'f.csv',
      ...options,
    });
    const { checksum: _checksum, batchId: _batchId, ...rest } = result;
    return { ok: true, result: rest };
  } catch (error) {
    const e = error as Error & { issues?: unknown };
    return { ok: false, error: `${e.name}: ${e.message}`, issues: e.issues };
  }
}

describe('the threaded SQLite writer', () => {
  const stores: { store: Store; dispose: () => Promise<void> }[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const made = await createTestStore('sqlite');
      await prepareStore(made.store);
      stores.push(made);
    }
  });
  afterAll(async () => {
    for (const { dispose } of stores) await dispose();
  });

  it('leaves the store as the in-thread writer does, import after import', async () => {
    const [inThread, threaded] = [stores[0]!.store, stores[1]!.store];
    const duplicate = bigFile((i) => i % 50) + '\nhomicide_victims,MEX,2000-03,,police,1';
    const steps: [string, ImportOptions][] = [
      [bigFile((i) => i % 50), {}], // all new
      [bigFile((i) => i % 50), {}], // unchanged
      [bigFile((i) => (i % 7 === 0 ? 1000 + i : i % 50)), { status: 'submitted' }], // some changed
      [duplicate, {}], // refused: a key twice
      [bigFile((i) => i % 50) + '\nhomicide_victims,XXX,2000,,police,1', {}], // refused: unknown unit
      [`${HEADER}\nhomicide_victims,HND,2030,,police,5\nhomicide_victims,HND,2030,,police,5`, {}], // small, duplicate
    ];
    for (const [text, options] of steps) {
      const a = await importWith(inThread, false, text, options);
      const b = await importWith(threaded, true, text, options);
      expect(b).toEqual(a);
      expect(await storedValues(threaded)).toEqual(await storedValues(inThread));
      expect(await revisions(threaded)).toBe(await revisions(inThread));
    }
    const values = await storedValues(threaded);
    expect(values).toHaveLength(12_000);
  });

  it('deletes as the in-thread writer does', async () => {
    const [inThread, threaded] = [stores[0]!.store as SqliteStore, stores[1]!.store as SqliteStore];
    const references = await loadImportReferences(inThread.db);
    const id = (code: string) => references.orgUnits.get(code)!.id;
    const key = {
      elementId: references.elements.get('homicide_victims')!.id,
      sourceId: references.sources.get('police')!,
      disaggregation: '',
      value: 0,
    };
    const rows: ResolvedRow[] = [
      { ...key, orgUnitId: id('MEX'), period: '2000-03', line: 2, delete: true }, // holds a value
      { ...key, orgUnitId: id('HND'), period: '1900', line: 3, delete: true }, // holds none
      { ...key, orgUnitId: id('COL'), period: '2001-01', line: 4, delete: true },
    ];
    for (const duplicate of [false, true]) {
      const batch = [...rows, ...(duplicate ? [{ ...rows[2]!, line: 5 }] : [])];
      const outcomes = [];
      for (const writer of [new SqliteValueWriter(inThread), new ThreadedValueWriter(threaded.sqlite.name)]) {
        await writer.begin({ kind: 'import', fileName: null, createdBy: null, note: null, status: 'draft' });
        await writer.write(batch);
        const finished = await writer.finish(null, batch.length);
        if (!finished.ok) await writer.rollback();
        outcomes.push(finished);
      }
      expect(outcomes[1]).toEqual(outcomes[0]);
      expect(outcomes[0]).toEqual(
        duplicate
          ? { ok: false, issues: [expect.objectContaining({ line: 5 })] }
          : { ok: true, counts: { inserted: 0, updated: 0, unchanged: 1, deleted: 2 } },
      );
      expect(await storedValues(threaded)).toEqual(await storedValues(inThread));
      expect(await revisions(threaded)).toBe(await revisions(inThread));
    }
  });

  it('answers busy while another import holds the store, and writes nothing', async () => {
    const store = stores[1]!.store as SqliteStore;
    const references = await loadImportReferences(store.db);
    const holder = new SqliteValueWriter(store);
    await holder.begin({ kind: 'import', fileName: null, createdBy: null, note: null, status: 'draft' });
    try {
      const before = await storedValues(store);
      const writer = new ThreadedValueWriter(store.sqlite.name, { busyTimeoutMs: 50 });
      await expect(
        importCanonicalCsv(bytes(`${HEADER}\nhomicide_victims,HND,2031,,police,5`), references, writer, {}),
      ).rejects.toBeInstanceOf(BusyError);
      expect(await storedValues(store)).toEqual(before);
    } finally {
      await holder.rollback();
    }
  });

  it('rolls back when a write fails in the thread, and the store takes the next import', async () => {
    const store = stores[1]!.store as SqliteStore;
    const before = await storedValues(store);
    const writer = new ThreadedValueWriter(store.sqlite.name);
    await writer.begin({ kind: 'import', fileName: null, createdBy: null, note: null, status: 'draft' });
    const row = {
      elementId: 1,
      orgUnitId: 1,
      sourceId: 1,
      period: '2040',
      disaggregation: '',
      value: 1,
      line: 2,
    };
    await writer.write([row]);
    // no such org unit: the foreign key fails inside the thread
    await writer.write([{ ...row, orgUnitId: 999_999_999, period: '2041', line: 3 }]);
    await expect(writer.finish(null, 2)).rejects.toThrow(/FOREIGN KEY/);
    await writer.rollback();
    expect(await storedValues(store)).toEqual(before);
    const next = await importWith(store, true, `${HEADER}\nhomicide_victims,HND,2040,,police,5`);
    expect(next).toMatchObject({ ok: true, result: { inserted: 1 } });
  });
});
