/**
 * Tests of the generic table reader: fixtures (long and wide), the real Colombian file, damage,
 * and streaming: any split of the bytes into chunks reads as the whole file does, and as the
 * whole-file reader did before it streamed (kept below as the oracle).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkReaderUnderDamage,
  chunked,
  damagedInput,
  formatsPresent,
  sharedFile,
} from '../../test/support/ingest.ts';
import { isPeriodCode } from '../periods/period-code.ts';
import {
  DECIMAL_DETECTION_ROWS,
  GenericTableReader,
  readGenericTable,
  streamGenericTable,
  type TableMapping,
} from './generic-table.ts';
import { detectDecimalSeparator, parseNumberCell } from './number-format.ts';
import { cell, columnIndex, readDelimited, type ReaderInput, type ReaderResult } from './reader-result.ts';

const WIDE = [
  'municipio;año;homicidios;poblacion',
  '5001;2023;309;2.616.335',
  '76001;2023;950;2.283.846',
  '8001;2023;;1.326.588',
  '99999;2023;1;1.000',
].join('\n');
const WIDE_MAPPING: TableMapping = {
  delimiter: ';',
  orgUnit: { column: 'municipio', prefix: 'COL.', pad: 5 },
  period: { column: 'año' },
  values: [
    { column: 'homicidios', element: 'homicide_victims', source: 'forensic' },
    { column: 'poblacion', element: 'population', source: 'census' },
  ],
};

const LONG = [
  'unit,indicator,month,value',
  'SLV,HOM,2021-01,"1,5"',
  'SLV,ROB,2021-01,7',
  'SLV,XYZ,2021-01,1',
  'SLV,HOM,2021-13,2',
].join('\n');
const LONG_MAPPING: TableMapping = {
  orgUnit: { column: 'unit' },
  period: { column: 'month' },
  values: [
    {
      column: 'value',
      elementColumn: 'indicator',
      elementCodes: { HOM: 'homicide_victims', ROB: 'robberies' },
      source: 'police',
    },
  ],
};

describe('readGenericTable', () => {
  it('reads a wide table with padded, prefixed codes and thousands dots', () => {
    const result = readGenericTable(WIDE, WIDE_MAPPING, { file: 'mun.csv' });
    expect(result.rows.map((row) => [row.element, row.orgUnit, row.value])).toEqual([
      ['homicide_victims', 'COL.05001', 309],
      ['population', 'COL.05001', 2_616_335],
      ['homicide_victims', 'COL.76001', 950],
      ['population', 'COL.76001', 2_283_846],
      ['population', 'COL.08001', 1_326_588],
      ['homicide_victims', 'COL.99999', 1],
      ['population', 'COL.99999', 1000],
    ]);
    expect(result.skipped).toEqual([{ code: 'blank', count: 1 }]);
  });

  it('reads a long table with the element in a column, and names bad periods', () => {
    const result = readGenericTable(LONG, LONG_MAPPING, { file: 'long.csv' });
    expect(result.rows.map((row) => [row.element, row.period, row.value])).toEqual([
      ['homicide_victims', '2021-01', 1.5],
      ['robberies', '2021-01', 7],
    ]);
    expect(result.issues).toMatchObject([{ line: 5, column: 3, field: 'period' }]);
    expect(result.skipped).toEqual([{ code: 'element-not-mapped', count: 1 }]);
  });

  it('names missing columns on the header line', () => {
    expect(readGenericTable('a,b\n1,2', LONG_MAPPING).issues).toMatchObject([{ line: 1, column: 1 }]);
  });

  it('never throws on damaged input and every issue names a line', () => {
    checkReaderUnderDamage(WIDE, (input) => readGenericTable(input, WIDE_MAPPING));
    checkReaderUnderDamage(LONG, (input) => readGenericTable(input, LONG_MAPPING));
  });
});

/** The whole-file reader as it was before it streamed: the oracle of the streaming tests. */
function readAsBefore(input: ReaderInput, mapping: TableMapping, file?: string): ReaderResult {
  const result = readAsBeforeUnordered(input, mapping, file);
  // The streaming reader gives its problems in line order (the oracle: the CSV ones first).
  const issues = result.issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.index - b.index)
    .map(({ issue }) => issue);
  return { ...result, issues };
}

function readAsBeforeUnordered(input: ReaderInput, mapping: TableMapping, file?: string): ReaderResult {
  const { records, out } = readDelimited(input, {
    ...(file === undefined ? {} : { file }),
    delimiter: mapping.delimiter ?? ',',
  });
  const [header, ...data] = records;
  if (header === undefined) return out.result();
  const missing: string[] = [];
  const find = (name: string | undefined): number => {
    if (name === undefined) return -1;
    const index = columnIndex(header.fields, name);
    if (index < 0) missing.push(name);
    return index;
  };
  const unitAt = 'column' in mapping.orgUnit ? find(mapping.orgUnit.column) : -1;
  const periodAt = 'column' in mapping.period ? find(mapping.period.column) : -1;
  const values = mapping.values.map((value) => ({
    value,
    at: find(value.column),
    elementAt: find(value.elementColumn),
  }));
  if (values.some(({ value }) => value.element === undefined && value.elementColumn === undefined)) {
    out.issue(header.line, 'every value of the mapping needs an "element" or an "elementColumn"');
  }
  if (missing.length > 0)
    out.issue(header.line, `the header lacks ${missing.map((name) => `"${name}"`).join(', ')}`, 1);
  if (out.issues.length > 0 && missing.length > 0) return out.result();
  const decimal =
    mapping.decimal ??
    detectDecimalSeparator(data.flatMap((record) => values.map(({ at }) => cell(record, at)))) ??
    '.';
  const unit = mapping.orgUnit;
  for (const record of data) {
    let raw = 'constant' in unit ? unit.constant : cell(record, unitAt);
    if (unit.pad !== undefined && /^[0-9]+$/.test(raw)) raw = raw.padStart(unit.pad, '0');
    const mapped = unit.codes === undefined ? raw : unit.codes[raw];
    if (mapped === undefined || mapped === '') {
      out.skip(mapped === undefined ? 'unit-not-mapped' : 'blank-unit');
      continue;
    }
    const orgUnit = `${unit.prefix ?? ''}${mapped}`;
    let period = 'constant' in mapping.period ? mapping.period.constant : cell(record, periodAt);
    if (/^[0-9]{4}\.0+$/.test(period)) period = period.slice(0, 4);
    if (!isPeriodCode(period)) {
      out.issue(
        record.line,
        `"${period}" is not a period (2013, 2013-Q4, 2013-11)`,
        periodAt < 0 ? undefined : periodAt + 1,
        'period',
      );
      continue;
    }
    for (const { value, at, elementAt } of values) {
      let element = value.element;
      if (element === undefined) {
        const code = cell(record, elementAt);
        element = value.elementCodes === undefined ? code : value.elementCodes[code];
        if (element === undefined || element === '') {
          out.skip('element-not-mapped');
          continue;
        }
      }
      const parsed = parseNumberCell(cell(record, at), decimal);
      if (parsed.kind === 'number') {
        const row = {
          element,
          orgUnit,
          period,
          disaggregation: value.disaggregation ?? '',
          source: value.source,
          value: parsed.value,
        };
        out.add(row, record.line);
      } else if (parsed.kind === 'invalid') out.issue(record.line, parsed.message, at + 1, value.column);
      else out.skip(parsed.kind === 'blank' ? 'blank' : 'not-applicable');
    }
  }
  return out.result();
}

async function readStreamed(
  chunks: Uint8Array[],
  mapping: TableMapping,
  file?: string,
): Promise<ReaderResult> {
  const reader = new GenericTableReader(mapping, file === undefined ? {} : { file });
  const rows = [];
  const lines = [];
  async function* arriving(): AsyncGenerator<Uint8Array> {
    for (const chunk of chunks) yield await Promise.resolve(chunk);
  }
  for await (const batch of streamGenericTable(arriving(), reader)) {
    expect(batch.rows.length).toBe(batch.lines.length);
    rows.push(...batch.rows);
    lines.push(...batch.lines);
  }
  return { rows, lines, ...reader.summary() };
}

const MIXED =
  'bytes that are not UTF-8 after UTF-8 text earlier in the file: save the whole file in one encoding';

/** Streams in the chunks, and checks the result against the whole-file read and the oracle. */
async function expectSameStreamed(bytes: Uint8Array, mapping: TableMapping, sizes: number[]): Promise<void> {
  const whole = readGenericTable(bytes, mapping, { file: 't.csv' });
  const before = readAsBefore(bytes, mapping, 't.csv');
  expect(whole).toEqual(before);
  const streamed = await readStreamed(chunked(bytes, sizes), mapping, 't.csv');
  if (streamed.issues.some((issue) => issue.message === MIXED)) {
    // UTF-8 letters, then bytes that are not UTF-8 in a later chunk: the whole file reads as
    // windows-1252, the stream cannot go back and says so.
    expect(whole.encoding).toBe('windows-1252');
    return;
  }
  expect(streamed).toEqual(whole);
}

const sizesArb = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 });
const asBytes = (input: string | Uint8Array): Uint8Array =>
  typeof input === 'string' ? Buffer.from(input, 'utf8') : input;

describe('streamGenericTable', () => {
  it('reads the fixtures, damaged at random, in random chunks as the whole-file reader did', async () => {
    const prisons = readFileSync(
      join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'ingest', 'table-prisons.csv'),
      'utf8',
    );
    const prisonsMapping = JSON.parse(
      readFileSync(
        join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'ingest', 'table-prisons.mapping.json'),
        'utf8',
      ),
    ) as TableMapping;
    const { decimal: _decimal, ...prisonsDetected } = prisonsMapping;
    for (const [fixture, mapping] of [
      [WIDE, WIDE_MAPPING],
      [LONG, LONG_MAPPING],
      [prisons, prisonsMapping],
      [prisons, prisonsDetected],
    ] as const) {
      await fc.assert(
        fc.asyncProperty(damagedInput(fixture), sizesArb, (input, sizes) =>
          expectSameStreamed(asBytes(input), mapping, sizes),
        ),
        { numRuns: 200 },
      );
    }
  });

  it('reads random tables in any encoding, in random chunks, as the whole-file reader did', async () => {
    const cells = ['12', '1.234', '1,5', '0,78', '26.8', '2.616.335', '"1,5"', '', '..', '-', 'abc', '1e3'];
    const units = ['5001', 'HND', '', '76001', 'ÑUÑOA', '"SLV"'];
    const periods = ['2019', '2019.0', '2019-13', '', '2021-01', '2013-Q4', 'año'];
    const record = fc.tuple(
      fc.constantFrom(...units),
      fc.constantFrom(...periods),
      fc.constantFrom(...cells),
      fc.constantFrom(...cells),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(record, fc.constant(null)), { maxLength: 30 }),
        fc.constantFrom(';', ','),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('utf8', 'utf8-bom', 'latin1', 'utf16le'),
        fc.option(fc.constantFrom('.', ','), { nil: undefined }),
        sizesArb,
        async (records, delimiter, newline, encoding, decimal, sizes) => {
          const text = [
            ['municipio', 'año', 'homicidios', 'poblacion'].join(delimiter),
            ...records.map((r) => (r === null ? '' : r.join(delimiter))),
          ].join(newline);
          const bytes =
            encoding === 'utf8'
              ? Buffer.from(text, 'utf8')
              : encoding === 'utf8-bom'
                ? Buffer.from(`\uFEFF${text}`, 'utf8')
                : encoding === 'latin1'
                  ? Buffer.from(text, 'latin1')
                  : Buffer.from(`\uFEFF${text}`, 'utf16le');
          const mapping: TableMapping = {
            ...WIDE_MAPPING,
            delimiter,
            ...(decimal === undefined ? {} : { decimal }),
          };
          await expectSameStreamed(bytes, mapping, sizes);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('detects the decimal separator from the first rows only', () => {
    const whole = [
      'a;p;v',
      ...Array.from({ length: DECIMAL_DETECTION_ROWS }, () => 'HND;2020;7'),
      'HND;2021;1,5',
    ];
    const mapping: TableMapping = {
      delimiter: ';',
      orgUnit: { column: 'a' },
      period: { column: 'p' },
      values: [{ column: 'v', element: 'homicide_victims', source: 'police' }],
    };
    const read = readGenericTable(whole.join('\n'), mapping);
    expect(read.issues).toMatchObject([{ line: DECIMAL_DETECTION_ROWS + 2, column: 3, field: 'v' }]);
    expect(readGenericTable(whole.join('\n'), { ...mapping, decimal: ',' }).rows.at(-1)?.value).toBe(1.5);
    // within the first rows, the evidence decides for all of them
    const early = ['a;p;v', 'HND;2021;1,5', ...Array.from({ length: 20 }, () => 'HND;2020;1.234')];
    expect(readGenericTable(early.join('\n'), mapping).rows.at(-1)?.value).toBe(1234);
  });

  it('reports a file whose bytes turn from UTF-8 to Latin-1 after the first chunk', async () => {
    const bytes = Buffer.concat([
      Buffer.from('municipio;año;homicidios;poblacion\n5001;2023;1;2\n', 'utf8'),
      Buffer.from('ÑUÑOA;2023;1;2\n', 'latin1'),
    ]);
    const streamed = await readStreamed(chunked(bytes, [40]), WIDE_MAPPING);
    expect(streamed.issues).toMatchObject([{ line: 3, column: 1, message: MIXED }]);
    expect(readGenericTable(bytes, WIDE_MAPPING).encoding).toBe('windows-1252');
  });
});

describe.skipIf(!formatsPresent)('readGenericTable on the Colombian municipal file', () => {
  it('reads Cali (76001): 950 homicides, rate 41.596', () => {
    const result = readGenericTable(sharedFile('colombia_homicidios_2024', 'data_3.csv'), {
      orgUnit: { column: 'codigo_mun', prefix: 'COL.', pad: 5 },
      period: { constant: '2024' },
      values: [
        { column: 'total_homicidios', element: 'homicide_victims', source: 'forensic' },
        { column: 'tasa_homicidios', element: 'rate', source: 'forensic' },
      ],
    });
    expect(result.issues).toEqual([]);
    const cali = result.rows.filter((row) => row.orgUnit === 'COL.76001');
    expect(cali[0]?.value).toBe(950);
    expect(cali[1]?.value).toBeCloseTo(41.596, 3);
  });
});
if (!formatsPresent) it.skip('Colombian file skipped: ../shared/data/formats is absent', () => {});
