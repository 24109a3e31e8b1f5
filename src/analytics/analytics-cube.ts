/**
 * The whole cube: one `SeriesCube` per series (element × disaggregation × source) for each of two
 * views — `published` (what the public sees) and `all` (the latest value whatever its status, for
 * those who may see unpublished data). Rows come in as they are read from the store; each row
 * replaces the reported value of its cell in both views (a value that is no longer published
 * leaves the published view).
 */
import { levelDepth, type OrgUnit } from '../geography/org-unit.ts';
import { endDate, parsePeriod, startDate } from '../periods/period-code.ts';
import { periodKey, periodOfKey, yearKeyOf } from './period-key.ts';
import { StagedValues } from './staged-values.ts';
import {
  releaseRebuildScratch,
  SeriesCube,
  type ReportedCells,
  type SpaceRule,
  type TimeRule,
  type UnitTree,
} from './series-cube.ts';

export type CubeView = 'published' | 'all';
export const CUBE_VIEWS: readonly CubeView[] = ['published', 'all'];

export interface CubeUnit {
  readonly id: number;
  readonly code: string;
  readonly parentId: number | null;
  readonly level: string;
  readonly depth: number;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

export interface CubeGroup {
  readonly code: string;
  /** members with the dates of their membership (`null`: open) */
  readonly members: readonly {
    readonly unitId: number;
    readonly validFrom: string | null;
    readonly validTo: string | null;
  }[];
}

/** The members of a group during a period (membership overlapping it). */
export function groupMembersIn(group: CubeGroup, key: number): number[] {
  const p = periodOfKey(key);
  const start = startDate(p);
  const end = endDate(p);
  return group.members
    .filter((m) => (m.validFrom === null || m.validFrom < end) && (m.validTo === null || m.validTo > start))
    .map((m) => m.unitId);
}

export interface CubeElement {
  readonly id: number;
  readonly code: string;
  readonly valueType: 'count' | 'stock' | 'share';
  readonly timeAggregation: TimeRule;
  /** the dimensions its values may be broken down by */
  readonly dimensions: readonly string[];
  readonly spaceAggregation:
    | { readonly kind: 'sum' }
    | { readonly kind: 'weighted'; readonly weightElement: string }
    | { readonly kind: 'none' };
}

export interface CubeReferences {
  readonly units: readonly CubeUnit[];
  readonly groups: readonly CubeGroup[];
  readonly elements: readonly CubeElement[];
  readonly sources: readonly { readonly id: number; readonly code: string }[];
}

/** A data value as the cube reads it from the store. */
export interface CubeRow {
  readonly elementId: number;
  readonly orgUnitId: number;
  readonly period: string;
  readonly disaggregation: string;
  readonly sourceId: number;
  readonly value: number;
  readonly status: string;
}

/** The key of a value deleted from the store (`CubeRow` without its value and status). */
export type CubeKey = Omit<CubeRow, 'value' | 'status'>;

const seriesKey = (elementId: number, disaggregation: string, sourceId: number): string =>
  `${elementId}|${sourceId}|${disaggregation}`;

/**
 * Cube units from org units held in memory (no store): ids are their positions in the list. For
 * computations on reference data (tests against published figures, benchmarks).
 */
export function cubeUnitsOf(units: readonly OrgUnit[]): CubeUnit[] {
  const idOf = new Map(units.map((u, id) => [u.code, id]));
  return units.map((u, id) => ({
    id,
    code: u.code,
    parentId: u.parentCode === null ? null : (idOf.get(u.parentCode) ?? null),
    level: u.level,
    depth: levelDepth(u.level),
    validFrom: u.validFrom,
    validTo: u.validTo,
  }));
}

export function buildUnitTree(units: readonly CubeUnit[]): UnitTree {
  const size = units.reduce((max, u) => Math.max(max, u.id + 1), 0);
  const parent = new Int32Array(size).fill(-1);
  const depth = new Uint8Array(size);
  const children: number[][] = Array.from({ length: size }, () => []);
  const validity = new Array<{ from: string | null; to: string | null } | undefined>(size);
  for (const u of units) {
    parent[u.id] = u.parentId ?? -1;
    depth[u.id] = u.depth;
    if (u.parentId !== null) children[u.parentId]?.push(u.id);
    if (u.validFrom !== null || u.validTo !== null) validity[u.id] = { from: u.validFrom, to: u.validTo };
  }
  const spans = new Map<number, [string, string]>();
  const span = (key: number): [string, string] => {
    let s = spans.get(key);
    if (s === undefined) {
      const p = periodOfKey(key);
      s = [startDate(p), endDate(p)];
      spans.set(key, s);
    }
    return s;
  };
  const dated = new Uint8Array(size);
  for (const u of units) if (u.validFrom !== null || u.validTo !== null) dated[u.id] = 1;
  return {
    parent,
    depth,
    children,
    dated,
    // A unit is expected in a period when its validity overlaps it.
    isActive: (unit, key) => {
      const v = validity[unit];
      if (v === undefined) return true;
      const [start, end] = span(key);
      return (v.from === null || v.from < end) && (v.to === null || v.to > start);
    },
  };
}

export class AnalyticsCube {
  readonly tree: UnitTree;
  readonly unitsByCode: ReadonlyMap<string, CubeUnit>;
  readonly unitsById: ReadonlyMap<number, CubeUnit>;
  readonly elementsByCode: ReadonlyMap<string, CubeElement>;
  readonly sourcesByCode: ReadonlyMap<string, number>;
  private readonly elementsById: ReadonlyMap<number, CubeElement>;
  private readonly views = new Map<CubeView, Map<string, SeriesCube>>(CUBE_VIEWS.map((v) => [v, new Map()]));
  private readonly periodKeys = new Map<string, number>();
  private preferred = new Map<string, number | undefined>();

  constructor(readonly references: CubeReferences) {
    this.tree = buildUnitTree(references.units);
    this.unitsByCode = new Map(references.units.map((u) => [u.code, u]));
    this.unitsById = new Map(references.units.map((u) => [u.id, u]));
    this.elementsByCode = new Map(references.elements.map((e) => [e.code, e]));
    this.elementsById = new Map(references.elements.map((e) => [e.id, e]));
    this.sourcesByCode = new Map(references.sources.map((s) => [s.code, s.id]));
  }

  /**
   * Applies rows read from the store (new or changed values) after the keys of deleted values,
   * re-deriving what they touch. A key both deleted and in `rows` (deleted, then written again)
   * ends with the row's value.
   *
   * The `all` view holds only the series that have a value not published; every other series is
   * the same in both views and is kept once, in `published`. A series gets its own `all` copy the
   * first time one of its values is not published.
   */
  apply(rows: readonly CubeRow[], deleted: readonly CubeKey[] = []): void {
    const published = this.views.get('published')!;
    const all = this.views.get('all')!;
    const resolved: { row: CubeRow; element: CubeElement; key: number; series: string }[] = [];
    for (const row of rows) {
      const key = this.periodKey(row.period);
      const element = this.elementsById.get(row.elementId);
      if (key === undefined || element === undefined) continue;
      const series = this.seriesKeyOf(row.elementId, row.sourceId, row.disaggregation);
      resolved.push({ row, element, key, series });
      if (row.status !== 'published' && !all.has(series)) {
        all.set(series, published.get(series)?.clone() ?? this.newSeries('all', element));
      }
    }
    const changes = new Map<SeriesCube, [number, number, number | undefined][]>();
    const change = (cube: SeriesCube | undefined, unit: number, key: number, value: number | undefined) => {
      if (cube === undefined) return;
      let list = changes.get(cube);
      if (list === undefined) changes.set(cube, (list = []));
      list.push([unit, key, value]);
    };
    const weightsChanged = new Set<string>();
    for (const gone of deleted) {
      const key = this.periodKey(gone.period);
      const element = this.elementsById.get(gone.elementId);
      if (key === undefined || element === undefined) continue;
      const series = this.seriesKeyOf(gone.elementId, gone.sourceId, gone.disaggregation);
      change(published.get(series), gone.orgUnitId, key, undefined);
      change(all.get(series), gone.orgUnitId, key, undefined);
      weightsChanged.add(element.code);
    }
    for (const { row, element, key, series } of resolved) {
      const isPublished = row.status === 'published';
      let pub = published.get(series);
      if (pub === undefined && isPublished)
        published.set(series, (pub = this.newSeries('published', element)));
      change(pub, row.orgUnitId, key, isPublished ? row.value : undefined);
      change(all.get(series), row.orgUnitId, key, row.value);
      weightsChanged.add(element.code);
    }
    for (const [series, list] of changes) series.setMany(list);
    // Weighted series read their weights (population) from another series: derive them again
    // when a weight changed. They are survey shares at few units, so this is cheap.
    const weighted = this.references.elements.filter(
      (e) => e.spaceAggregation.kind === 'weighted' && weightsChanged.has(e.spaceAggregation.weightElement),
    );
    for (const element of weighted) {
      for (const view of this.views.values()) {
        for (const [key, series] of view) if (key.startsWith(`${element.id}|`)) series.rebuild();
      }
    }
    if (weighted.length > 0) releaseRebuildScratch();
    if (changes.size > 0) this.preferred = new Map();
  }

  /**
   * Takes rows of a first load without deriving anything (much faster than `apply` for millions
   * of rows); call `finishLoad` after the last.
   */
  load(rows: readonly CubeRow[]): void {
    for (const row of rows) {
      const key = this.periodKey(row.period);
      if (key === undefined) continue;
      this.loadValue(
        row.elementId,
        row.orgUnitId,
        key,
        row.disaggregation,
        row.sourceId,
        row.value,
        row.status === 'published',
      );
    }
  }

  /** `load` for one value given as its parts (no row object: the bulk path). */
  loadValue(
    elementId: number,
    orgUnitId: number,
    periodKey: number,
    disaggregation: string,
    sourceId: number,
    value: number,
    isPublished: boolean,
  ): void {
    let bySource = this.stagedIds.get(elementId * 1_000_003 + sourceId);
    if (bySource === undefined) {
      const element = this.elementsById.get(elementId);
      if (element === undefined) return;
      this.stagedIds.set(elementId * 1_000_003 + sourceId, (bySource = new Map<string, number>()));
    }
    let series = bySource.get(disaggregation);
    if (series === undefined) {
      series = this.stagedSeries.length;
      this.stagedSeries.push({
        key: this.seriesKeyOf(elementId, sourceId, disaggregation),
        element: this.elementsById.get(elementId)!,
      });
      bySource.set(disaggregation, series);
    }
    this.staged.push(series, orgUnitId, periodKey, value, isPublished);
  }

  /** Values taken by `loadValue`, waiting for `finishLoad`. */
  private staged = new StagedValues();
  private stagedIds = new Map<number, Map<string, number>>();
  private stagedSeries: { key: string; element: CubeElement }[] = [];

  private readonly seriesKeys = new Map<number, Map<string, string>>();

  /** The key of a series, made once (rows of a series then share one string). */
  private seriesKeyOf(elementId: number, sourceId: number, disaggregation: string): string {
    const id = elementId * 1_000_003 + sourceId;
    let byDisaggregation = this.seriesKeys.get(id);
    if (byDisaggregation === undefined)
      this.seriesKeys.set(id, (byDisaggregation = new Map<string, string>()));
    let key = byDisaggregation.get(disaggregation);
    if (key === undefined)
      byDisaggregation.set(disaggregation, (key = seriesKey(elementId, disaggregation, sourceId)));
    return key;
  }

  /**
   * Derives every cell of every series, weighted series last (their weights must be ready). The
   * values taken by `loadValue` are set series by series, each series derived right after its
   * values are in (its cells are still in cache).
   */
  finishLoad(): void {
    const isWeighted = (element: CubeElement) => element.spaceAggregation.kind === 'weighted';
    const built = this.setStaged((element) => !isWeighted(element));
    const weighted = new Set(this.references.elements.filter(isWeighted).map((e) => `${e.id}|`));
    const keyIsWeighted = (key: string) => weighted.has(key.slice(0, key.indexOf('|') + 1));
    for (const pass of [false, true]) {
      for (const view of this.views.values()) {
        for (const [key, series] of view)
          if (keyIsWeighted(key) === pass && !built.has(series)) series.rebuild();
      }
    }
    releaseRebuildScratch();
    this.preferred = new Map();
  }

  /**
   * Sets the staged values into their series (the `all` view gets a series of its own for those
   * with a value not published) and derives those `now` says; returns the series derived.
   */
  private setStaged(now: (element: CubeElement) => boolean): Set<SeriesCube> {
    const built = new Set<SeriesCube>();
    const staged = this.staged;
    const list = this.stagedSeries;
    this.staged = new StagedValues();
    this.stagedIds = new Map();
    this.stagedSeries = [];
    if (staged.size === 0) return built;
    const published = this.views.get('published')!;
    const all = this.views.get('all')!;
    const {
      starts,
      order,
      unit,
      periodKey,
      value,
      published: isPublished,
    } = staged.groupBySeries(list.length);
    let cells = reportedCells(0);
    for (let s = 0; s < list.length; s++) {
      const { key, element } = list[s]!;
      const from = starts[s]!;
      const to = starts[s + 1]!;
      const derive = now(element);
      if (cells.unit.length < to - from) cells = reportedCells(to - from);
      // the published values, as columns
      let n = 0;
      for (let i = from; i < to; i++) {
        const r = order[i]!;
        if (isPublished[r] === 0) continue;
        cells.unit[n] = unit[r]!;
        cells.periodKey[n] = periodKey[r]!;
        cells.value[n++] = value[r]!;
      }
      let pub = published.get(key);
      if (n > 0) {
        if (pub === undefined) published.set(key, (pub = this.newSeries('published', element)));
        if (derive) {
          pub.build({ ...cells, count: n });
          built.add(pub);
        } else
          for (let i = 0; i < n; i++) pub.setReported(cells.unit[i]!, cells.periodKey[i]!, cells.value[i]!);
      }
      let own = all.get(key);
      const fresh = own === undefined;
      if (fresh && n === to - from) continue;
      if (own === undefined) all.set(key, (own = pub?.clone() ?? this.newSeries('all', element)));
      for (let i = from; i < to; i++) {
        const r = order[i]!;
        // a fresh copy of the published series has its published values already
        if (fresh && isPublished[r] === 1) continue;
        own.setReported(unit[r]!, periodKey[r]!, value[r]!);
      }
      if (derive) {
        own.rebuild();
        built.add(own);
      }
    }
    return built;
  }

  /** Derives every cell again from the reported values (recovery). */
  rebuild(): void {
    this.finishLoad();
  }

  /** The cube of a series, if it has values in this view. */
  series(
    view: CubeView,
    elementId: number,
    disaggregation: string,
    sourceId: number,
  ): SeriesCube | undefined {
    const key = seriesKey(elementId, disaggregation, sourceId);
    return (
      (view === 'all' ? this.views.get('all')!.get(key) : undefined) ?? this.views.get('published')!.get(key)
    );
  }

  /** The series of a view: for `all`, its own copies over the published ones. */
  private viewSeries(view: CubeView): Map<string, SeriesCube> {
    const published = this.views.get('published')!;
    return view === 'published' ? published : new Map([...published, ...this.views.get('all')!]);
  }

  /**
   * The source used for an element when none is asked for: the one with the most cells for its
   * total in this view (ties: the lowest id), so a figure always comes from one source.
   */
  preferredSource(view: CubeView, elementId: number): number | undefined {
    const cacheKey = `${view}|${elementId}`;
    if (this.preferred.has(cacheKey)) return this.preferred.get(cacheKey);
    let best: number | undefined;
    let bestCells = -1;
    for (const [key, series] of this.viewSeries(view)) {
      const [element, source, disaggregation] = key.split('|');
      if (Number(element) !== elementId || disaggregation !== '') continue;
      const id = Number(source);
      const cells = series.cellCount;
      if (cells > bestCells || (cells === bestCells && id < (best ?? Infinity))) {
        best = id;
        bestCells = cells;
      }
    }
    this.preferred.set(cacheKey, best);
    return best;
  }

  /** Cells held, across views and series (for memory figures). */
  get cellCount(): number {
    let n = 0;
    for (const view of this.views.values()) for (const series of view.values()) n += series.cellCount;
    return n;
  }

  periodKey(code: string): number | undefined {
    let key = this.periodKeys.get(code);
    if (key === undefined) {
      try {
        key = periodKey(parsePeriod(code));
      } catch {
        return undefined;
      }
      this.periodKeys.set(code, key);
    }
    return key;
  }

  private newSeries(view: CubeView, element: CubeElement): SeriesCube {
    return new SeriesCube(this.tree, element.timeAggregation, this.spaceRule(view, element));
  }

  private spaceRule(view: CubeView, element: CubeElement): SpaceRule {
    const rule = element.spaceAggregation;
    if (rule.kind !== 'weighted') return { kind: rule.kind };
    return { kind: 'weighted', weight: (unit, key) => this.weight(view, element, unit, key) };
  }

  /**
   * The weight of a unit in a period for a weighted element (its population, read as a stock from
   * the weight element's preferred source); undefined for other elements or when unknown.
   */
  weight(view: CubeView, element: CubeElement, unit: number, key: number): number | undefined {
    if (element.spaceAggregation.kind !== 'weighted') return undefined;
    const weightElement = this.elementsByCode.get(element.spaceAggregation.weightElement);
    if (weightElement === undefined) return undefined;
    const source = this.preferredSource(view, weightElement.id);
    if (source === undefined) return undefined;
    return stockValue(this.series(view, weightElement.id, '', source), unit, key);
  }
}

/** A stock's value in a period, or, for a quarter or month without one, its year's value. */
export function stockValue(series: SeriesCube | undefined, unit: number, key: number): number | undefined {
  if (series === undefined) return undefined;
  const cell = series.get(unit, key);
  if (cell !== undefined) return cell.value;
  const yearKey = yearKeyOf(key);
  return yearKey === key ? undefined : series.get(unit, yearKey)?.value;
}

function reportedCells(size: number): ReportedCells & { count: number } {
  return {
    unit: new Int32Array(size),
    periodKey: new Int32Array(size),
    value: new Float64Array(size),
    count: 0,
  };
}
