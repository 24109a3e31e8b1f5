import { describe, expect, it } from 'vitest';
import { inverseProbabilityTilting } from './inverse-probability-tilting.ts';
import { design } from './least-squares.ts';
import { logisticRegression } from './logistic-regression.ts';
import { seededNormal } from './staggered-panel-simulation.ts';

describe('inverse probability tilting', () => {
  it('makes the odds-weighted comparison units reproduce the treated covariate totals', () => {
    const normal = seededNormal(7);
    const n = 600;
    const x = design(n, 3);
    const d = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const a = normal();
      const b = normal();
      d[i] = normal() + 0.8 * a - 0.5 * b > 0.7 ? 1 : 0;
      x.values.set([1, a, b], i * 3);
    }
    const start = logisticRegression(x, d).coefficients;
    const fit = inverseProbabilityTilting(x, d, start);
    expect(fit.converged).toBe(true);
    for (let j = 0; j < 3; j++) {
      let treated = 0;
      let weighted = 0;
      for (let i = 0; i < n; i++) {
        const v = x.values[i * 3 + j] as number;
        const p = fit.pscore[i] as number;
        if (d[i] === 1) treated += v;
        else weighted += (p / (1 - p)) * v;
      }
      expect(weighted).toBeCloseTo(treated, 8);
    }
  });

  it('with the intercept alone the odds equal n₁/n₀ (the logit answer)', () => {
    const d = Uint8Array.from([1, 0, 0, 1, 0, 0, 0]);
    const x = design(7, 1, new Float64Array(7).fill(1));
    const fit = inverseProbabilityTilting(x, d, Float64Array.from([0]));
    expect(fit.coefficients[0]).toBeCloseTo(Math.log(2 / 5), 12);
    expect(fit.pscore[0]).toBeCloseTo(2 / 7, 12);
  });

  it('falls back to the starting (logit) values when the treated cannot be balanced', () => {
    // every treated unit has x above every comparison unit: no finite solution
    const x = design(6, 2, Float64Array.from([1, 0, 1, 1, 1, 2, 1, 5, 1, 6, 1, 7]));
    const d = Uint8Array.from([0, 0, 0, 1, 1, 1]);
    const start = Float64Array.from([-1, 0.2]);
    const fit = inverseProbabilityTilting(x, d, start);
    expect(fit.converged).toBe(false);
    expect(Array.from(fit.coefficients)).toEqual([-1, 0.2]);
  });
});
