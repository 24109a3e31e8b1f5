/** Tests of XLSX read as a table: the committed fixtures, typed cells, dates, error values, bad workbooks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors.ts';
import { XLSX_FIXTURES } from '../../test/support/xlsx-fixtures.ts';
import { writeXlsx } from '../../test/support/xlsx-writer.ts';
import type { TableMapping } from './generic-table.ts';
import {
  cellReference,
  MAX_XLSX_BYTES,
  MAX_XLSX_ROWS,
  readXlsxTable,
  spreadsheetKind,
} from './xlsx-table.ts';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/ingest');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const MAPPING = JSON.parse(
  readFileSync(join(FIXTURES, 'table-prisons-xlsx.mapping.json'), 'utf8'),
) as TableMapping;
const MONTHLY: TableMapping = {
  sheet: 2,
  orgUnit: { column: 'País' },
  period: { column: 'Mes' },
  values: [{ column: 'Reclusos', element: 'prisoners', source: 'ministry' }],
};
const prisoners = (orgUnit: string, period: string, value: number, disaggregation = '') => ({
  element: 'prisoners',
  orgUnit,
  period,
  disaggregation,
  source: 'ministry',
  value,
});

/** The message of the ValidationError a read throws. */
async function refusal(bytes: Uint8Array, mapping: TableMapping = MAPPING): Promise<string> {
  try {
    await readXlsxTable(bytes, mapping, { file: 'book.xlsx' });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(error.issues).toEqual([{ file: 'book.xlsx', message: expect.any(String) as string }]);
    return error.message;
  }
  throw new Error('the workbook was read');
}

describe('readXlsxTable', () => {
  it('the committed fixtures are what test/support/xlsx-fixtures.ts writes', () => {
    for (const [name, sheets] of Object.entries(XLSX_FIXTURES)) {
      expect(Buffer.from(writeXlsx(sheets)).equals(fixture(name)), name).toBe(true);
    }
  });

  it('reads shared and inline strings, numbers, a text number, a cached formula; a blank is left out', async () => {
    const result = await readXlsxTable(fixture('table-prisons.xlsx'), MAPPING, {
      file: 'table-prisons.xlsx',
    });
    expect(result.issues).toEqual([]);
    expect(result.sheet).toBe('Prisiones');
    expect(result.rows).toEqual([
      prisoners('HND', '2019', 21800),
      prisoners('HND', '2019', 1450, 'sex=F'),
      prisoners('GTM', '2019', 25012), // the text "25 012"
      prisoners('GTM', '2019', 2711, 'sex=F'), // =SUM(D5:D6), its cached value
      prisoners('SLV', '2019', 37190), // its year is =B2
    ]);
    expect(result.lines).toEqual([2, 2, 3, 3, 4]);
    expect(result.skipped).toEqual([{ code: 'blank', count: 1 }]);
  });

  it('takes numbers as they are, whatever separator the text numbers prove', async () => {
    const book = writeXlsx([
      {
        name: 'Hoja',
        rows: [
          ['País', 'Año', 'Tasa'],
          ['HND', 2019, '1.234,5'],
          ['GTM', 2019, 1234.5],
        ],
      },
    ]);
    const result = await readXlsxTable(book, {
      orgUnit: { column: 'País' },
      period: { column: 'Año' },
      values: [{ column: 'Tasa', element: 'x', source: 's' }],
    });
    expect(result.rows.map((r) => r.value)).toEqual([1234.5, 1234.5]);
  });

  it('a date in the period column is the period the mapping says, and refused when it does not say', async () => {
    const book = fixture('table-prisons.xlsx');
    const refused = await readXlsxTable(book, MONTHLY, { file: 'table-prisons.xlsx' });
    expect(refused.rows).toEqual([]);
    expect(refused.issues.map((i) => [i.cell, i.field])).toEqual([
      ['Mensual!B2', 'period'],
      ['Mensual!B3', 'period'],
    ]);
    expect(refused.issues[0]?.message).toMatch(/holds a date \(2019-01-01\): say in the mapping/);
    const period = (dates: 'year' | 'quarter' | 'month') => ({ column: 'Mes', dates });
    const months = await readXlsxTable(book, { ...MONTHLY, period: period('month') });
    expect(months.rows).toEqual([prisoners('HND', '2019-01', 21500), prisoners('HND', '2019-02', 21650)]);
    const quarters = await readXlsxTable(book, { ...MONTHLY, sheet: 'mensual', period: period('quarter') });
    expect(quarters.rows.map((r) => r.period)).toEqual(['2019-Q1', '2019-Q1']);
  });

  it('an error value in a mapped cell refuses its row at that cell; in another column it is no matter', async () => {
    const result = await readXlsxTable(fixture('table-errors.xlsx'), MAPPING, { file: 'table-errors.xlsx' });
    expect(result.issues).toEqual([
      {
        file: 'table-errors.xlsx',
        line: 3,
        column: 4,
        field: 'Mujeres reclusas',
        cell: 'Prisiones!D3',
        message: 'the cell holds the error value #DIV/0!',
      },
    ]);
    expect(result.rows.map((r) => r.orgUnit)).toEqual(['HND', 'HND', 'SLV', 'SLV']);
  });

  it('refuses, naming the file, what is not a readable workbook or lacks the sheet', async () => {
    const book = fixture('table-prisons.xlsx');
    expect(await refusal(book.subarray(0, book.length - 40))).toMatch(/not a readable ZIP archive/);
    const flipped = Buffer.from(book);
    flipped.fill(0x41, 200, 260);
    expect(await refusal(flipped)).toMatch(/^book\.xlsx was not read: /);
    expect(await refusal(zipSync({ 'notes.txt': strToU8('hello') }))).toMatch(
      /a ZIP archive but not an XLSX workbook/,
    );
    const ole2 = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole2);
    expect(await refusal(ole2)).toMatch(/legacy Excel 97–2003 workbook \(\.xls\)/);
    Buffer.from('EncryptedPackage', 'utf16le').copy(ole2, 600);
    expect(await refusal(ole2)).toMatch(/encrypted \(password-protected\)/);
    expect(await refusal(book, { ...MAPPING, sheet: 'Resumen' })).toContain(
      'the workbook has no sheet "Resumen" (its sheets: "Prisiones", "Mensual")',
    );
    expect(await refusal(book, { ...MAPPING, sheet: 3 })).toContain('no sheet number 3');
    const huge = new Uint8Array(MAX_XLSX_BYTES + 1);
    huge.set(book.subarray(0, 4));
    expect(await refusal(huge)).toMatch(/over the 32 MiB an XLSX file may be/);
  });

  it('refuses a sheet of more rows than read-excel-file reads in reasonable time, before reading it', async () => {
    const rows = Array.from({ length: MAX_XLSX_ROWS + 1 }, (_, i) => (i === 0 ? ['País'] : [i]));
    const started = performance.now();
    expect(await refusal(writeXlsx([{ name: 'Datos', rows }]), { ...MAPPING, sheet: 1 })).toContain(
      `the sheet "Datos" has ${MAX_XLSX_ROWS + 1} rows, over the ${MAX_XLSX_ROWS} a sheet may have`,
    );
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it('tells a workbook by its first bytes, and writes cell references as spreadsheets do', () => {
    expect(spreadsheetKind(fixture('table-prisons.xlsx'))).toBe('zip');
    expect(spreadsheetKind(fixture('table-prisons.csv'))).toBeUndefined();
    expect(cellReference('Prisiones', 14, 3)).toBe('Prisiones!C14');
    expect(cellReference('Hoja 1', 14, 28)).toBe("'Hoja 1'!AB14");
    expect(cellReference('Prisiones', 3)).toBe('Prisiones!3:3');
  });
});
