/**
 * The cube of one series (a data element × disaggregation × source): its value in every org unit
 * at every level and every period type, kept fresh one reported value at a time.
 *
 * Rules (written by hand: no library aggregates a hierarchy this way):
 * - **A reported figure wins.** A cell that was reported (a national total, a yearly figure) is
 *   that figure; only cells nobody reported are derived from their parts. Observatories publish
 *   national totals that need not equal the sum of their municipalities; adding both would count
 *   twice.
 * - **Parts.** A cell can be derived over space (the unit's children in the same period, summed,
 *   or averaged weighted by another series) or over time (the unit's own quarters or months, by
 *   the element's rule: sum, last reported, or average). Space is used (it carries the figures
 *   reported by the units below), unless it is incomplete and time is complete.
 * - **Completeness.** A derived cell records how many of its expected parts reported; it is
 *   complete when all did and every part used is complete itself. Incomplete cells keep their
 *   value (the sum of what was reported) and say so.
 *
 * Freshness: `set` changes one reported value and re-derives only the cells above it, bottom-up
 * (deeper units first, finer periods first), stopping where nothing changes; a change costs a few
 * dozen small recomputations, whatever the size of the cube. `rebuild` derives everything again.
 *
 * Storage is typed arrays indexed by a slot per cell (a typed-array hash from cell key to slot,
 * `cell-index.ts`): about 60 bytes a cell in all.
 */
import { CellIndex } from './cell-index.ts';
import { PERIOD_KEY_COUNT, firstTimeChild, granularity, timeChildCount, timeParent } from './period-key.ts';

export type TimeRule = 'sum' | 'last' | 'average';

export interface UnitTree {
  /** parent index, −1 for the root(s) */
  readonly parent: Int32Array;
  readonly children: readonly (readonly number[])[];
  /** 0 for the root */
  readonly depth: Uint8Array;
  /** whether a unit exists during a period (validity dates); every unit when absent */
  readonly isActive?: (unit: number, periodKey: number) => boolean;
}

export interface SpaceRule {
  /** `none`: values are not combined over space (only reported figures and time derivations) */
  readonly kind: 'sum' | 'weighted' | 'none';
  /** for `weighted`: the weight of a unit in a period (its population), undefined when unknown */
  readonly weight?: (unit: number, periodKey: number) => number | undefined;
}

export type Derivation = 'reported' | 'space' | 'time';

export interface CubeCell {
  readonly value: number;
  readonly derivation: Derivation;
  /** parts that reported; 1 of 1 for a reported cell */
  readonly reporting: number;
  readonly expected: number;
  readonly complete: boolean;
}

const DERIVATIONS: readonly Derivation[] = ['reported', 'space', 'time'];
const COMPLETE = 4;

export class SeriesCube {
  private slots = new CellIndex();
  private reported = new Float64Array(16).fill(NaN);
  private value = new Float64Array(16).fill(NaN);
  private reporting = new Uint32Array(16);
  private expected = new Uint32Array(16);
  /** bits 0–1: derivation index; bit 2: complete */
  private flags = new Uint8Array(16);
  private readonly maxDepth: number;
  private readonly space = new Candidate();
  private readonly time = new Candidate();
  /** the latest period key with a reported value (it only grows: a removal does not lower it) */
  latestReported = -1;

  constructor(
    private readonly units: UnitTree,
    private readonly timeRule: TimeRule,
    private readonly spaceRule: SpaceRule = { kind: 'sum' },
  ) {
    let max = 0;
    for (const d of units.depth) max = Math.max(max, d);
    this.maxDepth = max;
    if (spaceRule.kind === 'weighted' && spaceRule.weight === undefined) {
      throw new Error('a weighted space rule needs a weight');
    }
  }

  /** Cells that hold a value or a reported figure. */
  get cellCount(): number {
    return this.slots.size;
  }

  /** An independent copy (the `all` view starts as a copy of the `published` one). */
  clone(): SeriesCube {
    const copy = new SeriesCube(this.units, this.timeRule, this.spaceRule);
    copy.slots = this.slots.clone();
    copy.reported = this.reported.slice();
    copy.value = this.value.slice();
    copy.reporting = this.reporting.slice();
    copy.expected = this.expected.slice();
    copy.flags = this.flags.slice();
    copy.latestReported = this.latestReported;
    return copy;
  }

  get(unit: number, periodKey: number): CubeCell | undefined {
    const slot = this.slots.get(unit * PERIOD_KEY_COUNT + periodKey);
    if (slot < 0) return undefined;
    const value = this.value[slot]!;
    if (Number.isNaN(value)) return undefined;
    const flags = this.flags[slot]!;
    return {
      value,
      derivation: DERIVATIONS[flags & 3]!,
      reporting: this.reporting[slot]!,
      expected: this.expected[slot]!,
      complete: (flags & COMPLETE) !== 0,
    };
  }

  /** Sets (or, with undefined, removes) the reported value of a cell and re-derives what depends on it. */
  set(unit: number, periodKey: number, value: number | undefined): void {
    this.setMany([[unit, periodKey, value]]);
  }

  /** Sets many reported values, then re-derives once (cells shared by several changes once). */
  setMany(changes: Iterable<readonly [unit: number, periodKey: number, value: number | undefined]>): void {
    const dirty = this.buckets();
    for (const [unit, periodKey, value] of changes) {
      const key = unit * PERIOD_KEY_COUNT + periodKey;
      const slot = value === undefined ? this.slots.get(key) : this.slotOf(key);
      if (slot < 0) continue;
      this.reported[slot] = value ?? NaN;
      if (value !== undefined && periodKey > this.latestReported) this.latestReported = periodKey;
      dirty[this.bucket(unit, periodKey)]!.add(key);
    }
    this.propagate(dirty);
  }

  /** Derives every cell again from the reported values. */
  rebuild(): void {
    // One sweep, bottom-up: every cell sits in one list per bucket (deeper units, finer periods
    // first); a cell is derived once all cells below it are, and creates its parents as it goes.
    const lists: number[][] = Array.from({ length: (this.maxDepth + 1) * 3 }, () => []);
    for (let slot = 0; slot < this.slots.size; slot++) {
      const key = this.slots.keyOf(slot);
      const unit = Math.floor(key / PERIOD_KEY_COUNT);
      this.value[slot] = NaN;
      lists[this.bucket(unit, key - unit * PERIOD_KEY_COUNT)]!.push(slot);
    }
    const parentOf = this.units.parent;
    for (const list of lists) {
      for (let i = 0; i < list.length; i++) {
        const slot = list[i]!;
        const key = this.slots.keyOf(slot);
        const unit = Math.floor(key / PERIOD_KEY_COUNT);
        const periodKey = key - unit * PERIOD_KEY_COUNT;
        this.recomputeSlot(slot, unit, periodKey);
        if (Number.isNaN(this.value[slot]!)) continue;
        const parent = parentOf[unit]!;
        if (parent >= 0) this.ensure(parent, periodKey, lists);
        const up = timeParent(periodKey);
        if (up !== undefined) this.ensure(unit, up, lists);
      }
    }
  }

  /** Sets a reported value without deriving anything: call `rebuild` after the last one. */
  setReported(unit: number, periodKey: number, value: number): void {
    const slot = this.slotOf(unit * PERIOD_KEY_COUNT + periodKey);
    this.reported[slot] = value;
    if (periodKey > this.latestReported) this.latestReported = periodKey;
  }

  private ensure(unit: number, periodKey: number, lists: number[][]): void {
    const before = this.slots.size;
    const slot = this.slotOf(unit * PERIOD_KEY_COUNT + periodKey);
    if (slot === before) lists[this.bucket(unit, periodKey)]!.push(slot);
  }

  /** Every cell with a value, as [unit, periodKey] pairs (in no particular order). */
  *cells(): Generator<[unit: number, periodKey: number]> {
    for (let slot = 0; slot < this.slots.size; slot++) {
      if (Number.isNaN(this.value[slot]!)) continue;
      const key = this.slots.keyOf(slot);
      const unit = Math.floor(key / PERIOD_KEY_COUNT);
      yield [unit, key - unit * PERIOD_KEY_COUNT];
    }
  }

  private buckets(): Set<number>[] {
    return Array.from({ length: (this.maxDepth + 1) * 3 }, () => new Set<number>());
  }

  /** Deeper units first; within a depth, months, then quarters, then years. */
  private bucket(unit: number, periodKey: number): number {
    return (this.maxDepth - this.units.depth[unit]!) * 3 + granularity(periodKey);
  }

  private propagate(dirty: Set<number>[]): void {
    for (const cells of dirty) {
      for (const key of cells) {
        const unit = Math.floor(key / PERIOD_KEY_COUNT);
        const periodKey = key - unit * PERIOD_KEY_COUNT;
        if (!this.recompute(key, unit, periodKey)) continue;
        const parent = this.units.parent[unit]!;
        if (parent >= 0) dirty[this.bucket(parent, periodKey)]!.add(parent * PERIOD_KEY_COUNT + periodKey);
        const up = timeParent(periodKey);
        if (up !== undefined) dirty[this.bucket(unit, up)]!.add(unit * PERIOD_KEY_COUNT + up);
      }
    }
  }

  /** Recomputes one cell; returns whether anything about it changed. */
  private recompute(key: number, unit: number, periodKey: number): boolean {
    let slot = this.slots.get(key);
    if (slot < 0) {
      // A cell with no slot yet: create it only if it gets a value.
      const pick = this.derive(unit, periodKey);
      if (pick === undefined) return false;
      slot = this.slotOf(key);
    }
    return this.recomputeSlot(slot, unit, periodKey);
  }

  private derive(unit: number, periodKey: number): Candidate | undefined {
    this.deriveOverSpace(unit, periodKey);
    this.deriveOverTime(unit, periodKey);
    return choose(this.space, this.time);
  }

  private recomputeSlot(slot: number, unit: number, periodKey: number): boolean {
    const reported = this.reported[slot]!;
    let value: number;
    let reporting: number;
    let expected: number;
    let flags: number;
    if (!Number.isNaN(reported)) {
      value = reported;
      reporting = 1;
      expected = 1;
      flags = 0 | COMPLETE;
    } else {
      const pick = this.derive(unit, periodKey);
      if (pick === undefined) {
        value = NaN;
        reporting = 0;
        expected = 0;
        flags = 0;
      } else {
        ({ value, reporting, expected } = pick);
        flags = (pick === this.space ? 1 : 2) | (pick.complete ? COMPLETE : 0);
      }
    }
    const before = this.value[slot]!;
    const changed =
      !(before === value || (Number.isNaN(before) && Number.isNaN(value))) ||
      this.reporting[slot] !== reporting ||
      this.expected[slot] !== expected ||
      this.flags[slot] !== flags;
    this.value[slot] = value;
    this.reporting[slot] = reporting;
    this.expected[slot] = expected;
    this.flags[slot] = flags;
    return changed;
  }

  /** Fills `this.space`; false when no child has a value. */
  private deriveOverSpace(unit: number, periodKey: number): boolean {
    const out = this.space;
    out.valid = false;
    const children = this.units.children[unit];
    if (children === undefined || children.length === 0 || this.spaceRule.kind === 'none') return false;
    const active = this.units.isActive;
    const weight = this.spaceRule.kind === 'weighted' ? this.spaceRule.weight! : undefined;
    const values = this.value;
    const flags = this.flags;
    let expected = 0;
    let reporting = 0;
    let complete = true;
    let sum = 0;
    let weights = 0;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (active !== undefined && !active(child, periodKey)) continue;
      expected += 1;
      const slot = this.slots.get(child * PERIOD_KEY_COUNT + periodKey);
      if (slot < 0) continue;
      const value = values[slot]!;
      if (value !== value) continue; // NaN: no value
      if (weight !== undefined) {
        const w = weight(child, periodKey);
        if (w === undefined || !(w > 0)) continue;
        sum += w * value;
        weights += w;
      } else sum += value;
      reporting += 1;
      if ((flags[slot]! & COMPLETE) === 0) complete = false;
    }
    if (reporting === 0) return false;
    out.valid = true;
    out.value = weight !== undefined ? sum / weights : sum;
    out.reporting = reporting;
    out.expected = expected;
    out.complete = complete && reporting === expected;
    return true;
  }

  /** Fills `this.time`; false when no part of the period has a value. */
  private deriveOverTime(unit: number, periodKey: number): boolean {
    const out = this.time;
    out.valid = false;
    const count = timeChildCount(periodKey);
    if (count === 0) return false;
    const first = firstTimeChild(periodKey);
    const values = this.value;
    const flags = this.flags;
    const base = unit * PERIOD_KEY_COUNT;
    let reporting = 0;
    let complete = true;
    let sum = 0;
    let last = NaN;
    let lastReported = false;
    for (let part = first; part < first + count; part++) {
      const slot = this.slots.get(base + part);
      lastReported = false;
      if (slot < 0) continue;
      const value = values[slot]!;
      if (value !== value) continue;
      reporting += 1;
      if ((flags[slot]! & COMPLETE) === 0) complete = false;
      sum += value;
      last = value;
      lastReported = true;
    }
    if (reporting === 0) return false;
    out.valid = true;
    out.value = this.timeRule === 'sum' ? sum : this.timeRule === 'average' ? sum / reporting : last;
    out.reporting = reporting;
    out.expected = count;
    // A stock's last value is only right if the last part reported.
    out.complete = complete && reporting === count && (this.timeRule !== 'last' || lastReported);
    return true;
  }

  private slotOf(key: number): number {
    const slot = this.slots.slotOf(key);
    if (slot >= this.value.length) this.grow();
    return slot;
  }

  private grow(): void {
    const length = this.value.length * 2;
    const grow64 = (a: Float64Array) => {
      const b = new Float64Array(length).fill(NaN);
      b.set(a);
      return b;
    };
    this.reported = grow64(this.reported);
    this.value = grow64(this.value);
    const reporting = new Uint32Array(length);
    reporting.set(this.reporting);
    this.reporting = reporting;
    const expected = new Uint32Array(length);
    expected.set(this.expected);
    this.expected = expected;
    const flags = new Uint8Array(length);
    flags.set(this.flags);
    this.flags = flags;
  }
}

/** A derivation being considered; two are reused for every cell (no allocation per cell). */
class Candidate {
  valid = false;
  value = 0;
  reporting = 0;
  expected = 0;
  complete = false;
}

/** Space (it carries reported figures of the units below), unless only time is complete. */
function choose(space: Candidate, time: Candidate): Candidate | undefined {
  if (!space.valid) return time.valid ? time : undefined;
  if (!time.valid) return space;
  return !space.complete && time.complete ? time : space;
}
