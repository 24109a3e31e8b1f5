/**
 * Aggregations of Callaway–Sant'Anna group-time effects ATT(g,t) into summary parameters, as R's
 * `did::aggte` / `did:::compute.aggte` (Callaway & Sant'Anna 2021, §3.3 and §4.2), with analytic
 * standard errors from the influence functions (`bstrap = FALSE`):
 *
 * - `simple`: the post-treatment ATT(g,t) averaged with weights P(G = g);
 * - `group`: per group, the mean of its post-treatment ATT(g,t); overall, their P(G = g)-weighted
 *   average;
 * - `dynamic` (event study): per event time e = t − g, the P(G = g)-weighted average of the cells
 *   with that e (`minE`, `maxE`, `balanceE` as R's `min_e`, `max_e`, `balance_e`); overall, the
 *   mean over e ≥ 0;
 * - `calendar`: per period t, the P(G = g)-weighted average of the groups treated by t; overall,
 *   the mean over periods.
 *
 * Where weights are estimated group shares the influence function carries R's extra term for
 * that estimation (`wif`: (1{G = g} − p_g)/Σp − Σ(1{G = g'} − p_g')·p_g/(Σp)²); each element's
 * standard error is √(mean(ψ²)/n). Intervals are pointwise normal; simultaneous bands need the
 * multiplier bootstrap and are not produced.
 */
import type { CallawaySantAnnaResult, GroupTimeEffect } from './callaway-santanna.ts';
import { DidInputError } from './did-input-error.ts';

export type AggregationType = 'simple' | 'group' | 'dynamic' | 'calendar';

export interface AggregationOptions {
  /** dynamic: shortest event time kept (R `min_e`); −∞ */
  readonly minE?: number;
  /** dynamic: longest event time kept, and for simple and group the longest exposure used (R `max_e`); +∞ */
  readonly maxE?: number;
  /** dynamic: keep only groups observed for at least this many periods after treatment (R `balance_e`) */
  readonly balanceE?: number;
  /** drop missing ATT(g,t) instead of failing (R `na.rm`); false */
  readonly dropMissing?: boolean;
}

export interface AggregateEstimate {
  /** NaN when not defined (e.g. a group with no post-treatment cell within maxE, as R's NA) */
  readonly att: number;
  /** null when the influence function is (numerically) zero or not defined */
  readonly se: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface AggregateElement extends AggregateEstimate {
  /** the group (group), event time (dynamic) or period (calendar) */
  readonly key: number;
}

export interface Aggregation {
  readonly type: AggregationType;
  readonly overall: AggregateEstimate;
  /** empty for `simple` */
  readonly elements: readonly AggregateElement[];
  readonly alpha: number;
  readonly criticalValue: number;
  readonly notes: readonly string[];
}

const ZERO_SE = Math.sqrt(2.220446049250313e-16) * 10;

interface Cells {
  readonly group: number[];
  readonly time: number[];
  readonly att: number[];
  readonly psi: Float64Array[];
}

function seOf(psi: Float64Array): number | null {
  const n = psi.length;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (psi[i] as number) ** 2;
  const se = Math.sqrt(ss / n / n);
  return Number.isFinite(se) && se > ZERO_SE ? se : null;
}

function estimate(att: number, psi: Float64Array, z: number): AggregateEstimate {
  const se = Number.isFinite(att) ? seOf(psi) : null;
  return { att, se, lower: se === null ? null : att - z * se, upper: se === null ? null : att + z * se };
}

/**
 * ψ = Σ_c w_c ψ_c + wif·att: the influence function of Σ_c w_c att_c where w_c = p_c / Σ p
 * (R's get_agg_inf_func), with the estimated-weights term when `weightIndicator` is given.
 */
function aggregateInfluence(
  psiCells: readonly Float64Array[],
  att: readonly number[],
  pg: readonly number[],
  n: number,
  weightIndicator?: (c: number, i: number) => boolean,
): Float64Array {
  const total = pg.reduce((a, b) => a + b, 0);
  const out = new Float64Array(n);
  psiCells.forEach((psi, c) => {
    const w = (pg[c] as number) / total;
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) + w * (psi[i] as number);
  });
  if (weightIndicator !== undefined) {
    // wif[i, c] = (1{i in c's group} − p_c)/Σp − [Σ_c' (1{i in c'} − p_c')]·p_c/(Σp)²
    let weighted = 0; // Σ_c p_c att_c / (Σp)²
    pg.forEach((p, c) => {
      weighted += (p * (att[c] as number)) / (total * total);
    });
    for (let i = 0; i < n; i++) {
      let numerator = 0;
      let deviationSum = 0;
      for (let c = 0; c < pg.length; c++) {
        const dev = (weightIndicator(c, i) ? 1 : 0) - (pg[c] as number);
        numerator += (dev / total) * (att[c] as number);
        deviationSum += dev;
      }
      out[i] = (out[i] as number) + numerator - deviationSum * weighted;
    }
  }
  return out;
}

function averageInfluence(psis: readonly Float64Array[], n: number): Float64Array {
  const out = new Float64Array(n);
  for (const psi of psis)
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (psi[i] as number) / psis.length;
  return out;
}

export function aggregateGroupTimeEffects(
  result: CallawaySantAnnaResult,
  type: AggregationType,
  options: AggregationOptions = {},
): Aggregation {
  const minE = options.minE ?? Number.NEGATIVE_INFINITY;
  const maxE = options.maxE ?? Number.POSITIVE_INFINITY;
  const n = result.unitCount;
  const z = result.criticalValue;
  const notes: string[] = [];

  const missing = result.effects.filter((e) => e.att === null);
  if (missing.length > 0 && options.dropMissing !== true) {
    const list = missing.map((e) => `ATT(${e.group}, ${e.time})`).join(', ');
    throw new DidInputError(`missing group-time effects: ${list}; set dropMissing to aggregate the others`);
  }
  if (missing.length > 0) notes.push(`${missing.length} missing group-time effects left out`);
  const cells: Cells = { group: [], time: [], att: [], psi: [] };
  result.effects.forEach((e: GroupTimeEffect, c) => {
    if (e.att === null) return;
    cells.group.push(e.group);
    cells.time.push(e.time);
    cells.att.push(e.att);
    cells.psi.push(result.influence[c] as Float64Array);
  });
  const nCells = cells.att.length;
  let groups = [...new Set(cells.group)].sort((a, b) => a - b);
  // in R's group aggregation with dropMissing, groups whose post cells are all missing are removed
  if (type === 'group' && options.dropMissing === true) {
    groups = groups.filter((g) => cells.group.some((gc, c) => gc === g && g <= (cells.time[c] as number)));
  }

  // P(G = g) over all units (the comparison-only units count in the denominator)
  const share = new Map<number, number>();
  for (const g of groups) {
    let count = 0;
    result.unitGroups.forEach((ug) => {
      if (ug === g) count++;
    });
    share.set(g, count / n);
  }
  const shareOf = (g: number): number => share.get(g) ?? 0;
  const cellIndicator = (which: readonly number[]) => (c: number, i: number) =>
    result.unitGroups[i] === cells.group[which[c] as number];

  const pick = (which: readonly number[]) => ({
    psi: which.map((c) => cells.psi[c] as Float64Array),
    att: which.map((c) => cells.att[c] as number),
    pg: which.map((c) => shareOf(cells.group[c] as number)),
  });

  const weightedMean = (which: readonly number[]): number => {
    const { att, pg } = pick(which);
    const total = pg.reduce((a, b) => a + b, 0);
    return att.reduce((s, a, c) => s + (a * (pg[c] as number)) / total, 0);
  };

  const range = (pred: (c: number) => boolean): number[] => {
    const out: number[] = [];
    for (let c = 0; c < nCells; c++) if (pred(c)) out.push(c);
    return out;
  };

  const base = { type, alpha: result.alpha, criticalValue: z, notes };

  if (type === 'simple') {
    const keep = range((c) => {
      const g = cells.group[c] as number;
      const t = cells.time[c] as number;
      return g <= t && t <= g + maxE;
    });
    if (keep.length === 0) throw new DidInputError('no post-treatment group-time effects to aggregate');
    const { psi, att, pg } = pick(keep);
    const overallPsi = aggregateInfluence(psi, att, pg, n, cellIndicator(keep));
    return { ...base, overall: estimate(weightedMean(keep), overallPsi, z), elements: [] };
  }

  if (type === 'group') {
    const perGroup = groups.map((g) => {
      const which = range((c) => {
        const t = cells.time[c] as number;
        return cells.group[c] === g && g <= t && t <= g + maxE;
      });
      if (which.length === 0) return { g, att: Number.NaN, psi: new Float64Array(n) };
      const { psi, att, pg } = pick(which);
      return {
        g,
        att: att.reduce((a, b) => a + b, 0) / att.length,
        psi: aggregateInfluence(psi, att, pg, n),
      };
    });
    const elements = perGroup.map((e) => ({ key: e.g, ...estimate(e.att, e.psi, z) }));
    const pgg = groups.map(shareOf);
    const totalP = pgg.reduce((a, b) => a + b, 0);
    const overallAtt = perGroup.reduce((s, e, j) => s + (e.att * (pgg[j] as number)) / totalP, 0);
    const indicator = (j: number, i: number): boolean => result.unitGroups[i] === groups[j];
    const overallPsi = aggregateInfluence(
      perGroup.map((e) => e.psi),
      perGroup.map((e) => e.att),
      pgg,
      n,
      indicator,
    );
    return { ...base, overall: estimate(overallAtt, overallPsi, z), elements };
  }

  if (type === 'dynamic') {
    const event = (c: number): number => (cells.time[c] as number) - (cells.group[c] as number);
    let included = (_c: number): boolean => true;
    let eventTimes = [...new Set(range(() => true).map(event))].sort((a, b) => a - b);
    if (options.balanceE !== undefined) {
      const balanceE = options.balanceE;
      const lastT = Math.max(...cells.time);
      const firstT = Math.min(...cells.time);
      included = (c) => lastT - (cells.group[c] as number) >= balanceE;
      eventTimes = [...new Set(range(included).map(event))]
        .sort((a, b) => a - b)
        .filter((e) => e <= balanceE && e >= balanceE - lastT + firstT);
    }
    eventTimes = eventTimes.filter((e) => e >= minE && e <= maxE);
    const perEvent = eventTimes.map((e) => {
      const which = range((c) => event(c) === e && included(c));
      const { psi, att, pg } = pick(which);
      return { e, att: weightedMean(which), psi: aggregateInfluence(psi, att, pg, n, cellIndicator(which)) };
    });
    const elements = perEvent.map((p) => ({ key: p.e, ...estimate(p.att, p.psi, z) }));
    const positive = perEvent.filter((p) => p.e >= 0);
    if (positive.length === 0) notes.push('no event time e ≥ 0: the overall effect is not defined');
    const overallAtt =
      positive.length === 0 ? Number.NaN : positive.reduce((s, p) => s + p.att, 0) / positive.length;
    const overallPsi = averageInfluence(
      positive.map((p) => p.psi),
      n,
    );
    return { ...base, overall: estimate(overallAtt, overallPsi, z), elements };
  }

  // calendar
  const minGroup = Math.min(...cells.group);
  const periods = [...new Set(cells.time)].sort((a, b) => a - b).filter((t) => t >= minGroup);
  const perPeriod = periods.map((t) => {
    const which = range((c) => cells.time[c] === t && (cells.group[c] as number) <= t);
    const { psi, att, pg } = pick(which);
    return { t, att: weightedMean(which), psi: aggregateInfluence(psi, att, pg, n, cellIndicator(which)) };
  });
  const elements = perPeriod.map((p) => ({ key: p.t, ...estimate(p.att, p.psi, z) }));
  const overallAtt = perPeriod.reduce((s, p) => s + p.att, 0) / perPeriod.length;
  const overallPsi = averageInfluence(
    perPeriod.map((p) => p.psi),
    n,
  );
  return { ...base, overall: estimate(overallAtt, overallPsi, z), elements };
}
