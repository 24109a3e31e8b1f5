/** Users, sessions and tokens for tests: real accounts in the real store, signed in over HTTP. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createAccount, type AccountRecord } from '../../src/access/accounts.store.ts';
import { createApiToken } from '../../src/access/api-tokens.store.ts';
import type { Grant } from '../../src/access/principal.ts';
import type { AppEnv } from '../../src/server/app-env.ts';
import type { Store } from '../../src/store/store.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

/** Creates a user with these grants (and the test password unless given another). */
export async function createUser(
  store: Store,
  email: string,
  grants: readonly Grant[],
  password = TEST_PASSWORD,
): Promise<AccountRecord> {
  return createAccount(store.db, { email, name: email.split('@')[0] ?? email, password, grants });
}

/** A live API token of the user, as the `Authorization` header. */
export async function bearerFor(
  store: Store,
  userId: number,
  options: { readOnly?: boolean } = {},
): Promise<{ authorization: string }> {
  const { token } = await createApiToken(store.db, userId, {
    name: 'test',
    readOnly: options.readOnly ?? false,
  });
  return { authorization: `Bearer ${token}` };
}

export interface SignedIn {
  /** the `Cookie` header to send back */
  readonly cookie: string;
  readonly csrfToken: string;
  /** the raw `Set-Cookie` header of the sign-in */
  readonly setCookie: string;
}

/** Signs in over HTTP; throws unless it succeeds. */
export async function signInOverHttp(
  app: OpenAPIHono<AppEnv>,
  email: string,
  password = TEST_PASSWORD,
  url = 'http://localhost/api/session',
): Promise<SignedIn> {
  const res = await app.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}: ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: setCookie.split(';')[0] ?? '', csrfToken: body.csrfToken, setCookie };
}
