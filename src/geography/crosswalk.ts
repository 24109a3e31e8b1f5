import { ValidationError, type InputIssue } from '../kernel/errors.ts';
import type { CrosswalkEntry, OrgUnit } from './org-unit.ts';
import { assertIsoDate, formatValidity, isIsoDate, isValidAt } from './validity.ts';

/**
 * Boundary changes and how data follow them.
 *
 * A crosswalk entry says: on `date`, unit `fromCode` ended and `share` of it went to `toCode`.
 * The rule that ties entries to units (checked by `findCrosswalkIssues`):
 *
 * - `fromCode`'s `validTo` equals `date`: an entry records what became of a unit when it ended,
 *   so the old unit is valid up to the day before and not on `date` (validTo is exclusive). Data
 *   recorded on the old unit therefore cover only time before `date`.
 * - `toCode` exists on `date`: `validFrom ≤ date < validTo`. A split or recode creates successors
 *   that start on `date`; a merger may pour into a unit that already existed (`validFrom < date`).
 * - The shares leaving one `fromCode` on one `date` sum to 1 (within 1e-9): the whole of the old
 *   unit goes somewhere, nothing is created or lost. A merger has one row per old unit, each with
 *   share 1; a recode one row with share 1.
 *
 * Together these make every chain move strictly forward in time (a successor ends, if ever, after
 * `date`), so chains of splits and mergers always end and cannot loop.
 */

export type CrosswalkRule =
  | 'date_format'
  | 'unknown_unit'
  | 'same_unit'
  | 'share_range'
  | 'share_sum'
  | 'duplicate_entry'
  | 'recode_share'
  | 'from_validity'
  | 'to_validity';

export interface CrosswalkIssue extends InputIssue {
  readonly rule: CrosswalkRule;
  readonly fromCode: string;
  readonly toCode: string;
  readonly date: string;
}

/** Tolerance for the sum of the shares leaving one unit on one date. */
export const SHARE_SUM_TOLERANCE = 1e-9;

/** Every problem in a crosswalk against the units it refers to (empty when sound). */
export function findCrosswalkIssues(
  entries: readonly CrosswalkEntry[],
  units: readonly OrgUnit[],
): CrosswalkIssue[] {
  const issues: CrosswalkIssue[] = [];
  const add = (entry: CrosswalkEntry, rule: CrosswalkRule, field: string, message: string): void => {
    issues.push({
      rule,
      fromCode: entry.fromCode,
      toCode: entry.toCode,
      date: entry.date,
      field,
      message: `${entry.fromCode} → ${entry.toCode} on ${entry.date}: ${message}`,
    });
  };
  const byCode = new Map<string, OrgUnit>();
  for (const unit of units) if (!byCode.has(unit.code)) byCode.set(unit.code, unit);

  const seen = new Set<string>();
  const sums = new Map<string, { entry: CrosswalkEntry; sum: number }>();
  for (const entry of entries) {
    if (!isIsoDate(entry.date)) {
      add(entry, 'date_format', 'date', `the date must be YYYY-MM-DD`);
      continue;
    }
    if (entry.fromCode === entry.toCode) {
      add(entry, 'same_unit', 'toCode', 'a unit cannot be its own successor');
    }
    const key = `${entry.fromCode}\u0000${entry.toCode}\u0000${entry.date}`;
    if (seen.has(key)) add(entry, 'duplicate_entry', 'toCode', 'the same change is listed twice');
    seen.add(key);

    if (!(Number.isFinite(entry.share) && entry.share > 0 && entry.share <= 1)) {
      add(entry, 'share_range', 'share', `the share ${entry.share} must be in (0, 1]`);
    } else {
      const sumKey = `${entry.fromCode}\u0000${entry.date}`;
      const current = sums.get(sumKey);
      if (current === undefined) sums.set(sumKey, { entry, sum: entry.share });
      else current.sum += entry.share;
    }
    if (entry.event === 'recode' && entry.share !== 1) {
      add(entry, 'recode_share', 'share', 'a recode passes the whole unit on: its share must be 1');
    }

    const from = byCode.get(entry.fromCode);
    const to = byCode.get(entry.toCode);
    if (from === undefined) add(entry, 'unknown_unit', 'fromCode', `no unit ${entry.fromCode}`);
    if (to === undefined) add(entry, 'unknown_unit', 'toCode', `no unit ${entry.toCode}`);
    if (from !== undefined && from.validTo !== entry.date) {
      add(
        entry,
        'from_validity',
        'date',
        `${from.code} must end on the date of the change (validTo ${entry.date}), but is valid ${formatValidity(from)}`,
      );
    }
    if (to !== undefined && !isValidAt(to, entry.date)) {
      add(
        entry,
        'to_validity',
        'date',
        `${to.code} must exist on the date of the change (validFrom ≤ ${entry.date} < validTo), but is valid ${formatValidity(to)}`,
      );
    }
  }
  for (const { entry, sum } of sums.values()) {
    if (Math.abs(sum - 1) > SHARE_SUM_TOLERANCE) {
      add(
        entry,
        'share_sum',
        'share',
        `the shares leaving ${entry.fromCode} on ${entry.date} sum to ${sum}, not 1`,
      );
    }
  }
  return issues;
}

/** Throws a ValidationError listing every problem of `findCrosswalkIssues`. */
export function validateCrosswalk(entries: readonly CrosswalkEntry[], units: readonly OrgUnit[]): void {
  const issues = findCrosswalkIssues(entries, units);
  if (issues.length > 0) {
    throw new ValidationError(
      `The crosswalk has ${issues.length} problem${issues.length === 1 ? '' : 's'}:`,
      issues,
    );
  }
}

/** Crosswalk entries by `fromCode`, each list sorted by date. Build once, reuse for many lookups. */
export type CrosswalkIndex = ReadonlyMap<string, readonly CrosswalkEntry[]>;

export function indexCrosswalk(entries: readonly CrosswalkEntry[]): CrosswalkIndex {
  const index = new Map<string, CrosswalkEntry[]>();
  for (const entry of entries) {
    const list = index.get(entry.fromCode);
    if (list === undefined) index.set(entry.fromCode, [entry]);
    else list.push(entry);
  }
  for (const list of index.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return index;
}

function asIndex(crosswalk: readonly CrosswalkEntry[] | CrosswalkIndex): CrosswalkIndex {
  return crosswalk instanceof Map ? crosswalk : indexCrosswalk(crosswalk as readonly CrosswalkEntry[]);
}

export interface UnitShare {
  readonly code: string;
  readonly share: number;
}

function mapWithIndex(code: string, date: string, index: CrosswalkIndex): UnitShare[] {
  const shares = new Map<string, number>();
  const walk = (current: string, share: number, path: readonly string[]): void => {
    const leaving = index.get(current);
    const first = leaving?.[0];
    if (leaving === undefined || first === undefined || first.date > date) {
      shares.set(current, (shares.get(current) ?? 0) + share);
      return;
    }
    if (path.includes(current)) {
      throw new ValidationError(`The crosswalk loops: ${[...path, current].join(' → ')}.`);
    }
    // A unit ends once; on a validated crosswalk all its rows share one date.
    for (const entry of leaving) {
      if (entry.date !== first.date) break;
      walk(entry.toCode, share * entry.share, [...path, current]);
    }
  };
  walk(code, 1, []);
  return [...shares]
    .map(([unitCode, share]) => ({ code: unitCode, share }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * The units that hold the territory of `code` on `date`, with the share of `code` each holds,
 * following every change dated on or before `date` (a change on `date` has happened by then).
 * A unit with no change up to `date` maps to itself with share 1. Results are sorted by code,
 * shares of one successor reached by two paths are added, and the shares sum to 1.
 *
 * `crosswalk` may be the entries or an index from `indexCrosswalk` (faster for many calls).
 */
export function mapToCurrentUnits(
  code: string,
  date: string,
  crosswalk: readonly CrosswalkEntry[] | CrosswalkIndex,
): UnitShare[] {
  assertIsoDate(date);
  return mapWithIndex(code, date, asIndex(crosswalk));
}

export interface UnitValue {
  readonly code: string;
  readonly value: number;
}

/**
 * Carries additive values (counts, populations — never rates) recorded on old units onto the
 * units of `date`: each value is spread over `mapToCurrentUnits` by share and the parts are summed
 * per unit. The total is kept (up to floating-point rounding). Results are sorted by code.
 */
export function carryValues(
  values: readonly UnitValue[],
  date: string,
  crosswalk: readonly CrosswalkEntry[] | CrosswalkIndex,
): UnitValue[] {
  assertIsoDate(date);
  const index = asIndex(crosswalk);
  const cache = new Map<string, UnitShare[]>();
  const totals = new Map<string, number>();
  for (const { code, value } of values) {
    let shares = cache.get(code);
    if (shares === undefined) {
      shares = mapWithIndex(code, date, index);
      cache.set(code, shares);
    }
    for (const { code: target, share } of shares) {
      totals.set(target, (totals.get(target) ?? 0) + share * value);
    }
  }
  return [...totals]
    .map(([code, value]) => ({ code, value }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
