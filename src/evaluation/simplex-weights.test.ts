import fc from 'fast-check';
import { Matrix, solve } from 'ml-matrix';
import { solveQP } from 'quadprog';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';
import { SimplexWeightSolver, simplexWeights } from './simplex-weights.ts';

function loss(x0: number[][], x1: number[], v: number[], w: ArrayLike<number>): number {
  return x1.reduce((s, x, k) => {
    const fit = x0[k]!.reduce((t, value, j) => t + value * w[j]!, 0);
    return s + v[k]! * (x - fit) ** 2;
  }, 0);
}

/**
 * Brute force: the optimum lies on some face of the simplex and is the equality-constrained
 * least-squares point of that face; try every subset of donors, keep the feasible ones.
 */
function bruteForce(x0: number[][], x1: number[], v: number[]): { weights: number[]; loss: number } {
  const J = x0[0]!.length;
  let best = { weights: [] as number[], loss: Infinity };
  for (let mask = 1; mask < 1 << J; mask++) {
    const set = [...Array(J).keys()].filter((j) => (mask >> j) & 1);
    const m = set.length;
    // KKT: [H 1; 1' 0] [z; mu] = [c; 1] with H = X_S' V X_S, c = X_S' V x1
    const kkt = Matrix.zeros(m + 1, m + 1);
    const rhs = Matrix.zeros(m + 1, 1);
    set.forEach((a, ia) => {
      set.forEach((b, ib) => {
        kkt.set(
          ia,
          ib,
          x1.reduce((s, _, k) => s + v[k]! * x0[k]![a]! * x0[k]![b]!, 0),
        );
      });
      kkt.set(ia, m, 1);
      kkt.set(m, ia, 1);
      rhs.set(
        ia,
        0,
        x1.reduce((s, x, k) => s + v[k]! * x0[k]![a]! * x, 0),
      );
    });
    rhs.set(m, 0, 1);
    let z: Matrix;
    try {
      z = solve(kkt, rhs);
    } catch {
      continue;
    }
    const weights = new Array<number>(J).fill(0);
    let feasible = true;
    set.forEach((j, i) => {
      const value = z.get(i, 0);
      if (!Number.isFinite(value) || value < -1e-10) feasible = false;
      weights[j] = value;
    });
    if (!feasible) continue;
    const value = loss(x0, x1, v, weights);
    if (value < best.loss) best = { weights, loss: value };
  }
  return best;
}

function randomProblem(seed: number, K: number, J: number) {
  const random = seededRandom(seed);
  const x0 = Array.from({ length: K }, () => Array.from({ length: J }, () => random.normal()));
  const x1 = Array.from({ length: K }, () => random.normal() * 1.5);
  const v = Array.from({ length: K }, (): number => random.uniform() + 0.05);
  return { x0, x1, v };
}

describe('simplexWeights (inner QP of the synthetic control)', () => {
  it('agrees with brute force over every face of the simplex on 400 tiny problems', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const K = 1 + (seed % 4);
      const J = 2 + (seed % 5);
      const { x0, x1, v } = randomProblem(seed, K, J);
      const exact = bruteForce(x0, x1, v);
      const solution = simplexWeights(x0, x1, v);
      expect(solution.converged).toBe(true);
      expect(solution.loss).toBeCloseTo(exact.loss, 9);
      if (J <= K + 1) exact.weights.forEach((w, j) => expect(solution.weights[j]).toBeCloseTo(w, 7));
    }
  });

  it('agrees with quadprog (Goldfarb–Idnani) when X0′VX0 is positive definite', () => {
    for (let seed = 1000; seed < 1100; seed++) {
      const J = 3 + (seed % 6);
      const K = J + 2;
      const { x0, x1, v } = randomProblem(seed, K, J);
      // 1-based arrays for quadprog: D = X0'VX0, d = X0'V x1, constraints 1'w = 1 then w ≥ 0
      const D: number[][] = [[]];
      const d: number[] = [0];
      const A: number[][] = [[]];
      for (let a = 0; a < J; a++) {
        D.push([0]);
        A.push([0, 1]);
        for (let b = 0; b < J; b++) {
          D[a + 1]!.push(x1.reduce((s, _, k) => s + v[k]! * x0[k]![a]! * x0[k]![b]!, 0));
          A[a + 1]!.push(a === b ? 1 : 0);
        }
        d.push(x1.reduce((s, x, k) => s + v[k]! * x0[k]![a]! * x, 0));
      }
      const qp = solveQP(D, d, A, [0, 1, ...new Array<number>(J).fill(0)], 1);
      expect(qp.message).toBe('');
      const solution = simplexWeights(x0, x1, v);
      for (let j = 0; j < J; j++) expect(solution.weights[j]).toBeCloseTo(qp.solution[j + 1]!, 7);
    }
  });

  it('recovers exact convex combinations', () => {
    const random = seededRandom(7);
    const J = 12;
    const K = 6;
    const x0 = Array.from({ length: K }, () => Array.from({ length: J }, () => random.normal()));
    const truth = new Array<number>(J).fill(0);
    truth[2] = 0.5;
    truth[7] = 0.3;
    truth[9] = 0.2;
    const x1 = x0.map((row) => row.reduce((s, x, j) => s + x * truth[j]!, 0));
    const solution = simplexWeights(x0, x1);
    expect(solution.loss).toBeLessThan(1e-20);
    truth.forEach((w, j) => expect(solution.weights[j]).toBeCloseTo(w, 8));
  });

  it('handles identical donors and zero weights in V', () => {
    const x0 = [
      [1, 1, 3, 0],
      [2, 2, 0, 5],
      [0, 0, 7, 1],
    ];
    const x1 = [1.5, 1, 3];
    for (const v of [
      [1, 1, 1],
      [1, 0, 0],
      [0, 0, 1],
    ]) {
      const solution = simplexWeights(x0, x1, v);
      const exact = bruteForce(x0, x1, v);
      expect(solution.loss).toBeCloseTo(exact.loss, 10);
      expect([...solution.weights].reduce((s, w) => s + w, 0)).toBeCloseTo(1, 14);
    }
  });

  it('rejects a negative V and mismatched shapes', () => {
    expect(() => simplexWeights([[1, 2]], [1], [-1])).toThrow(/non-negative/);
    expect(() => simplexWeights([[1, 2]], [1, 2])).toThrow(/one row per predictor/);
  });

  it('property: W is on the simplex and satisfies the KKT conditions for any data and V', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 2, max: 25 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        (K, J, seed, magnitude) => {
          const random = seededRandom(seed);
          const x0 = new Float64Array(K * J).map(() => random.normal() * magnitude);
          const x1 = new Float64Array(K).map(() => random.normal() * magnitude);
          // some V entries exactly zero, the rest spread over orders of magnitude
          const v = Array.from({ length: K }, (): number =>
            random.uniform() < 0.2 ? 0 : Math.exp(6 * random.uniform() - 3),
          );
          if (!v.some((x) => x > 0)) v[0] = 1;
          const { weights, loss: value } = new SimplexWeightSolver(x0, x1, K, J).solve(v);
          let sum = 0;
          for (const w of weights) {
            if (!(w >= 0)) return false;
            sum += w;
          }
          if (Math.abs(sum - 1) > 1e-12) return false;
          // KKT: the gradient on the support is smallest
          const residual = Array.from({ length: K }, (_, k) => {
            let fit = 0;
            for (let j = 0; j < J; j++) fit += x0[k * J + j]! * weights[j]!;
            return v[k]! * (x1[k]! - fit);
          });
          const gradient = Array.from({ length: J }, (_, j) =>
            residual.reduce((s, r, k) => s - x0[k * J + j]! * r, 0),
          );
          const lambda = gradient.reduce((s, g, j) => s + g * weights[j]!, 0);
          const scale = v.reduce((s, vk) => s + vk, 0) * magnitude * magnitude;
          if (gradient.some((g) => g < lambda - 1e-9 * scale)) return false;
          // and no vertex does better
          for (let j = 0; j < J; j++) {
            let vertex = 0;
            for (let k = 0; k < K; k++) vertex += v[k]! * (x1[k]! - x0[k * J + j]!) ** 2;
            if (vertex < value * (1 - 1e-9) - 1e-12 * scale) return false;
          }
          return true;
        },
      ),
      { numRuns: 300, seed: 20240517 },
    );
  });
});
