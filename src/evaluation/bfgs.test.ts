import { describe, expect, it } from 'vitest';
import { bfgs, finiteDifferenceGradient } from './bfgs.ts';

/** Rosenbrock's banana, the example of R's `?optim`. */
function rosenbrock(x: Float64Array): number {
  const [x1, x2] = [x[0]!, x[1]!];
  return 100 * (x2 - x1 * x1) ** 2 + (1 - x1) ** 2;
}
function rosenbrockGradient(x: Float64Array, out: Float64Array): void {
  const [x1, x2] = [x[0]!, x[1]!];
  out[0] = -400 * x1 * (x2 - x1 * x1) - 2 * (1 - x1);
  out[1] = 200 * (x2 - x1 * x1);
}

describe('bfgs (R optim "BFGS")', () => {
  it("reproduces R's optim(c(-1.2, 1), fr, grr, method = 'BFGS'): 110 and 43 evaluations, 9.594956e-18", () => {
    const result = bfgs(rosenbrock, [-1.2, 1], { gradient: rosenbrockGradient });
    expect(result.evaluations).toBe(110);
    expect(result.gradientEvaluations).toBe(43);
    expect(result.code).toBe(0);
    expect(result.value / 9.594956e-18).toBeCloseTo(1, 5);
    expect(result.par[0]).toBeCloseTo(1, 7);
    expect(result.par[1]).toBeCloseTo(1, 7);
  });

  it("reproduces R's optim(c(-1.2, 1), fr, NULL, method = 'BFGS'): 118 and 38 evaluations, 3.827383e-08", () => {
    const result = bfgs(rosenbrock, [-1.2, 1]);
    expect(result.evaluations).toBe(118);
    expect(result.gradientEvaluations).toBe(38);
    expect(result.value / 3.827383e-8).toBeCloseTo(1, 5);
    expect(result.par[0]).toBeCloseTo(0.9998044, 7);
    expect(result.par[1]).toBeCloseTo(0.9996084, 7);
  });

  it('central differences match the analytic gradient', () => {
    const grad = finiteDifferenceGradient(rosenbrock, 1e-5);
    const out = new Float64Array(2);
    const exact = new Float64Array(2);
    const x = Float64Array.from([0.3, -0.7]);
    grad(x, out);
    rosenbrockGradient(x, exact);
    expect(out[0]).toBeCloseTo(exact[0]!, 5);
    expect(out[1]).toBeCloseTo(exact[1]!, 5);
    expect([...x]).toEqual([0.3, -0.7]);
  });
});
