/**
 * The dry run of an import: what the file would change, found without writing or locking
 * anything. Each row is checked as the import checks it (the same `RowValidator`), then compared
 * with the value the store holds under the same key (element, org unit, period, disaggregation,
 * source), looked up a thousand keys at a time: new, changed (with the value before), deleted (an
 * SDMX deletion of a stored value), unchanged (the same value, or a deletion of a key that holds
 * none) or rejected (with every problem, file, line, column). A key repeated in the file is
 * rejected, as the import refuses it (the keys seen are kept compact: `seen-keys.ts`). Problems
 * come in line order; memory holds one batch of rows, the first problems and changes, and the
 * keys seen, so records may stream from a file of any size.
 */
import type { Kysely } from 'kysely';
import type { InputIssue } from '../kernel/errors.ts';
import type { Schema } from '../store/schema.ts';
import { RowValidator, type ColumnMap, type ImportReferences } from './row-validation.ts';
import { lockedIssue, LOCKED_STATUSES } from './locked-values.store.ts';
import { SeenKeys } from './seen-keys.ts';
import { storedValuesUnder, valueKey } from './stored-values.store.ts';
import type { ResolvedRow, ValueStatus } from './value-writer.ts';

/** One value the import would write or delete, with the one it replaces. */
export interface PreviewChange {
  readonly line: number;
  readonly kind: 'new' | 'changed' | 'deleted';
  readonly element: string;
  readonly orgUnit: string;
  readonly period: string;
  readonly disaggregation: string;
  readonly source: string;
  readonly before: number | null;
  /** null for a deletion */
  readonly after: number | null;
  /** the status of the value replaced */
  readonly beforeStatus: string | null;
}

export interface ImportPreview {
  readonly rows: number;
  readonly new: number;
  readonly changed: number;
  readonly unchanged: number;
  /** stored values the file deletes (SDMX `ACTION` D) */
  readonly deleted: number;
  /** rows with at least one problem */
  readonly rejected: number;
  /** the first problems (every problem is counted in `issueCount`) */
  readonly issues: InputIssue[];
  readonly issueCount: number;
  /** the first new, changed and deleted values, in file order */
  readonly changes: PreviewChange[];
}

export interface PreviewOptions {
  readonly file?: string;
  /** how many problems and changes to list (default 1 000 and 200) */
  readonly maxIssues?: number;
  readonly maxChanges?: number;
  readonly orgUnitAllowed?: (orgUnitId: number) => boolean;
  /** the status the import would give: draft and submitted may not change locked values */
  readonly status?: ValueStatus;
  /** hands every problem, in line order, here instead of keeping the first `maxIssues` */
  readonly onIssue?: (issue: InputIssue) => void;
}

/** A row to preview: its fields in the order `columns` gives, and its line in the file. */
export interface PreviewRecord {
  readonly fields: readonly string[];
  readonly line: number;
  /** the row deletes the value under its key */
  readonly deletion?: boolean;
}

const CHUNK = 1000; // rows compared per batch

export async function previewImport(
  db: Kysely<Schema>,
  references: ImportReferences,
  records: Iterable<PreviewRecord> | AsyncIterable<PreviewRecord>,
  columns: ColumnMap,
  options: PreviewOptions = {},
): Promise<ImportPreview> {
  const maxIssues = options.maxIssues ?? 1000;
  const maxChanges = options.maxChanges ?? 200;
  const checkLocks =
    options.status === undefined || options.status === 'draft' || options.status === 'submitted';
  const validator = new RowValidator(references, columns, options.file);
  const issues: InputIssue[] = [];
  let issueCount = 0;
  const counts = { rows: 0, new: 0, changed: 0, unchanged: 0, deleted: 0, rejected: 0 };
  const changes: PreviewChange[] = [];
  const seen = new SeenKeys(references);
  const codes = {
    element: new Map([...references.elements].map(([code, { id }]) => [id, code])),
    orgUnit: new Map([...references.orgUnits].map(([code, { id }]) => [id, code])),
    source: new Map([...references.sources].map(([code, id]) => [id, code])),
  };
  const reject = (found: readonly InputIssue[]): void => {
    counts.rejected += 1;
    for (const issue of found) {
      issueCount += 1;
      if (options.onIssue !== undefined) options.onIssue(issue);
      else if (issues.length < maxIssues) issues.push(issue);
    }
  };

  // Rows to compare and the problems of rows between them, in file order: a row found locked
  // when its batch is compared has its problem told before those of the rows after it.
  let pending: (ResolvedRow | { readonly refused: readonly InputIssue[] })[] = [];
  const compare = async (): Promise<void> => {
    if (pending.length === 0) return;
    const chunk = pending;
    pending = [];
    const before = await storedValuesUnder(
      db,
      chunk.filter((entry): entry is ResolvedRow => !('refused' in entry)),
    );
    for (const row of chunk) {
      if ('refused' in row) {
        reject(row.refused);
        continue;
      }
      const old = before.get(valueKey(row));
      const value = old?.value;
      const deletion = row.delete === true;
      if (deletion ? old === undefined : value === row.value) {
        counts.unchanged += 1;
        continue;
      }
      if (old !== undefined && checkLocks && (LOCKED_STATUSES as readonly string[]).includes(old.status)) {
        reject([lockedIssue(options.file, row, old)]);
        continue;
      }
      const kind = deletion ? 'deleted' : old === undefined ? 'new' : 'changed';
      counts[kind] += 1;
      if (changes.length < maxChanges) {
        changes.push({
          line: row.line,
          kind,
          element: codes.element.get(row.elementId) ?? '',
          orgUnit: codes.orgUnit.get(row.orgUnitId) ?? '',
          period: row.period,
          disaggregation: row.disaggregation,
          source: codes.source.get(row.sourceId) ?? '',
          before: value ?? null,
          after: deletion ? null : row.value,
          beforeStatus: old?.status ?? null,
        });
      }
    }
  };

  /** A row's problems, told after those of the rows before it. */
  const refuse = async (found: readonly InputIssue[]): Promise<void> => {
    if (pending.length === 0) return reject(found);
    pending.push({ refused: found });
    if (pending.length >= CHUNK) await compare();
  };

  for await (const record of records) {
    counts.rows += 1;
    const checked = validator.check(record.fields, record.line, record.deletion === true);
    if (Array.isArray(checked)) {
      await refuse(checked);
      continue;
    }
    const at = (field: keyof ColumnMap) => ({
      ...(options.file === undefined ? {} : { file: options.file }),
      line: record.line,
      column: columns[field] + 1,
      field,
    });
    if (options.orgUnitAllowed !== undefined && !options.orgUnitAllowed(checked.orgUnitId)) {
      await refuse([
        {
          ...at('org_unit'),
          message: `org unit "${record.fields[columns.org_unit] ?? ''}" is outside your scope`,
        },
      ]);
      continue;
    }
    const first = seen.firstLine(checked, record.line);
    if (first !== undefined) {
      await refuse([
        { ...at('value'), message: `the same value appears twice in the file (first at line ${first})` },
      ]);
      continue;
    }
    pending.push(checked);
    if (pending.length >= CHUNK) await compare();
  }
  await compare();
  // A key repeated in the file: its first copy was counted as new, changed or unchanged, and the
  // import would refuse the file; the counts say what the file holds, the issues why it is refused.
  return { ...counts, issues, issueCount, changes };
}
