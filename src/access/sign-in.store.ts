/**
 * Signing in with an email and a password. Unknown email, wrong password, locked account and
 * disabled account all give the same answer, after about the same work (a password check always
 * runs). Wrong passwords count per account; the fifth in a row locks it for a while.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import { isLocked, lockAfterFailure } from './login-throttle.ts';
import { verifyAgainstNothing, verifyPassword } from './password.ts';
import type { UserPrincipal } from './principal.ts';
import { principalOfAccount } from './account-principal.store.ts';
import { forgetExpiredSessions, openSession, type OpenedSession } from './sessions.store.ts';

export type SignInResult =
  | { readonly ok: true; readonly session: OpenedSession; readonly principal: UserPrincipal }
  | { readonly ok: false };

export async function signIn(
  db: Kysely<Schema>,
  credentials: { email: string; password: string },
  from: { ip: string | null; userAgent: string | null },
  now = new Date(),
): Promise<SignInResult> {
  const email = credentials.email.trim().toLowerCase();
  const account = await db
    .selectFrom('account')
    .select(['id', 'email', 'display_name', 'password_hash', 'disabled', 'failed_logins', 'locked_until'])
    .where('email', '=', email)
    .executeTakeFirst();
  if (account === undefined) return { ok: await verifyAgainstNothing(credentials.password) };
  const right = await verifyPassword(account.password_hash, credentials.password);
  if (isLocked(account.locked_until, now)) return { ok: false };
  if (!right) {
    const next = lockAfterFailure(account.failed_logins, now);
    await db
      .updateTable('account')
      .set({ failed_logins: next.failures, locked_until: next.lockedUntil })
      .where('id', '=', account.id)
      .execute();
    return { ok: false };
  }
  if (account.disabled === 1) return { ok: false };
  if (account.failed_logins !== 0 || account.locked_until !== null) {
    await db
      .updateTable('account')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', account.id)
      .execute();
  }
  await forgetExpiredSessions(db, now);
  const session = await openSession(db, account.id, from, now);
  return { ok: true, session, principal: await principalOfAccount(db, account, 'session', false) };
}
