/**
 * Validation rules written by users, over HTTP on a real store: readers of unpublished data list
 * the built-in and stored rules; approvers and administrators create, replace and remove them
 * (audited, CSRF with a session cookie); a bad expression or an unknown name is a 400 naming the
 * side and column; a stored rule finds a violation the built-in set does not.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listAudit } from '../src/access/audit-log.store.ts';
import { createApp } from '../src/server/app.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import type { Store } from '../src/store/store.ts';
import { bearerFor, createUser, signInOverHttp } from './support/accounts.ts';
import { HEADER, importText } from './support/fixtures.ts';
import { createTestStore, describeStores } from './support/stores.ts';

const RULE = {
  left: 'homicide_victims[sex=F]',
  operator: '<=',
  right: '0.5 * homicide_victims',
  severity: 'warning',
  name: { en: 'Women are at most half of homicide victims', es: 'Las mujeres son a lo sumo la mitad' },
};

describeStores('quality rule definitions API', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let approver: Record<string, string>;
  let contributor: Record<string, string>;
  let approverEmail: string;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await importText(
      store,
      [
        HEADER,
        'homicide_victims,PAN,2019,,police,100',
        'homicide_victims,PAN,2019,sex=F,police,60',
        'homicide_victims,PAN,2019,sex=M,police,40',
      ].join('\n'),
      { status: 'published' },
    );
    app = createApp({ store, version: 'test' });
    approverEmail = `approver-rules-${dialect}@example.org`;
    const a = await createUser(store, approverEmail, [{ role: 'approver', scope: 'PAN' }]);
    approver = await bearerFor(store, a.id);
    const c = await createUser(store, `contributor-rules-${dialect}@example.org`, [
      { role: 'contributor', scope: 'PAN' },
    ]);
    contributor = await bearerFor(store, c.id);
  });
  afterAll(async () => dispose());

  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const violationsOf = async (code: string) => {
    const { body } = await call('GET', '/api/quality/rules?period=2019', {});
    return (body['violations'] as { rule: string; orgUnit: string; leftValue: number; rightValue: number }[])
      .filter((v) => v.rule === code)
      .map((v) => [v.orgUnit, v.leftValue, v.rightValue]);
  };

  it('lists the built-in rules to readers of unpublished data only', async () => {
    expect((await call('GET', '/api/quality/rule-definitions', {})).status).toBe(401);
    const { status, body } = await call('GET', '/api/quality/rule-definitions', contributor);
    expect(status).toBe(200);
    const rules = body['rules'] as { code: string; builtIn: boolean }[];
    expect(rules.find((r) => r.code === 'firearm_homicides_within_total')).toMatchObject({ builtIn: true });
    expect(rules.every((r) => r.builtIn)).toBe(true);
  });

  it('stores a rule that finds a violation the built-in set does not, then removes it', async () => {
    // the built-in rules see nothing wrong: 60 + 40 = 100
    const before = await call('GET', '/api/quality/rules?period=2019', {});
    expect(before.body['violations']).toEqual([]);

    expect((await call('PUT', '/api/quality/rule-definitions/women_half', contributor, RULE)).status).toBe(
      403,
    );
    const put = await call('PUT', '/api/quality/rule-definitions/women_half', approver, RULE);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body['created']).toBe(true);
    expect(put.body['filledFromEnglish']).toEqual(['name.pt', 'name.fr']);
    expect(put.body['rule']).toMatchObject({
      code: 'women_half',
      builtIn: false,
      name: { es: 'Las mujeres son a lo sumo la mitad', pt: RULE.name.en },
      tolerance: 0,
      sources: 'same',
      periodTypes: null,
    });
    expect(await violationsOf('women_half')).toEqual([['PAN', 60, 50]]);

    const listed = await call('GET', '/api/quality/rule-definitions', contributor);
    const stored = (listed.body['rules'] as { code: string; builtIn: boolean; createdBy: string }[]).filter(
      (r) => !r.builtIn,
    );
    expect(stored.map((r) => r.code)).toEqual(['women_half']);
    expect(stored[0]!.createdBy).toContain(approverEmail);

    // replaced: a looser bound, the violation goes
    const replaced = await call('PUT', '/api/quality/rule-definitions/women_half', approver, {
      ...RULE,
      right: '0.7 * homicide_victims',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body['created']).toBe(false);
    expect(await violationsOf('women_half')).toEqual([]);

    expect((await call('DELETE', '/api/quality/rule-definitions/women_half', contributor)).status).toBe(403);
    expect((await call('DELETE', '/api/quality/rule-definitions/women_half', approver)).status).toBe(200);
    expect((await call('DELETE', '/api/quality/rule-definitions/women_half', approver)).status).toBe(404);

    const audit = (await listAudit(store.db)).filter((e) => e.action.startsWith('quality.rule.'));
    expect(audit.map((e) => [e.action, e.target])).toEqual([
      ['quality.rule.save', 'validation_rule:women_half'],
      ['quality.rule.save', 'validation_rule:women_half'],
      ['quality.rule.remove', 'validation_rule:women_half'],
    ]);
    expect(audit.every((e) => e.actor.includes(approverEmail))).toBe(true);
  });

  it('refuses a bad expression, unknown names and built-in codes, naming the field and column', async () => {
    const refused = async (code: string, body: unknown) => {
      const res = await call('PUT', `/api/quality/rule-definitions/${code}`, approver, body);
      expect(res.status).toBe(400);
      return res.body['error'] as {
        message: string;
        issues: { field?: string; column?: number; message: string }[];
      };
    };
    const syntax = await refused('bad_syntax', { ...RULE, right: 'homicide_victims *' });
    expect(syntax.issues).toEqual([expect.objectContaining({ field: 'right', column: expect.any(Number) })]);
    const unknown = await refused('bad_names', {
      ...RULE,
      left: 'homicide_victims[colour=red]',
      right: 'prisoners + nobody_element',
    });
    expect(unknown.issues.map((i) => [i.field, i.column])).toEqual([
      ['left', 18],
      ['right', 13],
    ]);
    const category = await refused('bad_category', { ...RULE, left: 'homicide_victims[sex=X]' });
    expect(category.issues[0]).toMatchObject({ field: 'left' });
    expect(category.issues[0]!.message).toContain('X');
    const builtIn = await refused('firearm_homicides_within_total', RULE);
    expect(builtIn.issues[0]).toMatchObject({ field: 'code' });
    expect((await refused('funnel_x', RULE)).issues[0]).toMatchObject({ field: 'code' });
    expect((await refused('Bad-Code', RULE)).issues[0]).toMatchObject({ field: 'code' });
    expect((await refused('bad_operator', { ...RULE, operator: '=<' })).issues[0]).toMatchObject({
      field: 'operator',
    });
    expect(
      (await call('DELETE', '/api/quality/rule-definitions/women_police_within_total', approver)).status,
    ).toBe(400);
    const listed = await call('GET', '/api/quality/rule-definitions', approver);
    expect((listed.body['rules'] as { builtIn: boolean }[]).filter((r) => !r.builtIn)).toEqual([]);
  });

  it('asks a session cookie for the CSRF token', async () => {
    const session = await signInOverHttp(app, approverEmail);
    const path = '/api/quality/rule-definitions/women_half_cookie';
    const without = await call('PUT', path, { cookie: session.cookie }, RULE);
    expect(without.status).toBe(403);
    const withToken = await call(
      'PUT',
      path,
      { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      RULE,
    );
    expect(withToken.status).toBe(200);
    const removed = await call('DELETE', path, { cookie: session.cookie, 'x-csrf-token': session.csrfToken });
    expect(removed.status).toBe(200);
  });
});
