import type { InputIssue } from '../kernel/errors.ts';

/** The four states of a data value, in the order the approval workflow moves them. */
export const VALUE_STATUSES = ['draft', 'submitted', 'approved', 'published'] as const;
export type ValueStatus = (typeof VALUE_STATUSES)[number];

export function isValueStatus(value: string): value is ValueStatus {
  return (VALUE_STATUSES as readonly string[]).includes(value);
}

/** A canonical row whose codes have been checked and turned into store ids. */
export interface ResolvedRow {
  readonly elementId: number;
  readonly orgUnitId: number;
  readonly period: string;
  readonly disaggregation: string;
  readonly sourceId: number;
  /** ignored when `delete` */
  readonly value: number;
  /** the value under this key is to be deleted (nothing happens when there is none) */
  readonly delete?: boolean;
  /** line of the file, or the row's position for rows that did not come from a file */
  readonly line: number;
}

export interface BatchInfo {
  readonly kind: 'import' | 'demo' | 'api';
  readonly fileName: string | null;
  readonly createdBy: string | null;
  readonly note: string | null;
  readonly status: ValueStatus;
}

export interface WriteCounts {
  readonly inserted: number;
  readonly updated: number;
  /** rows that changed nothing, deletions of keys that hold no value included */
  readonly unchanged: number;
  readonly deleted: number;
}

/**
 * Writes one import inside one transaction (a row with `delete` deletes the value under its key). `begin` opens it and records the batch; `write` takes
 * rows in order; `commit` closes it and returns the counts, or the duplicate keys found (in which
 * case nothing is kept); `rollback` abandons everything. A process killed at any point leaves the
 * store as it was before `begin`.
 */
export interface ValueWriter {
  begin(batch: BatchInfo): Promise<number>;
  write(rows: readonly ResolvedRow[]): Promise<void>;
  /** Finishes the writes; returns duplicate-key issues instead of committing when there are any. */
  finish(
    checksum: string | null,
    rowCount: number,
  ): Promise<{ ok: true; counts: WriteCounts } | { ok: false; issues: InputIssue[] }>;
  rollback(): Promise<void>;
}
