/**
 * `npm run bench:ingest`: a generic table (`atalaya import --format table`) imported end to end
 * (stream the file, decode, parse, map, validate, store in one transaction), against the raw bulk
 * insert of the same values in the same run (`rawInsert` of bench/support.ts: the baseline of
 * `npm run bench`), on SQLite and PostgreSQL.
 *
 *   npm run bench:ingest -- [--sizes 1000000,10000000] [--dialects sqlite,postgres] [--repeat 1]
 *                           [--no-raw]   (the import alone: its rate and memory, no ratio)
 *                           [--dry-run]  (the streamed dry run instead: against a store holding
 *                                         the table's values, every third one changed since)
 *
 * `--sizes` counts rows of the table; each row carries three values (homicides, prisoners with
 * thousands dots, drug seizures in kg with decimal commas), so a 1M-row table is 3M values. Prints
 * values/s of both, their ratio (target ≥ 0.5) and the peak resident memory of the import.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CANONICAL_HEADER } from '../src/data/canonical-csv.ts';
import { importTableStream, previewTableStream } from '../src/data/file-import.store.ts';
import { loadImportReferences } from '../src/data/import-references.store.ts';
import { createValueWriter } from '../src/data/value-writer.store.ts';
import { demoOrgUnits } from '../src/demo/demo-geography.ts';
import type { OrgUnit } from '../src/geography/org-unit.ts';
import type { TableMapping } from '../src/ingest/generic-table.ts';
import type { Dialect } from '../src/store/store.ts';
import { fmt, freshStore, median, PeakMemory, rawInsert } from './support.ts';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000000,10000000' },
    dialects: { type: 'string', default: process.env['ATALAYA_TEST_PG_URL'] ? 'sqlite,postgres' : 'sqlite' },
    repeat: { type: 'string', default: '1' },
    'no-raw': { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
  },
});
const withRaw = !args['no-raw'];
const sizes = args.sizes.split(',').map(Number);
const dialects = args.dialects.split(',') as Dialect[];
const repeat = Number(args.repeat);
const outDir = join(import.meta.dirname, 'out');
mkdirSync(outDir, { recursive: true });

const VALUES_PER_ROW = 3;
/** Every month of 2000–2024. */
const MONTHS = Array.from(
  { length: 300 },
  (_, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);

/** The mapping file an observatory would write for this table. */
const MAPPING: TableMapping = {
  delimiter: ';',
  decimal: ',',
  orgUnit: { column: 'País' },
  period: { column: 'Periodo' },
  values: [
    { column: 'Homicidios', element: 'homicide_victims', source: 'police' },
    { column: 'Reclusos', element: 'prisoners', source: 'ministry' },
    { column: 'Incautaciones (kg)', element: 'drug_seizures', source: 'police' },
  ],
};

/**
 * The demo org units (divisions and municipalities) of the smallest scale with enough units for n
 * rows of 300 months each, and those of them the rows name: units valid throughout.
 */
function unitsFor(n: number): { all: OrgUnit[]; named: OrgUnit[] } {
  for (let scale = 1; scale <= 64; scale++) {
    const all = demoOrgUnits({ scale });
    const named = all.filter((unit) => unit.validFrom === null && unit.validTo === null);
    if (named.length * MONTHS.length >= n) return { all, named };
  }
  throw new Error(`the demo geography has too few units for ${n} rows`);
}

/** `1.234.567` and `1.234,5`: thousands dots, a decimal comma. */
function grouped(integer: number): string {
  return String(integer).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/**
 * Writes the table (`País;Periodo;Región;Homicidios;Reclusos;Incautaciones (kg)`, a unit's months
 * in a run, as observatories send them) and the canonical CSV of the same values, for the raw
 * baseline. Both kept between runs in bench/out (git-ignored).
 */
async function files(n: number, units: readonly OrgUnit[]): Promise<{ table: string; canonical: string }> {
  const table = join(outDir, `table-${n}.csv`);
  const canonical = join(outDir, `table-${n}.canonical.csv`);
  if (existsSync(table) && existsSync(canonical)) return { table, canonical };
  const t = createWriteStream(table + '.tmp');
  const c = createWriteStream(canonical + '.tmp');
  t.write('País;Periodo;Región;Homicidios;Reclusos;Incautaciones (kg)\n');
  c.write(CANONICAL_HEADER + '\n');
  let tText = '';
  let cText = '';
  for (let i = 0; i < n; i++) {
    const unit = units[Math.floor(i / MONTHS.length)]!;
    const period = MONTHS[i % MONTHS.length]!;
    const homicides = (i * 7) % 53;
    const prisoners = 500 + ((i * 31) % 40_000);
    const tenthsKg = (i * 13) % 250_000;
    const kg = `${grouped(Math.floor(tenthsKg / 10))},${tenthsKg % 10}`;
    tText += `${unit.code};${period};${unit.name.es};${homicides};${grouped(prisoners)};${kg}\n`;
    cText +=
      `homicide_victims,${unit.code},${period},,police,${homicides}\n` +
      `prisoners,${unit.code},${period},,ministry,${prisoners}\n` +
      `drug_seizures,${unit.code},${period},,police,${tenthsKg / 10}\n`;
    if (i % 10_000 === 9_999) {
      if (!t.write(tText)) await once(t, 'drain');
      if (!c.write(cText)) await once(c, 'drain');
      tText = '';
      cText = '';
    }
  }
  t.end(tText);
  c.end(cText);
  await Promise.all([once(t, 'finish'), once(c, 'finish')]);
  renameSync(table + '.tmp', table);
  renameSync(canonical + '.tmp', canonical);
  return { table, canonical };
}

/** As `atalaya import FILE --format table --mapping M.json --status published` does. */
async function atalayaImport(
  dialect: Dialect,
  units: readonly OrgUnit[],
  file: string,
  values: number,
): Promise<{ seconds: number; rss: number }> {
  const { store, drop } = await freshStore(dialect, units);
  try {
    const references = await loadImportReferences(store.db);
    global.gc?.();
    const memory = new PeakMemory();
    memory.start();
    const started = performance.now();
    const outcome = await importTableStream(
      references,
      createValueWriter(store, { inputBytes: statSync(file).size }),
      {
        chunks: createReadStream(file, { highWaterMark: 1 << 20 }),
        mapping: MAPPING,
        file,
        status: 'published',
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const rss = memory.stop();
    if (outcome.dryRun || outcome.result.inserted !== values) {
      throw new Error(`imported ${outcome.dryRun ? 0 : outcome.result.inserted} of ${values}`);
    }
    return { seconds, rss };
  } finally {
    await drop();
  }
}

/**
 * As `atalaya import FILE --format table --mapping M.json --dry-run` does, against a store that
 * holds the table's values (imported first, not timed) with every third row's homicides changed
 * since: so the dry run finds changed and unchanged values all through the file.
 */
async function atalayaDryRun(
  dialect: Dialect,
  units: readonly OrgUnit[],
  file: string,
  values: number,
): Promise<{ seconds: number; rss: number }> {
  const { store, drop } = await freshStore(dialect, units);
  try {
    const references = await loadImportReferences(store.db);
    const request = { mapping: MAPPING, file, status: 'published' as const };
    await importTableStream(references, createValueWriter(store, { inputBytes: statSync(file).size }), {
      ...request,
      chunks: createReadStream(file, { highWaterMark: 1 << 20 }),
    });
    const homicides = references.elements.get('homicide_victims')!.id;
    await store.db
      .updateTable('data_value')
      .set((eb) => ({ value: eb('value', '+', 1) }))
      .where('element_id', '=', homicides)
      .where((eb) => eb(eb('row_number', '%', 3), '=', 0))
      .execute();
    global.gc?.();
    const memory = new PeakMemory();
    memory.start();
    const started = performance.now();
    const outcome = await previewTableStream(store, references, {
      ...request,
      chunks: createReadStream(file, { highWaterMark: 1 << 20 }),
    });
    const seconds = (performance.now() - started) / 1000;
    const rss = memory.stop();
    const p = outcome.dryRun ? outcome.preview : undefined;
    if (p === undefined || p.rows !== values || p.changed + p.unchanged !== values || p.changed === 0) {
      throw new Error(`dry run: ${JSON.stringify(p && { ...p, changes: p.changes.length })}`);
    }
    return { seconds, rss };
  } finally {
    await drop();
  }
}

if (args['dry-run']) {
  console.log(`Atalaya bench: streamed dry run of a generic table (Node ${process.versions.node})`);
  console.log('engine    table rows   values       dry run s   values/s     peak RSS (dry run)');
  for (const n of sizes) {
    const { all: units, named } = unitsFor(n);
    const { table } = await files(n, named);
    const values = n * VALUES_PER_ROW;
    const mb = statSync(table).size / 1e6;
    for (const dialect of dialects) {
      const { seconds, rss } = await atalayaDryRun(dialect, units, table, values);
      console.log(
        `${dialect.padEnd(9)} ${fmt(n).padStart(10)}   ${fmt(values).padStart(10)}   ${seconds.toFixed(1).padStart(9)}   ${fmt(values / seconds).padStart(10)}   ${(rss / 2 ** 20).toFixed(0)} MiB  (${mb.toFixed(0)} MB file)`,
      );
    }
  }
  process.exit(0);
}

console.log(
  `Atalaya bench: generic table import vs raw bulk insert (Node ${process.versions.node}, ${new Date().toISOString()})`,
);
console.log(
  `sizes ${sizes.join(', ')} table rows (${VALUES_PER_ROW} values each); dialects ${dialects.join(', ')}; ${repeat} run(s) each, median shown\n`,
);
console.log(
  'engine    table rows   values       atalaya values/s   raw values/s   ratio   peak RSS (import)',
);
for (const n of sizes) {
  const { all: units, named } = unitsFor(n);
  const { table, canonical } = await files(n, named);
  const values = n * VALUES_PER_ROW;
  const mb = statSync(table).size / 1e6;
  for (const dialect of dialects) {
    const ours: number[] = [];
    const raw: number[] = [];
    let rss = 0;
    for (let i = 0; i < repeat; i++) {
      // Alternate the order so neither side always runs on a warmer machine.
      const runOurs = async (): Promise<void> => {
        const a = await atalayaImport(dialect, units, table, values);
        ours.push(a.seconds);
        rss = Math.max(rss, a.rss);
      };
      if (!withRaw) await runOurs();
      else if (i % 2 === 0) {
        await runOurs();
        raw.push(await rawInsert(dialect, units, canonical, values));
      } else {
        raw.push(await rawInsert(dialect, units, canonical, values));
        await runOurs();
      }
      console.log(
        `  run ${i + 1}: ${dialect} ${fmt(n)} rows: atalaya ${ours.at(-1)!.toFixed(1)} s${withRaw ? `, raw ${raw.at(-1)!.toFixed(1)} s` : ''}`,
      );
    }
    const a = values / median(ours);
    const r = withRaw ? values / median(raw) : Number.NaN;
    console.log(
      `${dialect.padEnd(9)} ${fmt(n).padStart(10)}   ${fmt(values).padStart(10)}   ${fmt(a).padStart(16)}   ${(withRaw ? fmt(r) : '–').padStart(12)}   ${(withRaw ? (a / r).toFixed(2) : '–').padStart(5)}   ${(rss / 2 ** 20).toFixed(0)} MiB  (${mb.toFixed(0)} MB file)`,
    );
  }
}
