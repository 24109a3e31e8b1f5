import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearerFor, createUser, signInOverHttp, TEST_PASSWORD } from '../../test/support/accounts.ts';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import { createApp } from '../server/app.ts';
import { prepareStore } from '../setup/store-setup.ts';
import type { Store } from '../store/store.ts';
import { createApiToken } from './api-tokens.store.ts';
import { listAudit, verifyAuditLog } from './audit-log.store.ts';

const TOKEN = 'test-operator-token-0123456789';
const operator = { authorization: `Bearer ${TOKEN}` };
const json = { 'content-type': 'application/json' };

describeStores('sessions, tokens and sign-in limits', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    // a high address limit: these tests sign in often from the one 'unknown' address
    app = createApp({
      store,
      version: 'test',
      adminToken: TOKEN,
      signInLimit: { attempts: 1000, windowMs: 60_000 },
    });
  });
  afterAll(async () => dispose());

  const signInRaw = (email: string, password: string, target = app) =>
    target.request('/api/session', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email, password }),
    });
  const whoAmI = async (headers: Record<string, string>) =>
    (await (await app.request('/api/session', { headers })).json()) as {
      user: { email: string } | null;
      grants: unknown[];
    };

  it('stores passwords as argon2id hashes, never in clear', async () => {
    const user = await createUser(store, 'hash@example.org', [{ role: 'analyst', scope: null }]);
    const row = await store.db
      .selectFrom('account')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
  });

  it('answers an unknown email and a wrong password the same way', async () => {
    await createUser(store, 'same@example.org', [{ role: 'analyst', scope: null }]);
    const unknown = await signInRaw('nobody@example.org', 'whatever-password');
    const wrong = await signInRaw('same@example.org', 'wrong-password-here');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  it('signs in with an httpOnly SameSite=Strict cookie (Secure over HTTPS) and tells who is calling', async () => {
    await createUser(store, 'Cookie@Example.org', [{ role: 'contributor', scope: 'MEX' }]);
    const session = await signInOverHttp(app, 'cookie@example.org');
    expect(session.setCookie).toMatch(/^atalaya_session=[\w-]{43};/);
    expect(session.setCookie).toContain('HttpOnly');
    expect(session.setCookie).toContain('SameSite=Strict');
    expect(session.setCookie).toContain('Path=/');
    expect(session.setCookie).not.toContain('Secure');
    const https = await signInOverHttp(
      app,
      'cookie@example.org',
      TEST_PASSWORD,
      'https://atalaya.example/api/session',
    );
    expect(https.setCookie).toContain('Secure');
    const me = await whoAmI({ cookie: session.cookie });
    expect(me).toMatchObject({
      user: { email: 'cookie@example.org' },
      grants: [{ role: 'contributor', scope: 'MEX' }],
      credential: 'session',
      csrfToken: session.csrfToken,
    });
    expect(await whoAmI({})).toMatchObject({ user: null, grants: [] });
    // only the hash of the session id is stored
    const id = session.cookie.split('=')[1]!;
    const stored = await store.db.selectFrom('account_session').select('id_hash').execute();
    expect(stored.map((s) => s.id_hash)).not.toContain(id);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.id_hash))).toBe(true);
  });

  it('refuses a write with the session cookie and no or a wrong CSRF token; a Bearer token needs none', async () => {
    const user = await createUser(store, 'csrf@example.org', [{ role: 'analyst', scope: null }]);
    const session = await signInOverHttp(app, 'csrf@example.org');
    const create = (headers: Record<string, string>) =>
      app.request('/api/tokens', { method: 'POST', headers: { ...json, ...headers }, body: '{"name":"x"}' });
    const none = await create({ cookie: session.cookie });
    expect(none.status).toBe(403);
    expect(((await none.json()) as { error: { message: string } }).error.message).toContain('x-csrf-token');
    expect((await create({ cookie: session.cookie, 'x-csrf-token': 'forged' })).status).toBe(403);
    const other = await signInOverHttp(app, 'csrf@example.org');
    expect((await create({ cookie: session.cookie, 'x-csrf-token': other.csrfToken })).status).toBe(403);
    expect((await create({ cookie: session.cookie, 'x-csrf-token': session.csrfToken })).status).toBe(201);
    expect((await create(await bearerFor(store, user.id))).status).toBe(201);
    // reads need no CSRF token
    expect((await app.request('/api/tokens', { headers: { cookie: session.cookie } })).status).toBe(200);
  });

  it('locks an account after 5 wrong passwords: even the right one is refused until the lock ends', async () => {
    const user = await createUser(store, 'lock@example.org', [{ role: 'analyst', scope: null }]);
    for (let i = 0; i < 4; i++)
      expect((await signInRaw('lock@example.org', 'wrong-password-!')).status).toBe(401);
    // a success resets the count
    expect((await signInRaw('lock@example.org', TEST_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++)
      expect((await signInRaw('lock@example.org', 'wrong-password-!')).status).toBe(401);
    const locked = await signInRaw('lock@example.org', TEST_PASSWORD);
    expect(locked.status).toBe(401);
    const row = await store.db
      .selectFrom('account')
      .select(['locked_until'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    const minutes = (Date.parse(row.locked_until!) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    await store.db
      .updateTable('account')
      .set({ locked_until: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', user.id)
      .execute();
    expect((await signInRaw('lock@example.org', TEST_PASSWORD)).status).toBe(200);
  });

  it('answers 429 with Retry-After past the sign-in attempts allowed per address', async () => {
    const limited = createApp({ store, version: 'test', signInLimit: { attempts: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++)
      expect((await signInRaw(`ip${i}@example.org`, 'some-password', limited)).status).toBe(401);
    const refused = await signInRaw('ip9@example.org', 'some-password', limited);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
  });

  it('signs out one session, or every session of the account', async () => {
    await createUser(store, 'out@example.org', [{ role: 'analyst', scope: null }]);
    const a = await signInOverHttp(app, 'out@example.org');
    const b = await signInOverHttp(app, 'out@example.org');
    const c = await signInOverHttp(app, 'out@example.org');
    const out = await app.request('/api/session', {
      method: 'DELETE',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrfToken },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/atalaya_session=;/);
    expect((await whoAmI({ cookie: a.cookie })).user).toBeNull();
    expect((await whoAmI({ cookie: b.cookie })).user).not.toBeNull();
    const everywhere = await app.request('/api/session/sign-out-everywhere', {
      method: 'POST',
      headers: { cookie: b.cookie, 'x-csrf-token': b.csrfToken },
    });
    expect(await everywhere.json()).toEqual({ ended: 2 });
    expect((await whoAmI({ cookie: b.cookie })).user).toBeNull();
    expect((await whoAmI({ cookie: c.cookie })).user).toBeNull();
  });

  it('refuses an expired session, and an expired or revoked API token', async () => {
    const user = await createUser(store, 'expired@example.org', [{ role: 'analyst', scope: null }]);
    const session = await signInOverHttp(app, 'expired@example.org');
    await store.db
      .updateTable('account_session')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('account_id', '=', user.id)
      .execute();
    expect((await whoAmI({ cookie: session.cookie })).user).toBeNull();
    expect((await app.request('/api/import-batches', { headers: { cookie: session.cookie } })).status).toBe(
      401,
    );

    const expiring = await createApiToken(store.db, user.id, { name: 'old' });
    const bearer = { authorization: `Bearer ${expiring.token}` };
    expect((await app.request('/api/import-batches', { headers: bearer })).status).toBe(200);
    await store.db
      .updateTable('api_token')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', expiring.id)
      .execute();
    expect((await app.request('/api/import-batches', { headers: bearer })).status).toBe(401);

    const revoked = await createApiToken(store.db, user.id, { name: 'revoked' });
    const own = { authorization: `Bearer ${revoked.token}` };
    expect((await app.request('/api/import-batches', { headers: own })).status).toBe(200);
    const res = await app.request(`/api/tokens/${revoked.id}`, { method: 'DELETE', headers: own });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
    expect((await app.request('/api/import-batches', { headers: own })).status).toBe(401);
    const row = await store.db
      .selectFrom('api_token')
      .select('token_hash')
      .where('id', '=', revoked.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(revoked.token);
  });

  it('refuses a disabled user: no sign-in, sessions ended, tokens dead; enabling lets them back in', async () => {
    const user = await createUser(store, 'disabled@example.org', [{ role: 'analyst', scope: null }]);
    const session = await signInOverHttp(app, 'disabled@example.org');
    const bearer = await bearerFor(store, user.id);
    const disable = await app.request(`/api/users/${user.id}`, {
      method: 'PATCH',
      headers: { ...json, ...operator },
      body: JSON.stringify({ disabled: true }),
    });
    expect(await disable.json()).toMatchObject({ disabled: true });
    expect((await signInRaw('disabled@example.org', TEST_PASSWORD)).status).toBe(401);
    expect((await whoAmI({ cookie: session.cookie })).user).toBeNull();
    expect((await app.request('/api/import-batches', { headers: bearer })).status).toBe(401);
    await app.request(`/api/users/${user.id}`, {
      method: 'PATCH',
      headers: { ...json, ...operator },
      body: JSON.stringify({ disabled: false }),
    });
    expect((await signInRaw('disabled@example.org', TEST_PASSWORD)).status).toBe(200);
  });

  it('resets a password: the old one stops working and every session ends', async () => {
    const user = await createUser(store, 'reset@example.org', [{ role: 'analyst', scope: null }]);
    const session = await signInOverHttp(app, 'reset@example.org');
    const reset = await app.request(`/api/users/${user.id}/password`, {
      method: 'POST',
      headers: { ...json, ...operator },
      body: '{}',
    });
    const { generatedPassword } = (await reset.json()) as { generatedPassword: string };
    expect(generatedPassword).toMatch(/^[\w-]{24}$/);
    expect((await whoAmI({ cookie: session.cookie })).user).toBeNull();
    expect((await signInRaw('reset@example.org', TEST_PASSWORD)).status).toBe(401);
    expect((await signInRaw('reset@example.org', generatedPassword)).status).toBe(200);
    const short = await app.request(`/api/users/${user.id}/password`, {
      method: 'POST',
      headers: { ...json, ...operator },
      body: JSON.stringify({ password: 'short' }),
    });
    expect(short.status).toBe(400);
  });

  it('administers users: creates with a generated password shown once, refuses a taken email and bad grants', async () => {
    const created = await app.request('/api/users', {
      method: 'POST',
      headers: { ...json, ...operator },
      body: JSON.stringify({
        email: 'New.Person@example.org',
        name: 'New Person',
        language: 'es',
        grants: [{ role: 'approver', scope: 'COL' }],
      }),
    });
    expect(created.status).toBe(201);
    const body = (await created.json()) as {
      user: { email: string; language: string };
      generatedPassword: string;
    };
    expect(body.user).toMatchObject({ email: 'new.person@example.org', language: 'es' });
    expect((await signInRaw('new.person@example.org', body.generatedPassword)).status).toBe(200);
    const taken = await app.request('/api/users', {
      method: 'POST',
      headers: { ...json, ...operator },
      body: JSON.stringify({ email: 'new.person@example.org', password: 'another long password' }),
    });
    expect(taken.status).toBe(409);
    const bad = await app.request('/api/users', {
      method: 'POST',
      headers: { ...json, ...operator },
      body: JSON.stringify({
        email: 'bad@example.org',
        password: 'a long enough password',
        grants: [
          { role: 'analyst', scope: 'MEX' },
          { role: 'contributor', scope: 'ATLANTIS' },
        ],
      }),
    });
    expect(bad.status).toBe(400);
    const issues = ((await bad.json()) as { error: { issues: { field: string }[] } }).error.issues;
    expect(issues.map((i) => i.field)).toEqual(['grants.0', 'grants.1.scope']);
    const list = (await (await app.request('/api/users', { headers: operator })).json()) as {
      users: { email: string }[];
    };
    expect(list.users.map((u) => u.email)).toContain('new.person@example.org');
    expect(list.users.map((u) => u.email)).not.toContain('bad@example.org');
  });

  it('keeps tokens to their owners and read-only tokens to reads', async () => {
    const a = await createUser(store, 'owner-a@example.org', [{ role: 'contributor', scope: 'MEX' }]);
    const b = await createUser(store, 'owner-b@example.org', [{ role: 'contributor', scope: 'MEX' }]);
    const tokenOfB = await createApiToken(store.db, b.id, { name: 'b' });
    const asA = await bearerFor(store, a.id);
    expect((await app.request(`/api/tokens/${tokenOfB.id}`, { method: 'DELETE', headers: asA })).status).toBe(
      403,
    );
    expect((await app.request(`/api/tokens?userId=${b.id}`, { headers: asA })).status).toBe(403);
    const mine = (await (await app.request('/api/tokens', { headers: asA })).json()) as {
      tokens: { userId: number; token?: string }[];
    };
    expect(mine.tokens.every((t) => t.userId === a.id && t.token === undefined)).toBe(true);
    const readOnly = await bearerFor(store, a.id, { readOnly: true });
    expect((await app.request('/api/data-values?orgUnit=MEX', { headers: readOnly })).status).toBe(200);
    const write = await app.request('/api/data-values/status', {
      method: 'POST',
      headers: { ...json, ...readOnly },
      body: JSON.stringify({ orgUnit: 'MEX', to: 'submitted' }),
    });
    expect(write.status).toBe(403);
  });

  it('records sign-ins, failed sign-ins, sign-outs and user administration in the audit log, never a password', async () => {
    const user = await createUser(store, 'audited@example.org', [{ role: 'analyst', scope: null }]);
    expect((await signInRaw('audited@example.org', 'not-the-password!')).status).toBe(401);
    const { cookie, csrfToken } = await signInOverHttp(app, 'audited@example.org');
    await app.request('/api/session', { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrfToken } });
    const created = await app.request('/api/users', {
      method: 'POST',
      headers: { ...json, ...operator },
      body: JSON.stringify({ email: 'made@example.org', grants: [{ role: 'contributor', scope: 'MEX' }] }),
    });
    expect(created.status).toBe(201);
    await app.request(`/api/users/${user.id}`, {
      method: 'PATCH',
      headers: { ...json, ...operator },
      body: JSON.stringify({ disabled: true }),
    });
    const entries = await listAudit(store.db, { limit: 1000 });
    const about = (target: string) =>
      entries.filter((e) => e.target === target).map((e) => [e.action, e.actor.split(' ')[0]]);
    expect(about('user:audited@example.org')).toEqual([
      ['session.sign_in_failed', 'anonymous'],
      ['session.sign_in', `user:${user.id}:audited@example.org`],
      ['user.disable', 'operator'],
    ]);
    expect(
      entries.some((e) => e.action === 'session.sign_out' && e.actor.startsWith(`user:${user.id}:`)),
    ).toBe(true);
    expect(about('user:made@example.org')).toEqual([['user.add', 'operator']]);
    const text = JSON.stringify(entries);
    expect(text).not.toContain('not-the-password!');
    expect(text).not.toContain(TEST_PASSWORD);
    expect((await verifyAuditLog(store)).problem).toBeUndefined();
  });
});
