/**
 * Writes the XLSX fixtures of `test/fixtures/ingest/` (run `npx tsx test/support/xlsx-fixtures.ts`
 * after changing them; the files are committed, and a test checks they are what this script writes).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeXlsx, type XlsxSheet } from './xlsx-writer.ts';

export const XLSX_FIXTURES: Readonly<Record<string, readonly XlsxSheet[]>> = {
  /** a wide table: shared and inline strings, numbers, a text number, a formula, a blank, a note */
  'table-prisons.xlsx': [
    {
      name: 'Prisiones',
      rows: [
        ['País', 'Año', 'Reclusos', 'Mujeres reclusas', 'Nota'],
        ['HND', 2019, 21800, 1450, null],
        [{ inline: 'GTM' }, 2019, '25 012', { formula: 'SUM(D5:D6)', cached: 2711 }, 'revisado'],
        ['SLV', { formula: 'B2', cached: 2019 }, 37190, null, null],
      ],
    },
    {
      name: 'Mensual',
      rows: [
        ['País', 'Mes', 'Reclusos'],
        ['HND', { date: '2019-01-01' }, 21500],
        ['HND', { date: '2019-02-01' }, 21650],
      ],
    },
  ],
  /** the same table with an error value in a mapped cell (D3) and in a note (E4) */
  'table-errors.xlsx': [
    {
      name: 'Prisiones',
      rows: [
        ['País', 'Año', 'Reclusos', 'Mujeres reclusas', 'Nota'],
        ['HND', 2019, 21800, 1450, null],
        ['GTM', 2019, 25012, { error: '#DIV/0!' }, null],
        ['SLV', 2019, 37190, 2000, { error: '#N/A' }],
      ],
    },
  ],
};

if (process.argv[1] === import.meta.filename) {
  const folder = join(import.meta.dirname, '..', 'fixtures', 'ingest');
  for (const [name, sheets] of Object.entries(XLSX_FIXTURES)) {
    writeFileSync(join(folder, name), writeXlsx(sheets));
    console.log(`wrote ${name}`);
  }
}
