/**
 * The hierarchy in the store: the units under some roots (a member state and all its subnational
 * units) and the chain above a unit, by recursive queries over `org_unit.parent_id` (the same SQL
 * on SQLite and PostgreSQL).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../store/schema.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

/**
 * A query of the ids of the units with these codes and every unit below them, to use as a
 * subquery (`org_unit_id in (…)`): the set never travels to the client.
 */
export function subtreeIdsQuery(db: Db, rootCodes: readonly string[]) {
  return db
    .withRecursive('subtree_unit(id)', (qb) =>
      qb
        .selectFrom('org_unit')
        .select('org_unit.id')
        .where('org_unit.code', 'in', rootCodes.length === 0 ? [''] : [...rootCodes])
        .unionAll((below) =>
          below
            .selectFrom('org_unit as child')
            .innerJoin('subtree_unit', 'subtree_unit.id', 'child.parent_id')
            .select('child.id'),
        ),
    )
    .selectFrom('subtree_unit')
    .select('subtree_unit.id');
}

/** The ids of the units with these codes and of every unit below them. */
export async function unitIdsUnder(db: Db, rootCodes: readonly string[]): Promise<Set<number>> {
  const rows = await subtreeIdsQuery(db, rootCodes).execute();
  return new Set(rows.map((r) => r.id));
}

/** The unit's code then its ancestors' up to the root; empty for an unknown code. */
export async function ancestorChain(db: Db, code: string): Promise<string[]> {
  const rows = await db
    .withRecursive('chain_unit(id, code, parent_id, step)', (qb) =>
      qb
        .selectFrom('org_unit')
        .select(['org_unit.id', 'org_unit.code', 'org_unit.parent_id', (eb) => eb.lit(0).as('step')])
        .where('org_unit.code', '=', code)
        .unionAll((above) =>
          above
            .selectFrom('org_unit as parent')
            .innerJoin('chain_unit', 'chain_unit.parent_id', 'parent.id')
            .select([
              'parent.id',
              'parent.code',
              'parent.parent_id',
              (eb) => eb(eb.ref('chain_unit.step'), '+', 1).as('step'),
            ])
            // a guard against a cycle in bad reference data
            .where('chain_unit.step', '<', 32),
        ),
    )
    .selectFrom('chain_unit')
    .select(['chain_unit.code'])
    .orderBy('chain_unit.step')
    .execute();
  return rows.map((r) => r.code);
}
