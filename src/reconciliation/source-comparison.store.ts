/**
 * Source reconciliation over the store: the raw values of an element for some org units, every
 * pair of sources compared where two or more report the same key (`compareSources`), and the
 * preferred-source rule in force for each unit (its own or its nearest ancestor's), so a reader
 * sees both the disagreement and which figure Atalaya shows. Sources reporting at different period
 * types are compared at the coarser one, by the element's time aggregation (`alignPeriods`).
 */
import type { Kysely } from 'kysely';
import { ValidationError } from '../kernel/errors.ts';
import { ancestorChain } from '../geography/subtree.store.ts';
import type { ValueStatus } from '../data/value-writer.ts';
import type { Schema } from '../store/schema.ts';
import type { TimeAggregation, ValueType } from '../catalogue/catalogue.ts';
import { endDate, parsePeriod, startDate, type Period } from '../periods/period-code.ts';
import { alignPeriods, type NotCompared } from './period-alignment.ts';
import { compareSources, type SourcePair } from './source-comparison.ts';
import { listSourcePreferences, type SourcePreference } from './source-preference.store.ts';

export interface ComparisonQuery {
  readonly element: string;
  readonly orgUnits: readonly string[];
  /**
   * the periods compared: those of the type of `from` (or `to`) within the range, e.g. 2015 … 2020;
   * finer periods within it are read to build values at that type
   */
  readonly from?: string;
  readonly to?: string;
  readonly disaggregation?: string;
  readonly statuses: readonly ValueStatus[];
  readonly tolerance?: number;
}

export interface SourceComparison {
  readonly element: string;
  readonly pairs: SourcePair[];
  /** periods one source reports and another covers only partly (or cannot combine): not compared */
  readonly notCompared: NotCompared[];
  /** for each unit asked for: the preference in force and the unit it was set on (null: none) */
  readonly preferences: { readonly orgUnit: string; readonly preference: SourcePreference | null }[];
}

const MAX_UNITS = 200;

export async function sourceComparison(db: Kysely<Schema>, q: ComparisonQuery): Promise<SourceComparison> {
  if (q.orgUnits.length === 0 || q.orgUnits.length > MAX_UNITS) {
    throw new ValidationError(`orgUnit: name 1 to ${MAX_UNITS} org units`);
  }
  const from = q.from === undefined ? undefined : rangeEnd('from', q.from);
  const to = q.to === undefined ? undefined : rangeEnd('to', q.to);
  if (from !== undefined && to !== undefined && from.type !== to.type) {
    throw new ValidationError(`from, to: a range of one period type, not ${q.from} and ${q.to}`);
  }
  const rangeType = (from ?? to)?.type;
  const element = await db
    .selectFrom('data_element')
    .select(['id', 'time_aggregation', 'value_type'])
    .where('code', '=', q.element)
    .executeTakeFirst();
  if (element === undefined) throw new ValidationError(`element: unknown data element "${q.element}"`);
  let query = db
    .selectFrom('data_value as v')
    .innerJoin('org_unit as u', 'u.id', 'v.org_unit_id')
    .innerJoin('source as s', 's.id', 'v.source_id')
    .select(['u.code as orgUnit', 'v.period', 'v.disaggregation', 's.code as source', 'v.value'])
    .where('v.element_id', '=', element.id)
    .where('u.code', 'in', [...q.orgUnits])
    .where('v.disaggregation', '=', q.disaggregation ?? '')
    .where('v.status', 'in', [...q.statuses]);
  // whole years in SQL (a quarter's months do not sort between its codes), the exact range below
  if (from !== undefined) query = query.where('v.period', '>=', String(from.year));
  if (to !== undefined) query = query.where('v.period', '<=', `${to.year}\uffff`);
  const rows = await query.orderBy('u.code').orderBy('v.period').execute();
  // within the range: a period that starts and ends inside it (a year's months, not a month's year)
  const first = from === undefined ? undefined : startDate(from);
  const last = to === undefined ? undefined : endDate(to);
  const inRange = (code: string): boolean => {
    const period = parsePeriod(code);
    return (
      (first === undefined || startDate(period) >= first) && (last === undefined || endDate(period) <= last)
    );
  };
  const values = rows.filter((r) => inRange(r.period)).map((r) => ({ ...r, value: Number(r.value) }));
  const aligned = alignPeriods(
    values,
    {
      timeAggregation: element.time_aggregation as TimeAggregation,
      valueType: element.value_type as ValueType,
    },
    rangeType === undefined ? {} : { periodType: rangeType },
  );

  const all = await listSourcePreferences(db, { element: q.element });
  const byUnit = new Map(all.map((p) => [p.orgUnit, p]));
  const preferences = await Promise.all(
    q.orgUnits.map(async (orgUnit) => {
      // the unit first, then its parent, up to the Americas
      const codes = await ancestorChain(db, orgUnit);
      const preference = codes.map((code) => byUnit.get(code)).find((p) => p !== undefined);
      return { orgUnit, preference: preference ?? null };
    }),
  );
  // a pair reads preferred source first where a unit has one
  const order = [
    ...new Set(preferences.flatMap((p) => (p.preference === null ? [] : [p.preference.source]))),
  ];
  return {
    element: q.element,
    pairs: compareSources(aligned.values, {
      ...(q.tolerance === undefined ? {} : { tolerance: q.tolerance }),
      order,
    }),
    notCompared: aligned.notCompared,
    preferences,
  };
}

function rangeEnd(field: 'from' | 'to', code: string): Period {
  try {
    return parsePeriod(code);
  } catch (error) {
    throw new ValidationError(`${field}: ${(error as Error).message}`);
  }
}
