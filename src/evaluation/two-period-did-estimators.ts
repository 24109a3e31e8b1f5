/**
 * Two-period panel difference-in-differences estimators of the ATT with their influence
 * functions, as R's DRDID package (Sant'Anna & Zhao 2020, "Doubly robust difference-in-
 * differences estimators", J. Econometrics 219(1)); each is the building block of one
 * Callaway–Sant'Anna ATT(g,t):
 *
 * - `dr`: the locally efficient doubly robust estimator with a logit propensity score fitted by
 *   maximum likelihood and a linear outcome regression for the comparison units fitted by OLS
 *   (`DRDID::drdid_panel`, the estimator R's `did::att_gt(est_method = "dr")` calls);
 * - `dr-improved`: the "improved" doubly robust estimator, propensity score by inverse
 *   probability tilting and outcome regression by weighted least squares with weights p/(1 − p)
 *   (`DRDID::drdid_imp_panel`), also doubly robust for inference;
 * - `reg`: outcome regression (Heckman, Ichimura & Todd 1997; `DRDID::reg_did_panel`);
 * - `ipw`: normalised (Hájek) inverse probability weighting (Abadie 2005;
 *   `DRDID::std_ipw_did_panel`, comparison units with p ≥ 0.995 trimmed).
 *
 * Without covariates (the design is the intercept alone) all four reduce to the plain 2×2
 * difference mean(ΔY | D = 1) − mean(ΔY | D = 0). The influence function ψ is such that
 * ATT-hat − ATT ≈ mean(ψ); its n × 1 vector is what the staggered estimator stacks. Sampling
 * weights are not supported (every unit weighs 1). Written by hand after the R sources.
 */
import type { Matrix } from 'ml-matrix';
import { inverseProbabilityTilting } from './inverse-probability-tilting.ts';
import {
  crossProduct,
  inverseSpd,
  linearPredictor,
  reciprocalCondition,
  weightedLeastSquares,
  type Design,
} from './least-squares.ts';
import { logisticRegression, type LogisticFit } from './logistic-regression.ts';

export type TwoPeriodMethod = 'dr' | 'dr-improved' | 'reg' | 'ipw';

export interface TwoPeriodPanel {
  /** the outcome change y(post) − y(pre), one per unit */
  readonly deltaY: Float64Array;
  /** 1 for the treated group, 0 for the comparison group */
  readonly treated: Uint8Array;
  /** covariates, n × k, the first column the intercept (all ones) */
  readonly covariates: Design;
}

/** A logit of `treated` on `covariates` already fitted by the caller (reused, not refitted). */
export interface PrecomputedPscore {
  readonly logit?: LogisticFit;
}

export interface TwoPeriodEstimate {
  readonly att: number;
  /** ψᵢ, one per unit: ATT-hat − ATT ≈ mean(ψ) */
  readonly influence: Float64Array;
  /** sd(ψ)/√n, as DRDID reports */
  readonly se: number;
  readonly notes: readonly string[];
}

const MACHINE_EPS = 2.220446049250313e-16;
const PSCORE_CAP = 1 - 1e-6;

function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] as number;
  return s / v.length;
}

function standardError(psi: Float64Array): number {
  const n = psi.length;
  const m = mean(psi);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((psi[i] as number) - m) ** 2;
  return Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
}

/** colMeans(w ⊙ X): (1/n) Σᵢ wᵢ xᵢ */
function weightedColumnMeans(x: Design, w: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.k);
  for (let i = 0; i < x.n; i++) {
    const wi = w[i] as number;
    if (wi === 0) continue;
    for (let j = 0; j < x.k; j++) out[j] = (out[j] as number) + wi * (x.values[i * x.k + j] as number);
  }
  for (let j = 0; j < x.k; j++) out[j] = (out[j] as number) / x.n;
  return out;
}

function matVec(a: Matrix, v: Float64Array): Float64Array {
  const out = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    let s = 0;
    for (let j = 0; j < a.columns; j++) s += a.get(i, j) * (v[j] as number);
    out[i] = s;
  }
  return out;
}

/** Σⱼ x_ij v_j for row i */
function rowDot(x: Design, i: number, v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < x.k; j++) s += (x.values[i * x.k + j] as number) * (v[j] as number);
  return s;
}

function checkInputs(panel: TwoPeriodPanel): void {
  const { deltaY, treated, covariates } = panel;
  const n = deltaY.length;
  if (treated.length !== n || covariates.n !== n) {
    throw new Error(
      `two-period DiD: ${n} outcome changes, ${treated.length} flags, ${covariates.n} covariate rows`,
    );
  }
  let nTreated = 0;
  for (let i = 0; i < n; i++) nTreated += treated[i] as number;
  if (nTreated === 0 || nTreated === n) {
    throw new Error('two-period DiD: needs both treated and comparison units');
  }
}

/**
 * Outcome regression of ΔY on X among the comparison units (weights optional), and the
 * asymptotic linear representation pieces of its coefficients: (X'(1−D)X / n)⁻¹.
 */
function comparisonRegression(
  panel: TwoPeriodPanel,
  weights?: ArrayLike<number>,
): { fitted: Float64Array; bread: Matrix } {
  const { deltaY, treated, covariates } = panel;
  const n = deltaY.length;
  const isComparison = (i: number): boolean => treated[i] === 0;
  const xpx = crossProduct(covariates, undefined, isComparison).div(n);
  if (reciprocalCondition(xpx) < MACHINE_EPS) {
    throw new Error('The regression design matrix is singular. Consider removing some covariates.');
  }
  const beta = weightedLeastSquares(covariates, deltaY, weights, isComparison);
  return { fitted: linearPredictor(covariates, beta), bread: inverseSpd(xpx) };
}

/** Logit propensity score, capped below 1 − 1e-6, and n·(X'diag(p(1−p))X)⁻¹. */
function logitPscore(
  panel: TwoPeriodPanel,
  notes: string[],
  logit: LogisticFit | undefined,
): { ps: Float64Array; hessianInv: Matrix } {
  const { treated, covariates } = panel;
  const n = treated.length;
  const fit = logit ?? logisticRegression(covariates, treated);
  if (!fit.converged) notes.push('propensity score estimation did not converge');
  const ps = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = Math.min(fit.fitted[i] as number, PSCORE_CAP);
    ps[i] = p;
    w[i] = p * (1 - p);
  }
  let hessianInv: Matrix;
  try {
    hessianInv = inverseSpd(crossProduct(covariates, w)).mul(n);
  } catch {
    throw new Error(
      'the propensity-score design is singular (a covariate without variation, or collinear covariates)',
    );
  }
  return { ps, hessianInv };
}

/** `DRDID::drdid_panel`: traditional locally efficient doubly robust DiD. */
export function drDidPanel(panel: TwoPeriodPanel, pre: PrecomputedPscore = {}): TwoPeriodEstimate {
  checkInputs(panel);
  const { deltaY, treated: d, covariates: x } = panel;
  const n = deltaY.length;
  const notes: string[] = [];
  const { ps, hessianInv } = logitPscore(panel, notes, pre.logit);
  const { fitted: out, bread } = comparisonRegression(panel);

  const wTreat = new Float64Array(n);
  const wCont = new Float64Array(n);
  const resid = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const di = d[i] as number;
    const p = ps[i] as number;
    wTreat[i] = di;
    wCont[i] = (p * (1 - di)) / (1 - p);
    resid[i] = (deltaY[i] as number) - (out[i] as number);
  }
  const meanWTreat = mean(wTreat);
  const meanWCont = mean(wCont);
  let sumTreat = 0;
  let sumCont = 0;
  for (let i = 0; i < n; i++) {
    sumTreat += (wTreat[i] as number) * (resid[i] as number);
    sumCont += (wCont[i] as number) * (resid[i] as number);
  }
  const etaTreat = sumTreat / n / meanWTreat;
  const etaCont = sumCont / n / meanWCont;
  const att = etaTreat - etaCont;

  // estimation effects: OLS (bread·M1, bread·M3) and logit (H⁻¹·M2)
  const m1 = weightedColumnMeans(x, wTreat);
  const m3 = weightedColumnMeans(x, wCont);
  const m2w = new Float64Array(n);
  for (let i = 0; i < n; i++) m2w[i] = (wCont[i] as number) * ((resid[i] as number) - etaCont);
  const m2 = weightedColumnMeans(x, m2w);
  const olsTreat = matVec(bread, m1);
  const olsCont = matVec(bread, m3);
  const psCont = matVec(hessianInv, m2);

  const influence = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const di = d[i] as number;
    const r = resid[i] as number;
    const olsRow = (1 - di) * r; // weights.ols · (ΔY − out): the OLS score multiplier
    const infTreat =
      ((wTreat[i] as number) * r - (wTreat[i] as number) * etaTreat - olsRow * rowDot(x, i, olsTreat)) /
      meanWTreat;
    const infCont =
      ((wCont[i] as number) * r -
        (wCont[i] as number) * etaCont +
        (di - (ps[i] as number)) * rowDot(x, i, psCont) -
        olsRow * rowDot(x, i, olsCont)) /
      meanWCont;
    influence[i] = infTreat - infCont;
  }
  return { att, influence, se: standardError(influence), notes };
}

/** `DRDID::drdid_imp_panel`: improved doubly robust DiD (IPT propensity score, WLS outcome model). */
export function improvedDrDidPanel(panel: TwoPeriodPanel, pre: PrecomputedPscore = {}): TwoPeriodEstimate {
  checkInputs(panel);
  const { deltaY, treated: d, covariates: x } = panel;
  const n = deltaY.length;
  const notes: string[] = [];
  const logit = pre.logit ?? logisticRegression(x, d);
  const tilt = inverseProbabilityTilting(x, d, logit.coefficients);
  if (!tilt.converged) {
    notes.push('inverse probability tilting did not converge; the logit propensity score was used');
  }
  const ps = new Float64Array(n);
  const odds = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = Math.min(tilt.pscore[i] as number, PSCORE_CAP);
    ps[i] = p;
    odds[i] = p / (1 - p);
  }
  const xpx = crossProduct(x, undefined, (i) => d[i] === 0);
  if (reciprocalCondition(xpx) < MACHINE_EPS) {
    throw new Error('The regression design matrix is singular. Consider removing some covariates.');
  }
  const beta = weightedLeastSquares(x, deltaY, odds, (i) => d[i] === 0);
  const out = linearPredictor(x, beta);
  const summand = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const di = d[i] as number;
    summand[i] = (1 - (1 - di) / (1 - (ps[i] as number))) * ((deltaY[i] as number) - (out[i] as number));
  }
  const meanD = mean(d);
  const att = mean(summand) / meanD;
  const influence = new Float64Array(n);
  for (let i = 0; i < n; i++) influence[i] = ((summand[i] as number) - (d[i] as number) * att) / meanD;
  return { att, influence, se: standardError(influence), notes };
}

/** `DRDID::reg_did_panel`: outcome-regression DiD. */
export function regressionDidPanel(panel: TwoPeriodPanel): TwoPeriodEstimate {
  checkInputs(panel);
  const { deltaY, treated: d, covariates: x } = panel;
  const n = deltaY.length;
  const { fitted: out, bread } = comparisonRegression(panel);
  const meanD = mean(d);
  let sumTreat = 0;
  let sumCont = 0;
  for (let i = 0; i < n; i++) {
    sumTreat += (d[i] as number) * (deltaY[i] as number);
    sumCont += (d[i] as number) * (out[i] as number);
  }
  const etaTreat = sumTreat / n / meanD;
  const etaCont = sumCont / n / meanD;
  const att = etaTreat - etaCont;
  const olsCont = matVec(bread, weightedColumnMeans(x, d));
  const influence = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const di = d[i] as number;
    const infTreat = (di * (deltaY[i] as number) - di * etaTreat) / meanD;
    const olsRow = (1 - di) * ((deltaY[i] as number) - (out[i] as number));
    const infCont = (di * (out[i] as number) - di * etaCont + olsRow * rowDot(x, i, olsCont)) / meanD;
    influence[i] = infTreat - infCont;
  }
  return { att, influence, se: standardError(influence), notes: [] };
}

/** `DRDID::std_ipw_did_panel`: normalised inverse probability weighting DiD (trim at 0.995). */
export function ipwDidPanel(
  panel: TwoPeriodPanel,
  pre: PrecomputedPscore = {},
  trimLevel = 0.995,
): TwoPeriodEstimate {
  checkInputs(panel);
  const { deltaY, treated: d, covariates: x } = panel;
  const n = deltaY.length;
  const notes: string[] = [];
  const { ps, hessianInv } = logitPscore(panel, notes, pre.logit);
  const wTreat = new Float64Array(n);
  const wCont = new Float64Array(n);
  let trimmed = 0;
  for (let i = 0; i < n; i++) {
    const di = d[i] as number;
    const p = ps[i] as number;
    const keep = di === 1 ? 1 : p < trimLevel ? 1 : 0;
    if (keep === 0) trimmed++;
    wTreat[i] = keep * di;
    wCont[i] = (keep * p * (1 - di)) / (1 - p);
  }
  if (trimmed > 0) notes.push(`${trimmed} comparison units with propensity score ≥ ${trimLevel} trimmed`);
  const meanWTreat = mean(wTreat);
  const meanWCont = mean(wCont);
  let sumTreat = 0;
  let sumCont = 0;
  for (let i = 0; i < n; i++) {
    sumTreat += (wTreat[i] as number) * (deltaY[i] as number);
    sumCont += (wCont[i] as number) * (deltaY[i] as number);
  }
  const etaTreat = sumTreat / n / meanWTreat;
  const etaCont = sumCont / n / meanWCont;
  const att = etaTreat - etaCont;
  const m2w = new Float64Array(n);
  for (let i = 0; i < n; i++) m2w[i] = (wCont[i] as number) * ((deltaY[i] as number) - etaCont);
  const psCont = matVec(hessianInv, weightedColumnMeans(x, m2w));
  const influence = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const di = d[i] as number;
    const dy = deltaY[i] as number;
    const infTreat = ((wTreat[i] as number) * dy - (wTreat[i] as number) * etaTreat) / meanWTreat;
    const infCont =
      ((wCont[i] as number) * dy -
        (wCont[i] as number) * etaCont +
        (di - (ps[i] as number)) * rowDot(x, i, psCont)) /
      meanWCont;
    influence[i] = infTreat - infCont;
  }
  return { att, influence, se: standardError(influence), notes };
}

export function twoPeriodDid(
  panel: TwoPeriodPanel,
  method: TwoPeriodMethod,
  pre: PrecomputedPscore = {},
): TwoPeriodEstimate {
  switch (method) {
    case 'dr':
      return drDidPanel(panel, pre);
    case 'dr-improved':
      return improvedDrDidPanel(panel, pre);
    case 'reg':
      return regressionDidPanel(panel);
    case 'ipw':
      return ipwDidPanel(panel, pre);
  }
}
