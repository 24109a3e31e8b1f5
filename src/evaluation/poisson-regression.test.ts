import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors.ts';
import { fitPoissonGlm, linearCombinationTest, poissonDeviance, waldTests } from './poisson-regression.ts';
import { normalDraw, poissonDraw, seededUniform } from './seeded-poisson.ts';

describe('fitPoissonGlm: a saturated two-group model has a closed form', () => {
  // log μ = b0 + b1·group: exp(b0) is group A's mean, exp(b1) the ratio of means, and the Fisher
  // information gives var(b1) = 1/ΣA + 1/ΣB, var(b0) = 1/ΣA.
  const a = [3, 5, 7, 9];
  const b = [10, 12, 14, 13];
  const y = [...a, ...b];
  const x = y.map((_, i) => [1, i < a.length ? 0 : 1]);
  const sumA = a.reduce((s, v) => s + v, 0);
  const sumB = b.reduce((s, v) => s + v, 0);

  it('recovers the group means and the ratio of means', () => {
    const fit = fitPoissonGlm({ x, y, columnNames: ['(Intercept)', 'groupB'] });
    expect(fit.converged).toBe(true);
    expect(Math.exp(fit.coefficients[0]!)).toBeCloseTo(sumA / a.length, 10);
    expect(Math.exp(fit.coefficients[1]!)).toBeCloseTo(sumB / b.length / (sumA / a.length), 10);
    expect(fit.standardErrors[0]!).toBeCloseTo(Math.sqrt(1 / sumA), 8);
    expect(fit.standardErrors[1]!).toBeCloseTo(Math.sqrt(1 / sumA + 1 / sumB), 8);
    const means = y.map((_, i) => (i < a.length ? sumA / a.length : sumB / b.length));
    expect(fit.deviance).toBeCloseTo(poissonDeviance(y, means), 10);
    const pearson = y.reduce((s, v, i) => s + (v - means[i]!) ** 2 / means[i]!, 0);
    expect(fit.pearsonChiSquare).toBeCloseTo(pearson, 10);
    expect(fit.dfResidual).toBe(y.length - 2);
    expect(fit.dispersion).toBe(1);
  });

  it('with an offset, exp(b1) is the ratio of rates (events / exposure)', () => {
    const exposure = [10, 10, 20, 20, 5, 5, 5, 5];
    const rateA = sumA / (10 + 10 + 20 + 20);
    const rateB = sumB / (5 * 4);
    const fit = fitPoissonGlm({ x, y, offset: exposure.map(Math.log) });
    expect(Math.exp(fit.coefficients[0]!)).toBeCloseTo(rateA, 10);
    expect(Math.exp(fit.coefficients[1]!)).toBeCloseTo(rateB / rateA, 10);
    fit.fitted.forEach((mu, i) => expect(mu).toBeCloseTo(exposure[i]! * (i < a.length ? rateA : rateB), 8));
  });

  it('quasi-Poisson keeps the coefficients and scales the SEs by √(Pearson χ² / df)', () => {
    const poisson = fitPoissonGlm({ x, y });
    const quasi = fitPoissonGlm({ x, y, family: 'quasipoisson' });
    expect(quasi.coefficients).toEqual(poisson.coefficients);
    expect(quasi.dispersion).toBeCloseTo(poisson.pearsonChiSquare / poisson.dfResidual, 12);
    quasi.standardErrors.forEach((se, j) =>
      expect(se).toBeCloseTo(poisson.standardErrors[j]! * Math.sqrt(quasi.dispersion), 12),
    );
  });

  it('handles zero counts (y log y = 0)', () => {
    const fit = fitPoissonGlm({ x: [[1], [1], [1], [1]], y: [0, 0, 1, 3] });
    // Converged to the deviance tolerance (1e-8 relative), so the mean is right to about 1e-8.
    expect(Math.exp(fit.coefficients[0]!)).toBeCloseTo(1, 7);
    expect(fit.deviance).toBeCloseTo(2 * (1 + 1 + 0 + (3 * Math.log(3) - 2)), 7);
  });
});

describe("fitPoissonGlm matches R's glm on Dobson's example (?glm, Dobson 1990 p. 93)", () => {
  // counts ~ outcome + treatment; R: coefficients 3.045, −0.4543, −0.2930, 0, 0; SEs 0.1709,
  // 0.2022, 0.1927, 0.2000, 0.2000; residual deviance 5.1291 on 4 df; 4 Fisher scoring iterations;
  // quasipoisson dispersion 1.2933, SEs 0.1944, 0.2299, 0.2192, 0.2274, t-test p 0.119 and 0.252.
  const counts = [18, 17, 15, 20, 10, 20, 25, 13, 12];
  const x = counts.map((_, i) => {
    const outcome = i % 3;
    const treatment = Math.floor(i / 3);
    return [
      1,
      outcome === 1 ? 1 : 0,
      outcome === 2 ? 1 : 0,
      treatment === 1 ? 1 : 0,
      treatment === 2 ? 1 : 0,
    ];
  });
  const columnNames = ['(Intercept)', 'outcome2', 'outcome3', 'treatment2', 'treatment3'];

  it('Poisson: coefficients, SEs, deviance, z-test p-values, iterations', () => {
    const fit = fitPoissonGlm({ x, y: counts, columnNames });
    const expected = [3.045, -0.4543, -0.293, 0, 0];
    fit.coefficients.forEach((b, j) => expect(b).toBeCloseTo(expected[j]!, 3));
    [0.1709, 0.2022, 0.1927, 0.2, 0.2].forEach((se, j) => expect(fit.standardErrors[j]!).toBeCloseTo(se, 4));
    expect(fit.deviance).toBeCloseTo(5.1291, 4);
    expect(fit.dfResidual).toBe(4);
    expect(fit.iterations).toBe(4);
    const tests = waldTests(fit);
    expect(tests[1]!.pValue).toBeCloseTo(0.0246, 4);
    expect(tests[2]!.pValue).toBeCloseTo(0.1285, 4);
    const devianceResiduals = [-0.67125, 0.96272, -0.16965, -0.21999, -0.95552, 1.04939, 0.84715, -0.09167];
    devianceResiduals.forEach((r, i) => expect(fit.devianceResiduals[i]!).toBeCloseTo(r, 5));
  });

  it('quasi-Poisson: dispersion, scaled SEs and t-test p-values', () => {
    const fit = fitPoissonGlm({ x, y: counts, columnNames, family: 'quasipoisson' });
    expect(fit.dispersion).toBeCloseTo(1.2933, 4);
    [0.1944, 0.2299, 0.2192, 0.2274, 0.2274].forEach((se, j) =>
      expect(fit.standardErrors[j]!).toBeCloseTo(se, 4),
    );
    const tests = waldTests(fit, 0.95, 't');
    expect(tests[0]!.pValue).toBeCloseTo(9.7e-5, 6);
    expect(tests[1]!.pValue).toBeCloseTo(0.119, 3);
    expect(tests[2]!.pValue).toBeCloseTo(0.252, 3);
  });

  it('Wald intervals are b ± 1.959964·se, and a linear combination uses the covariance', () => {
    const fit = fitPoissonGlm({ x, y: counts, columnNames });
    const test = waldTests(fit)[1]!;
    expect(test.lower).toBeCloseTo(test.estimate - 1.959964 * test.standardError, 6);
    expect(test.rateRatioUpper).toBeCloseTo(Math.exp(test.estimate + 1.959964 * test.standardError), 6);
    const sum = linearCombinationTest(fit, [0, 1, -1, 0, 0], 'outcome2-outcome3');
    const v = fit.covariance;
    expect(sum.estimate).toBeCloseTo(fit.coefficients[1]! - fit.coefficients[2]!, 12);
    expect(sum.standardError).toBeCloseTo(Math.sqrt(v[1]![1]! + v[2]![2]! - 2 * v[1]![2]!), 12);
  });
});

describe('fitPoissonGlm on a large simulated series recovers known coefficients', () => {
  it('log μ = log(exposure) + 1 + 0.5·x1 − 0.3·x2, n = 5000', () => {
    const uniform = seededUniform(20240601);
    const truth = [1, 0.5, -0.3];
    const rows: number[][] = [];
    const y: number[] = [];
    const offset: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const row = [1, uniform(), normalDraw(uniform)];
      const logExposure = Math.log(1 + 4 * uniform());
      const eta = logExposure + row.reduce((s, v, j) => s + v * truth[j]!, 0);
      rows.push(row);
      offset.push(logExposure);
      y.push(poissonDraw(uniform, Math.exp(eta)));
    }
    const fit = fitPoissonGlm({ x: rows, y, offset });
    truth.forEach((b, j) => {
      expect(Math.abs(fit.coefficients[j]! - b)).toBeLessThan(4 * fit.standardErrors[j]!);
      expect(Math.abs(fit.coefficients[j]! - b)).toBeLessThan(0.05);
    });
    // Data really Poisson: the dispersion estimate is near 1.
    expect(fit.estimatedDispersion).toBeGreaterThan(0.9);
    expect(fit.estimatedDispersion).toBeLessThan(1.1);
  });
});

describe('fitPoissonGlm refuses what it cannot fit', () => {
  it('a rank-deficient design, naming the collinear column', () => {
    const x = [1, 2, 3, 4, 5].map((t) => [1, t, 2 * t]);
    expect(() =>
      fitPoissonGlm({ x, y: [1, 2, 3, 4, 5], columnNames: ['(Intercept)', 't', 'twice_t'] }),
    ).toThrow(/rank deficient.*twice_t/);
  });

  it('a fit that has not converged within maxIterations (a group of zeros: its log rate drifts to −∞)', () => {
    const x = [0, 0, 0, 1, 1, 1].map((g) => [1, g]);
    const y = [0, 0, 0, 4, 5, 6];
    expect(() => fitPoissonGlm({ x, y, maxIterations: 5 })).toThrow(/did not converge in 5 iterations/);
    const loose = fitPoissonGlm({ x, y, maxIterations: 5, requireConvergence: false });
    expect(loose.converged).toBe(false);
    expect(loose.iterations).toBe(5);
    // Like R, the default settings stop once the deviance no longer moves, with a rate near 0.
    const full = fitPoissonGlm({ x, y });
    expect(full.converged).toBe(true);
    expect(Math.exp(full.coefficients[0]!)).toBeLessThan(1e-6);
  });

  it('bad input', () => {
    expect(() => fitPoissonGlm({ x: [[1], [1]], y: [1, -1] })).toThrow(ValidationError);
    expect(() => fitPoissonGlm({ x: [[1], [1]], y: [1] })).toThrow(/rows/);
    expect(() => fitPoissonGlm({ x: [[1, 0]], y: [1] })).toThrow(/more observations/);
    expect(() => fitPoissonGlm({ x: [[1], [1]], y: [1, 2], offset: [0, Number.NaN] })).toThrow(/Offset/);
  });
});
