/**
 * Runs an evaluation method on a panel read from a CSV file (`atalaya evaluate`, `POST
 * /api/evaluation/*`): maps the request's column names and windows onto each method's input, so
 * evaluators can use the engine on data outside the store. Pure: the caller reads the file.
 */
import { ValidationError } from '../kernel/errors.ts';
import { tryParsePeriod } from '../periods/period-code.ts';
import {
  callawaySantAnna,
  type BasePeriod,
  type CallawaySantAnnaResult,
  type ControlGroup,
  type StaggeredPanelRow,
} from './callaway-santanna.ts';
import { aggregateGroupTimeEffects, type Aggregation, type AggregationType } from './did-aggregation.ts';
import {
  differenceInDifferences,
  type DidObservation,
  type TwoByTwoDid,
} from './difference-in-differences.ts';
import type { TwoPeriodMethod } from './two-period-did-estimators.ts';
import { interruptedTimeSeries, type ItsObservation, type ItsResult } from './interrupted-time-series.ts';
import type { PoissonFamily } from './poisson-regression.ts';
import { columnIndex, numberColumn, textColumn, type PanelTable } from './panel-table.ts';
import { panelFromLongRows } from './synthetic-control-panel.ts';
import { leaveOneOut, placeboInSpace, type PlaceboInSpaceResult } from './synthetic-control-placebos.ts';
import {
  fitSyntheticControl,
  type SyntheticControlFit,
  type SyntheticControlSpec,
} from './synthetic-control.ts';

/** Inclusive range of times, e.g. [1960, 1969]; `every` takes one time in so many (R's seq(1961, 1969, 2)). */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
  readonly every?: number;
}

export interface ItsRequest {
  /** column of consecutive integers, or of period codes (2005-01, 2005-Q1, 2005) */
  readonly time: string;
  readonly outcome: string;
  /** first period of the intervention, in the time column's terms */
  readonly start: string;
  readonly exposure?: string;
  /** column of the season (month 1–12); months and quarters in the time column give it already */
  readonly season?: string;
  readonly family?: PoissonFamily;
  readonly harmonics?: number;
  readonly seasonPeriod?: number;
  readonly slopeChange?: boolean;
  readonly level?: number;
}

export interface ItsRun {
  readonly method: 'its';
  /** the time column's labels, in order: point i of the result is labels[i] */
  readonly labels: readonly string[];
  readonly result: ItsResult;
}

export function runItsOnPanel(table: PanelTable, request: ItsRequest): ItsRun {
  const labels = textColumn(table, request.time);
  const counts = numberColumn(table, request.outcome, { required: true });
  const exposures =
    request.exposure === undefined ? undefined : numberColumn(table, request.exposure, { required: true });
  const seasons =
    request.season === undefined ? undefined : numberColumn(table, request.season, { required: true });
  const periods = labels.map((label) => tryParsePeriod(label));
  const asPeriods = periods.every((p) => p !== undefined) && !labels.every((l) => /^\d+$/.test(l));
  const order = labels.map((_, i) => i);
  let times: number[];
  let periodSeasons: number[] | undefined;
  let seasonPeriod = request.seasonPeriod;
  let startIndex: number;
  if (asPeriods) {
    const parsed = periods;
    const type = parsed[0]?.type;
    if (parsed.some((p) => p.type !== type)) {
      throw new ValidationError(`${table.file}: the time column mixes years, quarters and months.`);
    }
    const perYear = type === 'month' ? 12 : type === 'quarter' ? 4 : 1;
    const ordinal = (p: (typeof parsed)[number]): number => p.year * perYear + (p.index - 1);
    order.sort((a, b) => ordinal(parsed[a]!) - ordinal(parsed[b]!));
    const first = ordinal(parsed[order[0]!]!);
    times = order.map((i) => ordinal(parsed[i]!) - first + 1);
    if (perYear > 1) {
      periodSeasons = order.map((i) => parsed[i]!.index);
      seasonPeriod ??= perYear;
    }
    const start = tryParsePeriod(request.start);
    if (start === undefined || start.type !== type) {
      throw new ValidationError(`start: "${request.start}" is not a ${type} like the time column's.`);
    }
    startIndex = ordinal(start) - first + 1;
  } else {
    const numbers = numberColumn(table, request.time, { required: true });
    order.sort((a, b) => numbers[a]! - numbers[b]!);
    const first = numbers[order[0]!]!;
    times = order.map((i) => numbers[i]! - first + 1);
    const start = Number(request.start);
    if (!Number.isFinite(start))
      throw new ValidationError(`start: "${request.start}" is not a number like the time column's.`);
    startIndex = start - first + 1;
  }
  const series: ItsObservation[] = order.map((row, k) => {
    const season = seasons?.[row] ?? periodSeasons?.[k];
    return {
      time: times[k]!,
      count: counts[row]!,
      ...(exposures === undefined ? {} : { exposure: exposures[row]! }),
      ...(season === undefined ? {} : { season }),
    };
  });
  const result = interruptedTimeSeries(series, startIndex, {
    ...(request.family === undefined ? {} : { family: request.family }),
    ...(request.harmonics === undefined ? {} : { harmonics: request.harmonics }),
    ...(seasonPeriod === undefined ? {} : { seasonPeriod }),
    ...(request.slopeChange === undefined ? {} : { slopeChange: request.slopeChange }),
    ...(request.level === undefined ? {} : { level: request.level }),
  });
  return { method: 'its', labels: order.map((i) => labels[i]!), result };
}

export interface ScmRequest {
  readonly unit: string;
  /** column of unit names (the unit column when absent) */
  readonly name?: string;
  readonly time: string;
  readonly outcome: string;
  /** the treated unit: its id or its name */
  readonly treated: string;
  /** first treated period */
  readonly treatmentTime: number;
  /** donor ids or names; every other unit (less `exclude`) when absent */
  readonly donors?: readonly string[];
  readonly exclude?: readonly string[];
  readonly predictors?: readonly string[];
  readonly predictorsWindow?: TimeWindow;
  readonly special?: readonly { readonly variable: string; readonly window: TimeWindow }[];
  /** the pre-period whose outcome MSPE is minimised (every time before treatment when absent) */
  readonly optimizeWindow?: TimeWindow;
  readonly placebos?: boolean;
  readonly leaveOneOut?: boolean;
}

export interface ScmRun {
  readonly method: 'scm';
  readonly fit: SyntheticControlFit;
  readonly placebos: PlaceboInSpaceResult | null;
  readonly leaveOneOut: { readonly dropped: string; readonly fit: SyntheticControlFit }[] | null;
}

export function windowTimes(window: TimeWindow): number[] {
  const every = window.every ?? 1;
  if (!(window.to >= window.from) || !(every >= 1)) {
    throw new ValidationError(`The window ${window.from}–${window.to} (every ${every}) is empty.`);
  }
  const times: number[] = [];
  for (let t = window.from; t <= window.to; t += every) times.push(t);
  return times;
}

/** `1960-1969` or `1961-1969:2` or `1969`. */
export function parseTimeWindow(text: string): TimeWindow {
  const match = /^\s*(-?\d+(?:\.\d+)?)(?:\s*[-–]\s*(-?\d+(?:\.\d+)?))?(?::(\d+))?\s*$/.exec(text);
  if (match === null)
    throw new ValidationError(`"${text}" is not a window such as 1960-1969 or 1961-1969:2.`);
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return { from, to, ...(match[3] === undefined ? {} : { every: Number(match[3]) }) };
}

export function runScmOnPanel(table: PanelTable, request: ScmRequest): ScmRun {
  const variables = [
    request.outcome,
    ...(request.predictors ?? []),
    ...(request.special ?? []).map((s) => s.variable),
  ].filter((v, i, all) => all.indexOf(v) === i);
  for (const v of variables) columnIndex(table, v);
  const panel = panelFromLongRows(
    table.columns,
    table.rows.map((row) => row.fields),
    {
      unit: request.unit,
      ...(request.name === undefined ? {} : { name: request.name }),
      time: request.time,
      variables,
    },
  );
  const idOf = (text: string): string => {
    const unit =
      panel.units.find((u) => u.id === text || u.name === text) ??
      panel.units.find((u) => u.id === String(Number(text)));
    if (unit === undefined) throw new ValidationError(`No unit "${text}" in ${table.file}.`);
    return unit.id;
  };
  const treated = idOf(request.treated);
  const excluded = new Set((request.exclude ?? []).map(idOf));
  const donors = (request.donors?.map(idOf) ?? panel.units.map((u) => u.id)).filter(
    (id) => id !== treated && !excluded.has(id),
  );
  const before = panel.times.filter((t) => t < request.treatmentTime);
  const spec: SyntheticControlSpec = {
    outcome: request.outcome,
    treated,
    donors,
    treatmentTime: request.treatmentTime,
    timeOptimizeSsr: request.optimizeWindow === undefined ? before : windowTimes(request.optimizeWindow),
    ...(request.predictors === undefined ? {} : { predictors: request.predictors }),
    ...(request.predictorsWindow === undefined
      ? {}
      : { timePredictorsPrior: windowTimes(request.predictorsWindow) }),
    ...(request.special === undefined
      ? {}
      : {
          specialPredictors: request.special.map((s) => ({
            variable: s.variable,
            times: windowTimes(s.window),
          })),
        }),
  };
  const fit = fitSyntheticControl(panel, spec);
  const placebos = request.placebos === true ? placeboInSpace(panel, spec) : null;
  const loo = request.leaveOneOut === true ? leaveOneOut(panel, spec) : null;
  return {
    method: 'scm',
    fit,
    placebos,
    leaveOneOut: loo === null ? null : loo.runs.map((run) => ({ dropped: run.dropped, fit: run.fit })),
  };
}

export interface DidRequest {
  readonly unit: string;
  readonly time: string;
  readonly outcome: string;
  /** staggered adoption: the column of each unit's first treated period (0 or empty: never) */
  readonly group?: string;
  /** 2×2: the column saying whether a unit is treated (1/0, true/false) */
  readonly treated?: string;
  /** 2×2: the first post-intervention period */
  readonly postFrom?: number;
  readonly covariates?: readonly string[];
  readonly controlGroup?: ControlGroup;
  readonly estimator?: TwoPeriodMethod;
  readonly basePeriod?: BasePeriod;
}

export type DidRun =
  | { readonly method: 'did'; readonly design: '2x2'; readonly result: TwoByTwoDid }
  | {
      readonly method: 'did';
      readonly design: 'staggered';
      readonly result: Omit<CallawaySantAnnaResult, 'influence'>;
      readonly aggregations: Readonly<Record<AggregationType, Aggregation>>;
    };

function truth(text: string, line: number, column: number, file: string): boolean {
  const value = text.trim().toLowerCase();
  if (['1', 'true', 'yes', 't'].includes(value)) return true;
  if (['0', 'false', 'no', 'f', ''].includes(value)) return false;
  throw new ValidationError(`${file} cannot be read as a panel.`, [
    { file, line, column, message: `"${text}" is not a yes/no value (1/0, true/false)` },
  ]);
}

export function runDidOnPanel(table: PanelTable, request: DidRequest): DidRun {
  const units = textColumn(table, request.unit);
  const times = numberColumn(table, request.time, { required: true });
  const outcomes = numberColumn(table, request.outcome, { required: true });
  if (request.group === undefined) {
    if (request.treated === undefined || request.postFrom === undefined) {
      throw new ValidationError(
        'A difference-in-differences needs `group` (staggered adoption) or `treated` and `postFrom` (2×2).',
      );
    }
    const treatedAt = columnIndex(table, request.treated);
    const postFrom = request.postFrom;
    const rows: DidObservation[] = table.rows.map((row, i) => ({
      unit: units[i]!,
      time: times[i]!,
      outcome: outcomes[i]!,
      treated: truth(row.fields[treatedAt] ?? '', row.line, treatedAt + 1, table.file),
      post: times[i]! >= postFrom,
    }));
    return { method: 'did', design: '2x2', result: differenceInDifferences(rows) };
  }
  const groups = numberColumn(table, request.group);
  const covariates = (request.covariates ?? []).map((name) => numberColumn(table, name, { required: true }));
  const rows: StaggeredPanelRow[] = table.rows.map((_, i) => ({
    unit: units[i]!,
    time: times[i]!,
    outcome: outcomes[i]!,
    firstTreated: Number.isNaN(groups[i]!) ? null : groups[i]!,
    ...(covariates.length === 0 ? {} : { covariates: covariates.map((column) => column[i]!) }),
  }));
  const result = callawaySantAnna(rows, {
    ...(request.controlGroup === undefined ? {} : { controlGroup: request.controlGroup }),
    ...(request.estimator === undefined ? {} : { method: request.estimator }),
    ...(request.basePeriod === undefined ? {} : { basePeriod: request.basePeriod }),
  });
  const aggregate = (type: AggregationType): Aggregation =>
    aggregateGroupTimeEffects(result, type, { dropMissing: true });
  const { influence: _influence, ...reported } = result;
  return {
    method: 'did',
    design: 'staggered',
    result: reported,
    aggregations: {
      simple: aggregate('simple'),
      group: aggregate('group'),
      dynamic: aggregate('dynamic'),
      calendar: aggregate('calendar'),
    },
  };
}
