import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.ts';

/** Rosenbrock's banana, the example of R's `?optim`. */
function rosenbrock(x: Float64Array): number {
  const [x1, x2] = [x[0]!, x[1]!];
  return 100 * (x2 - x1 * x1) ** 2 + (1 - x1) ** 2;
}

describe('nelderMead (R optim "Nelder-Mead")', () => {
  it("reproduces R's optim(c(-1.2, 1), fr): 195 evaluations, 8.825241e-08 at (1.000260, 1.000506)", () => {
    const result = nelderMead(rosenbrock, [-1.2, 1]);
    expect(result.evaluations).toBe(195);
    expect(result.code).toBe(0);
    expect(result.value).toBeCloseTo(8.825241e-8, 13);
    expect(result.par[0]).toBeCloseTo(1.00026, 6);
    expect(result.par[1]).toBeCloseTo(1.000506, 6);
  });

  it('stops at the evaluation budget with code 1', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 40 });
    expect(result.code).toBe(1);
    expect(result.evaluations).toBeGreaterThan(40);
    expect(result.evaluations).toBeLessThanOrEqual(43);
  });

  it('finds the minimum of a shifted quadratic in 5 dimensions', () => {
    const centre = [1, -2, 3, 0.5, -0.25];
    const fn = (x: Float64Array): number => centre.reduce((s, c, i) => s + (i + 1) * (x[i]! - c) ** 2, 0);
    const result = nelderMead(fn, [0, 0, 0, 0, 0], { maxEvaluations: 5000, reltol: 1e-14 });
    expect(result.code).toBe(0);
    centre.forEach((c, i) => expect(result.par[i]).toBeCloseTo(c, 4));
  });

  it('steps 0.1 from an all-zero start and treats non-finite values as very large', () => {
    const seen: number[][] = [];
    const fn = (x: Float64Array): number => {
      seen.push([...x]);
      return x[0]! < -0.5 ? NaN : (x[0]! - 1.234) ** 2;
    };
    const result = nelderMead(fn, [0], { maxEvaluations: 200 });
    expect(seen[1]).toEqual([0.1]);
    expect(result.par[0]).toBeCloseTo(1.234, 3);
  });
});
