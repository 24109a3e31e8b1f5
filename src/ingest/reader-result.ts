/**
 * What every ingest reader returns, and the small collector readers fill: rows in the canonical
 * shape, problems with the line (and column and field) they were found at, and the rows left out
 * on purpose counted by reason (aggregates, blank months, indicators nobody mapped), so a
 * person can see that nothing vanished silently.
 */
import type { InputIssue } from '../kernel/errors.ts';
import type { CanonicalRow } from '../data/canonical-row.ts';
import { CsvRecordReader, type CsvRecord } from '../data/csv-records.ts';
import type { SkipReason } from './skip-reasons.ts';
import { decodeText, type TextEncodingName } from './text-encoding.ts';

export interface SkipCount {
  readonly code: SkipReason;
  readonly count: number;
}

export interface ReaderResult<Row = CanonicalRow> {
  readonly rows: Row[];
  /** the line of the file each row was read from (for a sum of several lines, the first) */
  readonly lines: number[];
  readonly issues: InputIssue[];
  readonly skipped: SkipCount[];
  /** how the bytes were decoded */
  readonly encoding: TextEncodingName;
}

/** The input of a reader: the file's bytes (encoding detected) or its text. */
export type ReaderInput = Uint8Array | string;

export interface ReaderOptions {
  /** file name shown in issues */
  readonly file?: string;
}

/** Collects rows, issues and skip counts for one file. */
export class ReadCollector<Row = CanonicalRow> {
  readonly rows: Row[] = [];
  readonly lines: number[] = [];
  readonly issues: InputIssue[] = [];
  private readonly skips = new Map<SkipReason, number>();
  constructor(
    readonly file: string | undefined,
    readonly encoding: TextEncodingName,
  ) {}

  add(row: Row, line: number): void {
    this.rows.push(row);
    this.lines.push(line);
  }

  skip(reason: SkipReason, count = 1): void {
    this.skips.set(reason, (this.skips.get(reason) ?? 0) + count);
  }

  issue(line: number, message: string, column?: number, field?: string): void {
    this.issues.push({
      ...(this.file === undefined ? {} : { file: this.file }),
      line,
      ...(column === undefined ? {} : { column }),
      ...(field === undefined ? {} : { field }),
      message,
    });
  }

  result(): ReaderResult<Row> {
    return {
      rows: this.rows,
      lines: this.lines,
      issues: this.issues,
      skipped: [...this.skips].map(([code, count]) => ({ code, count })),
      encoding: this.encoding,
    };
  }
}

/** Decodes and splits a delimited file into records, starting a collector for it. */
export function readDelimited<Row = CanonicalRow>(
  input: ReaderInput,
  options: ReaderOptions & { readonly delimiter?: string },
): { records: CsvRecord[]; out: ReadCollector<Row> } {
  const { text, encoding } = decodeText(input);
  const out = new ReadCollector<Row>(options.file, encoding);
  const reader = new CsvRecordReader({
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
    ...(options.file === undefined ? {} : { file: options.file }),
  });
  const records = reader.push(text);
  records.push(...reader.end());
  out.issues.push(...reader.issues);
  return { records: records.filter((record) => !isBlankRecord(record)), out };
}

export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((field) => field.trim() === '');
}

/** Finds a header's columns by name (trimmed, case-insensitive); -1 when absent. */
export function columnIndex(header: readonly string[], ...names: string[]): number {
  const wanted = names.map((name) => name.toLowerCase());
  return header.findIndex((cell) => wanted.includes(cell.trim().toLowerCase()));
}

/** A cell as text, trimmed; `''` when the record is short or the column absent. */
export function cell(record: CsvRecord, index: number): string {
  return index < 0 ? '' : (record.fields[index] ?? '').trim();
}
