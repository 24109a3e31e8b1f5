import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors.ts';
import {
  autocorrelations,
  defaultMaxLag,
  durbinWatson,
  ljungBox,
  residualAutocorrelation,
} from './residual-autocorrelation.ts';
import { normalDraw, seededUniform } from './seeded-poisson.ts';

function whiteNoise(seed: number, n: number): number[] {
  const uniform = seededUniform(seed);
  return Array.from({ length: n }, () => normalDraw(uniform));
}

function ar1(seed: number, n: number, phi: number): number[] {
  const uniform = seededUniform(seed);
  const series: number[] = [];
  let previous = normalDraw(uniform) / Math.sqrt(1 - phi * phi); // stationary start
  for (let t = 0; t < n; t++) {
    previous = phi * previous + normalDraw(uniform);
    series.push(previous);
  }
  return series;
}

describe('autocorrelations and Ljung–Box by hand', () => {
  it("acf(1:5) is 0.4, −0.1, −0.4, −0.4 (R's estimator: every lag divided by the lag-0 sum)", () => {
    const acf = autocorrelations([1, 2, 3, 4, 5], 4).map((lag) => lag.value);
    [0.4, -0.1, -0.4, -0.4].forEach((r, k) => expect(acf[k]!).toBeCloseTo(r, 12));
  });

  it('Q = n(n+2) Σ r_k²/(n−k); with 2 df the χ² tail is exp(−Q/2)', () => {
    const test = ljungBox([1, 2, 3, 4, 5], 2);
    const q = 5 * 7 * (0.4 ** 2 / 4 + 0.1 ** 2 / 3);
    expect(test.statistic).toBeCloseTo(q, 12);
    expect(test.df).toBe(2);
    expect(test.pValue).toBeCloseTo(Math.exp(-q / 2), 10);
  });

  it('Durbin–Watson: 3 for an alternating series, 0 for a constant one, near 2 for white noise', () => {
    expect(durbinWatson([1, -1, 1, -1])).toBeCloseTo(3, 12);
    expect(durbinWatson([2, 2, 2])).toBe(0);
    const dw = durbinWatson(whiteNoise(7, 2000));
    expect(dw).toBeGreaterThan(1.85);
    expect(dw).toBeLessThan(2.15);
  });

  it('default lags: 12, or n/4 for short series', () => {
    expect(defaultMaxLag(59)).toBe(12);
    expect(defaultMaxLag(20)).toBe(5);
    expect(defaultMaxLag(3)).toBe(1);
  });

  it('refuses impossible lags and constant series', () => {
    expect(() => autocorrelations([1, 2, 3], 3)).toThrow(ValidationError);
    expect(() => autocorrelations([1, 1, 1], 1)).toThrow(/constant/);
  });
});

describe('Ljung–Box tells white noise from an AR(1) series', () => {
  const replications = 200;
  const n = 60;

  it('white noise: rejected at 5% in about 5% of series', () => {
    let rejected = 0;
    for (let r = 0; r < replications; r++) {
      if (ljungBox(whiteNoise(1000 + r, n), 12).pValue < 0.05) rejected += 1;
    }
    // Ljung–Box is close to its nominal size at n = 60 (slightly conservative at 12 lags).
    expect(rejected / replications).toBeGreaterThan(0.01);
    expect(rejected / replications).toBeLessThan(0.1);
  });

  it('AR(1) with φ = 0.6: rejected in most series (power ≈ 0.9 at n = 60, 12 lags), lag-1 ACF near φ and outside the band', () => {
    let rejected = 0;
    let lag1 = 0;
    for (let r = 0; r < replications; r++) {
      const check = residualAutocorrelation(ar1(5000 + r, n, 0.6));
      if (check.ljungBox.pValue < 0.05) rejected += 1;
      lag1 += check.acf[0]!.value;
      expect(check.band).toBeCloseTo(1.959964 / Math.sqrt(n), 6);
    }
    expect(rejected / replications).toBeGreaterThan(0.85);
    // The sample ACF is biased towards 0 in short series (about −(1 + 4φ)/n), hence the margin.
    expect(lag1 / replications).toBeGreaterThan(0.45);
    expect(lag1 / replications).toBeLessThan(0.62);
  });
});
