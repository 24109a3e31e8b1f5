import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { streamRng } from '../demo/random.ts';
import { annualPercentChange } from './annual-percent-change.ts';
import { globalEmpiricalBayes, localEmpiricalBayes } from './empirical-bayes.ts';
import { comparePeers, median } from './peer-comparison.ts';
import { isSmallCount, poissonInterval, rateInterval } from './poisson-interval.ts';

describe('exact Poisson (Garwood) intervals', () => {
  it('gives the published table values', () => {
    // Exact 95% limits for a Poisson count (e.g. Ulm 1990, Am J Epidemiol 131:373; CDC WONDER).
    const table: [number, number, number][] = [
      [0, 0, 3.6889],
      [1, 0.0253, 5.5716],
      [5, 1.6235, 11.6683],
      [10, 4.7954, 18.3904],
      [20, 12.2165, 30.8884],
      [100, 81.364, 121.6268],
    ];
    for (const [k, lower, upper] of table) {
      const interval = poissonInterval(k);
      expect(interval.lower).toBeCloseTo(lower, 3);
      expect(interval.upper).toBeCloseTo(upper, 3);
    }
  });

  it('scales to a rate and refuses what is not a count', () => {
    const rate = rateInterval(10, 200_000, 100_000)!;
    expect(rate.lower).toBeCloseTo(2.3977, 3);
    expect(rate.upper).toBeCloseTo(9.1952, 3);
    expect(rateInterval(3, 0, 100_000)).toBeUndefined();
    expect(() => poissonInterval(2.5)).toThrow(RangeError);
    expect(() => poissonInterval(-1)).toThrow(RangeError);
    expect(isSmallCount(19)).toBe(true);
    expect(isSmallCount(20)).toBe(false);
  });

  it('covers 94–96% of simulated true rates', () => {
    const rng = streamRng(20240601, 'garwood-coverage');
    let covered = 0;
    const trials = 20_000;
    for (let i = 0; i < trials; i++) {
      const population = rng.uniform(50_000, 2_000_000);
      const trueRate = rng.uniform(1, 60); // per 100 000: the range of the Americas
      const k = rng.poisson((trueRate * population) / 100_000);
      const interval = rateInterval(k, population, 100_000)!;
      if (interval.lower <= trueRate && trueRate <= interval.upper) covered += 1;
    }
    const coverage = covered / trials;
    expect(coverage).toBeGreaterThanOrEqual(0.94);
    expect(coverage).toBeLessThanOrEqual(0.96);
  });
});

describe('empirical-Bayes smoothing (Marshall 1991)', () => {
  const areas = [
    { count: 0, exposure: 100 },
    { count: 10, exposure: 1000 },
    { count: 50, exposure: 10_000 },
    { count: 200, exposure: 20_000 },
    { count: 3, exposure: 50 },
  ];

  it('matches the method-of-moments estimator computed by hand', () => {
    // m = 263/31150; s² = Σn(r−m)²/Σn; A = s² − m/n̄ with n̄ = 31150/5; rate = m + A/(A + m/n)·(r − m)
    const expected = [0.0076641551, 0.0092277795, 0.0053084476, 0.0099269873, 0.0109360562];
    globalEmpiricalBayes(areas).forEach((rate, i) => expect(rate).toBeCloseTo(expected[i]!, 9));
  });

  it('shrinks each crude rate towards the mean, the smallest populations most', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ count: fc.nat(500), exposure: fc.integer({ min: 1, max: 100_000 }) }), {
          minLength: 2,
          maxLength: 30,
        }),
        (list) => {
          const mean = list.reduce((s, a) => s + a.count, 0) / list.reduce((s, a) => s + a.exposure, 0);
          const smoothed = globalEmpiricalBayes(list);
          list.forEach((a, i) => {
            const crude = a.count / a.exposure;
            const rate = smoothed[i]!;
            const tolerance = 1e-12 * Math.max(1, Math.abs(crude));
            expect(rate).toBeGreaterThanOrEqual(Math.min(crude, mean) - tolerance);
            expect(rate).toBeLessThanOrEqual(Math.max(crude, mean) + tolerance);
          });
        },
      ),
    );
  });

  it('smooths every area to the mean when the rates vary no more than chance', () => {
    const equal = [
      { count: 10, exposure: 1000 },
      { count: 10, exposure: 1000 },
      { count: 11, exposure: 1000 },
    ];
    const mean = 31 / 3000;
    for (const rate of globalEmpiricalBayes(equal)) expect(rate).toBeCloseTo(mean, 12);
  });

  it('uses each area and its neighbours only, for the local estimator', () => {
    const neighbours = [[1], [0], [3, 4], [2, 4], [2, 3]];
    const local = localEmpiricalBayes(areas, neighbours);
    const first = globalEmpiricalBayes([areas[0]!, areas[1]!]);
    expect(local[0]).toBeCloseTo(first[0]!, 12);
    const rest = globalEmpiricalBayes([areas[2]!, areas[3]!, areas[4]!]);
    expect(local[3]).toBeCloseTo(rest[1]!, 12);
    expect(globalEmpiricalBayes([{ count: 1, exposure: 0 }])).toEqual([undefined]);
  });
});

describe('annual percent change', () => {
  it('gives back an exact 5% yearly growth with a zero-width interval', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ year: 2000 + i, rate: 20 * 1.05 ** i }));
    const result = annualPercentChange(points)!;
    expect(result.apc).toBeCloseTo(5, 10);
    expect(result.lower).toBeCloseTo(5, 8);
    expect(result.upper).toBeCloseTo(5, 8);
    expect(result.n).toBe(10);
  });

  it('leaves out years with a zero rate and needs three years for an interval', () => {
    const result = annualPercentChange([
      { year: 2000, rate: 10 },
      { year: 2001, rate: 0 },
      { year: 2002, rate: 12 },
    ])!;
    expect(result).toMatchObject({ n: 2, excluded: 1, lower: undefined, upper: undefined });
    expect(result.apc).toBeCloseTo(100 * (Math.sqrt(1.2) - 1), 10);
    expect(annualPercentChange([{ year: 2000, rate: 1 }])).toBeUndefined();
  });

  it('covers the true APC in 95% of simulated series (log-normal noise)', () => {
    const rng = streamRng(20240601, 'apc-coverage');
    const trials = 4000;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const trueApc = rng.uniform(-10, 10);
      const slope = Math.log1p(trueApc / 100);
      const points = Array.from({ length: 12 }, (_, i) => ({
        year: 2010 + i,
        rate: 15 * Math.exp(slope * i + 0.1 * rng.normal()),
      }));
      const result = annualPercentChange(points)!;
      if (result.lower! <= trueApc && trueApc <= result.upper!) covered += 1;
    }
    expect(covered / trials).toBeGreaterThanOrEqual(0.935);
    expect(covered / trials).toBeLessThanOrEqual(0.965);
  });
});

describe('peer comparison', () => {
  it('ranks a unit among its peers and judges it by the desired direction', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
    const peers = [30, 10, 20, 20, 5];
    expect(comparePeers(10, peers, 'down')).toEqual({ median: 20, rank: 4, peers: 5, standing: 'better' });
    expect(comparePeers(30, peers, 'down')).toMatchObject({ rank: 1, standing: 'worse' });
    expect(comparePeers(20, peers, 'up')).toMatchObject({ rank: 2, standing: 'at median' });
    expect(comparePeers(30, peers, 'up')).toMatchObject({ standing: 'better' });
    expect(comparePeers(5, peers, 'neutral')).toMatchObject({ rank: 5, standing: 'neutral' });
    expect(comparePeers(undefined, peers, 'down')).toBeUndefined();
  });
});
