/**
 * What the profile page asks the API, each load cached by a key naming the unit and the view:
 * the unit's parent chain, the headline indicators over all years (one request), their trends,
 * the homicide sources side by side, the breakdown by sex, the peers and the children.
 */
import {
  api,
  fetchAnalytics,
  unwrap,
  type AnalyticsRow,
  type OrgUnit,
  type Peers,
  type Trend,
} from '../../api/client.ts';
import { loadSources, loadUnit, loadUnits } from '../../api/reference-data.ts';
import {
  BY_SEX,
  HEADLINE,
  HOMICIDE_ELEMENT,
  HOMICIDE_SOURCES,
  sourceDisagreement,
  TREND_YEARS,
} from './profile-model.ts';

const ALL_YEARS = { from: '1990', to: '2100', periodType: 'year' } as const;

/** The unit's ancestors, the Americas first. */
export async function loadAncestors(unit: OrgUnit): Promise<OrgUnit[]> {
  const chain: OrgUnit[] = [];
  let parent = unit.parentCode;
  while (parent !== null && chain.length < 10) {
    const next = await loadUnit(parent);
    chain.unshift(next);
    parent = next.parentCode;
  }
  return chain;
}

/** Every headline indicator for the unit over every year, in one request. */
export function loadHeadline(code: string): Promise<AnalyticsRow[]> {
  return fetchAnalytics({ indicator: HEADLINE.join(','), orgUnit: code, ...ALL_YEARS });
}

/**
 * The annual percent change of each headline indicator over its last ten years with data, in one
 * request (`/api/analytics/trends` finds each indicator's window itself).
 */
export async function loadTrends(code: string): Promise<Map<string, Trend>> {
  const { trends } = unwrap(
    await api.GET('/api/analytics/trends', {
      params: { query: { indicator: HEADLINE.join(','), orgUnit: code, years: TREND_YEARS } },
    }),
  );
  return new Map(trends.map((trend) => [trend.indicator, trend]));
}

export interface SourceCheck {
  /** The homicide rate by source, for the sources that reported it. */
  readonly values: readonly { source: string; name: Record<string, string>; value: number }[];
  readonly disagreement: { first: string; second: string; share: number } | undefined;
}

/** homicide_rate from each source pinned in turn for one year; names from /api/sources. */
export async function loadSourceCheck(code: string, year: number): Promise<SourceCheck> {
  const [sources, ...perSource] = await Promise.all([
    loadSources(),
    ...HOMICIDE_SOURCES.map((source) =>
      fetchAnalytics({
        indicator: 'homicide_rate',
        orgUnit: code,
        period: String(year),
        source: `${HOMICIDE_ELEMENT}:${source}`,
      }),
    ),
  ]);
  const values = HOMICIDE_SOURCES.flatMap((source, k) => {
    const row = perSource[k]?.find((r) => r.disaggregation === '');
    if (row === undefined) return [];
    const name = (sources.find((s) => s.code === source)?.name ?? { en: source }) as Record<string, string>;
    return [{ source, name, value: row.value }];
  });
  return { values, disagreement: sourceDisagreement(values) };
}

/** homicide, prison and arrest rates by sex (one request per category) over every year. */
export async function loadBySex(code: string): Promise<AnalyticsRow[]> {
  const parts = await Promise.all(
    ['sex=F', 'sex=M'].map((disaggregation) =>
      fetchAnalytics({ indicator: BY_SEX.join(','), orgUnit: code, disaggregation, ...ALL_YEARS }),
    ),
  );
  return parts.flat();
}

export interface PeerView {
  readonly peers: Peers;
  /** The parent's children, for their names. */
  readonly units: readonly OrgUnit[];
}

export async function loadPeers(unit: OrgUnit, indicator: string, year: number): Promise<PeerView> {
  const [peers, units] = await Promise.all([
    api
      .GET('/api/analytics/peers', {
        params: { query: { indicator, orgUnit: unit.code, period: String(year) } },
      })
      .then(unwrap),
    unit.parentCode === null ? Promise.resolve([]) : loadUnits({ parent: unit.parentCode }),
  ]);
  return { peers, units };
}

export interface ChildrenView {
  readonly units: readonly OrgUnit[];
  readonly rows: readonly AnalyticsRow[];
}

export async function loadChildren(code: string, indicator: string, year: number): Promise<ChildrenView> {
  // Both at once; the API refuses `parent=` for a unit without children, which is no error here.
  const rows = fetchAnalytics({ indicator, parent: code, period: String(year) });
  rows.catch(() => undefined);
  const units = await loadUnits({ parent: code });
  if (units.length === 0) return { units, rows: [] };
  return { units, rows: (await rows).filter((row) => row.disaggregation === '') };
}

/** A child's boundary, as `GET /api/geography/boundaries` gives it. */
export type BoundaryFeature = GeoJSON.Feature<
  GeoJSON.Polygon | GeoJSON.MultiPolygon,
  { code: string; synthetic: boolean }
> & { id: string };

export interface BoundaryCollection {
  readonly synthetic: boolean;
  readonly features: readonly BoundaryFeature[];
}

/** The boundaries of a unit's children (none when no file of them was imported). */
export async function loadBoundaries(code: string): Promise<BoundaryCollection> {
  const response = await fetch(`/api/geography/boundaries?parent=${encodeURIComponent(code)}`);
  if (!response.ok) throw new Error(`HTTP ${response.status} for the boundaries of ${code}`);
  return (await response.json()) as BoundaryCollection;
}
