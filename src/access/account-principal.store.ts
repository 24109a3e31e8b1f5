import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../store/schema.ts';
import { grantsOf } from './accounts.store.ts';
import type { Credential, UserPrincipal } from './principal.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

/** The principal of an account, with its grants as they are now. */
export async function principalOfAccount(
  db: Db,
  account: { id: number; email: string; display_name: string },
  credential: Credential,
  readOnly: boolean,
): Promise<UserPrincipal> {
  const grants = (await grantsOf(db, [account.id])).get(account.id) ?? [];
  return {
    kind: 'user',
    userId: account.id,
    name: account.display_name,
    email: account.email,
    grants,
    credential,
    readOnly,
  };
}
