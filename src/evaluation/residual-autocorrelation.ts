/**
 * Autocorrelation checks on the residuals of a time-series regression: the sample autocorrelation
 * function with its approximate ±1.96/√n white-noise band, the Ljung–Box portmanteau test and the
 * Durbin–Watson statistic.
 *
 * Sources: Box, Jenkins & Reinsel, Time Series Analysis (ACF, the estimator of R's `acf`, which
 * divides every lag's sum by n); Ljung & Box (1978), Biometrika 65:297–303 (Q = n(n+2) Σ r_k²/(n−k),
 * χ² with h degrees of freedom, R's `Box.test(type = "Ljung-Box", fitdf = 0)`); Durbin & Watson
 * (1950) (d = Σ (e_t − e_{t−1})² / Σ e_t², near 2 without first-order autocorrelation, near 0 with
 * strong positive autocorrelation). Small enough to write here; the χ² tail comes from stdlib.
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { ValidationError } from '../kernel/errors.ts';

export interface AutocorrelationLag {
  readonly lag: number;
  readonly value: number;
}

export interface LjungBoxTest {
  readonly statistic: number;
  /** Degrees of freedom: the number of lags tested (no ARMA parameters were fitted). */
  readonly df: number;
  readonly pValue: number;
}

export interface ResidualAutocorrelation {
  /** Sample autocorrelations at lags 1..maxLag. */
  readonly acf: readonly AutocorrelationLag[];
  /** Half-width of the approximate 95% band for white noise, 1.96/√n: lags outside it stand out. */
  readonly band: number;
  readonly ljungBox: LjungBoxTest;
  readonly durbinWatson: number;
}

/** Default number of lags: 12, or n/4 for a short series (at least 1). */
export function defaultMaxLag(n: number): number {
  return Math.max(1, Math.min(12, Math.floor(n / 4)));
}

/** Sample autocorrelations r_1..r_maxLag (mean removed; each lag's sum divided by the lag-0 sum). */
export function autocorrelations(series: readonly number[], maxLag: number): readonly AutocorrelationLag[] {
  const n = series.length;
  if (!Number.isInteger(maxLag) || maxLag < 1 || maxLag >= n) {
    throw new ValidationError(`The number of lags must be an integer from 1 to ${n - 1}, got ${maxLag}.`);
  }
  const mean = series.reduce((a, b) => a + b, 0) / n;
  const centred = series.map((v) => v - mean);
  const c0 = centred.reduce((sum, v) => sum + v * v, 0);
  if (!(c0 > 0)) throw new ValidationError('Autocorrelation of a constant series is undefined.');
  return Array.from({ length: maxLag }, (_, index) => {
    const lag = index + 1;
    let ck = 0;
    for (let t = 0; t + lag < n; t++) ck += centred[t]! * centred[t + lag]!;
    return { lag, value: ck / c0 };
  });
}

/** Ljung–Box Q over lags 1..maxLag, referred to χ²(maxLag − fittedParameters). */
export function ljungBox(series: readonly number[], maxLag: number, fittedParameters = 0): LjungBoxTest {
  const n = series.length;
  const acf = autocorrelations(series, maxLag);
  const statistic = n * (n + 2) * acf.reduce((sum, { lag, value }) => sum + (value * value) / (n - lag), 0);
  const df = maxLag - fittedParameters;
  if (df < 1) throw new ValidationError('Ljung–Box needs more lags than fitted parameters.');
  return { statistic, df, pValue: 1 - chisquareCdf(statistic, df) };
}

export function durbinWatson(residuals: readonly number[]): number {
  let numerator = 0;
  for (let t = 1; t < residuals.length; t++) numerator += (residuals[t]! - residuals[t - 1]!) ** 2;
  const denominator = residuals.reduce((sum, e) => sum + e * e, 0);
  return numerator / denominator;
}

/** ACF with its white-noise band, Ljung–Box and Durbin–Watson for one residual series. */
export function residualAutocorrelation(
  residuals: readonly number[],
  maxLag = defaultMaxLag(residuals.length),
): ResidualAutocorrelation {
  const n = residuals.length;
  const acf = autocorrelations(residuals, maxLag);
  return {
    acf,
    band: normalQuantile(0.975, 0, 1) / Math.sqrt(n),
    ljungBox: ljungBox(residuals, maxLag),
    durbinWatson: durbinWatson(residuals),
  };
}
