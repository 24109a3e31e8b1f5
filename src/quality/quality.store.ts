/**
 * The quality checks over a store: the rules run over the values of the elements they read, one
 * org unit and period at a time (keyset pages in unit, period order: memory stays bounded); the
 * series of one unit for outliers; completeness and timeliness from the values' first import
 * batches.
 */
import type { Kysely, Transaction } from 'kysely';
import { listDataElements, listDimensions } from '../catalogue/catalogue.store.ts';
import type { ValueStatus } from '../data/value-writer.ts';
import { subtreeIdsQuery } from '../geography/subtree.store.ts';
import { NotFoundError, ValidationError } from '../kernel/errors.ts';
import { childPeriods, formatPeriod, parsePeriod, periodRange, periodType } from '../periods/period-code.ts';
import type { PeriodType } from '../periods/period.ts';
import type { Schema } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { expectedRange, unitCompleteness, type UnitCompleteness } from './completeness.ts';
import { defaultRuleSet } from './default-rules.ts';
import { compiledStoredRules } from './validation-rule.store.ts';
import { seriesOutliers, type SeriesOutlierResult } from './series-outliers.ts';
import {
  checkCell,
  type RuleTally,
  type RuleValue,
  type RuleViolation,
  type ValidationRule,
} from './validation-rule.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

/** The rules checked on a store: the default set for its catalogue, then the stored rules. */
export async function storeRuleSet(db: Db): Promise<ValidationRule[]> {
  const [elements, dimensions, stored] = await Promise.all([
    listDataElements(db),
    listDimensions(db),
    compiledStoredRules(db),
  ]);
  return [...defaultRuleSet(elements, dimensions), ...stored.rules];
}

/** A period and the shorter periods within it (`2020` → `2020`, its quarters and months). */
export function periodAndParts(code: string): string[] {
  const period = parsePeriod(code);
  const types: PeriodType[] =
    period.type === 'year' ? ['quarter', 'month'] : period.type === 'quarter' ? ['month'] : [];
  return [code, ...types.flatMap((type) => childPeriods(period, type).map(formatPeriod))];
}

/** The most periods a range may name with the periods within them (50 years of years). */
export const MAX_RANGE_PERIODS = 50 * 17;

/** The periods from `from` to `to` (of one type) and the shorter periods within each. */
export function rangeAndParts(from: string, to: string): string[] {
  const range = periodRange(parsePeriod(from), parsePeriod(to));
  const codes = range.flatMap((p) => periodAndParts(formatPeriod(p)));
  if (codes.length > MAX_RANGE_PERIODS) {
    throw new ValidationError(
      `from, to: ${from}–${to} names ${codes.length} periods with those within them (at most ${MAX_RANGE_PERIODS})`,
    );
  }
  return codes;
}

async function elementIds(db: Db, codes: readonly string[]): Promise<Map<number, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .selectFrom('data_element')
    .select(['id', 'code'])
    .where('code', 'in', [...codes])
    .execute();
  return new Map(rows.map((r) => [r.id, r.code]));
}

async function orgUnitId(db: Db, code: string): Promise<number> {
  const row = await db.selectFrom('org_unit').select('id').where('code', '=', code).executeTakeFirst();
  if (row === undefined) throw new NotFoundError(`no org unit "${code}"`);
  return row.id;
}

export interface RuleRunOptions {
  /** the units (and every unit below them) to check; all when absent */
  readonly orgUnits?: readonly string[];
  /** a period code: it and the periods within it; all when absent */
  readonly period?: string;
  /** or a range of periods of one type (both given): them and the periods within them */
  readonly from?: string;
  readonly to?: string;
  readonly statuses: readonly ValueStatus[];
  readonly pageSize?: number;
}

export interface RuleRun {
  readonly rules: readonly ValidationRule[];
  readonly violations: readonly RuleViolation[];
  /** per rule, in the rules' order */
  readonly tallies: readonly RuleTally[];
  /** the (org unit, period) cells read */
  readonly cells: number;
}

/** Runs rules over the store's values. */
export async function runRules(
  store: Store,
  rules: readonly ValidationRule[],
  options: RuleRunOptions,
): Promise<RuleRun> {
  const db = store.db;
  for (const code of options.orgUnits ?? []) await orgUnitId(db, code);
  const periods =
    options.from !== undefined && options.to !== undefined
      ? rangeAndParts(options.from, options.to)
      : options.period === undefined
        ? undefined
        : periodAndParts(options.period);
  const elements = await elementIds(db, [...new Set(rules.flatMap((r) => r.elements))]);
  const tallies = new Map<string, RuleTally>(
    rules.map((r) => [r.code, { rule: r.code, checked: 0, violations: 0 }]),
  );
  const violations: RuleViolation[] = [];
  let cells = 0;
  if (elements.size === 0 || options.statuses.length === 0) {
    return { rules, violations, tallies: [...tallies.values()], cells };
  }
  const units = new Map<number, string>();
  const sources = new Map<number, string>();
  for (const s of await db.selectFrom('source').select(['id', 'code']).execute()) sources.set(s.id, s.code);

  let current: { unitId: number; period: string; values: RuleValue[] } | undefined;
  const flush = async () => {
    if (current === undefined) return;
    let unit = units.get(current.unitId);
    if (unit === undefined) {
      const row = await db
        .selectFrom('org_unit')
        .select('code')
        .where('id', '=', current.unitId)
        .executeTakeFirstOrThrow();
      units.set(current.unitId, (unit = row.code));
    }
    cells += 1;
    violations.push(
      ...checkCell(
        rules,
        {
          orgUnit: unit,
          period: current.period,
          periodType: periodType(current.period),
          values: current.values,
        },
        tallies,
      ),
    );
  };

  const pageSize = options.pageSize ?? 20_000;
  let after: [number, string, number, string, number] | undefined;
  for (;;) {
    let query = db
      .selectFrom('data_value as v')
      .select(['v.org_unit_id', 'v.period', 'v.element_id', 'v.disaggregation', 'v.source_id', 'v.value'])
      .where('v.element_id', 'in', [...elements.keys()])
      .where('v.status', 'in', [...options.statuses]);
    if (options.orgUnits !== undefined) {
      query = query.where('v.org_unit_id', 'in', subtreeIdsQuery(db, options.orgUnits));
    }
    if (periods !== undefined) query = query.where('v.period', 'in', periods);
    if (after !== undefined) {
      const [u, p, e, d, s] = after;
      query = query.where((eb) =>
        eb(
          eb.refTuple('v.org_unit_id', 'v.period', 'v.element_id', 'v.disaggregation', 'v.source_id'),
          '>',
          eb.tuple(u, p, e, d, s),
        ),
      );
    }
    const rows = await query
      .orderBy('v.org_unit_id')
      .orderBy('v.period')
      .orderBy('v.element_id')
      .orderBy('v.disaggregation')
      .orderBy('v.source_id')
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      if (current === undefined || current.unitId !== r.org_unit_id || current.period !== r.period) {
        await flush();
        current = { unitId: r.org_unit_id, period: r.period, values: [] };
      }
      current.values.push({
        element: elements.get(r.element_id)!,
        disaggregation: r.disaggregation,
        source: sources.get(r.source_id) ?? String(r.source_id),
        value: r.value,
      });
    }
    if (rows.length < pageSize) break;
    const last = rows[rows.length - 1]!;
    after = [last.org_unit_id, last.period, last.element_id, last.disaggregation, last.source_id];
  }
  await flush();
  return { rules, violations, tallies: rules.map((r) => tallies.get(r.code)!), cells };
}

export interface OutlierQuery {
  readonly element: string;
  readonly orgUnit: string;
  /** one source; every source (each its own series) when absent */
  readonly source?: string;
  /** canonical disaggregation key; `''` (the total) by default */
  readonly disaggregation?: string;
  readonly threshold?: number;
  readonly statuses: readonly ValueStatus[];
}

export interface SourceSeriesOutliers extends SeriesOutlierResult {
  readonly source: string;
}

/** The outliers of a unit's series of an element, one analysis per source and period type. */
export async function findOutliers(store: Store, query: OutlierQuery): Promise<SourceSeriesOutliers[]> {
  const db = store.db;
  const element = await db
    .selectFrom('data_element')
    .select(['id', 'value_type'])
    .where('code', '=', query.element)
    .executeTakeFirst();
  if (element === undefined) throw new NotFoundError(`no data element "${query.element}"`);
  const unitId = await orgUnitId(db, query.orgUnit);
  if (query.statuses.length === 0) return [];
  let q = db
    .selectFrom('data_value as v')
    .innerJoin('source as s', 's.id', 'v.source_id')
    .select(['s.code as source', 'v.period', 'v.value'])
    .where('v.element_id', '=', element.id)
    .where('v.org_unit_id', '=', unitId)
    .where('v.disaggregation', '=', query.disaggregation ?? '')
    .where('v.status', 'in', [...query.statuses]);
  if (query.source !== undefined) q = q.where('s.code', '=', query.source);
  const rows = await q.orderBy('s.code').orderBy('v.period').execute();
  const bySource = new Map<string, { period: string; value: number }[]>();
  for (const r of rows) {
    let list = bySource.get(r.source);
    if (list === undefined) bySource.set(r.source, (list = []));
    list.push({ period: r.period, value: r.value });
  }
  const results: SourceSeriesOutliers[] = [];
  for (const [source, values] of bySource) {
    for (const result of seriesOutliers(values, {
      valueType: element.value_type as 'count' | 'stock' | 'share',
      ...(query.threshold === undefined ? {} : { threshold: query.threshold }),
    })) {
      results.push({ source, ...result });
    }
  }
  return results;
}

export interface CompletenessQuery {
  readonly element: string;
  /** period codes of one type */
  readonly from: string;
  readonly to: string;
  /**
   * The reporting units: these units, and every unit below them that has ever reported the
   * element. Absent: every unit that has ever reported it.
   */
  readonly orgUnits?: readonly string[];
  readonly source?: string;
  readonly deadlineDays: number;
  readonly statuses: readonly ValueStatus[];
}

/** Completeness and timeliness of each reporting unit, in unit code order. */
export async function readCompleteness(store: Store, query: CompletenessQuery): Promise<UnitCompleteness[]> {
  const db = store.db;
  const range = expectedRange(query.from, query.to);
  const codes = range.map(formatPeriod);
  const element = await db
    .selectFrom('data_element')
    .select('id')
    .where('code', '=', query.element)
    .executeTakeFirst();
  if (element === undefined) throw new NotFoundError(`no data element "${query.element}"`);
  let sourceId: number | undefined;
  if (query.source !== undefined) {
    const source = await db
      .selectFrom('source')
      .select('id')
      .where('code', '=', query.source)
      .executeTakeFirst();
    if (source === undefined) throw new NotFoundError(`no source "${query.source}"`);
    sourceId = source.id;
  }
  for (const code of query.orgUnits ?? []) await orgUnitId(db, code);
  if (query.statuses.length === 0) return [];

  // The units that ever reported the element (any period), within the asked subtrees.
  let reporters = db
    .selectFrom('data_value')
    .select('org_unit_id')
    .distinct()
    .where('element_id', '=', element.id)
    .where('status', 'in', [...query.statuses]);
  if (sourceId !== undefined) reporters = reporters.where('source_id', '=', sourceId);
  if (query.orgUnits !== undefined)
    reporters = reporters.where('org_unit_id', 'in', subtreeIdsQuery(db, query.orgUnits));
  const unitIds = new Set((await reporters.execute()).map((r) => r.org_unit_id));
  const units =
    unitIds.size === 0 && (query.orgUnits === undefined || query.orgUnits.length === 0)
      ? []
      : await db
          .selectFrom('org_unit')
          .select(['id', 'code', 'valid_from', 'valid_to'])
          .where((eb) =>
            eb.or([
              ...(unitIds.size === 0 ? [] : [eb('id', 'in', [...unitIds])]),
              ...(query.orgUnits === undefined || query.orgUnits.length === 0
                ? []
                : [eb('code', 'in', [...query.orgUnits])]),
            ]),
          )
          .orderBy('code')
          .execute();
  if (units.length === 0) return [];

  // First arrival of each (unit, period): the earliest batch among the versions of its values.
  const versions = db
    .selectFrom('data_value')
    .select(['element_id', 'org_unit_id', 'period', 'disaggregation', 'source_id', 'batch_id'])
    .where('element_id', '=', element.id)
    .unionAll(
      db
        .selectFrom('data_value_revision')
        .select(['element_id', 'org_unit_id', 'period', 'disaggregation', 'source_id', 'batch_id'])
        .where('element_id', '=', element.id),
    )
    .as('h');
  let arrivalQuery = db
    .selectFrom('data_value as v')
    .innerJoin(versions, (join) =>
      join
        .onRef('h.element_id', '=', 'v.element_id')
        .onRef('h.org_unit_id', '=', 'v.org_unit_id')
        .onRef('h.period', '=', 'v.period')
        .onRef('h.disaggregation', '=', 'v.disaggregation')
        .onRef('h.source_id', '=', 'v.source_id'),
    )
    .innerJoin('import_batch as b', 'b.id', 'h.batch_id')
    .select(['v.org_unit_id', 'v.period', (eb) => eb.fn.min('b.created_at').as('arrived')])
    .where('v.element_id', '=', element.id)
    .where('v.status', 'in', [...query.statuses])
    .where('v.period', 'in', codes)
    .where(
      'v.org_unit_id',
      'in',
      units.map((u) => u.id),
    )
    .groupBy(['v.org_unit_id', 'v.period']);
  if (sourceId !== undefined) arrivalQuery = arrivalQuery.where('v.source_id', '=', sourceId);
  const arrivals = new Map<number, Map<string, string>>();
  for (const row of await arrivalQuery.execute()) {
    let map = arrivals.get(row.org_unit_id);
    if (map === undefined) arrivals.set(row.org_unit_id, (map = new Map<string, string>()));
    map.set(row.period, String(row.arrived));
  }
  return units.map((u) =>
    unitCompleteness(
      {
        orgUnit: u.code,
        validFrom: u.valid_from,
        validTo: u.valid_to,
        arrivals: arrivals.get(u.id) ?? new Map(),
      },
      range,
      query.deadlineDays,
    ),
  );
}
