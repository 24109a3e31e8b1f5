/**
 * The workflow's order over the hierarchy, checked in the store (the rule is in value-status.ts):
 * the values a move would take, then the values of the units below (or above) them, of the same
 * elements, in the periods within (or around) theirs, at a status that is in the way.
 */
import type { Kysely, Transaction } from 'kysely';
import { subtreeIdsQuery } from '../geography/subtree.store.ts';
import type { Schema } from '../store/schema.ts';
import { periodsAround, periodsWithin, type BlockingValues, type WorkflowOrder } from './value-status.ts';
import { VALUE_STATUSES, type ValueStatus } from './value-writer.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

export interface MoveSelection {
  readonly unitId: number;
  readonly unitCode: string;
  readonly from: ValueStatus;
  readonly period?: string;
  readonly elementId?: number;
}

/** The values in the way of a move, by unit, period and status (empty: the move may go ahead). */
export async function valuesInTheWay(
  db: Db,
  move: MoveSelection,
  order: WorkflowOrder,
): Promise<BlockingValues[]> {
  let movers = db
    .selectFrom('data_value')
    .select(['element_id', 'period'])
    .distinct()
    .where('org_unit_id', '=', move.unitId)
    .where('status', '=', move.from);
  if (move.period !== undefined) movers = movers.where('period', '=', move.period);
  if (move.elementId !== undefined) movers = movers.where('element_id', '=', move.elementId);
  const moving = await movers.execute();
  if (moving.length === 0) return [];

  const related = order.look === 'below' ? periodsWithin : periodsAround;
  const wanted = new Map<number, Set<string>>();
  for (const { element_id, period } of moving) {
    const periods = wanted.get(element_id) ?? new Set<string>();
    for (const p of related(period)) periods.add(p);
    wanted.set(element_id, periods);
  }
  const allPeriods = [...new Set([...wanted.values()].flatMap((s) => [...s]))];

  const units =
    order.look === 'below'
      ? subtreeIdsQuery(db, [move.unitCode])
      : db
          .withRecursive('above_unit(id, parent_id, step)', (qb) =>
            qb
              .selectFrom('org_unit')
              .select(['org_unit.id', 'org_unit.parent_id', (eb) => eb.lit(0).as('step')])
              .where('org_unit.id', '=', move.unitId)
              .unionAll((up) =>
                up
                  .selectFrom('org_unit as parent')
                  .innerJoin('above_unit', 'above_unit.parent_id', 'parent.id')
                  .select([
                    'parent.id',
                    'parent.parent_id',
                    (eb) => eb(eb.ref('above_unit.step'), '+', 1).as('step'),
                  ])
                  .where('above_unit.step', '<', 32),
              ),
          )
          .selectFrom('above_unit')
          .select('above_unit.id');

  const rows = await db
    .selectFrom('data_value as v')
    .innerJoin('org_unit as u', 'u.id', 'v.org_unit_id')
    .select([
      'u.code',
      'v.element_id',
      'v.period',
      'v.status',
      (eb) => eb.fn.countAll<string | number>().as('n'),
    ])
    .where('v.org_unit_id', 'in', units)
    .where('v.org_unit_id', '<>', move.unitId)
    .where('v.status', 'in', [...order.blockedBy])
    .where('v.element_id', 'in', [...wanted.keys()])
    .where('v.period', 'in', allPeriods)
    .groupBy(['u.code', 'v.element_id', 'v.period', 'v.status'])
    .execute();

  const counts = new Map<string, BlockingValues>();
  for (const row of rows) {
    if (wanted.get(row.element_id)?.has(row.period) !== true) continue;
    const status = row.status as ValueStatus;
    const key = `${row.code}\u0000${row.period}\u0000${status}`;
    const before = counts.get(key)?.count ?? 0;
    counts.set(key, { orgUnit: row.code, period: row.period, status, count: before + Number(row.n) });
  }
  return [...counts.values()].sort(
    (a, b) =>
      (a.orgUnit < b.orgUnit ? -1 : a.orgUnit > b.orgUnit ? 1 : 0) ||
      (a.period < b.period ? -1 : a.period > b.period ? 1 : 0) ||
      VALUE_STATUSES.indexOf(a.status) - VALUE_STATUSES.indexOf(b.status),
  );
}
