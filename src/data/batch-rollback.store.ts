/**
 * Rolling back an import batch: every value the batch wrote goes back to its version before the
 * batch (kept in `data_value_revision`, with its status, batch and line), the values it created
 * are deleted, and the values it deleted come back. One transaction, which is itself a batch
 * (kind `rollback`, `rolls_back` naming the batch, which gets `rolled_back_by`), a change the
 * analytics cube catches up on, and a `data.rollback` audit entry.
 *
 * Refused, writing nothing:
 * - a batch already rolled back, or a rollback (import the file again instead): 409;
 * - when a later batch has changed (or deleted, or re-created) a value the batch wrote since: 409
 *   listing them, so newer work is never silently clobbered (roll the later batch back first);
 * - when a value the batch wrote is approved or published (locked) and the caller may not unlock
 *   (approvers and administrators may): 409 listing them;
 * - when a value lies outside the caller's scope: 403.
 *
 * A status move since the batch is not a conflict (the value is still the batch's). Restoring a
 * value gives it back its earlier batch and line: a value keeps the provenance of the version it
 * holds, and the revision of the version rolled back names the rollback batch as what superseded
 * it. So a batch rolled back after a later one was rolled back finds its values its own again.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { appendAuditIn } from '../access/audit-log.store.ts';
import { ConflictError, ForbiddenError, NotFoundError, type InputIssue } from '../kernel/errors.ts';
import type { Schema } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { recordDataChange } from './data-change.store.ts';
import { LOCKED_STATUSES } from './locked-values.store.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

export interface RollbackOptions {
  /** count what would change, write nothing */
  readonly dryRun?: boolean;
  /** who rolls back, as import batches name their importer (`created_by`) */
  readonly createdBy: string;
  /** who rolls back and from where, for the audit entry */
  readonly audit: { readonly actor: string; readonly origin: string };
  /** whether approved and published values may be rolled back (approvers, administrators) */
  readonly mayUnlock: boolean;
  /** whether the caller may write values of this org unit; absent: any */
  readonly orgUnitAllowed?: (orgUnitId: number) => boolean;
  /** only a batch this actor imported may be rolled back (contributors) */
  readonly ownBatchOf?: string;
}

export interface RollbackResult {
  readonly batchId: number;
  readonly dryRun: boolean;
  /** the rollback's own batch (null in a dry run) */
  readonly rollbackBatchId: number | null;
  /** values the batch changed, back to their version before it */
  readonly restored: number;
  /** values the batch created, deleted */
  readonly removed: number;
  /** values the batch deleted, written back */
  readonly reinstated: number;
}

/** How many values a refusal lists (the message gives the total). */
const LISTED = 100;

/** `a.<key> = b.<key>` for the five columns of a value's key. */
function sameKey(a: string, b: string) {
  return sql.raw(
    ['element_id', 'org_unit_id', 'period', 'disaggregation', 'source_id']
      .map((c) => `${a}.${c} = ${b}.${c}`)
      .join(' AND '),
  );
}

/** A value's key in codes, for messages: `homicide_victims,HND,2012,,police`. */
const KEY_CODES = sql<string>`(SELECT e.code FROM data_element e WHERE e.id = x.element_id) || ',' ||
  (SELECT u.code FROM org_unit u WHERE u.id = x.org_unit_id) || ',' || x.period || ',' || x.disaggregation || ',' ||
  (SELECT s.code FROM source s WHERE s.id = x.source_id)`;

interface Listed {
  readonly key: string;
  readonly line: number | null;
  readonly detail: string | null;
}

async function listed(db: Db, query: ReturnType<typeof sql>): Promise<{ rows: Listed[]; count: number }> {
  const result = await sql<Listed & { total: number | string }>`
    SELECT ${KEY_CODES} AS key, x.line, x.detail, count(*) OVER () AS total
    FROM (${query}) x ORDER BY x.line, 1 LIMIT ${LISTED}`.execute(db);
  return {
    rows: result.rows,
    count: result.rows.length === 0 ? 0 : Number(result.rows[0]!.total),
  };
}

function issues(
  file: string | null,
  rows: readonly Listed[],
  message: (row: Listed) => string,
): InputIssue[] {
  return rows.map((row) => ({
    ...(file === null ? {} : { file }),
    ...(row.line === null ? {} : { line: row.line }),
    message: `${row.key}: ${message(row)}`,
  }));
}

const more = (count: number, shown: number): string =>
  count > shown ? ` (the first ${shown} are listed)` : '';

/** Checks that the batch may be rolled back by this caller; throws the refusal otherwise. */
async function check(db: Db, batchId: number, options: RollbackOptions): Promise<void> {
  const batch = await db
    .selectFrom('import_batch')
    .select(['kind', 'file_name', 'created_by', 'rolled_back_by'])
    .where('id', '=', batchId)
    .executeTakeFirst();
  if (batch === undefined) throw new NotFoundError(`There is no batch ${batchId}.`);
  if (batch.rolled_back_by !== null) {
    throw new ConflictError(`Batch ${batchId} was rolled back already (by batch ${batch.rolled_back_by}).`);
  }
  if (batch.kind === 'rollback') {
    throw new ConflictError(
      `Batch ${batchId} is a rollback: it cannot be rolled back (import the file of the batch it undid again).`,
    );
  }
  if (options.ownBatchOf !== undefined && batch.created_by !== options.ownBatchOf) {
    throw new ForbiddenError(
      `Batch ${batchId} was imported by someone else: only an approver or an administrator may roll it back.`,
    );
  }

  if (options.orgUnitAllowed !== undefined) {
    const units = await sql<{ org_unit_id: number; code: string }>`
      SELECT DISTINCT t.org_unit_id, u.code FROM (
        SELECT org_unit_id FROM data_value WHERE batch_id = ${batchId}
        UNION SELECT org_unit_id FROM data_value_revision WHERE superseded_by_batch = ${batchId}
      ) t JOIN org_unit u ON u.id = t.org_unit_id ORDER BY u.code`.execute(db);
    const outside = units.rows.filter((u) => !options.orgUnitAllowed!(u.org_unit_id));
    if (outside.length > 0) {
      throw new ForbiddenError(
        `Batch ${batchId} holds values of org units outside your scope (${outside.map((u) => u.code).join(', ')}): nothing was rolled back.`,
      );
    }
  }

  // Values the batch wrote that a later batch has changed, deleted or rolled back since: the
  // batch's own versions kept as revisions whose key no longer holds the batch's value.
  const changed = await listed(
    db,
    sql`SELECT DISTINCT r.element_id, r.org_unit_id, r.period, r.disaggregation, r.source_id,
          r.row_number AS line, CAST(v.batch_id AS text) AS detail
        FROM data_value_revision r LEFT JOIN data_value v ON ${sameKey('v', 'r')}
        WHERE r.batch_id = ${batchId} AND (v.batch_id IS NULL OR v.batch_id <> ${batchId})`,
  );
  // Values the batch deleted that hold a value again, or were written and deleted again since.
  const recreated = await listed(
    db,
    sql`SELECT d.element_id, d.org_unit_id, d.period, d.disaggregation, d.source_id,
          CAST(NULL AS integer) AS line, CAST(v.batch_id AS text) AS detail
        FROM data_value_revision d LEFT JOIN data_value v ON ${sameKey('v', 'd')}
        WHERE d.superseded_by_batch = ${batchId} AND d.deleted = 1
          AND (v.batch_id IS NOT NULL OR EXISTS (
            SELECT 1 FROM data_value_revision l WHERE ${sameKey('l', 'd')} AND l.id > d.id))`,
  );
  if (changed.count + recreated.count > 0) {
    const count = changed.count + recreated.count;
    const shown = [
      ...issues(batch.file_name, changed.rows, (row) =>
        row.detail === null
          ? 'deleted by a later batch since'
          : `changed by batch ${row.detail} since (roll that batch back first)`,
      ),
      ...issues(null, recreated.rows, (row) =>
        row.detail === null
          ? 'written and deleted again by later batches since'
          : `written again by batch ${row.detail} since (roll that batch back first)`,
      ),
    ];
    throw new ConflictError(
      `Batch ${batchId} cannot be rolled back: ${count} value${count === 1 ? ' it wrote has' : 's it wrote have'} changed since${more(count, shown.length)}.`,
      shown,
    );
  }

  if (!options.mayUnlock) {
    const locked = await listed(
      db,
      sql`SELECT element_id, org_unit_id, period, disaggregation, source_id, row_number AS line, status AS detail
          FROM data_value WHERE batch_id = ${batchId} AND status IN (${sql.join([...LOCKED_STATUSES])})`,
    );
    if (locked.count > 0) {
      throw new ConflictError(
        `Batch ${batchId} cannot be rolled back: ${locked.count} of its values ${locked.count === 1 ? 'is' : 'are'} approved or published (locked); an approver may roll it back, or send them back first${more(locked.count, locked.rows.length)}.`,
        issues(batch.file_name, locked.rows, (row) => `${row.detail ?? ''} (locked)`),
      );
    }
  }
}

/** What rolling back would do: counts only (the checks have passed). */
async function counts(
  db: Db,
  batchId: number,
): Promise<Omit<RollbackResult, 'batchId' | 'dryRun' | 'rollbackBatchId'>> {
  const row = await sql<{ written: number | string; restored: number | string; reinstated: number | string }>`
    SELECT
      (SELECT count(*) FROM data_value WHERE batch_id = ${batchId}) AS written,
      (SELECT count(*) FROM data_value v JOIN data_value_revision r ON ${sameKey('r', 'v')}
        WHERE v.batch_id = ${batchId} AND r.superseded_by_batch = ${batchId} AND r.deleted = 0) AS restored,
      (SELECT count(*) FROM data_value_revision WHERE superseded_by_batch = ${batchId} AND deleted = 1) AS reinstated`.execute(
    db,
  );
  const { written, restored, reinstated } = row.rows[0]!;
  return {
    restored: Number(restored),
    removed: Number(written) - Number(restored),
    reinstated: Number(reinstated),
  };
}

/** Rolls a batch back (or, with `dryRun`, says what that would do); see the file's comment. */
export async function rollbackBatch(
  store: Store,
  batchId: number,
  options: RollbackOptions,
): Promise<RollbackResult> {
  if (options.dryRun === true) {
    await check(store.db, batchId, options);
    return { batchId, dryRun: true, rollbackBatchId: null, ...(await counts(store.db, batchId)) };
  }
  return store.db.transaction().execute(async (trx) => {
    // The batch and its change first: on SQLite the first write takes the write lock (so no
    // import slips in between the checks and the writes); on PostgreSQL the change takes
    // DATA_WRITE_LOCK. A refusal rolls them back.
    const now = new Date().toISOString();
    const rollback = await trx
      .insertInto('import_batch')
      .values({
        created_at: now,
        kind: 'rollback',
        file_name: null,
        checksum: null,
        row_count: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        created_by: options.createdBy,
        note: `rollback of batch ${batchId}`,
        rolls_back: batchId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const change = await recordDataChange(trx, store.dialect, 'rollback', rollback.id);
    await check(trx, batchId, options);

    const restored = await sql`
      UPDATE data_value SET value = r.value, status = r.status, batch_id = r.batch_id,
        row_number = r.row_number, revision = data_value.revision + 1, change_seq = ${change}
      FROM data_value_revision r
      WHERE data_value.batch_id = ${batchId} AND r.superseded_by_batch = ${batchId} AND r.deleted = 0
        AND ${sameKey('r', 'data_value')}`.execute(trx);
    // what is left of the batch's values, it created (the trigger keeps their last versions)
    const removed = await sql`DELETE FROM data_value WHERE batch_id = ${batchId}`.execute(trx);
    const reinstated = await sql`
      INSERT INTO data_value (element_id, org_unit_id, period, disaggregation, source_id, value, status,
                              batch_id, row_number, revision, change_seq)
      SELECT element_id, org_unit_id, period, disaggregation, source_id, value, status,
             batch_id, row_number, revision + 1, ${change}
      FROM data_value_revision WHERE superseded_by_batch = ${batchId} AND deleted = 1`.execute(trx);
    const result = {
      batchId,
      dryRun: false,
      rollbackBatchId: rollback.id,
      restored: Number(restored.numAffectedRows ?? 0),
      removed: Number(removed.numAffectedRows ?? 0),
      reinstated: Number(reinstated.numAffectedRows ?? 0),
    };
    await trx
      .updateTable('import_batch')
      .set({
        row_count: result.restored + result.removed + result.reinstated,
        inserted: result.reinstated,
        updated: result.restored,
        deleted: result.removed,
      })
      .where('id', '=', rollback.id)
      .execute();
    await trx
      .updateTable('import_batch')
      .set({ rolled_back_by: rollback.id })
      .where('id', '=', batchId)
      .execute();
    await appendAuditIn(trx, store.dialect, {
      ...options.audit,
      action: 'data.rollback',
      target: `batch:${batchId}`,
      detail: {
        rollbackBatch: rollback.id,
        change,
        restored: result.restored,
        removed: result.removed,
        reinstated: result.reinstated,
      },
    });
    return result;
  });
}
