/**
 * Source reconciliation on a real store: the same homicide count from the police and the forensic
 * institute compared; a preferred-source rule set on Mexico chooses the figure analytics shows for
 * Mexico and its states (and says so in each row), not for a group; approvers only in their scope;
 * removing the rule restores the most complete source; each change is in the audit log.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listAudit } from '../src/access/audit-log.store.ts';
import { saveOrgUnits } from '../src/geography/geography.store.ts';
import { createApp } from '../src/server/app.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import type { Store } from '../src/store/store.ts';
import { bearerFor, createUser } from './support/accounts.ts';
import { HEADER, importText } from './support/fixtures.ts';
import { createTestStore, describeStores } from './support/stores.ts';

const TOKEN = 'reconciliation-admin-token-0123456789';
// 625 in all: 25% over the police's 500
const FORENSIC_PAN_2019 = [50, 48, 55, 52, 51, 49, 53, 54, 50, 52, 55, 56];
const pad = (n: number) => String(n).padStart(2, '0');
const admin = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

describeStores('source reconciliation', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await saveOrgUnits(store.db, [
      {
        code: 'MEX.09',
        parentCode: 'MEX',
        level: 'division',
        name: { en: 'CDMX', es: 'CDMX', pt: 'CDMX', fr: 'CDMX' },
        validFrom: null,
        validTo: null,
      },
    ]);
    await importText(
      store,
      [
        HEADER,
        'homicide_victims,MEX,2020,,police,34523',
        'homicide_victims,MEX,2020,,forensic,36579',
        'homicide_victims,MEX.09,2020,,police,1100',
        'homicide_victims,MEX.09,2020,,forensic,1500',
        'homicide_victims,GTM,2020,,police,3000',
        'homicide_victims,GTM,2020,,forensic,3100',
        // Panama: the police yearly, the forensic institute monthly (2019 complete, 2020 to July)
        'homicide_victims,PAN,2019,,police,500',
        ...FORENSIC_PAN_2019.map((value, m) => `homicide_victims,PAN,2019-${pad(m + 1)},,forensic,${value}`),
        'homicide_victims,PAN,2020,,police,480',
        ...FORENSIC_PAN_2019.slice(0, 7).map(
          (value, m) => `homicide_victims,PAN,2020-${pad(m + 1)},,forensic,${value}`,
        ),
        'population,MEX,2020,,census,126014024',
        'population,MEX.09,2020,,census,9209944',
        'population,GTM,2020,,census,16858333',
      ].join('\n'),
      { status: 'published' },
    );
    app = createApp({ store, version: 'test', adminToken: TOKEN });
  });
  afterAll(async () => dispose());

  const rate = async (orgUnit: string) => {
    const res = await app.request(`/api/analytics?indicator=homicide_rate&orgUnit=${orgUnit}&period=2020`);
    expect(res.status).toBe(200);
    const { rows } = (await res.json()) as {
      rows: { numerator: number; value: number; preferredSources?: Record<string, string> }[];
    };
    return rows[0]!;
  };

  it('compares the sources by difference and ratio, and flags a gap over the tolerance', async () => {
    const res = await app.request(
      '/api/sources/comparison?element=homicide_victims&orgUnit=MEX,MEX.09,GTM&from=2020&to=2020',
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      pairs: {
        orgUnit: string;
        first: { source: string; value: number };
        second: { source: string; value: number };
        difference: number;
        ratio: number;
        disagree: boolean;
      }[];
      preferences: { orgUnit: string; preference: unknown }[];
    };
    const byUnit = new Map(body.pairs.map((p) => [p.orgUnit, p]));
    expect(byUnit.get('MEX')).toMatchObject({ difference: expect.any(Number), disagree: false });
    expect(Math.abs(byUnit.get('MEX')!.difference)).toBe(2056);
    expect(byUnit.get('MEX.09')!.disagree).toBe(true); // 1 100 against 1 500: 27% apart
    expect(byUnit.get('GTM')!.disagree).toBe(false);
    expect(body.preferences.every((p) => p.preference === null)).toBe(true);
  });

  it('compares a monthly forensic series with a yearly police figure at the year, summed only when complete', async () => {
    const res = await app.request(
      '/api/sources/comparison?element=homicide_victims&orgUnit=PAN&from=2019&to=2020',
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      pairs: {
        period: string;
        first: { source: string; value: number; obtained: unknown };
        second: { source: string; value: number; obtained: unknown };
        difference: number;
        ratio: number;
        disagree: boolean;
      }[];
      notCompared: unknown[];
    };
    expect(body.pairs).toHaveLength(1);
    const [pair] = body.pairs;
    expect(pair).toMatchObject({
      period: '2019',
      first: { source: 'forensic', value: 625, obtained: { method: 'sum', periodType: 'month', count: 12 } },
      second: {
        source: 'police',
        value: 500,
        obtained: { method: 'reported', periodType: 'year', count: 1 },
      },
      difference: -125,
      disagree: true,
    });
    expect(pair!.ratio).toBeCloseTo(0.8, 12);
    expect(body.notCompared).toEqual([
      {
        orgUnit: 'PAN',
        period: '2020',
        disaggregation: '',
        source: 'forensic',
        periodType: 'month',
        reason: 'incomplete',
        found: 7,
        expected: 12,
        missing: ['2020-08', '2020-09', '2020-10', '2020-11', '2020-12'],
      },
    ]);
    // months asked for: the forensic months have no monthly partner; bad ranges are refused
    const monthly = (await (
      await app.request(
        '/api/sources/comparison?element=homicide_victims&orgUnit=PAN&from=2019-01&to=2019-12',
      )
    ).json()) as { pairs: unknown[]; notCompared: unknown[] };
    expect([monthly.pairs, monthly.notCompared]).toEqual([[], []]);
    for (const range of ['from=2019&to=2019-12', 'from=2019-13&to=2020-01']) {
      expect(
        (await app.request(`/api/sources/comparison?element=homicide_victims&orgUnit=PAN&${range}`)).status,
      ).toBe(400);
    }
  });

  it('a rule on Mexico chooses the forensic figure for Mexico and its states, says so, and is audited', async () => {
    const before = await rate('MEX');
    const put = await app.request('/api/sources/preferences', {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({
        orgUnit: 'MEX',
        element: 'homicide_victims',
        source: 'forensic',
        reason: 'INEGI death records are complete',
      }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ orgUnit: 'MEX', source: 'forensic', setBy: expect.any(String) });

    const mex = await rate('MEX');
    expect(mex.numerator).toBe(36579);
    expect(mex.preferredSources).toEqual({ homicide_victims: 'forensic' });
    expect(before.preferredSources).toBeUndefined();
    const cdmx = await rate('MEX.09');
    expect([cdmx.numerator, cdmx.preferredSources]).toEqual([1500, { homicide_victims: 'forensic' }]);
    // Guatemala has no rule: the default source, no field
    expect((await rate('GTM')).preferredSources).toBeUndefined();

    const comparison = (await (
      await app.request('/api/sources/comparison?element=homicide_victims&orgUnit=MEX.09')
    ).json()) as {
      pairs: { first: { source: string } }[];
      preferences: { preference: { orgUnit: string } | null }[];
    };
    expect(comparison.pairs[0]!.first.source).toBe('forensic');
    expect(comparison.preferences[0]!.preference).toMatchObject({ orgUnit: 'MEX' });

    const audit = await listAudit(store.db, { limit: 50 });
    expect(audit.some((e) => e.action === 'source.prefer' && e.target.includes('MEX'))).toBe(true);

    const removed = await app.request('/api/sources/preferences?orgUnit=MEX&element=homicide_victims', {
      method: 'DELETE',
      headers: admin,
    });
    expect(removed.status).toBe(200);
    expect((await rate('MEX')).numerator).toBe(before.numerator);
    expect(
      (
        await app.request('/api/sources/preferences?orgUnit=MEX&element=homicide_victims', {
          method: 'DELETE',
          headers: admin,
        })
      ).status,
    ).toBe(404);
  });

  it('approvers choose only in their scope; contributors and the public not at all; bad codes are 400', async () => {
    const body = JSON.stringify({
      orgUnit: 'MEX',
      element: 'homicide_victims',
      source: 'police',
      reason: 'x',
    });
    const approver = await createUser(store, `approver-gtm-${dialect}@example.org`, [
      { role: 'approver', scope: 'GTM' },
    ]);
    const approverHeaders = { ...(await bearerFor(store, approver.id)), 'content-type': 'application/json' };
    expect(
      (await app.request('/api/sources/preferences', { method: 'PUT', headers: approverHeaders, body }))
        .status,
    ).toBe(403);
    const own = await app.request('/api/sources/preferences', {
      method: 'PUT',
      headers: approverHeaders,
      body: JSON.stringify({
        orgUnit: 'GTM',
        element: 'homicide_victims',
        source: 'police',
        reason: 'PNC series is monthly',
      }),
    });
    expect(own.status).toBe(200);
    const contributor = await createUser(store, `contributor-mex-${dialect}@example.org`, [
      { role: 'contributor', scope: 'MEX' },
    ]);
    const contributorHeaders = {
      ...(await bearerFor(store, contributor.id)),
      'content-type': 'application/json',
    };
    expect(
      (await app.request('/api/sources/preferences', { method: 'PUT', headers: contributorHeaders, body }))
        .status,
    ).toBe(403);
    expect(
      (
        await app.request('/api/sources/preferences', {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body,
        })
      ).status,
    ).toBe(401);
    const bad = await app.request('/api/sources/preferences', {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({ orgUnit: 'MEX', element: 'homicide_victim', source: 'polize', reason: 'x' }),
    });
    expect(bad.status).toBe(400);
    const listed = (await (await app.request('/api/sources/preferences')).json()) as {
      preferences: { orgUnit: string }[];
    };
    expect(listed.preferences.map((p) => p.orgUnit)).toEqual(['GTM']);
  });
});
