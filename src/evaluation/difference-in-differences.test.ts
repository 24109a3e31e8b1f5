import { describe, expect, it } from 'vitest';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { callawaySantAnna } from './callaway-santanna.ts';
import { differenceInDifferences, type DidObservation } from './difference-in-differences.ts';
import { seededNormal } from './staggered-panel-simulation.ts';

/** Two treated (A, B) and two control (C, D) units before and after. */
const TINY: DidObservation[] = [
  { unit: 'A', time: 1, outcome: 10, treated: true, post: false },
  { unit: 'A', time: 2, outcome: 15, treated: true, post: true },
  { unit: 'B', time: 1, outcome: 12, treated: true, post: false },
  { unit: 'B', time: 2, outcome: 19, treated: true, post: true },
  { unit: 'C', time: 1, outcome: 8, treated: false, post: false },
  { unit: 'C', time: 2, outcome: 10, treated: false, post: true },
  { unit: 'D', time: 1, outcome: 9, treated: false, post: false },
  { unit: 'D', time: 2, outcome: 13, treated: false, post: true },
];

describe('2×2 difference-in-differences', () => {
  it('reproduces the hand computation on a four-unit panel', () => {
    const r = differenceInDifferences(TINY);
    // means: treated 11 → 17, control 8.5 → 11.5; DiD = 6 − 3 = 3
    expect(r.means).toEqual({ treatedPre: 11, treatedPost: 17, controlPre: 8.5, controlPost: 11.5 });
    expect(r.estimate).toBeCloseTo(3, 12);
    // unit changes 5, 7 | 2, 4 → CR0 variance (1+1)/2² + (1+1)/2² = 1;
    // CR1 = CR0 · G/(G−1) · (N−1)/(N−K) = 4/3 · 7/4 = 7/3
    expect(r.se).toBeCloseTo(Math.sqrt(7 / 3), 12);
    expect(r.df).toBe(3);
    const q = tQuantile(0.975, 3);
    expect(q).toBeCloseTo(3.182446305284263, 10);
    expect(r.lower).toBeCloseTo(3 - q * Math.sqrt(7 / 3), 12);
    expect(r.upper).toBeCloseTo(3 + q * Math.sqrt(7 / 3), 12);
    expect(r.treatedUnits).toBe(2);
    expect(r.controlUnits).toBe(2);
    expect(r.preTrend).toBeNull();
    expect(r.notes.join(' ')).toMatch(/two pre-intervention periods/);
  });

  it('equals the Callaway–Sant’Anna ATT on two periods; the standard errors differ only by the CR1 factor', () => {
    const normal = seededNormal(3);
    const rows: DidObservation[] = [];
    for (let u = 0; u < 40; u++) {
      const treated = u < 15;
      const level = normal();
      rows.push({ unit: u, time: 1, outcome: level + normal(), treated, post: false });
      rows.push({ unit: u, time: 2, outcome: level + 1 + (treated ? 2 : 0) + normal(), treated, post: true });
    }
    const did = differenceInDifferences(rows);
    const cs = callawaySantAnna(
      rows.map((r) => ({ unit: r.unit, time: r.time, outcome: r.outcome, firstTreated: r.treated ? 2 : 0 })),
    );
    const effect = cs.effects[0];
    expect(cs.effects).toHaveLength(1);
    expect(effect?.att).toBeCloseTo(did.estimate, 12);
    const cr1 = Math.sqrt((40 / 39) * (79 / 76));
    expect((effect?.se as number) * cr1).toBeCloseTo(did.se, 12);
  });

  it('pre-trend check: the difference in pre-period slopes, unit intercepts notwithstanding', () => {
    const normal = seededNormal(5);
    const rows: DidObservation[] = [];
    for (let u = 0; u < 30; u++) {
      const treated = u % 2 === 0;
      const level = 3 * normal();
      for (let t = 1; t <= 5; t++) {
        const slope = treated ? 2 : 1;
        rows.push({
          unit: u,
          time: t,
          outcome: level + slope * t + (t >= 4 && treated ? 5 : 0),
          treated,
          post: t >= 4,
        });
      }
    }
    const r = differenceInDifferences(rows);
    expect(r.preTrend?.prePeriods).toEqual([1, 2, 3]);
    expect(r.preTrend?.slopeDifference).toBeCloseTo(1, 10);
    // no noise around the unit lines: the slope difference is exact
    expect(r.preTrend?.se).toBeLessThan(1e-8);
  });

  it('unit-clustered intervals cover the truth about 95% of the time with serially correlated errors', () => {
    const normal = seededNormal(2024);
    const reps = 200;
    let covered = 0;
    let preCovered = 0;
    for (let rep = 0; rep < reps; rep++) {
      const rows: DidObservation[] = [];
      for (let u = 0; u < 40; u++) {
        const treated = u < 20;
        const level = normal();
        let e = normal();
        for (let t = 1; t <= 6; t++) {
          e = 0.7 * e + Math.sqrt(1 - 0.49) * normal(); // AR(1) within the unit
          const outcome = level + 0.4 * t + (treated && t >= 4 ? 1.5 : 0) + e;
          rows.push({ unit: u, time: t, outcome, treated, post: t >= 4 });
        }
      }
      const r = differenceInDifferences(rows);
      if (r.lower <= 1.5 && 1.5 <= r.upper) covered++;
      const pre = r.preTrend;
      if (pre !== null && pre.lower <= 0 && 0 <= pre.upper) preCovered++;
    }
    expect(covered / reps).toBeGreaterThan(0.9);
    expect(covered / reps).toBeLessThan(0.99);
    expect(preCovered / reps).toBeGreaterThan(0.9);
    expect(preCovered / reps).toBeLessThan(0.99);
  });

  it('refuses inconsistent input with a message naming the culprit', () => {
    const flip = TINY.map((r) => (r.unit === 'B' && r.time === 2 ? { ...r, treated: false } : r));
    expect(() => differenceInDifferences(flip)).toThrow(/unit B is marked both treated and untreated/);
    const post = TINY.map((r) => (r.unit === 'C' && r.time === 1 ? { ...r, post: true } : r));
    expect(() => differenceInDifferences(post)).toThrow(/time 1 is marked both before and after/);
    expect(() => differenceInDifferences([...TINY, TINY[0] as DidObservation])).toThrow(
      /more than one row for unit A at time 1/,
    );
    expect(() => differenceInDifferences(TINY.filter((r) => r.treated))).toThrow(
      /no observations of control units/,
    );
    const nan = TINY.map((r, i) => (i === 3 ? { ...r, outcome: Number.NaN } : r));
    expect(() => differenceInDifferences(nan)).toThrow(/unit B, time 2: the outcome is not a finite number/);
  });

  it('notes an unbalanced panel and still estimates from the cell means', () => {
    const r = differenceInDifferences(TINY.filter((row) => !(row.unit === 'D' && row.time === 2)));
    expect(r.notes.join(' ')).toMatch(/unbalanced panel/);
    // control post mean is now C's 10: (17 − 11) − (10 − 8.5)
    expect(r.estimate).toBeCloseTo(4.5, 12);
  });
});
