/**
 * The authorization matrix: every route (the OpenAPI document and the plain routes) against every
 * kind of caller, and the scope of data access by member state. The expected policy of each route
 * is written here, apart from the code: a new route, or a changed policy, fails this test until
 * the matrix says who may call it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Grant } from '../src/access/principal.ts';
import { saveOrgUnits } from '../src/geography/geography.store.ts';
import { createApp, openApiDocument } from '../src/server/app.ts';
import { PLAIN_ROUTES } from '../src/server/plain-routes.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import type { Store } from '../src/store/store.ts';
import { bearerFor, createUser } from './support/accounts.ts';
import { countValues, HEADER, importText } from './support/fixtures.ts';
import { createTestStore, describeStores } from './support/stores.ts';

const OPERATOR_TOKEN = 'matrix-operator-token-0123456789';

const ADMIN = 'roles: administrator';
const READERS = 'roles: contributor, approver, analyst, administrator';
const WRITERS = 'roles: contributor, approver, administrator';
const REGISTER = 'roles: analyst, approver, administrator';
const APPROVE = 'roles: approver, administrator';

/** Who may call each route: `public`, `signed in`, or `roles: …`. */
const EXPECTED_POLICIES: Readonly<Record<string, string>> = {
  'GET /api/health': 'public',
  'POST /api/session': 'public',
  'GET /api/session': 'public',
  'DELETE /api/session': 'public',
  'POST /api/session/sign-out-everywhere': 'signed in',
  'GET /api/users': ADMIN,
  'POST /api/users': ADMIN,
  'PATCH /api/users/{id}': ADMIN,
  'PUT /api/users/{id}/grants': ADMIN,
  'POST /api/users/{id}/password': ADMIN,
  'GET /api/tokens': 'signed in',
  'POST /api/tokens': 'signed in',
  'DELETE /api/tokens/{id}': 'signed in',
  'GET /api/geography/units': 'public',
  'GET /api/geography/units/{code}': 'public',
  'GET /api/geography/groups': 'public',
  'GET /api/geography/crosswalk': 'public',
  'GET /api/geography/boundaries': 'public',
  'GET /api/catalogue/indicators': 'public',
  'GET /api/catalogue/indicators/{code}': 'public',
  'GET /api/catalogue/elements': 'public',
  'GET /api/catalogue/elements/{code}': 'public',
  'GET /api/catalogue/dimensions': 'public',
  'GET /api/data-values': 'public',
  'GET /api/data-values/history': 'public',
  'POST /api/data-values/import': WRITERS,
  'POST /api/imports': WRITERS,
  'POST /api/data-values/status': WRITERS,
  'GET /api/import-batches': READERS,
  'GET /api/approval/summary': READERS,
  'POST /api/import-batches/{id}/rollback': WRITERS,
  'GET /api/sources': 'public',
  'GET /api/sources/comparison': 'public',
  'GET /api/quality/rules': 'public',
  'GET /api/quality/outliers': 'public',
  'GET /api/quality/completeness': 'public',
  'GET /api/quality/rule-definitions': READERS,
  'PUT /api/quality/rule-definitions/{code}': APPROVE,
  'DELETE /api/quality/rule-definitions/{code}': APPROVE,
  'GET /api/sources/preferences': 'public',
  'PUT /api/sources/preferences': APPROVE,
  'DELETE /api/sources/preferences': APPROVE,
  'GET /api/analytics': 'public',
  'GET /api/analytics/trend': 'public',
  'GET /api/analytics/trends': 'public',
  'GET /api/analytics/peers': 'public',
  'GET /api/diagnostics': 'public',
  'GET /api/diagnostics/report': 'public',
  'POST /api/analytics/rebuild': ADMIN,
  'GET /api/openapi.json': 'public',
  'POST /api/evaluation/its': 'signed in',
  'POST /api/evaluation/scm': 'signed in',
  'POST /api/evaluation/did': 'signed in',
  'GET /api/interventions': 'public',
  'GET /api/interventions/{code}': 'public',
  'POST /api/interventions': REGISTER,
  'PATCH /api/interventions/{code}': REGISTER,
  'DELETE /api/interventions/{code}': REGISTER,
  'POST /api/interventions/{code}/evaluate': 'signed in',
  'GET /api/docs': 'public',
  'GET /api/docs/assets/{file}': 'public',
  'GET /': 'public',
  'GET /country/{code}': 'public',
  'GET /country/{code}/diagnosis': 'public',
  'GET /explore': 'public',
  'GET /embed/explore': 'public',
  'GET /indicators': 'public',
  'GET /indicators/{code}': 'public',
  'GET /interventions': 'public',
  'GET /interventions/{code}': 'public',
  'GET /evaluate': 'public',
  'GET /imports': 'public',
  'GET /quality': 'public',
  'GET /approval': 'public',
  'GET /assets/{file}': 'public',
  'GET /atlas/{file}': 'public',
  'GET /sign-in': 'public',
  'GET /access/sign-in.js': 'public',
  'GET /access/users.js': 'public',
  'GET /admin/users': ADMIN,
};

/** The kinds of caller, each with their grants (the public has none). */
const CALLERS: Readonly<Record<string, readonly Grant[] | null>> = {
  public: null,
  'contributor MEX': [{ role: 'contributor', scope: 'MEX' }],
  'approver MEX': [{ role: 'approver', scope: 'MEX' }],
  'contributor MEX.09 (subnational)': [{ role: 'contributor', scope: 'MEX.09' }],
  analyst: [{ role: 'analyst', scope: null }],
  'firearms officer MEX': [{ role: 'firearms_officer', scope: 'MEX' }],
  administrator: [{ role: 'administrator', scope: null }],
};

function allowedBy(policy: string, grants: readonly Grant[] | null): boolean {
  if (policy === 'public') return true;
  if (grants === null) return false;
  if (policy === 'signed in') return true;
  const roles = policy.replace(/^roles: /, '').split(', ');
  return grants.some((g) => roles.includes(g.role));
}

const UNIT = (code: string, parentCode: string, level: 'division' | 'municipality') => ({
  code,
  parentCode,
  level,
  name: { en: code, es: code, pt: code, fr: code },
  validFrom: null,
  validTo: null,
});

describeStores('authorization matrix', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  const headers: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await saveOrgUnits(store.db, [
      UNIT('MEX.09', 'MEX', 'division'),
      UNIT('MEX.09015', 'MEX.09', 'municipality'),
      UNIT('MEX.14', 'MEX', 'division'),
      UNIT('COL.05', 'COL', 'division'),
    ]);
    app = createApp({
      store,
      version: 'test',
      adminToken: OPERATOR_TOKEN,
      signInLimit: { attempts: 1000, windowMs: 60_000 },
    });
    await importText(
      store,
      [
        HEADER,
        'population,MEX,2020,,census,126000000',
        'population,COL,2020,,census,50000000',
        'homicide_victims,MEX,2019,,police,36000',
        'homicide_victims,COL,2019,,police,12000',
      ].join('\n'),
      { status: 'published' },
    );
    await importText(
      store,
      [
        HEADER,
        'homicide_victims,MEX,2020,,police,35000',
        'homicide_victims,MEX.09,2020,,police,1000',
        'homicide_victims,MEX.09015,2020,,police,100',
        'homicide_victims,MEX.14,2020,,police,2000',
        'homicide_victims,COL,2020,,police,12500',
        'homicide_victims,COL.05,2020,,police,3000',
      ].join('\n'),
      { status: 'draft' },
    );
    let n = 0;
    for (const [name, grants] of Object.entries(CALLERS)) {
      if (grants === null) headers[name] = {};
      else {
        n += 1;
        const user = await createUser(store, `caller${n}@example.org`, grants);
        headers[name] = await bearerFor(store, user.id);
      }
    }
  });
  afterAll(async () => dispose());

  const get = async (path: string, who: string) => {
    const res = await app.request(path, { headers: headers[who]! });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const post = async (path: string, who: string, body: string, type = 'application/json') => {
    const res = await app.request(path, {
      method: 'POST',
      headers: { ...headers[who], 'content-type': type },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('knows every route, and every route has the policy the matrix says', () => {
    const doc = openApiDocument(app);
    const actual: Record<string, unknown> = {};
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, Record<string, unknown>>)) {
        actual[`${method.toUpperCase()} ${path}`] = op['x-atalaya-policy'];
      }
    }
    for (const [route, policy] of PLAIN_ROUTES) actual[route.replace(/:(\w+)/g, '{$1}')] = policy;
    expect(actual).toEqual(EXPECTED_POLICIES);
    // and Hono serves nothing else
    const served = app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(served.filter((r) => !(r in EXPECTED_POLICIES))).toEqual([]);
  });

  describe.each(Object.keys(CALLERS))('as %s', (who) => {
    it('is let in or refused by every route as its policy says', async () => {
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const [route, policy] of Object.entries(EXPECTED_POLICIES)) {
        const [method, path] = route.split(' ') as [string, string];
        // A made-up id or code: an allowed caller gets past the policy and fails later (400, 404).
        const res = await app.request(path.replace(/\{\w+\}/g, '987654'), { method, headers: headers[who]! });
        const refused = res.status === 401 || res.status === 403;
        outcomes.push(`${route}: ${refused ? `refused ${res.status}` : 'allowed'}`);
        const allowed = allowedBy(policy, CALLERS[who]!);
        expected.push(`${route}: ${allowed ? 'allowed' : `refused ${CALLERS[who] === null ? 401 : 403}`}`);
      }
      expect(outcomes).toEqual(expected);
    });
  });

  it('shows a contributor of MEX unpublished values of MEX and its subunits only', async () => {
    const drafts = await get('/api/data-values?status=draft&limit=100', 'contributor MEX');
    const units = (drafts.body['values'] as { orgUnit: string }[]).map((v) => v.orgUnit).sort();
    expect(units).toEqual(['MEX', 'MEX.09', 'MEX.09015', 'MEX.14']);
    const col = await get('/api/data-values?orgUnit=COL,COL.05&limit=100', 'contributor MEX');
    expect((col.body['values'] as { status: string }[]).map((v) => v.status)).toEqual([
      'published',
      'published',
    ]);
    const analyst = await get('/api/data-values?status=draft&limit=100', 'analyst');
    expect((analyst.body['values'] as unknown[]).length).toBe(6);
    const sub = await get('/api/data-values?status=draft&limit=100', 'contributor MEX.09 (subnational)');
    expect((sub.body['values'] as { orgUnit: string }[]).map((v) => v.orgUnit).sort()).toEqual([
      'MEX.09',
      'MEX.09015',
    ]);
    for (const who of ['public', 'firearms officer MEX']) {
      const seen = await get('/api/data-values?status=draft&limit=100', who);
      expect((seen.body['values'] as { status: string }[]).every((v) => v.status === 'published')).toBe(true);
    }
  });

  it('exports as SDMX-CSV the same values the JSON shows each caller', async () => {
    for (const who of ['contributor MEX', 'public', 'analyst']) {
      const query = '/api/data-values?status=draft&limit=100';
      const json = (await get(query, who)).body['values'] as { orgUnit: string }[];
      const res = await app.request(`${query}&format=sdmx`, { headers: headers[who]! });
      const units = (await res.text())
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[4]);
      expect(units.length, who).toBeGreaterThan(0);
      expect(units, who).toEqual(json.map((v) => v.orgUnit));
    }
  });

  it('shows the history of unpublished values only inside the scope', async () => {
    const history = (unit: string, who: string) =>
      get(`/api/data-values/history?element=homicide_victims&orgUnit=${unit}&period=2020&source=police`, who);
    expect((await history('MEX', 'contributor MEX')).body['versions']).toHaveLength(1);
    expect((await history('MEX.09015', 'contributor MEX')).body['versions']).toHaveLength(1);
    expect((await history('COL', 'contributor MEX')).body['versions']).toEqual([]);
    expect((await history('COL', 'analyst')).body['versions']).toHaveLength(1);
    expect((await history('MEX', 'contributor MEX.09 (subnational)')).body['versions']).toEqual([]);
    expect((await history('MEX', 'public')).body['versions']).toEqual([]);
  });

  it('gives analytics view=all inside the scope only (403 above or outside it), published to the public', async () => {
    const q = (units: string, extra = '') =>
      `/api/analytics?indicator=homicide_rate&period=2020&view=all&${units}${extra}`;
    const mex = await get(q('orgUnit=MEX'), 'contributor MEX');
    expect(mex.status).toBe(200);
    expect(mex.body['view']).toBe('all');
    expect((mex.body['rows'] as { orgUnit: string }[]).map((r) => r.orgUnit)).toEqual(['MEX']);
    expect((await get(q('parent=MEX'), 'contributor MEX')).status).toBe(200);
    for (const units of [
      'orgUnit=COL',
      'orgUnit=MEX,COL',
      'parent=CAM',
      'level=member_state',
      'orgUnit=CAM',
    ]) {
      expect([units, (await get(q(units), 'contributor MEX')).status]).toEqual([units, 403]);
    }
    expect((await get(q('orgUnit=MEX'), 'contributor MEX.09 (subnational)')).status).toBe(403);
    expect((await get(q('orgUnit=MEX.09'), 'contributor MEX.09 (subnational)')).status).toBe(200);
    const trend = '/api/analytics/trend?indicator=homicide_rate&from=2019&to=2020&view=all&orgUnit=';
    expect((await get(`${trend}COL`, 'contributor MEX')).status).toBe(403);
    expect((await get(`${trend}MEX`, 'contributor MEX')).status).toBe(200);
    const peers = '/api/analytics/peers?indicator=homicide_rate&period=2020&view=all&orgUnit=';
    expect((await get(`${peers}MEX`, 'contributor MEX')).status).toBe(403);
    expect((await get(`${peers}MEX.09`, 'contributor MEX')).status).toBe(200);
    const analyst = await get(q('orgUnit=COL'), 'analyst');
    expect(analyst.body['view']).toBe('all');
    expect((analyst.body['rows'] as unknown[]).length).toBe(1);
    for (const who of ['public', 'firearms officer MEX']) {
      const pub = await get(q('orgUnit=COL'), who);
      expect(pub.status).toBe(200);
      expect(pub.body).toMatchObject({ view: 'published', rows: [] });
    }
  });

  it('lets a contributor of MEX import for MEX only: a file with a row of COL is refused whole, rows listed', async () => {
    const before = await countValues(store);
    const mixed = await post(
      '/api/data-values/import?fileName=mixed.csv',
      'contributor MEX',
      [
        HEADER,
        'homicide_victims,MEX,2021,,police,34000',
        'homicide_victims,COL,2021,,police,13000',
        'homicide_victims,MEX.09,2021,,police,900',
        'homicide_victims,COL.05,2021,,police,2900',
      ].join('\n'),
      'text/csv',
    );
    expect(mixed.status).toBe(403);
    expect(mixed.body['error']).toMatchObject({
      code: 'forbidden',
      issues: [
        {
          file: 'mixed.csv',
          line: 3,
          column: 2,
          field: 'org_unit',
          message: 'org unit "COL" is outside your scope',
        },
        {
          file: 'mixed.csv',
          line: 5,
          column: 2,
          field: 'org_unit',
          message: 'org unit "COL.05" is outside your scope',
        },
      ],
    });
    expect(await countValues(store)).toBe(before);
    const own = await post(
      '/api/data-values/import?fileName=mex.csv',
      'contributor MEX',
      `${HEADER}\nhomicide_victims,MEX,2021,,police,34000\nhomicide_victims,MEX.09015,2021,,police,90\n`,
      'text/csv',
    );
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ rows: 2, inserted: 2 });
    const batch = await store.db
      .selectFrom('import_batch')
      .select('created_by')
      .where('id', '=', own.body['batchId'] as number)
      .executeTakeFirstOrThrow();
    expect(batch.created_by).toMatch(/^caller\d@example\.org$/);
    // a contributor may not import published values, even for MEX
    const published = await post(
      '/api/data-values/import?status=published',
      'contributor MEX',
      `${HEADER}\nhomicide_victims,MEX,2022,,police,1\n`,
      'text/csv',
    );
    expect(published.status).toBe(403);
    const subnational = await post(
      '/api/data-values/import',
      'contributor MEX.09 (subnational)',
      `${HEADER}\nhomicide_victims,MEX,2022,,police,1\n`,
      'text/csv',
    );
    expect(subnational.status).toBe(403);
    expect(await countValues(store)).toBe(before + 2);
  });

  it('moves statuses only inside the scope, and only the moves of the role', async () => {
    const move = (who: string, orgUnit: string, to: string, direction = 'forward') =>
      post(
        '/api/data-values/status',
        who,
        JSON.stringify({ orgUnit, period: '2020', element: 'homicide_victims', to, direction }),
      );
    expect((await move('contributor MEX', 'COL', 'submitted')).status).toBe(403);
    expect((await move('approver MEX', 'COL', 'submitted')).status).toBe(403);
    expect((await move('contributor MEX', 'MEX', 'submitted')).body).toEqual({ moved: 1 });
    expect((await move('contributor MEX', 'MEX', 'approved')).status).toBe(403);
    // bottom-up: MEX waits for its states and municipality (drafts), 409 naming them
    const early = await move('approver MEX', 'MEX', 'approved');
    expect(early.status).toBe(409);
    expect(
      (early.body['error'] as { blocking: { orgUnit: string }[] }).blocking.map((b) => b.orgUnit),
    ).toEqual(['MEX.09', 'MEX.09015', 'MEX.14']);
    for (const unit of ['MEX.09015', 'MEX.09', 'MEX.14']) {
      expect((await move('contributor MEX', unit, 'submitted')).body).toEqual({ moved: 1 });
      expect((await move('approver MEX', unit, 'approved')).body).toEqual({ moved: 1 });
    }
    expect((await move('approver MEX', 'MEX', 'approved')).body).toEqual({ moved: 1 });
    for (const unit of ['MEX.09015', 'MEX.09', 'MEX.14']) {
      expect((await move('approver MEX', unit, 'published')).body).toEqual({ moved: 1 });
    }
    expect((await move('approver MEX', 'MEX', 'published')).body).toEqual({ moved: 1 });
    expect((await move('approver MEX', 'MEX', 'approved', 'back')).body).toEqual({ moved: 1 });
    expect((await move('contributor MEX.09 (subnational)', 'MEX', 'submitted')).status).toBe(403);
    expect((await move('analyst', 'COL', 'submitted')).status).toBe(403);
    expect((await move('administrator', 'COL', 'submitted')).body).toEqual({ moved: 1 });
    const col = await store.db
      .selectFrom('data_value as v')
      .innerJoin('org_unit as u', 'u.id', 'v.org_unit_id')
      .innerJoin('data_element as e', 'e.id', 'v.element_id')
      .select('v.status')
      .where('u.code', '=', 'COL')
      .where('e.code', '=', 'homicide_victims')
      .where('v.period', '=', '2020')
      .executeTakeFirstOrThrow();
    expect(col.status).toBe('submitted');
  });
});

it('the operator token is an administrator of everything', async () => {
  const { store, dispose } = await createTestStore('sqlite');
  try {
    await prepareStore(store);
    const app = createApp({ store, version: 'test', adminToken: OPERATOR_TOKEN });
    const res = await app.request('/api/session', { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(await res.json()).toMatchObject({
      user: null,
      grants: [{ role: 'administrator', scope: null }],
      credential: 'operator_token',
    });
  } finally {
    await dispose();
  }
});
