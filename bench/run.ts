/**
 * `npm run bench`: loading generated values into SQLite and PostgreSQL through Atalaya's import
 * path (canonical CSV file → reader → row checks → one transaction), against a raw bulk insert of
 * the same rows from the same file in the same run (plain split, code → id maps, no checks, no
 * upsert, no history: a prepared INSERT in one transaction on SQLite, COPY on PostgreSQL).
 *
 *   npm run bench -- [--sizes 1000000,10000000] [--dialects sqlite,postgres] [--repeat 1]
 *
 * Prints rows/s and the ratio Atalaya / raw for each engine and size, and the peak resident
 * memory of the import. Absolute times drift on shared machines; the ratios are the figures.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { canonicalCsvLine, CANONICAL_HEADER } from '../src/data/canonical-csv.ts';
import { loadImportReferences } from '../src/data/import-references.store.ts';
import { importCanonicalCsv } from '../src/data/value-import.ts';
import { createValueWriter } from '../src/data/value-writer.store.ts';
import { demoOrgUnits } from '../src/demo/demo-geography.ts';
import { estimateDemoRowCount, generateDemoRows } from '../src/demo/generate.ts';
import type { Dialect } from '../src/store/store.ts';
import { fmt, freshStore, median, PeakMemory, rawInsert } from './support.ts';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000000,10000000' },
    dialects: { type: 'string', default: process.env['ATALAYA_TEST_PG_URL'] ? 'sqlite,postgres' : 'sqlite' },
    repeat: { type: 'string', default: '1' },
  },
});
const sizes = args.sizes.split(',').map(Number);
const dialects = args.dialects.split(',') as Dialect[];
const repeat = Number(args.repeat);
const outDir = join(import.meta.dirname, 'out');
mkdirSync(outDir, { recursive: true });

/** The smallest demo scale that generates at least n rows. */
function scaleFor(n: number): number {
  for (let scale = 1; scale <= 64; scale++) if (estimateDemoRowCount({ scale }) >= n) return scale;
  throw new Error(`the demo generator cannot make ${n} rows`);
}

/** Writes the first n generated rows to a canonical CSV file (kept between runs). */
async function csvFile(n: number): Promise<string> {
  const file = join(outDir, `values-${n}.csv`);
  if (existsSync(file)) return file;
  const out = createWriteStream(file + '.tmp');
  out.write(CANONICAL_HEADER + '\n');
  let written = 0;
  let text = '';
  for (const row of generateDemoRows({ scale: scaleFor(n) })) {
    text += canonicalCsvLine(row) + '\n';
    written += 1;
    if (written % 10_000 === 0) {
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
    if (written === n) break;
  }
  out.end(text);
  await once(out, 'finish');
  if (written < n) throw new Error(`the generator gave only ${written} rows at scale ${scaleFor(n)}`);
  const { renameSync } = await import('node:fs');
  renameSync(file + '.tmp', file);
  return file;
}

async function atalayaImport(
  dialect: Dialect,
  file: string,
  n: number,
): Promise<{ seconds: number; rss: number }> {
  const { store, drop } = await freshStore(dialect, demoOrgUnits({ scale: scaleFor(n) }));
  try {
    const references = await loadImportReferences(store.db);
    global.gc?.();
    const memory = new PeakMemory();
    memory.start();
    const started = performance.now();
    const result = await importCanonicalCsv(
      createReadStream(file, { highWaterMark: 1 << 20 }),
      references,
      createValueWriter(store),
      {
        file,
        status: 'published',
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const rss = memory.stop();
    if (result.inserted !== n) throw new Error(`imported ${result.inserted} of ${n}`);
    return { seconds, rss };
  } finally {
    await drop();
  }
}

console.log(
  `Atalaya bench: import path vs raw bulk insert (Node ${process.versions.node}, ${new Date().toISOString()})`,
);
console.log(
  `sizes ${sizes.join(', ')}; dialects ${dialects.join(', ')}; ${repeat} run(s) each, median shown\n`,
);
console.log('engine    rows         atalaya rows/s   raw rows/s   ratio   peak RSS (import)');
for (const n of sizes) {
  const file = await csvFile(n);
  const mb = statSync(file).size / 1e6;
  for (const dialect of dialects) {
    const ours: number[] = [];
    const raw: number[] = [];
    let rss = 0;
    for (let i = 0; i < repeat; i++) {
      // Alternate the order so neither side always runs on a warmer machine.
      if (i % 2 === 0) {
        const a = await atalayaImport(dialect, file, n);
        ours.push(a.seconds);
        rss = Math.max(rss, a.rss);
        raw.push(await rawInsert(dialect, demoOrgUnits({ scale: scaleFor(n) }), file, n));
      } else {
        raw.push(await rawInsert(dialect, demoOrgUnits({ scale: scaleFor(n) }), file, n));
        const a = await atalayaImport(dialect, file, n);
        ours.push(a.seconds);
        rss = Math.max(rss, a.rss);
      }
    }
    const a = n / median(ours);
    const r = n / median(raw);
    console.log(
      `${dialect.padEnd(9)} ${fmt(n).padStart(11)}  ${fmt(a).padStart(14)}  ${fmt(r).padStart(11)}  ${(a / r).toFixed(2).padStart(5)}   ${(rss / 2 ** 20).toFixed(0)} MiB  (${mb.toFixed(0)} MB file)`,
    );
  }
}
rmSync(join(tmpdir(), 'atalaya-bench-none'), { force: true, recursive: true });
