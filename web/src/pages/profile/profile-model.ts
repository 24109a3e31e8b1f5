/**
 * The profile page's arithmetic, kept apart from React so it can be tested: which years have data,
 * the window of the trend, what a trend's interval allows us to say, when sources disagree, and
 * the yearly series a chart draws (with gaps where a year is missing).
 */
import type { AnalyticsRow } from '../../api/client.ts';

/** The headline indicators, in the order of their cards. */
export const TRADITIONAL = [
  'homicide_rate',
  'police_rate',
  'arrest_rate',
  'prison_rate',
  'drug_seizures_kg',
] as const;
export const WIDER = [
  'social_worker_rate',
  'prevention_centre_rate',
  'treatment_centre_rate',
  'recidivism_rate',
  'guards_per_police_officer',
  'trust_police',
  'trust_justice',
] as const;
export const HEADLINE: readonly string[] = [...TRADITIONAL, ...WIDER];

/** Broken down by sex on the page. */
export const BY_SEX = ['homicide_rate', 'prison_rate', 'arrest_rate'] as const;

/** The sources compared for homicide_rate, the first being the reference. */
export const HOMICIDE_SOURCES = ['police', 'forensic', 'health'] as const;
export const HOMICIDE_ELEMENT = 'homicide_victims';
/** Two sources disagree when they differ by more than this share of the reference. */
export const DISAGREEMENT_THRESHOLD = 0.1;

/** How many years the annual percent change covers, ending at the latest year with data. */
export const TREND_YEARS = 10;

/** Years with at least one value, most recent first. */
export function yearsWithData(rows: readonly AnalyticsRow[]): number[] {
  return [...new Set(rows.map((row) => Number(row.period)))].filter(Number.isFinite).sort((a, b) => b - a);
}

/** The requested year if it has data, else the latest year with data. */
export function pickYear(years: readonly number[], requested: string | null): number | undefined {
  const wanted = requested === null ? NaN : Number(requested);
  return years.includes(wanted) ? wanted : years[0];
}

export type TrendVerdict = 'rising' | 'falling' | 'noClearTrend' | 'notEnoughData';

/** Rising or falling only when the 95% interval of the annual percent change excludes 0. */
export function trendVerdict(trend: {
  apc: number | null;
  lower: number | null;
  upper: number | null;
}): TrendVerdict {
  if (trend.apc === null) return 'notEnoughData';
  if (trend.lower !== null && trend.lower > 0) return 'rising';
  if (trend.upper !== null && trend.upper < 0) return 'falling';
  return 'noClearTrend';
}

export interface SourceValue {
  readonly source: string;
  readonly value: number;
}

/**
 * The largest disagreement with the reference source (the first one present) when it exceeds the
 * threshold: `share` is the difference relative to the reference's value (0.18 = 18%).
 */
export function sourceDisagreement(
  values: readonly SourceValue[],
  threshold = DISAGREEMENT_THRESHOLD,
): { first: string; second: string; share: number } | undefined {
  const [reference, ...others] = values;
  if (reference === undefined || reference.value === 0) return undefined;
  let worst: { first: string; second: string; share: number } | undefined;
  for (const other of others) {
    const share = Math.abs(other.value - reference.value) / Math.abs(reference.value);
    if (share > threshold && (worst === undefined || share > worst.share))
      worst = { first: reference.source, second: other.source, share };
  }
  return worst;
}

export interface SeriesPoint {
  readonly year: number;
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * One point a year from the first to the last year with data; a missing year is NaN so a line
 * breaks there instead of joining across it. The interval is NaN where there is none.
 */
export function yearlySeries(rows: readonly AnalyticsRow[]): SeriesPoint[] {
  const byYear = new Map(rows.map((row) => [Number(row.period), row]));
  const years = [...byYear.keys()].filter(Number.isFinite);
  if (years.length === 0) return [];
  const first = Math.min(...years);
  const last = Math.max(...years);
  const points: SeriesPoint[] = [];
  for (let year = first; year <= last; year++) {
    const row = byYear.get(year);
    points.push({
      year,
      value: row?.value ?? NaN,
      lower: row?.lower ?? NaN,
      upper: row?.upper ?? NaN,
    });
  }
  return points;
}

/** The extremes of a series, for a chart's text alternative. */
export function extremes(
  points: readonly SeriesPoint[],
): { min: SeriesPoint; max: SeriesPoint; first: SeriesPoint; last: SeriesPoint } | undefined {
  const present = points.filter((p) => Number.isFinite(p.value));
  const first = present[0];
  const last = present[present.length - 1];
  if (first === undefined || last === undefined) return undefined;
  let min = first;
  let max = first;
  for (const p of present) {
    if (p.value < min.value) min = p;
    if (p.value > max.value) max = p;
  }
  return { min, max, first, last };
}

/** Rows of one indicator (and disaggregation, '' for the total). */
export function rowsOf(
  rows: readonly AnalyticsRow[],
  indicator: string,
  disaggregation = '',
): AnalyticsRow[] {
  return rows
    .filter((row) => row.indicator === indicator && row.disaggregation === disaggregation)
    .sort((a, b) => Number(a.period) - Number(b.period));
}
