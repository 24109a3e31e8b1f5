/**
 * Any delimited table, read through a declared column mapping: which column holds the org unit
 * and the period (or a constant for either), and one entry per value column with the element,
 * source and disaggregation it carries. A long table (one value column, the element in a column)
 * and a wide one (several value columns) are both one mapping away. An XLSX sheet is read through
 * the same mapping (`xlsx-table.ts` turns its rows into the records read here, with their typed cells).
 *
 * Mapping (JSON):
 *
 * ```json
 * { "delimiter": ",", "decimal": ",",
 *   "orgUnit": { "column": "codigo_mun", "prefix": "COL.", "pad": 5 },
 *   "period": { "constant": "2024" },
 *   "values": [ { "column": "total_homicidios", "element": "homicide_victims", "source": "forensic" },
 *               { "column": "poblacion", "element": "population", "source": "census" } ] }
 * ```
 *
 * - `orgUnit`, `period`: `{ "column": name }` or `{ "constant": text }`; an org unit may take a
 *   `prefix` and `pad` (left-pad digits with zeros to that width) and `codes` (file code → store
 *   code; codes absent from it are skipped and counted). Periods must be SDMX codes (`2013`,
 *   `2013-Q4`, `2013-11`); a whole number such as `2013.0` is read as the year.
 * - `values[]`: `column`, `element`, `source`, optional `disaggregation`; or, for a long table,
 *   `elementColumn` (and optional `elementCodes`) instead of `element`.
 * - `decimal`: `.` or `,`; when absent, detected from the mapped values of the first
 *   `DECIMAL_DETECTION_ROWS` (10 000) data rows (held back until then), by the majority of those
 *   that prove one; `.` when none does. Declare it for a file whose first rows are all whole
 *   numbers and whose later ones are not. `delimiter`: default `,` (`;` and tab are common).
 *
 * `streamGenericTable` reads the file as it arrives (memory stays bounded whatever its size);
 * `readGenericTable` is the same reader over bytes or text already in memory.
 */
import type { CanonicalRow } from '../data/canonical-row.ts';
import { CsvRecordReader, type CsvRecord } from '../data/csv-records.ts';
import { isPeriodCode } from '../periods/period-code.ts';
import { detectDecimalSeparator, parseNumberCell, type DecimalSeparator } from './number-format.ts';
import {
  cell,
  columnIndex,
  isBlankRecord,
  ReadCollector,
  type ReaderInput,
  type ReaderOptions,
  type ReaderResult,
} from './reader-result.ts';
import { decodeText, StreamingTextDecoder } from './text-encoding.ts';

export type TablePart = { readonly column: string } | { readonly constant: string };

export interface TableValue {
  readonly column: string;
  readonly element?: string;
  readonly elementColumn?: string;
  readonly elementCodes?: Readonly<Record<string, string>>;
  readonly source: string;
  readonly disaggregation?: string;
}

export interface TableMapping {
  readonly delimiter?: string;
  /** an XLSX workbook's sheet: its name or 1-based number (default: the first) */
  readonly sheet?: string | number;
  readonly decimal?: DecimalSeparator;
  readonly orgUnit: TablePart & {
    readonly prefix?: string;
    readonly pad?: number;
    readonly codes?: Readonly<Record<string, string>>;
  };
  readonly period: TablePart & {
    /** what a date cell of a spreadsheet's period column stands for (refused when not said) */
    readonly dates?: 'year' | 'quarter' | 'month';
  };
  readonly values: readonly TableValue[];
}

/**
 * A spreadsheet cell that is not text: a number (taken as it is, never re-parsed), a date
 * (`2019-03-01`) or an error value (`#DIV/0!`, `#N/A`).
 */
export type SheetCell =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'date'; readonly date: string }
  | { readonly kind: 'error'; readonly code: string };

/** A row of the table: its fields as text and, from a spreadsheet, the cells that are not text. */
export interface TableRecord extends CsvRecord {
  readonly cells?: readonly (SheetCell | undefined)[];
}

/** How many data rows the decimal separator is detected from when the mapping does not say. */
export const DECIMAL_DETECTION_ROWS = 10_000;

/** Rows read from one stretch of the file, each with the line it came from. */
export interface TableBatch {
  readonly rows: CanonicalRow[];
  readonly lines: number[];
}

interface ValueColumn {
  readonly value: TableValue;
  readonly at: number;
  readonly elementAt: number;
  readonly disaggregation: string;
}

/**
 * The reader itself, fed chunks as they come: `pushBytes` (encoding detected as `decodeText`
 * does) or `pushText`, then `end`. Each returns the rows completed so far; problems and skips
 * accumulate and `summary` gives them at the end.
 */
export class GenericTableReader {
  private readonly out: ReadCollector;
  private readonly records: CsvRecordReader;
  private readonly decoder = new StreamingTextDecoder();
  private header = false;
  /** the header lacks a mapped column: the rest is only parsed, for its CSV problems */
  private refused = false;
  private unitAt = -1;
  private periodAt = -1;
  private values: ValueColumn[] = [];
  private decimal: DecimalSeparator | undefined;
  /** data records held back until the decimal separator is known */
  private held: TableRecord[] = [];

  constructor(
    private readonly mapping: TableMapping,
    options: ReaderOptions = {},
  ) {
    this.out = new ReadCollector(options.file, 'utf-8');
    this.records = new CsvRecordReader({
      delimiter: mapping.delimiter ?? ',',
      ...(options.file === undefined ? {} : { file: options.file }),
    });
    this.decimal = mapping.decimal;
  }

  pushBytes(chunk: Uint8Array): TableBatch {
    return this.pushText(this.decoder.push(chunk));
  }

  pushText(text: string): TableBatch {
    if (text !== '') this.take(this.records.push(text));
    return this.drain();
  }

  /** Rows already split into fields (a spreadsheet's), in order; then `end`. */
  pushRecords(records: readonly TableRecord[]): TableBatch {
    this.take(records);
    return this.drain();
  }

  /** Ends the input (after bytes: the decoder's last characters too). */
  end(): TableBatch {
    const rest = this.decoder.end();
    if (rest !== '') this.take(this.records.push(rest));
    this.take(this.records.end());
    if (this.header && !this.refused && this.decimal === undefined) this.decide();
    return this.drain();
  }

  /** Every problem (in line order), the skip counts and the encoding; complete after `end`. */
  summary(): Omit<ReaderResult, 'rows' | 'lines'> {
    const { issues, skipped } = this.out.result();
    const ordered = issues
      .map((issue, index) => ({ issue, index }))
      .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.index - b.index)
      .map(({ issue }) => issue);
    return { issues: ordered, skipped, encoding: this.decoder.encoding };
  }

  /** Whether a problem has been found so far. */
  get failed(): boolean {
    return this.out.issues.length > 0 || this.records.issues.length > 0;
  }

  private drain(): TableBatch {
    return { rows: this.out.rows.splice(0), lines: this.out.lines.splice(0) };
  }

  private take(records: readonly TableRecord[]): void {
    // The CSV problems of these records go first, as each record's own problems follow them.
    if (this.records.issues.length > 0) this.out.issues.push(...this.records.issues.splice(0));
    for (const record of records) {
      if (isBlankRecord(record)) continue;
      if (this.decoder.mixed) this.mixedEncoding(record);
      if (!this.header) this.readHeader(record);
      else if (this.refused) continue;
      else if (this.decimal !== undefined) this.row(record);
      else {
        this.held.push(record);
        if (this.held.length >= DECIMAL_DETECTION_ROWS) this.decide();
      }
    }
  }

  private mixedEncoding(record: TableRecord): void {
    const column = record.fields.findIndex((field) => field.includes('\uFFFD'));
    if (column >= 0) {
      this.out.issue(
        record.line,
        'bytes that are not UTF-8 after UTF-8 text earlier in the file: save the whole file in one encoding',
        column + 1,
      );
    }
  }

  private readHeader(header: TableRecord): void {
    this.header = true;
    const { mapping, out } = this;
    const missing: string[] = [];
    const find = (name: string | undefined): number => {
      if (name === undefined) return -1;
      const index = columnIndex(header.fields, name);
      if (index < 0) missing.push(name);
      return index;
    };
    this.unitAt = 'column' in mapping.orgUnit ? find(mapping.orgUnit.column) : -1;
    this.periodAt = 'column' in mapping.period ? find(mapping.period.column) : -1;
    this.values = mapping.values.map((value) => ({
      value,
      at: find(value.column),
      elementAt: find(value.elementColumn),
      disaggregation: value.disaggregation ?? '',
    }));
    if (mapping.values.some((value) => value.element === undefined && value.elementColumn === undefined)) {
      out.issue(header.line, 'every value of the mapping needs an "element" or an "elementColumn"');
    }
    if (missing.length > 0) {
      out.issue(header.line, `the header lacks ${missing.map((name) => `"${name}"`).join(', ')}`, 1);
      this.refused = true;
    }
  }

  /** Decides the decimal separator from the rows held back, then reads them. */
  private decide(): void {
    const held = this.held;
    this.held = [];
    // from text only: a spreadsheet's numbers have no separator to guess
    this.decimal =
      detectDecimalSeparator(
        held.flatMap((record) =>
          this.values.filter(({ at }) => record.cells?.[at] === undefined).map(({ at }) => cell(record, at)),
        ),
      ) ?? '.';
    for (const record of held) this.row(record);
  }

  /** The error values of a spreadsheet row's mapped cells, each reported; true when any. */
  private spreadsheetErrors(record: TableRecord): boolean {
    let found = this.errorCell(record, this.unitAt, 'orgUnit');
    if (this.errorCell(record, this.periodAt, 'period')) found = true;
    for (const { value, at, elementAt } of this.values) {
      if (this.errorCell(record, elementAt, value.elementColumn ?? 'element')) found = true;
      if (this.errorCell(record, at, value.column)) found = true;
    }
    return found;
  }

  /** The period a date cell of the period column stands for, or undefined (reported). */
  private datePeriod(record: TableRecord, date: string): string | undefined {
    const dates = this.mapping.period.dates;
    if (dates !== undefined) return periodOfDate(date, dates);
    this.out.issue(
      record.line,
      `the cell holds a date (${date}): say in the mapping which period a date stands for ("period": { "column": …, "dates": "year", "quarter" or "month" })`,
      this.periodAt + 1,
      'period',
    );
    return undefined;
  }

  /** Reports a spreadsheet error value (`#N/A`) in a mapped cell; true when there was one. */
  private errorCell(record: TableRecord, at: number, field: string): boolean {
    const found = at < 0 ? undefined : record.cells?.[at];
    if (found?.kind !== 'error') return false;
    this.out.issue(record.line, `the cell holds the error value ${found.code}`, at + 1, field);
    return true;
  }

  private row(record: TableRecord): void {
    const { out, mapping } = this;
    const unit = mapping.orgUnit;
    if (record.cells !== undefined && this.spreadsheetErrors(record)) return;
    let raw = 'constant' in unit ? unit.constant : cell(record, this.unitAt);
    if (unit.pad !== undefined && /^[0-9]+$/.test(raw)) raw = raw.padStart(unit.pad, '0');
    const mapped = unit.codes === undefined ? raw : unit.codes[raw];
    if (mapped === undefined || mapped === '') {
      out.skip(mapped === undefined ? 'unit-not-mapped' : 'blank-unit');
      return;
    }
    const orgUnit = unit.prefix === undefined ? mapped : `${unit.prefix}${mapped}`;
    const date = this.periodAt < 0 ? undefined : record.cells?.[this.periodAt];
    let period =
      'constant' in mapping.period
        ? mapping.period.constant
        : date?.kind === 'date'
          ? this.datePeriod(record, date.date)
          : cell(record, this.periodAt);
    if (period === undefined) return;
    // a whole number such as 2013.0 is the year (the length test spares the common case a regex)
    if (period.length > 5 && period.charCodeAt(4) === 46 && /^[0-9]{4}\.0+$/.test(period)) {
      period = period.slice(0, 4);
    }
    if (!isPeriodCode(period)) {
      out.issue(
        record.line,
        `"${period}" is not a period (2013, 2013-Q4, 2013-11)`,
        this.periodAt < 0 ? undefined : this.periodAt + 1,
        'period',
      );
      return;
    }
    const decimal = this.decimal;
    for (const { value, at, elementAt, disaggregation } of this.values) {
      let element = value.element;
      if (element === undefined) {
        const code = cell(record, elementAt);
        element = value.elementCodes === undefined ? code : value.elementCodes[code];
        if (element === undefined || element === '') {
          out.skip('element-not-mapped');
          continue;
        }
      }
      const typed = record.cells?.[at];
      const parsed =
        typed === undefined
          ? parseNumberCell(cell(record, at), decimal)
          : typed.kind === 'number'
            ? typed
            : {
                kind: 'invalid' as const,
                message:
                  typed.kind === 'date'
                    ? `a date (${typed.date}) is not a number`
                    : `the cell holds the error value ${typed.code}`,
              };
      if (parsed.kind === 'number') {
        out.add(
          { element, orgUnit, period, disaggregation, source: value.source, value: parsed.value },
          record.line,
        );
      } else if (parsed.kind === 'invalid') out.issue(record.line, parsed.message, at + 1, value.column);
      else out.skip(parsed.kind === 'blank' ? 'blank' : 'not-applicable');
    }
  }
}

/**
 * The period of a date cell, as the mapping says a date stands for: its year, quarter or month.
 * Refused when the mapping does not say (a date on 1 January may be a year or a month).
 */
function periodOfDate(date: string, dates: 'year' | 'quarter' | 'month'): string {
  const [year = '', month = ''] = date.split('-');
  if (dates === 'year') return year;
  if (dates === 'month') return `${year}-${month}`;
  return `${year}-Q${Math.ceil(Number(month) / 3)}`;
}

/**
 * Reads a table as its chunks arrive, yielding rows in batches (one per chunk); problems and
 * skips are in `reader.summary()` once the iteration ends.
 */
export async function* streamGenericTable(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  reader: GenericTableReader,
): AsyncGenerator<TableBatch> {
  for await (const chunk of chunks) {
    const batch = reader.pushBytes(chunk);
    if (batch.rows.length > 0) yield batch;
  }
  const last = reader.end();
  if (last.rows.length > 0) yield last;
}

/** Reads a whole table in memory: bytes (encoding detected) or text. */
export function readGenericTable(
  input: ReaderInput,
  mapping: TableMapping,
  options: ReaderOptions = {},
): ReaderResult {
  const reader = new GenericTableReader(mapping, options);
  const first = typeof input === 'string' ? reader.pushText(input) : reader.pushBytes(input);
  const last = reader.end();
  const summary = reader.summary();
  return {
    rows: [...first.rows, ...last.rows],
    lines: [...first.lines, ...last.lines],
    ...summary,
    // text is taken as it is (the CSV reader drops a BOM), as `decodeText` does
    encoding: typeof input === 'string' ? decodeText(input).encoding : summary.encoding,
  };
}
