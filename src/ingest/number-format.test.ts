/** Tests of number cells: separators, detection per file, blank vs zero vs not applicable. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectDecimalSeparator, parseNumberCell } from './number-format.ts';

const value = (text: string, decimal?: '.' | ','): number | string => {
  const parsed = parseNumberCell(text, decimal);
  return parsed.kind === 'number' ? parsed.value : parsed.kind;
};

describe('parseNumberCell', () => {
  it('reads thousands separators and decimal points or commas', () => {
    expect(value('2,279,100')).toBe(2_279_100);
    expect(value('669340.048')).toBe(669_340.048);
    expect(value('1.234,5')).toBe(1234.5);
    expect(value('0,7839998582')).toBe(0.7839998582);
    expect(value('1 234 567')).toBe(1_234_567);
    expect(value('1\u00a0234,5', ',')).toBe(1234.5);
    expect(value('-12.5')).toBe(-12.5);
    expect(value('1.5E+07')).toBe(15_000_000);
    expect(value('4,657', '.')).toBe(4657);
    expect(value('4,657', ',')).toBe(4.657);
    expect(value('4.657', ',')).toBe(4657);
    expect(value('0')).toBe(0);
  });

  it('tells blank, zero and not applicable apart', () => {
    expect(value('')).toBe('blank');
    expect(value('  ')).toBe('blank');
    expect(value('0')).toBe(0);
    for (const text of ['..', 'NA', 'n/a', '-', '—', ':']) expect(value(text)).toBe('not_applicable');
  });

  it('refuses what is not a number, formulas and overflow included', () => {
    for (const text of [
      '1,2,3',
      '12a',
      "=cmd|' /C calc'!A0",
      '1.2.3,4',
      '+',
      '--1',
      '9'.repeat(400),
      '1e999',
      '1,23,456',
    ]) {
      expect(value(text), text).toBe('invalid');
    }
  });

  it('never throws and reads back any finite number it printed', () => {
    fc.assert(fc.property(fc.string(), (text) => void parseNumberCell(text)));
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (n) => {
        expect(value(String(n), '.')).toBe(n === 0 ? 0 : n);
      }),
    );
  });
});

describe('detectDecimalSeparator', () => {
  it('decides from unambiguous values and leaves ambiguous files undecided', () => {
    expect(detectDecimalSeparator(['4,657', '26.8', '2,279,100'])).toBe('.');
    expect(detectDecimalSeparator(['0,78', '1.234', '12'])).toBe(',');
    expect(detectDecimalSeparator(['4,657', '12'])).toBeUndefined();
    expect(detectDecimalSeparator(['1.234,5'])).toBe(',');
  });
});
