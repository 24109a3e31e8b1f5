import type { Kysely } from 'kysely';
import { listDataElements, listDimensions } from '../catalogue/catalogue.store.ts';
import { orgUnitValidity } from '../geography/geography.store.ts';
import type { Schema } from '../store/schema.ts';
import type { ImportReferences } from './row-validation.ts';
import { listSources } from './sources.store.ts';

/** Loads what the importer checks rows against: elements, org units, sources, dimensions. */
export async function loadImportReferences(db: Kysely<Schema>): Promise<ImportReferences> {
  const [elements, orgUnits, sources, dimensions] = await Promise.all([
    listDataElements(db),
    orgUnitValidity(db),
    listSources(db),
    listDimensions(db),
  ]);
  return {
    elements: new Map(elements.map((element) => [element.code, { id: element.id, element }])),
    orgUnits,
    sources: new Map(sources.map((s) => [s.code, s.id])),
    dimensions,
  };
}
