/**
 * Resolved rows packed for a worker thread: ids and lines in one Int32Array, values in one
 * Float64Array (both moved, not copied), periods and disaggregations each joined into one string.
 * Structured cloning 5 000 row objects costs about as much as writing them; packed, a batch
 * crosses in a fraction of a millisecond.
 */
import type { ResolvedRow } from './value-writer.ts';

export interface PackedRows {
  readonly count: number;
  /** elementId, orgUnitId, sourceId, line, deletion (1) or not (0): five per row */
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
  delete: 'integers',
  value: 'values',
  period: 'periods',
  disaggregation: 'disaggregations',
} as const satisfies Record<keyof ResolvedRow, keyof PackedRows>;
void PACKED_FIELDS;

/** integers per row */
const WIDTH = 5;

/** Never in a period code or a disaggregation (both are validated codes). */
const SEPARATOR = '\u0000';

export function packRows(rows: readonly ResolvedRow[]): PackedRows {
  const integers = new Int32Array(rows.length * WIDTH);
  const values = new Float64Array(rows.length);
  const periods: string[] = [];
  const disaggregations: string[] = [];
  rows.forEach((row, i) => {
    integers[i * WIDTH] = row.elementId;
    integers[i * WIDTH + 1] = row.orgUnitId;
    integers[i * WIDTH + 2] = row.sourceId;
    integers[i * WIDTH + 3] = row.line;
    integers[i * WIDTH + 4] = row.delete === true ? 1 : 0;
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
    const row: ResolvedRow = {
      elementId: packed.integers[i * WIDTH]!,
      orgUnitId: packed.integers[i * WIDTH + 1]!,
      sourceId: packed.integers[i * WIDTH + 2]!,
      line: packed.integers[i * WIDTH + 3]!,
      value: packed.values[i]!,
      period: periods[i]!,
      disaggregation: disaggregations[i]!,
    };
    rows.push(packed.integers[i * WIDTH + 4] === 1 ? { ...row, delete: true } : row);
  }
  return rows;
}
