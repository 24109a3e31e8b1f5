import { describe, expect, it } from 'vitest';
import {
  callawaySantAnna,
  type CallawaySantAnnaOptions,
  type StaggeredPanelRow,
} from './callaway-santanna.ts';
import { DidInputError } from './did-input-error.ts';
import { simulateStaggeredPanel, type StaggeredSimulationOptions } from './staggered-panel-simulation.ts';

/** effects that grow with exposure and differ by group */
const effect = (g: number, t: number): number => 1 + 0.5 * (t - g) + 0.25 * (g - 3);

function design(seed: number, unitsPerGroup: number, extra: Partial<StaggeredSimulationOptions> = {}) {
  return simulateStaggeredPanel({
    seed,
    periods: 6,
    groups: [
      { firstTreated: 3, units: unitsPerGroup },
      { firstTreated: 4, units: unitsPerGroup },
      { firstTreated: 5, units: unitsPerGroup },
      { firstTreated: 0, units: unitsPerGroup },
    ],
    effect,
    ...extra,
  });
}

function withoutCovariates(rows: readonly StaggeredPanelRow[]): StaggeredPanelRow[] {
  return rows.map(({ covariates: _x, ...row }) => row);
}

describe('Callaway–Sant’Anna ATT(g,t) on a simulated staggered panel with known effects', () => {
  it('recovers every planted ATT(g,t), pre-treatment ones included (zero)', () => {
    const sim = design(1, 300);
    const result = callawaySantAnna(withoutCovariates(sim.rows));
    expect(result.groups).toEqual([3, 4, 5]);
    expect(result.effects).toHaveLength(15); // 3 groups × periods 2…6
    for (const e of result.effects) {
      const truth = sim.trueEffect(e.group, e.time);
      expect(e.att).not.toBeNull();
      expect(Math.abs((e.att as number) - truth), `ATT(${e.group},${e.time})`).toBeLessThan(
        4.5 * (e.se as number),
      );
      expect(e.baseTime).toBe(e.time >= e.group ? e.group - 1 : e.time - 1);
    }
    // the Wald pre-test over the 6 pre-treatment cells (its size is checked over replications below)
    expect(result.preTest?.df).toBe(6);
    expect(result.notes).toEqual([]);
  });

  it('95% intervals cover the truth in about 95% of 200 replications', () => {
    const reps = 200;
    const hits = new Map<string, number>();
    let pooled = 0;
    let total = 0;
    let preTestRejections = 0;
    for (let rep = 0; rep < reps; rep++) {
      const sim = design(100 + rep, 60);
      const result = callawaySantAnna(withoutCovariates(sim.rows));
      for (const e of result.effects) {
        const truth = sim.trueEffect(e.group, e.time);
        const hit = (e.lower as number) <= truth && truth <= (e.upper as number) ? 1 : 0;
        const key = `${e.group},${e.time}`;
        hits.set(key, (hits.get(key) ?? 0) + hit);
        pooled += hit;
        total++;
      }
      if ((result.preTest?.pValue as number) < 0.05) preTestRejections++;
    }
    expect(pooled / total).toBeGreaterThan(0.93);
    expect(pooled / total).toBeLessThan(0.97);
    for (const [key, h] of hits) {
      expect(h / reps, key).toBeGreaterThan(0.9);
      expect(h / reps, key).toBeLessThan(0.99);
    }
    // the Wald pre-test keeps (roughly) its size when parallel trends hold
    expect(preTestRejections / reps).toBeGreaterThan(0.01);
    expect(preTestRejections / reps).toBeLessThan(0.1);
  });

  it('with trends that differ by a covariate, the covariate-adjusted estimators recover the effects the plain one misses', () => {
    const sim = design(7, 400, { covariateShift: 1, covariateTrend: 0.5 });
    const plain = callawaySantAnna(withoutCovariates(sim.rows));
    // ignoring X, the post cell (3, 5) is off by θ·shift·(5 − 2) = 1.5
    const biased = plain.effects.find((e) => e.group === 3 && e.time === 5);
    expect(Math.abs((biased?.att as number) - (sim.trueEffect(3, 5) + 1.5))).toBeLessThan(
      4.5 * (biased?.se as number),
    );
    expect(plain.preTest?.pValue).toBeLessThan(1e-6);
    for (const method of ['dr', 'dr-improved', 'reg', 'ipw'] as const) {
      const adjusted = callawaySantAnna(sim.rows, { method });
      for (const e of adjusted.effects) {
        const truth = sim.trueEffect(e.group, e.time);
        expect(Math.abs((e.att as number) - truth), `${method} ATT(${e.group},${e.time})`).toBeLessThan(
          4.5 * (e.se as number),
        );
      }
      expect(adjusted.preTest?.pValue, method).toBeGreaterThan(0.001);
    }
  });

  it('doubly robust intervals with the covariate cover about 95% of the time', () => {
    const reps = 100;
    let hits = 0;
    let total = 0;
    for (let rep = 0; rep < reps; rep++) {
      const sim = design(500 + rep, 60, { covariateShift: 0.7, covariateTrend: 0.5 });
      for (const e of callawaySantAnna(sim.rows, { method: 'dr' }).effects) {
        const truth = sim.trueEffect(e.group, e.time);
        if ((e.lower as number) <= truth && truth <= (e.upper as number)) hits++;
        total++;
      }
    }
    expect(hits / total).toBeGreaterThan(0.92);
    expect(hits / total).toBeLessThan(0.975);
  });

  it('not-yet-treated comparison: later groups join the comparison until they are treated', () => {
    const sim = design(3, 200);
    const result = callawaySantAnna(withoutCovariates(sim.rows), { controlGroup: 'notyettreated' });
    const cell = (g: number, t: number) => result.effects.find((e) => e.group === g && e.time === t);
    expect(cell(3, 3)?.comparisonUnits).toBe(600); // never + groups 4 and 5
    expect(cell(3, 4)?.comparisonUnits).toBe(400); // never + group 5
    expect(cell(3, 6)?.comparisonUnits).toBe(200); // never only
    expect(cell(4, 2)?.comparisonUnits).toBe(600); // never + 3 and 5, pre-period 2
    for (const e of result.effects) {
      const truth = sim.trueEffect(e.group, e.time);
      expect(Math.abs((e.att as number) - truth)).toBeLessThan(4.5 * (e.se as number));
    }
  });

  it('universal base period: post effects as with the varying base, pre effects telescoped, g − 1 fixed at zero', () => {
    const rows = withoutCovariates(design(4, 100).rows);
    const varying = callawaySantAnna(rows);
    const universal = callawaySantAnna(rows, { basePeriod: 'universal' });
    expect(universal.effects).toHaveLength(18); // periods 1…6 for each group
    // not yet treated, universal base: group 5 in period 2 is compared over 2 → 4, so groups 3
    // and 4 (treated by 4) are not comparison units; only the never treated are
    const nyt = callawaySantAnna(rows, { basePeriod: 'universal', controlGroup: 'notyettreated' });
    expect(nyt.effects.find((e) => e.group === 5 && e.time === 2)?.comparisonUnits).toBe(100);
    expect(nyt.effects.find((e) => e.group === 3 && e.time === 1)?.comparisonUnits).toBe(300);
    const v = (g: number, t: number) => varying.effects.find((e) => e.group === g && e.time === t);
    for (const e of universal.effects) {
      if (e.post) {
        expect(e.att).toBeCloseTo(v(e.group, e.time)?.att as number, 12);
        expect(e.se).toBeCloseTo(v(e.group, e.time)?.se as number, 12);
      } else if (e.time === e.group - 1) {
        expect(e.att).toBe(0);
        expect(e.se).toBeNull();
      } else {
        // Y_t − Y_{g−1} = −Σ_{s=t+1}^{g−1} (Y_s − Y_{s−1})
        let sum = 0;
        for (let s = e.time + 1; s <= e.group - 1; s++) sum += v(e.group, s)?.att as number;
        expect(e.att).toBeCloseTo(-sum, 12);
        expect(e.baseTime).toBe(e.group - 1);
      }
    }
  });
});

describe('Callaway–Sant’Anna input checks', () => {
  const rows = withoutCovariates(design(9, 20).rows);

  it('an unbalanced panel is refused, naming the unit and the period missing', () => {
    const holed = rows.filter((r) => !(r.unit === 7 && r.time === 4));
    expect(() => callawaySantAnna(holed)).toThrow(DidInputError);
    expect(() => callawaySantAnna(holed)).toThrow(/not balanced: unit 7 has no row for time 4/);
    expect(() => callawaySantAnna([...rows, rows[5] as StaggeredPanelRow])).toThrow(
      /more than one row for the same unit and period: unit 1 at time 6/,
    );
  });

  it('no never-treated units: an error with the never-treated comparison, R’s fallback with not-yet-treated', () => {
    const treatedOnly = rows.filter((r) => r.firstTreated !== 0);
    expect(() => callawaySantAnna(treatedOnly)).toThrow(/no never-treated units.*'notyettreated'/);
    const nyt = callawaySantAnna(treatedOnly, { controlGroup: 'notyettreated' });
    expect(nyt.groups).toEqual([3, 4]);
    expect(nyt.periods).toEqual([1, 2, 3, 4]);
    expect(nyt.notes.join(' ')).toMatch(
      /group first treated in 5 serves only as comparison, and periods from 5 on are dropped/,
    );
  });

  it('a group treated in the first period is dropped with a note (as R does)', () => {
    const extra: StaggeredPanelRow[] = [];
    for (let u = 0; u < 4; u++) {
      for (let t = 1; t <= 6; t++)
        extra.push({ unit: `early-${u}`, time: t, outcome: t + u, firstTreated: 1 });
    }
    const result = callawaySantAnna([...extra, ...rows]); // the dropped units come first
    expect(result.groups).toEqual([3, 4, 5]);
    expect(result.unitCount).toBe(80);
    expect(result.notes.join(' ')).toMatch(
      /dropped 4 units already treated in the first period \(1\): 4 in group 1/,
    );
    // the estimates are those without the early units
    const plain = callawaySantAnna(rows);
    expect(result.effects.map((e) => e.att)).toEqual(plain.effects.map((e) => e.att));
  });

  it('units first treated after the last period count as never treated', () => {
    const late = rows.map((r) =>
      r.firstTreated === 0 && Number(r.unit) % 2 === 0 ? { ...r, firstTreated: 9 } : r,
    );
    const result = callawaySantAnna(late);
    expect(result.notes.join(' ')).toMatch(/count as never treated: 10 first treated in 9/);
    expect(result.effects.map((e) => e.att)).toEqual(callawaySantAnna(rows).effects.map((e) => e.att));
  });

  it('other refusals', () => {
    const changing = rows.map((r) => (r.unit === 3 && r.time === 2 ? { ...r, firstTreated: 4 } : r));
    expect(() => callawaySantAnna(changing)).toThrow(
      /unit 3: first treatment period changes over time \(3 and 4\)/,
    );
    const fewNever = rows.filter((r) => r.firstTreated !== 0 || Number(r.unit) <= 63);
    expect(() => callawaySantAnna(fewNever)).toThrow(/never-treated group has only 3 units/);
    expect(callawaySantAnna(fewNever, { controlGroup: 'notyettreated' }).notes.join(' ')).toMatch(
      /small groups/,
    );
    const options: CallawaySantAnnaOptions = { alpha: 1.5 };
    expect(() => callawaySantAnna(rows, options)).toThrow(/alpha/);
    expect(() => callawaySantAnna([])).toThrow(/no rows/);
  });

  it('a covariate without variation leaves the cells missing with a note saying why', () => {
    const constant = design(13, 20).rows.map((r) => ({ ...r, covariates: [5] }));
    for (const method of ['dr', 'reg', 'ipw', 'dr-improved'] as const) {
      const result = callawaySantAnna(constant, { method });
      expect(result.effects.every((e) => e.att === null)).toBe(true);
      expect(result.notes.join(' ')).toMatch(/singular/);
      expect(result.preTest).toBeNull();
    }
  });

  it('a cell without overlap comes back missing with a note, as R returns NA', () => {
    // group 5's covariate lies far above everybody else's: its propensity score is 1
    const separated = design(12, 30).rows.map((r) =>
      r.firstTreated === 5 ? { ...r, covariates: [100 + Number(r.unit) / 1000] } : r,
    );
    const result = callawaySantAnna(separated);
    const g5 = result.effects.filter((e) => e.group === 5);
    expect(g5.every((e) => e.att === null && e.se === null)).toBe(true);
    expect(result.notes.join(' ')).toMatch(/ATT\(5, 2\) not estimated: overlap condition violated/);
    expect(result.effects.filter((e) => e.group !== 5).every((e) => e.att !== null)).toBe(true);
  });
});
