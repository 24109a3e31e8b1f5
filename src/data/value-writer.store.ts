import type { Store } from '../store/store.ts';
import type { ValueWriterOptions } from './import-audit.store.ts';
import { LockingValueWriter } from './locked-values.store.ts';
import { PostgresValueWriter } from './postgres-value-writer.store.ts';
import { SqliteValueWriter } from './sqlite-value-writer.store.ts';
import type { ValueWriter } from './value-writer.ts';

export type { ImportAudit, ValueWriterOptions } from './import-audit.store.ts';

/** The import writer for the store's dialect, which keeps approved and published values locked. */
export function createValueWriter(store: Store, options: ValueWriterOptions = {}): ValueWriter {
  const writer =
    store.dialect === 'sqlite'
      ? new SqliteValueWriter(store, options)
      : new PostgresValueWriter(store, options);
  return new LockingValueWriter(writer, store.db, options.file);
}
