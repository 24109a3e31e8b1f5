/**
 * The explorer's view as a URL query string, and back. Pure: no DOM, no fetch.
 *
 * Parameters (all optional; order of serialisation is fixed, so one view has one address):
 * - `indicator`  indicator code (`homicide_rate`)
 * - `units`      org-unit codes, comma-separated (`MEX,GTM,AME`); member states, subregions, `AME`
 * - `from`, `to` first and last year of the range (`2010`, `2024`); quarters and months cover
 *                whole years (from January of `from` to December of `to`)
 * - `periodType` `year` | `quarter` | `month`
 * - `dis`        one breakdown, `dimension=category` (`sex=F`); absent for the total
 * - `view`       `line` | `bar` | `map` | `table`
 * - `rates`      `crude` | `smoothed` (empirical-Bayes rates, for rates of counts only)
 *
 * `parseExplorerQuery` reads what it can and drops the rest (unknown values fall back to the
 * defaults); `normaliseExplorerState` then checks the codes against the catalogue and the years
 * with data, and `serialiseExplorerState` writes the view back.
 */
import type { AnalyticsQuery } from '../../api/client.ts';

export const VIEWS = ['line', 'bar', 'map', 'table'] as const;
export const PERIOD_TYPES = ['year', 'quarter', 'month'] as const;
export const RATE_MODES = ['crude', 'smoothed'] as const;

export type View = (typeof VIEWS)[number];
export type PeriodType = (typeof PERIOD_TYPES)[number];
export type RateMode = (typeof RATE_MODES)[number];

export interface ExplorerState {
  readonly indicator: string;
  readonly units: readonly string[];
  /** First year; null until the years with data are known (then the default range). */
  readonly from: number | null;
  readonly to: number | null;
  readonly periodType: PeriodType;
  /** One breakdown as `dimension=category`, or '' for the total. */
  readonly dis: string;
  readonly view: View;
  readonly rates: RateMode;
}

export const DEFAULT_STATE: ExplorerState = {
  indicator: 'homicide_rate',
  units: ['AME', 'CAM', 'CAR', 'NAM', 'SAM'],
  from: null,
  to: null,
  periodType: 'year',
  dis: '',
  view: 'line',
  rates: 'crude',
};

/** Years shown by default: the last 15 with data. */
export const DEFAULT_SPAN = 15;
/** The longest range, in years, for each period type: 60 months or 40 quarters make a chart. */
export const MAX_SPAN: Readonly<Record<PeriodType, number>> = { year: 200, quarter: 10, month: 5 };
/** More units than this and the line chart leaves out the interval bands (they would hide the lines). */
export const MAX_UNITS_WITH_BANDS = 4;
export const MAX_UNITS = 60;

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
const INDICATOR_CODE = /^[a-z][a-z0-9_]{0,63}$/;
const UNIT_CODE = /^[A-Z0-9_-]{2,16}$/;
const DISAGGREGATION = /^([a-z][a-z0-9_]{0,63})=([A-Za-z0-9_+.-]{1,64})$/;

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

function year(value: string | null): number | null {
  if (value === null || !/^\d{4}$/.test(value)) return null;
  const n = Number(value);
  return n >= MIN_YEAR && n <= MAX_YEAR ? n : null;
}

/** Reads the query string; anything malformed falls back to the default. */
export function parseExplorerQuery(query: URLSearchParams): ExplorerState {
  const indicator = query.get('indicator') ?? '';
  const units = [
    ...new Set(
      (query.get('units') ?? '')
        .split(',')
        .map((code) => code.trim().toUpperCase())
        .filter((code) => UNIT_CODE.test(code)),
    ),
  ].slice(0, MAX_UNITS);
  let from = year(query.get('from'));
  let to = year(query.get('to'));
  if (from !== null && to !== null && from > to) [from, to] = [to, from];
  const dis = query.get('dis') ?? '';
  return {
    indicator: INDICATOR_CODE.test(indicator) ? indicator : DEFAULT_STATE.indicator,
    units: units.length > 0 ? units : DEFAULT_STATE.units,
    from,
    to,
    periodType: oneOf(PERIOD_TYPES, query.get('periodType'), DEFAULT_STATE.periodType),
    dis: DISAGGREGATION.test(dis) ? dis : '',
    view: oneOf(VIEWS, query.get('view'), DEFAULT_STATE.view),
    rates: oneOf(RATE_MODES, query.get('rates'), DEFAULT_STATE.rates),
  };
}

/** What the state is checked against: the catalogue, the geography and the years with data. */
export interface ExplorerContext {
  readonly indicators: readonly { readonly code: string; readonly dimensions: readonly string[] }[];
  readonly dimensions: readonly { readonly code: string; readonly categories: readonly { code: string }[] }[];
  /** Every unit that may be chosen, in the order the picker lists them (the URL keeps this order). */
  readonly units: readonly string[];
  /** Years with data for the indicator, or undefined while unknown. */
  readonly years?: readonly number[] | undefined;
  /** Whether smoothed rates exist for the indicator, or undefined while unknown. */
  readonly smoothable?: boolean | undefined;
}

/**
 * Makes the state valid for the catalogue: a known indicator, known units in a canonical order, a
 * breakdown the indicator has, a range inside the years with data and no longer than the period
 * type allows (the end is kept, the start moves), and crude rates when smoothing does not apply.
 */
export function normaliseExplorerState(state: ExplorerState, context: ExplorerContext): ExplorerState {
  const indicator =
    context.indicators.find((i) => i.code === state.indicator) ??
    context.indicators.find((i) => i.code === DEFAULT_STATE.indicator) ??
    context.indicators[0];
  const order = new Map(context.units.map((code, index) => [code, index]));
  const inOrder = (codes: readonly string[]): string[] =>
    codes.filter((code) => order.has(code)).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  let units = inOrder(state.units);
  if (units.length === 0) units = inOrder(DEFAULT_STATE.units);
  if (units.length === 0 && context.units[0] !== undefined) units = [context.units[0]];

  let dis = state.dis;
  const [dimension, category] = dis.split('=');
  const known = context.dimensions.find((d) => d.code === dimension);
  if (
    dis !== '' &&
    (indicator === undefined ||
      !indicator.dimensions.includes(dimension ?? '') ||
      known === undefined ||
      !known.categories.some((c) => c.code === category))
  ) {
    dis = '';
  }

  let { from, to } = state;
  const years = context.years;
  if (years !== undefined && years.length > 0) {
    const first = Math.min(...years);
    const last = Math.max(...years);
    const clamp = (y: number): number => Math.min(last, Math.max(first, y));
    to = to === null ? last : clamp(to);
    from = from === null ? Math.max(first, to - DEFAULT_SPAN + 1) : clamp(from);
    if (from > to) from = to;
    const span = MAX_SPAN[state.periodType];
    if (to - from + 1 > span) from = to - span + 1;
  }

  const rates = context.smoothable === false ? 'crude' : state.rates;
  return { ...state, indicator: indicator?.code ?? state.indicator, units, dis, from, to, rates };
}

/** A query-string value with its commas left readable (`MEX,GTM`) and everything else encoded. */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ',');
}

/** The query string of a view, in a fixed order (no leading `?`). */
export function serialiseExplorerState(state: ExplorerState): string {
  const parts: [string, string][] = [
    ['indicator', state.indicator],
    ['units', state.units.join(',')],
  ];
  if (state.from !== null) parts.push(['from', String(state.from)]);
  if (state.to !== null) parts.push(['to', String(state.to)]);
  parts.push(['periodType', state.periodType]);
  if (state.dis !== '') parts.push(['dis', state.dis]);
  parts.push(['view', state.view], ['rates', state.rates]);
  return parts.map(([key, value]) => `${key}=${encode(value)}`).join('&');
}

/** The first or last period code of a year for a period type: 2010, 2010-Q1, 2010-01; 2024-12. */
export function periodCode(year: number, type: PeriodType, end: 'first' | 'last'): string {
  if (type === 'year') return String(year);
  if (type === 'quarter') return `${year}-Q${end === 'first' ? 1 : 4}`;
  return `${year}-${end === 'first' ? '01' : '12'}`;
}

/** The analytics query behind a view (its range must be resolved). */
export function analyticsQuery(state: ExplorerState & { from: number; to: number }): AnalyticsQuery {
  const query: AnalyticsQuery = {
    indicator: state.indicator,
    orgUnit: state.units.join(','),
    from: periodCode(state.from, state.periodType, 'first'),
    to: periodCode(state.to, state.periodType, 'last'),
    periodType: state.periodType,
  };
  if (state.dis !== '') query.disaggregation = state.dis;
  if (state.rates === 'smoothed') query.smooth = 'global';
  return query;
}

/** Every member state in the last period of the range: what the map shows. */
export function mapQuery(state: ExplorerState & { to: number }): AnalyticsQuery {
  const query: AnalyticsQuery = {
    indicator: state.indicator,
    level: 'member_state',
    period: periodCode(state.to, state.periodType, 'last'),
    periodType: state.periodType,
  };
  if (state.dis !== '') query.disaggregation = state.dis;
  if (state.rates === 'smoothed') query.smooth = 'global';
  return query;
}

/** The start of a period as a UTC time (for a time axis): 2024 → 1 Jan, 2024-Q2 → 1 Apr, 2024-05 → 1 May. */
export function periodStart(code: string): Date {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(code);
  if (quarter !== null) return new Date(Date.UTC(Number(quarter[1]), (Number(quarter[2]) - 1) * 3, 1));
  const month = /^(\d{4})-(\d{2})$/.exec(code);
  if (month !== null) return new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
  return new Date(Date.UTC(Number(code.slice(0, 4)), 0, 1));
}

/** A download's file name: atalaya-homicide_rate-2010-2024.svg (with the breakdown when there is one). */
export function downloadName(state: ExplorerState, extension: string): string {
  const parts = ['atalaya', state.indicator];
  if (state.from !== null && state.to !== null) parts.push(String(state.from), String(state.to));
  if (state.dis !== '') {
    parts.push(
      state.dis
        .replace(/\+/g, 'plus')
        .replace(/[^A-Za-z0-9_-]+/g, '-')
        .replace(/-+$/, ''),
    );
  }
  return `${parts.join('-')}.${extension}`;
}
