/**
 * Builds the panel an evaluation method needs from an intervention and the cube's rows of its
 * indicator (treated units and comparison units, one row per unit and period): the summed
 * monthly counts of the treated units with their exposure (interrupted time series), yearly
 * indicator values of the treated aggregate against each donor (synthetic control), or a
 * per-unit panel with each unit's first treated period (difference-in-differences). Pure: the
 * caller runs the query; the answer is an evaluation job on an in-memory table and a description
 * of the panel for labelling charts.
 */
import type { EvaluationJob } from '../evaluation/evaluation-job.ts';
import type { PanelTable } from '../evaluation/panel-table.ts';
import { ValidationError } from '../kernel/errors.ts';
import type { PeriodType } from '../periods/period.ts';
import type { InterventionDraft } from './intervention.ts';

export type EvaluationMethod = 'its' | 'scm' | 'did';

/** The fields of an analytics row the builder reads. */
export interface PanelSourceRow {
  readonly orgUnit: string;
  readonly period: string;
  readonly value: number;
  readonly numerator: number;
  readonly denominator: number | null;
  readonly exposure: number | null;
}

export interface PanelIndicator {
  readonly code: string;
  /** the rate's multiplier (100 000 for a rate per 100 000) */
  readonly factor: number;
  /** the numerator is one count element (log counts and Poisson models make sense) */
  readonly countNumerator: boolean;
}

export interface PanelRequest {
  readonly method: EvaluationMethod;
  readonly periodType: PeriodType;
  /** ITS: population exposure (default) or the donors' summed counts as exposure */
  readonly control?: 'population' | 'donors';
  /** SCM: in-space placebos */
  readonly placebos?: boolean;
}

/** What the web app needs to label the charts. */
export interface PanelDescription {
  readonly method: EvaluationMethod;
  readonly indicator: string;
  readonly periodType: PeriodType;
  /** what the outcome is, in words */
  readonly outcome: string;
  readonly treated: readonly { readonly unit: string; readonly start: string; readonly period: string }[];
  /** the comparison units used */
  readonly donors: readonly string[];
  /** comparison units left out because they lack data in some period of the panel */
  readonly droppedDonors: readonly string[];
  readonly periods: { readonly first: string; readonly last: string; readonly count: number };
  /** the intervention's first period in the panel's period type */
  readonly start: string;
  /** ITS only */
  readonly control?: 'population' | 'donors';
  /** SCM only: the id of the treated aggregate in the result */
  readonly treatedId?: string;
}

export interface InterventionPanel {
  readonly job: EvaluationJob;
  readonly description: PanelDescription;
}

/** The period of the type that holds a month (`2016-08` → `2016-Q3`, `2016`). */
export function periodOfMonth(month: string, type: PeriodType): string {
  const [year, m] = month.split('-') as [string, string];
  if (type === 'month') return month;
  if (type === 'quarter') return `${year}-Q${Math.floor((Number(m) - 1) / 3) + 1}`;
  return year;
}

/** A number for a period of one type, consecutive periods differing by one. */
function ordinal(period: string, type: PeriodType): number {
  const year = Number(period.slice(0, 4));
  if (type === 'year') return year;
  if (type === 'quarter') return year * 4 + Number(period.slice(6)) - 1;
  return year * 12 + Number(period.slice(5)) - 1;
}

const text = (value: number): string => String(value);

function table(file: string, columns: string[], rows: string[][]): PanelTable {
  return { file, columns, rows: rows.map((fields, i) => ({ line: i + 2, fields })) };
}

/** The rows by unit and period; the periods where every treated unit has a value; donors complete over them. */
function balance(
  intervention: InterventionDraft,
  donors: readonly string[],
  rows: readonly PanelSourceRow[],
): {
  at: (unit: string, period: string) => PanelSourceRow;
  periods: string[];
  donors: string[];
  dropped: string[];
} {
  const byUnit = new Map<string, Map<string, PanelSourceRow>>();
  for (const row of rows) {
    if (!Number.isFinite(row.value)) continue;
    let periods = byUnit.get(row.orgUnit);
    if (periods === undefined) byUnit.set(row.orgUnit, (periods = new Map<string, PanelSourceRow>()));
    periods.set(row.period, row);
  }
  const treated = intervention.units.map((u) => u.unit);
  const first = byUnit.get(treated[0] ?? '');
  const periods = [...(first?.keys() ?? [])]
    .filter((p) => treated.every((unit) => byUnit.get(unit)?.has(p) === true))
    .sort();
  if (periods.length === 0) {
    throw new ValidationError(
      `No period has a value of the indicator for every treated unit of ${intervention.code}.`,
    );
  }
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const donor of donors) {
    const series = byUnit.get(donor);
    if (periods.every((p) => series?.has(p) === true)) kept.push(donor);
    else dropped.push(donor);
  }
  return {
    at: (unit, period) => byUnit.get(unit)!.get(period)!,
    periods,
    donors: kept,
    dropped,
  };
}

function needPrePost(periods: readonly string[], start: string, min: number, what: string): void {
  const before = periods.filter((p) => p < start).length;
  const after = periods.length - before;
  if (before < min || after < 1) {
    throw new ValidationError(
      `${what} needs at least ${min} periods before the start (${start}) and one after; the panel has ${before} before and ${after} after.`,
    );
  }
}

/** The evaluation job and the panel's description for an intervention, from the cube's rows. */
export function buildInterventionPanel(
  intervention: InterventionDraft,
  donors: readonly string[],
  indicator: PanelIndicator,
  rows: readonly PanelSourceRow[],
  request: PanelRequest,
): InterventionPanel {
  const type = request.periodType;
  const { at, periods, donors: used, dropped } = balance(intervention, donors, rows);
  const treated = intervention.units.map((u) => ({ ...u, period: periodOfMonth(u.start, type) }));
  const start = periodOfMonth(intervention.start, type);
  const sum = (units: readonly string[], period: string, pick: (row: PanelSourceRow) => number) =>
    units.reduce((total, unit) => total + pick(at(unit, period)), 0);
  const treatedUnits = treated.map((t) => t.unit);
  const describe = (outcome: string, extra: Partial<PanelDescription> = {}): PanelDescription => ({
    method: request.method,
    indicator: indicator.code,
    periodType: type,
    outcome,
    treated,
    donors: used,
    droppedDonors: dropped,
    periods: { first: periods[0]!, last: periods.at(-1)!, count: periods.length },
    start,
    ...extra,
  });
  const noDonors = (what: string) =>
    new ValidationError(
      `${what} needs comparison units with a value in every period of the panel; ${intervention.code} has none${dropped.length > 0 ? ` (${dropped.length} left out for missing periods)` : ''}.`,
    );

  if (request.method === 'its') {
    if (!indicator.countNumerator) {
      throw new ValidationError(
        `An interrupted time series models counts: ${indicator.code} does not have a count as numerator.`,
      );
    }
    const control = request.control ?? 'population';
    if (control === 'donors' && used.length === 0)
      throw noDonors('An interrupted time series against donors');
    needPrePost(periods, start, 3, 'An interrupted time series');
    const exposureOf = (row: PanelSourceRow): number => row.exposure ?? row.denominator ?? Number.NaN;
    const hasExposure =
      control === 'donors' || periods.every((p) => Number.isFinite(sum(treatedUnits, p, exposureOf)));
    const tableRows = periods.map((p) => [
      p,
      text(sum(treatedUnits, p, (r) => r.numerator)),
      ...(hasExposure
        ? [text(control === 'donors' ? sum(used, p, (r) => r.numerator) : sum(treatedUnits, p, exposureOf))]
        : []),
    ]);
    const harmonics = type === 'month' ? 2 : type === 'quarter' ? 1 : 0;
    return {
      job: {
        method: 'its',
        table: table(
          `${intervention.code}.its`,
          ['period', 'count', ...(hasExposure ? ['exposure'] : [])],
          tableRows,
        ),
        request: {
          time: 'period',
          outcome: 'count',
          start,
          ...(hasExposure ? { exposure: 'exposure' } : {}),
          family: 'quasipoisson',
          harmonics,
        },
      },
      description: describe(
        control === 'donors'
          ? `numerator of ${indicator.code} summed over the treated units, against the donors' summed numerator as exposure`
          : `numerator of ${indicator.code} summed over the treated units, with their population (person-years) as exposure`,
        { control },
      ),
    };
  }

  if (request.method === 'scm') {
    if (used.length < 2) throw noDonors('A synthetic control');
    const firstPost = Number(start.slice(0, 4));
    const years = periods.map((p) => Number(p.slice(0, 4)));
    const pre = years.filter((y) => y < firstPost);
    needPrePost(periods, start, 3, 'A synthetic control');
    const treatedId = intervention.code;
    const aggregate = (period: string): number => {
      const numerator = sum(treatedUnits, period, (r) => r.numerator);
      const exposure = sum(treatedUnits, period, (r) => r.exposure ?? r.denominator ?? Number.NaN);
      return Number.isFinite(exposure) && exposure > 0
        ? (numerator / exposure) * indicator.factor
        : sum(treatedUnits, period, (r) => r.value) / treatedUnits.length;
    };
    const tableRows: string[][] = [];
    periods.forEach((p, i) => tableRows.push([treatedId, text(years[i]!), text(aggregate(p))]));
    for (const donor of used) {
      periods.forEach((p, i) => tableRows.push([donor, text(years[i]!), text(at(donor, p).value)]));
    }
    // the outcome averaged over the pre-period in three blocks
    const blocks = [0, 1, 2]
      .map((k) => pre.slice(Math.floor((k * pre.length) / 3), Math.floor(((k + 1) * pre.length) / 3)))
      .filter((block) => block.length > 0);
    return {
      job: {
        method: 'scm',
        table: table(`${intervention.code}.scm`, ['unit', 'year', 'value'], tableRows),
        request: {
          unit: 'unit',
          time: 'year',
          outcome: 'value',
          treated: treatedId,
          treatmentTime: firstPost,
          donors: used,
          special: blocks.map((block) => ({ variable: 'value', window: `${block[0]}-${block.at(-1)}` })),
          optimizeWindow: `${pre[0]}-${pre.at(-1)}`,
          placebos: request.placebos === true,
        },
      },
      description: describe(
        `${indicator.code} by year: the treated units together (summed numerators over summed denominators) against a weighted average of the donors`,
        { treatedId },
      ),
    };
  }

  if (type === 'month') {
    throw new ValidationError(
      'A difference-in-differences runs on quarters or years: ask for periodType quarter or year.',
    );
  }
  if (used.length === 0) throw noDonors('A difference-in-differences');
  needPrePost(periods, start, 2, 'A difference-in-differences');
  const logCounts = indicator.countNumerator;
  const outcomeOf = (row: PanelSourceRow): number => (logCounts ? Math.log(row.numerator + 0.5) : row.value);
  const groupOf = new Map(treated.map((t) => [t.unit, ordinal(t.period, type)]));
  const tableRows: string[][] = [];
  for (const unit of [...treatedUnits, ...used]) {
    for (const p of periods) {
      tableRows.push([
        unit,
        text(ordinal(p, type)),
        text(outcomeOf(at(unit, p))),
        text(groupOf.get(unit) ?? 0),
      ]);
    }
  }
  return {
    job: {
      method: 'did',
      table: table(`${intervention.code}.did`, ['unit', 'time', 'outcome', 'group'], tableRows),
      request: {
        unit: 'unit',
        time: 'time',
        outcome: 'outcome',
        group: 'group',
        controlGroup: 'nevertreated',
      },
    },
    description: describe(
      logCounts
        ? `log(numerator of ${indicator.code} + 0.5) by unit and ${type}; times are ${type === 'quarter' ? 'year × 4 + quarter − 1' : 'years'}`
        : `${indicator.code} by unit and ${type}; times are ${type === 'quarter' ? 'year × 4 + quarter − 1' : 'years'}`,
    ),
  };
}
