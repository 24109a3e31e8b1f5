import { afterAll, beforeAll, expect, it } from 'vitest';
import { HEADER, importText } from '../../test/support/fixtures.ts';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import { createApp } from '../server/app.ts';
import { prepareStore } from '../setup/store-setup.ts';
import type { Store } from '../store/store.ts';
import type { AnalyticsRow } from './analytics-query.ts';
import { rateInterval } from './poisson-interval.ts';

const TOKEN = 'analytics-test-token-0123456789';
const admin = { authorization: `Bearer ${TOKEN}` };

const PUBLISHED = [
  HEADER,
  'population,HND,2012,,census,8640692',
  'population,HND,2012,sex=F,census,4300000',
  'population,HND,2013,,census,8750000',
  'population,SLV,2012,,census,6072538',
  'homicide_victims,HND,2012,,police,7172',
  'homicide_victims,HND,2012,sex=F,police,606',
  'homicide_victims,HND,2012,,forensic,7250',
  'homicide_victims,HND,2013-01,,police,612',
  'homicide_victims,SLV,2012,,police,2594',
  'trust_police_share,HND,2012,,survey,30',
  'trust_police_share,SLV,2012,,survey,50',
].join('\n');

describeStores('analytics API', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  const rows = async (query: string, headers: Record<string, string> = {}): Promise<AnalyticsRow[]> => {
    const res = await app.request(`/api/analytics?${query}`, { headers });
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as { rows: AnalyticsRow[] }).rows;
  };
  const one = async (query: string, headers: Record<string, string> = {}): Promise<AnalyticsRow> => {
    const list = await rows(query, headers);
    expect(list).toHaveLength(1);
    return list[0]!;
  };

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await importText(store, PUBLISHED, { status: 'published' });
    await importText(
      store,
      `${HEADER}\nhomicide_victims,GTM,2012,,police,5155\npopulation,GTM,2012,,census,15073375\n`,
      {
        status: 'draft',
      },
    );
    app = createApp({ store, version: 'test', adminToken: TOKEN });
  });
  afterAll(async () => dispose());

  it('gives back the published homicide rate from its count and population, with its exact interval', async () => {
    const row = await one('indicator=homicide_rate&orgUnit=HND&period=2012');
    expect(row.value).toBeCloseTo(83.0026113649231, 10); // WDI VC.IHR.PSRC.P5, Honduras 2012
    expect(row).toMatchObject({ numerator: 7172, denominator: 8640692, smallCount: false, complete: true });
    const interval = rateInterval(7172, 8640692, 100_000)!;
    expect(row.lower).toBeCloseTo(interval.lower, 10);
    expect(row.upper).toBeCloseTo(interval.upper, 10);
    const forensic = await one(
      'indicator=homicide_rate&orgUnit=HND&period=2012&source=homicide_victims:forensic',
    );
    expect(forensic.numerator).toBe(7250);
  });

  it('divides a breakdown by the same breakdown of the population', async () => {
    const row = await one('indicator=homicide_rate&orgUnit=HND&period=2012&disaggregation=sex%3DF');
    expect(row.value).toBeCloseTo((606 / 4_300_000) * 100_000, 10);
    const bad = await app.request(
      '/api/analytics?indicator=police_rate&orgUnit=HND&period=2012&disaggregation=weapon%3Dfirearm',
    );
    expect(bad.status).toBe(400);
  });

  it('annualises a yearly population for a month', async () => {
    const row = await one('indicator=homicide_rate&orgUnit=HND&period=2013-01');
    expect(row.exposure).toBeCloseTo((8_750_000 * 31) / 365, 6);
    expect(row.value).toBeCloseTo((612 / ((8_750_000 * 31) / 365)) * 100_000, 10);
  });

  it('aggregates numerators and denominators separately for a subregion and a group, flagging what is incomplete', async () => {
    const expected = ((7172 + 2594) / (8640692 + 6072538)) * 100_000;
    const subregion = await one('indicator=homicide_rate&orgUnit=CAM&period=2012');
    expect(subregion.value).toBeCloseTo(expected, 10);
    expect(subregion.complete).toBe(false);
    const sica = await one('indicator=homicide_rate&orgUnit=SICA&period=2012');
    expect(sica.value).toBeCloseTo(expected, 10);
    expect(sica.complete).toBe(false);
    // never the average of the two rates
    expect(Math.abs(sica.value - (83.0026113649231 + (2594 / 6072538) * 1e5) / 2)).toBeGreaterThan(1);
    const shares = await one('indicator=trust_police&orgUnit=CAM&period=2012');
    expect(shares.value).toBeCloseTo((30 * 8640692 + 50 * 6072538) / (8640692 + 6072538), 10);
  });

  it('lists the members of a group, the children of a unit and the last N periods', async () => {
    const members = await rows('indicator=homicide_rate&group=SICA&period=2012');
    expect(members.map((r) => r.orgUnit).sort()).toEqual(['HND', 'SLV']);
    const children = await rows('indicator=homicide_rate&parent=CAM&period=2012');
    expect(children.map((r) => r.orgUnit).sort()).toEqual(['HND', 'SLV']);
    const last = await rows('indicator=homicide_rate&orgUnit=HND&last=2');
    expect(last.map((r) => r.period)).toEqual(['2012', '2013']);
    expect(last[1]!.complete).toBe(false); // one month of 2013
    const csv = await app.request(
      '/api/analytics?indicator=homicide_rate&orgUnit=HND&period=2012&format=csv',
    );
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'indicator,orgUnit,period,disaggregation,value,numerator,denominator,exposure,lower,upper,smallCount,complete,smoothed,preferredSources',
    );
    expect(lines[1]).toMatch(/^homicide_rate,HND,2012,,83\.00261136/);
  });

  it('shows drafts to those who may see them, and never to the public', async () => {
    expect(await rows('indicator=homicide_rate&orgUnit=GTM&period=2012')).toEqual([]);
    expect(await rows('indicator=homicide_rate&orgUnit=GTM&period=2012&view=all')).toEqual([]);
    const draft = await one('indicator=homicide_rate&orgUnit=GTM&period=2012&view=all', admin);
    expect(draft.numerator).toBe(5155);
  });

  it('shows a change at the next query: an import, a publication', async () => {
    const imported = await app.request('/api/data-values/import?status=published', {
      method: 'POST',
      body: `${HEADER}\nhomicide_victims,SLV,2012,,police,2600\n`,
      headers: { 'content-type': 'text/csv', ...admin },
    });
    expect(imported.status).toBe(200);
    expect((await one('indicator=homicide_rate&orgUnit=SLV&period=2012')).numerator).toBe(2600);
    const moved = await app.request('/api/data-values/status', {
      method: 'POST',
      body: JSON.stringify({ orgUnit: 'GTM', to: 'submitted' }),
      headers: { 'content-type': 'application/json', ...admin },
    });
    expect(((await moved.json()) as { moved: number }).moved).toBe(2);
    for (const to of ['approved', 'published']) {
      await app.request('/api/data-values/status', {
        method: 'POST',
        body: JSON.stringify({ orgUnit: 'GTM', to }),
        headers: { 'content-type': 'application/json', ...admin },
      });
    }
    expect((await one('indicator=homicide_rate&orgUnit=GTM&period=2012')).numerator).toBe(5155);
    const cam = await one('indicator=homicide_rate&orgUnit=CAM&period=2012');
    expect(cam.numerator).toBe(7172 + 2600 + 5155);
    // a rebuild gives the same answer
    const rebuilt = await app.request('/api/analytics/rebuild', { method: 'POST', headers: admin });
    expect(rebuilt.status).toBe(200);
    expect((await one('indicator=homicide_rate&orgUnit=CAM&period=2012')).value).toBe(cam.value);
    expect((await app.request('/api/analytics/rebuild', { method: 'POST' })).status).toBe(401);
  });

  it('compares a member state with its subregion and gives a trend', async () => {
    const res = await app.request('/api/analytics/peers?indicator=homicide_rate&orgUnit=HND&period=2012');
    const peers = (await res.json()) as { rank: number; peers: number; standing: string };
    expect(peers).toMatchObject({ rank: 1, standing: 'worse' });
    const trend = await app.request(
      '/api/analytics/trend?indicator=homicide_rate&orgUnit=HND&from=2012&to=2013',
    );
    expect(trend.status).toBe(200);
    expect(await trend.json()).toMatchObject({ years: 2 });
    // several at once, each over its own last N years with data; no data, no trend
    const many = await app.request(
      '/api/analytics/trends?indicator=homicide_rate,police_rate&orgUnit=HND&years=5',
    );
    expect(many.status).toBe(200);
    const { trends } = (await many.json()) as { trends: { indicator: string; from: string; to: string }[] };
    expect(trends.map((t) => t.indicator)).toEqual(['homicide_rate']);
    expect(trends[0]).toMatchObject({ from: '2009', to: '2013', years: 2, excluded: 3 });
    const same = await app.request(
      '/api/analytics/trend?indicator=homicide_rate&orgUnit=HND&from=2009&to=2013',
    );
    const single = (await same.json()) as { apc: number | null };
    expect((trends[0] as unknown as { apc: number | null }).apc).toBe(single.apc);
  });

  it('refuses unknown indicators, units and malformed periods with a clear message', async () => {
    for (const query of [
      'indicator=nope&orgUnit=HND&period=2012',
      'indicator=homicide_rate&orgUnit=XXX&period=2012',
      'indicator=homicide_rate&orgUnit=HND&period=2012-13',
      'indicator=homicide_rate&period=2012',
      'indicator=homicide_rate&orgUnit=HND',
    ]) {
      const res = await app.request(`/api/analytics?${query}`);
      expect(res.status, query).toBe(400);
    }
  });
});
