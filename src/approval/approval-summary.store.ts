/**
 * Reads the approval summary of a unit from the store: the unit and its children, their values
 * counted by period and status, and the values of the units under each child (one recursive query
 * down the hierarchy, counted by the child they are under).
 */
import type { Kysely } from 'kysely';
import type { LocalizedText } from '../kernel/i18n.ts';
import { NotFoundError } from '../kernel/errors.ts';
import type { Schema } from '../store/schema.ts';
import {
  buildSummary,
  periodsOfColumns,
  type CountRow,
  type SummaryRow,
  type SummaryUnit,
} from './approval-summary.ts';

export async function readApprovalSummary(
  db: Kysely<Schema>,
  orgUnit: string,
  columns: readonly string[],
): Promise<SummaryRow[]> {
  const unitRow = await db
    .selectFrom('org_unit')
    .select(['id', 'code', 'name', 'level'])
    .where('code', '=', orgUnit)
    .executeTakeFirst();
  if (unitRow === undefined) throw new NotFoundError(`No org unit "${orgUnit}"`);
  const childRows = await db
    .selectFrom('org_unit as c')
    .select([
      'c.id',
      'c.code',
      'c.name',
      'c.level',
      (eb) =>
        eb
          .exists(eb.selectFrom('org_unit as g').select('g.id').whereRef('g.parent_id', '=', 'c.id'))
          .as('has_children'),
    ])
    .where('c.parent_id', '=', unitRow.id)
    .orderBy('c.code')
    .execute();
  const periods = periodsOfColumns(columns);

  const own = await db
    .selectFrom('data_value')
    .select(['org_unit_id', 'period', 'status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where((eb) =>
      eb.or([
        eb('org_unit_id', '=', unitRow.id),
        eb('org_unit_id', 'in', eb.selectFrom('org_unit').select('id').where('parent_id', '=', unitRow.id)),
      ]),
    )
    .where('period', 'in', periods)
    .groupBy(['org_unit_id', 'period', 'status'])
    .execute();

  const below = await db
    .withRecursive('under_child(id, top)', (qb) =>
      qb
        .selectFrom('org_unit as g')
        .innerJoin('org_unit as c', 'c.id', 'g.parent_id')
        .select(['g.id', 'c.id as top'])
        .where('c.parent_id', '=', unitRow.id)
        .unionAll((down) =>
          down
            .selectFrom('org_unit as d')
            .innerJoin('under_child', 'under_child.id', 'd.parent_id')
            .select(['d.id', 'under_child.top']),
        ),
    )
    .selectFrom('data_value as v')
    .innerJoin('under_child', 'under_child.id', 'v.org_unit_id')
    .select(['under_child.top', 'v.period', 'v.status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('v.period', 'in', periods)
    .groupBy(['under_child.top', 'v.period', 'v.status'])
    .execute();

  const asUnit = (
    r: { id: number; code: string; name: string; level: string },
    hasChildren: boolean,
  ): SummaryUnit => ({
    id: r.id,
    code: r.code,
    name: JSON.parse(r.name) as LocalizedText,
    level: r.level,
    hasChildren,
  });
  return buildSummary(
    asUnit(unitRow, childRows.length > 0),
    childRows.map((r) => asUnit(r, Boolean(r.has_children))),
    columns,
    own.map((r): CountRow => ({
      unitId: r.org_unit_id,
      period: r.period,
      status: r.status,
      count: Number(r.n),
    })),
    below.map((r): CountRow => ({ unitId: r.top, period: r.period, status: r.status, count: Number(r.n) })),
  );
}
