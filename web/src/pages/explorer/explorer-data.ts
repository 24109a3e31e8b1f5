/**
 * What the explorer and its embed load: the catalogue and geography (shared with other pages),
 * the years with data and whether smoothing applies for the indicator, then the rows of the view.
 */
import { useMemo } from 'react';
import {
  api,
  fetchAnalytics,
  unwrap,
  type AnalyticsRow,
  type DataElement,
  type Dimension,
  type Indicator,
  type OrgUnit,
} from '../../api/client.ts';
import {
  loadUnit,
  useDimensions,
  useIndicators,
  useMemberStates,
  useSubregions,
} from '../../api/reference-data.ts';
import { cached, useApi, type Loaded } from '../../api/use-api.ts';
import { parseElementTerm } from '../indicators/indicator-formula.ts';
import {
  analyticsQuery,
  mapQuery,
  normaliseExplorerState,
  parseExplorerQuery,
  serialiseExplorerState,
  type ExplorerState,
} from './explorer-state.ts';

/** Colours for the units, in their order; each has at least 3:1 contrast on white. */
export const UNIT_COLORS = [
  '#1f77b4',
  '#c2410c',
  '#15803d',
  '#9467bd',
  '#be185d',
  '#0f766e',
  '#d62728',
  '#8c564b',
  '#4b5563',
  '#a16207',
] as const;

export const AMERICAS = 'AME';

/** The catalogue and geography the explorer needs, loaded once. */
export interface Reference {
  readonly indicators: Indicator[];
  readonly dimensions: Dimension[];
  readonly americas: OrgUnit;
  readonly subregions: OrgUnit[];
  readonly states: OrgUnit[];
  /** Every unit by code. */
  readonly byCode: ReadonlyMap<string, OrgUnit>;
  /** The canonical order of units: the Americas, the subregions, then their member states. */
  readonly order: readonly string[];
}

export function useReference(): Loaded<Reference> {
  const indicators = useIndicators();
  const dimensions = useDimensions();
  const states = useMemberStates();
  const subregions = useSubregions();
  const americas = useApi(`explorer:unit:${AMERICAS}`, () => loadUnit(AMERICAS));
  const made = useMemo(
    () =>
      indicators.data === undefined ||
      dimensions.data === undefined ||
      states.data === undefined ||
      subregions.data === undefined ||
      americas.data === undefined
        ? undefined
        : reference(indicators.data, dimensions.data, americas.data, subregions.data, states.data),
    [indicators.data, dimensions.data, states.data, subregions.data, americas.data],
  );
  const failed = [indicators, dimensions, states, subregions, americas].find(
    (load) => load.state === 'failed',
  );
  if (failed?.error !== undefined) return { state: 'failed', error: failed.error };
  return made === undefined ? { state: 'loading' } : { state: 'ready', data: made };
}

function reference(
  indicators: Indicator[],
  dimensions: Dimension[],
  americas: OrgUnit,
  subregions: OrgUnit[],
  states: OrgUnit[],
): Reference {
  const sortedRegions = [...subregions].sort((a, b) => a.code.localeCompare(b.code));
  const order = [
    americas.code,
    ...sortedRegions.map((s) => s.code),
    ...sortedRegions.flatMap((region) =>
      states
        .filter((unit) => unit.parentCode === region.code)
        .map((unit) => unit.code)
        .sort(),
    ),
    ...states
      .filter((unit) => !sortedRegions.some((region) => region.code === unit.parentCode))
      .map((unit) => unit.code)
      .sort(),
  ];
  const byCode = new Map([americas, ...subregions, ...states].map((unit) => [unit.code, unit]));
  return { indicators, dimensions, americas, subregions: sortedRegions, states, byCode, order };
}

function loadElement(code: string): Promise<DataElement> {
  return cached(`element:${code}`, async () =>
    unwrap(await api.GET('/api/catalogue/elements/{code}', { params: { path: { code } } })),
  );
}

/** Why smoothing does not apply to an indicator, or undefined when it does (or is not known yet). */
export type SmoothBlock = 'notRate' | 'notCount' | undefined;

export interface ExplorerView {
  /** The state as read and checked (the range is resolved once the years are known). */
  readonly state: ExplorerState;
  readonly indicator: Indicator | undefined;
  readonly years: Loaded<number[]>;
  readonly smoothBlock: SmoothBlock;
  readonly rows: Loaded<AnalyticsRow[]>;
  /** Every member state in the last period (for the map view only). */
  readonly mapRows: Loaded<AnalyticsRow[]>;
  /** The query string of the resolved state. */
  readonly search: string;
}

/** Reads the view from the query string and loads its data. */
export function useExplorerView(query: URLSearchParams, ref: Reference): ExplorerView {
  const parsed = parseExplorerQuery(query);
  const base = {
    indicators: ref.indicators,
    dimensions: ref.dimensions,
    units: ref.order,
  };
  const first = normaliseExplorerState(parsed, base);
  const indicator = ref.indicators.find((i) => i.code === first.indicator);
  const code = first.indicator;
  // The Americas over every year tells which years have data.
  const years = useApi(`explorer:years:${code}`, async () => {
    const rows = await fetchAnalytics({ indicator: code, orgUnit: AMERICAS, from: '1990', to: '2100' });
    return rows.map((row) => Number(row.period)).sort((a, b) => a - b);
  });
  const numerator = indicator === undefined ? undefined : parseElementTerm(indicator.numerator).element;
  const element = useApi(
    indicator?.kind === 'rate' && numerator !== undefined ? `element:${numerator}` : null,
    () => loadElement(numerator ?? ''),
  );
  const smoothBlock: SmoothBlock =
    indicator === undefined
      ? undefined
      : indicator.kind !== 'rate'
        ? 'notRate'
        : element.data !== undefined && element.data.valueType !== 'count'
          ? 'notCount'
          : undefined;
  const state = normaliseExplorerState(parsed, {
    ...base,
    years: years.data,
    smoothable: smoothBlock === undefined ? (element.state === 'ready' ? true : undefined) : false,
  });
  const resolved =
    state.from !== null && state.to !== null ? { ...state, from: state.from, to: state.to } : undefined;
  // wait for the smoothing check, so a link to smoothed rates asks once, for the right thing
  const settled = resolved !== undefined && (indicator?.kind !== 'rate' || element.state !== 'loading');
  const search = serialiseExplorerState(state);
  const rows = useApi(settled ? `explorer:rows:${search}` : null, () =>
    resolved === undefined ? Promise.resolve([]) : fetchAnalytics(analyticsQuery(resolved)),
  );
  const mapKey =
    settled && state.view === 'map'
      ? `explorer:map:${JSON.stringify(mapQuery({ ...state, to: state.to ?? 0 }))}`
      : null;
  const mapRows = useApi(mapKey, () =>
    resolved === undefined ? Promise.resolve([]) : fetchAnalytics(mapQuery(resolved)),
  );
  return { state, indicator, years, smoothBlock, rows, mapRows, search };
}

/** The value a chart shows: the smoothed rate when asked for and present, the crude one otherwise. */
export function shownValue(row: AnalyticsRow, state: ExplorerState): number {
  return state.rates === 'smoothed' && typeof row.smoothed === 'number' ? row.smoothed : row.value;
}

/** Colour of each chosen unit, by its position in the (canonical) selection. */
export function unitColors(units: readonly string[]): Map<string, string> {
  return new Map(units.map((code, i) => [code, UNIT_COLORS[i % UNIT_COLORS.length] ?? '#1f77b4']));
}
