/**
 * A long-format panel (one row per unit and period) checked and laid out as a balanced
 * unit × period array: every unit observed exactly once in every period, outcome and covariates
 * finite. The staggered DiD estimator (Callaway & Sant'Anna 2021, panel case) needs this; R's
 * `did` silently drops units to balance the panel, here the caller is told which unit and which
 * period are missing instead.
 */

export type UnitId = string | number;

export interface LongPanelRow {
  readonly unit: UnitId;
  readonly time: number;
  readonly outcome: number;
  /** covariate values for this unit and period (same length on every row) */
  readonly covariates?: readonly number[];
}

export interface BalancedPanel {
  /** units in order of first appearance */
  readonly units: readonly UnitId[];
  /** distinct periods, ascending */
  readonly periods: readonly number[];
  /** outcome[u · T + t] */
  readonly outcome: Float64Array;
  /** covariates[(u · T + t) · k + j], empty when k = 0 */
  readonly covariates: Float64Array;
  readonly covariateCount: number;
  /** index into the input rows of unit u at period t: rowOf[u · T + t] */
  readonly rowOf: Int32Array;
}

export class PanelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PanelError';
  }
}

const MAX_LISTED = 5;

function listed(items: readonly string[], total: number): string {
  const shown = items.slice(0, MAX_LISTED).join('; ');
  return total > MAX_LISTED ? `${shown}; … (${total} in all)` : shown;
}

export function toBalancedPanel(rows: readonly LongPanelRow[]): BalancedPanel {
  if (rows.length === 0) throw new PanelError('the panel has no rows');
  const unitIndex = new Map<UnitId, number>();
  const units: UnitId[] = [];
  const periodSet = new Set<number>();
  const covariateCount = rows[0]?.covariates?.length ?? 0;
  rows.forEach((row, r) => {
    if (!Number.isFinite(row.time))
      throw new PanelError(`row ${r + 1} (unit ${String(row.unit)}): time is not a finite number`);
    if (!Number.isFinite(row.outcome)) {
      throw new PanelError(`unit ${String(row.unit)}, time ${row.time}: the outcome is not a finite number`);
    }
    const k = row.covariates?.length ?? 0;
    if (k !== covariateCount) {
      throw new PanelError(
        `unit ${String(row.unit)}, time ${row.time}: ${k} covariates, but the first row has ${covariateCount}`,
      );
    }
    row.covariates?.forEach((v, j) => {
      if (!Number.isFinite(v)) {
        throw new PanelError(
          `unit ${String(row.unit)}, time ${row.time}: covariate ${j + 1} is not a finite number`,
        );
      }
    });
    if (!unitIndex.has(row.unit)) {
      unitIndex.set(row.unit, units.length);
      units.push(row.unit);
    }
    periodSet.add(row.time);
  });
  const periods = [...periodSet].sort((a, b) => a - b);
  const periodIndex = new Map(periods.map((p, i) => [p, i]));
  const nT = periods.length;
  const rowOf = new Int32Array(units.length * nT).fill(-1);
  const duplicates: string[] = [];
  let duplicateCount = 0;
  rows.forEach((row, r) => {
    const cell = (unitIndex.get(row.unit) as number) * nT + (periodIndex.get(row.time) as number);
    if (rowOf[cell] !== -1) {
      duplicateCount++;
      if (duplicates.length < MAX_LISTED) duplicates.push(`unit ${String(row.unit)} at time ${row.time}`);
    } else {
      rowOf[cell] = r;
    }
  });
  if (duplicateCount > 0) {
    throw new PanelError(
      `more than one row for the same unit and period: ${listed(duplicates, duplicateCount)}`,
    );
  }
  const missing: string[] = [];
  let missingCount = 0;
  for (let u = 0; u < units.length; u++) {
    for (let t = 0; t < nT; t++) {
      if (rowOf[u * nT + t] === -1) {
        missingCount++;
        if (missing.length < MAX_LISTED)
          missing.push(`unit ${String(units[u])} has no row for time ${periods[t]}`);
      }
    }
  }
  if (missingCount > 0) {
    throw new PanelError(`the panel is not balanced: ${listed(missing, missingCount)}`);
  }
  const outcome = new Float64Array(units.length * nT);
  const covariates = new Float64Array(units.length * nT * covariateCount);
  for (let cell = 0; cell < rowOf.length; cell++) {
    const row = rows[rowOf[cell] as number] as LongPanelRow;
    outcome[cell] = row.outcome;
    row.covariates?.forEach((v, j) => {
      covariates[cell * covariateCount + j] = v;
    });
  }
  return { units, periods, outcome, covariates, covariateCount, rowOf };
}
