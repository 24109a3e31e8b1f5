import type { Kysely, Transaction } from 'kysely';
import { NotFoundError } from '../kernel/errors.ts';
import type { LocalizedText } from '../kernel/i18n.ts';
import type { Schema } from '../store/schema.ts';
import type { DataElement, Dimension, Indicator, SpaceAggregation } from './catalogue.ts';

type Db = Kysely<Schema> | Transaction<Schema>;

export interface StoredDataElement extends DataElement {
  readonly id: number;
}

/** Inserts or updates dimensions, data elements and indicators by code. */
export async function saveCatalogue(
  db: Db,
  catalogue: {
    readonly dimensions: readonly Dimension[];
    readonly elements: readonly DataElement[];
    readonly indicators: readonly Indicator[];
  },
): Promise<void> {
  for (const d of catalogue.dimensions) {
    const row = {
      code: d.code,
      name: JSON.stringify(d.name),
      categories: JSON.stringify(d.categories),
    };
    await db
      .insertInto('dimension')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet({ name: row.name, categories: row.categories }))
      .execute();
  }
  for (const e of catalogue.elements) {
    const row = {
      code: e.code,
      name: JSON.stringify(e.name),
      definition: JSON.stringify(e.definition),
      value_type: e.valueType,
      unit: e.unit,
      time_aggregation: e.timeAggregation,
      space_aggregation: JSON.stringify(e.spaceAggregation),
      dimensions: JSON.stringify(e.dimensions),
      iccs: e.iccs,
    };
    const { code: _code, ...update } = row;
    await db
      .insertInto('data_element')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet(update))
      .execute();
  }
  for (const i of catalogue.indicators) {
    const row = {
      code: i.code,
      name: JSON.stringify(i.name),
      definition: JSON.stringify(i.definition),
      unit_label: JSON.stringify(i.unitLabel),
      family: i.family,
      direction: i.direction,
      numerator: i.numerator,
      denominator: i.denominator,
      factor: i.factor,
      kind: i.kind,
      change_of: i.changeOf ?? null,
      sdg: JSON.stringify(i.sdg),
      iccs: JSON.stringify(i.iccs),
      dimensions: JSON.stringify(i.dimensions),
    };
    const { code: _code, ...update } = row;
    await db
      .insertInto('indicator')
      .values(row)
      .onConflict((oc) => oc.column('code').doUpdateSet(update))
      .execute();
  }
}

export async function listDimensions(db: Db): Promise<Dimension[]> {
  const rows = await db.selectFrom('dimension').selectAll().orderBy('code').execute();
  return rows.map((r) => ({
    code: r.code,
    name: JSON.parse(r.name) as LocalizedText,
    categories: JSON.parse(r.categories) as Dimension['categories'],
  }));
}

export async function listDataElements(db: Db): Promise<StoredDataElement[]> {
  const rows = await db.selectFrom('data_element').selectAll().orderBy('code').execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: JSON.parse(r.name) as LocalizedText,
    definition: JSON.parse(r.definition) as LocalizedText,
    valueType: r.value_type as DataElement['valueType'],
    unit: r.unit as DataElement['unit'],
    timeAggregation: r.time_aggregation as DataElement['timeAggregation'],
    spaceAggregation: JSON.parse(r.space_aggregation) as SpaceAggregation,
    dimensions: JSON.parse(r.dimensions) as string[],
    iccs: r.iccs,
  }));
}

export async function getDataElement(db: Db, code: string): Promise<StoredDataElement> {
  const found = (await listDataElements(db)).find((e) => e.code === code);
  if (found === undefined) throw new NotFoundError(`No data element with code "${code}"`);
  return found;
}

export async function listIndicators(db: Db): Promise<Indicator[]> {
  const rows = await db.selectFrom('indicator').selectAll().orderBy('code').execute();
  return rows.map((r) => ({
    code: r.code,
    name: JSON.parse(r.name) as LocalizedText,
    definition: JSON.parse(r.definition) as LocalizedText,
    unitLabel: JSON.parse(r.unit_label) as LocalizedText,
    family: r.family as Indicator['family'],
    direction: r.direction as Indicator['direction'],
    numerator: r.numerator,
    denominator: r.denominator,
    factor: r.factor,
    kind: r.kind as Indicator['kind'],
    ...(r.change_of === null ? {} : { changeOf: r.change_of }),
    sdg: JSON.parse(r.sdg) as string[],
    iccs: JSON.parse(r.iccs) as string[],
    dimensions: JSON.parse(r.dimensions) as string[],
  }));
}

export async function getIndicator(db: Db, code: string): Promise<Indicator> {
  const found = (await listIndicators(db)).find((i) => i.code === code);
  if (found === undefined) throw new NotFoundError(`No indicator with code "${code}"`);
  return found;
}
