/**
 * Outliers of a stored series: values keyed by period code, split by period type, laid out on
 * consecutive periods (gaps as missing) and passed to `detectOutliers`, results keyed by period
 * code again. Counts are judged on the Anscombe scale (Poisson-like noise); stocks and shares,
 * whose changes are not counting noise, on their own scale.
 */
import type { ValueType } from '../catalogue/catalogue.ts';
import { comparePeriods, formatPeriod, parsePeriod, periodRange } from '../periods/period-code.ts';
import type { PeriodType } from '../periods/period.ts';
import { detectOutliers, type OutlierPoint, type OutlierTransform } from './outliers.ts';

export const SEASON_LENGTH: Readonly<Record<PeriodType, number>> = { month: 12, quarter: 4, year: 1 };

export interface SeriesOutlier {
  readonly period: string;
  readonly value: number;
  readonly expected: number;
  readonly score: number;
}

export interface SeriesOutlierResult {
  readonly periodType: PeriodType;
  readonly from: string;
  readonly to: string;
  readonly observed: number;
  readonly seasonal: boolean;
  readonly status: 'ok' | 'too_short';
  readonly transform: OutlierTransform;
  /** every observed value judged, with its expected value and score (none when too short) */
  readonly points: readonly SeriesOutlier[];
  readonly outliers: readonly SeriesOutlier[];
}

export function transformFor(valueType: ValueType): OutlierTransform {
  return valueType === 'count' ? 'anscombe' : 'none';
}

/** One result per period type present in `values` (years, then quarters, then months). */
export function seriesOutliers(
  values: readonly { readonly period: string; readonly value: number }[],
  options: { readonly valueType: ValueType; readonly threshold?: number },
): SeriesOutlierResult[] {
  const byType = new Map<PeriodType, Map<string, number>>();
  for (const v of values) {
    const type = parsePeriod(v.period).type;
    let map = byType.get(type);
    if (map === undefined) byType.set(type, (map = new Map<string, number>()));
    map.set(v.period, v.value);
  }
  const results: SeriesOutlierResult[] = [];
  for (const type of ['year', 'quarter', 'month'] as const) {
    const map = byType.get(type);
    if (map === undefined) continue;
    const periods = [...map.keys()].map(parsePeriod).sort(comparePeriods);
    const range = periodRange(periods[0]!, periods[periods.length - 1]!).map(formatPeriod);
    const transform = transformFor(options.valueType);
    const point = (p: OutlierPoint): SeriesOutlier => ({
      period: range[p.index]!,
      value: p.value,
      expected: p.expected,
      score: p.score,
    });
    const analysis = detectOutliers(
      range.map((code) => map.get(code) ?? null),
      {
        seasonLength: SEASON_LENGTH[type],
        transform,
        ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
      },
    );
    results.push({
      periodType: type,
      from: range[0]!,
      to: range[range.length - 1]!,
      observed: map.size,
      seasonal: analysis.seasonal,
      status: analysis.status,
      transform,
      points: analysis.points.map(point),
      outliers: analysis.outliers.map(point),
    });
  }
  return results;
}
