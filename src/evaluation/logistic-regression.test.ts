import { describe, expect, it } from 'vitest';
import { design } from './least-squares.ts';
import { logisticRegression } from './logistic-regression.ts';

const logit = (p: number): number => Math.log(p / (1 - p));

describe('logistic regression', () => {
  it('intercept only: the coefficient is the log odds of the sample share', () => {
    const y = [1, 0, 0, 1, 1, 0, 0, 0, 1, 0];
    const fit = logisticRegression(design(10, 1, new Float64Array(10).fill(1)), y);
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[0]).toBeCloseTo(logit(0.4), 12);
    expect(fit.fitted[0]).toBeCloseTo(0.4, 12);
  });

  it('one binary covariate: the maximum-likelihood slope is the log odds ratio', () => {
    // x = 0: 30 of 100 have y = 1; x = 1: 60 of 80
    const rows: [number, number][] = [];
    for (let i = 0; i < 100; i++) rows.push([0, i < 30 ? 1 : 0]);
    for (let i = 0; i < 80; i++) rows.push([1, i < 60 ? 1 : 0]);
    const x = design(180, 2, Float64Array.from(rows.flatMap(([v]) => [1, v])));
    const fit = logisticRegression(
      x,
      rows.map(([, v]) => v),
    );
    expect(fit.coefficients[0]).toBeCloseTo(logit(0.3), 10);
    expect(fit.coefficients[1]).toBeCloseTo(logit(0.75) - logit(0.3), 10);
    // deviance at the MLE: −2 Σ log-likelihood
    const ll = 30 * Math.log(0.3) + 70 * Math.log(0.7) + 60 * Math.log(0.75) + 20 * Math.log(0.25);
    expect(fit.deviance).toBeCloseTo(-2 * ll, 8);
  });

  it('rejects responses outside [0, 1]', () => {
    expect(() => logisticRegression(design(2, 1, Float64Array.from([1, 1])), [0, 2])).toThrow(/outside/);
  });
});
