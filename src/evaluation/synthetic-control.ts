/**
 * Synthetic control method (Abadie & Gardeazabal 2003, AER 93(1); Abadie, Diamond & Hainmueller
 * 2010, JASA 105(490); 2015, AJPS 59(2)) as R package `Synth` (Abadie, Diamond & Hainmueller
 * 2011, JSS 42(13)) computes it:
 *
 * 1. `prepareSyntheticControl` is `dataprep`: predictor rows X1 (treated) and X0 (donors) — each
 *    `predictors` variable averaged over `timePredictorsPrior`, each special predictor averaged
 *    over its own times, missing values skipped (`na.rm = TRUE`) — and the outcome over
 *    `timeOptimizeSsr` (Z1, Z0) and over `timePlot`.
 * 2. `solveSyntheticWeights` is `synth`: every predictor row divided by its standard deviation
 *    over all units (treated and donors); W(V) the simplex weights minimising
 *    (X1 − X0W)'V(X1 − X0W) (solved exactly, see simplex-weights.ts); V diagonal, parametrised as
 *    |p| / Σ|p|, chosen to minimise the pre-period outcome MSPE (Z1 − Z0W(V))'(Z1 − Z0W(V)) / T0.
 *    As in `synth`, V is searched by Nelder–Mead and BFGS (R's `optim` algorithms, ported in
 *    nelder-mead.ts and bfgs.ts) from equal weights and from the regression start — the diagonal
 *    of BB' where B are the slopes of an OLS regression of the pre-period outcomes on the scaled
 *    predictors across units — keeping the best. A custom V skips the search.
 * 3. `fitSyntheticControl` adds what `synth.tab` and the papers report: the synthetic and observed
 *    series over `timePlot`, gaps, pre- and post-period RMSPE, the average post-period gap and the
 *    predictor balance table (treated, synthetic, donor-sample mean).
 *
 * The rest of R's output (ipop's approximate weights, genoud) is not reproduced: W here is the
 * exact QP solution, so figures agree with R's to the precision of R's interior-point solver.
 */
import { LuDecomposition, Matrix, inverse } from 'ml-matrix';
import { ValidationError } from '../kernel/errors.ts';
import { bfgs } from './bfgs.ts';
import { nelderMead } from './nelder-mead.ts';
import { SimplexWeightSolver } from './simplex-weights.ts';
import type { PanelUnit, SyntheticControlPanel } from './synthetic-control-panel.ts';

export interface SpecialPredictor {
  readonly variable: string;
  readonly times: readonly number[];
  /** only the mean is supported, as in nearly every published use */
  readonly op?: 'mean';
}

export interface SyntheticControlSpec {
  /** outcome variable of the panel */
  readonly outcome: string;
  /** unit id of the treated unit */
  readonly treated: string;
  /** unit ids of the donor pool */
  readonly donors: readonly string[];
  /** variables averaged over `timePredictorsPrior` */
  readonly predictors?: readonly string[];
  readonly predictorsOp?: 'mean';
  readonly timePredictorsPrior?: readonly number[];
  readonly specialPredictors?: readonly SpecialPredictor[];
  /** pre-period over which the outcome MSPE is minimised */
  readonly timeOptimizeSsr: readonly number[];
  /** times of the reported series (every time of the panel when absent) */
  readonly timePlot?: readonly number[];
  /** first period of the post-period: times of `timePlot` from here on are "post" */
  readonly treatmentTime: number;
  /** V given by the user (one non-negative value per predictor row); skips the V search */
  readonly customV?: readonly number[];
}

export type VSearchMethod = 'nelder-mead' | 'bfgs';
export type VStart = 'equal' | 'regression';

export interface SyntheticControlOptions {
  /** optimisers tried from each start; R `synth`'s default is both */
  readonly methods?: readonly VSearchMethod[];
  /** starting points; R `synth` tries both */
  readonly starts?: readonly VStart[];
  /** Nelder–Mead function-evaluation budget (R's `maxit`, 500) */
  readonly maxEvaluations?: number;
  /** BFGS iteration limit (R's `maxit`, 100) */
  readonly maxIterations?: number;
  /** relative convergence tolerance of both optimisers (R's `sqrt(.Machine$double.eps)`) */
  readonly reltol?: number;
}

/** What `dataprep` produces: the matrices of one synthetic-control problem. */
export interface SyntheticControlData {
  readonly treated: PanelUnit;
  readonly donors: readonly PanelUnit[];
  /** R's row names: the variable, or `special.<variable>.<first>.<last>` */
  readonly predictorNames: readonly string[];
  /** predictor values of the treated unit, one per predictor */
  readonly x1: readonly number[];
  /** predictor rows × donors */
  readonly x0: readonly (readonly number[])[];
  readonly optimizeTimes: readonly number[];
  readonly z1: readonly number[];
  /** optimisation times × donors */
  readonly z0: readonly (readonly number[])[];
  readonly plotTimes: readonly number[];
  readonly y1: readonly number[];
  /** plot times × donors */
  readonly y0: readonly (readonly number[])[];
  readonly treatmentTime: number;
}

export interface VSearchAttempt {
  readonly start: VStart;
  readonly method: VSearchMethod;
  /** pre-period MSPE reached */
  readonly value: number;
  /** V (normalised) at the end of the attempt */
  readonly v: readonly number[];
  readonly evaluations: number;
  /** R's convergence code: 0 converged, 1 iteration limit, 10 degenerate simplex */
  readonly code: number;
}

export interface SyntheticWeightsSolution {
  /** diagonal of V, summing to 1 */
  readonly v: readonly number[];
  /** donor weights, on the simplex */
  readonly w: readonly number[];
  /** pre-period MSPE of the outcome (R's `loss.v`) */
  readonly lossV: number;
  /** (X1 − X0W)'V(X1 − X0W) on the scaled predictors (R's `loss.w`) */
  readonly lossW: number;
  /** standard deviation each predictor row was divided by */
  readonly scale: readonly number[];
  /** every V search run, in the order run; empty with a custom V or a single predictor */
  readonly attempts: readonly VSearchAttempt[];
  /** the attempt kept, when V was searched */
  readonly chosen: VSearchAttempt | undefined;
  /** the kept search converged and the final QP met its optimality conditions */
  readonly converged: boolean;
}

export interface DonorWeight {
  readonly id: string;
  readonly name: string;
  readonly weight: number;
}

export interface PredictorBalance {
  readonly predictor: string;
  /** V weight of the predictor */
  readonly v: number;
  readonly treated: number;
  readonly synthetic: number;
  /** mean over the donor pool (R `synth.tab`'s "Sample Mean") */
  readonly sampleMean: number;
}

export interface SyntheticPoint {
  readonly time: number;
  readonly observed: number;
  readonly synthetic: number;
  /** observed − synthetic */
  readonly gap: number;
  readonly post: boolean;
}

export interface SyntheticControlFit {
  readonly treated: PanelUnit;
  /** donor weights, in the order of the donor pool */
  readonly weights: readonly DonorWeight[];
  readonly v: readonly { readonly predictor: string; readonly weight: number }[];
  /** MSPE over `timeOptimizeSsr` (R's `loss.v`) */
  readonly preMspe: number;
  readonly preRmspe: number;
  /** RMSPE of the gaps over the post-period (times of `timePlot` ≥ `treatmentTime`) */
  readonly postRmspe: number;
  /** postRmspe / preRmspe (Abadie, Diamond & Hainmueller 2010, §4) */
  readonly rmspeRatio: number;
  readonly averagePostGap: number;
  readonly lossW: number;
  readonly series: readonly SyntheticPoint[];
  readonly balance: readonly PredictorBalance[];
  readonly converged: boolean;
  readonly attempts: readonly VSearchAttempt[];
  readonly chosen: VSearchAttempt | undefined;
}

// ---------------------------------------------------------------------------------------------
// dataprep

function unitIndexOf(panel: SyntheticControlPanel, id: string, role: string): number {
  const index = panel.units.findIndex((u) => u.id === id);
  if (index < 0) throw new ValidationError(`Synthetic control: ${role} unit "${id}" is not in the panel`);
  return index;
}

function variableOf(panel: SyntheticControlPanel, name: string): readonly (readonly number[])[] {
  const values = panel.variables[name];
  if (values === undefined)
    throw new ValidationError(`Synthetic control: variable "${name}" is not in the panel`);
  return values;
}

/** Panel time indices of the given times; times the panel lacks are ignored, as R's `is.element`. */
function timeIndices(panel: SyntheticControlPanel, times: readonly number[]): number[] {
  const wanted = new Set(times);
  const indices: number[] = [];
  panel.times.forEach((t, i) => {
    if (wanted.has(t)) indices.push(i);
  });
  return indices;
}

function windowMean(row: readonly number[], indices: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const i of indices) {
    const value = row[i]!;
    if (!Number.isNaN(value)) {
      sum += value;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

function timeLabel(times: readonly number[]): string {
  return times.length > 1 ? `${times[0]}.${times[times.length - 1]}` : `${times[0]}`;
}

/** R `Synth::dataprep`: the matrices of one problem. Throws a ValidationError on bad input. */
export function prepareSyntheticControl(
  panel: SyntheticControlPanel,
  spec: SyntheticControlSpec,
): SyntheticControlData {
  const treatedIndex = unitIndexOf(panel, spec.treated, 'treated');
  if (new Set(spec.donors).size !== spec.donors.length) {
    throw new ValidationError('Synthetic control: a donor is listed twice');
  }
  if (spec.donors.includes(spec.treated)) {
    throw new ValidationError('Synthetic control: the treated unit is among the donors');
  }
  const donorIndices = spec.donors.map((id) => unitIndexOf(panel, id, 'donor'));
  if (donorIndices.length < 2) {
    throw new ValidationError('Synthetic control: at least two donor units are needed');
  }
  const predictors = spec.predictors ?? [];
  if (predictors.length > 0 && (spec.timePredictorsPrior ?? []).length === 0) {
    throw new ValidationError('Synthetic control: predictors need a timePredictorsPrior window');
  }
  const rows: { name: string; variable: string; indices: number[] }[] = [];
  const priorIndices = timeIndices(panel, spec.timePredictorsPrior ?? []);
  for (const variable of predictors) rows.push({ name: variable, variable, indices: priorIndices });
  for (const special of spec.specialPredictors ?? []) {
    if (special.times.length === 0) {
      throw new ValidationError(`Synthetic control: special predictor "${special.variable}" has no times`);
    }
    rows.push({
      name: `special.${special.variable}.${timeLabel(special.times)}`,
      variable: special.variable,
      indices: timeIndices(panel, special.times),
    });
  }
  if (rows.length === 0) throw new ValidationError('Synthetic control: no predictors are given');

  const x1: number[] = [];
  const x0: number[][] = [];
  for (const row of rows) {
    const values = variableOf(panel, row.variable);
    const treatedValue = windowMean(values[treatedIndex]!, row.indices);
    const donorValues = donorIndices.map((u) => windowMean(values[u]!, row.indices));
    const missing = [
      ...(Number.isNaN(treatedValue) ? [panel.units[treatedIndex]!] : []),
      ...donorIndices.filter((_, j) => Number.isNaN(donorValues[j]!)).map((u) => panel.units[u]!),
    ];
    if (missing.length > 0) {
      throw new ValidationError(
        `Synthetic control: predictor "${row.name}" has no value in its window for ${missing
          .map((u) => u.name)
          .join(', ')}`,
      );
    }
    x1.push(treatedValue);
    x0.push(donorValues);
  }

  const outcome = variableOf(panel, spec.outcome);
  const optimizeIndices = timeIndices(panel, spec.timeOptimizeSsr);
  if (optimizeIndices.length === 0) {
    throw new ValidationError('Synthetic control: no time of timeOptimizeSsr is in the panel');
  }
  const optimizeTimes = optimizeIndices.map((i) => panel.times[i]!);
  const z1 = optimizeIndices.map((i) => outcome[treatedIndex]![i]!);
  const z0 = optimizeIndices.map((i) => donorIndices.map((u) => outcome[u]![i]!));
  if (z1.some(Number.isNaN) || z0.some((row) => row.some(Number.isNaN))) {
    throw new ValidationError(
      `Synthetic control: the outcome "${spec.outcome}" is missing in timeOptimizeSsr`,
    );
  }
  const plotIndices =
    spec.timePlot === undefined ? panel.times.map((_, i) => i) : timeIndices(panel, spec.timePlot);
  return {
    treated: panel.units[treatedIndex]!,
    donors: donorIndices.map((u) => panel.units[u]!),
    predictorNames: rows.map((r) => r.name),
    x1,
    x0,
    optimizeTimes,
    z1,
    z0,
    plotTimes: plotIndices.map((i) => panel.times[i]!),
    y1: plotIndices.map((i) => outcome[treatedIndex]![i]!),
    y0: plotIndices.map((i) => donorIndices.map((u) => outcome[u]![i]!)),
    treatmentTime: spec.treatmentTime,
  };
}

// ---------------------------------------------------------------------------------------------
// synth

function standardDeviation(values: readonly number[]): number {
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  return Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1));
}

/**
 * R `synth`'s regression start: B from OLS of each pre-period outcome on an intercept and the
 * scaled predictors across units (treated first), V = diag(BB') without the intercept, normalised.
 * Undefined when X'X is singular to machine precision (R's `solve` fails and R skips this start).
 */
function regressionStart(
  x1s: Float64Array,
  x0s: Float64Array,
  z1: readonly number[],
  z0: readonly (readonly number[])[],
  K: number,
  J: number,
): number[] | undefined {
  const X = new Matrix(J + 1, K + 1);
  const Z = new Matrix(J + 1, z1.length);
  for (let u = 0; u <= J; u++) {
    X.set(u, 0, 1);
    for (let k = 0; k < K; k++) X.set(u, k + 1, u === 0 ? x1s[k]! : x0s[k * J + u - 1]!);
    for (let t = 0; t < z1.length; t++) Z.set(u, t, u === 0 ? z1[t]! : z0[t]![u - 1]!);
  }
  const xtx = X.transpose().mmul(X);
  if (new LuDecomposition(xtx).isSingular()) return undefined;
  let xtxInverse: Matrix;
  try {
    xtxInverse = inverse(xtx);
  } catch {
    return undefined;
  }
  // reciprocal condition number in the 1-norm, the test behind R's "computationally singular"
  const norm1 = (m: Matrix): number => {
    let max = 0;
    for (let c = 0; c < m.columns; c++) {
      let s = 0;
      for (let r = 0; r < m.rows; r++) s += Math.abs(m.get(r, c));
      max = Math.max(max, s);
    }
    return max;
  };
  const rcond = 1 / (norm1(xtx) * norm1(xtxInverse));
  if (!(rcond >= Number.EPSILON)) return undefined;
  const beta = xtxInverse.mmul(X.transpose()).mmul(Z);
  const diagonal: number[] = [];
  for (let k = 1; k <= K; k++) {
    let s = 0;
    for (let t = 0; t < z1.length; t++) s += beta.get(k, t) ** 2;
    diagonal.push(s);
  }
  const total = diagonal.reduce((s, x) => s + x, 0);
  if (!(total > 0) || !Number.isFinite(total)) return undefined;
  return diagonal.map((d) => d / total);
}

function normalisedAbs(par: ArrayLike<number>): number[] {
  let sum = 0;
  for (let i = 0; i < par.length; i++) sum += Math.abs(par[i]!);
  return Array.from(par, (p) => Math.abs(p) / sum);
}

/** R `Synth::synth` on prepared data: V and W. A custom V skips the search. */
export function solveSyntheticWeights(
  data: SyntheticControlData,
  options: SyntheticControlOptions = {},
  customV?: readonly number[],
): SyntheticWeightsSolution {
  const K = data.x1.length;
  const J = data.donors.length;
  const T0 = data.z1.length;
  for (let k = 0; k < K; k++) {
    const row = data.x0[k]!;
    if (row.every((x) => x === row[0])) {
      throw new ValidationError(
        `Synthetic control: predictor "${data.predictorNames[k]}" does not vary across donors`,
      );
    }
  }
  // each predictor row divided by its standard deviation over all units (R: sqrt(apply(., 1, var)))
  const scale = data.x0.map((row, k) => standardDeviation([...row, data.x1[k]!]));
  const x0s = new Float64Array(K * J);
  const x1s = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    x1s[k] = data.x1[k]! / scale[k]!;
    for (let j = 0; j < J; j++) x0s[k * J + j] = data.x0[k]![j]! / scale[k]!;
  }
  const z0 = new Float64Array(T0 * J);
  data.z0.forEach((row, t) => z0.set(row, t * J));
  const z1 = Float64Array.from(data.z1);
  const solver = new SimplexWeightSolver(x0s, x1s, K, J);

  const mspe = (w: Float64Array): number => {
    let sum = 0;
    for (let t = 0; t < T0; t++) {
      let fit = 0;
      for (let j = 0; j < J; j++) {
        const wj = w[j]!;
        if (wj !== 0) fit += z0[t * J + j]! * wj;
      }
      sum += (z1[t]! - fit) ** 2;
    }
    return sum / T0;
  };
  const vBuffer = new Float64Array(K);
  const objective = (par: Float64Array): number => {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Math.abs(par[k]!);
    if (!(sum > 0) || !Number.isFinite(sum)) return NaN;
    for (let k = 0; k < K; k++) vBuffer[k] = Math.abs(par[k]!) / sum;
    return mspe(solver.solve(vBuffer).weights);
  };

  const attempts: VSearchAttempt[] = [];
  let chosen: VSearchAttempt | undefined;
  let v: number[];
  if (customV !== undefined) {
    if (customV.length !== K) {
      throw new ValidationError(`Synthetic control: customV needs ${K} values, one per predictor`);
    }
    if (customV.some((x) => !(x >= 0)) || !(customV.reduce((s, x) => s + x, 0) > 0)) {
      throw new ValidationError('Synthetic control: customV must be non-negative and not all zero');
    }
    v = normalisedAbs(customV);
  } else if (K === 1) {
    v = [1];
  } else {
    const starts: { start: VStart; par: number[] }[] = [];
    for (const start of options.starts ?? ['equal', 'regression']) {
      if (start === 'equal') starts.push({ start, par: new Array<number>(K).fill(1 / K) });
      else {
        const par = regressionStart(x1s, x0s, data.z1, data.z0, K, J);
        if (par !== undefined) starts.push({ start, par });
      }
    }
    for (const { start, par } of starts) {
      for (const method of options.methods ?? ['nelder-mead', 'bfgs']) {
        let attempt: VSearchAttempt;
        try {
          const result =
            method === 'nelder-mead'
              ? nelderMead(objective, par, {
                  maxEvaluations: options.maxEvaluations ?? 500,
                  ...(options.reltol === undefined ? {} : { reltol: options.reltol }),
                })
              : bfgs(objective, par, {
                  maxIterations: options.maxIterations ?? 100,
                  ...(options.reltol === undefined ? {} : { reltol: options.reltol }),
                });
          attempt = {
            start,
            method,
            value: result.value,
            v: normalisedAbs(result.par),
            evaluations: result.evaluations,
            code: result.code,
          };
        } catch {
          continue;
        }
        attempts.push(attempt);
        if (Number.isFinite(attempt.value) && (chosen === undefined || attempt.value < chosen.value)) {
          chosen = attempt;
        }
      }
    }
    if (chosen === undefined) throw new Error('Synthetic control: the search for V failed from every start');
    v = [...chosen.v];
  }
  const final = solver.solve(v);
  return {
    v,
    w: [...final.weights],
    lossV: mspe(final.weights),
    lossW: final.loss,
    scale,
    attempts,
    chosen,
    converged: final.converged && (chosen === undefined || chosen.code === 0),
  };
}

// ---------------------------------------------------------------------------------------------
// fit and report

function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((s, x) => s + x, 0) / values.length;
}

/** Builds the report (series, gaps, RMSPEs, balance) from prepared data and a solution. */
export function describeSyntheticControl(
  data: SyntheticControlData,
  solution: SyntheticWeightsSolution,
): SyntheticControlFit {
  const { w } = solution;
  const series: SyntheticPoint[] = data.plotTimes.map((time, t) => {
    let synthetic = 0;
    data.y0[t]!.forEach((y, j) => {
      if (w[j]! > 0) synthetic += w[j]! * y;
    });
    const observed = data.y1[t]!;
    return { time, observed, synthetic, gap: observed - synthetic, post: time >= data.treatmentTime };
  });
  const postGaps = series.filter((p) => p.post && !Number.isNaN(p.gap)).map((p) => p.gap);
  const preRmspe = Math.sqrt(solution.lossV);
  const postRmspe = Math.sqrt(mean(postGaps.map((g) => g * g)));
  return {
    treated: data.treated,
    weights: data.donors.map((d, j) => ({ id: d.id, name: d.name, weight: w[j]! })),
    v: data.predictorNames.map((predictor, k) => ({ predictor, weight: solution.v[k]! })),
    preMspe: solution.lossV,
    preRmspe,
    postRmspe,
    rmspeRatio: postRmspe / preRmspe,
    averagePostGap: mean(postGaps),
    lossW: solution.lossW,
    series,
    balance: data.predictorNames.map((predictor, k) => ({
      predictor,
      v: solution.v[k]!,
      treated: data.x1[k]!,
      synthetic: data.x0[k]!.reduce((s, x, j) => s + x * w[j]!, 0),
      sampleMean: mean(data.x0[k]!),
    })),
    converged: solution.converged,
    attempts: solution.attempts,
    chosen: solution.chosen,
  };
}

/**
 * One synthetic-control fit from a panel: `dataprep`, `synth` and `synth.tab` in one call. Inputs
 * and result are plain data, so independent fits (placebos, leave-one-out) can run in workers.
 */
export function fitSyntheticControl(
  panel: SyntheticControlPanel,
  spec: SyntheticControlSpec,
  options: SyntheticControlOptions = {},
): SyntheticControlFit {
  const data = prepareSyntheticControl(panel, spec);
  return describeSyntheticControl(data, solveSyntheticWeights(data, options, spec.customV));
}
