import type { Store } from '../store/store.ts';
import type { ValueWriterOptions } from './import-audit.store.ts';
import { LockingValueWriter } from './locked-values.store.ts';
import { PostgresValueWriter } from './postgres-value-writer.store.ts';
import { SqliteValueWriter } from './sqlite-value-writer.store.ts';
import { ThreadedValueWriter } from './threaded-value-writer.store.ts';
import type { ValueWriter } from './value-writer.ts';

export type { ImportAudit, ValueWriterOptions } from './import-audit.store.ts';

/**
 * Inputs from this size up are written by a thread of their own on SQLite (threaded-value-writer.store.ts):
 * a thread's start (~0.3 s) is then a small part of the import, and parsing runs beside the writes.
 */
export const THREADED_WRITER_MIN_BYTES = 4 * 2 ** 20;

export interface WriterChoice {
  /** the input's size in bytes, when known: large inputs get a writer thread on SQLite */
  readonly inputBytes?: number | undefined;
}

/** The import writer for the store's dialect, which keeps approved and published values locked. */
export function createValueWriter(
  store: Store,
  options: ValueWriterOptions & WriterChoice = {},
): ValueWriter {
  const { inputBytes, ...writerOptions } = options;
  return new LockingValueWriter(chooseWriter(store, writerOptions, inputBytes), store.db, options.file);
}

function chooseWriter(
  store: Store,
  options: ValueWriterOptions,
  inputBytes: number | undefined,
): ValueWriter {
  if (store.dialect === 'postgres') return new PostgresValueWriter(store, options);
  const path = store.sqlite.name;
  const onDisk = path !== '' && path !== ':memory:';
  if (onDisk && inputBytes !== undefined && inputBytes >= THREADED_WRITER_MIN_BYTES) {
    return new ThreadedValueWriter(path, options);
  }
  return new SqliteValueWriter(store, options);
}
