/**
 * The balanced unit × time panel the synthetic control method reads (R `Synth::dataprep`'s `foo`
 * in wide form): units with an id and a name, ascending times, and for each variable a matrix of
 * values by unit and time, NaN where missing. Plain arrays only, so a panel can be handed to a
 * worker thread unchanged. `panelFromLongRows` builds one from long-format records (one row per
 * unit and time, as R's `basque` or `smoking` data frames).
 */
import { ValidationError } from '../kernel/errors.ts';
import { isMissingCell } from './panel-table.ts';

export interface PanelUnit {
  readonly id: string;
  readonly name: string;
}

export interface SyntheticControlPanel {
  readonly units: readonly PanelUnit[];
  /** ascending */
  readonly times: readonly number[];
  /** variable → [unit index][time index] → value (NaN when missing) */
  readonly variables: Readonly<Record<string, readonly (readonly number[])[]>>;
}

export interface LongRowColumns {
  /** column holding the unit id */
  readonly unit: string;
  /** column holding the unit name (the id when absent) */
  readonly name?: string;
  readonly time: string;
  /** numeric columns to keep (every other column when absent) */
  readonly variables?: readonly string[];
}

/** A value from text: empty, NA, NaN, null and "." are missing. */
export function parsePanelValue(text: string): number {
  const trimmed = text.trim();
  if (isMissingCell(trimmed)) return NaN;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : NaN;
}

/** A unit id from text: numbers are written canonically ("17.0" → "17"), other text kept. */
function unitId(text: string): string {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return trimmed !== '' && Number.isFinite(value) ? String(value) : trimmed;
}

/**
 * Long rows (one per unit and time) to a panel. Units keep their order of first appearance; a
 * (unit, time) pair given twice is an error; pairs never given are missing (NaN).
 */
export function panelFromLongRows(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  columns: LongRowColumns,
): SyntheticControlPanel {
  const index = (name: string): number => {
    const at = header.indexOf(name);
    if (at < 0) throw new ValidationError(`Panel: column "${name}" is not in the header`);
    return at;
  };
  const unitAt = index(columns.unit);
  const nameAt = columns.name === undefined ? unitAt : index(columns.name);
  const timeAt = index(columns.time);
  const variables =
    columns.variables ?? header.filter((h) => h !== columns.unit && h !== columns.name && h !== columns.time);
  const variableAt = variables.map(index);

  const units: PanelUnit[] = [];
  const unitIndex = new Map<string, number>();
  const timeSet = new Set<number>();
  for (const [r, row] of rows.entries()) {
    const id = unitId(row[unitAt] ?? '');
    const time = parsePanelValue(row[timeAt] ?? '');
    if (id === '') throw new ValidationError(`Panel: row ${r + 1} has no unit`);
    if (Number.isNaN(time)) throw new ValidationError(`Panel: row ${r + 1} has no numeric time`);
    timeSet.add(time);
    if (!unitIndex.has(id)) {
      unitIndex.set(id, units.length);
      units.push({ id, name: (row[nameAt] ?? id).trim() });
    }
  }
  const times = [...timeSet].sort((a, b) => a - b);
  const timeIndex = new Map(times.map((t, i) => [t, i]));
  const values: Record<string, number[][]> = {};
  for (const variable of variables) {
    values[variable] = units.map(() => new Array<number>(times.length).fill(NaN));
  }
  const seen = new Set<string>();
  for (const [r, row] of rows.entries()) {
    const u = unitIndex.get(unitId(row[unitAt] ?? ''))!;
    const t = timeIndex.get(parsePanelValue(row[timeAt] ?? ''))!;
    const key = `${u}:${t}`;
    if (seen.has(key)) {
      throw new ValidationError(
        `Panel: unit ${units[u]!.id} has two rows for time ${times[t]} (row ${r + 1})`,
      );
    }
    seen.add(key);
    variables.forEach((variable, v) => {
      values[variable]![u]![t] = parsePanelValue(row[variableAt[v]!] ?? '');
    });
  }
  return { units, times, variables: values };
}
