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

export const CANONICAL_COLUMNS = [
  'element',
  'org_unit',
  'period',
  'disaggregation',
  'source',
  'value',
] as const;
