/**
 * One data value as every reader produces it and the import path takes it: the canonical CSV has
 * exactly these columns, in this order, one row per value.
 */
export interface CanonicalRow {
  /** data element code, e.g. `homicide_victims` */
  readonly element: string;
  /** org unit code, e.g. `HND`, `MEX.09015` */
  readonly orgUnit: string;
  /** SDMX period code, e.g. `2013`, `2013-Q4`, `2013-11` */
  readonly period: string;
  /** canonical disaggregation key, `''` for the total, e.g. `age_group=15-29;sex=F` */
  readonly disaggregation: string;
  /** source code, e.g. `police`, `forensic` */
  readonly source: string;
  readonly value: number;
}

/**
 * A row of an import: a value to write, or the key of a value to delete (SDMX `ACTION` D). A
 * deletion's value, when the file gives one, is not compared: the value under the key goes.
 */
export type ImportRow = CanonicalRow | ValueDeletion;

export interface ValueDeletion extends Omit<CanonicalRow, 'value'> {
  readonly delete: true;
  readonly value: number | null;
}

export function isDeletion(row: ImportRow): row is ValueDeletion {
  return 'delete' in row && row.delete;
}

export const CANONICAL_COLUMNS = [
  'element',
  'org_unit',
  'period',
  'disaggregation',
  'source',
  'value',
] as const;
