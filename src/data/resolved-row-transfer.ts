/**
 * Resolved rows packed for a worker thread: ids and lines in one Int32Array, values in one
 * Float64Array (both moved, not copied), periods and disaggregations each joined into one string.
 * Structured cloning 5 000 row objects costs about as much as writing them; packed, a batch
 * crosses in a fraction of a millisecond.
 */
import type { ResolvedRow } from './value-writer.ts';

export interface PackedRows {
  readonly count: number;
  /** elementId, orgUnitId, sourceId, line: four per row */
  readonly integers: Int32Array;
  readonly values: Float64Array;
  readonly periods: string;
  readonly disaggregations: string;
}

/** Every field of a resolved row, so that a new field fails to compile here until it is packed. */
const PACKED_FIELDS = {
  elementId: 'integers',
  orgUnitId: 'integers',
  sourceId: 'integers',
  line: 'integers',
  value: 'values',
  period: 'periods',
  disaggregation: 'disaggregations',
} as const satisfies Record<keyof ResolvedRow, keyof PackedRows>;
void PACKED_FIELDS;

/** Never in a period code or a disaggregation (both are validated codes). */
const SEPARATOR = '\u0000';

export function packRows(rows: readonly ResolvedRow[]): PackedRows {
  const integers = new Int32Array(rows.length * 4);
  const values = new Float64Array(rows.length);
  const periods: string[] = [];
  const disaggregations: string[] = [];
  rows.forEach((row, i) => {
    integers[i * 4] = row.elementId;
    integers[i * 4 + 1] = row.orgUnitId;
    integers[i * 4 + 2] = row.sourceId;
    integers[i * 4 + 3] = row.line;
    values[i] = row.value;
    periods.push(row.period);
    disaggregations.push(row.disaggregation);
  });
  return {
    count: rows.length,
    integers,
    values,
    periods: periods.join(SEPARATOR),
    disaggregations: disaggregations.join(SEPARATOR),
  };
}

/** The buffers `packRows` made, to move rather than copy. */
export function packedBuffers(packed: PackedRows): ArrayBuffer[] {
  return [packed.integers.buffer as ArrayBuffer, packed.values.buffer as ArrayBuffer];
}

export function unpackRows(packed: PackedRows): ResolvedRow[] {
  const periods = packed.periods.split(SEPARATOR);
  const disaggregations = packed.disaggregations.split(SEPARATOR);
  const rows: ResolvedRow[] = [];
  for (let i = 0; i < packed.count; i++) {
    rows.push({
      elementId: packed.integers[i * 4]!,
      orgUnitId: packed.integers[i * 4 + 1]!,
      sourceId: packed.integers[i * 4 + 2]!,
      line: packed.integers[i * 4 + 3]!,
      value: packed.values[i]!,
      period: periods[i]!,
      disaggregation: disaggregations[i]!,
    });
  }
  return rows;
}
