/**
 * The inner problem of the synthetic control method (Abadie & Gardeazabal 2003; Abadie, Diamond &
 * Hainmueller 2010): donor weights W on the simplex (w ≥ 0, Σw = 1) minimising the V-weighted
 * distance between the treated unit's predictors x1 and the donors' X0,
 *
 *     (x1 − X0 w)' diag(v) (x1 − X0 w),
 *
 * solved exactly by a primal active-set method (the Lawson–Hanson scheme of non-negative least
 * squares, Lawson & Hanson 1974 ch. 23, with the sum-to-one constraint eliminated on the free set).
 * It starts from the best single donor, adds the donor whose reduced gradient is most negative,
 * solves the equality-constrained least-squares problem on the free donors, and steps back to the
 * boundary when a weight would turn negative; it stops when the KKT conditions hold: every free
 * donor has the same gradient λ and every other donor a gradient ≥ λ. R `Synth` solves the same QP
 * with the interior-point `kernlab::ipop` (to about 5 significant digits); the answer here is the
 * vertex-exact one.
 *
 * Written by hand, with its own small Cholesky on preallocated buffers, because the outer
 * optimiser calls it thousands of times per fit: a general QP library (quadprog needs a strictly
 * positive-definite X0'VX0, which fails whenever donors outnumber predictors) or an allocating
 * matrix library would dominate the run time. The free-set systems get a ridge of 1e-12 of their
 * trace so that an exactly degenerate set (donors with identical predictors) still solves.
 */

export interface SimplexSolution {
  /** one weight per donor (column of X0): ≥ 0, summing to 1 */
  readonly weights: Float64Array;
  /** (x1 − X0 w)' diag(v) (x1 − X0 w) at the solution */
  readonly loss: number;
  /** active-set changes made */
  readonly iterations: number;
  /** false only when the iteration limit stopped the search */
  readonly converged: boolean;
}

const RIDGE = 1e-12;
/** weights at or below this after a step back to the boundary leave the free set */
const DROP = 1e-14;

/**
 * Solver for one (X0, x1) pair and any number of V: X0 has `rows` predictors × `cols` donors,
 * row-major.
 */
export class SimplexWeightSolver {
  readonly rows: number;
  readonly cols: number;
  private readonly x0: Float64Array;
  private readonly x1: Float64Array;
  private readonly rowScale: Float64Array;
  private readonly residual: Float64Array;
  private readonly gradient: Float64Array;
  private readonly free: Int32Array;
  private readonly inFree: Uint8Array;
  private readonly z: Float64Array;
  private readonly gram: Float64Array;
  private readonly rhs: Float64Array;
  private readonly target: Float64Array;

  constructor(x0: Float64Array, x1: Float64Array, rows: number, cols: number) {
    if (x0.length !== rows * cols) throw new Error(`X0 must hold ${rows} × ${cols} values`);
    if (x1.length !== rows) throw new Error(`x1 must hold ${rows} values`);
    if (cols < 1) throw new Error('At least one donor is needed');
    this.rows = rows;
    this.cols = cols;
    this.x0 = x0;
    this.x1 = x1;
    this.rowScale = new Float64Array(rows);
    for (let k = 0; k < rows; k++) {
      let max = Math.abs(x1[k]!);
      for (let j = 0; j < cols; j++) max = Math.max(max, Math.abs(x0[k * cols + j]!));
      this.rowScale[k] = max * max;
    }
    this.residual = new Float64Array(rows);
    this.gradient = new Float64Array(cols);
    this.free = new Int32Array(cols);
    this.inFree = new Uint8Array(cols);
    this.z = new Float64Array(cols);
    this.gram = new Float64Array(cols * cols);
    this.rhs = new Float64Array(cols);
    this.target = new Float64Array(rows);
  }

  /** The simplex weights minimising the v-weighted loss; v ≥ 0, one value per predictor. */
  solve(v: ArrayLike<number>): SimplexSolution {
    const { rows, cols, x0, x1 } = this;
    if (v.length !== rows) throw new Error(`V must hold ${rows} values`);
    let scale = 0;
    for (let k = 0; k < rows; k++) {
      if (!(v[k]! >= 0)) throw new Error('V must be non-negative');
      scale += v[k]! * 4 * this.rowScale[k]!;
    }
    const tolerance = 1e-11 * (scale > 0 ? scale : 1);
    const w = new Float64Array(cols);
    const { free, inFree, z } = this;
    inFree.fill(0);

    // start from the best single donor
    let start = 0;
    let startLoss = Infinity;
    for (let j = 0; j < cols; j++) {
      let loss = 0;
      for (let k = 0; k < rows; k++) {
        const d = x1[k]! - x0[k * cols + j]!;
        loss += v[k]! * d * d;
      }
      if (loss < startLoss) {
        startLoss = loss;
        start = j;
      }
    }
    let size = 1;
    free[0] = start;
    inFree[start] = 1;
    w[start] = 1;

    const maxIterations = 5 * cols + 50;
    let iterations = 0;
    let converged = false;
    while (iterations < maxIterations) {
      this.computeGradient(v, w);
      let lambda = 0;
      for (let i = 0; i < size; i++) lambda += w[free[i]!]! * this.gradient[free[i]!]!;
      let entering = -1;
      let mostNegative = -tolerance;
      for (let j = 0; j < cols; j++) {
        if (inFree[j] === 1) continue;
        const reduced = this.gradient[j]! - lambda;
        if (reduced < mostNegative) {
          mostNegative = reduced;
          entering = j;
        }
      }
      if (entering < 0) {
        converged = true;
        break;
      }
      free[size++] = entering;
      inFree[entering] = 1;
      iterations++;

      // inner loop: move towards the free-set optimum, dropping donors whose weight reaches 0
      let firstPass = true;
      for (;;) {
        this.solveFreeSet(v, w, size);
        let feasible = true;
        for (let i = 0; i < size; i++) if (z[free[i]!]! <= 0) feasible = false;
        if (feasible) {
          for (let i = 0; i < size; i++) w[free[i]!] = z[free[i]!]!;
          break;
        }
        if (firstPass && z[entering]! <= 0) {
          // rounding: the entering donor cannot help after all; the current point is optimal
          inFree[entering] = 0;
          size--;
          converged = true;
          break;
        }
        firstPass = false;
        let alpha = 1;
        let blocking = -1;
        for (let i = 0; i < size; i++) {
          const j = free[i]!;
          if (z[j]! <= 0) {
            const ratio = w[j]! / (w[j]! - z[j]!);
            if (ratio < alpha) {
              alpha = ratio;
              blocking = j;
            }
          }
        }
        for (let i = 0; i < size; i++) {
          const j = free[i]!;
          w[j] = w[j]! + alpha * (z[j]! - w[j]!);
        }
        if (blocking >= 0) w[blocking] = 0;
        let kept = 0;
        for (let i = 0; i < size; i++) {
          const j = free[i]!;
          if (w[j]! > DROP) free[kept++] = j;
          else {
            w[j] = 0;
            inFree[j] = 0;
          }
        }
        size = kept;
        iterations++;
        if (size === 0) throw new Error('Simplex weights: the free set became empty');
      }
      if (converged) break;
    }

    // exact simplex: no negative rounding, sum 1
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      if (w[j]! < 0) w[j] = 0;
      sum += w[j]!;
    }
    for (let j = 0; j < cols; j++) w[j] = w[j]! / sum;
    let loss = 0;
    for (let k = 0; k < rows; k++) {
      let fit = 0;
      for (let j = 0; j < cols; j++) fit += x0[k * cols + j]! * w[j]!;
      const d = x1[k]! - fit;
      loss += v[k]! * d * d;
    }
    return { weights: w, loss, iterations, converged };
  }

  /** gradient of ½ loss: g_j = −Σ_k v_k X0_kj (x1 − X0 w)_k */
  private computeGradient(v: ArrayLike<number>, w: Float64Array): void {
    const { rows, cols, x0, x1, residual, gradient } = this;
    for (let k = 0; k < rows; k++) {
      let fit = 0;
      for (let j = 0; j < cols; j++) fit += x0[k * cols + j]! * w[j]!;
      residual[k] = v[k]! * (x1[k]! - fit);
    }
    gradient.fill(0);
    for (let k = 0; k < rows; k++) {
      const r = residual[k]!;
      if (r === 0) continue;
      const offset = k * cols;
      for (let j = 0; j < cols; j++) gradient[j] = gradient[j]! - x0[offset + j]! * r;
    }
  }

  /**
   * z on the free set minimising the loss subject to Σz = 1, the other weights 0. The constraint
   * is eliminated through the free donor with the largest current weight (p): z_p = 1 − Σ z_i, so
   * the problem is least squares in the others with columns X0_i − X0_p and target x1 − X0_p,
   * solved from its normal equations by Cholesky.
   */
  private solveFreeSet(v: ArrayLike<number>, w: Float64Array, size: number): void {
    const { rows, cols, x0, x1, free, z, gram, rhs, target } = this;
    let pivotIndex = 0;
    for (let i = 1; i < size; i++) if (w[free[i]!]! > w[free[pivotIndex]!]!) pivotIndex = i;
    const p = free[pivotIndex]!;
    z.fill(0);
    if (size === 1) {
      z[p] = 1;
      return;
    }
    const m = size - 1;
    // the other free donors, in order, skipping the pivot
    const other = (i: number): number => free[i < pivotIndex ? i : i + 1]!;
    for (let k = 0; k < rows; k++) target[k] = x1[k]! - x0[k * cols + p]!;
    let trace = 0;
    for (let a = 0; a < m; a++) {
      const ja = other(a);
      for (let b = 0; b <= a; b++) {
        const jb = other(b);
        let s = 0;
        for (let k = 0; k < rows; k++) {
          const base = x0[k * cols + p]!;
          s += v[k]! * (x0[k * cols + ja]! - base) * (x0[k * cols + jb]! - base);
        }
        gram[a * m + b] = s;
      }
      let r = 0;
      for (let k = 0; k < rows; k++) r += v[k]! * (x0[k * cols + ja]! - x0[k * cols + p]!) * target[k]!;
      rhs[a] = r;
      trace += gram[a * m + a]!;
    }
    const ridge = RIDGE * (trace > 0 ? trace / m : 1) + Number.MIN_VALUE;
    // Cholesky G = L L' in place (lower triangle), then forward and back substitution
    for (let a = 0; a < m; a++) {
      for (let b = 0; b <= a; b++) {
        let s = gram[a * m + b]! + (a === b ? ridge : 0);
        for (let c = 0; c < b; c++) s -= gram[a * m + c]! * gram[b * m + c]!;
        if (a === b) gram[a * m + a] = Math.sqrt(Math.max(s, ridge));
        else gram[a * m + b] = s / gram[b * m + b]!;
      }
    }
    for (let a = 0; a < m; a++) {
      let s = rhs[a]!;
      for (let c = 0; c < a; c++) s -= gram[a * m + c]! * rhs[c]!;
      rhs[a] = s / gram[a * m + a]!;
    }
    for (let a = m - 1; a >= 0; a--) {
      let s = rhs[a]!;
      for (let c = a + 1; c < m; c++) s -= gram[c * m + a]! * rhs[c]!;
      rhs[a] = s / gram[a * m + a]!;
    }
    let rest = 1;
    for (let a = 0; a < m; a++) {
      z[other(a)] = rhs[a]!;
      rest -= rhs[a]!;
    }
    z[p] = rest;
  }
}

/** Convenience form: X0 as rows (predictors) of donor values, x1 the treated unit's predictors. */
export function simplexWeights(
  x0: readonly (readonly number[])[],
  x1: readonly number[],
  v: readonly number[] = x1.map(() => 1),
): SimplexSolution {
  const rows = x1.length;
  const cols = x0[0]?.length ?? 0;
  if (x0.length !== rows) throw new Error('X0 needs one row per predictor of x1');
  const flat = new Float64Array(rows * cols);
  x0.forEach((row, k) => {
    if (row.length !== cols) throw new Error('Every row of X0 needs one value per donor');
    flat.set(row, k * cols);
  });
  return new SimplexWeightSolver(flat, Float64Array.from(x1), rows, cols).solve(v);
}
