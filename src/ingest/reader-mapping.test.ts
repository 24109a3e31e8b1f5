/** Tests of the indicator mapping's checks and of country names to member-state codes. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors.ts';
import { memberStateOf } from './country-names.ts';
import { parseIndicatorMapping } from './reader-mapping.ts';

describe('parseIndicatorMapping', () => {
  it('accepts indicator → { element, source, disaggregation? }', () => {
    expect(parseIndicatorMapping({ 'SP.POP.TOTL': { element: 'population', source: 'world_bank' } })).toEqual(
      {
        'SP.POP.TOTL': { element: 'population', source: 'world_bank' },
      },
    );
  });

  it('lists every problem, by indicator', () => {
    try {
      parseIndicatorMapping({ a: { element: '', source: 'x' }, b: 3 }, 'm.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.field)).toEqual(['a', 'b']);
    }
    expect(() => parseIndicatorMapping([])).toThrow(ValidationError);
  });
});

describe('memberStateOf', () => {
  it('reads codes, names in four languages, M49 names and aliases', () => {
    expect(memberStateOf('HN')).toBe('HND');
    expect(memberStateOf('340')).toBe('HND');
    expect(memberStateOf('Brésil')).toBe('BRA');
    expect(memberStateOf('Bolivia (Plurinational State of)')).toBe('BOL');
    expect(memberStateOf('United States of America')).toBe('USA');
    expect(memberStateOf('St. Kitts and Nevis')).toBe('KNA');
    expect(memberStateOf('United States Virgin Islands')).toBeUndefined();
    expect(memberStateOf('Americas')).toBeUndefined();
  });
});
