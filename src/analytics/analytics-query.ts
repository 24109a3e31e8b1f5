/**
 * The analytics query: indicators × org units × periods × one breakdown, answered from the cube.
 * Org units are named (units or groups, a group then being the sum of its members), or all units
 * of a level, the members of a group, or the children of a unit. Periods are listed, a range, or
 * the last N of a type (ending at the latest period with data). Each row carries the value, its
 * numerator and denominator, its interval and flags; empirical-Bayes smoothing is added on demand.
 */
import { formulaRefNodes } from '../catalogue/formula.ts';
import { canonicalDisaggregation, parseDisaggregation } from '../catalogue/disaggregation.ts';
import { ValidationError } from '../kernel/errors.ts';
import { formatPeriod, parentPeriod, parsePeriod, periodRange, shiftPeriod } from '../periods/period-code.ts';
import type { Period, PeriodType } from '../periods/period.ts';
import { groupMembersIn, type AnalyticsCube, type CubeView } from './analytics-cube.ts';
import { globalEmpiricalBayes, localEmpiricalBayes } from './empirical-bayes.ts';
import { indicatorValue, type CompiledIndicator, type Target } from './indicator-values.ts';
import { periodKey, periodOfKey } from './period-key.ts';

export const MAX_ANALYTICS_ROWS = 100_000;

export interface AnalyticsQuery {
  readonly indicators: readonly string[];
  /** unit or group codes */
  readonly orgUnits?: readonly string[];
  readonly level?: string;
  /** every member of the group, each on its own row */
  readonly group?: string;
  /** the children of this unit */
  readonly parent?: string;
  readonly periods?: readonly string[];
  readonly from?: string;
  readonly to?: string;
  readonly last?: number;
  readonly periodType?: PeriodType;
  /** a canonical breakdown such as `sex=F`; '' for totals */
  readonly disaggregation?: string;
  /** element code → source code, to pin a source */
  readonly sources?: Readonly<Record<string, string>>;
  /**
   * Preferred-source rules: org unit id → element code → source id, for the unit and the units
   * below it without their own (src/reconciliation/). A source pinned by the query wins.
   */
  readonly preferences?: ReadonlyMap<number, ReadonlyMap<string, number>>;
  readonly smooth?: 'global' | 'local';
}

export interface AnalyticsRow {
  readonly indicator: string;
  readonly orgUnit: string;
  readonly period: string;
  readonly disaggregation: string;
  readonly value: number;
  readonly numerator: number;
  readonly denominator: number | null;
  /** the denominator in person-years when a flow over a yearly stock is annualised */
  readonly exposure: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly smallCount: boolean;
  readonly complete: boolean;
  /** empirical-Bayes rate, when smoothing was asked for and the indicator is a rate from counts */
  readonly smoothed?: number | null;
  /** element code → source code, for the elements whose source a preferred-source rule chose */
  readonly preferredSources?: Readonly<Record<string, string>>;
}

interface ResolvedTarget {
  readonly code: string;
  /** the units summed in a period: the unit itself, or the group's members then */
  readonly unitsAt: (key: number) => Target;
  /** the unit's parent (for local smoothing); -1 for a group */
  readonly parentId: number;
}

function resolveTargets(cube: AnalyticsCube, q: AnalyticsQuery): ResolvedTarget[] {
  const targets: ResolvedTarget[] = [];
  const groups = new Map(cube.references.groups.map((g) => [g.code, g]));
  const unitTarget = (id: number): ResolvedTarget => {
    const unit = cube.unitsById.get(id)!;
    const target = { unitIds: [id] };
    return { code: unit.code, unitsAt: () => target, parentId: unit.parentId ?? -1 };
  };
  for (const code of q.orgUnits ?? []) {
    const unit = cube.unitsByCode.get(code);
    const group = groups.get(code);
    if (unit !== undefined) targets.push(unitTarget(unit.id));
    else if (group !== undefined) {
      targets.push({ code, unitsAt: (key) => ({ unitIds: groupMembersIn(group, key) }), parentId: -1 });
    } else throw new ValidationError(`orgUnit: unknown org unit or group "${code}"`);
  }
  if (q.level !== undefined) {
    const units = cube.references.units.filter((u) => u.level === q.level);
    if (units.length === 0) throw new ValidationError(`level: no org units at level "${q.level}"`);
    for (const u of units) targets.push(unitTarget(u.id));
  }
  if (q.group !== undefined) {
    const group = groups.get(q.group);
    if (group === undefined) throw new ValidationError(`group: unknown group "${q.group}"`);
    for (const id of new Set(group.members.map((m) => m.unitId))) targets.push(unitTarget(id));
  }
  if (q.parent !== undefined) {
    const parent = cube.unitsByCode.get(q.parent);
    if (parent === undefined) throw new ValidationError(`parent: unknown org unit "${q.parent}"`);
    for (const id of cube.tree.children[parent.id] ?? []) targets.push(unitTarget(id));
  }
  if (targets.length === 0) throw new ValidationError('name org units: orgUnit, level, group or parent');
  return targets;
}

/**
 * Every unit a query reads, for scope checks: named units, every member a named group ever had,
 * the units of a level, a group's members, a parent's children. Unknown codes are left to the
 * query to report.
 */
export function unitsOfQuery(cube: AnalyticsCube, q: AnalyticsQuery): number[] {
  const ids = new Set<number>();
  const groups = new Map(cube.references.groups.map((g) => [g.code, g]));
  for (const code of q.orgUnits ?? []) {
    const unit = cube.unitsByCode.get(code);
    if (unit !== undefined) ids.add(unit.id);
    for (const m of groups.get(code)?.members ?? []) ids.add(m.unitId);
  }
  if (q.level !== undefined) for (const u of cube.references.units) if (u.level === q.level) ids.add(u.id);
  if (q.group !== undefined) for (const m of groups.get(q.group)?.members ?? []) ids.add(m.unitId);
  if (q.parent !== undefined) {
    const parent = cube.unitsByCode.get(q.parent);
    if (parent !== undefined) for (const id of cube.tree.children[parent.id] ?? []) ids.add(id);
  }
  return [...ids];
}

/** Parses a period given in a query parameter; a bad code is a ValidationError naming the parameter. */
export function parsePeriodParameter(code: string, field: string): Period {
  try {
    return parsePeriod(code);
  } catch (error) {
    throw new ValidationError(`${field}: ${(error as Error).message}`);
  }
}

function resolvePeriods(cube: AnalyticsCube, q: AnalyticsQuery, latest: number): number[] {
  const parse = parsePeriodParameter;
  if (q.periods !== undefined) return q.periods.map((p) => periodKey(parse(p, 'period')));
  const type = q.periodType ?? 'year';
  if (q.from !== undefined || q.to !== undefined) {
    if (q.from === undefined || q.to === undefined) throw new ValidationError('from and to go together');
    return periodRange(parse(q.from, 'from'), parse(q.to, 'to')).map(periodKey);
  }
  if (q.last !== undefined) {
    if (latest < 0) return [];
    const end = parentPeriodOrSame(periodOfKey(latest), type);
    if (end === undefined) return [];
    return periodRange(shiftPeriod(end, -(q.last - 1)), end).map(periodKey);
  }
  throw new ValidationError('name periods: period, from and to, or last');
}

function parentPeriodOrSame(p: ReturnType<typeof periodOfKey>, type: PeriodType) {
  const order: PeriodType[] = ['month', 'quarter', 'year'];
  if (order.indexOf(p.type) > order.indexOf(type)) return undefined;
  return p.type === type ? p : parentPeriod(p, type);
}

export function runAnalyticsQuery(
  cube: AnalyticsCube,
  view: CubeView,
  compile: (code: string) => CompiledIndicator | undefined,
  q: AnalyticsQuery,
): AnalyticsRow[] {
  const indicators = q.indicators.map((code) => {
    const compiled = compile(code);
    if (compiled === undefined) throw new ValidationError(`indicator: unknown indicator "${code}"`);
    return compiled;
  });
  if (indicators.length === 0) throw new ValidationError('indicator: name at least one indicator');
  let disaggregation = '';
  try {
    disaggregation = canonicalDisaggregation(q.disaggregation ?? '');
  } catch (error) {
    throw new ValidationError(`disaggregation: ${(error as Error).message}`);
  }
  const pairs = parseDisaggregation(disaggregation);
  for (const compiled of indicators) {
    for (const [dimension] of pairs) {
      if (!compiled.indicator.dimensions.includes(dimension)) {
        throw new ValidationError(
          `disaggregation: ${compiled.indicator.code} is not broken down by ${dimension} (it is by ${compiled.indicator.dimensions.join(', ') || 'nothing'})`,
        );
      }
    }
  }
  const sources = new Map<string, number>();
  for (const [element, source] of Object.entries(q.sources ?? {})) {
    const id = cube.sourcesByCode.get(source);
    if (id === undefined) throw new ValidationError(`source: unknown source "${source}"`);
    sources.set(element, id);
  }
  const targets = resolveTargets(cube, q);
  const sourceCodes = new Map([...cube.sourcesByCode].map(([code, id]) => [id, code]));
  const rows: AnalyticsRow[] = [];
  for (const compiled of indicators) {
    const used = elementsOf(compiled);
    const pinsOf = targetPins(cube, targets, q.preferences, sources, used, sourceCodes);
    const periods = resolvePeriods(cube, q, latestKey(cube, view, compiled));
    if (targets.length * periods.length > MAX_ANALYTICS_ROWS) {
      throw new ValidationError(
        `the query asks for ${targets.length * periods.length} values; narrow it to at most ${MAX_ANALYTICS_ROWS}`,
      );
    }
    for (const key of periods) {
      const period = formatPeriod(periodOfKey(key));
      const start = rows.length;
      for (const target of targets) {
        const pins = pinsOf.get(target.code);
        const v = indicatorValue(
          cube,
          view,
          compiled,
          target.unitsAt(key),
          key,
          pairs,
          pins?.sources ?? sources,
        );
        if (v === undefined) continue;
        rows.push({
          indicator: compiled.indicator.code,
          orgUnit: target.code,
          period,
          disaggregation,
          ...v,
          ...(pins === undefined ? {} : { preferredSources: pins.shown }),
        });
      }
      if (q.smooth !== undefined) smoothRows(rows, start, compiled, q.smooth, targets);
    }
  }
  return rows;
}

/** The latest period with a reported numerator value, in the preferred source (−1 when none). */
function latestKey(cube: AnalyticsCube, view: CubeView, compiled: CompiledIndicator): number {
  const base = compiled.changeOf ?? compiled;
  const ref = base.numerator.kind === 'ref' ? base.numerator.element : undefined;
  const element = ref === undefined ? undefined : cube.elementsByCode.get(ref);
  if (element === undefined) return -1;
  const source = cube.preferredSource(view, element.id);
  return source === undefined ? -1 : (cube.series(view, element.id, '', source)?.latestReported ?? -1);
}

/** Adds EB-smoothed rates to the rows of one period (rates from counts only). */
function smoothRows(
  rows: AnalyticsRow[],
  start: number,
  compiled: CompiledIndicator,
  mode: 'global' | 'local',
  targets: readonly ResolvedTarget[],
): void {
  const slice = rows.slice(start);
  const applicable = compiled.countNumerator && compiled.indicator.kind === 'rate';
  if (!applicable) {
    slice.forEach((row, i) => (rows[start + i] = { ...row, smoothed: null }));
    return;
  }
  const areas = slice.map((row) => ({ count: row.numerator, exposure: row.exposure ?? NaN }));
  let smoothed: (number | undefined)[];
  if (mode === 'global') smoothed = globalEmpiricalBayes(areas);
  else {
    const parentOf = new Map(targets.map((t) => [t.code, t.parentId]));
    const parents = slice.map((row) => parentOf.get(row.orgUnit) ?? -1);
    const neighbours = parents.map((p, i) =>
      p < 0 ? [] : parents.flatMap((q, j) => (q === p && j !== i ? [j] : [])),
    );
    smoothed = localEmpiricalBayes(areas, neighbours);
  }
  slice.forEach((row, i) => {
    const rate = smoothed[i];
    rows[start + i] = { ...row, smoothed: rate === undefined ? null : rate * compiled.indicator.factor };
  });
}

/** The data elements an indicator reads (its numerator, denominator, and those of its base). */
function elementsOf(compiled: CompiledIndicator): Set<string> {
  const out = new Set<string>();
  for (let c: CompiledIndicator | undefined = compiled; c !== undefined; c = c.changeOf) {
    for (const node of formulaRefNodes(c.numerator)) out.add(node.element);
    if (c.denominator !== null) for (const node of formulaRefNodes(c.denominator)) out.add(node.element);
  }
  return out;
}

/**
 * The sources preferred-source rules pin for each unit target (a group's members may follow
 * different rules, so a group reads each element's most complete source): the query's own pins,
 * then for each element the indicator reads, the rule of the unit or of its nearest ancestor.
 * Targets no rule touches are left out (they read with the query's pins).
 */
function targetPins(
  cube: AnalyticsCube,
  targets: readonly ResolvedTarget[],
  preferences: ReadonlyMap<number, ReadonlyMap<string, number>> | undefined,
  pinned: ReadonlyMap<string, number>,
  used: ReadonlySet<string>,
  sourceCodes: ReadonlyMap<number, string>,
): Map<string, { sources: Map<string, number>; shown: Record<string, string> }> {
  const out = new Map<string, { sources: Map<string, number>; shown: Record<string, string> }>();
  if (preferences === undefined || preferences.size === 0) return out;
  for (const target of targets) {
    if (target.parentId === -1) continue; // a group
    const sources = new Map(pinned);
    const shown: Record<string, string> = {};
    let unit = cube.unitsByCode.get(target.code);
    for (let step = 0; unit !== undefined && step < 32; step++) {
      for (const [element, source] of preferences.get(unit.id) ?? []) {
        if (!used.has(element) || sources.has(element)) continue;
        sources.set(element, source);
        shown[element] = sourceCodes.get(source) ?? String(source);
      }
      unit = unit.parentId === null ? undefined : cube.unitsById.get(unit.parentId);
    }
    if (Object.keys(shown).length > 0) out.set(target.code, { sources, shown });
  }
  return out;
}
