/**
 * The live cube of a store: loaded once, then kept fresh from the change log. Before answering,
 * `fresh()` reads the number of the last committed change (one indexed lookup) and applies the
 * values stamped with a later one, after removing the values deleted by a later one (their last
 * versions, kept in `data_value_revision` with the change that deleted them); so a write through this process, another server process on the
 * same PostgreSQL database, or `atalaya import` on the same SQLite file shows at the next query.
 */
import { sql } from 'kysely';
import { listDataElements, listIndicators } from '../catalogue/catalogue.store.ts';
import type { Indicator } from '../catalogue/catalogue.ts';
import { lastDataChange } from '../data/data-change.store.ts';
import type { DataValueTable } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { AnalyticsCube, type CubeReferences, type CubeRow } from './analytics-cube.ts';
import { compileIndicator, type CompiledIndicator } from './indicator-values.ts';

const PAGE = 50_000;

export async function loadCubeReferences(store: Store): Promise<CubeReferences> {
  const db = store.db;
  const [units, groups, members, elements, sources] = await Promise.all([
    db
      .selectFrom('org_unit')
      .select(['id', 'code', 'parent_id', 'level', 'depth', 'valid_from', 'valid_to'])
      .execute(),
    db.selectFrom('org_unit_group').select(['id', 'code']).execute(),
    db
      .selectFrom('org_unit_group_member')
      .select(['group_id', 'org_unit_id', 'valid_from', 'valid_to'])
      .execute(),
    listDataElements(db),
    db.selectFrom('source').select(['id', 'code']).execute(),
  ]);
  return {
    units: units.map((u) => ({
      id: u.id,
      code: u.code,
      parentId: u.parent_id,
      level: u.level,
      depth: u.depth,
      validFrom: u.valid_from,
      validTo: u.valid_to,
    })),
    groups: groups.map((g) => ({
      code: g.code,
      members: members
        .filter((m) => m.group_id === g.id)
        .map((m) => ({ unitId: m.org_unit_id, validFrom: m.valid_from, validTo: m.valid_to })),
    })),
    elements: elements.map((e) => ({
      id: e.id,
      code: e.code,
      valueType: e.valueType,
      timeAggregation: e.timeAggregation,
      spaceAggregation: e.spaceAggregation,
      dimensions: e.dimensions,
    })),
    sources,
  };
}

const VALUE_COLUMNS = [
  'element_id',
  'org_unit_id',
  'period',
  'disaggregation',
  'source_id',
  'value',
  'status',
] as const;

type ValueRow = Pick<DataValueTable, (typeof VALUE_COLUMNS)[number]>;

const toCubeRow = (r: ValueRow): CubeRow => ({
  elementId: r.element_id,
  orgUnitId: r.org_unit_id,
  period: r.period,
  disaggregation: r.disaggregation,
  sourceId: r.source_id,
  value: Number(r.value),
  status: r.status,
});

/**
 * Every value, in chunks (memory stays bounded): on SQLite one streamed statement on the raw
 * driver (several times faster than pages through the query builder), on PostgreSQL pages of the
 * primary key.
 */
async function readAllValues(store: Store, cube: AnalyticsCube): Promise<void> {
  const load = (
    element: number,
    unit: number,
    period: string,
    disaggregation: string,
    source: number,
    value: number,
    status: string,
  ) => {
    const key = cube.periodKey(period);
    if (key !== undefined) {
      cube.loadValue(element, unit, key, disaggregation, source, Number(value), status === 'published');
    }
  };
  if (store.dialect === 'sqlite') {
    const statement = store.sqlite.prepare(`SELECT ${VALUE_COLUMNS.join(', ')} FROM data_value`).raw(true);
    for (const r of statement.iterate() as IterableIterator<
      [number, number, string, string, number, number, string]
    >) {
      load(r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
    }
    return;
  }
  let after: ValueRow | undefined;
  for (;;) {
    let query = store.db.selectFrom('data_value').select(VALUE_COLUMNS);
    if (after !== undefined) {
      const a = after;
      query = query.where(
        sql<boolean>`(element_id, org_unit_id, period, disaggregation, source_id) > (${a.element_id}, ${a.org_unit_id}, ${a.period}, ${a.disaggregation}, ${a.source_id})`,
      );
    }
    const rows = (await query
      .orderBy('element_id')
      .orderBy('org_unit_id')
      .orderBy('period')
      .orderBy('disaggregation')
      .orderBy('source_id')
      .limit(PAGE)
      .execute()) as ValueRow[];
    for (const r of rows) {
      load(r.element_id, r.org_unit_id, r.period, r.disaggregation, r.source_id, r.value, r.status);
    }
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1];
  }
}

export class LiveCube {
  private seen = 0;
  private refreshing: Promise<AnalyticsCube> | undefined;
  private compiled = new Map<string, CompiledIndicator>();

  private constructor(
    private readonly store: Store,
    private cube: AnalyticsCube,
    readonly indicators: ReadonlyMap<string, Indicator>,
  ) {
    for (const indicator of indicators.values()) {
      this.compiled.set(indicator.code, compileIndicator(indicator, cube.elementsByCode, indicators));
    }
  }

  /** Loads the references and every value. */
  static async open(store: Store): Promise<LiveCube> {
    const [references, indicators] = await Promise.all([loadCubeReferences(store), listIndicators(store.db)]);
    const live = new LiveCube(
      store,
      new AnalyticsCube(references),
      new Map(indicators.map((i) => [i.code, i])),
    );
    await live.load();
    return live;
  }

  compiledIndicator(code: string): CompiledIndicator | undefined {
    return this.compiled.get(code);
  }

  /** The cube with every committed change applied. */
  async fresh(): Promise<AnalyticsCube> {
    this.refreshing ??= this.catchUp().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Reads every value again into a new cube (recovery); returns the time it took in ms. */
  async rebuild(): Promise<number> {
    const started = performance.now();
    const references = await loadCubeReferences(this.store);
    const cube = new AnalyticsCube(references);
    const seen = await lastDataChange(this.store.db);
    await readAllValues(this.store, cube);
    cube.finishLoad();
    this.cube = cube;
    this.seen = seen;
    return performance.now() - started;
  }

  get cellCount(): number {
    return this.cube.cellCount;
  }

  get lastChange(): number {
    return this.seen;
  }

  private async load(): Promise<void> {
    // The change number is read first: a change committed while reading is applied again later
    // (applying a value twice is harmless), never missed.
    this.seen = await lastDataChange(this.store.db);
    await readAllValues(this.store, this.cube);
    this.cube.finishLoad();
  }

  private async catchUp(): Promise<AnalyticsCube> {
    const last = await lastDataChange(this.store.db);
    if (last > this.seen) {
      const [rows, deleted] = await Promise.all([
        this.store.db
          .selectFrom('data_value')
          .select(VALUE_COLUMNS)
          .where('change_seq', '>', this.seen)
          .execute() as Promise<ValueRow[]>,
        // (`deleted = 1` lets the planner use the partial index data_value_deletion)
        this.store.db
          .selectFrom('data_value_revision')
          .select(['element_id', 'org_unit_id', 'period', 'disaggregation', 'source_id'])
          .where('deleted', '=', 1)
          .where('superseded_by_change', '>', this.seen)
          .execute(),
      ]);
      this.cube.apply(
        rows.map(toCubeRow),
        deleted.map((d) => ({
          elementId: d.element_id,
          orgUnitId: d.org_unit_id,
          period: d.period,
          disaggregation: d.disaggregation,
          sourceId: d.source_id,
        })),
      );
      this.seen = last;
    }
    return this.cube;
  }
}

/** Opens the live cube on first use (and again after a failed attempt). */
export function lazyLiveCube(store: Store): () => Promise<LiveCube> {
  let opening: Promise<LiveCube> | undefined;
  return () => {
    opening ??= LiveCube.open(store).catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
}
