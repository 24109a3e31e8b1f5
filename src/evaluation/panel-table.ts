/**
 * A panel given as a CSV file (one row per unit and time, with the outcome and any covariates),
 * for evaluations run on data outside the store. Reads the whole text with the project's CSV
 * reader, so every problem is reported with its file, line and column; `NA`, `NaN` and empty
 * fields are missing values.
 */
import { CsvRecordReader } from '../data/csv-records.ts';
import { ValidationError, type InputIssue } from '../kernel/errors.ts';

export interface PanelTable {
  readonly file: string;
  readonly columns: readonly string[];
  /** the data rows, each with the 1-based line it starts on */
  readonly rows: readonly { readonly line: number; readonly fields: readonly string[] }[];
}

const MISSING = new Set(['', 'NA', 'NaN', 'nan', 'null', 'NULL', '.']);

/** A cell that holds no value (empty, `NA`, `NaN`, `null`, `.`), trimmed or not. */
export function isMissingCell(text: string): boolean {
  return MISSING.has(text.trim());
}

export function readPanelCsv(text: string, file = 'panel.csv'): PanelTable {
  const reader = new CsvRecordReader({ file, delimiter: sniffDelimiter(text) });
  const records = [...reader.push(text), ...reader.end()];
  if (reader.issues.length > 0) throw new ValidationError(`${file} is not valid CSV.`, reader.issues);
  const [header, ...rows] = records;
  if (header === undefined) throw new ValidationError(`${file} is empty: a header line was expected.`);
  const columns = header.fields.map((name) => name.trim());
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  columns.forEach((name, i) => {
    if (name === '') issues.push({ file, line: header.line, column: i + 1, message: 'a column has no name' });
    else if (seen.has(name))
      issues.push({ file, line: header.line, column: i + 1, message: `column "${name}" appears twice` });
    seen.add(name);
  });
  const data = rows.filter((row) => !(row.fields.length === 1 && row.fields[0] === ''));
  for (const row of data) {
    if (row.fields.length !== columns.length) {
      issues.push({
        file,
        line: row.line,
        message: `expected ${columns.length} fields (as the header), found ${row.fields.length}`,
      });
    }
  }
  if (issues.length > 0) throw new ValidationError(`${file} cannot be read as a panel.`, issues.slice(0, 50));
  if (data.length === 0) throw new ValidationError(`${file} has a header but no rows.`);
  return { file, columns, rows: data };
}

/** A comma unless the header holds semicolons or tabs and no comma. */
function sniffDelimiter(text: string): string {
  const header = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  if (header.includes(',')) return ',';
  if (header.includes(';')) return ';';
  if (header.includes('\t')) return '\t';
  return ',';
}

export function columnIndex(table: PanelTable, name: string): number {
  const index = table.columns.indexOf(name);
  if (index === -1) {
    throw new ValidationError(
      `${table.file} has no column "${name}"; its columns are: ${table.columns.join(', ')}.`,
    );
  }
  return index;
}

/** The column as text, trimmed. */
export function textColumn(table: PanelTable, name: string): string[] {
  const index = columnIndex(table, name);
  return table.rows.map((row) => (row.fields[index] ?? '').trim());
}

/**
 * The column as numbers; missing values are NaN unless `required`, and anything else that is
 * not a number is an error naming its line and column.
 */
export function numberColumn(
  table: PanelTable,
  name: string,
  options: { required?: boolean } = {},
): number[] {
  const index = columnIndex(table, name);
  const issues: InputIssue[] = [];
  const values = table.rows.map((row) => {
    const text = (row.fields[index] ?? '').trim();
    if (isMissingCell(text)) {
      if (options.required === true) {
        issues.push({
          file: table.file,
          line: row.line,
          column: index + 1,
          field: name,
          message: 'a value is required',
        });
      }
      return Number.NaN;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) {
      issues.push({
        file: table.file,
        line: row.line,
        column: index + 1,
        field: name,
        message: `"${text}" is not a number`,
      });
    }
    return value;
  });
  if (issues.length > 0)
    throw new ValidationError(`${table.file}: column "${name}" has bad values.`, issues.slice(0, 50));
  return values;
}
