import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvRecordReader, MAX_RECORD_CHARS, type CsvRecord } from './csv-records.ts';

function readAll(
  text: string,
  chunkSize = text.length || 1,
): { records: CsvRecord[]; reader: CsvRecordReader } {
  const reader = new CsvRecordReader({ file: 'f.csv' });
  const records: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += chunkSize) records.push(...reader.push(text.slice(i, i + chunkSize)));
  records.push(...reader.end());
  return { records, reader };
}

describe('CsvRecordReader', () => {
  it('reads plain records with line numbers, CRLF or LF, with or without a final line break', () => {
    const { records } = readAll('\uFEFFa,b,c\r\n1,2,3\n4,,6');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: ['4', '', '6'] },
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    const { records, reader } = readAll('x,"a,b","say ""hi""","two\nlines"\r\nnext,1,2,3\n');
    expect(records).toEqual([
      { line: 1, fields: ['x', 'a,b', 'say "hi"', 'two\nlines'] },
      { line: 3, fields: ['next', '1', '2', '3'] },
    ]);
    expect(reader.issues).toEqual([]);
  });

  it('gives the same records whatever the chunk size', () => {
    const text = 'h1,h2\r\n"a ""q""",b\n"multi\r\nline",c\r\nplain,"end"';
    const whole = readAll(text).records;
    for (let size = 1; size <= 7; size++) expect(readAll(text, size).records).toEqual(whole);
  });

  it('reports an unclosed quote with its line and column', () => {
    const { reader } = readAll('a,b\n1,"open\n');
    expect(reader.issues).toEqual([
      { file: 'f.csv', line: 2, column: 3, message: 'a quoted field is never closed (expected a closing ")' },
    ]);
  });

  it('reports a stray quote and text after a closing quote', () => {
    const { reader } = readAll('a,b"c\n"x"y,z\n');
    expect(reader.issues.map((i) => [i.line, i.column])).toEqual([
      [1, 4],
      [2, 4],
    ]);
  });

  it('reports each problem once, whatever the chunk size', () => {
    const text = 'a,b"c,"open\nmore\n';
    const whole = readAll(text).reader.issues;
    expect(whole).toHaveLength(2);
    for (let size = 1; size <= 7; size++) expect(readAll(text, size).reader.issues).toEqual(whole);
  });

  it('reads text after a closing quote the same when a chunk ends inside it', () => {
    const text = 'a,b\n"x"yz,w\n1,2';
    const whole = readAll(text);
    expect(whole.records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x', 'w'] },
      { line: 3, fields: ['1', '2'] },
    ]);
    for (let size = 1; size <= 9; size++) {
      const chunked = readAll(text, size);
      expect(chunked.records).toEqual(whole.records);
      expect(chunked.reader.issues).toEqual(whole.reader.issues);
    }
  });

  it('stops waiting for a closing quote after a record of MAX_RECORD_CHARS and reads on', () => {
    const reader = new CsvRecordReader({ file: 'f.csv' });
    const records: CsvRecord[] = [...reader.push('a,b\n1,"never closed\n')];
    const filler = `${'x'.repeat(63)}\n`.repeat(1024); // 64 KiB a push
    for (let i = 0; i < 20; i++) records.push(...reader.push(filler));
    records.push(...reader.push('2,"ok"\n'), ...reader.end());
    expect(reader.issues).toEqual([
      {
        file: 'f.csv',
        line: 2,
        column: 3,
        message: `a record runs past ${MAX_RECORD_CHARS / 1024} KiB: the quote here is probably never closed (expected a closing ")`,
      },
    ]);
    expect(records[0]).toEqual({ line: 1, fields: ['a', 'b'] });
    expect(records.at(-1)).toEqual({ line: 3 + 20 * 1024, fields: ['2', 'ok'] });
  });

  it('round-trips any table of strings written by a standard writer (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é') });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 9 }),
        (rows, chunk) => {
          const width = rows[0]!.length;
          const table = rows.map((r) =>
            r.length === width ? r : [...r, ...Array<string>(width).fill('')].slice(0, width),
          );
          const text = table
            .map((r) =>
              r.map((c) => (/[",\r\n]/.test(c) || c === '' ? `"${c.replaceAll('"', '""')}"` : c)).join(','),
            )
            .join('\r\n');
          const { records, reader } = readAll(text, chunk);
          expect(reader.issues).toEqual([]);
          expect(records.map((r) => r.fields)).toEqual(table);
        },
      ),
      { numRuns: 500 },
    );
  });
});
