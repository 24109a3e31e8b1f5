/**
 * SDMX period codes: `2013` (year), `2013-Q4` (quarter), `2013-11` (month).
 * Contract only — the implementation lives in this folder (see period-code.ts).
 */
export type PeriodType = 'year' | 'quarter' | 'month';

export interface Period {
  readonly type: PeriodType;
  readonly year: number;
  /** 1-based index within the year: quarter 1–4, month 1–12; 1 for a year */
  readonly index: number;
}
