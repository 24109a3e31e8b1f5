/**
 * The approval summary (pure): for a unit and its children, over a range of periods, how many
 * values are in each status: the unit's own for exactly that period (what a move of the cell
 * moves), and the units' below it for that period or any period within it (what an approval
 * bottom-up waits for).
 */
import { ValidationError } from '../kernel/errors.ts';
import type { LocalizedText } from '../kernel/i18n.ts';
import {
  containsPeriod,
  formatPeriod,
  parsePeriod,
  periodRange,
  tryParsePeriod,
} from '../periods/period-code.ts';
import { periodsWithin } from '../data/value-status.ts';
import { VALUE_STATUSES, type ValueStatus } from '../data/value-writer.ts';

/** The widest range the summary answers (a page would not show more columns). */
export const MAX_SUMMARY_PERIODS = 40;

export type StatusCounts = Record<ValueStatus, number>;

export interface SummaryCell {
  readonly period: string;
  readonly own: StatusCounts;
  readonly below: StatusCounts;
}

export interface SummaryUnit {
  readonly id: number;
  readonly code: string;
  readonly name: LocalizedText;
  readonly level: string;
  readonly hasChildren: boolean;
}

export interface SummaryRow extends Omit<SummaryUnit, 'id'> {
  readonly cells: readonly SummaryCell[];
}

/** Counts of values of one unit in one period and status, as the store groups them. */
export interface CountRow {
  readonly unitId: number;
  readonly period: string;
  readonly status: string;
  readonly count: number;
}

/** The columns from `from` to `to` (one type, in order, at most MAX_SUMMARY_PERIODS). */
export function summaryColumns(from: string, to: string): string[] {
  const first = tryParsePeriod(from);
  const last = tryParsePeriod(to);
  if (first === undefined)
    throw new ValidationError(`from: "${from}" is not a period (2020, 2020-Q1, 2020-01)`);
  if (last === undefined) throw new ValidationError(`to: "${to}" is not a period (2020, 2020-Q1, 2020-01)`);
  const columns = periodRange(first, last);
  if (columns.length > MAX_SUMMARY_PERIODS) {
    throw new ValidationError(
      `from–to: ${columns.length} periods; the summary shows at most ${MAX_SUMMARY_PERIODS} at a time`,
    );
  }
  return columns.map(formatPeriod);
}

/** Every period code a count may have to fall into one of the columns. */
export function periodsOfColumns(columns: readonly string[]): string[] {
  return columns.flatMap(periodsWithin);
}

function zero(): StatusCounts {
  return { draft: 0, submitted: 0, approved: 0, published: 0 };
}

function isStatus(s: string): s is ValueStatus {
  return (VALUE_STATUSES as readonly string[]).includes(s);
}

/**
 * The rows: the unit first, then its children in order. `own` holds the counts of the unit and
 * of its children by period (any period within the columns); `below` the counts of the units
 * under each child, by the child they are under (`unitId` is the child's).
 */
export function buildSummary(
  unit: SummaryUnit,
  children: readonly SummaryUnit[],
  columns: readonly string[],
  own: readonly CountRow[],
  below: readonly CountRow[],
): SummaryRow[] {
  const parsed = columns.map((c) => parsePeriod(c));
  const columnOf = new Map<string, number>();
  const index = (code: string): number | undefined => {
    if (!columnOf.has(code)) {
      const p = tryParsePeriod(code);
      const at = p === undefined ? -1 : parsed.findIndex((c) => containsPeriod(c, p));
      columnOf.set(code, at);
    }
    const at = columnOf.get(code)!;
    return at < 0 ? undefined : at;
  };
  const grid = () => columns.map(() => ({ own: zero(), below: zero() }));
  const cells = new Map<number, ReturnType<typeof grid>>([[unit.id, grid()]]);
  for (const child of children) cells.set(child.id, grid());
  const top = cells.get(unit.id)!;
  for (const row of own) {
    const at = index(row.period);
    const unitCells = cells.get(row.unitId);
    if (at === undefined || unitCells === undefined || !isStatus(row.status)) continue;
    if (row.period === columns[at]) unitCells[at]!.own[row.status] += row.count;
    // a child's values, in the column's period or within it, are below the unit
    if (row.unitId !== unit.id) top[at]!.below[row.status] += row.count;
  }
  for (const row of below) {
    const at = index(row.period);
    const childCells = cells.get(row.unitId);
    if (at === undefined || childCells === undefined || row.unitId === unit.id || !isStatus(row.status))
      continue;
    childCells[at]!.below[row.status] += row.count;
    top[at]!.below[row.status] += row.count;
  }
  return [unit, ...children].map(({ id, ...u }) => ({
    ...u,
    cells: cells.get(id)!.map((c, k) => ({ period: columns[k]!, ...c })),
  }));
}
