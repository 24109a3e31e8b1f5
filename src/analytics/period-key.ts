/**
 * Periods as small integers for the cube: 17 slots a year (the year, its 4 quarters, its 12
 * months) from 1900. Parents and children are arithmetic on the key.
 */
import { MAX_YEAR, MIN_YEAR, makePeriod } from '../periods/period-code.ts';
import type { Period } from '../periods/period.ts';

export const SLOTS_PER_YEAR = 17;
const QUARTER_SLOT = 1;
const MONTH_SLOT = 5;

export const PERIOD_KEY_COUNT = (MAX_YEAR - MIN_YEAR + 1) * SLOTS_PER_YEAR;

export function periodKey(p: Period): number {
  const base = (p.year - MIN_YEAR) * SLOTS_PER_YEAR;
  if (p.type === 'year') return base;
  return base + (p.type === 'quarter' ? QUARTER_SLOT : MONTH_SLOT) + p.index - 1;
}

export function periodOfKey(key: number): Period {
  const year = MIN_YEAR + Math.floor(key / SLOTS_PER_YEAR);
  const slot = key % SLOTS_PER_YEAR;
  if (slot === 0) return makePeriod('year', year);
  if (slot < MONTH_SLOT) return makePeriod('quarter', year, slot - QUARTER_SLOT + 1);
  return makePeriod('month', year, slot - MONTH_SLOT + 1);
}

/** The key of the year a period falls in. */
export function yearKeyOf(key: number): number {
  return key - (key % SLOTS_PER_YEAR);
}

/** 0 month, 1 quarter, 2 year: the order in which the cube derives cells. */
export function granularity(key: number): 0 | 1 | 2 {
  const slot = key % SLOTS_PER_YEAR;
  return slot === 0 ? 2 : slot < MONTH_SLOT ? 1 : 0;
}

/** The quarter of a month, the year of a quarter; undefined for a year. */
export function timeParent(key: number): number | undefined {
  const slot = key % SLOTS_PER_YEAR;
  const base = key - slot;
  if (slot === 0) return undefined;
  if (slot < MONTH_SLOT) return base;
  return base + QUARTER_SLOT + Math.floor((slot - MONTH_SLOT) / 3);
}

/** The quarters of a year, the months of a quarter, in order; none for a month. */
export function timeChildren(key: number): number[] {
  const slot = key % SLOTS_PER_YEAR;
  const base = key - slot;
  if (slot === 0) return [1, 2, 3, 4].map((q) => base + QUARTER_SLOT + q - 1);
  if (slot < MONTH_SLOT) {
    const first = MONTH_SLOT + (slot - QUARTER_SLOT) * 3;
    return [base + first, base + first + 1, base + first + 2];
  }
  return [];
}

/** How many parts a period has: 4 quarters in a year, 3 months in a quarter, none in a month. */
export function timeChildCount(key: number): number {
  const slot = key % SLOTS_PER_YEAR;
  return slot === 0 ? 4 : slot < MONTH_SLOT ? 3 : 0;
}

/** The key of a period's first part (its parts have consecutive keys); meaningless for a month. */
export function firstTimeChild(key: number): number {
  const slot = key % SLOTS_PER_YEAR;
  const base = key - slot;
  return slot === 0 ? base + QUARTER_SLOT : base + MONTH_SLOT + (slot - QUARTER_SLOT) * 3;
}
