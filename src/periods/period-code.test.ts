import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ValidationError } from '../kernel/errors.ts';
import {
  MAX_YEAR,
  MIN_YEAR,
  childPeriods,
  comparePeriods,
  containsPeriod,
  daysIn,
  endDate,
  formatPeriod,
  isLeapYear,
  isPeriodCode,
  makePeriod,
  parentPeriod,
  parsePeriod,
  periodOfDate,
  periodRange,
  periodType,
  periodsBetween,
  shiftPeriod,
  startDate,
  tryParsePeriod,
  yearFraction,
  type Period,
  type PeriodType,
} from './period-code.ts';

const p = parsePeriod;
const codes = (periods: readonly Period[]): string[] => periods.map(formatPeriod);

/** The message parsePeriod throws for `code`. */
function errorOf(code: string): string {
  try {
    parsePeriod(code);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error(`${code} parsed`);
}

const arbType: fc.Arbitrary<PeriodType> = fc.constantFrom('year', 'quarter', 'month');
const arbPeriodOf = (type: PeriodType, minYear = MIN_YEAR, maxYear = MAX_YEAR): fc.Arbitrary<Period> =>
  fc
    .tuple(
      fc.integer({ min: minYear, max: maxYear }),
      fc.integer({ min: 1, max: type === 'year' ? 1 : type === 'quarter' ? 4 : 12 }),
    )
    .map(([year, index]) => makePeriod(type, year, index));
const arbPeriod: fc.Arbitrary<Period> = arbType.chain((type) => arbPeriodOf(type));

describe('parsePeriod', () => {
  it('parses years, quarters and months', () => {
    expect(p('2013')).toEqual({ type: 'year', year: 2013, index: 1 });
    expect(p('2013-Q4')).toEqual({ type: 'quarter', year: 2013, index: 4 });
    expect(p('2013-11')).toEqual({ type: 'month', year: 2013, index: 11 });
    expect(p('2013-01')).toEqual({ type: 'month', year: 2013, index: 1 });
    expect(p('1900')).toEqual({ type: 'year', year: 1900, index: 1 });
    expect(p('2100-12')).toEqual({ type: 'month', year: 2100, index: 12 });
  });

  it('returns shared frozen periods', () => {
    expect(p('2013-11')).toBe(p('2013-11'));
    expect(Object.isFrozen(p('2013-Q2'))).toBe(true);
    expect(makePeriod('month', 2013, 11)).toBe(p('2013-11'));
  });

  it('says what is wrong and what was expected', () => {
    const cases: [string, string][] = [
      ['2013-13', '"2013-13" is not a period code: the month must be 01–12'],
      ['2013-00', '"2013-00" is not a period code: the month must be 01–12'],
      ['', '"" is not a period code: it is empty'],
      [
        ' 2013',
        '" 2013" is not a period code: it starts with a space or other whitespace, and codes are not trimmed',
      ],
      [
        '\t2013',
        '"\\t2013" is not a period code: it starts with a space or other whitespace, and codes are not trimmed',
      ],
      [
        '2013 ',
        '"2013 " is not a period code: it ends with a space or other whitespace, and codes are not trimmed',
      ],
      [
        '2013-11\n',
        '"2013-11\\n" is not a period code: it ends with a space or other whitespace, and codes are not trimmed',
      ],
      ['13', '"13" is not a period code: it must start with a four-digit year'],
      ['201', '"201" is not a period code: it must start with a four-digit year'],
      ['20131', '"20131" is not a period code: it must start with a four-digit year'],
      ['FY13', '"FY13" is not a period code: it must start with a four-digit year'],
      ['1899', '"1899" is not a period code: the year must be 1900–2100'],
      ['2101', '"2101" is not a period code: the year must be 1900–2100'],
      ['2101-Q1', '"2101-Q1" is not a period code: the year must be 1900–2100'],
      ['2013/11', '"2013/11" is not a period code: the year must be followed by nothing, by -Qn or by -MM'],
      ['2013Q1', '"2013Q1" is not a period code: the year must be followed by nothing, by -Qn or by -MM'],
      [
        '2013-',
        '"2013-" is not a period code: the dash must be followed by a quarter Q1–Q4 or a month 01–12',
      ],
      [
        '2013--1',
        '"2013--1" is not a period code: the dash must be followed by a quarter Q1–Q4 or a month 01–12',
      ],
      ['2013-Q5', '"2013-Q5" is not a period code: the quarter must be Q1–Q4'],
      ['2013-Q0', '"2013-Q0" is not a period code: the quarter must be Q1–Q4'],
      ['2013-Q', '"2013-Q" is not a period code: the quarter must be Q1–Q4'],
      ['2013-Q12', '"2013-Q12" is not a period code: the quarter must be Q1–Q4'],
      ['2013-q1', '"2013-q1" is not a period code: the quarter must be written with a capital Q'],
      ['2013-1', '"2013-1" is not a period code: the month must have two digits, 01–12'],
      ['2013-1x', '"2013-1x" is not a period code: the month must have two digits, 01–12'],
      ['2013-011', '"2013-011" is not a period code: the month must have two digits, 01–12'],
      ['2013-11-05', '"2013-11-05" is not a period code: it looks like a date; a month is written YYYY-MM'],
      ['2013-11x', '"2013-11x" is not a period code: there are characters after the period'],
      ['2013-Q1x', '"2013-Q1x" is not a period code: there are characters after the period'],
      [
        '2013-S1',
        '"2013-S1" is not a period code: only years, quarters and months are supported (not semesters, weeks, days or the YYYY-Mnn form)',
      ],
      [
        '2013-W01',
        '"2013-W01" is not a period code: only years, quarters and months are supported (not semesters, weeks, days or the YYYY-Mnn form)',
      ],
      [
        '2013-M01',
        '"2013-M01" is not a period code: only years, quarters and months are supported (not semesters, weeks, days or the YYYY-Mnn form)',
      ],
    ];
    for (const [code, message] of cases) {
      expect(errorOf(code)).toBe(`${message} (expected YYYY, YYYY-Qn or YYYY-MM)`);
      expect(tryParsePeriod(code)).toBeUndefined();
      expect(isPeriodCode(code)).toBe(false);
    }
  });

  it('shortens very long input in messages and refuses non-strings', () => {
    expect(errorOf('2013-11' + 'x'.repeat(100))).toBe(
      `"2013-11${'x'.repeat(33)}…" is not a period code: there are characters after the period (expected YYYY, YYYY-Qn or YYYY-MM)`,
    );
    expect(() => parsePeriod(2013 as unknown as string)).toThrow(
      '2013 is not a period code: it is not a string (expected YYYY, YYYY-Qn or YYYY-MM)',
    );
    expect(tryParsePeriod(null as unknown as string)).toBeUndefined();
    expect(isPeriodCode(undefined as unknown as string)).toBe(false);
  });

  it('tryParsePeriod and isPeriodCode agree with parsePeriod', () => {
    expect(tryParsePeriod('2013-Q4')).toBe(p('2013-Q4'));
    expect(isPeriodCode('2013-11')).toBe(true);
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), (code) => {
        let parsed: Period | undefined;
        try {
          parsed = parsePeriod(code);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
        }
        expect(tryParsePeriod(code)).toBe(parsed);
        expect(isPeriodCode(code)).toBe(parsed !== undefined);
      }),
    );
  });

  it('knows the type of a code', () => {
    expect(periodType('2013')).toBe('year');
    expect(periodType('2013-Q1')).toBe('quarter');
    expect(periodType('2013-01')).toBe('month');
    expect(() => periodType('2013-1')).toThrow(ValidationError);
  });
});

describe('makePeriod and formatPeriod', () => {
  it('formats codes', () => {
    expect(formatPeriod({ type: 'year', year: 2013, index: 1 })).toBe('2013');
    expect(formatPeriod({ type: 'quarter', year: 2013, index: 4 })).toBe('2013-Q4');
    expect(formatPeriod({ type: 'month', year: 2013, index: 1 })).toBe('2013-01');
    expect(formatPeriod(makePeriod('year', 2020))).toBe('2020');
  });

  it('refuses malformed periods', () => {
    const bad: Period[] = [
      { type: 'month', year: 2013, index: 13 },
      { type: 'quarter', year: 2013, index: 0 },
      { type: 'year', year: 2013, index: 2 },
      { type: 'month', year: 1899, index: 1 },
      { type: 'month', year: 2013.5, index: 1 },
      { type: 'week' as PeriodType, year: 2013, index: 1 },
    ];
    for (const period of bad) {
      expect(() => formatPeriod(period)).toThrow(ValidationError);
      expect(() => daysIn(period)).toThrow(ValidationError);
    }
    expect(() => formatPeriod({ type: 'month', year: 2013, index: 13 })).toThrow(
      '{"type":"month","year":2013,"index":13} is not a period: expected a year, quarter (index 1–4) or month (index 1–12) of a year 1900–2100',
    );
    expect(() => makePeriod('quarter', 2013, 5)).toThrow(ValidationError);
  });

  it('format ∘ parse is the identity on codes, parse ∘ format on periods', () => {
    fc.assert(
      fc.property(arbPeriod, (period) => {
        const code = formatPeriod(period);
        expect(parsePeriod(code)).toBe(period);
        expect(formatPeriod(parsePeriod(code))).toBe(code);
      }),
    );
  });
});

describe('calendar', () => {
  it('gives start and exclusive end dates', () => {
    expect([startDate(p('2013')), endDate(p('2013'))]).toEqual(['2013-01-01', '2014-01-01']);
    expect([startDate(p('2013-Q4')), endDate(p('2013-Q4'))]).toEqual(['2013-10-01', '2014-01-01']);
    expect([startDate(p('2013-Q2')), endDate(p('2013-Q2'))]).toEqual(['2013-04-01', '2013-07-01']);
    expect([startDate(p('2013-11')), endDate(p('2013-11'))]).toEqual(['2013-11-01', '2013-12-01']);
    expect([startDate(p('2013-12')), endDate(p('2013-12'))]).toEqual(['2013-12-01', '2014-01-01']);
    expect(endDate(p('2100'))).toBe('2101-01-01');
  });

  it('counts days, with leap years', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2023)).toBe(false);
    expect(isLeapYear(1900)).toBe(false); // divisible by 100, not 400
    expect(isLeapYear(2000)).toBe(true); // divisible by 400
    expect(isLeapYear(2100)).toBe(false);
    expect(daysIn(p('2024'))).toBe(366);
    expect(daysIn(p('2023'))).toBe(365);
    expect(daysIn(p('1900'))).toBe(365);
    expect(daysIn(p('2000'))).toBe(366);
    expect(daysIn(p('2024-02'))).toBe(29);
    expect(daysIn(p('2023-02'))).toBe(28);
    expect(daysIn(p('1900-02'))).toBe(28);
    expect(daysIn(p('2000-02'))).toBe(29);
    expect(daysIn(p('2024-Q1'))).toBe(91);
    expect(daysIn(p('2023-Q1'))).toBe(90);
    expect(daysIn(p('2023-Q2'))).toBe(91);
    expect(daysIn(p('2023-Q3'))).toBe(92);
    expect(daysIn(p('2023-Q4'))).toBe(92);
    expect(daysIn(p('2023-04'))).toBe(30);
    expect(daysIn(p('2023-12'))).toBe(31);
  });

  it('gives the year fraction by days', () => {
    expect(yearFraction(p('2023'))).toBe(1);
    expect(yearFraction(p('2024-02'))).toBe(29 / 366);
    expect(yearFraction(p('2023-02'))).toBe(28 / 365);
    expect(yearFraction(p('2023-Q1'))).toBe(90 / 365);
  });

  it('daysIn of a year is the sum of its months, and the months sum to a year fraction of 1', () => {
    fc.assert(
      fc.property(arbPeriodOf('year'), (year) => {
        const months = childPeriods(year, 'month');
        const quarters = childPeriods(year, 'quarter');
        expect(months.reduce((sum, m) => sum + daysIn(m), 0)).toBe(daysIn(year));
        expect(quarters.reduce((sum, q) => sum + daysIn(q), 0)).toBe(daysIn(year));
        expect(months.reduce((sum, m) => sum + yearFraction(m), 0)).toBeCloseTo(1, 12);
      }),
    );
  });

  it('finds the period of a date', () => {
    expect(formatPeriod(periodOfDate('2013-11-05', 'month'))).toBe('2013-11');
    expect(formatPeriod(periodOfDate('2013-11-05', 'quarter'))).toBe('2013-Q4');
    expect(formatPeriod(periodOfDate('2013-11-05', 'year'))).toBe('2013');
    expect(formatPeriod(periodOfDate('2024-02-29', 'month'))).toBe('2024-02');
    for (const bad of [
      '2023-02-29',
      '2013-11-00',
      '2013-11-5',
      '2013-13-01',
      '2013-Q1-01',
      '1899-12-31',
      '2013-11-05T00',
    ]) {
      expect(() => periodOfDate(bad, 'month')).toThrow(ValidationError);
    }
  });
});

describe('order and containment', () => {
  it('orders by start date, then longer periods first', () => {
    const sorted = [
      '2013-04',
      '2013-Q2',
      '2013-03',
      '2014',
      '2013-01',
      '2013-Q1',
      '2012-12',
      '2013',
      '2013-02',
    ]
      .map(p)
      .sort(comparePeriods);
    expect(codes(sorted)).toEqual([
      '2012-12',
      '2013',
      '2013-Q1',
      '2013-01',
      '2013-02',
      '2013-03',
      '2013-Q2',
      '2013-04',
      '2014',
    ]);
    expect(comparePeriods(p('2013-11'), p('2013-11'))).toBe(0);
  });

  it('takes parents and children', () => {
    expect(formatPeriod(parentPeriod(p('2013-11'), 'quarter'))).toBe('2013-Q4');
    expect(formatPeriod(parentPeriod(p('2013-03'), 'quarter'))).toBe('2013-Q1');
    expect(formatPeriod(parentPeriod(p('2013-04'), 'quarter'))).toBe('2013-Q2');
    expect(formatPeriod(parentPeriod(p('2013-11'), 'year'))).toBe('2013');
    expect(formatPeriod(parentPeriod(p('2013-Q3'), 'year'))).toBe('2013');
    expect(codes(childPeriods(p('2013-Q4'), 'month'))).toEqual(['2013-10', '2013-11', '2013-12']);
    expect(codes(childPeriods(p('2013'), 'quarter'))).toEqual(['2013-Q1', '2013-Q2', '2013-Q3', '2013-Q4']);
    expect(childPeriods(p('2013'), 'month')).toHaveLength(12);
  });

  it('refuses a parent that is not coarser and children that are not finer', () => {
    expect(() => parentPeriod(p('2013-Q3'), 'month')).toThrow(
      'Cannot take the month of 2013-Q3: a parent period must be coarser than a quarter',
    );
    expect(() => parentPeriod(p('2013-Q3'), 'quarter')).toThrow(ValidationError);
    expect(() => parentPeriod(p('2013'), 'year')).toThrow(ValidationError);
    expect(() => childPeriods(p('2013-11'), 'month')).toThrow(
      'Cannot split 2013-11 into months: child periods must be finer than a month',
    );
    expect(() => childPeriods(p('2013-Q1'), 'year')).toThrow(ValidationError);
    expect(() => parentPeriod(p('2013-11'), 'decade' as PeriodType)).toThrow(
      '"decade" is not a period type: expected year, quarter or month',
    );
  });

  it('tests containment (a period contains itself)', () => {
    expect(containsPeriod(p('2013'), p('2013-11'))).toBe(true);
    expect(containsPeriod(p('2013-Q4'), p('2013-11'))).toBe(true);
    expect(containsPeriod(p('2013-Q3'), p('2013-11'))).toBe(false);
    expect(containsPeriod(p('2013-11'), p('2013'))).toBe(false);
    expect(containsPeriod(p('2013-11'), p('2013-11'))).toBe(true);
    expect(containsPeriod(p('2014'), p('2013-12'))).toBe(false);
  });

  it('the children of a parent contain the child, and the parent contains them all', () => {
    fc.assert(
      fc.property(arbPeriodOf('month'), arbType, (month, type) => {
        if (type === 'month') return;
        const parent = parentPeriod(month, type);
        const children = childPeriods(parent, 'month');
        expect(children).toContain(month);
        for (const child of children) expect(containsPeriod(parent, child)).toBe(true);
        expect(containsPeriod(parent, month)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(arbPeriodOf('quarter'), (quarter) => {
        expect(childPeriods(parentPeriod(quarter, 'year'), 'quarter')).toContain(quarter);
      }),
    );
  });
});

describe('sequences', () => {
  it('shifts across years', () => {
    expect(formatPeriod(shiftPeriod(p('2013-11'), 2))).toBe('2014-01');
    expect(formatPeriod(shiftPeriod(p('2013-01'), -1))).toBe('2012-12');
    expect(formatPeriod(shiftPeriod(p('2013-Q4'), 1))).toBe('2014-Q1');
    expect(formatPeriod(shiftPeriod(p('2013-Q1'), -5))).toBe('2011-Q4');
    expect(formatPeriod(shiftPeriod(p('2013'), 10))).toBe('2023');
    expect(formatPeriod(shiftPeriod(p('2013-05'), 0))).toBe('2013-05');
    expect(formatPeriod(shiftPeriod(p('2013-05'), -24))).toBe('2011-05');
  });

  it('refuses shifts out of range or by fractions', () => {
    expect(() => shiftPeriod(p('2100-12'), 1)).toThrow('The result is outside the years 1900–2100');
    expect(() => shiftPeriod(p('1900'), -1)).toThrow(ValidationError);
    expect(() => shiftPeriod(p('2013'), 0.5)).toThrow(
      'Cannot shift a period by 0.5: the shift must be a whole number',
    );
  });

  it('shift(n) then shift(−n) is the identity; periodsBetween measures the shift', () => {
    fc.assert(
      fc.property(arbPeriodOf('month', 1950, 2050), fc.integer({ min: -500, max: 500 }), (month, n) => {
        const shifted = shiftPeriod(month, n);
        expect(shiftPeriod(shifted, -n)).toBe(month);
        expect(periodsBetween(month, shifted)).toBe(n);
      }),
    );
    fc.assert(
      fc.property(
        arbType.chain((t) => arbPeriodOf(t, 1950, 2050)),
        fc.integer({ min: -40, max: 40 }),
        (period, n) => {
          expect(shiftPeriod(shiftPeriod(period, n), -n)).toBe(period);
        },
      ),
    );
  });

  it('builds inclusive ranges of one type', () => {
    expect(codes(periodRange(p('2013-11'), p('2014-02')))).toEqual([
      '2013-11',
      '2013-12',
      '2014-01',
      '2014-02',
    ]);
    expect(codes(periodRange(p('2013-Q3'), p('2014-Q1')))).toEqual(['2013-Q3', '2013-Q4', '2014-Q1']);
    expect(codes(periodRange(p('2013'), p('2013')))).toEqual(['2013']);
    expect(periodRange(p('1900-01'), p('2100-12'))).toHaveLength(201 * 12);
  });

  it('refuses ranges of mixed types or running backwards', () => {
    expect(() => periodRange(p('2013'), p('2014-Q1'))).toThrow(
      'A period range needs two periods of the same type, not 2013 (year) and 2014-Q1 (quarter)',
    );
    expect(() => periodRange(p('2014-02'), p('2013-11'))).toThrow(
      'A period range must not run backwards: 2014-02 is after 2013-11',
    );
    expect(() => periodsBetween(p('2013-11'), p('2013-Q4'))).toThrow(ValidationError);
  });

  it('counts the periods between two periods', () => {
    expect(periodsBetween(p('2013-11'), p('2014-02'))).toBe(3);
    expect(periodsBetween(p('2014-02'), p('2013-11'))).toBe(-3);
    expect(periodsBetween(p('2013-Q1'), p('2013-Q1'))).toBe(0);
    expect(periodsBetween(p('2000'), p('2013'))).toBe(13);
    fc.assert(
      fc.property(arbPeriodOf('quarter'), arbPeriodOf('quarter'), (a, b) => {
        const n = periodsBetween(a, b);
        if (n >= 0) expect(periodRange(a, b)).toHaveLength(n + 1);
        else expect(() => periodRange(a, b)).toThrow(ValidationError);
      }),
    );
  });
});
