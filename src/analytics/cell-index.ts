/**
 * A map from cell keys (non-negative integers below 2^53) to dense slots 0, 1, 2, … in insertion
 * order: open addressing with linear probing over typed arrays. A JavaScript Map costs about
 * 80 bytes an entry and stops at 2^24 entries; this costs 24 bytes at most (12 at the usual load)
 * and has no such limit. Entries are never removed (a cell that loses its value keeps its slot).
 * Written by hand: no maintained npm package offers an integer-keyed typed-array map.
 */
export class CellIndex {
  private keys: Float64Array;
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  /** keys by slot, for iteration */
  private order: Float64Array;

  constructor(capacity = 16) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.keys = new Float64Array(size).fill(-1);
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.order = new Float64Array(Math.max(8, capacity));
  }

  get size(): number {
    return this.count;
  }

  /** The slot of `key`, or -1. */
  get(key: number): number {
    const keys = this.keys;
    let i = hash(key) & this.mask;
    for (;;) {
      const k = keys[i]!;
      if (k === key) return this.slots[i]!;
      if (k === -1) return -1;
      i = (i + 1) & this.mask;
    }
  }

  /** The slot of `key`, given the next free slot when it is new. */
  slotOf(key: number): number {
    const keys = this.keys;
    let i = hash(key) & this.mask;
    for (;;) {
      const k = keys[i]!;
      if (k === key) return this.slots[i]!;
      if (k === -1) break;
      i = (i + 1) & this.mask;
    }
    const slot = this.count;
    keys[i] = key;
    this.slots[i] = slot;
    if (slot >= this.order.length) {
      const order = new Float64Array(this.order.length * 2);
      order.set(this.order);
      this.order = order;
    }
    this.order[slot] = key;
    this.count += 1;
    if (this.count * 2 > keys.length) this.grow();
    return slot;
  }

  /** Makes room for `capacity` entries without growing on the way. */
  reserve(capacity: number): void {
    if (capacity > this.order.length) {
      const order = new Float64Array(capacity);
      order.set(this.order.subarray(0, this.count));
      this.order = order;
    }
    let size = this.keys.length;
    while (size < capacity * 2) size *= 2;
    if (size > this.keys.length) this.rehash(size);
  }

  /** The key held in a slot. */
  keyOf(slot: number): number {
    return this.order[slot]!;
  }

  clone(): CellIndex {
    const copy = new CellIndex(0);
    copy.keys = this.keys.slice();
    copy.slots = this.slots.slice();
    copy.mask = this.mask;
    copy.count = this.count;
    copy.order = this.order.slice();
    return copy;
  }

  private grow(): void {
    this.rehash(this.keys.length * 2);
  }

  private rehash(size: number): void {
    const keys = new Float64Array(size).fill(-1);
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let slot = 0; slot < this.count; slot++) {
      const key = this.order[slot]!;
      let i = hash(key) & mask;
      while (keys[i] !== -1) i = (i + 1) & mask;
      keys[i] = key;
      slots[i] = slot;
    }
    this.keys = keys;
    this.slots = slots;
    this.mask = mask;
  }
}

function hash(key: number): number {
  const low = key >>> 0;
  const high = (key / 4294967296) >>> 0;
  let h = Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  return h >>> 0;
}
