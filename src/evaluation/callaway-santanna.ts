/**
 * Group-time average treatment effects ATT(g,t) for staggered adoption on a balanced panel —
 * Callaway & Sant'Anna (2021), "Difference-in-differences with multiple time periods",
 * J. Econometrics 225(2) — computed as R's `did::att_gt` (did 2.x, `panel = TRUE`,
 * `bstrap = FALSE`, no sampling weights, no anticipation):
 *
 * - groups g are the first treatment periods; units treated in the first period are dropped
 *   (with a note) and units first treated after the last period count as never treated;
 * - comparison units are the never-treated (`controlGroup: 'nevertreated'`, the default) or the
 *   never-treated plus those not yet treated in either compared period (`'notyettreated'`); with no
 *   never-treated units the latter uses the last-treated group as comparison only and drops the
 *   periods from its treatment on, as R does;
 * - `basePeriod: 'varying'` (the default) compares each pre-treatment period t with t − 1 and
 *   every post-treatment period with g − 1; `'universal'` compares every period with g − 1;
 * - each ATT(g,t) is a two-period estimator (./two-period-did-estimators.ts) on the treated group
 *   and its comparison units, covariates taken from the earlier of the two periods; the default
 *   `method: 'dr'` is `DRDID::drdid_panel`, which is what `att_gt(est_method = "dr")` calls
 *   (`'dr-improved'` is `DRDID::drdid_imp_panel`; `'reg'` and `'ipw'` as in R);
 * - standard errors are analytic, from the influence functions (n × #cells, each cell's
 *   function scaled by n/n₁ and zero for units outside the cell's sample): V = Ψ'Ψ/n,
 *   se = √(diag(V)/n), i.e. clustered by unit; intervals are pointwise normal. Simultaneous
 *   bands need the multiplier bootstrap and are not produced;
 * - the Wald pre-test of parallel trends is n·a'V⁻¹a over the pre-treatment cells, χ² with as many
 *   degrees of freedom as cells.
 *
 * Cells R would return as NA (no overlap: a preliminary logit fitted probability ≥ 0.999; a
 * singular comparison-group design) come back with `att: null` and a note. Aggregations
 * (simple, group, dynamic, calendar) are in ./did-aggregation.ts. Written by hand after R's
 * sources; no JavaScript implementation exists.
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { Matrix, solve } from 'ml-matrix';
import { toBalancedPanel, PanelError, type LongPanelRow, type UnitId } from './balanced-panel.ts';
import { DidInputError } from './did-input-error.ts';
import { crossProduct, design, reciprocalCondition } from './least-squares.ts';
import { logisticRegression, type LogisticFit } from './logistic-regression.ts';
import { twoPeriodDid, type TwoPeriodMethod } from './two-period-did-estimators.ts';

export interface StaggeredPanelRow extends LongPanelRow {
  /** first period in which the unit is treated; 0 or null for never treated */
  readonly firstTreated: number | null;
}

export type ControlGroup = 'nevertreated' | 'notyettreated';
export type BasePeriod = 'varying' | 'universal';

export interface CallawaySantAnnaOptions {
  readonly controlGroup?: ControlGroup;
  readonly method?: TwoPeriodMethod;
  readonly basePeriod?: BasePeriod;
  /** 1 − confidence level of the pointwise intervals; 0.05 */
  readonly alpha?: number;
}

export interface GroupTimeEffect {
  /** first treatment period of the group */
  readonly group: number;
  readonly time: number;
  /** the period compared with `time` */
  readonly baseTime: number;
  /** time ≥ group */
  readonly post: boolean;
  /** null where R returns NA (see notes) */
  readonly att: number | null;
  /** null where the influence function is (numerically) zero or the effect is missing */
  readonly se: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly treatedUnits: number;
  readonly comparisonUnits: number;
}

export interface ParallelTrendsPreTest {
  readonly statistic: number;
  readonly df: number;
  readonly pValue: number;
}

export interface CallawaySantAnnaResult {
  readonly effects: readonly GroupTimeEffect[];
  /** influence[c][i]: unit i's influence on effect c (zeros for a missing effect) */
  readonly influence: readonly Float64Array[];
  /** units used (after dropping those treated in the first period) */
  readonly unitCount: number;
  readonly units: readonly UnitId[];
  /** first treatment period of each used unit, 0 for never treated */
  readonly unitGroups: Float64Array;
  /** treated groups for which effects are computed, ascending */
  readonly groups: readonly number[];
  /** periods used, ascending */
  readonly periods: readonly number[];
  readonly preTest: ParallelTrendsPreTest | null;
  readonly alpha: number;
  /** the normal quantile 1 − α/2 */
  readonly criticalValue: number;
  readonly controlGroup: ControlGroup;
  readonly method: TwoPeriodMethod;
  readonly basePeriod: BasePeriod;
  readonly covariateCount: number;
  readonly notes: readonly string[];
}

const MACHINE_EPS = 2.220446049250313e-16;
const ZERO_SE = Math.sqrt(MACHINE_EPS) * 10;

function unitFirstTreatment(
  rows: readonly StaggeredPanelRow[],
  rowOf: Int32Array,
  units: readonly UnitId[],
  nT: number,
): Float64Array {
  const out = new Float64Array(units.length);
  for (let u = 0; u < units.length; u++) {
    let value: number | undefined;
    for (let t = 0; t < nT; t++) {
      const raw = (rows[rowOf[u * nT + t] as number] as StaggeredPanelRow).firstTreated;
      const g = raw === null || raw === 0 || raw === Number.POSITIVE_INFINITY ? 0 : raw;
      if (!Number.isFinite(g)) {
        throw new DidInputError(
          `unit ${String(units[u])}: first treatment period ${String(raw)} is not a number`,
        );
      }
      if (value === undefined) value = g;
      else if (value !== g) {
        throw new DidInputError(
          `unit ${String(units[u])}: first treatment period changes over time (${value} and ${g}); it must be one value per unit`,
        );
      }
    }
    out[u] = value ?? 0;
  }
  return out;
}

export function callawaySantAnna(
  rows: readonly StaggeredPanelRow[],
  options: CallawaySantAnnaOptions = {},
): CallawaySantAnnaResult {
  const controlGroup = options.controlGroup ?? 'nevertreated';
  const method = options.method ?? 'dr';
  const basePeriod = options.basePeriod ?? 'varying';
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new DidInputError(`alpha must be in (0, 1), got ${alpha}`);
  const notes: string[] = [];

  let panel;
  try {
    panel = toBalancedPanel(rows);
  } catch (e) {
    if (e instanceof PanelError) throw new DidInputError(e.message);
    throw e;
  }
  const allPeriods = panel.periods;
  const nTAll = allPeriods.length;
  const k = panel.covariateCount;
  const firstTreated = unitFirstTreatment(rows, panel.rowOf, panel.units, nTAll);
  const lastPeriod = allPeriods[nTAll - 1] as number;

  // units first treated after the last period are, for this panel, never treated
  const lateGroups = new Map<number, number>();
  firstTreated.forEach((g, u) => {
    if (g > lastPeriod) {
      lateGroups.set(g, (lateGroups.get(g) ?? 0) + 1);
      firstTreated[u] = 0;
    }
  });
  if (lateGroups.size > 0) {
    const parts = [...lateGroups].map(([g, c]) => `${c} first treated in ${g}`).join(', ');
    notes.push(`units first treated after the last period (${lastPeriod}) count as never treated: ${parts}`);
  }

  let groups = [...new Set(firstTreated)].filter((g) => g !== 0).sort((a, b) => a - b);
  let periodCols = allPeriods.map((_, i) => i);
  const hasNeverTreated = firstTreated.some((g) => g === 0);
  if (!hasNeverTreated) {
    if (controlGroup === 'nevertreated') {
      throw new DidInputError(
        "no never-treated units (first treatment 0 or null): the never-treated comparison group is empty; use controlGroup 'notyettreated'",
      );
    }
    const lastGroup = groups[groups.length - 1] as number;
    periodCols = periodCols.filter((i) => (allPeriods[i] as number) < lastGroup);
    groups = groups.filter((g) => g < lastGroup);
    notes.push(
      `no never-treated units: the group first treated in ${lastGroup} serves only as comparison, and periods from ${lastGroup} on are dropped`,
    );
  }
  const periods = periodCols.map((i) => allPeriods[i] as number);
  const nT = periods.length;
  if (nT < 2) throw new DidInputError(`at least two periods are needed, found ${nT}`);
  const firstPeriod = periods[0] as number;

  // units treated in the first period (or before) have no pre-treatment period: dropped, as R does
  const earlyGroups = new Map<number, number>();
  const kept: number[] = [];
  firstTreated.forEach((g, u) => {
    if (g !== 0 && g <= firstPeriod) earlyGroups.set(g, (earlyGroups.get(g) ?? 0) + 1);
    else kept.push(u);
  });
  if (earlyGroups.size > 0) {
    const total = [...earlyGroups.values()].reduce((a, b) => a + b, 0);
    const parts = [...earlyGroups].map(([g, c]) => `${c} in group ${g}`).join(', ');
    notes.push(`dropped ${total} units already treated in the first period (${firstPeriod}): ${parts}`);
  }
  groups = groups.filter((g) => g > firstPeriod);
  if (groups.length === 0) {
    throw new DidInputError(
      'no treated group with a pre-treatment period: first treatment must be a period after the first one (0 or null for never treated)',
    );
  }

  const n = kept.length;
  const unitGroups = Float64Array.from(kept, (u) => firstTreated[u] as number);
  const units = kept.map((u) => panel.units[u] as UnitId);

  // small groups (R warns below k + 5 units and stops when the never-treated group is that small)
  const sizes = new Map<number, number>();
  unitGroups.forEach((g) => sizes.set(g, (sizes.get(g) ?? 0) + 1));
  const small = [...sizes].filter(([, c]) => c < k + 5).sort((a, b) => a[0] - b[0]);
  if (small.length > 0) {
    if (controlGroup === 'nevertreated' && small.some(([g]) => g === 0)) {
      throw new DidInputError(
        `the never-treated group has only ${sizes.get(0)} units (fewer than ${k + 5}); use controlGroup 'notyettreated'`,
      );
    }
    notes.push(
      `small groups (fewer than ${k + 5} units): ${small.map(([g, c]) => `${g === 0 ? 'never treated' : g}: ${c}`).join(', ')}`,
    );
  }

  // u indexes the kept units; the panel arrays are indexed by all units
  const cellOf = (u: number, t: number): number => (kept[u] as number) * nTAll + (periodCols[t] as number);
  const y = (u: number, t: number): number => panel.outcome[cellOf(u, t)] as number;
  const covariate = (u: number, t: number, j: number): number =>
    panel.covariates[cellOf(u, t) * k + j] as number;

  const effects: GroupTimeEffect[] = [];
  const influence: Float64Array[] = [];
  const criticalValue = normalQuantile(1 - alpha / 2, 0, 1);

  const missing = (
    g: number,
    t: number,
    base: number,
    nTreated: number,
    nComparison: number,
    why: string,
  ): void => {
    notes.push(`ATT(${g}, ${periods[t]}) not estimated: ${why}`);
    effects.push({
      group: g,
      time: periods[t] as number,
      baseTime: periods[base] as number,
      post: g <= (periods[t] as number),
      att: null,
      se: null,
      lower: null,
      upper: null,
      treatedUnits: nTreated,
      comparisonUnits: nComparison,
    });
    influence.push(new Float64Array(n));
  };

  const tStart = basePeriod === 'varying' ? 1 : 0;
  for (const g of groups) {
    // last period before treatment (g − 1 when periods are consecutive)
    let lastPre = -1;
    for (let i = 0; i < nT; i++) if ((periods[i] as number) < g) lastPre = i;
    for (let t = tStart; t < nT; t++) {
      const current = periods[t] as number;
      const post = g <= current;
      const base = basePeriod === 'universal' || post ? lastPre : t - 1;
      if (basePeriod === 'universal' && base === t) {
        // the reference period itself: normalised to zero
        effects.push({
          group: g,
          time: current,
          baseTime: current,
          post: false,
          att: 0,
          se: null,
          lower: null,
          upper: null,
          treatedUnits: 0,
          comparisonUnits: 0,
        });
        influence.push(new Float64Array(n));
        continue;
      }
      // not yet treated = untreated in both compared periods (R: tlist[max(t, pret)])
      const horizon = Math.max(current, periods[base] as number);
      const sample: number[] = [];
      const treatedFlags: number[] = [];
      for (let u = 0; u < n; u++) {
        const gu = unitGroups[u] as number;
        const isTreated = gu === g;
        const isComparison = gu === 0 || (controlGroup === 'notyettreated' && gu > horizon && gu !== g);
        if (isTreated || isComparison) {
          sample.push(u);
          treatedFlags.push(isTreated ? 1 : 0);
        }
      }
      const n1 = sample.length;
      const nTreated = treatedFlags.reduce((a, b) => a + b, 0);
      const nComparison = n1 - nTreated;
      if (nTreated === 0 || nComparison === 0) {
        missing(
          g,
          t,
          base,
          nTreated,
          nComparison,
          nTreated === 0 ? 'no treated units' : 'no comparison units',
        );
        continue;
      }
      const covPeriod = Math.min(base, t);
      const x = design(n1, k + 1);
      const deltaY = new Float64Array(n1);
      for (let r = 0; r < n1; r++) {
        const u = sample[r] as number;
        deltaY[r] = y(u, t) - y(u, base);
        x.values[r * (k + 1)] = 1;
        for (let j = 0; j < k; j++) x.values[r * (k + 1) + 1 + j] = covariate(u, covPeriod, j);
      }
      const treated = Uint8Array.from(treatedFlags);

      let logit: LogisticFit | undefined;
      if (method === 'dr' || method === 'ipw' || method === 'dr-improved') {
        try {
          logit = logisticRegression(x, treated);
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          missing(g, t, base, nTreated, nComparison, `propensity score not estimable (${why})`);
          continue;
        }
        let maxScore = 0;
        for (const p of logit.fitted) maxScore = Math.max(maxScore, p);
        if (maxScore >= 0.999) {
          missing(
            g,
            t,
            base,
            nTreated,
            nComparison,
            `overlap condition violated (a propensity score ≥ 0.999)`,
          );
          continue;
        }
      }
      if (method !== 'ipw') {
        const xc = crossProduct(x, undefined, (i) => treated[i] === 0);
        if (reciprocalCondition(xc) < MACHINE_EPS) {
          missing(
            g,
            t,
            base,
            nTreated,
            nComparison,
            'not enough comparison units to run the outcome regression (their covariate matrix is singular: too few units, or a covariate without variation)',
          );
          continue;
        }
      }
      let estimate;
      try {
        estimate = twoPeriodDid(
          { deltaY, treated, covariates: x },
          method,
          logit === undefined ? {} : { logit },
        );
      } catch (e) {
        missing(g, t, base, nTreated, nComparison, e instanceof Error ? e.message : String(e));
        continue;
      }
      for (const note of estimate.notes) notes.push(`ATT(${g}, ${current}): ${note}`);
      const psi = new Float64Array(n);
      const scale = n / n1;
      let ss = 0;
      for (let r = 0; r < n1; r++) {
        const v = scale * (estimate.influence[r] as number);
        psi[sample[r] as number] = v;
        ss += v * v;
      }
      const seRaw = Math.sqrt(ss) / n;
      const se = seRaw <= ZERO_SE || !Number.isFinite(seRaw) ? null : seRaw;
      effects.push({
        group: g,
        time: current,
        baseTime: periods[base] as number,
        post,
        att: estimate.att,
        se,
        lower: se === null ? null : estimate.att - criticalValue * se,
        upper: se === null ? null : estimate.att + criticalValue * se,
        treatedUnits: nTreated,
        comparisonUnits: nComparison,
      });
      influence.push(psi);
    }
  }

  const preTest = parallelTrendsPreTest(effects, influence, n, notes);
  return {
    effects,
    influence,
    unitCount: n,
    units,
    unitGroups,
    groups,
    periods,
    preTest,
    alpha,
    criticalValue,
    controlGroup,
    method,
    basePeriod,
    covariateCount: k,
    notes,
  };
}

/** R's Wald pre-test: W = n·a'V⁻¹a over pre-treatment cells with a standard error. */
function parallelTrendsPreTest(
  effects: readonly GroupTimeEffect[],
  influence: readonly Float64Array[],
  n: number,
  notes: string[],
): ParallelTrendsPreTest | null {
  const pre: number[] = [];
  effects.forEach((e, c) => {
    if (e.group > e.time && e.se !== null && e.att !== null) pre.push(c);
  });
  if (pre.length === 0) {
    notes.push('no pre-treatment periods to test');
    return null;
  }
  const q = pre.length;
  const v = new Matrix(q, q);
  for (let a = 0; a < q; a++) {
    const pa = influence[pre[a] as number] as Float64Array;
    for (let b = a; b < q; b++) {
      const pb = influence[pre[b] as number] as Float64Array;
      let s = 0;
      for (let i = 0; i < n; i++) s += (pa[i] as number) * (pb[i] as number);
      v.set(a, b, s / n);
      v.set(b, a, s / n);
    }
  }
  if (reciprocalCondition(v) <= MACHINE_EPS) {
    notes.push(
      'pre-test of parallel trends not returned: singular covariance matrix of the pre-treatment effects',
    );
    return null;
  }
  const att = new Matrix(q, 1);
  pre.forEach((c, a) => att.set(a, 0, (effects[c] as GroupTimeEffect).att as number));
  const solved = solve(v, att);
  let statistic = 0;
  for (let a = 0; a < q; a++) statistic += att.get(a, 0) * solved.get(a, 0);
  statistic *= n;
  return { statistic, df: q, pValue: 1 - chisquareCdf(statistic, q) };
}
