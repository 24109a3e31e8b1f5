import { ValidationError } from '../kernel/errors.ts';

/**
 * Validity intervals of units, group memberships and crosswalk dates. Dates are ISO `YYYY-MM-DD`
 * strings, which compare correctly as strings; an interval runs from `validFrom` (inclusive) to
 * `validTo` (exclusive), and `null` leaves that side open.
 */
export interface Validity {
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

function digit(code: number): number {
  return code >= 48 && code <= 57 ? code - 48 : -1;
}

/** Whether `value` is a real calendar date written `YYYY-MM-DD` (no time, no offset). */
export function isIsoDate(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const d = [0, 1, 2, 3, 5, 6, 8, 9].map((i) => digit(value.charCodeAt(i)));
  if (d.some((x) => x < 0)) return false;
  const [y0 = 0, y1 = 0, y2 = 0, y3 = 0, m0 = 0, m1 = 0, d0 = 0, d1 = 0] = d;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/** Throws a ValidationError unless `value` is an ISO date; `what` names it in the message. */
export function assertIsoDate(value: string, what = 'date'): void {
  if (!isIsoDate(value)) {
    throw new ValidationError(
      `${JSON.stringify(value)} is not a valid ${what}: expected a calendar date YYYY-MM-DD`,
    );
  }
}

/** Whether the interval contains `date`: validFrom ≤ date < validTo, `null` sides open. */
export function isValidAt(validity: Validity, date: string): boolean {
  return (
    (validity.validFrom === null || validity.validFrom <= date) &&
    (validity.validTo === null || date < validity.validTo)
  );
}

/** Whether `inner` lies within `outer` (both half-open, `null` sides open). */
export function isWithin(inner: Validity, outer: Validity): boolean {
  const fromOk = outer.validFrom === null || (inner.validFrom !== null && outer.validFrom <= inner.validFrom);
  const toOk = outer.validTo === null || (inner.validTo !== null && inner.validTo <= outer.validTo);
  return fromOk && toOk;
}

/** Whether two half-open intervals share at least one day. */
export function overlaps(a: Validity, b: Validity): boolean {
  const aStartsBeforeBEnds = a.validFrom === null || b.validTo === null || a.validFrom < b.validTo;
  const bStartsBeforeAEnds = b.validFrom === null || a.validTo === null || b.validFrom < a.validTo;
  return aStartsBeforeBEnds && bStartsBeforeAEnds;
}

/** Human-readable interval, e.g. `[2005-01-01, open)`. */
export function formatValidity(validity: Validity): string {
  return `[${validity.validFrom ?? 'open'}, ${validity.validTo ?? 'open'})`;
}
