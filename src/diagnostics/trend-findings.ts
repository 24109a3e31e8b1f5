/**
 * `rising_trend` / `falling_trend`: the annual percent change (src/analytics/annual-percent-change.ts)
 * of the unit's yearly values over the ten years ending at the diagnosed year, flagged when its
 * 95% interval leaves out zero and at least five years have a positive value. The direction of the
 * indicator judges it: a rising homicide rate is a problem, rising trust a strength; neutral
 * indicators are not judged. Severity: |ln(1 + APC/100)| × 10, the log change the trend makes over
 * a decade (on the same scale as a log ratio to the peers).
 */
import { annualPercentChange } from '../analytics/annual-percent-change.ts';
import type { LocalizedText } from '../kernel/i18n.ts';
import { trendText } from './finding-text.ts';
import { NO_NUMBERS, type Finding, type IndicatorEvidence } from './diagnosis-model.ts';
import { ownSeries, peerValues, TREND_YEARS } from './indicator-evidence.ts';

export const MIN_TREND_YEARS = 5;

export function trendFinding(
  evidence: IndicatorEvidence,
  orgUnit: string,
  unitName: LocalizedText,
  year: number,
): Finding | undefined {
  if (evidence.direction === 'neutral' || evidence.kind === 'change') return undefined;
  const series = ownSeries(evidence, year);
  const trend = annualPercentChange(series.map((p) => ({ year: p.year, rate: p.value })));
  if (trend === undefined || trend.n < MIN_TREND_YEARS) return undefined;
  if (trend.lower === undefined || trend.upper === undefined) return undefined;
  if (!(trend.lower > 0 || trend.upper < 0)) return undefined;
  const rising = trend.apc > 0;
  const worse = rising === (evidence.direction === 'down');
  const used = series.filter((p) => p.value > 0);
  const fromYear = used[0]!.year;
  const toYear = used[used.length - 1]!.year;
  const kind = rising ? 'rising_trend' : 'falling_trend';
  return {
    id: `${kind}:${evidence.code}`,
    kind,
    assessment: worse ? 'problem' : 'strength',
    indicator: evidence.code,
    issue: null,
    severity: Math.abs(Math.log1p(trend.apc / 100)) * TREND_YEARS,
    numbers: {
      ...NO_NUMBERS,
      value: series.find((p) => p.year === year)?.value ?? null,
      apc: trend.apc,
      apcLower: trend.lower,
      apcUpper: trend.upper,
      years: trend.n,
      fromYear,
      toYear,
    },
    series,
    peerValues: peerValues(evidence, orgUnit, year),
    components: [],
    sources: [],
    affects: [],
    ...trendText({
      indicatorName: evidence.name,
      unitName,
      apc: trend.apc,
      lower: trend.lower,
      upper: trend.upper,
      fromYear,
      toYear,
      direction: evidence.direction,
      worse,
    }),
  };
}
