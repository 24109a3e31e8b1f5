/**
 * Logistic regression by maximum likelihood, fitted by iteratively reweighted least squares
 * (Newton–Raphson on the binomial log-likelihood), started and stopped as R's
 * `glm(family = binomial)` (McCullagh & Nelder 1989, §4.4): start from μ = (y + ½)/2, stop when
 * the deviance changes by less than a relative 1e-12 (R uses 1e-8; tighter here so the estimates
 * agree with R's to more digits than R prints). Written by hand (no JavaScript library fits a
 * logit with the pieces the doubly robust estimators need); each step solves the k × k weighted
 * normal equations by Cholesky (ml-matrix).
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { crossProduct, linearPredictor, type Design } from './least-squares.ts';

export interface LogisticFit {
  readonly coefficients: Float64Array;
  /** fitted probabilities, one per row */
  readonly fitted: Float64Array;
  readonly converged: boolean;
  readonly iterations: number;
  readonly deviance: number;
}

export interface LogisticOptions {
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

const EPS = 2.220446049250313e-16;

/** The inverse logit, kept inside [ε, 1 − ε] as R's binomial link does. */
function logistic(eta: number): number {
  const p = eta >= 0 ? 1 / (1 + Math.exp(-eta)) : Math.exp(eta) / (1 + Math.exp(eta));
  return Math.min(Math.max(p, EPS), 1 - EPS);
}

function binomialDeviance(y: ArrayLike<number>, mu: Float64Array): number {
  let dev = 0;
  for (let i = 0; i < mu.length; i++) {
    const yi = y[i] as number;
    const m = mu[i] as number;
    if (yi > 0) dev -= 2 * yi * Math.log(m / yi);
    if (yi < 1) dev -= 2 * (1 - yi) * Math.log((1 - m) / (1 - yi));
  }
  return dev;
}

/** Fits P(y = 1 | x) = 1 / (1 + e^(−x'γ)); `x` must carry its own intercept column. */
export function logisticRegression(
  x: Design,
  y: ArrayLike<number>,
  options: LogisticOptions = {},
): LogisticFit {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-12;
  const { n, k, values } = x;
  if (y.length !== n) throw new Error(`logistic regression: ${n} rows but ${y.length} responses`);
  const mu = new Float64Array(n);
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const yi = y[i] as number;
    if (!(yi >= 0 && yi <= 1)) throw new Error(`logistic regression: response ${yi} outside [0, 1]`);
    mu[i] = (yi + 0.5) / 2;
    eta[i] = Math.log((mu[i] as number) / (1 - (mu[i] as number)));
  }
  let deviance = binomialDeviance(y, mu);
  let coefficients: Float64Array = new Float64Array(k);
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  let converged = false;
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    // IRLS step: β = (X'WX)⁻¹ X'Wz with W = μ(1 − μ), z = η + (y − μ)/W
    for (let i = 0; i < n; i++) {
      const m = mu[i] as number;
      const v = m * (1 - m);
      w[i] = v;
      z[i] = (eta[i] as number) + ((y[i] as number) - m) / v;
    }
    const xtwx = crossProduct(x, w);
    const xtwz = new Matrix(k, 1);
    for (let i = 0; i < n; i++) {
      const wz = (w[i] as number) * (z[i] as number);
      for (let j = 0; j < k; j++) xtwz.set(j, 0, xtwz.get(j, 0) + wz * (values[i * k + j] as number));
    }
    const chol = new CholeskyDecomposition(xtwx);
    if (!chol.isPositiveDefinite()) throw new Error("logistic regression: X'WX is singular");
    const beta = chol.solve(xtwz);
    coefficients = Float64Array.from({ length: k }, (_, j) => beta.get(j, 0));
    const next = linearPredictor(x, coefficients);
    for (let i = 0; i < n; i++) {
      eta[i] = next[i] as number;
      mu[i] = logistic(next[i] as number);
    }
    const previous = deviance;
    deviance = binomialDeviance(y, mu);
    if (Math.abs(deviance - previous) / (Math.abs(deviance) + 0.1) < tolerance) {
      converged = true;
      break;
    }
  }
  return { coefficients, fitted: mu, converged, iterations, deviance };
}
