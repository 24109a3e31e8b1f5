/**
 * The keys (element, org unit, period, disaggregation, source) a file has given so far, each with
 * the line it first appeared on: how the dry run finds a value given twice in one file. Exact (no
 * key is ever taken for another) and compact enough for tens of millions of values, where a `Map`
 * of string keys would take about 100 bytes a value and stops at 2^24 (16.7M) entries.
 *
 * A key is two numbers: its group — the element, source, disaggregation and period, interned in a
 * `Map` (a file holds few: a 10M-row table of 3 indicators over 300 months has 900) — and the org
 * unit's place among the references' org units. `group × units + unit` is a whole number below
 * 2^53 (an exact double), kept in an open-addressing table of typed arrays: a Float64Array of keys
 * and a Uint32Array of first lines, 12 bytes a slot, doubled when three quarters full. So a value
 * costs 16 to 32 bytes (30M values: 2^26 slots, 768 MiB), and briefly half as much again while the
 * table doubles; a group about 100 bytes more.
 */
import type { ImportReferences } from './row-validation.ts';
import type { ResolvedRow } from './value-writer.ts';

/** A value's key (as `valueKey` of `stored-values.store.ts` spells it). */
export type ValueKey = Pick<
  ResolvedRow,
  'elementId' | 'orgUnitId' | 'period' | 'disaggregation' | 'sourceId'
>;

const MAX_LINE = 0xffff_ffff;
const TWO_32 = 2 ** 32;

export class SeenKeys {
  private readonly units: Map<number, number>;
  private readonly groups = new Map<string, number>();
  private keys: Float64Array; // key + 1; 0 is an empty slot
  private lines: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(references: Pick<ImportReferences, 'orgUnits'>, initialSlots = 1024) {
    this.units = new Map([...references.orgUnits.values()].map(({ id }, index) => [id, index]));
    // groups stop at 2^24 (a Map's most), so every key stays below 2^53
    if (this.units.size * 2 ** 24 >= Number.MAX_SAFE_INTEGER) throw new Error('too many org units');
    const slots = 2 ** Math.max(4, Math.ceil(Math.log2(initialSlots)));
    this.keys = new Float64Array(slots);
    this.lines = new Uint32Array(slots);
    this.mask = slots - 1;
  }

  /** How many distinct keys have been given. */
  get size(): number {
    return this.count;
  }

  /** The line the key first appeared on, or undefined (and the key is kept, at this line). */
  firstLine(key: ValueKey, line: number): number | undefined {
    const unit = this.units.get(key.orgUnitId);
    if (unit === undefined) throw new Error(`org unit ${key.orgUnitId} is not among the references`);
    if (!Number.isInteger(line) || line < 0 || line > MAX_LINE) {
      throw new Error(`line ${line}: the duplicate check counts lines up to ${MAX_LINE}`);
    }
    const name = `${key.elementId}\t${key.sourceId}\t${key.disaggregation}\t${key.period}`;
    let group = this.groups.get(name);
    if (group === undefined) {
      group = this.groups.size;
      this.groups.set(name, group);
    }
    const stored = group * this.units.size + unit + 1;
    let slot = hash(stored) & this.mask;
    for (;;) {
      const at = this.keys[slot];
      if (at === 0) break;
      if (at === stored) return this.lines[slot];
      slot = (slot + 1) & this.mask;
    }
    this.keys[slot] = stored;
    this.lines[slot] = line;
    this.count += 1;
    if (this.count * 4 > this.keys.length * 3) this.grow();
    return undefined;
  }

  private grow(): void {
    const { keys, lines } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.lines = new Uint32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      const stored = keys[i]!;
      if (stored === 0) continue;
      let slot = hash(stored) & this.mask;
      while (this.keys[slot] !== 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = stored;
      this.lines[slot] = lines[i]!;
    }
  }
}

/** 32 well-mixed bits of a whole number below 2^53 (murmur3's finalizer over both halves). */
function hash(n: number): number {
  let h = Math.imul((n % TWO_32) ^ Math.imul(Math.floor(n / TWO_32), 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
