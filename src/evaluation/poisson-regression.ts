/**
 * Poisson regression with a log link (a generalised linear model) fitted by iteratively reweighted
 * least squares, with an optional offset, and its quasi-Poisson variant.
 *
 * The fit follows R's `glm.fit` (family `poisson` / `quasipoisson`, see `?glm` and `?glm.control`)
 * so that results can be checked against R: the same start (μ = y + 0.1), the same convergence
 * rule (|D − D_old| / (|D| + 0.1) < 1e-8, at most 25 iterations), step halving when the deviance is
 * not finite. Textbook: McCullagh & Nelder (1989), Generalized Linear Models, 2nd ed., §2.5 (the
 * IRLS algorithm) and §6.2 (Poisson); Wedderburn (1974) for quasi-likelihood. Each iteration solves
 * a weighted least-squares problem by a QR decomposition of √W·X (ml-matrix); no JavaScript library
 * fits GLMs with an offset and R's diagnostics, so the loop is written here.
 *
 * Standard errors: Poisson uses the model-based covariance (X'WX)⁻¹. Quasi-Poisson keeps the same
 * coefficients and multiplies that covariance by the dispersion φ = Pearson χ² / residual df (R's
 * `summary.glm`). Wald intervals are exp(b ± z·se) with the normal quantile z, as in Epi's
 * `ci.lin` and R's `confint.default`, for both families (this is what reproduces the published
 * Sicily figures; see interrupted-time-series.test.ts). p-values are two-sided normal ones by
 * default; `waldTests(fit, level, 't')` gives R's `summary.glm` t-tests with the residual df.
 */
import { Matrix, QrDecomposition, inverse } from 'ml-matrix';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { ValidationError } from '../kernel/errors.ts';

export type PoissonFamily = 'poisson' | 'quasipoisson';

export interface PoissonGlmInput {
  /** Design matrix, one row per observation (include a column of 1s for an intercept). */
  readonly x: readonly (readonly number[])[];
  /** Counts (non-negative; need not be integers, as for R's quasipoisson). */
  readonly y: readonly number[];
  /** Known part of the linear predictor, e.g. log(population); 0 when absent. */
  readonly offset?: readonly number[];
  /** Names of the design columns, used in error messages and results. */
  readonly columnNames?: readonly string[];
  /** 'poisson' (dispersion fixed at 1) or 'quasipoisson' (dispersion estimated). */
  readonly family?: PoissonFamily;
  /** At most this many IRLS iterations (R's default: 25). */
  readonly maxIterations?: number;
  /** Relative change in deviance under which the fit has converged (R's default: 1e-8). */
  readonly tolerance?: number;
  /** When false, a fit that did not converge is returned with `converged: false` instead of throwing. */
  readonly requireConvergence?: boolean;
}

export interface PoissonGlmFit {
  readonly family: PoissonFamily;
  readonly columnNames: readonly string[];
  readonly coefficients: readonly number[];
  /** Standard errors: model-based, times √dispersion for quasi-Poisson. */
  readonly standardErrors: readonly number[];
  /** Covariance of the coefficients (scaled by the dispersion for quasi-Poisson). */
  readonly covariance: readonly (readonly number[])[];
  /** 1 for Poisson; Pearson χ² / residual df for quasi-Poisson. */
  readonly dispersion: number;
  /** Pearson χ² / residual df whatever the family: the overdispersion diagnostic. */
  readonly estimatedDispersion: number;
  /** Residual deviance 2 Σ [y log(y/μ) − (y − μ)]. */
  readonly deviance: number;
  /** Pearson χ² = Σ (y − μ)² / μ. */
  readonly pearsonChiSquare: number;
  /** Observations minus coefficients. */
  readonly dfResidual: number;
  /** Fitted means μ. */
  readonly fitted: readonly number[];
  /** Linear predictor η = offset + Xb. */
  readonly linearPredictor: readonly number[];
  readonly devianceResiduals: readonly number[];
  readonly pearsonResiduals: readonly number[];
  readonly iterations: number;
  readonly converged: boolean;
}

/** A coefficient with its Wald interval, on the log scale and as a rate ratio exp(b). */
export interface WaldTest {
  readonly name: string;
  readonly estimate: number;
  readonly standardError: number;
  /** estimate / standardError (z or t). */
  readonly statistic: number;
  readonly pValue: number;
  readonly lower: number;
  readonly upper: number;
  readonly rateRatio: number;
  readonly rateRatioLower: number;
  readonly rateRatioUpper: number;
}

/** Which reference distribution the Wald tests use: normal (ci.lin) or t with the residual df (summary.glm). */
export type WaldReference = 'normal' | 't';

const DEFAULT_MAX_ITERATIONS = 25;
const DEFAULT_TOLERANCE = 1e-8;
/** R's glm.fit starts every Poisson fit at μ = y + 0.1. */
const START_SHIFT = 0.1;
/** A column is collinear when QR leaves less than this fraction of its norm (R's glm.fit uses 1e-11). */
const RANK_TOLERANCE = 1e-10;
const MAX_STEP_HALVINGS = 25;

/** Fits log E[y] = offset + Xb by IRLS. Throws ValidationError on bad input, collinearity or non-convergence. */
export function fitPoissonGlm(input: PoissonGlmInput): PoissonGlmFit {
  const { x, y } = input;
  const n = y.length;
  const p = x[0]?.length ?? 0;
  const names = input.columnNames ?? Array.from({ length: p }, (_, j) => `x${j + 1}`);
  const offset = input.offset ?? new Array<number>(n).fill(0);
  const family = input.family ?? 'poisson';
  const maxIterations = input.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const tolerance = input.tolerance ?? DEFAULT_TOLERANCE;
  checkInput(x, y, offset, names, p);

  const design = new Matrix(x.map((row) => [...row]));

  // Start (R's glm.fit): μ = y + 0.1, η = log μ.
  let mu = y.map((yi) => yi + START_SHIFT);
  let eta = mu.map(Math.log);
  let deviance = poissonDeviance(y, mu);
  let beta: number[] | undefined;
  let converged = false;
  let iterations = 0;

  while (iterations < maxIterations) {
    iterations += 1;
    // 1. Working response z and working weights w for the log link and Poisson variance V(μ) = μ:
    //    z = (η − offset) + (y − μ) · dη/dμ = (η − offset) + (y − μ)/μ,   w = (dμ/dη)² / V(μ) = μ.
    const z = eta.map((e, i) => e - offset[i]! + (y[i]! - mu[i]!) / mu[i]!);
    const w = mu;
    // 2. Weighted least squares: minimise Σ w (z − Xb)², i.e. ordinary least squares on √w·X and √w·z.
    const qr = weightedQr(design, w, names);
    const sqrtWz = Matrix.columnVector(z.map((zi, i) => Math.sqrt(w[i]!) * zi));
    let next = qr.solve(sqrtWz).getColumn(0);
    // 3. New linear predictor, means and deviance; halve the step while the deviance is not finite.
    let candidate = evaluate(design, next, offset, y);
    for (let halving = 0; !Number.isFinite(candidate.deviance) && halving < MAX_STEP_HALVINGS; halving++) {
      if (beta === undefined) {
        throw new ValidationError('Poisson regression: no valid coefficients from the starting values.');
      }
      const previous = beta;
      next = next.map((b, j) => (b + previous[j]!) / 2);
      candidate = evaluate(design, next, offset, y);
    }
    if (!Number.isFinite(candidate.deviance)) {
      throw new ValidationError('Poisson regression: the deviance is not finite even after step halving.');
    }
    beta = next;
    eta = candidate.eta;
    mu = candidate.mu;
    // 4. Converged when the deviance no longer changes (R's rule).
    const change = Math.abs(candidate.deviance - deviance) / (Math.abs(candidate.deviance) + 0.1);
    deviance = candidate.deviance;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  if (beta === undefined) throw new ValidationError('Poisson regression: maxIterations must be at least 1.');
  if (!converged && input.requireConvergence !== false) {
    throw new ValidationError(
      `Poisson regression did not converge in ${maxIterations} iterations ` +
        '(often a group or period with only zero counts, whose rate tends to 0).',
    );
  }

  // Covariance (X'WX)⁻¹ = R⁻¹R⁻ᵀ from the QR of √W·X at the final means.
  const rInverse = inverse(weightedQr(design, mu, names).upperTriangularMatrix);
  const unscaled = rInverse.mmul(rInverse.transpose());
  const pearsonChiSquare = y.reduce((sum, yi, i) => sum + (yi - mu[i]!) ** 2 / mu[i]!, 0);
  const dfResidual = n - p;
  const estimatedDispersion = pearsonChiSquare / dfResidual;
  const dispersion = family === 'quasipoisson' ? estimatedDispersion : 1;
  const covariance = unscaled.mul(dispersion).to2DArray();

  return {
    family,
    columnNames: names,
    coefficients: beta,
    standardErrors: covariance.map((row, j) => Math.sqrt(row[j]!)),
    covariance,
    dispersion,
    estimatedDispersion,
    deviance,
    pearsonChiSquare,
    dfResidual,
    fitted: mu,
    linearPredictor: eta,
    devianceResiduals: y.map((yi, i) => Math.sign(yi - mu[i]!) * Math.sqrt(unitDeviance(yi, mu[i]!))),
    pearsonResiduals: y.map((yi, i) => (yi - mu[i]!) / Math.sqrt(mu[i]!)),
    iterations,
    converged,
  };
}

/**
 * Wald tests and intervals for every coefficient: b ± q·se and exp of those, with q the normal
 * quantile (default, as Epi's `ci.lin` and `confint.default`) or the t quantile on the residual df.
 */
export function waldTests(
  fit: PoissonGlmFit,
  level = 0.95,
  reference: WaldReference = 'normal',
): readonly WaldTest[] {
  return fit.columnNames.map((name, j) => {
    const unit = fit.coefficients.map((_, k) => (k === j ? 1 : 0));
    return linearCombinationTest(fit, unit, name, level, reference);
  });
}

/** Wald test of the linear combination c'b (e.g. b_time + b_slope), whose variance is c'Vc. */
export function linearCombinationTest(
  fit: PoissonGlmFit,
  contrast: readonly number[],
  name: string,
  level = 0.95,
  reference: WaldReference = 'normal',
): WaldTest {
  if (!(level > 0 && level < 1))
    throw new ValidationError(`Confidence level must be in (0, 1), got ${level}.`);
  if (contrast.length !== fit.coefficients.length) {
    throw new ValidationError(
      `Contrast has ${contrast.length} weights for ${fit.coefficients.length} coefficients.`,
    );
  }
  const estimate = contrast.reduce((sum, c, j) => sum + c * fit.coefficients[j]!, 0);
  let variance = 0;
  contrast.forEach((ci, i) =>
    contrast.forEach((cj, j) => {
      variance += ci * cj * fit.covariance[i]![j]!;
    }),
  );
  const standardError = Math.sqrt(variance);
  const statistic = estimate / standardError;
  const upperTail = 1 - (1 - level) / 2;
  const df = fit.dfResidual;
  const q = reference === 'normal' ? normalQuantile(upperTail, 0, 1) : tQuantile(upperTail, df);
  const tail =
    reference === 'normal' ? normalCdf(-Math.abs(statistic), 0, 1) : tCdf(-Math.abs(statistic), df);
  const lower = estimate - q * standardError;
  const upper = estimate + q * standardError;
  return {
    name,
    estimate,
    standardError,
    statistic,
    pValue: 2 * tail,
    lower,
    upper,
    rateRatio: Math.exp(estimate),
    rateRatioLower: Math.exp(lower),
    rateRatioUpper: Math.exp(upper),
  };
}

/** Poisson unit deviance 2 [y log(y/μ) − (y − μ)], with y log y = 0 at y = 0. */
export function unitDeviance(y: number, mu: number): number {
  const ylogy = y > 0 ? y * Math.log(y / mu) : 0;
  return 2 * (ylogy - (y - mu));
}

export function poissonDeviance(y: readonly number[], mu: readonly number[]): number {
  return y.reduce((sum, yi, i) => sum + unitDeviance(yi, mu[i]!), 0);
}

function evaluate(
  design: Matrix,
  beta: readonly number[],
  offset: readonly number[],
  y: readonly number[],
): { eta: number[]; mu: number[]; deviance: number } {
  const xb = design.mmul(Matrix.columnVector([...beta])).getColumn(0);
  const eta = xb.map((v, i) => v + offset[i]!);
  const mu = eta.map(Math.exp);
  const valid = mu.every((m) => Number.isFinite(m) && m > 0);
  return { eta, mu, deviance: valid ? poissonDeviance(y, mu) : Number.POSITIVE_INFINITY };
}

/**
 * QR decomposition of √w·X, refusing a rank-deficient design: column j is collinear with the columns
 * before it when the part of it that they do not explain (|R_jj|) is a negligible fraction of its norm.
 */
function weightedQr(design: Matrix, w: readonly number[], names: readonly string[]): QrDecomposition {
  const weighted = design.clone();
  for (let i = 0; i < weighted.rows; i++) weighted.mulRow(i, Math.sqrt(w[i]!));
  const qr = new QrDecomposition(weighted);
  const r = qr.upperTriangularMatrix;
  for (let j = 0; j < weighted.columns; j++) {
    const norm = weighted.getColumnVector(j).norm();
    if (!(Math.abs(r.get(j, j)) > RANK_TOLERANCE * norm)) {
      throw new ValidationError(
        `Poisson regression: the design is rank deficient (column "${names[j]}" is zero or a linear ` +
          'combination of the columns before it); drop a term or add observations.',
      );
    }
  }
  return qr;
}

function checkInput(
  x: readonly (readonly number[])[],
  y: readonly number[],
  offset: readonly number[],
  names: readonly string[],
  p: number,
): void {
  const n = y.length;
  if (p === 0) throw new ValidationError('Poisson regression needs at least one design column.');
  if (x.length !== n) throw new ValidationError(`Design has ${x.length} rows but there are ${n} counts.`);
  if (offset.length !== n) throw new ValidationError(`Offset has ${offset.length} values, expected ${n}.`);
  if (names.length !== p) throw new ValidationError(`${names.length} column names for ${p} columns.`);
  if (n <= p) {
    throw new ValidationError(`Poisson regression needs more observations (${n}) than coefficients (${p}).`);
  }
  x.forEach((row, i) => {
    if (row.length !== p)
      throw new ValidationError(`Design row ${i + 1} has ${row.length} values, expected ${p}.`);
    if (!row.every(Number.isFinite)) throw new ValidationError(`Design row ${i + 1} has a non-finite value.`);
  });
  y.forEach((yi, i) => {
    if (!(Number.isFinite(yi) && yi >= 0)) {
      throw new ValidationError(`Count ${i + 1} must be a finite non-negative number, got ${yi}.`);
    }
  });
  offset.forEach((o, i) => {
    if (!Number.isFinite(o)) throw new ValidationError(`Offset ${i + 1} is not finite (${o}).`);
  });
}
