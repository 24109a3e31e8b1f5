/**
 * Source reconciliation over the store: the raw values of an element for some org units, every
 * pair of sources compared where two or more report the same key (`compareSources`), and the
 * preferred-source rule in force for each unit (its own or its nearest ancestor's), so a reader
 * sees both the disagreement and which figure Atalaya shows.
 */
import type { Kysely } from 'kysely';
import { ValidationError } from '../kernel/errors.ts';
import { ancestorChain } from '../geography/subtree.store.ts';
import type { ValueStatus } from '../data/value-writer.ts';
import type { Schema } from '../store/schema.ts';
import { compareSources, type SourcePair } from './source-comparison.ts';
import { listSourcePreferences, type SourcePreference } from './source-preference.store.ts';

export interface ComparisonQuery {
  readonly element: string;
  readonly orgUnits: readonly string[];
  /** period codes compared as text within the type of `from` (e.g. 2015 … 2020) */
  readonly from?: string;
  readonly to?: string;
  readonly disaggregation?: string;
  readonly statuses: readonly ValueStatus[];
  readonly tolerance?: number;
}

export interface SourceComparison {
  readonly element: string;
  readonly pairs: SourcePair[];
  /** for each unit asked for: the preference in force and the unit it was set on (null: none) */
  readonly preferences: { readonly orgUnit: string; readonly preference: SourcePreference | null }[];
}

const MAX_UNITS = 200;

export async function sourceComparison(db: Kysely<Schema>, q: ComparisonQuery): Promise<SourceComparison> {
  if (q.orgUnits.length === 0 || q.orgUnits.length > MAX_UNITS) {
    throw new ValidationError(`orgUnit: name 1 to ${MAX_UNITS} org units`);
  }
  const element = await db
    .selectFrom('data_element')
    .select('id')
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
  if (q.from !== undefined) query = query.where('v.period', '>=', q.from);
  if (q.to !== undefined) query = query.where('v.period', '<=', `${q.to}\uffff`);
  const rows = await query.orderBy('u.code').orderBy('v.period').execute();
  const sameType = (period: string): boolean => q.from === undefined || period.length === q.from.length;
  const values = rows.filter((r) => sameType(r.period)).map((r) => ({ ...r, value: Number(r.value) }));

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
    pairs: compareSources(values, {
      ...(q.tolerance === undefined ? {} : { tolerance: q.tolerance }),
      order,
    }),
    preferences,
  };
}
