/**
 * The values the store holds under given keys (element, org unit, period, disaggregation,
 * source), read a thousand keys per query: what the dry run compares a file with, and what the
 * lock check reads before an import writes.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';

export interface ValueKey {
  readonly elementId: number;
  readonly orgUnitId: number;
  readonly period: string;
  readonly disaggregation: string;
  readonly sourceId: number;
}

export interface StoredValue {
  readonly value: number;
  readonly status: string;
}

const CHUNK = 1000;

/** One string per key, for maps. */
export function valueKey(k: ValueKey): string {
  return `${k.elementId}\t${k.orgUnitId}\t${k.period}\t${k.disaggregation}\t${k.sourceId}`;
}

/** The stored value (and status) under each key that has one, by `valueKey`; optionally only these statuses. */
export async function storedValuesUnder(
  db: Kysely<Schema>,
  keys: readonly ValueKey[],
  statuses?: readonly string[],
): Promise<Map<string, StoredValue>> {
  const found = new Map<string, StoredValue>();
  for (let start = 0; start < keys.length; start += CHUNK) {
    const chunk = keys.slice(start, start + CHUNK);
    let query = db
      .selectFrom('data_value')
      .select(['element_id', 'org_unit_id', 'period', 'disaggregation', 'source_id', 'value', 'status'])
      .where((eb) =>
        eb(
          eb.refTuple('element_id', 'org_unit_id', 'period'),
          'in',
          chunk.map((k) => eb.tuple(k.elementId, k.orgUnitId, k.period)),
        ),
      );
    if (statuses !== undefined) query = query.where('status', 'in', [...statuses]);
    for (const v of await query.execute()) {
      found.set(
        valueKey({
          elementId: v.element_id,
          orgUnitId: v.org_unit_id,
          period: v.period,
          disaggregation: v.disaggregation,
          sourceId: v.source_id,
        }),
        { value: Number(v.value), status: v.status },
      );
    }
  }
  return found;
}
