/**
 * Outliers in one series (one unit, one element, one source, consecutive months, quarters or
 * years) that respect seasonality and trend, with robust statistics throughout (a spike moves no
 * estimate that judges it; mean ± k·SD would let the spike widen its own yardstick):
 *
 * 1. Counts are put on a scale where Poisson noise has a constant spread: the Anscombe transform
 *    2√(y + 3/8), whose variance is ≈ 1 whatever the mean (Anscombe 1948). Without it, the months
 *    of a rising series would be judged on the noise of the whole.
 * 2. Trend and seasonality, alternately (an STL-like loop, Cleveland et al. 1990, with robust
 *    pieces): the trend at each point is a local Theil–Sen line (the median of pairwise slopes,
 *    Sen 1968; breakdown point 29%) fitted to the deseasonalised values within ± h periods (h =
 *    the season length, or 3 for years), evaluated at the point, so it follows the level and
 *    extrapolates correctly at the ends; the seasonal term of each month (or quarter) is the median
 *    of its detrended values over the years, centred to mean zero. Three passes.
 * 3. Residuals are scaled by the median absolute deviation (× 1.4826, consistent for the normal);
 *    where half the residuals are equal and the MAD is 0, by the mean absolute deviation × 1.2533
 *    (Iglewicz & Hoaglin 1993); for counts the scale is at least 1, the spread of Poisson noise on
 *    the Anscombe scale. Each value's residual is taken against a fit it took no part in (its own
 *    point left out of the trend line and of its month's median). The robust z-score is (residual − median residual) / scale, and a
 *    value is an outlier when |z| > threshold (3.5 by default, Iglewicz & Hoaglin's cut-off).
 *
 * Seasonality needs two full cycles (24 months, 8 quarters); shorter series get a trend only.
 * Missing values (`null`) are skipped, never guessed.
 */

export type OutlierTransform = 'anscombe' | 'none';

export interface OutlierOptions {
  /** periods in a seasonal cycle: 12 for months, 4 for quarters, 1 for years (no seasonality) */
  readonly seasonLength: number;
  /** |robust z| above which a value is an outlier; default 3.5 */
  readonly threshold?: number;
  /** `anscombe` for counts (the default), `none` for shares and other measures */
  readonly transform?: OutlierTransform;
  /** half-width of the trend window in periods; default: the season length, or 3 for years */
  readonly trendHalfWidth?: number;
}

export interface OutlierPoint {
  readonly index: number;
  readonly value: number;
  /** trend + seasonality, back on the scale of the values */
  readonly expected: number;
  /** robust z-score on the (transformed) scale: positive above the expected value */
  readonly score: number;
  readonly outlier: boolean;
}

export interface OutlierAnalysis {
  /** one per observed value, in order */
  readonly points: readonly OutlierPoint[];
  readonly outliers: readonly OutlierPoint[];
  /** whether a seasonal term was fitted (two full cycles observed) */
  readonly seasonal: boolean;
  /** the robust scale of the residuals on the (transformed) scale */
  readonly scale: number;
  /** `too_short`: fewer than `MIN_OBSERVED` values, nothing judged */
  readonly status: 'ok' | 'too_short';
}

export const DEFAULT_THRESHOLD = 3.5;
export const MIN_OBSERVED = 7;
const PASSES = 3;
const MAD_TO_SD = 1.4826;
const MEAN_AD_TO_SD = 1.2533;

export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const anscombe = (y: number): number => 2 * Math.sqrt(Math.max(y, 0) + 3 / 8);
const inverseAnscombe = (z: number): number => Math.max((z / 2) ** 2 - 3 / 8, 0);

/**
 * The local Theil–Sen trend: at each index, the line through the observed values within ± h
 * (median pairwise slope, median intercept), evaluated there. `NaN` marks a missing value. With
 * `leaveOut`, the value at the index itself is left out of its own line.
 */
export function localTheilSen(values: readonly number[], halfWidth: number, leaveOut = false): number[] {
  const n = values.length;
  const trend = new Array<number>(n).fill(Number.NaN);
  const slopes: number[] = [];
  const offsets: number[] = [];
  for (let t = 0; t < n; t++) {
    // near the ends the window slides inward rather than shrinking: the line keeps its 2h + 1
    // points and is evaluated off-centre
    const lo = Math.max(0, Math.min(t - halfWidth, n - 1 - 2 * halfWidth));
    const hi = Math.min(n - 1, lo + 2 * halfWidth);
    slopes.length = 0;
    for (let i = lo; i <= hi; i++) {
      const vi = values[i]!;
      if (Number.isNaN(vi) || (leaveOut && i === t)) continue;
      for (let j = i + 1; j <= hi; j++) {
        const vj = values[j]!;
        if (!Number.isNaN(vj) && !(leaveOut && j === t)) slopes.push((vj - vi) / (j - i));
      }
    }
    const slope = slopes.length === 0 ? 0 : median(slopes);
    offsets.length = 0;
    for (let i = lo; i <= hi; i++) {
      const vi = values[i]!;
      if (!Number.isNaN(vi) && !(leaveOut && i === t)) offsets.push(vi - slope * (i - t));
    }
    if (offsets.length > 0) trend[t] = median(offsets);
  }
  return trend;
}

/**
 * Finds the outliers of a series of consecutive periods. `values[i]` is the value of the i-th
 * period, `null` when missing.
 */
export function detectOutliers(values: readonly (number | null)[], options: OutlierOptions): OutlierAnalysis {
  const season = options.seasonLength;
  if (!(Number.isInteger(season) && season >= 1)) {
    throw new RangeError(`the season length must be a positive integer, not ${season}`);
  }
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  if (!(threshold > 0)) throw new RangeError(`the threshold must be positive, not ${threshold}`);
  const transform = options.transform ?? 'anscombe';
  const halfWidth = options.trendHalfWidth ?? (season > 1 ? season : 3);
  const forward = transform === 'anscombe' ? anscombe : (y: number) => y;
  const backward = transform === 'anscombe' ? inverseAnscombe : (z: number) => z;

  const n = values.length;
  const z = values.map((v) => (v === null || !Number.isFinite(v) ? Number.NaN : forward(v)));
  const observed = z.filter((v) => !Number.isNaN(v)).length;
  if (observed < MIN_OBSERVED) {
    return { points: [], outliers: [], seasonal: false, scale: Number.NaN, status: 'too_short' };
  }
  const cycles = season > 1 ? Math.floor(n / season) : 0;
  const seasonal = new Array<number>(season).fill(0);
  let fitsSeason = false;
  let trend: number[] = [];
  for (let pass = 0; pass < PASSES; pass++) {
    trend = localTheilSen(
      z.map((v, i) => v - seasonal[i % season]!),
      halfWidth,
    );
    if (cycles < 2) break;
    const raw: number[] = [];
    fitsSeason = true;
    for (let m = 0; m < season; m++) {
      const detrended: number[] = [];
      for (let i = m; i < n; i += season) {
        if (!Number.isNaN(z[i]!) && !Number.isNaN(trend[i]!)) detrended.push(z[i]! - trend[i]!);
      }
      if (detrended.length < 2) fitsSeason = false;
      raw.push(detrended.length === 0 ? 0 : median(detrended));
    }
    if (!fitsSeason) {
      seasonal.fill(0);
      break;
    }
    const mean = raw.reduce((a, b) => a + b, 0) / season;
    for (let m = 0; m < season; m++) seasonal[m] = raw[m]! - mean;
  }
  if (!fitsSeason) {
    seasonal.fill(0);
    trend = localTheilSen(z, halfWidth);
  }

  // Each value is judged against a fit it took no part in: the trend line through its neighbours
  // and the median of the other years' same month. A median fit passes through some of its own
  // points, which would leave a heap of zero residuals, shrink the MAD and flag noise.
  const looTrend = localTheilSen(
    z.map((v, i) => v - seasonal[i % season]!),
    halfWidth,
    true,
  );
  const looSeasonal = fitsSeason ? leaveOneOutSeasonal(z, trend, seasonal, season) : z.map(() => 0);
  const fitted = z.map((_, i) => looTrend[i]! + looSeasonal[i]!);
  const residuals: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(z[i]!) && !Number.isNaN(fitted[i]!)) residuals.push(z[i]! - fitted[i]!);
  }
  const centre = median(residuals);
  const deviations = residuals.map((r) => Math.abs(r - centre));
  let scale = MAD_TO_SD * median(deviations);
  if (scale === 0) scale = (MEAN_AD_TO_SD * deviations.reduce((a, b) => a + b, 0)) / deviations.length;
  // Counting noise has a spread of 1 on the Anscombe scale: a series smoother than that (made up,
  // rounded, copied forward) would otherwise turn the smallest misfit into an outlier.
  if (transform === 'anscombe') scale = Math.max(scale, 1);

  const points: OutlierPoint[] = [];
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value === null || value === undefined || Number.isNaN(z[i]!) || Number.isNaN(fitted[i]!)) continue;
    const residual = z[i]! - fitted[i]! - centre;
    const score = scale === 0 ? 0 : residual / scale;
    points.push({
      index: i,
      value,
      expected: backward(fitted[i]! + centre),
      score,
      outlier: Math.abs(score) > threshold,
    });
  }
  return { points, outliers: points.filter((p) => p.outlier), seasonal: fitsSeason, scale, status: 'ok' };
}

/**
 * The seasonal term of each value without the value itself: the median of the other years' same
 * season, detrended, shifted by the centring of the full estimate.
 */
function leaveOneOutSeasonal(
  z: readonly number[],
  trend: readonly number[],
  seasonal: readonly number[],
  season: number,
): number[] {
  const out = z.map(() => Number.NaN);
  for (let m = 0; m < season; m++) {
    const positions: number[] = [];
    for (let i = m; i < z.length; i += season) {
      if (!Number.isNaN(z[i]!) && !Number.isNaN(trend[i]!)) positions.push(i);
    }
    const all = positions.map((i) => z[i]! - trend[i]!);
    // the full estimate is median(all) − shift; the same shift centres the leave-one-out ones
    const shift = median(all) - seasonal[m]!;
    for (const [k, i] of positions.entries()) {
      out[i] = median(all.filter((_, j) => j !== k)) - shift;
    }
  }
  return out;
}
