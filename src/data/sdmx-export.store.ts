/**
 * Data values as SDMX-CSV: the writer for a filter's values, its columns those of every
 * dimension the values use (so every page of an export has the same header).
 */
import type { Kysely } from 'kysely';
import { sdmxCsvWriter, sdmxDimensions, type SdmxWriteOptions } from '../ingest/sdmx-csv.ts';
import type { Schema } from '../store/schema.ts';
import { disaggregationKeys, type DataValueFilter } from './data-values.store.ts';

export async function sdmxWriterFor(
  db: Kysely<Schema>,
  filter: DataValueFilter,
  options: SdmxWriteOptions,
): Promise<ReturnType<typeof sdmxCsvWriter>> {
  return sdmxCsvWriter(sdmxDimensions(await disaggregationKeys(db, filter)), options);
}
