/**
 * An XLSX workbook read as a `table` (`generic-table.ts`): one sheet (the mapping's `"sheet"`, a
 * name or 1-based number; the first by default) becomes the records the CSV path reads, so the
 * same mapping, checks and messages apply. A file is taken for a workbook by its first bytes (a
 * ZIP archive, `PK\x03\x04`), whatever its name.
 *
 * Cells keep their type: a number is taken as it is (no decimal separator to guess), text numbers
 * go through the number formats as in CSV, an empty cell is blank, a formula is its cached value
 * (as the spreadsheet last computed it), a date in the period column becomes the period the mapping
 * says it stands for (`"dates": "month"`), and an error value (`#DIV/0!`, `#N/A`) in a mapped cell
 * refuses its row. Problems name the cell (`Prisiones!D3`; a row as `Prisiones!3:3`).
 *
 * read-excel-file reads a whole sheet into memory, so a workbook is capped at `MAX_XLSX_BYTES`, its
 * sheet at `MAX_SHEET_XML_BYTES` unzipped (an archive that inflates beyond is refused before it is
 * inflated) and at `MAX_XLSX_ROWS` rows (XLSX itself stops at 1 048 576). A legacy `.xls`, an encrypted workbook, a
 * ZIP that is not a workbook, a damaged archive and a missing sheet are refused with the reason.
 */
import { unzipSync, type Unzipped } from 'fflate';
import { readSheet } from 'read-excel-file/node';
import { ValidationError, type InputIssue } from '../kernel/errors.ts';
import { GenericTableReader, type SheetCell, type TableMapping, type TableRecord } from './generic-table.ts';
import type { ReaderOptions, ReaderResult } from './reader-result.ts';

const MIB = 1024 * 1024;
/** The largest workbook read (the file as received). */
export const MAX_XLSX_BYTES = 32 * MIB;
/** The largest sheet read, unzipped (its XML). */
export const MAX_SHEET_XML_BYTES = 256 * MIB;
/**
 * The most rows a sheet may have. read-excel-file 9.3 slows more than linearly with a sheet's rows
 * (2.4 s for 100 000 rows, 4.4 s for 200 000, 8.7 s for 300 000 on the reference machine) and
 * recurses once per chunk of XML it parses, which overflows the stack near 500 000 rows.
 */
export const MAX_XLSX_ROWS = 200_000;
/** Rows handed to the table reader at a time. */
const ROWS_PER_PUSH = 10_000;

/** What a file's first bytes say it is: a ZIP archive (XLSX), an OLE2 compound file (.xls), or neither. */
export function spreadsheetKind(bytes: Uint8Array): 'zip' | 'ole2' | undefined {
  const starts = (...magic: number[]) => magic.every((byte, i) => bytes[i] === byte);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'zip';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'ole2';
  return undefined;
}

/** A column's letters (1 → A, 27 → AA). */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** A cell (`Prisiones!D3`) or, without a column, a row (`Prisiones!3:3`), as a spreadsheet writes them. */
export function cellReference(sheet: string, row: number, column?: number): string {
  const name = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return column === undefined ? `${name}!${row}:${row}` : `${name}!${columnLetters(column)}${row}`;
}

/** Gives every problem with a line the cell (or row) it is at in the sheet. */
export function withCells(issues: readonly InputIssue[], sheet: string): InputIssue[] {
  return issues.map((issue) =>
    issue.line === undefined || issue.cell !== undefined
      ? issue
      : { ...issue, cell: cellReference(sheet, issue.line, issue.column) },
  );
}

/** The result of reading a workbook: the table's, and the sheet read. */
export interface XlsxReadResult extends ReaderResult {
  readonly sheet: string;
}

const refuse = (file: string, message: string): never => {
  throw new ValidationError(`${file} was not read: ${message}.`, [{ file, message }]);
};

/** The stream an encrypted workbook keeps its package in (an OLE2 name, UTF-16). */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const attribute = (attributes: string, name: string): string | undefined => {
  const found = new RegExp(`(?:^|\\s)(?:[\\w]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  return found === null ? undefined : unescapeXml(found[1] ?? found[2] ?? '');
};

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#[0-9]+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return named[entity.toLowerCase()] ?? entity;
  });
}

function unzip(bytes: Uint8Array, file: string, wanted: (name: string) => boolean): Unzipped {
  try {
    return unzipSync(bytes, {
      filter: (entry) => {
        if (!wanted(entry.name)) return false;
        if (entry.originalSize > MAX_SHEET_XML_BYTES) {
          refuse(
            file,
            `${entry.name} inflates to ${Math.round(entry.originalSize / MIB)} MiB, over the ${MAX_SHEET_XML_BYTES / MIB} MiB a sheet may take: split the sheet or save it as CSV`,
          );
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    return refuse(
      file,
      `it is not a readable ZIP archive, as an XLSX workbook is (damaged or cut short: ${(error as Error).message})`,
    );
  }
}

/** Resolves a path inside the archive relative to the part that names it. */
function resolvePart(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const step of target.split('/')) {
    if (step === '..') parts.pop();
    else if (step !== '.') parts.push(step);
  }
  return parts.join('/');
}

/** The workbook's sheets in order: name and the path of its XML. */
function sheetsOf(bytes: Uint8Array, file: string): { name: string; path: string }[] {
  const text = (files: Unzipped, name: string) => {
    const found = files[name];
    return found === undefined ? undefined : new TextDecoder().decode(found);
  };
  const root = unzip(bytes, file, (name) => name === '_rels/.rels');
  const office = /<Relationship\b([^>]*)>/g;
  let workbookPath = 'xl/workbook.xml';
  for (const [, attributes = ''] of (text(root, '_rels/.rels') ?? '').matchAll(office)) {
    if (/officeDocument$/.test(attribute(attributes, 'Type') ?? '')) {
      workbookPath = resolvePart('', attribute(attributes, 'Target') ?? workbookPath);
    }
  }
  const relsPath = resolvePart(workbookPath, `_rels/${workbookPath.split('/').pop() ?? ''}.rels`);
  const parts = unzip(bytes, file, (name) => name === workbookPath || name === relsPath);
  const workbook = text(parts, workbookPath);
  if (workbook === undefined) {
    return refuse(file, 'it is a ZIP archive but not an XLSX workbook (it holds no workbook part)');
  }
  const targets = new Map<string, string>();
  for (const [, attributes = ''] of (text(parts, relsPath) ?? '').matchAll(office)) {
    const id = attribute(attributes, 'Id');
    const target = attribute(attributes, 'Target');
    if (id !== undefined && target !== undefined) targets.set(id, resolvePart(workbookPath, target));
  }
  const sheets: { name: string; path: string }[] = [];
  for (const [, attributes = ''] of workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const name = attribute(attributes, 'name');
    const path = targets.get(attribute(attributes, 'id') ?? '');
    if (name !== undefined && path !== undefined) sheets.push({ name, path });
  }
  if (sheets.length === 0) return refuse(file, 'the workbook has no sheet');
  return sheets;
}

/** A sheet's error values (`#DIV/0!`), by row, then by column (both 1-based). */
type ErrorCells = Map<number, Map<number, string>>;

function errorCells(xml: string): ErrorCells {
  const errors: ErrorCells = new Map();
  if (!/\bt\s*=\s*["']e["']/.test(xml)) return errors;
  for (const [, attributes = '', body = ''] of xml.matchAll(
    /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g,
  )) {
    if (attribute(attributes, 't') !== 'e') continue;
    const ref = /^([A-Z]+)([0-9]+)$/.exec((attribute(attributes, 'r') ?? '').toUpperCase());
    if (ref === null) continue;
    let column = 0;
    for (const letter of ref[1] ?? '') column = column * 26 + letter.charCodeAt(0) - 64;
    const row = Number(ref[2]);
    const value = /<(?:\w+:)?v>([^<]*)</.exec(body)?.[1];
    if (!errors.has(row)) errors.set(row, new Map());
    errors.get(row)?.set(column, unescapeXml(value ?? '#ERROR'));
  }
  return errors;
}

/** How many rows (`<row>` elements) a sheet's XML holds. */
function countRows(xml: string): number {
  const row = /<(?:\w+:)?row[\s>]/g;
  let count = 0;
  while (row.exec(xml) !== null) count += 1;
  return count;
}

type CellValue = string | number | boolean | Date | null;

/** One sheet row as the table reader's record: text fields, and the cells that are not text. */
function toRecord(values: readonly CellValue[], row: number, errors: ErrorCells): TableRecord {
  const fields: string[] = [];
  const cells: (SheetCell | undefined)[] = [];
  const rowErrors = errors.get(row);
  const width = Math.max(values.length, rowErrors === undefined ? 0 : Math.max(...rowErrors.keys()));
  for (let i = 0; i < width; i += 1) {
    const value = values[i] ?? null;
    if (value === null) {
      const code = rowErrors?.get(i + 1);
      fields.push(code ?? '');
      cells.push(code === undefined ? undefined : { kind: 'error', code });
    } else if (typeof value === 'number') {
      fields.push(String(value));
      cells.push({ kind: 'number', value });
    } else if (value instanceof Date) {
      const date = Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
      fields.push(date);
      cells.push(date === '' ? undefined : { kind: 'date', date });
    } else {
      fields.push(typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : value);
      cells.push(undefined);
    }
  }
  return { line: row, fields, cells };
}

/**
 * Reads one sheet of an XLSX workbook through a table mapping. Refuses (ValidationError, naming the
 * file) what cannot be read as a workbook; problems of rows come back as issues naming their cell.
 */
export async function readXlsxTable(
  bytes: Uint8Array,
  mapping: TableMapping,
  options: ReaderOptions = {},
): Promise<XlsxReadResult> {
  const file = options.file ?? 'the workbook';
  if (bytes.byteLength > MAX_XLSX_BYTES) {
    refuse(
      file,
      `the workbook is ${(bytes.byteLength / MIB).toFixed(1)} MiB, over the ${MAX_XLSX_BYTES / MIB} MiB an XLSX file may be (its sheet is read whole in memory): save the sheet as CSV, which is read as it streams`,
    );
  }
  const kind = spreadsheetKind(bytes);
  if (kind === 'ole2') {
    refuse(
      file,
      asBuffer(bytes).includes(ENCRYPTED_PACKAGE)
        ? 'the workbook is encrypted (password-protected): remove the password and save it again as .xlsx'
        : 'it is a legacy Excel 97–2003 workbook (.xls): save it as .xlsx or CSV',
    );
  }
  if (kind !== 'zip') refuse(file, 'it is not an XLSX workbook (a ZIP archive)');
  const sheets = sheetsOf(bytes, file);
  const wanted = mapping.sheet ?? 1;
  const sheet =
    typeof wanted === 'number'
      ? sheets[wanted - 1]
      : (sheets.find((s) => s.name === wanted) ??
        sheets.find((s) => s.name.trim().toLowerCase() === wanted.trim().toLowerCase()));
  if (sheet === undefined) {
    return refuse(
      file,
      `the workbook has no sheet ${typeof wanted === 'number' ? `number ${wanted}` : `"${wanted}"`} (its sheets: ${sheets.map((s) => `"${s.name}"`).join(', ')})`,
    );
  }
  const xml = unzip(bytes, file, (name) => name === sheet.path)[sheet.path];
  if (xml === undefined)
    return refuse(file, `the sheet "${sheet.name}" is missing from the archive (${sheet.path})`);
  const sheetXml = new TextDecoder().decode(xml);
  const rowCount = countRows(sheetXml);
  if (rowCount > MAX_XLSX_ROWS) {
    refuse(
      file,
      `the sheet "${sheet.name}" has ${rowCount} rows, over the ${MAX_XLSX_ROWS} a sheet may have (it is read whole in memory): save it as CSV, which is read as it streams`,
    );
  }
  const errors = errorCells(sheetXml);
  let data: CellValue[][];
  try {
    data = (await readSheet(asBuffer(bytes), sheet.name)) as CellValue[][];
  } catch (error) {
    return refuse(file, `the sheet "${sheet.name}" could not be read (${(error as Error).message})`);
  }
  const reader = new GenericTableReader(mapping, { file });
  const rows: ReaderResult['rows'] = [];
  const lines: number[] = [];
  const take = ({ rows: r, lines: l }: { rows: ReaderResult['rows']; lines: number[] }) => {
    for (let i = 0; i < r.length; i += 1) {
      rows.push(r[i]!);
      lines.push(l[i]!);
    }
  };
  // rows holding only error values are not in the sheet's data (read as empty): count them in
  let last = data.length;
  for (const row of errors.keys()) last = Math.max(last, row);
  for (let start = 0; start < last; start += ROWS_PER_PUSH) {
    const records: TableRecord[] = [];
    for (let row = start + 1; row <= Math.min(last, start + ROWS_PER_PUSH); row += 1) {
      records.push(toRecord(data[row - 1] ?? [], row, errors));
    }
    take(reader.pushRecords(records));
  }
  take(reader.end());
  const summary = reader.summary();
  return { rows, lines, ...summary, issues: withCells(summary.issues, sheet.name), sheet: sheet.name };
}
