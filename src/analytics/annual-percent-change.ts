/**
 * Annual percent change (APC) of a rate: the slope b of the least-squares line through
 * ln(rate) against the year, reported as 100·(e^b − 1), with the interval 100·(e^(b ± t·se) − 1)
 * from Student's t on n − 2 degrees of freedom. This is the single-segment APC of the NCI
 * Joinpoint program and of SEER*Stat. Years with a zero or missing rate cannot be logged and are
 * left out (and counted, so the caller can say so).
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface YearRate {
  /** the year, or any evenly spaced time in years (2013.5 for mid-year) */
  readonly year: number;
  readonly rate: number;
}

export interface AnnualPercentChange {
  readonly apc: number;
  /** undefined with fewer than three usable years */
  readonly lower: number | undefined;
  readonly upper: number | undefined;
  /** years used */
  readonly n: number;
  /** years left out because their rate was zero, negative or not a number */
  readonly excluded: number;
}

export function annualPercentChange(
  points: readonly YearRate[],
  level = 0.95,
): AnnualPercentChange | undefined {
  const usable = points.filter((p) => Number.isFinite(p.rate) && p.rate > 0 && Number.isFinite(p.year));
  const n = usable.length;
  const excluded = points.length - n;
  if (n < 2) return undefined;
  let sx = 0;
  let sy = 0;
  for (const p of usable) {
    sx += p.year;
    sy += Math.log(p.rate);
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of usable) {
    const dx = p.year - mx;
    sxx += dx * dx;
    sxy += dx * (Math.log(p.rate) - my);
  }
  if (sxx === 0) return undefined; // every point in the same year
  const slope = sxy / sxx;
  const apc = 100 * Math.expm1(slope);
  if (n < 3) return { apc, lower: undefined, upper: undefined, n, excluded };
  let sse = 0;
  for (const p of usable) {
    const residual = Math.log(p.rate) - (my + slope * (p.year - mx));
    sse += residual * residual;
  }
  const se = Math.sqrt(sse / (n - 2) / sxx);
  const t = tQuantile(1 - (1 - level) / 2, n - 2);
  return {
    apc,
    lower: 100 * Math.expm1(slope - t * se),
    upper: 100 * Math.expm1(slope + t * se),
    n,
    excluded,
  };
}
