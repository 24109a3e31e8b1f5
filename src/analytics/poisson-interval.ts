/**
 * Exact (Garwood 1936) confidence intervals for a Poisson count, and for a rate built on one:
 * the standard for crime and mortality rates from counts (CDC WONDER, NCHS, UNODC). The bounds come
 * from the chi-square quantiles: lower = χ²(α/2; 2k)/2 (0 when k = 0), upper = χ²(1−α/2; 2k+2)/2.
 * They are conservative: coverage is at least the nominal level for every true mean.
 */
import chisquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile';

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** Counts below this make a rate unreliable (NCHS: relative standard error above 23%). */
export const SMALL_COUNT = 20;

export function isSmallCount(count: number): boolean {
  return count < SMALL_COUNT;
}

/** Intervals at 95% by count: the quantiles cost about 20 µs a pair and counts recur across queries. */
const CACHE_LIMIT = 200_000;
const cache95 = new Map<number, Interval>();

/** Exact interval for the mean of a Poisson count `k` (a non-negative integer). */
export function poissonInterval(count: number, level = 0.95): Interval {
  if (level === 0.95 && Number.isInteger(count) && count >= 0) {
    let interval = cache95.get(count);
    if (interval === undefined) {
      if (cache95.size >= CACHE_LIMIT) cache95.clear();
      interval = exactPoissonInterval(count, level);
      cache95.set(count, interval);
    }
    return interval;
  }
  return exactPoissonInterval(count, level);
}

function exactPoissonInterval(count: number, level: number): Interval {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`a Poisson count must be a non-negative integer, not ${count}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must lie in (0, 1), not ${level}`);
  const alpha = 1 - level;
  return {
    lower: count === 0 ? 0 : chisquareQuantile(alpha / 2, 2 * count) / 2,
    upper: chisquareQuantile(1 - alpha / 2, 2 * count + 2) / 2,
  };
}

/**
 * Exact interval for the rate `count / exposure × factor` (e.g. homicides per 100 000): the count's
 * interval scaled, the exposure taken as known. Undefined when the exposure is not positive.
 */
export function rateInterval(
  count: number,
  exposure: number,
  factor: number,
  level = 0.95,
): Interval | undefined {
  if (!(exposure > 0)) return undefined;
  const { lower, upper } = poissonInterval(count, level);
  return { lower: (lower / exposure) * factor, upper: (upper / exposure) * factor };
}
