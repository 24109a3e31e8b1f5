/**
 * A minimal XLSX (OOXML spreadsheet) writer for test fixtures, zipped with fflate: sheets of cells
 * that are shared strings, inline strings, numbers, dates (a number with a date style), formulas
 * with their cached value, and error values (`#DIV/0!`). Enough to exercise a reader on the cell
 * types spreadsheets really hold, and reproducible (fixed timestamps), so a fixture is rebuilt
 * byte for byte by `npx tsx test/support/xlsx-fixtures.ts`.
 */
import { zipSync, strToU8 } from 'fflate';

export type XlsxCell =
  | string
  | number
  | null
  | { readonly inline: string }
  | { readonly date: string }
  | { readonly formula: string; readonly cached: number | string }
  | { readonly error: string };

export interface XlsxSheet {
  readonly name: string;
  readonly rows: readonly (readonly XlsxCell[])[];
}

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A column's letters (0 → A, 26 → AA). */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** Days since 1899-12-30, as Excel stores a date. */
function excelSerial(isoDate: string): number {
  return (Date.parse(`${isoDate}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

export function writeXlsx(sheets: readonly XlsxSheet[]): Uint8Array {
  const shared: string[] = [];
  const sharedAt = new Map<string, number>();
  const share = (text: string): number => {
    let index = sharedAt.get(text);
    if (index === undefined) {
      index = shared.length;
      shared.push(text);
      sharedAt.set(text, index);
    }
    return index;
  };
  const cellXml = (cell: XlsxCell, ref: string): string => {
    if (cell === null) return '';
    if (typeof cell === 'string') return `<c r="${ref}" t="s"><v>${share(cell)}</v></c>`;
    if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
    if ('inline' in cell) return `<c r="${ref}" t="inlineStr"><is><t>${escape(cell.inline)}</t></is></c>`;
    if ('date' in cell) return `<c r="${ref}" s="1"><v>${excelSerial(cell.date)}</v></c>`;
    if ('error' in cell) return `<c r="${ref}" t="e"><f>1/0</f><v>${escape(cell.error)}</v></c>`;
    const type = typeof cell.cached === 'string' ? ' t="str"' : '';
    return `<c r="${ref}"${type}><f>${escape(cell.formula)}</f><v>${escape(String(cell.cached))}</v></c>`;
  };
  const sheetXml = (sheet: XlsxSheet): string =>
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    sheet.rows
      .map(
        (row, r) =>
          `<row r="${r + 1}">${row.map((cell, c) => cellXml(cell, `${columnLetters(c)}${r + 1}`)).join('')}</row>`,
      )
      .join('') +
    '</sheetData></worksheet>';
  const worksheets = sheets.map(sheetXml);
  const ns = 'http://schemas.openxmlformats.org';
  const files: Record<string, string> = {
    '[Content_Types].xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="${ns}/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      sheets
        .map(
          (_, i) =>
            `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join('') +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '</Types>',
    '_rels/.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${ns}/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
      '</Relationships>',
    'xl/workbook.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets>` +
      sheets
        .map((sheet, i) => `<sheet name="${escape(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('') +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${ns}/package/2006/relationships">` +
      sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="${ns}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
      `<Relationship Id="rId${sheets.length + 2}" Type="${ns}/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
      '</Relationships>',
    'xl/styles.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${ns}/spreadsheetml/2006/main">` +
      '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
  };
  worksheets.forEach((xml, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = xml));
  // after the sheets, which fill the table of shared strings
  files['xl/sharedStrings.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${ns}/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">` +
    shared.map((text) => `<si><t>${escape(text)}</t></si>`).join('') +
    '</sst>';
  const mtime = new Date('2026-01-01T00:00:00Z');
  return zipSync(
    Object.fromEntries(Object.entries(files).map(([name, xml]) => [name, [strToU8(xml), { mtime }]])),
    { level: 6 },
  );
}
