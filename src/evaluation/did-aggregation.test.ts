import { describe, expect, it } from 'vitest';
import { callawaySantAnna, type StaggeredPanelRow } from './callaway-santanna.ts';
import { aggregateGroupTimeEffects, type AggregationType } from './did-aggregation.ts';
import { simulateStaggeredPanel } from './staggered-panel-simulation.ts';

const T = 6;
const GROUPS = [3, 4, 5];
const effect = (g: number, t: number): number => 1 + 0.5 * (t - g) + 0.25 * (g - 3);

function panel(seed: number, units: number): StaggeredPanelRow[] {
  return simulateStaggeredPanel({
    seed,
    periods: T,
    groups: [...GROUPS, 0].map((g) => ({ firstTreated: g, units })),
    effect,
  }).rows.map(({ covariates: _x, ...row }) => row);
}

/** the true aggregated effects of the design (equal group sizes: equal weights P(G = g)) */
function truth(type: AggregationType): { overall: number; elements: Map<number, number> } {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const post: [number, number][] = [];
  for (const g of GROUPS) for (let t = g; t <= T; t++) post.push([g, t]);
  const elements = new Map<number, number>();
  if (type === 'simple') return { overall: mean(post.map(([g, t]) => effect(g, t))), elements };
  if (type === 'group') {
    for (const g of GROUPS)
      elements.set(g, mean(post.filter(([h]) => h === g).map(([h, t]) => effect(h, t))));
    return { overall: mean([...elements.values()]), elements };
  }
  if (type === 'dynamic') {
    for (let e = 2 - Math.max(...GROUPS); e <= T - Math.min(...GROUPS); e++) {
      const cells = post.filter(([g, t]) => t - g === e);
      elements.set(e, e < 0 ? 0 : mean(cells.map(([g, t]) => effect(g, t))));
    }
    return { overall: mean([...elements].filter(([e]) => e >= 0).map(([, v]) => v)), elements };
  }
  for (let t = Math.min(...GROUPS); t <= T; t++) {
    elements.set(t, mean(post.filter(([, s]) => s === t).map(([g, s]) => effect(g, s))));
  }
  return { overall: mean([...elements.values()]), elements };
}

const TYPES: AggregationType[] = ['simple', 'group', 'dynamic', 'calendar'];

describe('aggregations of ATT(g,t) on a simulated panel with known effects', () => {
  it('recover the true simple, group, event-study and calendar effects', () => {
    const result = callawaySantAnna(panel(21, 300));
    for (const type of TYPES) {
      const agg = aggregateGroupTimeEffects(result, type);
      const known = truth(type);
      expect(Math.abs(agg.overall.att - known.overall), `${type} overall`).toBeLessThan(
        4.5 * (agg.overall.se as number),
      );
      expect(agg.elements.map((e) => e.key)).toEqual([...known.elements.keys()]);
      for (const el of agg.elements) {
        const target = known.elements.get(el.key) as number;
        expect(Math.abs(el.att - target), `${type} ${el.key}`).toBeLessThan(4.5 * (el.se as number));
      }
    }
  });

  it('their 95% intervals cover the truth in about 95% of 200 replications', () => {
    const reps = 200;
    const overall = new Map<AggregationType, number>();
    const elementHits = new Map<AggregationType, [number, number]>();
    for (let rep = 0; rep < reps; rep++) {
      const result = callawaySantAnna(panel(700 + rep, 60));
      for (const type of TYPES) {
        const agg = aggregateGroupTimeEffects(result, type);
        const known = truth(type);
        const covers = (e: { lower: number | null; upper: number | null }, v: number) =>
          (e.lower as number) <= v && v <= (e.upper as number) ? 1 : 0;
        overall.set(type, (overall.get(type) ?? 0) + covers(agg.overall, known.overall));
        const [h, n] = elementHits.get(type) ?? [0, 0];
        const hits = agg.elements.reduce((s, el) => s + covers(el, known.elements.get(el.key) as number), 0);
        elementHits.set(type, [h + hits, n + agg.elements.length]);
      }
    }
    for (const type of TYPES) {
      const rate = (overall.get(type) as number) / reps;
      expect(rate, `${type} overall`).toBeGreaterThan(0.9);
      expect(rate, `${type} overall`).toBeLessThan(0.99);
      if (type === 'simple') continue;
      const [h, n] = elementHits.get(type) as [number, number];
      expect(h / n, `${type} elements`).toBeGreaterThan(0.92);
      expect(h / n, `${type} elements`).toBeLessThan(0.98);
    }
  });

  it('minE / maxE trim event times and exposure as R does', () => {
    const result = callawaySantAnna(panel(22, 100));
    const dynamic = aggregateGroupTimeEffects(result, 'dynamic', { minE: -1, maxE: 1 });
    expect(dynamic.elements.map((e) => e.key)).toEqual([-1, 0, 1]);
    const onImpact = dynamic.elements.find((e) => e.key === 0);
    // simple with maxE = 0 averages exactly the e = 0 cells, with the same weights and influence function
    const simple = aggregateGroupTimeEffects(result, 'simple', { maxE: 0 }).overall;
    expect(simple.att).toBeCloseTo(onImpact?.att as number, 12);
    expect(simple.se).toBeCloseTo(onImpact?.se as number, 12);
    // group with maxE = 0: each group's effect on impact
    const group = aggregateGroupTimeEffects(result, 'group', { maxE: 0 });
    for (const el of group.elements) {
      const cell = result.effects.find((e) => e.group === el.key && e.time === el.key);
      expect(el.att).toBeCloseTo(cell?.att as number, 12);
      expect(el.se).toBeCloseTo(cell?.se as number, 12);
    }
  });

  it('balanceE keeps only groups observed long enough after treatment', () => {
    const result = callawaySantAnna(panel(23, 100));
    const balanced = aggregateGroupTimeEffects(result, 'dynamic', { balanceE: 2 });
    // groups 3 and 4 are seen 2+ periods after treatment (T = 6); event times −2 … 2
    expect(balanced.elements.map((e) => e.key)).toEqual([-2, -1, 0, 1, 2]);
    const cell = (g: number, t: number) =>
      result.effects.find((e) => e.group === g && e.time === t)?.att as number;
    expect(balanced.elements.find((e) => e.key === 0)?.att).toBeCloseTo((cell(3, 3) + cell(4, 4)) / 2, 12);
    expect(balanced.elements.find((e) => e.key === -2)?.att).toBeCloseTo(cell(4, 2), 12);
  });

  it('missing ATT(g,t) stop the aggregation unless dropMissing is set', () => {
    const rows = simulateStaggeredPanel({
      seed: 24,
      periods: T,
      groups: [...GROUPS, 0].map((g) => ({ firstTreated: g, units: 40 })),
      effect,
    }).rows.map((r) => (r.firstTreated === 5 ? { ...r, covariates: [100 + Number(r.unit) / 1000] } : r));
    const result = callawaySantAnna(rows);
    expect(() => aggregateGroupTimeEffects(result, 'simple')).toThrow(
      /missing group-time effects: ATT\(5, 2\)/,
    );
    const agg = aggregateGroupTimeEffects(result, 'group', { dropMissing: true });
    expect(agg.elements.map((e) => e.key)).toEqual([3, 4]);
    expect(agg.notes.join(' ')).toMatch(/5 missing group-time effects left out/);
  });
});
