/**
 * API tokens for programs. A token is shown once; the store keeps its SHA-256. It acts with its
 * account's grants as they are at each request (removing a grant removes it from the tokens too),
 * optionally read-only; it expires, and can be revoked.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { NotFoundError, ValidationError } from '../kernel/errors.ts';
import type { Schema } from '../store/schema.ts';
import { principalOfAccount } from './account-principal.store.ts';
import type { UserPrincipal } from './principal.ts';
import { newApiToken, secretDigest } from './secret-token.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 366;

export interface ApiTokenRecord {
  readonly id: number;
  readonly userId: number;
  readonly name: string;
  readonly readOnly: boolean;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
}

export async function createApiToken(
  db: Db,
  accountId: number,
  options: { name: string; expiresDays?: number; readOnly?: boolean },
  now = new Date(),
): Promise<ApiTokenRecord & { token: string }> {
  const name = options.name.trim();
  if (name === '' || name.length > 100) {
    throw new ValidationError('A token needs a name of 1 to 100 characters.', [
      { field: 'name', message: '1 to 100 characters' },
    ]);
  }
  const days = options.expiresDays ?? DEFAULT_TOKEN_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
    throw new ValidationError(`A token expires in 1 to ${MAX_TOKEN_DAYS} days.`, [
      { field: 'expiresDays', message: `1 to ${MAX_TOKEN_DAYS}` },
    ]);
  }
  const account = await db.selectFrom('account').select('id').where('id', '=', accountId).executeTakeFirst();
  if (account === undefined) throw new NotFoundError(`No user with id ${accountId}.`);
  const token = newApiToken();
  const row = {
    account_id: accountId,
    name,
    token_hash: secretDigest(token),
    read_only: options.readOnly === true ? 1 : 0,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + days * 86_400_000).toISOString(),
    revoked_at: null,
  };
  const { id } = await db.insertInto('api_token').values(row).returning('id').executeTakeFirstOrThrow();
  return {
    id,
    userId: accountId,
    name,
    readOnly: row.read_only === 1,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: null,
    token,
  };
}

/** The tokens of one account (or of every account), newest first; never the tokens themselves. */
export async function listApiTokens(db: Db, accountId?: number): Promise<ApiTokenRecord[]> {
  let query = db.selectFrom('api_token').selectAll().orderBy('id', 'desc');
  if (accountId !== undefined) query = query.where('account_id', '=', accountId);
  return (await query.execute()).map(toRecord);
}

function toRecord(r: Selectable<Schema['api_token']>): ApiTokenRecord {
  return {
    id: r.id,
    userId: r.account_id,
    name: r.name,
    readOnly: r.read_only === 1,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}

export async function getApiToken(db: Db, id: number): Promise<ApiTokenRecord> {
  const row = await db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new NotFoundError(`No API token with id ${id}.`);
  return toRecord(row);
}

/** Revokes a token (revoking it again changes nothing). */
export async function revokeApiToken(db: Db, id: number, now = new Date()): Promise<ApiTokenRecord> {
  await getApiToken(db, id);
  await db
    .updateTable('api_token')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  return getApiToken(db, id);
}

/** The principal of a live, unrevoked token of an enabled account, or undefined. */
export async function apiTokenPrincipal(
  db: Db,
  token: string,
  now = new Date(),
): Promise<UserPrincipal | undefined> {
  const row = await db
    .selectFrom('api_token as t')
    .innerJoin('account as a', 'a.id', 't.account_id')
    .select(['a.id', 'a.email', 'a.display_name', 't.read_only'])
    .where('t.token_hash', '=', secretDigest(token))
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', now.toISOString())
    .where('a.disabled', '=', 0)
    .executeTakeFirst();
  return row === undefined ? undefined : principalOfAccount(db, row, 'api_token', row.read_only === 1);
}
