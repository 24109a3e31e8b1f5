/**
 * Slots for the cells of one series, given out a period group at a time: a unit-year's twelve
 * months get twelve consecutive slots at once, its four quarters four, its year one. A cell is
 * found by one hash lookup of its group (a `CellIndex` from group to first slot) plus an offset,
 * and the cells that are summed together (the months of a quarter, the quarters of a year) sit
 * side by side in memory. Monthly data fill their groups; a group can hold slots whose cell has
 * no value yet (the series keeps them as empty cells).
 *
 * A cell key is `unit × PERIOD_KEY_COUNT + periodKey`, and a period key is 17 slots a year (the
 * year, its quarters, its months): see `period-key.ts`.
 */
import { CellIndex } from './cell-index.ts';
import { SLOTS_PER_YEAR } from './period-key.ts';

/** Where a period slot (0 year, 1–4 quarters, 5–16 months) starts its group, and the group sizes. */
const GROUP_START = Uint8Array.of(0, 1, 1, 1, 1, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5);
const GROUP_SIZE = Uint8Array.of(1, 4, 4, 4, 4, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12);

export class CellSlots {
  /** group key → group number (in the order groups were given out) */
  private groups: CellIndex;
  /** the first slot of each group */
  private groupBase: Int32Array;
  /** the cell key of each slot */
  private keys: Float64Array;
  private count = 0;

  constructor(capacity = 16) {
    this.groups = new CellIndex(Math.max(8, capacity >> 2));
    this.groupBase = new Int32Array(Math.max(8, capacity >> 2));
    this.keys = new Float64Array(Math.max(16, capacity));
  }

  /** Slots given out (cells with or without a value). */
  get size(): number {
    return this.count;
  }

  /** The slot of a cell, or −1 when its group has none yet. */
  get(key: number): number {
    const slot = key % SLOTS_PER_YEAR;
    const start = GROUP_START[slot]!;
    const group = this.groups.get(groupKey(key, slot, start));
    return group < 0 ? -1 : this.groupBase[group]! + slot - start;
  }

  /** The slot of a cell, giving out its whole group when new (then `size` grows). */
  slotOf(key: number): number {
    const slot = key % SLOTS_PER_YEAR;
    const start = GROUP_START[slot]!;
    const groups = this.groups.size;
    const group = this.groups.slotOf(groupKey(key, slot, start));
    let base: number;
    if (group < groups) base = this.groupBase[group]!;
    else {
      base = this.count;
      const size = GROUP_SIZE[slot]!;
      if (base + size > this.keys.length) this.growKeys(Math.max(this.keys.length * 2, base + size));
      const first = key - slot + start;
      for (let i = 0; i < size; i++) this.keys[base + i] = first + i;
      this.count = base + size;
      if (group >= this.groupBase.length) {
        const grown = new Int32Array(this.groupBase.length * 2);
        grown.set(this.groupBase);
        this.groupBase = grown;
      }
      this.groupBase[group] = base;
    }
    return base + slot - start;
  }

  /** The key of the cell in a slot. */
  keyOf(slot: number): number {
    return this.keys[slot]!;
  }

  /** Makes room for about `cells` slots without growing on the way. */
  reserve(cells: number): void {
    if (cells > this.keys.length) this.growKeys(cells);
    const groups = Math.ceil(cells / 4);
    this.groups.reserve(groups);
    if (groups > this.groupBase.length) {
      const grown = new Int32Array(groups);
      grown.set(this.groupBase);
      this.groupBase = grown;
    }
  }

  clone(): CellSlots {
    const copy = new CellSlots(0);
    copy.groups = this.groups.clone();
    copy.groupBase = this.groupBase.slice();
    copy.keys = this.keys.slice();
    copy.count = this.count;
    return copy;
  }

  private growKeys(length: number): void {
    const keys = new Float64Array(length);
    keys.set(this.keys.subarray(0, this.count));
    this.keys = keys;
  }
}

/** A group's key: the unit-year (key ÷ 17) and which group of it (0 year, 1 quarters, 5 months). */
function groupKey(key: number, slot: number, start: number): number {
  return (key - slot) * 3 + (start === 0 ? 0 : start === 1 ? 1 : 2) * SLOTS_PER_YEAR;
}
