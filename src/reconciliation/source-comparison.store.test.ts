/**
 * The comparison over a real store, on both dialects: a quarterly series against a monthly one in
 * a range of quarters (the months read although their codes do not sort between the quarters'),
 * a stock compared at the year from its December level, and only the statuses asked for.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { prepareStore } from '../setup/store-setup.ts';
import type { Store } from '../store/store.ts';
import { HEADER, importText } from '../../test/support/fixtures.ts';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import { sourceComparison } from './source-comparison.store.ts';

describeStores('source comparison store', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    const months = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];
    await importText(
      store,
      [
        HEADER,
        // arrests in Honduras: the ministry quarterly, the police monthly (10 a month)
        'arrests,HND,2021-Q1,,ministry,30',
        'arrests,HND,2021-Q2,,ministry,36',
        'arrests,HND,2021-Q3,,ministry,40',
        ...months.slice(0, 5).map((m) => `arrests,HND,2021-${m},,police,10`),
        // police officers (a stock, the level at the end of the period): monthly against yearly
        'police_officers,HND,2021,,ministry,18000',
        'police_officers,HND,2021-06,,police,17500',
        'police_officers,HND,2021-12,,police,18100',
      ].join('\n'),
      { status: 'published' },
    );
    // a draft month of the police: not read when only published values are asked for
    await importText(store, [HEADER, 'arrests,HND,2021-07,,police,12'].join('\n'), { status: 'draft' });
  });
  afterAll(async () => dispose());

  it('compares quarters with summed months in a range of quarters, and lists the incomplete quarter', async () => {
    const comparison = await sourceComparison(store.db, {
      element: 'arrests',
      orgUnits: ['HND'],
      from: '2021-Q1',
      to: '2021-Q4',
      statuses: ['published'],
    });
    expect(
      comparison.pairs.map((p) => [p.period, p.first.source, p.first.value, p.second.source, p.second.value]),
    ).toEqual([['2021-Q1', 'ministry', 30, 'police', 30]]);
    expect(comparison.pairs[0]!.second.obtained).toEqual({ method: 'sum', periodType: 'month', count: 3 });
    expect(comparison.notCompared).toMatchObject([
      { period: '2021-Q2', source: 'police', found: 2, expected: 3, missing: ['2021-06'] },
    ]);
  });

  it('reads the draft month only when drafts are asked for', async () => {
    const withDrafts = await sourceComparison(store.db, {
      element: 'arrests',
      orgUnits: ['HND'],
      from: '2021-Q1',
      to: '2021-Q4',
      statuses: ['published', 'draft'],
    });
    expect(withDrafts.notCompared.map((n) => [n.period, n.found])).toEqual([
      ['2021-Q2', 2],
      ['2021-Q3', 1],
    ]);
  });

  it('compares a stock at the year with the level of its last month', async () => {
    const comparison = await sourceComparison(store.db, {
      element: 'police_officers',
      orgUnits: ['HND'],
      from: '2021',
      to: '2021',
      statuses: ['published'],
    });
    expect(comparison.pairs).toHaveLength(1);
    expect(comparison.pairs[0]).toMatchObject({
      period: '2021',
      first: { source: 'ministry', value: 18000, obtained: { method: 'reported' } },
      second: { source: 'police', value: 18100, obtained: { method: 'last', periodType: 'month', count: 1 } },
      difference: 100,
      disagree: false,
    });
    expect(comparison.notCompared).toEqual([]);
  });
});
