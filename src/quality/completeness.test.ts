import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors.ts';
import { expectedRange, unitCompleteness } from './completeness.ts';

describe('unitCompleteness', () => {
  const range = expectedRange('2019-01', '2019-06');

  it('counts expected and reported periods and judges arrivals against the deadline', () => {
    const result = unitCompleteness(
      {
        orgUnit: 'MEX.09',
        validFrom: null,
        validTo: null,
        arrivals: new Map([
          ['2019-01', '2019-02-20T10:00:00.000Z'], // January ends 2019-02-01: 19.4 days
          ['2019-02', '2019-04-01T00:00:00.000Z'], // February ends 2019-03-01: 31 days, late
          ['2019-03', '2019-04-30T23:59:59.000Z'], // March ends 2019-04-01: 29.99 days
          ['2019-05', '2019-06-30T00:00:00.000Z'], // May ends 2019-06-01: exactly 29 days
          ['2018-12', '2019-01-05T00:00:00.000Z'], // outside the range: ignored
        ]),
      },
      range,
      30,
    );
    expect(result).toMatchObject({
      orgUnit: 'MEX.09',
      expected: 6,
      reported: 4,
      completeness: 4 / 6,
      onTime: 3,
      timeliness: 3 / 6,
      timelinessOfReported: 3 / 4,
      missing: ['2019-04', '2019-06'],
    });
    expect(result.late.map((l) => [l.period, l.delayDays])).toEqual([['2019-02', 31]]);
    // delays 19.42, 29, 29.99, 31: median (29 + 29.99…) / 2
    expect(result.medianDelayDays).toBeCloseTo((29 + (30 * 86_400 - 1) / 86_400) / 2, 9);
  });

  it('expects only the periods the unit existed in, in part or whole', () => {
    const result = unitCompleteness(
      { orgUnit: 'X', validFrom: '2019-02-15', validTo: '2019-04-01', arrivals: new Map() },
      range,
      30,
    );
    expect(result.expected).toBe(3); // February (from the 15th), March, April (its 1st day)
    expect(result.missing).toEqual(['2019-02', '2019-03', '2019-04']);
    expect(result.completeness).toBe(0);
    expect(result.medianDelayDays).toBeNull();
    const gone = unitCompleteness(
      { orgUnit: 'Y', validFrom: null, validTo: '2018-12-31', arrivals: new Map() },
      range,
      30,
    );
    expect([gone.expected, gone.completeness, gone.timeliness]).toEqual([0, null, null]);
  });

  it('refuses a range of mixed types and a negative deadline', () => {
    expect(() => expectedRange('2019', '2020-12')).toThrow(ValidationError);
    expect(() =>
      unitCompleteness({ orgUnit: 'X', validFrom: null, validTo: null, arrivals: new Map() }, range, -1),
    ).toThrow(ValidationError);
  });
});
