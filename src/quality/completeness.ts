/**
 * Completeness and timeliness of one reporting unit for one data element:
 * - expected periods: every period of the range (months, quarters or years) while the unit
 *   existed (its validity dates); a period the unit existed for only in part is expected;
 * - completeness: the share of expected periods with at least one value (any source unless one is
 *   chosen, any breakdown);
 * - timeliness: a value arrives with the import batch that first brought it (the earliest batch
 *   among the value's versions, so a later revision does not make a value late); a period is on
 *   time when its first value arrived at most `deadlineDays` days after the period ended. The
 *   share on time is over expected periods (a period never reported is not on time) and, apart,
 *   over reported ones.
 */
import { endDate, formatPeriod, periodRange, parsePeriod, startDate } from '../periods/period-code.ts';
import type { Period } from '../periods/period.ts';
import { ValidationError } from '../kernel/errors.ts';

export interface CompletenessInput {
  readonly orgUnit: string;
  /** the unit's validity (`YYYY-MM-DD`, `null` when open) */
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** period code → ISO timestamp of the first arrival of a value for it */
  readonly arrivals: ReadonlyMap<string, string>;
}

export interface PeriodArrival {
  readonly period: string;
  readonly arrivedAt: string;
  /** days between the end of the period and the arrival (fractional; negative if before the end) */
  readonly delayDays: number;
  readonly onTime: boolean;
}

export interface UnitCompleteness {
  readonly orgUnit: string;
  readonly expected: number;
  readonly reported: number;
  /** reported / expected; `null` when nothing is expected */
  readonly completeness: number | null;
  readonly onTime: number;
  /** on time / expected; `null` when nothing is expected */
  readonly timeliness: number | null;
  /** on time / reported; `null` when nothing is reported */
  readonly timelinessOfReported: number | null;
  /** median delay in days of the reported periods; `null` when nothing is reported */
  readonly medianDelayDays: number | null;
  readonly missing: readonly string[];
  readonly late: readonly PeriodArrival[];
}

const DAY_MS = 86_400_000;

/** The periods from `from` to `to` (codes of one type), checked. */
export function expectedRange(from: string, to: string): Period[] {
  const first = parsePeriod(from);
  const last = parsePeriod(to);
  if (first.type !== last.type) {
    throw new ValidationError(`--from ${from} and --to ${to} are not periods of the same type`);
  }
  return periodRange(first, last);
}

/** Whether the unit existed for at least part of the period. */
function existedDuring(p: Period, validFrom: string | null, validTo: string | null): boolean {
  // validity dates are inclusive; endDate is the day after the period
  if (validFrom !== null && endDate(p) <= validFrom) return false;
  if (validTo !== null && startDate(p) > validTo) return false;
  return true;
}

export function unitCompleteness(
  input: CompletenessInput,
  range: readonly Period[],
  deadlineDays: number,
): UnitCompleteness {
  if (!(Number.isFinite(deadlineDays) && deadlineDays >= 0)) {
    throw new ValidationError(`the deadline must be a number of days ≥ 0, not ${deadlineDays}`);
  }
  const missing: string[] = [];
  const arrivals: PeriodArrival[] = [];
  let expected = 0;
  for (const p of range) {
    if (!existedDuring(p, input.validFrom, input.validTo)) continue;
    expected += 1;
    const code = formatPeriod(p);
    const arrivedAt = input.arrivals.get(code);
    if (arrivedAt === undefined) {
      missing.push(code);
      continue;
    }
    const end = Date.parse(`${endDate(p)}T00:00:00Z`);
    const delayDays = (Date.parse(arrivedAt) - end) / DAY_MS;
    arrivals.push({ period: code, arrivedAt, delayDays, onTime: delayDays <= deadlineDays });
  }
  const reported = arrivals.length;
  const onTime = arrivals.filter((a) => a.onTime).length;
  const delays = arrivals.map((a) => a.delayDays).sort((a, b) => a - b);
  const mid = delays.length >> 1;
  return {
    orgUnit: input.orgUnit,
    expected,
    reported,
    completeness: expected === 0 ? null : reported / expected,
    onTime,
    timeliness: expected === 0 ? null : onTime / expected,
    timelinessOfReported: reported === 0 ? null : onTime / reported,
    medianDelayDays:
      delays.length === 0
        ? null
        : delays.length % 2 === 1
          ? delays[mid]!
          : (delays[mid - 1]! + delays[mid]!) / 2,
    missing,
    late: arrivals.filter((a) => !a.onTime),
  };
}
