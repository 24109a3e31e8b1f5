import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import { HEADER, importText } from '../../test/support/fixtures.ts';
import { listAudit, verifyAuditLog } from '../access/audit-log.store.ts';
import { prepareStore } from '../setup/store-setup.ts';
import type { Store } from '../store/store.ts';
import { WEB_API_TYPES_PATH, webApiTypes } from './web-api-types.ts';
import { createApp, openApiDocument } from './app.ts';
import { PLAIN_ROUTES } from './plain-routes.ts';

const TOKEN = 'test-admin-token-0123456789';
const admin = { authorization: `Bearer ${TOKEN}` };

describeStores('HTTP API', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    app = createApp({ store, version: 'test', adminToken: TOKEN });
    await importText(
      store,
      [
        HEADER,
        'homicide_victims,HND,2012,,police,7172',
        'homicide_victims,HND,2012,,forensic,7250',
        'population,HND,2012,,census,8640692',
      ].join('\n'),
      { status: 'published' },
    );
    await importText(store, `${HEADER}\nhomicide_victims,SLV,2012,,police,2594\n`, { status: 'draft' });
  });
  afterAll(async () => dispose());

  it('answers health with the store dialect and no demo flag', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: 'test', store: { dialect }, demo: null });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
  });

  it('lists the catalogue and one indicator in four languages', async () => {
    const res = await app.request('/api/catalogue/indicators?family=traditional');
    const body = (await res.json()) as { indicators: { code: string; name: Record<string, string> }[] };
    expect(body.indicators.map((i) => i.code)).toContain('homicide_rate');
    expect(
      body.indicators.every((i) => ['en', 'es', 'pt', 'fr'].every((l) => (i.name[l] ?? '') !== '')),
    ).toBe(true);
    const one = await app.request('/api/catalogue/indicators/homicide_rate');
    expect(((await one.json()) as { sdg: string[] }).sdg).toContain('16.1.1');
    expect((await app.request('/api/catalogue/indicators/nope')).status).toBe(404);
    const elements = (await (await app.request('/api/catalogue/elements')).json()) as { elements: unknown[] };
    expect(elements.elements.length).toBeGreaterThanOrEqual(20);
  });

  it('lists the 35 member states, the subregions and the groups', async () => {
    const states = (await (await app.request('/api/geography/units?level=member_state')).json()) as {
      units: { code: string; parentCode: string }[];
    };
    expect(states.units).toHaveLength(35);
    const central = (await (await app.request('/api/geography/units?parent=CAM')).json()) as {
      units: { code: string }[];
    };
    expect(central.units.map((u) => u.code)).toContain('MEX');
    const hnd = (await (await app.request('/api/geography/units/HND')).json()) as {
      name: { es: string };
      parentCode: string;
    };
    expect(hnd).toMatchObject({ name: { es: 'Honduras' }, parentCode: 'CAM' });
    const groups = (await (await app.request('/api/geography/groups')).json()) as {
      groups: { code: string }[];
    };
    expect(groups.groups.map((g) => g.code)).toEqual(expect.arrayContaining(['SICA', 'CARICOM', 'MERCOSUR']));
    expect((await app.request('/api/geography/units?level=planet')).status).toBe(400);
  });

  it('shows the public published values only, and the administrator everything', async () => {
    const pub = (await (
      await app.request('/api/data-values?element=homicide_victims&total=true')
    ).json()) as {
      total: number;
      values: { orgUnit: string; status: string }[];
      synthetic: boolean;
    };
    expect(pub.total).toBe(2);
    expect(pub.values.every((v) => v.orgUnit === 'HND' && v.status === 'published')).toBe(true);
    expect(pub.synthetic).toBe(false);
    const first = (await (await app.request('/api/data-values?element=homicide_victims&limit=1')).json()) as {
      total?: number;
      hasMore: boolean;
      values: unknown[];
    };
    expect(first).toMatchObject({ hasMore: true, values: [expect.anything()] });
    expect(first.total).toBeUndefined();
    const last = (await (
      await app.request('/api/data-values?element=homicide_victims&limit=1&offset=1')
    ).json()) as { hasMore: boolean; values: unknown[] };
    expect(last).toMatchObject({ hasMore: false, values: [expect.anything()] });
    // asking for drafts changes nothing for the public
    const sneaky = (await (await app.request('/api/data-values?status=draft&total=true')).json()) as {
      total: number;
    };
    expect(sneaky.total).toBe(3);
    const all = (await (
      await app.request('/api/data-values?element=homicide_victims&total=true', { headers: admin })
    ).json()) as { total: number };
    expect(all.total).toBe(3);
    const drafts = (await (
      await app.request('/api/data-values?status=draft&total=true', { headers: admin })
    ).json()) as { values: { orgUnit: string }[] };
    expect(drafts.values.map((v) => v.orgUnit)).toEqual(['SLV']);
    const csv = await app.request('/api/data-values?element=homicide_victims&format=csv&total=true');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).trim().split('\n')).toEqual([
      HEADER,
      'homicide_victims,HND,2012,,police,7172',
      'homicide_victims,HND,2012,,forensic,7250',
    ]);
  });

  it.runIf(dialect === 'sqlite')(
    'answers 503 at once while another process holds the write lock',
    async () => {
      if (store.dialect !== 'sqlite') return;
      const other = new Database(store.sqlite.name);
      other.exec('BEGIN IMMEDIATE');
      try {
        const started = Date.now();
        const busy = await app.request('/api/data-values/import?fileName=busy.csv', {
          method: 'POST',
          body: `${HEADER}\nhomicide_victims,CRI,2012,,police,407\n`,
          headers: { 'content-type': 'text/csv', ...admin },
        });
        expect(busy.status).toBe(503);
        expect(busy.headers.get('retry-after')).toBe('5');
        expect(((await busy.json()) as { error: { code: string } }).error.code).toBe('busy');
        expect(Date.now() - started).toBeLessThan(4000);
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
      const pub = (await (await app.request('/api/data-values?orgUnit=CRI', { headers: admin })).json()) as {
        values: unknown[];
      };
      expect(pub.values).toEqual([]);
    },
  );

  it('imports over the API for the administrator only, refusing bad files with their lines', async () => {
    const body = `${HEADER}\nhomicide_victims,GTM,2012,,police,5155\n`;
    const anonymous = await app.request('/api/data-values/import', {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/csv' },
    });
    expect(anonymous.status).toBe(401);
    const wrongToken = await app.request('/api/data-values/import', {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/csv', authorization: 'Bearer nope' },
    });
    expect(wrongToken.status).toBe(401);
    const ok = await app.request('/api/data-values/import?status=draft&fileName=gtm.csv', {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/csv', ...admin },
    });
    expect(ok.status).toBe(200);
    const imported = (await ok.json()) as { batchId: number };
    expect(imported).toMatchObject({ rows: 1, inserted: 1 });
    const bad = await app.request('/api/data-values/import?fileName=bad.csv', {
      method: 'POST',
      body: `${HEADER}\nhomicide_victims,GTM,2013,,police,x\n`,
      headers: { 'content-type': 'text/csv', ...admin },
    });
    expect(bad.status).toBe(400);
    const error = (await bad.json()) as {
      error: { code: string; issues: { line: number; column: number; field: string }[] };
    };
    expect(error.error.code).toBe('validation');
    expect(error.error.issues).toEqual([
      expect.objectContaining({ file: 'bad.csv', line: 2, column: 6, field: 'value' }),
    ]);
    const batches = await app.request('/api/import-batches');
    expect(batches.status).toBe(401);
    const list = (await (await app.request('/api/import-batches', { headers: admin })).json()) as {
      batches: { fileName: string | null }[];
    };
    expect(list.batches[0]?.fileName).toBe('gtm.csv');
    // The accepted import is in the audit log with its caller (the refused ones are not).
    const imports = await listAudit(store.db, { action: 'data.import' });
    expect(imports.map((e) => [e.actor, e.origin, e.target])).toEqual([
      ['operator', 'unknown', `batch:${imported.batchId}`],
    ]);
    expect(JSON.parse(imports[0]!.detail)).toMatchObject({
      file: 'gtm.csv',
      rows: 1,
      inserted: 1,
      kind: 'api',
    });
  });

  it('publishes through the workflow endpoint and then shows the value publicly', async () => {
    for (const to of ['submitted', 'approved', 'published']) {
      const res = await app.request('/api/data-values/status', {
        method: 'POST',
        body: JSON.stringify({ orgUnit: 'SLV', period: '2012', to }),
        headers: { 'content-type': 'application/json', ...admin },
      });
      expect(await res.json()).toEqual({ moved: 1 });
    }
    const moves = await listAudit(store.db, { action: 'data.status' });
    expect(moves.map((e) => [e.actor, e.target, JSON.parse(e.detail).to as string])).toEqual(
      ['submitted', 'approved', 'published'].map((to) => ['operator', 'org_unit:SLV period:2012', to]),
    );
    expect((await verifyAuditLog(store)).problem).toBeUndefined();
    const pub = (await (await app.request('/api/data-values?orgUnit=SLV&total=true')).json()) as {
      total: number;
    };
    expect(pub.total).toBe(1);
    const history = (await (
      await app.request(
        '/api/data-values/history?element=homicide_victims&orgUnit=SLV&period=2012&source=police',
      )
    ).json()) as { versions: { status: string }[] };
    expect(history.versions.map((v) => v.status)).toEqual(['published']);
  });

  it('serves the docs page with its assets locally, and a landing page in the asked language', async () => {
    const docs = await app.request('/api/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/api/docs/assets/swagger-ui-bundle.js');
    const bundle = await app.request('/api/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await app.request('/api/docs/assets/..%2Fpackage.json')).status).toBe(404);
    expect((await app.request('/api/docs/assets/constructor')).status).toBe(404);
    const spec = (await (await app.request('/api/openapi.json')).json()) as { openapi: string };
    expect(spec.openapi).toBe('3.1.0');
    const landing = await app.request('/', { headers: { 'accept-language': 'fr-CA,fr;q=0.9' } });
    expect(await landing.text()).toContain('Données des observatoires de sécurité publique des Amériques');
  });

  it('never leaks internals: unknown routes and bad queries give JSON errors without stacks', async () => {
    const missing = await app.request('/api/nothing-here');
    expect(missing.status).toBe(404);
    const bad = await app.request('/api/data-values?limit=0&total=true');
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('declares a policy on every route, and refuses anonymous callers on every non-public one', async () => {
    const doc = openApiDocument(app);
    const operations: { method: string; path: string; policy: unknown }[] = [];
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, Record<string, unknown>>)) {
        operations.push({ method: method.toUpperCase(), path, policy: op['x-atalaya-policy'] });
      }
    }
    expect(operations.length).toBeGreaterThanOrEqual(12);
    expect(operations.filter((o) => typeof o.policy !== 'string')).toEqual([]);
    // Every route Hono knows is either an OpenAPI operation or a declared plain route.
    const declared = new Set([
      ...operations.map((o) => `${o.method} ${o.path.replace(/\{(\w+)\}/g, ':$1')}`),
      ...PLAIN_ROUTES.keys(),
    ]);
    const actual = app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`);
    expect(actual.filter((r) => !declared.has(r))).toEqual([]);
    for (const op of operations.filter((o) => o.policy !== 'public')) {
      const res = await app.request(op.path.replace(/\{\w+\}/g, 'x'), { method: op.method });
      expect([op.method, op.path, res.status]).toEqual([op.method, op.path, 401]);
    }
  });
});

it('keeps docs/openapi.json and the web app’s API types in step with the routes (run `npm run openapi` after changing a route)', async () => {
  const { store, dispose } = await createTestStore('sqlite');
  try {
    const generated = JSON.stringify(openApiDocument(createApp({ store, version: 'x' })), null, 2) + '\n';
    const committed = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'openapi.json'), 'utf8');
    expect(committed).toBe(generated);
    const types = readFileSync(join(import.meta.dirname, '..', '..', ...WEB_API_TYPES_PATH), 'utf8');
    expect(types, 'web/src/api/schema.d.ts').toBe(await webApiTypes(JSON.parse(generated) as object));
  } finally {
    await dispose();
  }
});
