/**
 * Gathers the evidence of a diagnosis from the analytics cube (pure: the cube is in memory): for
 * each indicator of the catalogue, the unit's yearly rows over the ten years ending at the year
 * and the year's rows of its parent's children (its peers), totals, each element in its preferred
 * source; and the yearly figure of homicide victims at the unit from each source that has one.
 */
import type { AnalyticsCube, CubeView } from '../analytics/analytics-cube.ts';
import { runAnalyticsQuery } from '../analytics/analytics-query.ts';
import type { CompiledIndicator } from '../analytics/indicator-values.ts';
import type { Indicator } from '../catalogue/catalogue.ts';
import { DATA_ELEMENTS } from '../catalogue/data-elements.ts';
import { formulaRefNodes } from '../catalogue/formula.ts';
import { SEED_SOURCES } from '../data/sources.ts';
import { NotFoundError } from '../kernel/errors.ts';
import type { LocalizedText } from '../kernel/i18n.ts';
import type { DiagnosisInput, IndicatorEvidence, SourceComparison } from './diagnosis-model.ts';
import { TREND_YEARS } from './indicator-evidence.ts';

/** Elements whose sources are compared (several registers count the same events). */
export const COMPARED_ELEMENTS = ['homicide_victims'] as const;

const plain = (code: string): LocalizedText => ({ en: code, es: code, pt: code, fr: code });

export interface EvidenceRequest {
  readonly orgUnit: string;
  readonly orgUnitName: LocalizedText;
  readonly year: number;
  readonly indicators: readonly Indicator[];
}

export function gatherDiagnosisInput(
  cube: AnalyticsCube,
  view: CubeView,
  compile: (code: string) => CompiledIndicator | undefined,
  request: EvidenceRequest,
): DiagnosisInput {
  const unit = cube.unitsByCode.get(request.orgUnit);
  if (unit === undefined) throw new NotFoundError(`No org unit with code "${request.orgUnit}"`);
  const parent = unit.parentId === null ? undefined : cube.unitsById.get(unit.parentId);
  const { year } = request;
  const indicators: IndicatorEvidence[] = [];
  for (const indicator of request.indicators) {
    const compiled = compile(indicator.code);
    if (compiled === undefined) continue;
    const own = runAnalyticsQuery(cube, view, compile, {
      indicators: [indicator.code],
      orgUnits: [unit.code],
      from: String(year - TREND_YEARS + 1),
      to: String(year),
      periodType: 'year',
    });
    const peers =
      parent === undefined
        ? []
        : runAnalyticsQuery(cube, view, compile, {
            indicators: [indicator.code],
            parent: parent.code,
            periods: [String(year)],
            periodType: 'year',
          });
    if (own.length === 0 && peers.length === 0) continue;
    const base = compiled.changeOf ?? compiled;
    indicators.push({
      code: indicator.code,
      name: indicator.name,
      unitLabel: indicator.unitLabel,
      family: indicator.family,
      direction: indicator.direction,
      kind: indicator.kind,
      countNumerator: compiled.countNumerator && indicator.kind === 'rate',
      numeratorElements: [...new Set(formulaRefNodes(base.numerator).map((r) => r.element))],
      own,
      peers,
    });
  }
  return {
    orgUnit: unit.code,
    orgUnitName: request.orgUnitName,
    year,
    indicators,
    sourceComparisons: COMPARED_ELEMENTS.flatMap((element) => {
      const comparison = compareSources(cube, view, compile, request.indicators, element, unit.code, year);
      return comparison === undefined ? [] : [comparison];
    }),
  };
}

/**
 * The element's yearly total at the unit from each source, read as the numerator of an indicator
 * whose numerator is the element alone (homicide_rate for homicide_victims).
 */
function compareSources(
  cube: AnalyticsCube,
  view: CubeView,
  compile: (code: string) => CompiledIndicator | undefined,
  indicators: readonly Indicator[],
  element: string,
  orgUnit: string,
  year: number,
): SourceComparison | undefined {
  const carrier = indicators.find((i) => {
    const c = compile(i.code);
    return (
      c !== undefined &&
      c.changeOf === undefined &&
      c.numerator.kind === 'ref' &&
      c.numerator.element === element &&
      c.numerator.filter.length === 0
    );
  });
  if (carrier === undefined) return undefined;
  const figures: { source: string; name: LocalizedText; value: number }[] = [];
  for (const source of [...cube.sourcesByCode.keys()].sort()) {
    const rows = runAnalyticsQuery(cube, view, compile, {
      indicators: [carrier.code],
      orgUnits: [orgUnit],
      periods: [String(year)],
      periodType: 'year',
      sources: { [element]: source },
    });
    const row = rows[0];
    if (row === undefined) continue;
    figures.push({
      source,
      name: SEED_SOURCES.find((s) => s.code === source)?.name ?? plain(source),
      value: row.numerator,
    });
  }
  return {
    element,
    elementName: DATA_ELEMENTS.find((e) => e.code === element)?.name ?? plain(element),
    figures,
  };
}
