/**
 * Boundaries over HTTP: `POST /api/imports` with the format geojson (dry run, import, a bad file
 * refused at its line, units outside the caller's scope refused whole), and the public
 * `GET /api/geography/boundaries?parent=MEX` (GeoJSON, ETag and 304, 404 for an unknown parent).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listAudit } from '../src/access/audit-log.store.ts';
import { saveOrgUnits } from '../src/geography/geography.store.ts';
import { createApp } from '../src/server/app.ts';
import { loadDemo } from '../src/setup/demo-setup.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import type { Store } from '../src/store/store.ts';
import { bearerFor, createUser } from './support/accounts.ts';
import { createTestStore, describeStores } from './support/stores.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'ingest');
const GEOJSON = readFileSync(join(FIXTURES, 'mex-estados.geojson'), 'utf8');
const MAPPING = readFileSync(join(FIXTURES, 'mex-estados.mapping.json'), 'utf8');

const UNIT = (code: string) => ({
  code,
  parentCode: 'MEX',
  level: 'division' as const,
  name: { en: `State ${code}`, es: code, pt: code, fr: code },
  validFrom: null,
  validTo: null,
});

interface Answer {
  dryRun?: boolean;
  boundaries?: Record<string, unknown>;
  error?: { issues: { message: string }[] };
}

describeStores('boundaries API', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  let mexico: Record<string, string>;
  let cdmx: Record<string, string>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await saveOrgUnits(store.db, [UNIT('MEX.09'), UNIT('MEX.15'), UNIT('MEX.17')]);
    app = createApp({ store, version: 'test' });
    mexico = await bearerFor(
      store,
      (await createUser(store, 'mx@example.org', [{ role: 'contributor', scope: 'MEX' }])).id,
    );
    cdmx = await bearerFor(
      store,
      (await createUser(store, 'cdmx@example.org', [{ role: 'contributor', scope: 'MEX.09' }])).id,
    );
  });
  afterAll(async () => dispose());

  const upload = async (headers: Record<string, string>, text: string, dryRun: boolean) => {
    const form = new FormData();
    form.set('file', new File([text], 'mex-estados.geojson', { type: 'application/geo+json' }));
    form.set('format', 'geojson');
    form.set('mapping', MAPPING);
    form.set('dryRun', String(dryRun));
    const res = await app.request('/api/imports', { method: 'POST', headers, body: form });
    return { status: res.status, body: (await res.json()) as Answer };
  };
  const count = async () =>
    (await store.db.selectFrom('org_unit_boundary').select('org_unit_id').execute()).length;

  it('checks first, then imports, in the caller’s scope only', async () => {
    const dry = await upload(mexico, GEOJSON, true);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      boundaries: { features: 3, new: 3, rejected: 0, issueCount: 0 },
    });
    expect(await count()).toBe(0);

    const outside = await upload(cdmx, GEOJSON, false);
    expect(outside.status).toBe(403);
    expect(outside.body.error?.issues.map((i) => i.message)).toEqual([
      'MEX.15 is outside your scope',
      'MEX.17 is outside your scope',
    ]);
    expect(await count()).toBe(0);

    const bad = await upload(mexico, GEOJSON.replace('-100.61, 18.37', '-200.61, 18.37'), false);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.issues).toEqual([
      {
        file: 'mex-estados.geojson',
        line: 28,
        column: 14,
        field: 'features[1].geometry.coordinates[0][0][0]',
        message: 'longitude -200.61 is outside −180…180',
      },
    ]);
    expect(await count()).toBe(0);

    const done = await upload(mexico, GEOJSON, false);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ dryRun: false, boundaries: { new: 3, changed: 0, unchanged: 0 } });
    const [entry] = await listAudit(store.db, { action: 'boundary.import', limit: 1 });
    expect(entry?.actor).toMatch(/^user:\d+:mx@example.org/);
  });

  it('serves the children’s boundaries as GeoJSON, cacheable', async () => {
    const res = await app.request('/api/geography/boundaries?parent=MEX');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const body = (await res.json()) as {
      type: string;
      synthetic: boolean;
      features: {
        id: string;
        properties: { code: string; name: { en: string }; label: string };
        geometry: { type: string };
      }[];
    };
    expect(body.type).toBe('FeatureCollection');
    expect(body.synthetic).toBe(false);
    expect(
      body.features.map((f) => [f.id, f.properties.name.en, f.properties.label, f.geometry.type]),
    ).toEqual([
      ['MEX.09', 'State MEX.09', 'Ciudad de México', 'Polygon'],
      ['MEX.15', 'State MEX.15', 'México', 'Polygon'],
      ['MEX.17', 'State MEX.17', 'Morelos', 'MultiPolygon'],
    ]);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await app.request('/api/geography/boundaries?parent=MEX', {
      headers: { 'if-none-match': etag! },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const none = await app.request('/api/geography/boundaries?parent=MEX.09');
    expect(((await none.json()) as { features: unknown[] }).features).toEqual([]);
    expect((await app.request('/api/geography/boundaries?parent=NOPE')).status).toBe(404);
    expect((await app.request('/api/geography/boundaries')).status).toBe(400);
  });
});

describeStores('demo boundaries over the API', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await loadDemo(store, { countries: ['SLV', 'URY'] });
  });
  afterAll(async () => dispose());

  it('the demo gives El Salvador’s divisions synthetic boundaries, labelled so; Uruguay has no box', async () => {
    const app = createApp({ store, version: 'test' });
    const body = (await (await app.request('/api/geography/boundaries?parent=SLV')).json()) as {
      synthetic: boolean;
      features: { id: string; properties: { synthetic: boolean } }[];
    };
    const divisions = await store.db
      .selectFrom('org_unit as u')
      .innerJoin('org_unit as p', 'p.id', 'u.parent_id')
      .select('u.code')
      .where('p.code', '=', 'SLV')
      .orderBy('u.code')
      .execute();
    expect(divisions.length).toBeGreaterThan(1);
    expect(body.features.map((f) => f.id)).toEqual(divisions.map((d) => d.code));
    expect(body.synthetic).toBe(true);
    expect(body.features.every((f) => f.properties.synthetic)).toBe(true);
    const uruguay = (await (await app.request('/api/geography/boundaries?parent=URY')).json()) as {
      features: [];
    };
    expect(uruguay.features).toEqual([]);
    // loading again (the demo is there) adds nothing and changes nothing
    const before = await store.db
      .selectFrom('org_unit_boundary')
      .selectAll()
      .orderBy('org_unit_id')
      .execute();
    expect(await loadDemo(store, { countries: ['SLV', 'URY'] })).toBeUndefined();
    expect(
      await store.db.selectFrom('org_unit_boundary').selectAll().orderBy('org_unit_id').execute(),
    ).toEqual(before);
  });
});
