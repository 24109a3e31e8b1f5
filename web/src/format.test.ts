import { describe, expect, it } from 'vitest';
import { formatNumber, formatPeriodLabel } from './format.ts';

describe('formatting by language', () => {
  it('writes numbers with the language’s separators', () => {
    expect(formatNumber(1234567.8, 'en')).toBe('1,234,568');
    expect(formatNumber(12.345, 'fr')).toBe('12,35');
    expect(formatNumber(12.345, 'pt')).toBe('12,35');
    expect(formatNumber(null, 'es')).toBe('–');
  });

  it('writes months and quarters for reading, and leaves years and other codes alone', () => {
    expect(formatPeriodLabel('2024-05', 'en')).toBe('May 2024');
    expect(formatPeriodLabel('2024-05', 'fr')).toMatch(/^mai 2024$/);
    expect(formatPeriodLabel('2024-05', 'es')).toMatch(/may/);
    expect(formatPeriodLabel('2024-Q2', 'en')).toBe('Q2 2024');
    expect(formatPeriodLabel('2024-Q2', 'fr')).toBe('T2 2024');
    expect(formatPeriodLabel('2024', 'pt')).toBe('2024');
  });
});
