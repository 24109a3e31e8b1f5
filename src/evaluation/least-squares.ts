/**
 * Least-squares building blocks of the evaluation engine: a row-major design matrix, (weighted)
 * least-squares coefficients by Householder QR (as R's `lm`), X'WX cross products, the inverse
 * of a small symmetric positive-definite matrix by Cholesky (as R's `chol2inv(chol(.))`) and the
 * reciprocal 1-norm condition number that R's `rcond()` estimates (computed exactly here, which
 * is cheap for the k × k matrices involved). Linear algebra by ml-matrix.
 */
import { CholeskyDecomposition, LuDecomposition, Matrix, QrDecomposition } from 'ml-matrix';

/** A dense n × k matrix stored row by row: entry (i, j) is `values[i * k + j]`. */
export interface Design {
  readonly n: number;
  readonly k: number;
  readonly values: Float64Array;
}

export function design(n: number, k: number, values?: Float64Array): Design {
  if (values !== undefined && values.length !== n * k) {
    throw new Error(`design: ${n} × ${k} needs ${n * k} values, got ${values.length}`);
  }
  return { n, k, values: values ?? new Float64Array(n * k) };
}

/** The rows of `x` picked by `rows` (indices), in that order. */
export function selectRows(x: Design, rows: ArrayLike<number>): Design {
  const out = new Float64Array(rows.length * x.k);
  for (let r = 0; r < rows.length; r++) {
    const src = (rows[r] as number) * x.k;
    out.set(x.values.subarray(src, src + x.k), r * x.k);
  }
  return { n: rows.length, k: x.k, values: out };
}

/**
 * Σᵢ wᵢ xᵢ xᵢ' (X'WX) over the rows where `include` is true (all rows when omitted), as a
 * symmetric ml-matrix Matrix. `weights` defaults to 1.
 */
export function crossProduct(
  x: Design,
  weights?: ArrayLike<number>,
  include?: (i: number) => boolean,
): Matrix {
  const { n, k, values } = x;
  const acc = new Float64Array(k * k);
  for (let i = 0; i < n; i++) {
    if (include !== undefined && !include(i)) continue;
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (w === 0) continue;
    const row = i * k;
    for (let a = 0; a < k; a++) {
      const wa = w * (values[row + a] as number);
      for (let b = a; b < k; b++)
        acc[a * k + b] = (acc[a * k + b] as number) + wa * (values[row + b] as number);
    }
  }
  const m = new Matrix(k, k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      const v = acc[a * k + b] as number;
      m.set(a, b, v);
      m.set(b, a, v);
    }
  }
  return m;
}

/**
 * Weighted least-squares coefficients of y on X over the rows where `include` is true, by
 * Householder QR of √w·X (R's `lm(y ~ -1 + X, weights = w, subset = include)`). Throws when the
 * design restricted to those rows is rank deficient.
 */
export function weightedLeastSquares(
  x: Design,
  y: ArrayLike<number>,
  weights?: ArrayLike<number>,
  include?: (i: number) => boolean,
): Float64Array {
  const { n, k, values } = x;
  const used: number[] = [];
  for (let i = 0; i < n; i++) {
    if (include !== undefined && !include(i)) continue;
    if (weights !== undefined && (weights[i] as number) === 0) continue;
    used.push(i);
  }
  if (used.length < k) {
    throw new Error(`least squares: ${used.length} observations for ${k} coefficients`);
  }
  const a = new Matrix(used.length, k);
  const b = new Matrix(used.length, 1);
  for (let r = 0; r < used.length; r++) {
    const i = used[r] as number;
    const s = weights === undefined ? 1 : Math.sqrt(weights[i] as number);
    for (let j = 0; j < k; j++) a.set(r, j, s * (values[i * k + j] as number));
    b.set(r, 0, s * (y[i] as number));
  }
  const qr = new QrDecomposition(a);
  if (!qr.isFullRank()) throw new Error('least squares: the design is rank deficient');
  const beta = qr.solve(b);
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) out[j] = beta.get(j, 0);
  return out;
}

/** X β for every row of X. */
export function linearPredictor(x: Design, beta: ArrayLike<number>): Float64Array {
  const { n, k, values } = x;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += (values[i * k + j] as number) * (beta[j] as number);
    out[i] = s;
  }
  return out;
}

/** Inverse of a symmetric positive-definite matrix by Cholesky; throws when it is not. */
export function inverseSpd(a: Matrix): Matrix {
  const chol = new CholeskyDecomposition(a);
  if (!chol.isPositiveDefinite()) throw new Error('matrix is not positive definite');
  return chol.solve(Matrix.eye(a.rows, a.rows));
}

function oneNorm(a: Matrix): number {
  let best = 0;
  for (let j = 0; j < a.columns; j++) {
    let s = 0;
    for (let i = 0; i < a.rows; i++) s += Math.abs(a.get(i, j));
    if (s > best) best = s;
  }
  return best;
}

/**
 * Reciprocal condition number in the 1-norm, 1 / (‖A‖₁ ‖A⁻¹‖₁): 0 for a singular matrix, 1 for
 * the identity. R's `rcond()` estimates the same quantity (LAPACK dgecon).
 */
export function reciprocalCondition(a: Matrix): number {
  const norm = oneNorm(a);
  if (!(norm > 0) || !Number.isFinite(norm)) return 0;
  const lu = new LuDecomposition(a);
  if (lu.isSingular()) return 0;
  const inv = lu.solve(Matrix.eye(a.rows, a.rows));
  const invNorm = oneNorm(inv);
  if (!Number.isFinite(invNorm) || invNorm === 0) return 0;
  return 1 / (norm * invNorm);
}
