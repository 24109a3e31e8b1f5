/**
 * The canonical 2×2 difference-in-differences on a panel (Card & Krueger 1994; Angrist &
 * Pischke 2009, ch. 5): units are treated or not, periods are before or after the intervention,
 * and the estimate is
 *
 *   (ȳ treated,post − ȳ treated,pre) − (ȳ control,post − ȳ control,pre),
 *
 * obtained as the interaction coefficient of the saturated regression y = a + b·T + c·Post +
 * d·T·Post, whose standard error is clustered by unit (CR1, t with G − 1 degrees of freedom;
 * ./cluster-robust-ols.ts), so serial correlation within a unit is allowed for (Bertrand, Duflo &
 * Mullainathan 2004). Several pre and post periods may be given; each cell mean pools its
 * observations.
 *
 * With two or more pre-treatment periods a pre-trend check is reported: the difference between
 * the treated and control groups' linear time slopes before the intervention (the T·time
 * coefficient of y = a + b·T + c·time + e·T·time on the pre-period rows), with the same
 * unit-clustered standard error — under parallel trends it is zero. A check of this kind can fail
 * to detect violations it has little power against (Roth 2022); it does not validate the design.
 *
 * For staggered adoption use ./callaway-santanna.ts instead: the single T·Post coefficient of a
 * two-way fixed-effects regression is not an average treatment effect there (Goodman-Bacon 2021).
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { UnitId } from './balanced-panel.ts';
import { clusterRobustOls } from './cluster-robust-ols.ts';
import { DidInputError } from './did-input-error.ts';
import { design } from './least-squares.ts';

export interface DidObservation {
  readonly unit: UnitId;
  readonly time: number;
  readonly outcome: number;
  /** the unit belongs to the treated group (one value per unit) */
  readonly treated: boolean;
  /** the period is after the intervention (one value per period) */
  readonly post: boolean;
}

export interface DidOptions {
  /** 1 − confidence level; 0.05 */
  readonly alpha?: number;
}

export interface DidCellMeans {
  readonly treatedPre: number;
  readonly treatedPost: number;
  readonly controlPre: number;
  readonly controlPost: number;
}

export interface CoefficientTest {
  readonly estimate: number;
  readonly se: number;
  readonly lower: number;
  readonly upper: number;
  readonly tStatistic: number;
  /** two-sided, Student's t with `df` degrees of freedom */
  readonly pValue: number;
  readonly df: number;
}

export interface PreTrendCheck extends CoefficientTest {
  /** treated minus control slope per unit of time before the intervention (= estimate) */
  readonly slopeDifference: number;
  readonly prePeriods: readonly number[];
}

export interface TwoByTwoDid extends CoefficientTest {
  readonly alpha: number;
  readonly means: DidCellMeans;
  readonly treatedUnits: number;
  readonly controlUnits: number;
  readonly observations: number;
  readonly preTrend: PreTrendCheck | null;
  readonly notes: readonly string[];
}

function test(estimate: number, se: number, df: number, alpha: number): CoefficientTest {
  const q = tQuantile(1 - alpha / 2, df);
  const tStatistic = estimate / se;
  const pValue = se > 0 ? 2 * (1 - tCdf(Math.abs(tStatistic), df)) : Number.NaN;
  return { estimate, se, lower: estimate - q * se, upper: estimate + q * se, tStatistic, pValue, df };
}

export function differenceInDifferences(
  rows: readonly DidObservation[],
  options: DidOptions = {},
): TwoByTwoDid {
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new DidInputError(`alpha must be in (0, 1), got ${alpha}`);
  if (rows.length === 0) throw new DidInputError('no observations');
  const notes: string[] = [];

  const unitIndex = new Map<UnitId, number>();
  const unitTreated: boolean[] = [];
  const periodPost = new Map<number, boolean>();
  const seen = new Set<string>();
  for (const row of rows) {
    if (!Number.isFinite(row.time))
      throw new DidInputError(`unit ${String(row.unit)}: time is not a finite number`);
    if (!Number.isFinite(row.outcome)) {
      throw new DidInputError(
        `unit ${String(row.unit)}, time ${row.time}: the outcome is not a finite number`,
      );
    }
    const key = `${typeof row.unit}:${String(row.unit)}@${row.time}`;
    if (seen.has(key))
      throw new DidInputError(`more than one row for unit ${String(row.unit)} at time ${row.time}`);
    seen.add(key);
    const u = unitIndex.get(row.unit);
    if (u === undefined) {
      unitIndex.set(row.unit, unitTreated.length);
      unitTreated.push(row.treated);
    } else if (unitTreated[u] !== row.treated) {
      throw new DidInputError(
        `unit ${String(row.unit)} is marked both treated and untreated; treatment is one value per unit`,
      );
    }
    const post = periodPost.get(row.time);
    if (post === undefined) periodPost.set(row.time, row.post);
    else if (post !== row.post) {
      throw new DidInputError(
        `time ${row.time} is marked both before and after the intervention; post is one value per period`,
      );
    }
  }

  const sums = [0, 0, 0, 0]; // treatedPre, treatedPost, controlPre, controlPost
  const counts = [0, 0, 0, 0];
  for (const row of rows) {
    const cell = (row.treated ? 0 : 2) + (row.post ? 1 : 0);
    sums[cell] = (sums[cell] as number) + row.outcome;
    counts[cell] = (counts[cell] as number) + 1;
  }
  const names = [
    'treated units before',
    'treated units after',
    'control units before',
    'control units after',
  ];
  counts.forEach((c, i) => {
    if (c === 0) throw new DidInputError(`no observations of ${names[i]} the intervention`);
  });
  const cellMean = (i: number): number => (sums[i] as number) / (counts[i] as number);
  const means: DidCellMeans = {
    treatedPre: cellMean(0),
    treatedPost: cellMean(1),
    controlPre: cellMean(2),
    controlPost: cellMean(3),
  };
  const treatedUnits = unitTreated.filter(Boolean).length;
  const controlUnits = unitTreated.length - treatedUnits;
  const periods = [...periodPost.keys()].sort((a, b) => a - b);
  if (rows.length !== unitTreated.length * periods.length) {
    notes.push(
      `unbalanced panel: ${rows.length} observations for ${unitTreated.length} units × ${periods.length} periods`,
    );
  }

  // saturated regression y = a + b·T + c·Post + d·T·Post, clustered by unit
  const n = rows.length;
  const x = design(n, 4);
  const y = new Float64Array(n);
  const cluster = new Int32Array(n);
  rows.forEach((row, i) => {
    const t = row.treated ? 1 : 0;
    const p = row.post ? 1 : 0;
    x.values.set([1, t, p, t * p], i * 4);
    y[i] = row.outcome;
    cluster[i] = unitIndex.get(row.unit) as number;
  });
  const fit = clusterRobustOls(x, y, cluster);
  const main = test(fit.coefficients[3] as number, fit.standardErrors[3] as number, fit.df, alpha);

  return {
    ...main,
    alpha,
    means,
    treatedUnits,
    controlUnits,
    observations: n,
    preTrend: preTrendCheck(rows, periods, periodPost, alpha, notes),
    notes,
  };
}

function preTrendCheck(
  rows: readonly DidObservation[],
  periods: readonly number[],
  periodPost: ReadonlyMap<number, boolean>,
  alpha: number,
  notes: string[],
): PreTrendCheck | null {
  const prePeriods = periods.filter((t) => periodPost.get(t) === false);
  if (prePeriods.length < 2) {
    notes.push('pre-trend check needs at least two pre-intervention periods');
    return null;
  }
  const pre = rows.filter((r) => !r.post);
  const centre = prePeriods.reduce((a, b) => a + b, 0) / prePeriods.length;
  const x = design(pre.length, 4);
  const y = new Float64Array(pre.length);
  const cluster = new Int32Array(pre.length);
  const clusterOf = new Map<UnitId, number>();
  pre.forEach((row, i) => {
    const t = row.treated ? 1 : 0;
    const time = row.time - centre;
    x.values.set([1, t, time, t * time], i * 4);
    y[i] = row.outcome;
    let c = clusterOf.get(row.unit);
    if (c === undefined) {
      c = clusterOf.size;
      clusterOf.set(row.unit, c);
    }
    cluster[i] = c;
  });
  try {
    const fit = clusterRobustOls(x, y, cluster);
    const slopeDifference = fit.coefficients[3] as number;
    return {
      ...test(slopeDifference, fit.standardErrors[3] as number, fit.df, alpha),
      slopeDifference,
      prePeriods,
    };
  } catch (e) {
    notes.push(
      `pre-trend check not possible: ${e instanceof Error ? e.message : String(e)} (each group needs two or more pre-intervention periods)`,
    );
    return null;
  }
}
