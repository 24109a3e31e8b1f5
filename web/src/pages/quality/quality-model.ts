/** Pure helpers of the quality page: the completeness table's order, periods on a time axis. */
import type { UnitCompleteness } from './quality-api.ts';
import type { SortKey } from './quality-state.ts';

/** The rows in the order asked for; a unit without a share sorts last either way, then by code. */
export function sortUnits(
  units: readonly UnitCompleteness[],
  sort: SortKey,
  descending: boolean,
): UnitCompleteness[] {
  const share = (u: UnitCompleteness) => (sort === 'completeness' ? u.completeness : u.timeliness);
  return [...units].sort((a, b) => {
    if (sort !== 'unit') {
      const x = share(a);
      const y = share(b);
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1;
      } else if (x !== y) return descending ? y - x : x - y;
      return a.orgUnit.localeCompare(b.orgUnit);
    }
    const order = a.orgUnit.localeCompare(b.orgUnit);
    return descending ? -order : order;
  });
}

/** The first day of a period (`2019`, `2019-Q2`, `2019-04`), for a time axis. */
export function periodStart(code: string): Date {
  const [year, part] = code.split('-');
  const month =
    part === undefined ? 0 : part.startsWith('Q') ? (Number(part.slice(1)) - 1) * 3 : Number(part) - 1;
  return new Date(Date.UTC(Number(year), month, 1));
}
