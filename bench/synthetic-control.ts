/**
 * Synthetic control timings on a 39-unit × 31-period panel with 7 predictors: the smoking panel of
 * Abadie, Diamond & Hainmueller (2010) when `../shared/data/evaluation/smoking_pysyncon.csv` is
 * present (California, 1970–2000, treatment 1989), else a simulated panel of the same shape
 * (38 donors, 4 covariates and 3 outcome lags).
 *
 *   node --import tsx bench/synthetic-control.ts [--runs 7] [--threads 2]
 *
 * 1. One fit with R Synth's full V search (Nelder–Mead and BFGS from the equal and regression
 *    starts): median of `--runs` runs after one warm-up. Target under 1 s.
 * 2. The in-space placebo set (the treated fit and one fit per donor, 39 fits) on `--threads`
 *    worker threads, fits handed out one at a time as threads free up; the p-value is assembled
 *    from the fits with `placeboInference`. Target under 10 s, worker start-up excluded (it is
 *    printed apart), and for reference the same set run in this thread.
 *
 * Prints the target ratios fit / 1 s and placebos / 10 s (below 1 meets the target).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { CsvRecordReader } from '../src/data/csv-records.ts';
import { simulatedSyntheticPanel } from '../src/evaluation/simulated-synthetic-panel.ts';
import { fitSyntheticControl } from '../src/evaluation/synthetic-control.ts';
import type {
  SyntheticControlFit,
  SyntheticControlOptions,
  SyntheticControlSpec,
} from '../src/evaluation/synthetic-control.ts';
import { panelFromLongRows, type SyntheticControlPanel } from '../src/evaluation/synthetic-control-panel.ts';
import {
  placeboInference,
  placeboSpecs,
  type PlaceboFailure,
} from '../src/evaluation/synthetic-control-placebos.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    threads: { type: 'string', default: '2' },
  },
});
const runs = Number(args.runs);
const threads = Number(args.threads);
const options: SyntheticControlOptions = {};

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function smokingPanel(): { panel: SyntheticControlPanel; spec: SyntheticControlSpec; source: string } {
  const file = join(import.meta.dirname, '..', '..', 'shared', 'data', 'evaluation', 'smoking_pysyncon.csv');
  if (existsSync(file)) {
    const reader = new CsvRecordReader();
    const records = [...reader.push(readFileSync(file, 'utf8')), ...reader.end()];
    const panel = panelFromLongRows(
      records[0]!.fields,
      records.slice(1).map((r) => r.fields),
      { unit: 'state', time: 'year' },
    );
    return {
      panel,
      source: 'smoking panel (California, Abadie, Diamond & Hainmueller 2010)',
      spec: {
        outcome: 'cigsale',
        treated: 'California',
        donors: panel.units.map((u) => u.id).filter((id) => id !== 'California'),
        predictors: ['lnincome', 'retprice', 'age15to24'],
        timePredictorsPrior: range(1980, 1988),
        specialPredictors: [
          { variable: 'beer', times: range(1984, 1988) },
          { variable: 'cigsale', times: [1975] },
          { variable: 'cigsale', times: [1980] },
          { variable: 'cigsale', times: [1988] },
        ],
        timeOptimizeSsr: range(1970, 1988),
        treatmentTime: 1989,
      },
    };
  }
  const simulated = simulatedSyntheticPanel({
    seed: 1989,
    donors: 38,
    firstTime: 1970,
    periods: 31,
    treatmentTime: 1989,
    covariates: 4,
    outcomeLags: [1975, 1980, 1988],
    weights: new Map([
      [3, 0.4],
      [11, 0.35],
      [20, 0.25],
    ]),
    effect: (i) => -2 * (i + 1),
    treatedNoise: 0.3,
  });
  return {
    panel: simulated.panel,
    spec: simulated.spec,
    source: 'simulated panel (smoking_pysyncon.csv absent)',
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Answer {
  readonly id: number;
  readonly fit?: SyntheticControlFit;
  readonly error?: string;
}

/**
 * A worker thread running a TypeScript file. Node 20 does not hand `--import tsx` on to worker
 * threads (`execArgv` is ignored for loader hooks), so the worker registers tsx itself, then
 * imports the entry file.
 */
function typeScriptWorker(entry: URL, workerData: unknown): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsx)})` +
    `.then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** Starts the workers and waits until each has loaded its code (answered a first, tiny job). */
async function startPool(panel: SyntheticControlPanel, spec: SyntheticControlSpec): Promise<Worker[]> {
  const workers = Array.from({ length: threads }, () =>
    typeScriptWorker(new URL('./synthetic-control.worker.ts', import.meta.url), { panel, options }),
  );
  // warm-up: one quick fit each (a custom V skips the search), so the code is loaded and compiled
  const rows = (spec.predictors?.length ?? 0) + (spec.specialPredictors?.length ?? 0);
  const warm: SyntheticControlSpec = { ...spec, customV: new Array<number>(rows).fill(1) };
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
          worker.postMessage({ id: -1, spec: warm });
        }),
    ),
  );
  return workers;
}

/** Runs every spec on the pool, handing the next one to whichever worker answers first. */
function runOnPool(workers: Worker[], specs: readonly SyntheticControlSpec[]): Promise<Answer[]> {
  return new Promise((resolve, reject) => {
    const answers: Answer[] = new Array<Answer>(specs.length);
    let next = 0;
    let done = 0;
    const feed = (worker: Worker): void => {
      if (next < specs.length) {
        const id = next++;
        worker.postMessage({ id, spec: specs[id] });
      }
    };
    for (const worker of workers) {
      worker.removeAllListeners('message');
      worker.on('message', (answer: Answer) => {
        answers[answer.id] = answer;
        done++;
        if (done === specs.length) resolve(answers);
        else feed(worker);
      });
      worker.once('error', reject);
      feed(worker);
    }
  });
}

const { panel, spec, source } = smokingPanel();
const predictors = (spec.predictors?.length ?? 0) + (spec.specialPredictors?.length ?? 0);
console.log(
  `Synthetic control bench: ${source}\n  ${panel.units.length} units × ${panel.times.length} periods, ` +
    `${predictors} predictors, ${spec.donors.length} donors`,
);

// 1. one fit
fitSyntheticControl(panel, spec, options);
const fitTimes: number[] = [];
let fit: SyntheticControlFit | undefined;
for (let r = 0; r < runs; r++) {
  const start = performance.now();
  fit = fitSyntheticControl(panel, spec, options);
  fitTimes.push(performance.now() - start);
}
const fitMs = median(fitTimes);
const top = [...fit!.weights].sort((a, b) => b.weight - a.weight).slice(0, 5);
console.log(
  `\nFit (V search: ${fit!.attempts.map((a) => `${a.start}/${a.method} ${a.evaluations} evaluations`).join(', ')})`,
);
console.log(`  median of ${runs}: ${fitMs.toFixed(1)} ms (min ${Math.min(...fitTimes).toFixed(1)} ms)`);
console.log(`  weights: ${top.map((w) => `${w.name} ${w.weight.toFixed(3)}`).join(', ')}`);

// 2. placebo set on worker threads
const specs = [spec, ...placeboSpecs(spec)];
const startup = performance.now();
const workers = await startPool(panel, spec);
const startupMs = performance.now() - startup;
const start = performance.now();
const answers = await runOnPool(workers, specs);
const placeboMs = performance.now() - start;
await Promise.all(workers.map((w) => w.terminate()));

const failed: PlaceboFailure[] = [];
const fits: SyntheticControlFit[] = [];
answers.slice(1).forEach((answer, i) => {
  if (answer.fit !== undefined) fits.push(answer.fit);
  else failed.push({ id: specs[i + 1]!.treated, message: answer.error ?? 'no answer' });
});
if (answers[0]?.fit === undefined) throw new Error(`the treated fit failed: ${answers[0]?.error}`);
const inference = placeboInference(answers[0].fit, fits, { cutoffs: [20, 5, 2] }, failed);

const sequentialStart = performance.now();
for (const s of specs) fitSyntheticControl(panel, s, options);
const sequentialMs = performance.now() - sequentialStart;

console.log(`\nIn-space placebos: ${specs.length} fits on ${threads} worker threads`);
console.log(`  worker start-up (tsx, first fit): ${startupMs.toFixed(0)} ms (not counted)`);
console.log(
  `  placebo set: ${placeboMs.toFixed(0)} ms; the same set in this thread: ${sequentialMs.toFixed(0)} ms ` +
    `(speed-up ${(sequentialMs / placeboMs).toFixed(2)}×)`,
);
console.log(
  `  post/pre RMSPE ratio of the treated unit ranks ${inference.rank} of ${inference.n}: ` +
    `p = ${inference.pValue.toFixed(4)}` +
    (failed.length > 0 ? ` (${failed.length} placebos failed)` : ''),
);
for (const f of inference.filtered) {
  console.log(
    `  placebos with pre-MSPE ≤ ${f.cutoff} × the treated unit's: ${f.kept.length}; ` +
      `rank ${f.rank} of ${f.n}, p = ${f.pValue.toFixed(4)}`,
  );
}

console.log('\nTarget ratios (below 1 meets the target)');
console.log(`  fit / 1 s:       ${(fitMs / 1000).toFixed(3)}`);
console.log(`  placebos / 10 s: ${(placeboMs / 10000).toFixed(3)}`);
