import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors.ts';
import { numberColumn, readPanelCsv, textColumn } from './panel-table.ts';

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError)
      return error.issues.map((i) => `${i.line}:${i.column ?? ''}:${i.message}`);
    throw error;
  }
  throw new Error('no error');
}

describe('readPanelCsv', () => {
  it('reads columns, rows and missing values (NA, empty)', () => {
    const table = readPanelCsv('"unit","year","y"\nA,2000,1.5\nA,2001,NA\nB,2000,\n', 'p.csv');
    expect(table.columns).toEqual(['unit', 'year', 'y']);
    expect(textColumn(table, 'unit')).toEqual(['A', 'A', 'B']);
    expect(numberColumn(table, 'year')).toEqual([2000, 2001, 2000]);
    expect(numberColumn(table, 'y').map((v) => (Number.isNaN(v) ? 'NaN' : v))).toEqual([1.5, 'NaN', 'NaN']);
  });

  it('reads semicolon-separated files', () => {
    expect(readPanelCsv('a;b\n1;2\n').columns).toEqual(['a', 'b']);
  });

  it('names the line and column of every bad number, and of rows of the wrong width', () => {
    const table = readPanelCsv('unit,y\nA,1\nB,x\nC,1e999\n', 'p.csv');
    expect(issuesOf(() => numberColumn(table, 'y'))).toEqual([
      '3:2:"x" is not a number',
      '4:2:"1e999" is not a number',
    ]);
    expect(issuesOf(() => readPanelCsv('a,b\n1,2\n3\n'))).toEqual([
      '3::expected 2 fields (as the header), found 1',
    ]);
    expect(issuesOf(() => numberColumn(readPanelCsv('a\n\n1\nNA\n'), 'a', { required: true }))).toEqual([
      '4:1:a value is required',
    ]);
  });

  it('refuses an unknown column, listing the ones there are', () => {
    expect(() => numberColumn(readPanelCsv('a,b\n1,2\n'), 'c')).toThrow(
      /no column "c"; its columns are: a, b/,
    );
  });

  it('refuses an empty file, a file without rows, and duplicate column names', () => {
    expect(() => readPanelCsv('')).toThrow(/empty/);
    expect(() => readPanelCsv('a,b\n')).toThrow(/no rows/);
    expect(issuesOf(() => readPanelCsv('a,a\n1,2\n'))).toEqual(['1:2:column "a" appears twice']);
  });
});
