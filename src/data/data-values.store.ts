import { sql, type Kysely, type Transaction } from 'kysely';
import { appendAuditIn } from '../access/audit-log.store.ts';
import { subtreeIdsQuery } from '../geography/subtree.store.ts';
import type { Schema } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { recordDataChange } from './data-change.store.ts';
import type { CanonicalRow } from './canonical-row.ts';
import { statusBefore, workflowOrder, WorkflowOrderError, type MoveDirection } from './value-status.ts';
import { valuesInTheWay } from './workflow-order.store.ts';
import type { ValueStatus } from './value-writer.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

export interface DataValueFilter {
  readonly elements?: readonly string[];
  readonly orgUnits?: readonly string[];
  readonly periods?: readonly string[];
  readonly sources?: readonly string[];
  /** canonical disaggregation key; `''` for totals only */
  readonly disaggregation?: string;
  /** the statuses the caller may see; the public API passes `['published']` */
  readonly statuses: readonly ValueStatus[];
  /**
   * When set, values that are not published are shown only for these org units and the units
   * below them (a caller scoped to member states); published values are shown everywhere.
   */
  readonly unpublishedOnlyUnder?: readonly string[];
  readonly batch?: number;
}

export interface DataValueRecord extends CanonicalRow {
  readonly status: ValueStatus;
  readonly batch: number;
  readonly revision: number;
}

function filtered(db: Db, filter: DataValueFilter) {
  let query = db
    .selectFrom('data_value as v')
    .innerJoin('data_element as e', 'e.id', 'v.element_id')
    .innerJoin('org_unit as u', 'u.id', 'v.org_unit_id')
    .innerJoin('source as s', 's.id', 'v.source_id');
  const lists = [filter.statuses, filter.elements, filter.orgUnits, filter.periods, filter.sources];
  // An empty list matches nothing (SQL has no empty IN list).
  if (lists.some((list) => list !== undefined && list.length === 0)) return query.where(sql<boolean>`1 = 0`);
  query = query.where('v.status', 'in', [...filter.statuses]);
  const roots = filter.unpublishedOnlyUnder;
  if (roots !== undefined) {
    query = query.where((eb) =>
      eb.or([eb('v.status', '=', 'published'), eb('v.org_unit_id', 'in', subtreeIdsQuery(db, roots))]),
    );
  }
  if (filter.elements !== undefined) query = query.where('e.code', 'in', [...filter.elements]);
  if (filter.orgUnits !== undefined) query = query.where('u.code', 'in', [...filter.orgUnits]);
  if (filter.periods !== undefined) query = query.where('v.period', 'in', [...filter.periods]);
  if (filter.sources !== undefined) query = query.where('s.code', 'in', [...filter.sources]);
  if (filter.disaggregation !== undefined)
    query = query.where('v.disaggregation', '=', filter.disaggregation);
  if (filter.batch !== undefined) query = query.where('v.batch_id', '=', filter.batch);
  return query;
}

const COLUMNS = [
  'e.code as element',
  'u.code as org_unit',
  'v.period',
  'v.disaggregation',
  's.code as source',
  'v.value',
  'v.status',
  'v.batch_id',
  'v.revision',
  'v.element_id',
  'v.org_unit_id',
  'v.source_id',
] as const;

type Row = {
  element: string;
  org_unit: string;
  period: string;
  disaggregation: string;
  source: string;
  value: number;
  status: string;
  batch_id: number;
  revision: number;
};

function toRecord(r: Row): DataValueRecord {
  return {
    element: r.element,
    orgUnit: r.org_unit,
    period: r.period,
    disaggregation: r.disaggregation,
    source: r.source,
    value: r.value,
    status: r.status as ValueStatus,
    batch: r.batch_id,
    revision: r.revision,
  };
}

/** One page of values in key order (element, org unit, period, disaggregation, source, by id). */
export async function listDataValues(
  db: Db,
  filter: DataValueFilter,
  page: { limit: number; offset: number },
): Promise<DataValueRecord[]> {
  const rows = await filtered(db, filter)
    .select(COLUMNS)
    // Key order: the primary key's index gives it without sorting the matches.
    .orderBy('v.element_id')
    .orderBy('v.org_unit_id')
    .orderBy('v.period')
    .orderBy('v.disaggregation')
    .orderBy('v.source_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toRecord);
}

export async function countDataValues(db: Db, filter: DataValueFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The distinct disaggregation keys of the matching values (one scan of them; few keys). */
export async function disaggregationKeys(db: Db, filter: DataValueFilter): Promise<string[]> {
  const rows = await filtered(db, filter).select('v.disaggregation').distinct().execute();
  return rows.map((r) => r.disaggregation).sort();
}

/**
 * Every matching value, page by page in store-key order (keyset pagination: memory stays bounded
 * and each page is an index range scan, on both dialects).
 */
export async function* streamDataValues(
  db: Db,
  filter: DataValueFilter,
  pageSize = 20_000,
): AsyncGenerator<DataValueRecord[]> {
  let after: [number, number, string, string, number] | undefined;
  for (;;) {
    let query = filtered(db, filter).select(COLUMNS);
    if (after !== undefined) {
      const [e, u, p, d, s] = after;
      query = query.where((eb) =>
        eb(
          eb.refTuple('v.element_id', 'v.org_unit_id', 'v.period', 'v.disaggregation', 'v.source_id'),
          '>',
          eb.tuple(e, u, p, d, s),
        ),
      );
    }
    const rows = await query
      .orderBy('v.element_id')
      .orderBy('v.org_unit_id')
      .orderBy('v.period')
      .orderBy('v.disaggregation')
      .orderBy('v.source_id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows.map(toRecord);
    const last = rows[rows.length - 1]!;
    after = [last.element_id, last.org_unit_id, last.period, last.disaggregation, last.source_id];
    if (rows.length < pageSize) return;
  }
}

export interface RevisionRecord {
  readonly value: number;
  readonly status: ValueStatus;
  readonly batch: number;
  readonly revision: number;
  readonly supersededAt: string | null;
  readonly supersededByBatch: number | null;
}

/** The versions of one value, oldest first, ending with the current one (supersededAt null). */
export async function valueHistory(
  db: Db,
  key: { element: string; orgUnit: string; period: string; disaggregation: string; source: string },
  statuses: readonly ValueStatus[],
): Promise<RevisionRecord[]> {
  const ids = await db
    .selectFrom('data_element as e')
    .innerJoin('org_unit as u', (j) => j.onTrue())
    .innerJoin('source as s', (j) => j.onTrue())
    .select(['e.id as element_id', 'u.id as org_unit_id', 's.id as source_id'])
    .where('e.code', '=', key.element)
    .where('u.code', '=', key.orgUnit)
    .where('s.code', '=', key.source)
    .executeTakeFirst();
  if (ids === undefined) return [];
  const current = await db
    .selectFrom('data_value')
    .select(['value', 'status', 'batch_id', 'revision'])
    .where('element_id', '=', ids.element_id)
    .where('org_unit_id', '=', ids.org_unit_id)
    .where('period', '=', key.period)
    .where('disaggregation', '=', key.disaggregation)
    .where('source_id', '=', ids.source_id)
    .executeTakeFirst();
  if (current === undefined || !statuses.includes(current.status as ValueStatus)) return [];
  const previous = await db
    .selectFrom('data_value_revision')
    .select(['value', 'status', 'batch_id', 'revision', 'superseded_at', 'superseded_by_batch'])
    .where('element_id', '=', ids.element_id)
    .where('org_unit_id', '=', ids.org_unit_id)
    .where('period', '=', key.period)
    .where('disaggregation', '=', key.disaggregation)
    .where('source_id', '=', ids.source_id)
    .orderBy('id')
    .execute();
  return [
    ...previous.map((r) => ({
      value: r.value,
      status: r.status as ValueStatus,
      batch: r.batch_id,
      revision: r.revision,
      supersededAt: r.superseded_at,
      supersededByBatch: r.superseded_by_batch,
    })),
    {
      value: current.value,
      status: current.status as ValueStatus,
      batch: current.batch_id,
      revision: current.revision,
      supersededAt: null,
      supersededByBatch: null,
    },
  ];
}

/**
 * Moves the values of one org unit (and optionally one period and element) one step to `to`:
 * forward from the status just before it, or back from the one just after it. Values in any other
 * status stay where they are. Returns how many moved; revisions are kept by the trigger. With
 * `audit`, a `data.status` entry commits in the same transaction. Approval and publication go
 * bottom-up, withdrawals top-down (`workflowOrder`): a move out of order throws a
 * `WorkflowOrderError` naming the values in the way, and nothing moves.
 */
export async function moveStatus(
  store: Store,
  selection: { orgUnit: string; period?: string; element?: string },
  to: ValueStatus,
  direction: MoveDirection = 'forward',
  audit?: { readonly actor: string; readonly origin: string },
): Promise<number> {
  const from = statusBefore(to, direction);
  return store.db.transaction().execute(async (trx) => {
    const unit = await trx
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', selection.orgUnit)
      .executeTakeFirst();
    if (unit === undefined) return 0;
    let elementId: number | undefined;
    if (selection.element !== undefined) {
      const element = await trx
        .selectFrom('data_element')
        .select('id')
        .where('code', '=', selection.element)
        .executeTakeFirst();
      if (element === undefined) return 0;
      elementId = element.id;
    }
    // the change number first: it takes the write lock (PostgreSQL's advisory lock, SQLite's
    // write lock), so no other write changes the units around between the check and the move
    const change = await recordDataChange(trx, store.dialect, 'status', null);
    const order = workflowOrder(to, direction);
    if (order !== undefined) {
      const blocking = await valuesInTheWay(
        trx,
        {
          unitId: unit.id,
          unitCode: selection.orgUnit,
          from,
          ...(selection.period === undefined ? {} : { period: selection.period }),
          ...(elementId === undefined ? {} : { elementId }),
        },
        order,
      );
      if (blocking.length > 0) {
        throw new WorkflowOrderError(
          {
            orgUnit: selection.orgUnit,
            to,
            ...(selection.period === undefined ? {} : { period: selection.period }),
          },
          order,
          blocking,
        );
      }
    }
    let query = trx
      .updateTable('data_value')
      .set((eb) => ({ status: to, revision: eb('revision', '+', 1), change_seq: change }))
      .where('org_unit_id', '=', unit.id)
      .where('status', '=', from);
    if (selection.period !== undefined) query = query.where('period', '=', selection.period);
    if (elementId !== undefined) query = query.where('element_id', '=', elementId);
    const result = await query.executeTakeFirst();
    const moved = Number(result.numUpdatedRows);
    if (audit !== undefined) {
      await appendAuditIn(trx, store.dialect, {
        ...audit,
        action: 'data.status',
        target: [
          `org_unit:${selection.orgUnit}`,
          ...(selection.period === undefined ? [] : [`period:${selection.period}`]),
          ...(selection.element === undefined ? [] : [`element:${selection.element}`]),
        ].join(' '),
        detail: { from, to, direction, moved, change },
      });
    }
    return moved;
  });
}

export interface BatchRecord {
  readonly id: number;
  readonly createdAt: string;
  readonly kind: string;
  readonly fileName: string | null;
  readonly checksum: string | null;
  readonly rowCount: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly deleted: number;
  readonly createdBy: string | null;
  readonly note: string | null;
  readonly rollsBack: number | null;
  readonly rolledBackBy: number | null;
}

export async function listBatches(db: Db, limit = 100): Promise<BatchRecord[]> {
  const rows = await db.selectFrom('import_batch').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    kind: r.kind,
    fileName: r.file_name,
    checksum: r.checksum,
    rowCount: r.row_count,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    deleted: r.deleted,
    createdBy: r.created_by,
    note: r.note,
    rollsBack: r.rolls_back,
    rolledBackBy: r.rolled_back_by,
  }));
}
