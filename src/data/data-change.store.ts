import { sql, type Transaction } from 'kysely';
import type { Schema } from '../store/schema.ts';
import type { Dialect } from '../store/store.ts';

/**
 * Writes on data values take this PostgreSQL advisory lock (until their transaction ends) before
 * they take a change number, so change numbers commit in order and a reader that has seen change
 * N never misses a smaller one committed later. SQLite writers are serialised by the database.
 */
export const DATA_WRITE_LOCK = 0x41544c59; // 'ATLY'

export const DATA_WRITE_LOCK_SQL = `SELECT pg_advisory_xact_lock(${DATA_WRITE_LOCK})`;

/** Opens a change inside a write transaction; returns its number, to stamp on every value written. */
export async function recordDataChange(
  trx: Transaction<Schema>,
  dialect: Dialect,
  kind: 'import' | 'status' | 'rollback',
  batchId: number | null,
): Promise<number> {
  if (dialect === 'postgres') await sql.raw(DATA_WRITE_LOCK_SQL).execute(trx);
  const row = await trx
    .insertInto('data_change')
    .values({ created_at: new Date().toISOString(), kind, batch_id: batchId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The number of the last change committed (0 when there is none). */
export async function lastDataChange(db: Pick<Transaction<Schema>, 'selectFrom'>): Promise<number> {
  const row = await db
    .selectFrom('data_change')
    .select((eb) => eb.fn.max('id').as('last'))
    .executeTakeFirst();
  return Number(row?.last ?? 0);
}
