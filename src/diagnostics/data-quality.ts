/**
 * `data_quality`: what limits confidence in the diagnosis, each listed with the findings it
 * affects (same indicator; for sources, every indicator whose numerator reads the element):
 * - `sources_disagree`: two sources of one element (homicide victims by police, forensic
 *   institute, health ministry) more than 10% apart in the year (|high / low − 1| > 0.10);
 *   severity |ln(high / low)|;
 * - `incomplete`: the unit's value in the year is not complete (an expected unit or month did not
 *   report); severity 0.2;
 * - `missing_recent_years`: the indicator has values in the ten-year window but none in the year;
 *   severity 0.1 per year since the latest value;
 * - `small_count`: a rate from fewer than 20 events; severity 0.1.
 * These severities only order the limitations among themselves.
 */
import type { LocalizedText } from '../kernel/i18n.ts';
import { incompleteText, missingYearsText, smallCountText, sourcesDisagreeText } from './finding-text.ts';
import {
  NO_NUMBERS,
  type Finding,
  type IndicatorEvidence,
  type QualityIssue,
  type SourceComparison,
} from './diagnosis-model.ts';
import { ownRow, ownSeries } from './indicator-evidence.ts';

export const SOURCE_DIFFERENCE_THRESHOLD = 0.1;
const INCOMPLETE_SEVERITY = 0.2;
const SMALL_COUNT_SEVERITY = 0.1;
const MISSING_YEAR_SEVERITY = 0.1;

function limitation(
  issue: QualityIssue,
  indicator: string | null,
  key: string,
  severity: number,
  rest: Pick<Finding, 'numbers' | 'series' | 'sources' | 'title' | 'explanation'>,
): Finding {
  return {
    id: `data_quality:${issue}:${key}`,
    kind: 'data_quality',
    assessment: 'limitation',
    indicator,
    issue,
    severity,
    peerValues: [],
    components: [],
    affects: [],
    ...rest,
  };
}

/** The limitations of one indicator's evidence for the unit in the year. */
export function indicatorLimitations(
  evidence: IndicatorEvidence,
  unitName: LocalizedText,
  year: number,
): Finding[] {
  const out: Finding[] = [];
  const own = ownRow(evidence, year);
  const series = ownSeries(evidence, year);
  if (own === undefined) {
    const latest = series[series.length - 1];
    if (latest !== undefined) {
      out.push(
        limitation(
          'missing_recent_years',
          evidence.code,
          evidence.code,
          MISSING_YEAR_SEVERITY * (year - latest.year),
          {
            numbers: { ...NO_NUMBERS, latestYear: latest.year },
            series,
            sources: [],
            ...missingYearsText(evidence.name, unitName, year, latest.year),
          },
        ),
      );
    }
    return out;
  }
  if (!own.complete) {
    out.push(
      limitation('incomplete', evidence.code, evidence.code, INCOMPLETE_SEVERITY, {
        numbers: { ...NO_NUMBERS, value: own.value, lower: own.lower, upper: own.upper },
        series,
        sources: [],
        ...incompleteText(evidence.name, unitName, year),
      }),
    );
  }
  if (own.smallCount && evidence.countNumerator) {
    out.push(
      limitation('small_count', evidence.code, evidence.code, SMALL_COUNT_SEVERITY, {
        numbers: {
          ...NO_NUMBERS,
          value: own.value,
          lower: own.lower,
          upper: own.upper,
          numerator: own.numerator,
        },
        series,
        sources: [],
        ...smallCountText(evidence.name, unitName, year, own.numerator),
      }),
    );
  }
  return out;
}

/** Sources of one element more than 10% apart: the highest against the lowest. */
export function sourceLimitation(
  comparison: SourceComparison,
  unitName: LocalizedText,
  year: number,
): Finding | undefined {
  const figures = comparison.figures.filter((f) => Number.isFinite(f.value) && f.value > 0);
  if (figures.length < 2) return undefined;
  const sorted = [...figures].sort((a, b) => b.value - a.value || a.source.localeCompare(b.source));
  const high = sorted[0]!;
  const low = sorted[sorted.length - 1]!;
  const difference = high.value / low.value - 1;
  if (!(difference > SOURCE_DIFFERENCE_THRESHOLD)) return undefined;
  return limitation('sources_disagree', null, comparison.element, Math.log(high.value / low.value), {
    numbers: { ...NO_NUMBERS, sourceDifference: difference },
    series: [],
    sources: sorted.map((f) => ({ source: f.source, value: f.value })),
    ...sourcesDisagreeText(comparison.elementName, unitName, year, high, low, difference),
  });
}
