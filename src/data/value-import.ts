/**
 * The import path for canonical data values: text in, one transaction out. It reads the file as a
 * stream (memory stays bounded whatever its size), checks every row, hands good rows to the
 * writer, and keeps reading after a bad row so that every bad row is listed. If any row is bad,
 * the writer rolls back and nothing is written. I/O comes in as arguments: the chunks of the file
 * and the writer for the store.
 */
import { createHash } from 'node:crypto';
import { ForbiddenError, ValidationError, type InputIssue } from '../kernel/errors.ts';
import { isDeletion, type ImportRow } from './canonical-row.ts';
import { CsvRecordReader, type CsvRecord } from './csv-records.ts';
import {
  readHeader,
  ROW_COLUMNS,
  RowValidator,
  type ColumnMap,
  type ImportReferences,
} from './row-validation.ts';
import type { BatchInfo, ResolvedRow, ValueStatus, ValueWriter, WriteCounts } from './value-writer.ts';

export interface ImportOptions {
  /** file name shown in errors and kept with the batch */
  readonly file?: string;
  readonly status?: ValueStatus;
  readonly kind?: BatchInfo['kind'];
  readonly createdBy?: string;
  readonly note?: string;
  /** how many problems to list before only counting them (default 1 000) */
  readonly maxIssues?: number;
  /** called now and then with the number of rows read so far */
  readonly onProgress?: (rows: number, bytes: number) => void;
  /**
   * Whether the caller may write values of this org unit (their scope); absent: any. A row of
   * another unit refuses the whole file with ForbiddenError, listing every such row.
   */
  readonly orgUnitAllowed?: (orgUnitId: number) => boolean;
}

/** `importRows` only: where the rows came from. */
export interface RowsOrigin {
  /** the line of the file each row was read from (rows are numbered from 1 without it) */
  readonly lines?: readonly number[];
  /** sha256 of the file the rows were read from, kept with the batch */
  readonly checksum?: string;
}

export interface ImportResult extends WriteCounts {
  readonly batchId: number;
  readonly rows: number;
  readonly checksum: string | null;
}

const WRITE_BATCH = 5_000;

/** Collects problems up to a limit, counting the rest. */
class IssueList {
  readonly items: InputIssue[] = [];
  total = 0;
  constructor(private readonly limit: number) {}
  add(issues: readonly InputIssue[]): void {
    for (const issue of issues) {
      this.total += 1;
      if (this.items.length < this.limit) this.items.push(issue);
    }
  }
  error(file: string | undefined): ValidationError {
    const more = this.total - this.items.length;
    const name = file ?? 'the input';
    return new ValidationError(
      `${name} was not imported: ${this.total} problem${this.total === 1 ? '' : 's'} found, nothing was written${more > 0 ? ` (the first ${this.items.length} are listed)` : ''}.`,
      this.items,
    );
  }
}

/** Runs rows through validation and the writer, inside one transaction. */
class ImportRun {
  private readonly issues: IssueList;
  /** rows of org units outside the caller's scope */
  private readonly outside: IssueList;
  private pending: ResolvedRow[] = [];
  private writing = true;
  rows = 0;

  constructor(
    private readonly validator: RowValidator,
    private readonly writer: ValueWriter,
    maxIssues: number,
    private readonly orgUnitAllowed?: (orgUnitId: number) => boolean,
  ) {
    this.issues = new IssueList(maxIssues);
    this.outside = new IssueList(maxIssues);
  }

  addIssues(issues: readonly InputIssue[]): void {
    this.issues.add(issues);
    this.writing = false;
    this.pending = [];
  }

  async add(fields: readonly string[], line: number, deletion = false): Promise<void> {
    if (this.push(fields, line, deletion)) await this.flush();
  }

  /** `add` without the wait: true when the rows pending should be flushed now. */
  push(fields: readonly string[], line: number, deletion = false): boolean {
    this.rows += 1;
    const checked = this.validator.check(fields, line, deletion);
    if (Array.isArray(checked)) {
      this.addIssues(checked);
      return false;
    }
    if (this.orgUnitAllowed !== undefined && !this.orgUnitAllowed(checked.orgUnitId)) {
      const column = this.validator.columns.org_unit;
      this.outside.add([
        {
          ...(this.validator.file === undefined ? {} : { file: this.validator.file }),
          line,
          column: column + 1,
          field: 'org_unit',
          message: `org unit "${fields[column] ?? ''}" is outside your scope`,
        },
      ]);
      this.writing = false;
      this.pending = [];
      return false;
    }
    if (!this.writing) return false;
    this.pending.push(checked);
    return this.pending.length >= WRITE_BATCH;
  }

  async flush(): Promise<void> {
    if (this.writing && this.pending.length > 0) {
      const rows = this.pending;
      this.pending = [];
      await this.writer.write(rows);
    }
  }

  /** Commits, or rolls back and throws; whatever fails on the way (a flush, the commit) rolls back. */
  async finish(batchId: number, checksum: string | null, file: string | undefined): Promise<ImportResult> {
    try {
      if (this.outside.total > 0) {
        const more = this.outside.total - this.outside.items.length;
        throw new ForbiddenError(
          `${file ?? 'the input'} was not imported: ${this.outside.total} row${this.outside.total === 1 ? ' is' : 's are'} of org units outside your scope, nothing was written${more > 0 ? ` (the first ${this.outside.items.length} are listed)` : ''}.`,
          this.outside.items,
        );
      }
      if (this.issues.total === 0) await this.flush();
      if (this.issues.total > 0) throw this.issues.error(file);
      const finished = await this.writer.finish(checksum, this.rows);
      if (!finished.ok) {
        this.issues.add(finished.issues);
        throw this.issues.error(file);
      }
      return { batchId, rows: this.rows, checksum, ...finished.counts };
    } catch (error) {
      await this.writer.rollback();
      throw error;
    }
  }
}

function batchInfo(options: ImportOptions): BatchInfo {
  return {
    kind: options.kind ?? 'import',
    fileName: options.file ?? null,
    createdBy: options.createdBy ?? null,
    note: options.note ?? null,
    status: options.status ?? 'draft',
  };
}

const isBlank = (record: CsvRecord): boolean => record.fields.length === 1 && record.fields[0] === '';

/**
 * Imports a canonical CSV file (header `element,org_unit,period,disaggregation,source,value`, in
 * any column order), given as a stream of bytes. Throws ValidationError listing every problem
 * (file, line, column, field, what was expected) when any row is bad; then nothing is written.
 */
export async function importCanonicalCsv(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  references: ImportReferences,
  writer: ValueWriter,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const file = options.file;
  // Not fatal: a byte that is not UTF-8 becomes U+FFFD, and the row that holds it is reported
  // with its line and column like any other bad value.
  const decoder = new TextDecoder('utf-8');
  let sawInvalidUtf8 = false;
  const reader = new CsvRecordReader(file === undefined ? {} : { file });
  const hash = createHash('sha256');
  let bytes = 0;
  let columns: ColumnMap | undefined;
  let run: ImportRun | undefined;
  let batchId = 0;
  const headerIssues: InputIssue[] = [];
  let lastProgress = 0;

  const take = async (records: CsvRecord[]): Promise<void> => {
    for (const record of records) {
      if (columns === undefined) {
        if (headerIssues.length > 0) return;
        const header = readHeader(record.fields, file);
        if (!header.ok) {
          headerIssues.push(...header.issues);
          return;
        }
        columns = header.columns;
        run = new ImportRun(
          new RowValidator(references, columns, file),
          writer,
          options.maxIssues ?? 1000,
          options.orgUnitAllowed,
        );
        batchId = await writer.begin(batchInfo(options));
        continue;
      }
      if (isBlank(record)) continue;
      if (sawInvalidUtf8) {
        const column = record.fields.findIndex((f) => f.includes('\uFFFD'));
        if (column >= 0) {
          run!.rows += 1;
          run!.addIssues([
            {
              ...(file === undefined ? {} : { file }),
              line: record.line,
              column: column + 1,
              message: 'this field is not valid UTF-8 (save the file as UTF-8)',
            },
          ]);
          continue;
        }
      }
      await run!.add(record.fields, record.line);
    }
    if (reader.issues.length > 0 && run !== undefined) run.addIssues(reader.issues.splice(0));
  };

  try {
    for await (const chunk of chunks) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      const text = decoder.decode(chunk, { stream: true });
      if (!sawInvalidUtf8 && text.includes('\uFFFD')) sawInvalidUtf8 = true;
      await take(reader.push(text));
      if (headerIssues.length > 0) break;
      if (options.onProgress !== undefined && run !== undefined && run.rows - lastProgress >= 100_000) {
        lastProgress = run.rows;
        options.onProgress(run.rows, bytes);
      }
    }
    if (headerIssues.length === 0) {
      const rest = decoder.decode();
      if (rest.includes('\uFFFD')) sawInvalidUtf8 = true;
      await take(reader.push(rest));
      await take(reader.end());
    }
  } catch (error) {
    await writer.rollback();
    throw error;
  }
  if (headerIssues.length > 0) {
    throw new ValidationError(
      `${file ?? 'the input'} was not imported: its header is not the canonical one.`,
      headerIssues,
    );
  }
  if (run === undefined) {
    throw new ValidationError(
      `${file ?? 'the input'} is empty: expected a header line (${'element,org_unit,period,disaggregation,source,value'}).`,
    );
  }
  options.onProgress?.(run.rows, bytes);
  return run.finish(batchId, hash.digest('hex'), file);
}

/** The fields of an import row in `ROW_COLUMNS` order (a deletion's value may be blank). */
export function importRowFields(row: ImportRow): string[] {
  return [
    row.element,
    row.orgUnit,
    row.period,
    row.disaggregation,
    row.source,
    row.value === null ? '' : String(row.value),
  ];
}

/** Rows a streaming reader has read from one stretch of a file, each with the line it came from. */
export interface RowBatch {
  readonly rows: readonly ImportRow[];
  readonly lines: readonly number[];
}

/**
 * `importRows` for rows that arrive in batches as a file is read (`streamGenericTable`): the same
 * checks and the same single transaction, each row keeping its line. The file's sha256 is asked
 * for once the batches are done, so it can be computed while the file streams. An error thrown
 * by the batches rolls back and is thrown on.
 */
export async function importRowBatches(
  batches: AsyncIterable<RowBatch> | Iterable<RowBatch>,
  references: ImportReferences,
  writer: ValueWriter,
  options: ImportOptions & { readonly checksum?: () => string | null } = {},
): Promise<ImportResult> {
  const run = new ImportRun(
    new RowValidator(references, ROW_COLUMNS, options.file),
    writer,
    options.maxIssues ?? 1000,
    options.orgUnitAllowed,
  );
  let batchId: number;
  let lastProgress = 0;
  try {
    batchId = await writer.begin(batchInfo(options));
    for await (const { rows, lines } of batches) {
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const full = run.push(importRowFields(row), lines[i]!, isDeletion(row));
        if (full) await run.flush();
      }
      if (options.onProgress !== undefined && run.rows - lastProgress >= 100_000) {
        lastProgress = run.rows;
        options.onProgress(run.rows, 0);
      }
    }
  } catch (error) {
    await writer.rollback();
    throw error;
  }
  return run.finish(batchId, options.checksum?.() ?? null, options.file);
}

/**
 * Imports rows that are already objects (the demo generator, the API, readers of received
 * formats), with the same checks and the same single transaction; a deletion deletes the value
 * under its key. Rows are numbered from 1 in the order given.
 */
export async function importRows(
  rows: Iterable<ImportRow> | AsyncIterable<ImportRow>,
  references: ImportReferences,
  writer: ValueWriter,
  options: ImportOptions & RowsOrigin = {},
): Promise<ImportResult> {
  const run = new ImportRun(
    new RowValidator(references, ROW_COLUMNS, options.file),
    writer,
    options.maxIssues ?? 1000,
    options.orgUnitAllowed,
  );
  let batchId: number;
  try {
    batchId = await writer.begin(batchInfo(options));
    let index = 0;
    for await (const row of rows) {
      const line = options.lines?.[index] ?? index + 1;
      index += 1;
      await run.add(importRowFields(row), line, isDeletion(row));
      if (options.onProgress !== undefined && index % 100_000 === 0) options.onProgress(index, 0);
    }
  } catch (error) {
    await writer.rollback();
    throw error;
  }
  return run.finish(batchId, options.checksum ?? null, options.file);
}
