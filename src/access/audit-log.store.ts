/**
 * The audit log in the store: appending (serialized, so the chain never forks), listing, and
 * walking the chain for `atalaya audit verify`.
 *
 * Serialization: on PostgreSQL an append takes the transaction-level advisory lock AUDIT_LOCK and
 * then reads the last entry, so two appends never read the same last hash; the lock is always the
 * last one a transaction takes (after the data-write lock of an import), so no two writers wait on
 * each other in opposite orders. On SQLite the append's first statement is a write, which takes the
 * database's write lock before anything is read (a no-op inside an import, which holds it already).
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { kyselyConnection, type SqlConnection } from '../store/sql-connection.ts';
import type { AuditEntryTable, Schema } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { AuditChainVerifier, chainEntry, type AuditProblem, type ChainHead } from './audit-chain.ts';
import { canonicalJson, isAuditAction, wellFormed, type AuditDraft, type AuditEntry } from './audit-entry.ts';

/** PostgreSQL advisory lock held by an append until its transaction ends ('AUDT'). */
export const AUDIT_LOCK = 0x41554454;

/** The `store_meta` key holding the last entry's seq and hash. */
export const AUDIT_HEAD_KEY = 'audit_head';

/** The audit log refuses to extend a chain whose recorded head does not match its last entry. */
export class AuditLogDamagedError extends Error {}

/** An `audit_entry` row as the store gives it. */
type EntryRow = Selectable<AuditEntryTable>;

const fromRow = (r: EntryRow): AuditEntry => ({
  seq: Number(r.seq),
  at: r.at,
  actor: r.actor,
  action: r.action,
  target: r.target,
  detail: r.detail,
  origin: r.origin,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/**
 * Appends one entry. Given a store, it runs in its own transaction; given a SqlConnection (a Kysely
 * transaction through `kyselyConnection(trx, dialect)`, or an import writer's connection), it joins
 * that transaction, so the change and its entry commit or roll back together.
 */
export async function appendAudit(on: Store | SqlConnection, draft: AuditDraft): Promise<AuditEntry> {
  if ('query' in on) return appendIn(on, draft);
  return on.db.transaction().execute((trx) => appendIn(kyselyConnection(trx, on.dialect), draft));
}

/** Appends inside the caller's Kysely transaction. */
export function appendAuditIn(
  trx: Transaction<Schema>,
  dialect: Store['dialect'],
  draft: AuditDraft,
): Promise<AuditEntry> {
  return appendIn(kyselyConnection(trx, dialect), draft);
}

async function appendIn(connection: SqlConnection, draft: AuditDraft): Promise<AuditEntry> {
  if (!isAuditAction(draft.action)) throw new Error(`"${draft.action}" is not an audit action (area.verb)`);
  if (connection.dialect === 'postgres') {
    await connection.query(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
  } else {
    // Takes SQLite's write lock first, so no other writer appends between this read and the insert.
    await connection.query(`UPDATE store_meta SET value = value WHERE key = ?`, [AUDIT_HEAD_KEY]);
  }
  // the last entry and the recorded head, in one round trip
  const [found] = await connection.query<{ seq: number | null; hash: string | null; head: string | null }>(
    `SELECT (SELECT seq FROM audit_entry ORDER BY seq DESC LIMIT 1) AS seq,
            (SELECT hash FROM audit_entry ORDER BY seq DESC LIMIT 1) AS hash,
            (SELECT value FROM store_meta WHERE key = ?) AS head`,
    [AUDIT_HEAD_KEY],
  );
  const head = found?.head == null ? undefined : (JSON.parse(found.head) as ChainHead);
  const lastHead =
    found?.seq == null || found.hash === null ? undefined : { seq: Number(found.seq), hash: found.hash };
  if (head?.seq !== lastHead?.seq || head?.hash !== lastHead?.hash) {
    throw new AuditLogDamagedError(
      'The audit log is damaged (its last entry does not match its recorded head), so nothing more is written to it: run `atalaya audit verify`, and restore a backup.',
    );
  }
  const entry = chainEntry(lastHead, {
    at: new Date().toISOString(),
    actor: wellFormed(draft.actor),
    action: draft.action,
    target: wellFormed(draft.target),
    detail: wellFormed(canonicalJson(draft.detail ?? {})),
    origin: wellFormed(draft.origin),
  });
  const values = [
    entry.seq,
    entry.at,
    entry.actor,
    entry.action,
    entry.target,
    entry.detail,
    entry.origin,
    entry.prevHash,
    entry.hash,
  ];
  const insertEntry = `INSERT INTO audit_entry (seq, at, actor, action, target, detail, origin, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
  const recordHead = `INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;
  const headValues = [
    AUDIT_HEAD_KEY,
    JSON.stringify({ seq: entry.seq, hash: entry.hash } satisfies ChainHead),
  ];
  if (connection.dialect === 'postgres') {
    // the entry and the head in one statement (one round trip: imports take turns on the lock)
    await connection.query(`WITH entry AS (${insertEntry} RETURNING seq) ${recordHead}`, [
      ...values,
      ...headValues,
    ]);
  } else {
    await connection.query(insertEntry, values);
    await connection.query(recordHead, headValues);
  }
  return entry;
}

export interface AuditFilter {
  /** entries at or after this ISO timestamp */
  readonly since?: string;
  readonly actor?: string;
  readonly action?: string;
  /** the newest N (default 100), printed oldest first */
  readonly limit?: number;
}

/** The newest entries that match, oldest first. */
export async function listAudit(db: Kysely<Schema>, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_entry').selectAll();
  if (filter.since !== undefined) query = query.where('at', '>=', filter.since);
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(filter.limit ?? 100)
    .execute();
  return rows.reverse().map(fromRow);
}

export async function countAudit(db: Kysely<Schema>): Promise<number> {
  const row = await db
    .selectFrom('audit_entry')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface AuditVerification {
  /** entries checked before the first problem (all of them when intact) */
  readonly checked: number;
  /** the last intact entry */
  readonly head: ChainHead | undefined;
  readonly problem: AuditProblem | undefined;
}

const PAGE = 2000;

/**
 * Walks the whole chain in seq order, in pages, inside one read transaction (a snapshot: appends
 * made meanwhile are not half-seen), and compares its end with the recorded head.
 */
export async function verifyAuditLog(
  store: Store,
  anchors: readonly ChainHead[] = [],
): Promise<AuditVerification> {
  let transaction = store.db.transaction();
  if (store.dialect === 'postgres') transaction = transaction.setIsolationLevel('repeatable read');
  return transaction.execute(async (trx) => {
    const verifier = new AuditChainVerifier(anchors);
    let after = 0;
    for (;;) {
      const rows = await trx
        .selectFrom('audit_entry')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(PAGE)
        .execute();
      for (const row of rows) {
        if (verifier.next(fromRow(row)) !== undefined) {
          return { checked: verifier.count, head: verifier.head, problem: verifier.broken };
        }
      }
      if (rows.length < PAGE) break;
      after = Number(rows.at(-1)!.seq);
    }
    const headRow = await trx
      .selectFrom('store_meta')
      .select('value')
      .where('key', '=', AUDIT_HEAD_KEY)
      .executeTakeFirst();
    const recorded = headRow === undefined ? undefined : (JSON.parse(headRow.value) as ChainHead);
    const problem = verifier.end(recorded);
    return { checked: verifier.count, head: verifier.head, problem };
  });
}
