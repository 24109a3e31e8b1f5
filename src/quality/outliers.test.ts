/**
 * The outlier method on series with a known answer: noiseless seasonal series with planted spikes
 * (exact), and seasonal, trending Poisson series simulated over many seeds, with spikes planted at
 * random months, to measure the detection and false-positive rates.
 */
import { describe, expect, it } from 'vitest';
import { poissonDraw, seededUniform, type UniformSource } from '../evaluation/seeded-poisson.ts';
import { detectOutliers, localTheilSen, median } from './outliers.ts';
import { seriesOutliers } from './series-outliers.ts';

const MONTHS = 120;

/** Monthly Poisson counts: `base` rising by 80% over ten years, ±30% seasonality. */
function simulate(uniform: UniformSource, base: number): { means: number[]; counts: number[] } {
  const means: number[] = [];
  const counts: number[] = [];
  for (let t = 0; t < MONTHS; t++) {
    const mean = base * (1 + (0.8 * t) / MONTHS) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12));
    means.push(mean);
    counts.push(poissonDraw(uniform, mean));
  }
  return { means, counts };
}

describe('helpers', () => {
  it('median and the local Theil–Sen line', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // a line is its own trend, even with one wild point in the window and at the ends
    const line = Array.from({ length: 30 }, (_, i) => 5 + 2 * i);
    line[10] = 500;
    const trend = localTheilSen(line, 6);
    expect(trend[10]).toBeCloseTo(25, 12);
    expect(trend[0]).toBeCloseTo(5, 12);
    expect(trend[29]).toBeCloseTo(63, 12);
  });
});

describe('detectOutliers on noiseless series', () => {
  it('recovers trend and seasonality exactly and finds the planted spike and dip', () => {
    const truth = Array.from({ length: 96 }, (_, t) => 100 + 0.5 * t + 10 * Math.sin((2 * Math.PI * t) / 12));
    const values: (number | null)[] = [...truth];
    values[40] = truth[40]! + 30;
    values[77] = truth[77]! - 25;
    values[5] = null; // a missing month is skipped
    const result = detectOutliers(values, { seasonLength: 12, transform: 'none' });
    expect(result.status).toBe('ok');
    expect(result.seasonal).toBe(true);
    expect(result.outliers.map((p) => p.index)).toEqual([40, 77]);
    expect(result.outliers[0]!.score).toBeGreaterThan(3.5);
    expect(result.outliers[1]!.score).toBeLessThan(-3.5);
    for (const p of result.points) expect(p.expected).toBeCloseTo(truth[p.index]!, 9);
    expect(result.points.some((p) => p.index === 5)).toBe(false);
  });

  it('flags a spike on a yearly series with a trend and no seasonality', () => {
    const values = Array.from({ length: 20 }, (_, t) => 50 + 3 * t);
    values[12] = 50 + 3 * 12 + 20;
    const result = detectOutliers(values, { seasonLength: 1, transform: 'none' });
    expect(result.seasonal).toBe(false);
    expect(result.outliers.map((p) => [p.index, p.expected])).toEqual([[12, 86]]);
  });

  it('a seasonal peak is not an outlier, though mean ± 3 SD of the raw values would judge nothing right', () => {
    // December doubles every year: a strong seasonal peak, regular
    const values: number[] = Array.from({ length: 72 }, (_, t) => (t % 12 === 11 ? 200 : 100));
    values[30] = 160; // a July at 160 is far off its own month's level
    expect(
      detectOutliers(values, { seasonLength: 12, transform: 'none' }).outliers.map((p) => p.index),
    ).toEqual([30]);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
    expect(values.map((v, i) => (Math.abs(v - mean) > 3 * sd ? i : -1)).filter((i) => i >= 0)).not.toContain(
      30,
    );
  });

  it('judges nothing on a series too short, and refuses bad options', () => {
    expect(detectOutliers([1, 2, null, 3, 4, 5], { seasonLength: 12 }).status).toBe('too_short');
    expect(() => detectOutliers([1, 2, 3], { seasonLength: 0 })).toThrow(RangeError);
    expect(() => detectOutliers([1, 2, 3], { seasonLength: 12, threshold: 0 })).toThrow(RangeError);
  });
});

describe('detectOutliers on simulated Poisson series (many seeds)', () => {
  const SEEDS = 200;

  it('flags few values of clean seasonal, trending series', () => {
    let flagged = 0;
    let judged = 0;
    let seriesWithAny = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { counts } = simulate(seededUniform(seed), 60);
      const result = detectOutliers(counts, { seasonLength: 12 });
      judged += result.points.length;
      flagged += result.outliers.length;
      if (result.outliers.length > 0) seriesWithAny += 1;
    }
    expect(judged).toBe(SEEDS * MONTHS);
    const rate = flagged / judged;
    console.info(
      `clean series: ${flagged} of ${judged} values flagged (${(rate * 100).toFixed(3)}%), ${seriesWithAny} of ${SEEDS} series with any`,
    );
    // measured 0.075% of values (17 of 200 series with any); a normal tail beyond 3.5 is 0.047%
    expect(rate).toBeLessThan(0.0025);
    expect(seriesWithAny / SEEDS).toBeLessThan(0.2);
  });

  it('finds spikes and dips planted at random months', () => {
    for (const [size, bound] of [
      [8, 0.97],
      [6, 0.85],
    ] as const) {
      let found = 0;
      let planted = 0;
      let falseFlags = 0;
      let others = 0;
      for (let seed = 1; seed <= SEEDS; seed++) {
        const uniform = seededUniform(10_000 + seed);
        const { means, counts } = simulate(uniform, 60);
        const months = new Set<number>();
        while (months.size < 3) months.add(Math.floor(uniform() * MONTHS));
        const [up1, up2, down] = [...months];
        for (const month of [up1!, up2!])
          counts[month] = Math.round(counts[month]! + size * Math.sqrt(means[month]!));
        counts[down!] = Math.max(0, Math.round(counts[down!]! - size * Math.sqrt(means[down!]!)));
        const result = detectOutliers(counts, { seasonLength: 12 });
        for (const month of months) {
          planted += 1;
          const point = result.points.find((p) => p.index === month)!;
          if (point.outlier) found += 1;
          if (month === down && point.outlier) expect(point.score).toBeLessThan(0);
        }
        for (const p of result.outliers) if (!months.has(p.index)) falseFlags += 1;
        others += MONTHS - months.size;
      }
      console.info(
        `spikes of ${size} SD: ${found} of ${planted} found (${((found / planted) * 100).toFixed(1)}%), ${falseFlags} other values flagged (${((falseFlags / others) * 100).toFixed(3)}%)`,
      );
      expect(found / planted).toBeGreaterThanOrEqual(bound);
      // measured 0.115%: the planted spikes do not drag their neighbours out
      expect(falseFlags / others).toBeLessThan(0.0025);
    }
  });
});

describe('seriesOutliers', () => {
  it('lays stored values on consecutive periods per type and names the outlying period', () => {
    const values: { period: string; value: number }[] = [];
    for (let year = 2015; year <= 2020; year++) {
      for (let month = 1; month <= 12; month++) {
        if (year === 2017 && month === 4) continue; // a gap
        values.push({ period: `${year}-${String(month).padStart(2, '0')}`, value: month === 12 ? 140 : 100 });
      }
      values.push({ period: String(year), value: 1240 });
    }
    values.find((v) => v.period === '2019-06')!.value = 190;
    const results = seriesOutliers(values, { valueType: 'count' });
    expect(results.map((r) => [r.periodType, r.from, r.to, r.observed, r.status])).toEqual([
      ['year', '2015', '2020', 6, 'too_short'],
      ['month', '2015-01', '2020-12', 71, 'ok'],
    ]);
    const monthly = results[1]!;
    expect(monthly.transform).toBe('anscombe');
    expect(monthly.outliers.map((o) => [o.period, o.value])).toEqual([['2019-06', 190]]);
    expect(monthly.outliers[0]!.expected).toBeCloseTo(100, 6);
    // every observed month is a point, in order, the outlier among them with the same figures
    expect(monthly.points).toHaveLength(71);
    expect(monthly.points.map((p) => p.period)).toEqual(
      values.filter((v) => v.period.length === 7).map((v) => v.period),
    );
    expect(monthly.points.find((p) => p.period === '2019-06')).toEqual(monthly.outliers[0]);
    expect(monthly.points.find((p) => p.period === '2018-12')!.expected).toBeCloseTo(140, 6);
    expect(results[0]!.points).toEqual([]);
  });
});
