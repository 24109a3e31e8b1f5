import { CANONICAL_COLUMNS, type CanonicalRow } from './canonical-row.ts';

/**
 * Quotes a CSV field when it must be (delimiter, quote, line break). Canonical fields are codes checked
 * on import (letters, digits, `_`, `-`, `=`, `;` inside keys, never a leading formula sign) and numbers,
 * so no spreadsheet-formula escaping is needed here; exports of free text must add it.
 */
export function csvField(value: string): string {
  if (/[",\r\n]/.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

export const CANONICAL_HEADER = CANONICAL_COLUMNS.join(',');

/** One canonical CSV line (without the line break). Numbers are written in full precision. */
export function canonicalCsvLine(row: CanonicalRow): string {
  return [row.element, row.orgUnit, row.period, row.disaggregation, row.source]
    .map(csvField)
    .concat(String(row.value))
    .join(',');
}
