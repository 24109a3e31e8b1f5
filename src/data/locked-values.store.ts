/**
 * Approved data is locked. An import whose batch status is draft or submitted may not change a
 * value that is approved or published: the row is refused (with its line), and so the whole file,
 * until the approval is withdrawn (`POST /api/data-values/status` with `direction: "back"`).
 * Importing the same value again is not a change and passes; deleting a locked value is refused
 * like changing it. Approvers and administrators, who import with the status approved or
 * published, may correct (and delete) locked values.
 *
 * `LockingValueWriter` wraps a dialect's writer: before each chunk is written it reads the stored
 * values under the chunk's keys (committed ones: the import's own transaction does not matter),
 * a thousand keys per query.
 */
import type { Kysely } from 'kysely';
import type { InputIssue } from '../kernel/errors.ts';
import type { Schema } from '../store/schema.ts';
import { storedValuesUnder, valueKey, type StoredValue } from './stored-values.store.ts';
import type { BatchInfo, ResolvedRow, ValueWriter, WriteCounts } from './value-writer.ts';

export const LOCKED_STATUSES = ['approved', 'published'] as const;

/** The problem of a row that would change a locked value. */
export function lockedIssue(
  file: string | undefined,
  row: { readonly line: number; readonly value: number; readonly delete?: boolean },
  stored: StoredValue,
): InputIssue {
  const what = row.delete === true ? 'be deleted' : `change to ${row.value}`;
  return {
    ...(file === undefined ? {} : { file }),
    line: row.line,
    field: 'value',
    message: `the stored value ${stored.value} is ${stored.status} (locked): an approver must send it back before it can ${what}`,
  };
}

/** The rows that would change a locked value, each as a problem at its line. */
export async function lockedChanges(
  db: Kysely<Schema>,
  rows: readonly ResolvedRow[],
  file: string | undefined,
): Promise<InputIssue[]> {
  const locked = await storedValuesUnder(db, rows, LOCKED_STATUSES);
  const issues: InputIssue[] = [];
  for (const row of rows) {
    const stored = locked.get(valueKey(row));
    if (stored === undefined || (row.delete !== true && stored.value === row.value)) continue;
    issues.push(lockedIssue(file, row, stored));
  }
  return issues;
}

export class LockingValueWriter implements ValueWriter {
  private checking = false;
  private readonly issues: InputIssue[] = [];

  constructor(
    private readonly inner: ValueWriter,
    private readonly db: Kysely<Schema>,
    private readonly file: string | undefined,
  ) {}

  begin(batch: BatchInfo): Promise<number> {
    this.checking = batch.status === 'draft' || batch.status === 'submitted';
    return this.inner.begin(batch);
  }

  async write(rows: readonly ResolvedRow[]): Promise<void> {
    if (this.checking) {
      const candidates = await this.withLockedElements(rows);
      const found = candidates.length === 0 ? [] : await lockedChanges(this.db, candidates, this.file);
      if (found.length > 0) {
        this.issues.push(...found);
        const refused = new Set(found.map((issue) => issue.line));
        rows = rows.filter((row) => !refused.has(row.line));
      }
    }
    if (this.issues.length === 0) await this.inner.write(rows);
  }

  /** Whether each element has any locked value at all, asked once per element per import. */
  private readonly lockedElements = new Map<number, boolean>();

  /** The rows whose element has locked values somewhere (the others cannot change one). */
  private async withLockedElements(rows: readonly ResolvedRow[]): Promise<readonly ResolvedRow[]> {
    for (const id of new Set(rows.map((row) => row.elementId))) {
      if (this.lockedElements.has(id)) continue;
      const any = await this.db
        .selectFrom('data_value')
        .select('element_id')
        .where('element_id', '=', id)
        .where('status', 'in', [...LOCKED_STATUSES])
        .limit(1)
        .executeTakeFirst();
      this.lockedElements.set(id, any !== undefined);
    }
    return rows.filter((row) => this.lockedElements.get(row.elementId) === true);
  }

  async finish(
    checksum: string | null,
    rowCount: number,
  ): Promise<{ ok: true; counts: WriteCounts } | { ok: false; issues: InputIssue[] }> {
    // (the caller rolls back on a refusal)
    if (this.issues.length > 0) return { ok: false, issues: this.issues };
    return this.inner.finish(checksum, rowCount);
  }

  rollback(): Promise<void> {
    return this.inner.rollback();
  }
}
