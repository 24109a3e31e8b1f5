/**
 * `npm run bench:web`: the web app's two targets, in one run.
 *
 *   npm run bench:web -- [--db .e2e/atalaya-e2e.db] [--runs 7] [--no-build]
 *
 * 1. JavaScript for the overview page (the entry chunk and every chunk it imports statically, from
 *    Vite's manifest), gzip-compressed as the server sends it; ratio to the 200 KB budget (≤ 1).
 * 2. Time to interactive of every page on 127.0.0.1 with the demo data: Chromium opens each page
 *    in a fresh context (empty cache) and reads the page's own Performance API mark
 *    (`atalaya:ready`, set when its data is drawn); median over the runs, ratio to the 1 s target
 *    (≤ 1). DOMContentLoaded of the same loads is printed beside it as the baseline: what is left
 *    is the app's own work (its requests and drawing).
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS } from '../test/e2e/chromium-args.ts';

const ROOT = join(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: join(ROOT, '.e2e', 'atalaya-e2e.db') },
    runs: { type: 'string', default: '7' },
    port: { type: 'string', default: '8199' },
    'no-build': { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const BASE = `http://127.0.0.1:${args.port}`;
const JS_BUDGET = 200 * 1024;
const READY_TARGET_MS = 1000;

const PAGES = [
  '/',
  '/?indicator=prison_rate&year=2015',
  '/country/MEX',
  '/country/MEX.09',
  '/explore?indicator=homicide_rate&units=MEX,GTM,HND,SLV&from=2005&to=2024',
  '/embed/explore?indicator=homicide_rate&units=BRA,COL&from=2010&to=2024',
  '/indicators',
  '/indicators/homicide_rate',
];

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

function overviewJavaScript(): { files: string[]; gzip: number; raw: number } {
  const dist = join(ROOT, 'web', 'dist');
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry === true);
  if (entry === undefined) throw new Error('no entry in the Vite manifest');
  const seen = new Set<string>();
  const visit = (key: string): void => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  visit(entry[0]);
  const files = [...seen].map((key) => manifest[key]?.file ?? '').filter((file) => file.endsWith('.js'));
  let gzip = 0;
  let raw = 0;
  for (const file of files) {
    const body = readFileSync(join(dist, file));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { files, gzip, raw };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer in ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

if (!args['no-build'])
  execFileSync('npx', ['vite', 'build', 'web', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
const js = overviewJavaScript();
console.log(
  `overview JavaScript: ${(js.gzip / 1024).toFixed(1)} KB gzip (${(js.raw / 1024).toFixed(0)} KB raw, ${js.files.length} files); ` +
    `budget 200 KB: ratio ${(js.gzip / JS_BUDGET).toFixed(2)} (target ≤ 1)`,
);

mkdirSync(dirname(args.db), { recursive: true });
if (!existsSync(args.db)) console.log(`loading the demo data into ${args.db} (about a minute)…`);
const server = spawn(
  'node',
  ['bin/atalaya.js', '--db', args.db, 'serve', '--demo', '--port', args.port, '--log-level', 'warn'],
  {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
try {
  await waitFor(`${BASE}/api/health`, 300_000);
  await waitFor(`${BASE}/api/analytics?indicator=homicide_rate&orgUnit=AME&last=1`, 120_000);
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  console.log(`\ntime to interactive, ${RUNS} cold loads each (median ms; ratio to the 1 s target)`);
  console.log('page'.padEnd(74) + 'DOMContentLoaded  ready  ratio');
  const ratios: number[] = [];
  for (const path of PAGES) {
    const ready: number[] = [];
    const loaded: number[] = [];
    for (let run = -1; run < RUNS; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(BASE + path);
      await page.waitForFunction(() => performance.getEntriesByName('atalaya:ready').length > 0, undefined, {
        timeout: 30_000,
      });
      const timing = await page.evaluate(() => ({
        ready: performance.getEntriesByName('atalaya:ready')[0]!.startTime,
        dom: (
          performance as unknown as { getEntriesByType(type: string): { domContentLoadedEventEnd: number }[] }
        ).getEntriesByType('navigation')[0]!.domContentLoadedEventEnd,
      }));
      await context.close();
      if (run < 0) continue; // a first load warms the server's caches for this page
      ready.push(timing.ready);
      loaded.push(timing.dom);
    }
    const ratio = median(ready) / READY_TARGET_MS;
    ratios.push(ratio);
    console.log(
      path.padEnd(74) +
        median(loaded).toFixed(0).padStart(16) +
        median(ready).toFixed(0).padStart(7) +
        ratio.toFixed(2).padStart(7),
    );
  }
  console.log(`worst page: ratio ${Math.max(...ratios).toFixed(2)} (target ≤ 1)`);
  await browser.close();
} finally {
  server.kill('SIGTERM');
}
