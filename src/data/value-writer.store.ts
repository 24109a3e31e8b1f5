import type { Store } from '../store/store.ts';
import { PostgresValueWriter } from './postgres-value-writer.store.ts';
import { SqliteValueWriter } from './sqlite-value-writer.store.ts';
import type { ValueWriter } from './value-writer.ts';

/** The import writer for the store's dialect. */
export function createValueWriter(
  store: Store,
  options: { file?: string; busyTimeoutMs?: number } = {},
): ValueWriter {
  return store.dialect === 'sqlite'
    ? new SqliteValueWriter(store, options)
    : new PostgresValueWriter(store, options);
}
