import { describe, expect, it } from 'vitest';
import { distinctValues, guessColumn, guessDelimiter, previewCsv, splitLine } from './csv-preview.ts';

describe('the CSV preview of the evaluation page', () => {
  it('guesses the delimiter from the header line', () => {
    expect(guessDelimiter('a,b,c')).toBe(',');
    expect(guessDelimiter('a;b;c')).toBe(';');
    expect(guessDelimiter('a\tb')).toBe('\t');
    expect(guessDelimiter('single')).toBe(',');
  });

  it('splits quoted fields', () => {
    expect(splitLine('"a, b",c,"say ""hi"""', ',')).toEqual(['a, b', 'c', 'say "hi"']);
  });

  it('reads the columns and rows, skipping blank lines and a byte-order mark', () => {
    const preview = previewCsv('\uFEFFunit;year;y\r\nA;2000;1\n\nB;2000;2\nA;2001;3\n');
    expect(preview.columns).toEqual(['unit', 'year', 'y']);
    expect(preview.rows).toHaveLength(3);
    expect(distinctValues(preview, 'unit')).toEqual(['A', 'B']);
    expect(distinctValues(preview, 'missing')).toEqual([]);
  });

  it('guesses a column by name', () => {
    expect(guessColumn(['Unit', 'Period', 'deaths'], ['time', 'period'])).toBe('Period');
    expect(guessColumn(['x'], ['time'], 'x')).toBe('x');
  });

  it('answers an empty file with no columns', () => {
    expect(previewCsv('').columns).toEqual([]);
  });
});
