import { Readable } from 'node:stream';
import type { Store } from '../../src/store/store.ts';
import { loadImportReferences } from '../../src/data/import-references.store.ts';
import { importCanonicalCsv, type ImportOptions } from '../../src/data/value-import.ts';
import { createValueWriter, type ImportAudit } from '../../src/data/value-writer.store.ts';

export const HEADER = 'element,org_unit,period,disaggregation,source,value';

/** A stream of the text's UTF-8 bytes in small chunks (to exercise chunk boundaries). */
export function bytes(text: string | Uint8Array, chunkSize = 64): AsyncIterable<Uint8Array> {
  const buffer = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < buffer.length; i += chunkSize) parts.push(buffer.subarray(i, i + chunkSize));
  return Readable.from(parts);
}

/** Imports CSV text; with `audit`, the import writes its audit entry as the CLI and the API do. */
export async function importText(
  store: Store,
  text: string,
  options: ImportOptions & { readonly audit?: ImportAudit } = {},
) {
  const references = await loadImportReferences(store.db);
  const { audit, ...importOptions } = options;
  return importCanonicalCsv(
    bytes(text),
    references,
    createValueWriter(store, {
      ...(options.file === undefined ? {} : { file: options.file }),
      ...(audit === undefined ? {} : { audit }),
    }),
    importOptions,
  );
}

export async function countValues(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('data_value')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countBatches(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('import_batch')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
