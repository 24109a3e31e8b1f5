/**
 * One file in any import format, imported or previewed (the dry run): the path the CLI
 * (`atalaya import --format … --mapping … --dry-run`) and the API (`POST /api/imports`) share.
 *
 * A canonical CSV goes through the streaming import; every other format through its reader
 * (`src/ingest/import-formats.ts`) and then the same checks and the same single transaction as
 * canonical rows, each row keeping the line of the file it came from and the batch the file's
 * sha256. A reader's problems refuse the whole file before anything is written. A table
 * (`--format table`) streams: its rows are checked and written as the file is read, and a problem
 * the reader finds on the way rolls the transaction back, so nothing is written either; its dry
 * run streams too (`previewTableStream`), with the answer `previewFile` gives. A table
 * that is an XLSX workbook (told by its first bytes) is read whole (`src/ingest/xlsx-table.ts`),
 * then checked and written as the other formats; its problems name their cell (`Prisiones!D3`).
 */
import { createHash } from 'node:crypto';
import { ValidationError, type InputIssue } from '../kernel/errors.ts';
import { GenericTableReader, type TableMapping } from '../ingest/generic-table.ts';
import {
  parseMapping,
  readFormat,
  type FormatReadResult,
  type ValueFormat,
} from '../ingest/import-formats.ts';
import { MAX_XLSX_BYTES, readXlsxTable, spreadsheetKind, withCells } from '../ingest/xlsx-table.ts';
import { readDelimited, type SkipCount } from '../ingest/reader-result.ts';
import type { TextEncodingName } from '../ingest/text-encoding.ts';
import type { Store } from '../store/store.ts';
import { isDeletion } from './canonical-row.ts';
import { previewImport, type ImportPreview, type PreviewRecord } from './import-preview.store.ts';
import { readHeader, ROW_COLUMNS, type ImportReferences } from './row-validation.ts';
import {
  importCanonicalCsv,
  importRowBatches,
  importRowFields,
  importRows,
  type ImportOptions,
  type ImportResult,
  type RowBatch,
} from './value-import.ts';
import type { ValueWriter } from './value-writer.ts';

export interface FileImportRequest extends ImportOptions {
  /** a format of values (boundaries, `geojson`, go through `src/geography/boundaries.store.ts`) */
  readonly format: ValueFormat;
  readonly bytes: Uint8Array;
  /** the parsed mapping file (formats other than canonical), and its name for errors */
  readonly mapping?: unknown;
  readonly mappingFile?: string;
  readonly file: string;
}

/** What a reader left out on purpose, and how it decoded the file. */
export interface ReadSummary {
  readonly skipped: readonly SkipCount[];
  readonly encoding: TextEncodingName | 'utf-8';
}

export type FileImportOutcome =
  | ({ readonly dryRun: true; readonly preview: ImportPreview } & ReadSummary)
  | ({ readonly dryRun: false; readonly result: ImportResult } & ReadSummary);

interface ReadRows {
  readonly records: PreviewRecord[];
  readonly issues: InputIssue[];
  readonly summary: ReadSummary;
  readonly columns: typeof ROW_COLUMNS;
}

/** A file of a mapped format read whole; a table that is a workbook names its sheet. */
async function readMapped(
  request: Omit<FileImportRequest, 'format'> & { readonly format: Exclude<ValueFormat, 'canonical'> },
): Promise<FormatReadResult & { readonly sheet?: string }> {
  const { format, bytes, file, mapping, mappingFile } = request;
  if (format === 'table' && spreadsheetKind(bytes) !== undefined) {
    return readXlsxTable(bytes, parseMapping('table', mapping, mappingFile) as TableMapping, { file });
  }
  return readFormat(format, bytes, mapping, file, mappingFile);
}

/** The problems of rows read from a sheet, at their cells; others as they are. */
const atCells = (issues: InputIssue[], sheet: string | undefined): InputIssue[] =>
  sheet === undefined ? issues : withCells(issues, sheet);

/** The file's rows as records for the dry run (canonical: its own columns; others: canonical rows). */
async function readForPreview(request: FileImportRequest): Promise<ReadRows & { sheet?: string }> {
  if (request.format === 'canonical') {
    const { records, out } = readDelimited(request.bytes, { file: request.file });
    const [header, ...data] = records;
    const summary = { skipped: [], encoding: out.encoding };
    if (out.encoding !== 'utf-8' && out.encoding !== 'utf-8-bom') {
      // as the import itself, which reads canonical CSV as UTF-8 only
      throw new ValidationError(
        `${request.file} is not UTF-8 (it reads as ${out.encoding}): save the canonical CSV as UTF-8.`,
        [{ file: request.file, line: 1, message: `the file's encoding is ${out.encoding}, expected UTF-8` }],
      );
    }
    if (header === undefined) {
      throw new ValidationError(
        `${request.file} is empty: expected a header line (${'element,org_unit,period,disaggregation,source,value'}).`,
      );
    }
    const columns = readHeader(header.fields, request.file);
    if (!columns.ok) {
      throw new ValidationError(
        `${request.file} was not read: its header is not the canonical one.`,
        columns.issues,
      );
    }
    const rows = data.filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
    return {
      records: rows.map((r) => ({ fields: r.fields, line: r.line })),
      issues: out.issues,
      summary,
      columns: columns.columns,
    };
  }
  const read = await readMapped({ ...request, format: request.format });
  return {
    records: read.rows.map((row, i) => ({
      fields: importRowFields(row),
      line: read.lines[i] ?? i + 1,
      ...(isDeletion(row) ? { deletion: true } : {}),
    })),
    issues: read.issues,
    summary: { skipped: read.skipped, encoding: read.encoding },
    columns: ROW_COLUMNS,
    ...(read.sheet === undefined ? {} : { sheet: read.sheet }),
  };
}

/** Shows what importing the file would change; writes nothing. */
export async function previewFile(
  store: Store,
  references: ImportReferences,
  request: FileImportRequest,
): Promise<FileImportOutcome> {
  const read = await readForPreview(request);
  const canonical = request.format === 'canonical';
  const preview = await previewImport(store.db, references, read.records, read.columns, {
    file: request.file,
    ...(request.status === undefined ? {} : { status: request.status }),
    // every problem of converted rows, so that collapsing counts them all
    ...(canonical ? {} : { maxIssues: Number.POSITIVE_INFINITY }),
    ...(request.orgUnitAllowed === undefined ? {} : { orgUnitAllowed: request.orgUnitAllowed }),
  });
  const rowIssues = canonical ? preview.issues : atCells(collapseRowIssues(preview.issues), read.sheet);
  return { dryRun: true, preview: withReaderIssues(preview, read.issues, rowIssues), ...read.summary };
}

/** The preview of a file's rows with its reader's problems: the first 1 000 of both, by line. */
function withReaderIssues(
  preview: ImportPreview,
  readerIssues: readonly InputIssue[],
  rowIssues: readonly InputIssue[],
): ImportPreview {
  const refusedLines = new Set(readerIssues.map((issue) => issue.line ?? 0)).size;
  const issues = [...readerIssues, ...rowIssues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return {
    ...preview,
    // the lines a reader refused count as rows, rejected
    rows: preview.rows + refusedLines,
    rejected: preview.rejected + refusedLines,
    issues: issues.slice(0, 1000),
    issueCount: preview.issueCount + readerIssues.length,
  };
}

/** Imports the file in one transaction, or refuses it whole (ValidationError, nothing written). */
export async function importFile(
  references: ImportReferences,
  writer: ValueWriter,
  request: FileImportRequest,
): Promise<FileImportOutcome> {
  const { format, bytes, file } = request;
  if (format === 'canonical') {
    const result = await importCanonicalCsv([bytes], references, writer, request);
    return { dryRun: false, result, skipped: [], encoding: 'utf-8' };
  }
  if (format === 'table' && spreadsheetKind(bytes) === undefined) {
    return importTableStream(references, writer, { ...request, chunks: [bytes] });
  }
  const read = await readMapped({ ...request, format });
  if (read.issues.length > 0) {
    const shown = read.issues.slice(0, request.maxIssues ?? 1000);
    throw new ValidationError(
      `${file} was not imported: ${read.issues.length} problem${read.issues.length === 1 ? '' : 's'} found, nothing was written${shown.length < read.issues.length ? ` (the first ${shown.length} are listed)` : ''}.`,
      shown,
    );
  }
  try {
    const result = await importRows(read.rows, references, writer, {
      ...request,
      maxIssues: Number.POSITIVE_INFINITY, // all, so that collapsing counts them all
      lines: read.lines,
      checksum: createHash('sha256').update(bytes).digest('hex'),
    });
    return { dryRun: false, result, skipped: read.skipped, encoding: read.encoding };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      error.message.split('\n')[0] ?? error.message,
      atCells(collapseRowIssues(error.issues), read.sheet).slice(0, request.maxIssues ?? 1000),
    );
  }
}

/** A table file (`--format table`) as a stream of chunks, with its mapping. */
export interface TableStreamRequest extends ImportOptions {
  readonly chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** the parsed mapping file, and its name for errors */
  readonly mapping?: unknown;
  readonly mappingFile?: string;
  readonly file: string;
}

/** Thrown through the import when the reader found a problem: the import rolls back. */
class ReaderRefused extends Error {}

/**
 * Imports a table as it is read, in one transaction, in bounded memory: the reader's rows go to
 * the checks and the writer chunk by chunk, and the file's sha256 is computed on the way. Once
 * the reader finds a problem no more rows are written; at the end the transaction rolls back and
 * every problem of the reader is listed (as when the file was read whole first).
 */
export async function importTableStream(
  references: ImportReferences,
  writer: ValueWriter,
  request: TableStreamRequest,
): Promise<FileImportOutcome> {
  const { file } = request;
  const mapping = parseMapping('table', request.mapping, request.mappingFile) as TableMapping;
  const { head, rest } = await firstBytes(request.chunks, 8);
  if (spreadsheetKind(head) !== undefined) {
    // a workbook: read whole (capped), then as the formats read whole
    const { chunks: _chunks, ...options } = request;
    return importFile(references, writer, {
      ...options,
      format: 'table',
      bytes: await gather(head, rest, MAX_XLSX_BYTES, file),
    });
  }
  const reader = new GenericTableReader(mapping, { file });
  const hash = createHash('sha256');
  async function* batches(): AsyncGenerator<RowBatch> {
    for await (const chunk of prepend(head, rest)) {
      hash.update(chunk);
      const batch = reader.pushBytes(chunk);
      if (!reader.failed && batch.rows.length > 0) yield batch;
    }
    const last = reader.end();
    if (reader.failed) throw new ReaderRefused();
    if (last.rows.length > 0) yield last;
  }
  try {
    const { chunks: _chunks, mapping: _mapping, mappingFile: _mappingFile, ...options } = request;
    const result = await importRowBatches(batches(), references, writer, {
      ...options,
      maxIssues: Number.POSITIVE_INFINITY, // all, so that collapsing counts them all
      checksum: () => hash.digest('hex'),
    });
    const { skipped, encoding } = reader.summary();
    return { dryRun: false, result, skipped, encoding };
  } catch (error) {
    if (error instanceof ReaderRefused) {
      const { issues } = reader.summary();
      const shown = issues.slice(0, request.maxIssues ?? 1000);
      throw new ValidationError(
        `${file} was not imported: ${issues.length} problem${issues.length === 1 ? '' : 's'} found, nothing was written${shown.length < issues.length ? ` (the first ${shown.length} are listed)` : ''}.`,
        shown,
      );
    }
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(
      error.message.split('\n')[0] ?? error.message,
      collapseRowIssues(error.issues).slice(0, request.maxIssues ?? 1000),
    );
  }
}

/**
 * The dry run of a table file as it is read (`atalaya import --format table --dry-run`): the same
 * answer as `previewFile` gives for the whole file, in bounded memory. Rows are checked and
 * compared with the store a batch at a time (`previewImport`); what is kept is the counts, the
 * first changes, the first 1 000 problems as collapsed (`CollapsedIssues`), the reader's problems
 * and the keys seen (`SeenKeys`, 16 to 32 bytes a value). A workbook is read whole (capped).
 * Writes nothing.
 */
export async function previewTableStream(
  store: Store,
  references: ImportReferences,
  request: TableStreamRequest,
): Promise<FileImportOutcome> {
  const { file } = request;
  const mapping = parseMapping('table', request.mapping, request.mappingFile) as TableMapping;
  const { head, rest } = await firstBytes(request.chunks, 8);
  if (spreadsheetKind(head) !== undefined) {
    const { chunks: _chunks, ...options } = request;
    return previewFile(store, references, {
      ...options,
      format: 'table',
      bytes: await gather(head, rest, MAX_XLSX_BYTES, file),
    });
  }
  const reader = new GenericTableReader(mapping, { file });
  async function* records(): AsyncGenerator<PreviewRecord> {
    for await (const chunk of prepend(head, rest)) yield* previewRecords(reader.pushBytes(chunk));
    yield* previewRecords(reader.end());
  }
  const rowIssues = new CollapsedIssues(1000);
  const preview = await previewImport(store.db, references, records(), ROW_COLUMNS, {
    file,
    onIssue: (issue) => rowIssues.add(issue),
    ...(request.status === undefined ? {} : { status: request.status }),
    ...(request.orgUnitAllowed === undefined ? {} : { orgUnitAllowed: request.orgUnitAllowed }),
  });
  const { issues, skipped, encoding } = reader.summary();
  return { dryRun: true, preview: withReaderIssues(preview, issues, rowIssues.list()), skipped, encoding };
}

function* previewRecords(batch: RowBatch): Generator<PreviewRecord> {
  for (let i = 0; i < batch.rows.length; i++) {
    const row = batch.rows[i]!;
    yield {
      fields: importRowFields(row),
      line: batch.lines[i] ?? i + 1,
      ...(isDeletion(row) ? { deletion: true } : {}),
    };
  }
}

/** The first chunks of a stream until they hold `count` bytes (or the stream ends), and the rest. */
async function firstBytes(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  count: number,
): Promise<{ head: Uint8Array; rest: AsyncIterator<Uint8Array> }> {
  const rest = (async function* () {
    yield* chunks;
  })();
  const parts: Uint8Array[] = [];
  let size = 0;
  while (size < count) {
    const next = await rest.next();
    if (next.done === true) break;
    parts.push(next.value);
    size += next.value.byteLength;
  }
  return { head: parts.length === 1 ? (parts[0] ?? new Uint8Array()) : Buffer.concat(parts), rest };
}

async function* prepend(head: Uint8Array, rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  if (head.byteLength > 0) yield head;
  for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield next.value;
}

/** A whole stream in memory, refused past `limit` bytes (before reading further). */
async function gather(
  head: Uint8Array,
  rest: AsyncIterator<Uint8Array>,
  limit: number,
  file: string,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of prepend(head, rest)) {
    size += chunk.byteLength;
    if (size > limit) {
      const message = `the workbook is over the ${limit / (1024 * 1024)} MiB an XLSX file may be (its sheet is read whole in memory): save the sheet as CSV, which is read as it streams`;
      throw new ValidationError(`${file} was not read: ${message}.`, [{ file, message }]);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/**
 * The problems of rows a reader converted, as a person can act on them: a problem's column is the
 * canonical row's, not the file's, so it goes (its field stays); the same problem on many rows (a
 * mapping naming an element the catalogue lacks) is said once, at its first line, with how many
 * more rows have it.
 */
export function collapseRowIssues(issues: readonly InputIssue[]): InputIssue[] {
  const collapsed = new CollapsedIssues(Number.POSITIVE_INFINITY);
  for (const issue of issues) collapsed.add(issue);
  return collapsed.list();
}

/**
 * `collapseRowIssues` as problems arrive, keeping the first `limit` collapsed problems, each
 * counting every row that repeats it. Given problems in line order, those it drops could not be
 * among the first `limit` listed by line, so its list is theirs in bounded memory.
 */
export class CollapsedIssues {
  private readonly groups = new Map<string, { issue: InputIssue; more: number }>();
  constructor(private readonly limit: number) {}

  add({ column: _column, ...issue }: InputIssue): void {
    const key = `${issue.field ?? ''}\t${issue.message}`;
    const group = this.groups.get(key);
    if (group !== undefined) group.more += 1;
    else if (this.groups.size < this.limit) this.groups.set(key, { issue, more: 0 });
  }

  list(): InputIssue[] {
    return [...this.groups.values()].map(({ issue, more }) =>
      more === 0
        ? issue
        : { ...issue, message: `${issue.message} (and on ${more} more row${more === 1 ? '' : 's'})` },
    );
  }
}
