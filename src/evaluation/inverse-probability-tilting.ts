/**
 * Propensity score by inverse probability tilting (Graham, Pinto & Egel 2012), in the form used
 * by the improved doubly robust DiD estimator of Sant'Anna & Zhao (2020, §3.1) and R's
 * `DRDID:::pscore.cal`: γ minimises the convex loss
 *
 *   L(γ) = mean( −D·x'γ + (1 − D)·exp(x'γ) ),
 *
 * whose first-order condition makes the odds-weighted comparison units reproduce the treated
 * units' covariate totals exactly: Σ_{D=1} x = Σ_{D=0} exp(x'γ)·x. The propensity score is
 * p = 1/(1 + e^(−x'γ)), so p/(1 − p) = exp(x'γ). Solved here by Newton's method with a
 * backtracking line search from the logit estimate (R uses the `trust` trust-region optimiser
 * from the same start; the minimiser is unique, so both reach the same point). Written by hand:
 * no library offers it. When Newton fails (no overlap: the treated covariate means lie outside
 * what the comparison units can balance) the logit estimate is returned with `converged: false`,
 * as R's fallback does (flag 2).
 */
import { Matrix } from 'ml-matrix';
import { inverseSpd, linearPredictor, type Design } from './least-squares.ts';

export interface TiltingFit {
  readonly coefficients: Float64Array;
  /** propensity scores, one per row */
  readonly pscore: Float64Array;
  readonly converged: boolean;
  readonly iterations: number;
}

function loss(x: Design, d: ArrayLike<number>, gamma: ArrayLike<number>): number {
  const index = linearPredictor(x, gamma);
  let s = 0;
  for (let i = 0; i < x.n; i++) {
    const v = index[i] as number;
    s += (d[i] as number) === 1 ? -v : Math.exp(v);
  }
  return s / x.n;
}

export function inverseProbabilityTilting(
  x: Design,
  d: ArrayLike<number>,
  start: Float64Array,
  options: { readonly maxIterations?: number; readonly tolerance?: number } = {},
): TiltingFit {
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-11;
  const { n, k, values } = x;
  let gamma: Float64Array = Float64Array.from(start);
  let current = loss(x, d, gamma);
  let converged = false;
  let iterations = 0;
  const grad = new Float64Array(k);
  while (iterations < maxIterations && Number.isFinite(current)) {
    iterations++;
    grad.fill(0);
    const hess = new Float64Array(k * k);
    const index = linearPredictor(x, gamma);
    for (let i = 0; i < n; i++) {
      const treated = (d[i] as number) === 1;
      const e = treated ? 0 : Math.exp(index[i] as number);
      const g = treated ? -1 : e;
      const row = i * k;
      for (let a = 0; a < k; a++) {
        const xa = values[row + a] as number;
        grad[a] = (grad[a] as number) + g * xa;
        if (treated) continue;
        for (let b = a; b < k; b++)
          hess[a * k + b] = (hess[a * k + b] as number) + e * xa * (values[row + b] as number);
      }
    }
    let maxGrad = 0;
    for (let a = 0; a < k; a++) {
      grad[a] = (grad[a] as number) / n;
      maxGrad = Math.max(maxGrad, Math.abs(grad[a] as number));
    }
    if (maxGrad < tolerance) {
      converged = true;
      break;
    }
    const h = new Matrix(k, k);
    for (let a = 0; a < k; a++) {
      for (let b = a; b < k; b++) {
        const v = (hess[a * k + b] as number) / n;
        h.set(a, b, v);
        h.set(b, a, v);
      }
    }
    let hInv: Matrix;
    try {
      hInv = inverseSpd(h);
    } catch {
      break;
    }
    const step = new Float64Array(k);
    let slope = 0;
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let b = 0; b < k; b++) s += hInv.get(a, b) * (grad[b] as number);
      step[a] = -s;
      slope += (grad[a] as number) * -s;
    }
    // backtracking (Armijo) line search along the Newton direction
    let t = 1;
    let accepted = false;
    for (let halvings = 0; halvings < 60; halvings++) {
      const trial = new Float64Array(k);
      for (let a = 0; a < k; a++) trial[a] = (gamma[a] as number) + t * (step[a] as number);
      const value = loss(x, d, trial);
      // near the minimum the decrease drops below the loss's rounding: take the full Newton step
      const flat = halvings === 0 && Math.abs(value - current) <= 1e-13 * Math.max(1, Math.abs(current));
      if (Number.isFinite(value) && (value <= current + 1e-4 * t * slope || flat)) {
        gamma = trial;
        current = value;
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted) {
      // no decrease possible along the Newton direction: at the minimum to machine precision
      converged = maxGrad < Math.sqrt(tolerance);
      break;
    }
  }
  const used = converged ? gamma : Float64Array.from(start);
  const index = linearPredictor(x, used);
  const pscore = new Float64Array(n);
  for (let i = 0; i < n; i++) pscore[i] = 1 / (1 + Math.exp(-(index[i] as number)));
  return { coefficients: used, pscore, converged, iterations };
}
