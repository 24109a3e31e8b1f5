/**
 * Indicator values from the cube: numerator and denominator are each evaluated on aggregated
 * element values (never by averaging rates), then divided and multiplied by the factor. A rate
 * whose numerator counts events in the period (a flow) over a yearly stock (population) is
 * annualised for a quarter or a month: the denominator becomes person-years, D × the share of
 * the year the period covers. A rate from a count gets its exact Poisson interval and a small-count
 * flag. A target is one unit, or several summed (a group beside the hierarchy).
 */
import type { Indicator } from '../catalogue/catalogue.ts';
import {
  disaggregateFormula,
  evaluateFormula,
  formulaRefNodes,
  parseFormula,
  type FormulaNode,
} from '../catalogue/formula.ts';
import type { DisaggregationPair } from '../catalogue/disaggregation.ts';
import { shiftPeriod, yearFraction } from '../periods/period-code.ts';
import { stockValue, type AnalyticsCube, type CubeElement, type CubeView } from './analytics-cube.ts';
import { periodKey, periodOfKey } from './period-key.ts';
import { isSmallCount, rateInterval } from './poisson-interval.ts';

export interface CompiledIndicator {
  readonly indicator: Indicator;
  readonly numerator: FormulaNode;
  readonly denominator: FormulaNode | null;
  /** the numerator is one count element: its value is a Poisson count */
  readonly countNumerator: boolean;
  /** flow over stock: annualise the denominator for periods shorter than a year */
  readonly annualise: boolean;
  /** for kind `change`: the indicator whose change this is */
  readonly changeOf: CompiledIndicator | undefined;
}

export function compileIndicator(
  indicator: Indicator,
  elements: ReadonlyMap<string, CubeElement>,
  all: ReadonlyMap<string, Indicator> = new Map(),
): CompiledIndicator {
  const numerator = parseFormula(indicator.numerator);
  const denominator = indicator.denominator === null ? null : parseFormula(indicator.denominator);
  const numeratorRefs = formulaRefNodes(numerator);
  const isCount = (code: string) => elements.get(code)?.valueType === 'count';
  const isStock = (code: string) => elements.get(code)?.valueType === 'stock';
  const countNumerator = numerator.kind === 'ref' && isCount(numerator.element);
  const annualise =
    indicator.kind === 'rate' &&
    denominator !== null &&
    numeratorRefs.every((r) => isCount(r.element)) &&
    formulaRefNodes(denominator).every((r) => isStock(r.element));
  const base =
    indicator.kind === 'change' && indicator.changeOf !== undefined ? all.get(indicator.changeOf) : undefined;
  return {
    indicator,
    numerator,
    denominator,
    countNumerator,
    annualise,
    changeOf: base === undefined ? undefined : compileIndicator(base, elements, all),
  };
}

export interface IndicatorValue {
  readonly value: number;
  readonly numerator: number;
  /** the denominator as aggregated (before annualisation); null for a level */
  readonly denominator: number | null;
  /** what the numerator was divided by: the denominator, in person-years when annualised */
  readonly exposure: number | null;
  /** 95% interval, for rates from counts */
  readonly lower: number | null;
  readonly upper: number | null;
  readonly smallCount: boolean;
  /** every value read was complete (all expected units and periods reported) */
  readonly complete: boolean;
}

export interface Target {
  /** the units summed: one for a unit, the members for a group */
  readonly unitIds: readonly number[];
}

/**
 * The value of a compiled indicator for a target, a period and a breakdown; undefined when a
 * value it needs is missing. `sources` pins an element to a source (by id); otherwise each element
 * reads its preferred source.
 */
export function indicatorValue(
  cube: AnalyticsCube,
  view: CubeView,
  compiled: CompiledIndicator,
  target: Target,
  key: number,
  pairs: readonly DisaggregationPair[] = [],
  sources: ReadonlyMap<string, number> = new Map(),
): IndicatorValue | undefined {
  if (compiled.changeOf !== undefined) {
    const previous = periodKey(shiftPeriod(periodOfKey(key), -1));
    const now = indicatorValue(cube, view, compiled.changeOf, target, key, pairs, sources);
    const before = indicatorValue(cube, view, compiled.changeOf, target, previous, pairs, sources);
    if (now === undefined || before === undefined) return undefined;
    return {
      value: now.value - before.value,
      numerator: now.numerator - before.numerator,
      denominator: null,
      exposure: null,
      lower: null,
      upper: null,
      smallCount: now.smallCount || before.smallCount,
      complete: now.complete && before.complete,
    };
  }
  let complete = true;
  const lookup = (elementCode: string, disaggregation: string): number | undefined => {
    const element = cube.elementsByCode.get(elementCode);
    if (element === undefined) return undefined;
    const source = sources.get(elementCode) ?? cube.preferredSource(view, element.id);
    if (source === undefined) return undefined;
    const series = cube.series(view, element.id, disaggregation, source);
    if (series === undefined) return undefined;
    let sum = 0;
    let weights = 0;
    let found = 0;
    const weighted = element.spaceAggregation.kind === 'weighted';
    for (const unit of target.unitIds) {
      let value: number | undefined;
      if (element.valueType === 'stock') value = stockValue(series, unit, key);
      else {
        const cell = series.get(unit, key);
        if (cell !== undefined && !cell.complete) complete = false;
        value = cell?.value;
      }
      if (value === undefined) continue;
      if (weighted && target.unitIds.length > 1) {
        const weight = cube.weight(view, element, unit, key);
        if (weight === undefined) continue;
        sum += weight * value;
        weights += weight;
      } else sum += value;
      found += 1;
    }
    if (found === 0) return undefined;
    if (found < target.unitIds.length) complete = false;
    return weighted && target.unitIds.length > 1 ? sum / weights : sum;
  };
  const map = (ast: FormulaNode) => disaggregateFormula(ast, pairs, cube.elementsByCode);
  const numerator = evaluateFormula(map(compiled.numerator), lookup);
  if (numerator === undefined) return undefined;
  const { indicator } = compiled;
  if (compiled.denominator === null) {
    return {
      value: numerator * indicator.factor,
      numerator,
      denominator: null,
      exposure: null,
      lower: null,
      upper: null,
      smallCount: compiled.countNumerator && isSmallCount(numerator),
      complete,
    };
  }
  const denominator = evaluateFormula(map(compiled.denominator), lookup);
  if (denominator === undefined || denominator === 0) return undefined;
  const exposure = compiled.annualise ? denominator * yearFraction(periodOfKey(key)) : denominator;
  const interval =
    compiled.countNumerator && indicator.kind === 'rate' && Number.isInteger(numerator) && numerator >= 0
      ? rateInterval(numerator, exposure, indicator.factor)
      : undefined;
  return {
    value: (numerator / exposure) * indicator.factor,
    numerator,
    denominator,
    exposure,
    lower: interval?.lower ?? null,
    upper: interval?.upper ?? null,
    smallCount: compiled.countNumerator && isSmallCount(numerator),
    complete,
  };
}
