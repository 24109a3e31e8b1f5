import { describe, expect, it } from 'vitest';
import { compareSources, type SourcedValue } from './source-comparison.ts';

const v = (orgUnit: string, period: string, source: string, value: number): SourcedValue => ({
  orgUnit,
  period,
  disaggregation: '',
  source,
  value,
});

describe('compareSources', () => {
  it('compares every pair at a key, in the given order, with difference, ratio and a symmetric gap', () => {
    const pairs = compareSources(
      [
        v('MEX', '2020', 'health', 36_579),
        v('MEX', '2020', 'police', 34_523),
        v('MEX', '2020', 'forensic', 36_000),
      ],
      { order: ['police', 'forensic', 'health'] },
    );
    expect(pairs.map((p) => [p.first.source, p.second.source])).toEqual([
      ['police', 'forensic'],
      ['police', 'health'],
      ['forensic', 'health'],
    ]);
    const [policeHealth] = pairs.filter((p) => p.second.source === 'health' && p.first.source === 'police');
    expect(policeHealth!.difference).toBe(2056);
    expect(policeHealth!.ratio).toBeCloseTo(36_579 / 34_523, 12);
    expect(policeHealth!.gap).toBeCloseTo(2056 / 36_579, 12);
    expect(policeHealth!.disagree).toBe(false);
  });

  it('flags a gap over the tolerance, leaves single-source keys out, and survives zeros', () => {
    const pairs = compareSources(
      [
        v('GTM', '2019', 'police', 100),
        v('GTM', '2019', 'health', 125),
        v('HND', '2019', 'police', 7),
        v('SLV', '2019', 'police', 0),
        v('SLV', '2019', 'health', 0),
      ],
      { tolerance: 0.1 },
    );
    expect(pairs).toHaveLength(2);
    const gtm = pairs.find((p) => p.orgUnit === 'GTM')!;
    expect([gtm.first.source, gtm.disagree, gtm.gap]).toEqual(['health', true, 0.2]);
    const slv = pairs.find((p) => p.orgUnit === 'SLV')!;
    expect([slv.ratio, slv.gap, slv.disagree]).toEqual([null, 0, false]);
  });
});
