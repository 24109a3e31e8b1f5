/**
 * Reads a CSV file's header and values in the browser, to fill the column selects of the CSV
 * evaluation page: the delimiter (comma, semicolon or tab, as the server guesses it), the column
 * names, and each column's distinct values. The server parses the file again and is the judge.
 */
export interface CsvPreview {
  readonly delimiter: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The delimiter the header line uses most: comma, semicolon or tab. */
export function guessDelimiter(headerLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, headerLine.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] === 0 ? ',' : best[0];
}

/** One line split on `delimiter`, honouring double quotes ("a, b" and "" inside quotes). */
export function splitLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      fields.push(field.trim());
      field = '';
    } else field += char;
  }
  fields.push(field.trim());
  return fields;
}

export function previewCsv(text: string): CsvPreview {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const header = lines[0];
  if (header === undefined) return { delimiter: ',', columns: [], rows: [] };
  const delimiter = guessDelimiter(header);
  return {
    delimiter,
    columns: splitLine(header, delimiter),
    rows: lines.slice(1).map((line) => splitLine(line, delimiter)),
  };
}

/** The distinct values of one column, in their first order. */
export function distinctValues(preview: CsvPreview, column: string): string[] {
  const index = preview.columns.indexOf(column);
  if (index < 0) return [];
  return [...new Set(preview.rows.map((row) => row[index] ?? '').filter((v) => v !== ''))];
}

/** A column whose name suggests `role` (time, unit, outcome…), else the fallback. */
export function guessColumn(columns: readonly string[], names: readonly string[], fallback = ''): string {
  const lower = columns.map((c) => c.toLowerCase());
  for (const name of names) {
    const index = lower.indexOf(name);
    if (index >= 0) return columns[index] ?? fallback;
  }
  return fallback;
}
