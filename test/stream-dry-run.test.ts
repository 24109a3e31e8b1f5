/**
 * The streamed dry run of a table (`previewTableStream`, what `atalaya import --format table
 * --dry-run` runs) gives exactly the answer of the whole-file one (`previewFile`, what the API
 * runs) — counts, first changes, problems with file, line and column, skips, encoding — on the
 * fixtures and on random tables fed in random chunks (bad cells, unknown units, keys given twice,
 * values locked by publication, Latin-1 files, more than 1 000 problems), and writes nothing.
 * One difference, the streamed import's too: UTF-8 letters then, in a later chunk, bytes that are
 * not UTF-8 (read whole, the file is taken for windows-1252).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { previewFile, previewTableStream, importFile } from '../src/data/file-import.store.ts';
import { loadImportReferences } from '../src/data/import-references.store.ts';
import type { ImportReferences } from '../src/data/row-validation.ts';
import { createValueWriter } from '../src/data/value-writer.store.ts';
import type { TableMapping } from '../src/ingest/generic-table.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import type { Store } from '../src/store/store.ts';
import { countBatches, countValues } from './support/fixtures.ts';
import { createTestStore, describeStores } from './support/stores.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'ingest');

/** A small deterministic generator (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAPPING = (decimal: ',' | undefined): TableMapping => ({
  delimiter: ';',
  ...(decimal === undefined ? {} : { decimal }),
  orgUnit: { column: 'País' },
  period: { column: 'Periodo' },
  values: [
    { column: 'Homicidios', element: 'homicide_victims', source: 'police' },
    { column: 'Reclusos', element: 'prisoners', source: 'ministry' },
    { column: 'Mujeres', element: 'prisoners', source: 'ministry', disaggregation: 'sex=F' },
  ],
});

const UNITS = ['GTM', 'HND', 'SLV', 'MEX', 'CHL', 'PAN', 'COL'];

/**
 * A random table of `rows` rows, mostly good; `bad` is how often a cell is wrong. In Latin-1
 * (windows-1252) when asked: both dry runs tell it from its first bytes that are not UTF-8.
 */
function randomTable(next: () => number, rows: number, bad: number, latin1 = false): Uint8Array {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const cell = (): string => {
    if (next() >= bad) return String(Math.floor(next() * 6));
    return pick(['', '1,5', 'n/d', `x${Math.floor(next() * 5000)}`, '-3', '2.500', '"4']);
  };
  let text = 'País;Periodo;Región;Homicidios;Reclusos;Mujeres\n';
  for (let i = 0; i < rows; i++) {
    const unit = next() < bad / 4 ? pick(['XXX', '', 'gtm']) : pick(UNITS);
    const period = next() < bad / 4 ? pick(['2019-13', 'abc', '']) : String(2010 + Math.floor(next() * 12));
    text += `${unit};${period};Petén;${cell()};${cell()};${cell()}\n`;
  }
  return Buffer.from(text, latin1 ? 'latin1' : 'utf8');
}

/** The bytes in chunks of random sizes, some of a byte or two (splitting characters). */
function* chunked(bytes: Uint8Array, next: () => number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length;) {
    const size = next() < 0.2 ? 1 + Math.floor(next() * 3) : 1 + Math.floor(next() * 4000);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

describeStores('the streamed dry run of a table', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let references: ImportReferences;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    references = await loadImportReferences(store.db);
    // stored values to compare with: some published (locked for a draft import), some drafts
    const next = random(99);
    for (const [status, years] of [
      ['published', [2010, 2011, 2012, 2013, 2014, 2015]],
      ['draft', [2016, 2017, 2018, 2019]],
    ] as const) {
      const lines = UNITS.flatMap((unit) =>
        years.map((year) => `${unit};${year};;${[0, 1, 2].map(() => Math.floor(next() * 6)).join(';')}`),
      );
      await importFile(references, createValueWriter(store, { file: `seed-${status}.csv` }), {
        format: 'table',
        bytes: Buffer.from(['País;Periodo;Región;Homicidios;Reclusos;Mujeres', ...lines].join('\n')),
        mapping: MAPPING(','),
        file: `seed-${status}.csv`,
        status,
      });
    }
    expect(await countValues(store)).toBeGreaterThan(0);
  });
  afterAll(async () => dispose());

  async function both(
    bytes: Uint8Array,
    mapping: unknown,
    next: () => number,
    extra: { status?: 'draft' | 'published'; orgUnitAllowed?: (id: number) => boolean } = {},
  ) {
    const request = { mapping, file: 'table.csv', ...extra };
    const whole = await previewFile(store, references, { ...request, format: 'table', bytes });
    const streamed = await previewTableStream(store, references, {
      ...request,
      chunks: chunked(bytes, next),
    });
    return { whole, streamed };
  }

  it('gives the whole-file answer on the fixtures (CSV and XLSX), writing nothing', async () => {
    const before = [await countValues(store), await countBatches(store)];
    for (const [file, mapping] of [
      ['table-prisons.csv', 'table-prisons.mapping.json'],
      ['table-prisons.xlsx', 'table-monthly-xlsx.mapping.json'],
      ['table-errors.xlsx', 'table-prisons-xlsx.mapping.json'],
    ] as const) {
      const bytes = readFileSync(join(FIXTURES, file));
      const parsed = JSON.parse(readFileSync(join(FIXTURES, mapping), 'utf8')) as unknown;
      const { whole, streamed } = await both(bytes, parsed, random(file.length));
      expect(streamed, file).toEqual(whole);
    }
    expect([await countValues(store), await countBatches(store)]).toEqual(before);
  });

  it('gives the whole-file answer on random tables in random chunks, writing nothing', async () => {
    const before = [await countValues(store), await countBatches(store)];
    const seen = { changed: 0, unchanged: 0, new: 0, locked: 0, twice: 0, reader: 0, capped: 0, latin1: 0 };
    for (let seed = 1; seed <= 12; seed++) {
      const next = random(seed);
      const rows = 200 + Math.floor(next() * 3000);
      const bad = [0, 0.01, 0.1, 0.6][seed % 4]!;
      const bytes = randomTable(next, rows, bad, seed % 5 === 0);
      const mapping = MAPPING(next() < 0.5 ? ',' : undefined);
      const extra =
        seed % 3 === 0
          ? { status: 'draft' as const, orgUnitAllowed: (id: number) => id % 2 === 0 }
          : { status: seed % 2 === 0 ? ('draft' as const) : ('published' as const) };
      const { whole, streamed } = await both(bytes, mapping, next, extra);
      expect(streamed, `seed ${seed}`).toEqual(whole);
      if (!whole.dryRun) throw new Error('not a dry run');
      const p = whole.preview;
      seen.changed += p.changed;
      seen.unchanged += p.unchanged;
      seen.new += p.new;
      seen.locked += p.issues.filter((i) => /locked|published|approved/.test(i.message)).length;
      seen.twice += p.issues.filter((i) => /appears twice/.test(i.message)).length;
      // the reader's own problems name the file's column
      seen.reader += p.issues.filter((i) =>
        ['Homicidios', 'Reclusos', 'Mujeres'].includes(i.field ?? ''),
      ).length;
      if (whole.encoding === 'windows-1252') seen.latin1 += 1;
      if (p.issueCount > 1000 && p.issues.length === 1000) seen.capped += 1;
    }
    // the tables did reach every case compared
    for (const [what, count] of Object.entries(seen)) expect(count, what).toBeGreaterThan(0);
    expect([await countValues(store), await countBatches(store)]).toEqual(before);
  });

  it('reports UTF-8 letters, then bytes that are not UTF-8 in a later chunk, as the streamed import does', async () => {
    // Read whole, such a file is taken for windows-1252 (its UTF-8 letters mangled); a stream
    // cannot go back, so the streamed dry run, as the streamed import, names the lines.
    const bytes = Buffer.concat([
      Buffer.from('País;Periodo;Región;Homicidios;Reclusos;Mujeres\nGTM;2019;Petén;1;2;3\n'),
      Buffer.from('HND;2019;Petén;1;2;3\n', 'latin1'),
    ]);
    const { whole, streamed } = await both(bytes, MAPPING(','), () => 0.1);
    expect(whole.encoding).toBe('windows-1252');
    expect(streamed.dryRun && streamed.preview.issues).toMatchObject([
      { line: 3, message: expect.stringMatching(/not UTF-8 after UTF-8 text/) as unknown },
    ]);
  });

  it('refuses a bad mapping as the whole-file dry run does', async () => {
    const bytes = randomTable(random(5), 10, 0);
    const bad = { delimiter: ';', orgUnit: { column: 'País' }, values: [] };
    const whole = await previewFile(store, references, {
      format: 'table',
      bytes,
      mapping: bad,
      file: 't.csv',
    })
      .then(() => undefined)
      .catch((error: unknown) => error);
    const streamed = await previewTableStream(store, references, {
      chunks: [bytes],
      mapping: bad,
      file: 't.csv',
    })
      .then(() => undefined)
      .catch((error: unknown) => error);
    expect(whole).toBeInstanceOf(Error);
    expect(streamed).toEqual(whole);
  });
});
