/**
 * Browser sessions. The cookie holds a random id; the store keeps its SHA-256, when it expires, and
 * where it was opened from. A session acts with its account's grants as they are at each request.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../store/schema.ts';
import { principalOfAccount } from './account-principal.store.ts';
import type { UserPrincipal } from './principal.ts';
import { csrfTokenOf, newSessionId, secretDigest } from './secret-token.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

/** How long a session lasts from sign-in (no sliding renewal: sign in again after it). */
export const SESSION_HOURS = 12;

export interface OpenedSession {
  /** the secret id for the cookie; never stored */
  readonly id: string;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export async function openSession(
  db: Db,
  accountId: number,
  from: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<OpenedSession> {
  const id = newSessionId();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
  await db
    .insertInto('account_session')
    .values({
      id_hash: secretDigest(id),
      account_id: accountId,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      ip: from.ip,
      user_agent: from.userAgent === null ? null : from.userAgent.slice(0, 500),
    })
    .execute();
  return { id, csrfToken: csrfTokenOf(id), expiresAt };
}

/** The principal of a live session of an enabled account, or undefined. */
export async function sessionPrincipal(
  db: Db,
  sessionId: string,
  now = new Date(),
): Promise<UserPrincipal | undefined> {
  const row = await db
    .selectFrom('account_session as s')
    .innerJoin('account as a', 'a.id', 's.account_id')
    .select(['a.id', 'a.email', 'a.display_name'])
    .where('s.id_hash', '=', secretDigest(sessionId))
    .where('s.expires_at', '>', now.toISOString())
    .where('a.disabled', '=', 0)
    .executeTakeFirst();
  return row === undefined ? undefined : principalOfAccount(db, row, 'session', false);
}

export async function endSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('account_session').where('id_hash', '=', secretDigest(sessionId)).execute();
}

/** Ends every session of the account; returns how many there were. */
export async function endAllSessions(db: Db, accountId: number): Promise<number> {
  const result = await db
    .deleteFrom('account_session')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Forgets expired sessions (called now and then at sign-in). */
export async function forgetExpiredSessions(db: Db, now = new Date()): Promise<void> {
  await db.deleteFrom('account_session').where('expires_at', '<=', now.toISOString()).execute();
}
