/**
 * The quality checks over HTTP on a real store: a rule violation (more women prisoners than
 * prisoners) with both sides, a planted spike in a seasonal monthly series found with its expected
 * value, completeness with a missing month; the public checks published values only, `view=all`
 * is for readers of unpublished data within their scope.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../src/server/app.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import type { Store } from '../src/store/store.ts';
import { bearerFor, createUser } from './support/accounts.ts';
import { HEADER, importText } from './support/fixtures.ts';
import { createTestStore, describeStores } from './support/stores.ts';

const TOKEN = 'quality-admin-token-0123456789';

describeStores('quality API', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    // 60 months of seasonal counts for Costa Rica, one planted spike in 2021-07, 2021-11 missing
    const months: string[] = [];
    for (let m = 0; m < 60; m++) {
      const period = `${2019 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      if (period === '2021-11') continue;
      const seasonal = 50 + 10 * Math.sin((2 * Math.PI * m) / 12) + m * 0.3 + ((m * 7) % 5) - 2;
      const value = Math.round(period === '2021-07' ? seasonal * 3 : seasonal);
      months.push(`homicide_victims,CRI,${period},,police,${value}`);
    }
    await importText(
      store,
      [
        HEADER,
        ...months,
        'prisoners,PAN,2019,,ministry,24000',
        'prisoners,PAN,2019,sex=F,ministry,25000',
      ].join('\n'),
      { status: 'published' },
    );
    await importText(
      store,
      `${HEADER}\nprisoners,GTM,2019,,ministry,100\nprisoners,GTM,2019,sex=F,ministry,150\n`,
      {
        status: 'draft',
      },
    );
    app = createApp({ store, version: 'test', adminToken: TOKEN });
  });
  afterAll(async () => dispose());

  const json = async (path: string, headers: Record<string, string> = {}) => {
    const res = await app.request(path, { headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('finds the published violation with both sides, and not the draft one', async () => {
    const { status, body } = await json('/api/quality/rules?period=2019');
    expect(status).toBe(200);
    const violations = body['violations'] as {
      rule: string;
      orgUnit: string;
      leftValue: number;
      rightValue: number;
    }[];
    expect(violations.filter((v) => v.rule === 'women_prisoners_within_total')).toEqual([
      expect.objectContaining({ orgUnit: 'PAN', leftValue: 25000, rightValue: 24000 }),
    ]);
    const rules = body['rules'] as {
      code: string;
      name: { es: string };
      checked: number;
      violations: number;
    }[];
    const women = rules.find((r) => r.code === 'women_prisoners_within_total')!;
    expect(women.name.es).not.toBe('');
    expect([women.checked, women.violations]).toEqual([1, 1]);

    // a range of years gives the same as its one year, and a range must have both ends
    const range = await json('/api/quality/rules?from=2018&to=2019');
    expect(range.status).toBe(200);
    expect(range.body['violations']).toEqual(body['violations']);
    expect(range.body['cells']).toBe(body['cells']);
    expect((await json('/api/quality/rules?from=2019')).status).toBe(400);
    expect((await json('/api/quality/rules?from=2019&to=2020&period=2019')).status).toBe(400);
    expect((await json('/api/quality/rules?from=2020&to=2019')).status).toBe(400);
  });

  it('finds the planted spike with its expected value, and the missing month', async () => {
    const outliers = await json('/api/quality/outliers?element=homicide_victims&orgUnit=CRI');
    expect(outliers.status).toBe(200);
    const series = outliers.body['series'] as {
      periodType: string;
      outliers: { period: string; value: number; expected: number }[];
    }[];
    const monthly = series.find((s) => s.periodType === 'month')!;
    expect(monthly.outliers.map((o) => o.period)).toEqual(['2021-07']);
    expect(monthly.outliers[0]!.expected).toBeLessThan(monthly.outliers[0]!.value / 2);
    // the whole series comes with its expected values, for a chart
    const points = (monthly as unknown as { points: { period: string; value: number }[] }).points;
    expect(points).toHaveLength(59);
    expect(points.find((p) => p.period === '2021-07')).toEqual(monthly.outliers[0]);

    const completeness = await json(
      '/api/quality/completeness?element=homicide_victims&from=2019-01&to=2023-12&orgUnit=CRI',
    );
    expect(completeness.status).toBe(200);
    const [cri] = completeness.body['units'] as {
      orgUnit: string;
      expected: number;
      reported: number;
      missing: string[];
    }[];
    expect(cri).toMatchObject({ orgUnit: 'CRI', expected: 60, reported: 59, missing: ['2021-11'] });
  });

  it('view=all: refused to the public and outside a scope, granted to analysts and within a scope', async () => {
    expect((await json('/api/quality/rules?view=all')).status).toBe(403);
    const analyst = await createUser(store, `analyst-q-${dialect}@example.org`, [
      { role: 'analyst', scope: null },
    ]);
    const all = await json('/api/quality/rules?view=all&period=2019', await bearerFor(store, analyst.id));
    expect(all.status).toBe(200);
    const units = (all.body['violations'] as { rule: string; orgUnit: string }[])
      .filter((v) => v.rule === 'women_prisoners_within_total')
      .map((v) => v.orgUnit)
      .sort();
    expect(units).toEqual(['GTM', 'PAN']);
    const contributor = await createUser(store, `contributor-q-${dialect}@example.org`, [
      { role: 'contributor', scope: 'GTM' },
    ]);
    const headers = await bearerFor(store, contributor.id);
    expect((await json('/api/quality/rules?view=all', headers)).status).toBe(403);
    expect((await json('/api/quality/rules?view=all&orgUnit=PAN', headers)).status).toBe(403);
    expect((await json('/api/quality/rules?view=all&orgUnit=GTM', headers)).status).toBe(200);
    expect((await json('/api/quality/outliers?element=nope&orgUnit=CRI')).status).toBe(404);
  });
});
