/**
 * The approval summary over HTTP on a real store: counts by status for Mexico and its states,
 * the unit's own values for exactly the period and the values below it within the period (a
 * municipality's months under its state's year), the moves each caller may make, and the scope:
 * a caller outside it gets 403, the public 401.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { saveOrgUnits } from '../src/geography/geography.store.ts';
import { createApp } from '../src/server/app.ts';
import { prepareStore } from '../src/setup/store-setup.ts';
import type { Store } from '../src/store/store.ts';
import { bearerFor, createUser } from './support/accounts.ts';
import { HEADER, importText } from './support/fixtures.ts';
import { createTestStore, describeStores } from './support/stores.ts';

const UNIT = (code: string, parentCode: string, level: 'division' | 'municipality') => ({
  code,
  parentCode,
  level,
  name: { en: `${code} en`, es: `${code} es`, pt: `${code} pt`, fr: `${code} fr` },
  validFrom: null,
  validTo: null,
});

interface Counts {
  draft: number;
  submitted: number;
  approved: number;
  published: number;
}
interface Summary {
  orgUnit: string;
  periods: string[];
  rows: {
    orgUnit: string;
    level: string;
    hasChildren: boolean;
    may: { submit: boolean; approve: boolean };
    cells: { period: string; own: Counts; below: Counts }[];
  }[];
}

const c = (draft: number, submitted: number, approved: number, published: number): Counts => ({
  draft,
  submitted,
  approved,
  published,
});

describeStores('approval summary API', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;
  const as: Record<string, Record<string, string>> = { public: {} };

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    await saveOrgUnits(store.db, [
      UNIT('MEX.09', 'MEX', 'division'),
      UNIT('MEX.09015', 'MEX.09', 'municipality'),
      UNIT('MEX.09016', 'MEX.09', 'municipality'),
      UNIT('MEX.14', 'MEX', 'division'),
    ]);
    await importText(
      store,
      [
        HEADER,
        'homicide_victims,MEX,2019,,police,36000',
        'homicide_victims,MEX.09,2019,,police,1100',
        'homicide_victims,MEX.14,2019,,police,2100',
      ].join('\n'),
      { status: 'published' },
    );
    await importText(
      store,
      [
        HEADER,
        'homicide_victims,MEX,2020,,police,35000',
        'homicide_victims,MEX,2020,,forensic,35500',
        'homicide_victims,MEX,2020-01,,police,3000',
        'homicide_victims,MEX.09,2020,,police,1000',
        'homicide_victims,MEX.09015,2020-01,,police,9',
        'homicide_victims,MEX.09015,2020-02,,police,8',
        'homicide_victims,MEX.09016,2020,,police,40',
        'homicide_victims,MEX.09016,2021,,police,41',
      ].join('\n'),
      { status: 'draft' },
    );
    await importText(store, `${HEADER}\nhomicide_victims,MEX.14,2020,,police,2000\n`, {
      status: 'submitted',
    });
    app = createApp({ store, version: 'test' });
    const grants = {
      'contributor MEX': [{ role: 'contributor' as const, scope: 'MEX' }],
      'approver MEX.09': [{ role: 'approver' as const, scope: 'MEX.09' }],
      'contributor MEX.09': [{ role: 'contributor' as const, scope: 'MEX.09' }],
      'contributor COL': [{ role: 'contributor' as const, scope: 'COL' }],
      'firearms officer MEX': [{ role: 'firearms_officer' as const, scope: 'MEX' }],
      analyst: [{ role: 'analyst' as const, scope: null }],
    };
    let n = 0;
    for (const [who, g] of Object.entries(grants)) {
      const user = await createUser(store, `approval${++n}@example.org`, g);
      as[who] = await bearerFor(store, user.id);
    }
  });
  afterAll(async () => dispose());

  const get = async (query: string, who: string) => {
    const res = await app.request(`/api/approval/summary?${query}`, { headers: as[who]! });
    return { status: res.status, body: (await res.json()) as Summary & { error?: { message: string } } };
  };

  it('counts own values for exactly the period and the values below within it, by status', async () => {
    const { status, body } = await get('orgUnit=MEX&from=2019&to=2020', 'contributor MEX');
    expect(status).toBe(200);
    expect(body.periods).toEqual(['2019', '2020']);
    expect(body.rows.map((r) => [r.orgUnit, r.level, r.hasChildren])).toEqual([
      ['MEX', 'member_state', true],
      ['MEX.09', 'division', true],
      ['MEX.14', 'division', false],
    ]);
    const [mex, cdmx, jal] = body.rows;
    // MEX: two sources for 2020 (its 2020-01 month is not the 2020 cell's own); below it MEX.09's
    // year, MEX.09015's two months and MEX.09016's year (draft), MEX.14's year (submitted)
    expect(mex!.cells).toEqual([
      { period: '2019', own: c(0, 0, 0, 1), below: c(0, 0, 0, 2) },
      { period: '2020', own: c(2, 0, 0, 0), below: c(4, 1, 0, 0) },
    ]);
    // MEX.09: its own year; below it two months of MEX.09015 and MEX.09016's year (2021 is outside)
    expect(cdmx!.cells).toEqual([
      { period: '2019', own: c(0, 0, 0, 1), below: c(0, 0, 0, 0) },
      { period: '2020', own: c(1, 0, 0, 0), below: c(3, 0, 0, 0) },
    ]);
    expect(jal!.cells[1]).toEqual({ period: '2020', own: c(0, 1, 0, 0), below: c(0, 0, 0, 0) });
    expect(mex!.may).toEqual({ submit: true, approve: false });
  });

  it('answers months as columns, and drills into a state', async () => {
    const { body } = await get('orgUnit=MEX.09&from=2020-01&to=2020-03', 'contributor MEX');
    expect(body.rows.map((r) => r.orgUnit)).toEqual(['MEX.09', 'MEX.09015', 'MEX.09016']);
    expect(body.rows[0]!.cells.map((x) => x.below.draft)).toEqual([1, 1, 0]);
    expect(body.rows[1]!.cells.map((x) => x.own.draft)).toEqual([1, 1, 0]);
  });

  it('says which moves each caller may make on each row', async () => {
    const approver = await get('orgUnit=MEX.09&from=2020&to=2020', 'approver MEX.09');
    expect(approver.body.rows.map((r) => r.may)).toEqual([
      { submit: true, approve: true },
      { submit: true, approve: true },
      { submit: true, approve: true },
    ]);
    const analyst = await get('orgUnit=MEX&from=2020&to=2020', 'analyst');
    expect(analyst.status).toBe(200);
    expect(analyst.body.rows[0]!.may).toEqual({ submit: false, approve: false });
  });

  it('refuses callers outside the scope (403) and the public (401); checks its parameters', async () => {
    expect((await get('orgUnit=MEX&from=2020&to=2020', 'contributor MEX.09')).status).toBe(403);
    expect((await get('orgUnit=MEX&from=2020&to=2020', 'approver MEX.09')).status).toBe(403);
    expect((await get('orgUnit=MEX&from=2020&to=2020', 'contributor COL')).status).toBe(403);
    expect((await get('orgUnit=MEX&from=2020&to=2020', 'firearms officer MEX')).status).toBe(403);
    expect((await get('orgUnit=MEX&from=2020&to=2020', 'public')).status).toBe(401);
    const range = await get('orgUnit=MEX&from=1950&to=2020', 'contributor MEX');
    expect(range.status).toBe(400);
    expect(range.body.error?.message).toContain('at most 40');
    expect((await get('orgUnit=MEX&from=2020&to=2020-01', 'contributor MEX')).status).toBe(400);
    expect((await get('orgUnit=MEX&from=2020-13&to=2020', 'contributor MEX')).status).toBe(400);
    expect((await get('orgUnit=NOPE&from=2020&to=2020', 'analyst')).status).toBe(404);
  });
});
