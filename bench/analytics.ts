/**
 * `npm run bench:analytics`: the analytics cube against DuckDB and SQLite on the same rows, in one
 * process.
 *
 *   npm run bench:analytics -- [--size 10000000] [--queries 300] [--autocannon 30] [--cube-only]
 *
 * 1. Full build: Atalaya's cube derives every cell (every org-unit level × month, quarter, year)
 *    of every series from the values in memory. Baselines compute the same additive cells from the
 *    same rows: DuckDB (in memory) and SQLite (in memory) with one GROUP BY over the rows joined
 *    to their unit ancestors and period parents. (The cube does more: reported figures win over
 *    sums, completeness per cell.)
 * 2. Incremental: 10 000 changed values applied to the built cube (median of 5 batches of
 *    different rows, after one batch that warms the code up), against the full build.
 * 3. Query: homicide rate for the 35 member states × 25 years; p50 and p95 over `--queries` runs.
 * 4. Memory: resident memory added by the cube.
 * 5. HTTP: a server on 127.0.0.1 over a SQLite store with the demo data, 50 autocannon clients
 *    for `--autocannon` seconds on the same query; errors and latency percentiles.
 *
 * Rows are the first `--size` rows of the demo generator, from `bench/out/values-N.csv` (made by
 * `npm run bench` or here).
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { DuckDBInstance } from '@duckdb/node-api';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { AnalyticsCube, cubeUnitsOf, type CubeRow } from '../src/analytics/analytics-cube.ts';
import { runAnalyticsQuery } from '../src/analytics/analytics-query.ts';
import { compileIndicator } from '../src/analytics/indicator-values.ts';
import { timeParent } from '../src/analytics/period-key.ts';
import { canonicalCsvLine, CANONICAL_HEADER } from '../src/data/canonical-csv.ts';
import { DATA_ELEMENTS } from '../src/catalogue/data-elements.ts';
import { INDICATORS } from '../src/catalogue/indicators.ts';
import { demoOrgUnits } from '../src/demo/demo-geography.ts';
import { estimateDemoRowCount, generateDemoRows } from '../src/demo/generate.ts';
import { OAS_ORG_UNITS } from '../src/geography/member-states.ts';
import { createApp } from '../src/server/app.ts';
import { loadDemo } from '../src/setup/demo-setup.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import { openStore } from '../src/store/store.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: '10000000' },
    queries: { type: 'string', default: '300' },
    autocannon: { type: 'string', default: '30' },
    'cube-only': { type: 'boolean', default: false },
  },
});
const size = Number(args.size);
const outDir = join(import.meta.dirname, 'out');
mkdirSync(outDir, { recursive: true });

function scaleFor(n: number): number {
  for (let scale = 1; scale <= 64; scale++) if (estimateDemoRowCount({ scale }) >= n) return scale;
  throw new Error(`the demo generator cannot make ${n} rows`);
}
const scale = scaleFor(size);

async function csvFile(n: number): Promise<string> {
  const file = join(outDir, `values-${n}.csv`);
  if (existsSync(file)) return file;
  const out = createWriteStream(file);
  out.write(CANONICAL_HEADER + '\n');
  let written = 0;
  for (const row of generateDemoRows({ scale })) {
    if (!out.write(canonicalCsvLine(row) + '\n')) await once(out, 'drain');
    if (++written === n) break;
  }
  out.end();
  await once(out, 'finish');
  return file;
}

// --- the rows, as typed columns ---------------------------------------------------------------
const units = [...OAS_ORG_UNITS, ...demoOrgUnits({ scale })].map((u, id) => ({ ...u, id }));
const unitId = new Map(units.map((u) => [u.code, u.id]));
const elementId = new Map(DATA_ELEMENTS.map((e, id) => [e.code, id]));
const sources = new Map<string, number>();
const disaggregations = new Map<string, number>();
const periods = new Map<string, number>();

const cube0 = new AnalyticsCube({
  units: cubeUnitsOf(units),
  groups: [],
  elements: DATA_ELEMENTS.map((e, id) => ({ ...e, id })),
  sources: [],
});

const columns = {
  element: new Int32Array(size),
  unit: new Int32Array(size),
  period: new Int32Array(size),
  disaggregation: new Int32Array(size),
  source: new Int32Array(size),
  value: new Float64Array(size),
};
const periodCodes: string[] = [];
const disaggregationCodes: string[] = [];

async function readRows(): Promise<void> {
  const file = await csvFile(size);
  let i = -1;
  for await (const line of createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }) })) {
    if (i++ < 0) continue;
    if (i > size) break;
    const [element, unit, period, disaggregation, source, value] = line.split(',') as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const r = i - 1;
    columns.element[r] = elementId.get(element)!;
    columns.unit[r] = unitId.get(unit)!;
    let p = periods.get(period);
    if (p === undefined) {
      p = cube0.periodKey(period)!;
      periods.set(period, p);
      periodCodes[p] = period;
    }
    columns.period[r] = p;
    let d = disaggregations.get(disaggregation);
    if (d === undefined) {
      d = disaggregations.size;
      disaggregations.set(disaggregation, d);
      disaggregationCodes[d] = disaggregation;
    }
    columns.disaggregation[r] = d;
    let s = sources.get(source);
    if (s === undefined) sources.set(source, (s = sources.size + 1));
    columns.source[r] = s;
    columns.value[r] = Number(value);
  }
}

function rowAt(r: number, value = columns.value[r]!): CubeRow {
  return {
    elementId: columns.element[r]!,
    orgUnitId: columns.unit[r]!,
    period: periodCodes[columns.period[r]!]!,
    disaggregation: disaggregationCodes[columns.disaggregation[r]!]!,
    sourceId: columns.source[r]!,
    value,
    status: 'published',
  };
}

/** Builds a cube from every row, through the bulk path the store loader uses. */
function buildCube(): { cube: AnalyticsCube; seconds: number } {
  const cube = new AnalyticsCube({
    ...cube0.references,
    sources: [...sources].map(([code, id]) => ({ id, code })),
  });
  const t = performance.now();
  for (let r = 0; r < size; r++) {
    cube.loadValue(
      columns.element[r]!,
      columns.unit[r]!,
      columns.period[r]!,
      disaggregationCodes[columns.disaggregation[r]!]!,
      columns.source[r]!,
      columns.value[r]!,
      true,
    );
  }
  cube.finishLoad();
  return { cube, seconds: (performance.now() - t) / 1000 };
}

// --- baselines: the same additive cells by GROUP BY -----------------------------------------
function ancestors(): [number, number][] {
  const pairs: [number, number][] = [];
  for (const u of units) {
    for (let a: number | undefined = u.id; a !== undefined;) {
      pairs.push([u.id, a]);
      const parent: string | null = units[a]!.parentCode;
      a = parent === null ? undefined : unitId.get(parent);
    }
  }
  return pairs;
}
function periodParents(): [number, number][] {
  const pairs: [number, number][] = [];
  for (const p of periods.values()) {
    for (let q: number | undefined = p; q !== undefined; q = timeParent(q)) pairs.push([p, q]);
  }
  return pairs;
}
const CELLS_SQL = `SELECT v.element, v.disaggregation, v.source, a.ancestor, pp.parent, SUM(v.value) AS value, COUNT(*) AS n
  FROM v JOIN unit_ancestor a ON a.unit = v.unit JOIN period_parent pp ON pp.period = v.period
  GROUP BY v.element, v.disaggregation, v.source, a.ancestor, pp.parent`;

async function duckdbCells(): Promise<{ seconds: number; cells: number }> {
  const csv = join(outDir, `analytics-columns-${size}.csv`);
  const out = createWriteStream(csv);
  out.write('element,unit,period,disaggregation,source,value\n');
  for (let r = 0; r < size; r++) {
    const line = `${columns.element[r]},${columns.unit[r]},${columns.period[r]},${columns.disaggregation[r]},${columns.source[r]},${columns.value[r]}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  await c.run(`CREATE TABLE v AS SELECT * FROM read_csv('${csv}', header = true, columns = {
    'element': 'INTEGER', 'unit': 'INTEGER', 'period': 'INTEGER', 'disaggregation': 'INTEGER', 'source': 'INTEGER', 'value': 'DOUBLE'})`);
  await c.run('CREATE TABLE unit_ancestor (unit INTEGER, ancestor INTEGER)');
  await c.run(
    `INSERT INTO unit_ancestor VALUES ${ancestors()
      .map(([u, a]) => `(${u},${a})`)
      .join(',')}`,
  );
  await c.run('CREATE TABLE period_parent (period INTEGER, parent INTEGER)');
  await c.run(
    `INSERT INTO period_parent VALUES ${periodParents()
      .map(([p, q]) => `(${p},${q})`)
      .join(',')}`,
  );
  const t = performance.now();
  await c.run(`CREATE TABLE cells AS ${CELLS_SQL}`);
  const seconds = (performance.now() - t) / 1000;
  const count = await c.runAndReadAll('SELECT count(*)::INTEGER AS n FROM cells');
  const cells = Number((count.getRowObjects()[0] as { n: number }).n);
  c.closeSync();
  rmSync(csv);
  return { seconds, cells };
}

function sqliteCells(): { seconds: number; cells: number } {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE v (element INTEGER, unit INTEGER, period INTEGER, disaggregation INTEGER, source INTEGER, value REAL);
    CREATE TABLE unit_ancestor (unit INTEGER, ancestor INTEGER);
    CREATE TABLE period_parent (period INTEGER, parent INTEGER);`);
  const insert = db.prepare('INSERT INTO v VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (let r = 0; r < size; r++) {
      insert.run(
        columns.element[r],
        columns.unit[r],
        columns.period[r],
        columns.disaggregation[r],
        columns.source[r],
        columns.value[r],
      );
    }
    const a = db.prepare('INSERT INTO unit_ancestor VALUES (?, ?)');
    for (const [u, x] of ancestors()) a.run(u, x);
    const p = db.prepare('INSERT INTO period_parent VALUES (?, ?)');
    for (const [x, y] of periodParents()) p.run(x, y);
  })();
  db.exec(
    'CREATE INDEX unit_ancestor_unit ON unit_ancestor (unit); CREATE INDEX period_parent_period ON period_parent (period)',
  );
  const t = performance.now();
  db.exec(`CREATE TABLE cells AS ${CELLS_SQL}`);
  const seconds = (performance.now() - t) / 1000;
  const cells = (db.prepare('SELECT count(*) FROM cells').pluck().get() as number) ?? 0;
  db.close();
  return { seconds, cells };
}

// --- run ------------------------------------------------------------------------------------
const fmt = (n: number, digits = 2) => n.toLocaleString('en', { maximumFractionDigits: digits });
console.log(`Atalaya bench: analytics cube (Node ${process.version}, ${new Date().toISOString()})`);
console.log(`${fmt(size, 0)} values (demo scale ${scale}); ${units.length} org units\n`);

await readRows();
global.gc?.();
const before = process.memoryUsage();
const { cube, seconds: build } = buildCube();
global.gc?.();
const after = process.memoryUsage();
const cubeCells = cube.cellCount;
console.log(`full build, Atalaya cube      ${fmt(build)} s   ${fmt(cubeCells, 0)} cells`);
console.log(
  `cube memory                   +${fmt((after.rss - before.rss) / 2 ** 20, 0)} MiB resident (+${fmt((after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / 2 ** 20, 0)} MiB heap and buffers)`,
);

// Incremental: 10 000 values change, 6 times; the first batch warms the code up (a server runs
// warm), the median of the other 5 is reported. Two kinds of batch: an import file (10 000
// consecutive rows of the generator: a country's months, as observatories send them) and, the
// worst case, 10 000 rows scattered over the whole cube (every one in different cells).
function incrementalMs(rowOf: (k: number, batch: number) => number): { median: number; cold: number } {
  const times: number[] = [];
  let cold = 0;
  for (let batch = 0; batch < 6; batch++) {
    const changed: CubeRow[] = [];
    for (let k = 0; k < 10_000; k++) {
      const r = rowOf(k, batch);
      changed.push(rowAt(r, columns.value[r]! + 1 + batch));
    }
    const t = performance.now();
    cube.apply(changed);
    if (batch > 0) times.push(performance.now() - t);
    else cold = performance.now() - t;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, cold };
}
const fileBatch = incrementalMs((k, batch) => (Math.floor(size * (0.1 + batch * 0.13)) + k) % size);
const scattered = incrementalMs((k, batch) =>
  Math.floor(((((k + batch * 10_000) * 2654435761) % 2 ** 32) / 2 ** 32) * size),
);
const buildMs = build * 1000;
console.log(
  `incremental, 10 000 values    ${fmt(fileBatch.median)} ms   = ${fmt((fileBatch.median / buildMs) * 100, 3)}% of the full build (an import file: consecutive rows; median of 5 batches; target < 1%); first batch, code still cold: ${fmt(fileBatch.cold)} ms`,
);
console.log(
  `incremental, scattered        ${fmt(scattered.median)} ms   = ${fmt((scattered.median / buildMs) * 100, 3)}% of the full build (10 000 rows spread over the whole cube: the worst case; median of 5)`,
);

// Query: 35 member states × 25 years.
const indicators = new Map(
  INDICATORS.map((i) => [
    i.code,
    compileIndicator(i, cube.elementsByCode, new Map(INDICATORS.map((x) => [x.code, x]))),
  ]),
);
const query = {
  indicators: ['homicide_rate'],
  level: 'member_state',
  from: '2000',
  to: '2024',
  periodType: 'year' as const,
};
const times: number[] = [];
let values = 0;
for (let q = 0; q < Number(args.queries); q++) {
  const t = performance.now();
  values = runAnalyticsQuery(cube, 'published', (code) => indicators.get(code), query).length;
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
console.log(
  `query, 35 states × 25 years   p50 ${fmt(pct(0.5))} ms   p95 ${fmt(pct(0.95))} ms   (${values} values; target p95 < 20 ms)`,
);

if (args['cube-only']) process.exit(0);

const duck = await duckdbCells();
console.log(`full build, DuckDB GROUP BY   ${fmt(duck.seconds)} s   ${fmt(duck.cells, 0)} additive cells`);
const lite = sqliteCells();
console.log(`full build, SQLite GROUP BY   ${fmt(lite.seconds)} s   ${fmt(lite.cells, 0)} additive cells`);
console.log(
  `\nratios: DuckDB / cube = ${fmt(duck.seconds / build)} (target ≥ 1), SQLite / cube = ${fmt(lite.seconds / build)} (target ≥ 10)`,
);

// HTTP under load: a SQLite store with the demo data.
const seconds = Number(args.autocannon);
if (seconds > 0) {
  const dir = join(tmpdir(), `atalaya-bench-http-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const store = openStore(join(dir, 'bench.db'));
  try {
    await prepareStore(store);
    await loadDemo(store, {});
    const app = createApp({ store, version: 'bench' });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await once(server, 'listening');
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const url = `http://127.0.0.1:${port}/api/analytics?indicator=homicide_rate&level=member_state&from=2000&to=2024`;
    await fetch(url); // opens the cube
    const result = await autocannon({ url, connections: 50, duration: seconds });
    console.log(
      `\nHTTP, 50 clients × ${seconds} s (demo store): ${fmt(result.requests.average, 0)} req/s, latency p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms; errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
    );
    (server as Server).closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
