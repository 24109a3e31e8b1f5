/**
 * Ordinary least squares with a cluster-robust (Liang–Zeger 1986) sandwich covariance,
 * V = (X'X)⁻¹ [Σ_g (X_g'e_g)(X_g'e_g)'] (X'X)⁻¹ · G/(G − 1) · (N − 1)/(N − K) — the "CR1"
 * small-sample correction of Stata's `regress, vce(cluster)` and R fixest's default — with
 * G − 1 degrees of freedom for t-based inference (Cameron & Miller 2015, §II.C). Coefficients by
 * QR (./least-squares.ts), the bread by Cholesky (ml-matrix).
 */
import {
  crossProduct,
  inverseSpd,
  linearPredictor,
  weightedLeastSquares,
  type Design,
} from './least-squares.ts';
import { Matrix } from 'ml-matrix';

export interface ClusterRobustFit {
  readonly coefficients: Float64Array;
  /** CR1 covariance of the coefficients */
  readonly covariance: Matrix;
  readonly standardErrors: Float64Array;
  readonly clusters: number;
  /** G − 1 */
  readonly df: number;
  readonly observations: number;
}

/**
 * `cluster[i]` is the cluster (0 … G − 1) of row i. Throws when the design is rank deficient or
 * there are fewer than two clusters.
 */
export function clusterRobustOls(
  x: Design,
  y: ArrayLike<number>,
  cluster: ArrayLike<number>,
): ClusterRobustFit {
  const { n, k, values } = x;
  if (y.length !== n || cluster.length !== n) {
    throw new Error(`cluster-robust OLS: ${n} rows, ${y.length} responses, ${cluster.length} cluster ids`);
  }
  let g = 0;
  for (let i = 0; i < n; i++) g = Math.max(g, (cluster[i] as number) + 1);
  if (g < 2) throw new Error('cluster-robust OLS: at least two clusters are needed');
  const beta = weightedLeastSquares(x, y);
  const fitted = linearPredictor(x, beta);
  const bread = inverseSpd(crossProduct(x));
  // score sums per cluster: s_g = Σ_{i in g} x_i e_i
  const scores = new Float64Array(g * k);
  for (let i = 0; i < n; i++) {
    const e = (y[i] as number) - (fitted[i] as number);
    const c = cluster[i] as number;
    for (let j = 0; j < k; j++)
      scores[c * k + j] = (scores[c * k + j] as number) + e * (values[i * k + j] as number);
  }
  const meat = new Matrix(k, k);
  for (let c = 0; c < g; c++) {
    for (let a = 0; a < k; a++) {
      const sa = scores[c * k + a] as number;
      for (let b = 0; b < k; b++) meat.set(a, b, meat.get(a, b) + sa * (scores[c * k + b] as number));
    }
  }
  const correction = (g / (g - 1)) * ((n - 1) / (n - k));
  const covariance = bread.mmul(meat).mmul(bread).mul(correction);
  const standardErrors = Float64Array.from({ length: k }, (_, j) => Math.sqrt(covariance.get(j, j)));
  return { coefficients: beta, covariance, standardErrors, clusters: g, df: g - 1, observations: n };
}
