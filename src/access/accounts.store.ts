/**
 * Accounts and their grants in the store. Emails are kept in lower case; passwords only as
 * argon2id hashes. Changing a password or disabling an account ends the account's sessions.
 */
import type { Kysely, Transaction } from 'kysely';
import { ConflictError, NotFoundError, ValidationError, type InputIssue } from '../kernel/errors.ts';
import { isLanguage, type Language } from '../kernel/i18n.ts';
import type { Schema } from '../store/schema.ts';
import { checkPasswordRules, hashPassword } from './password.ts';
import type { Grant } from './principal.ts';
import { grantProblem, type Role } from './roles.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

export interface AccountRecord {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly language: Language;
  readonly disabled: boolean;
  /** ISO timestamp until which sign-in is refused after too many wrong passwords */
  readonly lockedUntil: string | null;
  readonly createdAt: string;
  readonly grants: readonly Grant[];
}

export interface NewAccount {
  readonly email: string;
  readonly name?: string;
  readonly language?: string;
  readonly password: string;
  readonly grants: readonly { readonly role: string; readonly scope: string | null }[];
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The canonical form of an email (trimmed, lower case), or a ValidationError. */
export function normalEmail(email: string): string {
  const normal = email.trim().toLowerCase();
  if (!EMAIL.test(normal) || normal.length > 254) {
    throw new ValidationError(`"${email}" is not an email address.`, [
      { field: 'email', message: 'not an email address' },
    ]);
  }
  return normal;
}

function languageOf(language: string | undefined): Language {
  if (language === undefined) return 'en';
  if (!isLanguage(language)) {
    throw new ValidationError(`Unknown language "${language}" (expected en, es, pt or fr).`, [
      { field: 'language', message: 'expected en, es, pt or fr' },
    ]);
  }
  return language;
}

/** Checks grants and resolves their scopes to org unit ids; every problem is listed. */
async function resolveGrants(
  db: Db,
  grants: NewAccount['grants'],
): Promise<{ role: Role; orgUnitId: number | null }[]> {
  const codes = [...new Set(grants.flatMap((g) => (g.scope === null ? [] : [g.scope])))];
  const ids = new Map<string, number>();
  if (codes.length > 0) {
    const rows = await db.selectFrom('org_unit').select(['id', 'code']).where('code', 'in', codes).execute();
    for (const r of rows) ids.set(r.code, r.id);
  }
  const issues: InputIssue[] = [];
  const resolved: { role: Role; orgUnitId: number | null }[] = [];
  grants.forEach((grant, index) => {
    const problem = grantProblem(grant.role, grant.scope);
    if (problem !== undefined) issues.push({ field: `grants.${index}`, message: problem });
    else if (grant.scope !== null && !ids.has(grant.scope)) {
      issues.push({ field: `grants.${index}.scope`, message: `unknown org unit "${grant.scope}"` });
    } else {
      resolved.push({
        role: grant.role as Role,
        orgUnitId: grant.scope === null ? null : ids.get(grant.scope)!,
      });
    }
  });
  if (issues.length > 0) throw new ValidationError('The grants are not valid.', issues);
  // The same role in the same scope twice is one grant.
  const seen = new Set<string>();
  return resolved.filter((g) => {
    const key = `${g.role}|${g.orgUnitId ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The grants of accounts, by account id, with scopes as org unit codes. */
export async function grantsOf(db: Db, accountIds: readonly number[]): Promise<Map<number, Grant[]>> {
  const out = new Map<number, Grant[]>(accountIds.map((id) => [id, []]));
  if (accountIds.length === 0) return out;
  const rows = await db
    .selectFrom('account_grant as g')
    .leftJoin('org_unit as u', 'u.id', 'g.org_unit_id')
    .select(['g.account_id', 'g.role', 'u.code'])
    .where('g.account_id', 'in', [...accountIds])
    .orderBy('g.id')
    .execute();
  for (const r of rows) out.get(r.account_id)?.push({ role: r.role as Role, scope: r.code });
  return out;
}

type AccountRow = Pick<
  Schema['account'],
  'email' | 'display_name' | 'language' | 'disabled' | 'locked_until' | 'created_at'
> & { id: number };

function toRecord(row: AccountRow, grants: readonly Grant[]): AccountRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.display_name,
    language: isLanguage(row.language) ? row.language : 'en',
    disabled: row.disabled === 1,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    grants,
  };
}

const ACCOUNT_COLUMNS = [
  'id',
  'email',
  'display_name',
  'language',
  'disabled',
  'locked_until',
  'created_at',
] as const;

export async function listAccounts(db: Db): Promise<AccountRecord[]> {
  const rows = await db.selectFrom('account').select(ACCOUNT_COLUMNS).orderBy('email').execute();
  const grants = await grantsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toRecord(r, grants.get(r.id) ?? []));
}

export async function getAccount(db: Db, id: number): Promise<AccountRecord> {
  const row = await db.selectFrom('account').select(ACCOUNT_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new NotFoundError(`No user with id ${id}.`);
  return toRecord(row, (await grantsOf(db, [id])).get(id) ?? []);
}

export async function getAccountByEmail(db: Db, email: string): Promise<AccountRecord> {
  const row = await db
    .selectFrom('account')
    .select(ACCOUNT_COLUMNS)
    .where('email', '=', normalEmail(email))
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError(`No user with the email ${email}.`);
  return toRecord(row, (await grantsOf(db, [row.id])).get(row.id) ?? []);
}

/** Creates an account with its grants (in one transaction); refuses an email already in use. */
export async function createAccount(db: Kysely<Schema>, account: NewAccount): Promise<AccountRecord> {
  const email = normalEmail(account.email);
  const language = languageOf(account.language);
  checkPasswordRules(account.password);
  const passwordHash = await hashPassword(account.password);
  const now = new Date().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('account')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst();
    if (existing !== undefined) throw new ConflictError(`A user with the email ${email} already exists.`);
    const grants = await resolveGrants(trx, account.grants);
    const row = await trx
      .insertInto('account')
      .values({
        email,
        display_name: account.name?.trim() || email,
        language,
        disabled: 0,
        password_hash: passwordHash,
        failed_logins: 0,
        locked_until: null,
        created_at: now,
        password_changed_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (grants.length > 0) {
      await trx
        .insertInto('account_grant')
        .values(grants.map((g) => ({ account_id: row.id, role: g.role, org_unit_id: g.orgUnitId })))
        .execute();
    }
    return row.id;
  });
  return getAccount(db, id);
}

/** Replaces the account's grants. */
export async function setGrants(
  db: Kysely<Schema>,
  id: number,
  grants: NewAccount['grants'],
): Promise<AccountRecord> {
  await db.transaction().execute(async (trx) => {
    await getAccount(trx, id);
    const resolved = await resolveGrants(trx, grants);
    await trx.deleteFrom('account_grant').where('account_id', '=', id).execute();
    if (resolved.length > 0) {
      await trx
        .insertInto('account_grant')
        .values(resolved.map((g) => ({ account_id: id, role: g.role, org_unit_id: g.orgUnitId })))
        .execute();
    }
  });
  return getAccount(db, id);
}

/** Changes name or language. */
export async function updateAccount(
  db: Db,
  id: number,
  change: { name?: string; language?: string },
): Promise<AccountRecord> {
  await getAccount(db, id);
  const set: { display_name?: string; language?: string } = {};
  if (change.name !== undefined && change.name.trim() !== '') set.display_name = change.name.trim();
  if (change.language !== undefined) set.language = languageOf(change.language);
  if (Object.keys(set).length > 0) await db.updateTable('account').set(set).where('id', '=', id).execute();
  return getAccount(db, id);
}

/** Disables (ending its sessions) or enables an account. */
export async function setDisabled(db: Kysely<Schema>, id: number, disabled: boolean): Promise<AccountRecord> {
  await db.transaction().execute(async (trx) => {
    await getAccount(trx, id);
    await trx
      .updateTable('account')
      .set({ disabled: disabled ? 1 : 0 })
      .where('id', '=', id)
      .execute();
    if (disabled) await trx.deleteFrom('account_session').where('account_id', '=', id).execute();
  });
  return getAccount(db, id);
}

/** Sets a new password, lifts a lock, and ends every session of the account. */
export async function setPassword(db: Kysely<Schema>, id: number, password: string): Promise<void> {
  checkPasswordRules(password);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await getAccount(trx, id);
    await trx
      .updateTable('account')
      .set({
        password_hash: passwordHash,
        password_changed_at: new Date().toISOString(),
        failed_logins: 0,
        locked_until: null,
      })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('account_session').where('account_id', '=', id).execute();
  });
}
