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
 * Storage is typed arrays indexed by a slot per cell (slots given out by period group,
 * `cell-slots.ts`): about 60 bytes a cell in all. A full build derives everything over a dense
 * grid (`buildDense`) when the series is not too sparse for one.
 */
import { CellSlots } from './cell-slots.ts';
import {
  PERIOD_KEY_COUNT,
  SLOTS_PER_YEAR,
  firstTimeChild,
  granularity,
  timeChildCount,
  timeParent,
  yearKeyOf,
} from './period-key.ts';

export type TimeRule = 'sum' | 'last' | 'average';

export interface UnitTree {
  /** parent index, −1 for the root(s) */
  readonly parent: Int32Array;
  readonly children: readonly (readonly number[])[];
  /** 0 for the root */
  readonly depth: Uint8Array;
  /** whether a unit exists during a period (validity dates); every unit when absent */
  readonly isActive?: (unit: number, periodKey: number) => boolean;
  /** 1 for the units that have validity dates (the others are always active) */
  readonly dated?: Uint8Array;
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
  private slots = new CellSlots();
  private reported = new Float64Array(16).fill(NaN);
  private value = new Float64Array(16).fill(NaN);
  private reporting = new Uint32Array(16);
  private expected = new Uint32Array(16);
  /** bits 0–1: derivation index; bit 2: complete */
  private flags = new Uint8Array(16);
  /** 1 while a cell waits in a propagation queue */
  private queued = new Uint8Array(16);
  /**
   * For a summed series, what the children of each cell hold in its period: their sum, how many
   * have a value, how many of those are incomplete. Kept up to date by deltas, so a change costs
   * O(1) at each ancestor instead of a scan of its children.
   */
  private spaceSum = new Float64Array(16);
  private spaceReporting = new Uint32Array(16);
  private spaceIncomplete = new Uint32Array(16);
  private readonly additive: boolean;
  /** the space parent's slot found by the last `contribute` of `recomputeSlot` (−1: none) */
  private parentSlot = -1;
  /**
   * Each cell's space parent (same period, parent unit) and time parent (same unit, the quarter
   * or year) as slot + 1, 0 while not yet known. Slots never move, so once known they hold; a
   * full build fills them, and a change finds its parents without hashing.
   */
  private spaceUp = new Int32Array(16);
  private timeUp = new Int32Array(16);
  /** children expected in every period, or −1 when validity dates make it depend on the period */
  private readonly fixedChildren: Int32Array;
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
    this.additive = spaceRule.kind === 'sum';
    // Units none of whose children has validity dates expect all of them in every period.
    this.fixedChildren = new Int32Array(units.parent.length);
    units.children.forEach((children, unit) => {
      const dated = units.isActive !== undefined && children.some((c) => units.dated?.[c] !== 0);
      this.fixedChildren[unit] = dated ? -1 : children.length;
    });
    if (spaceRule.kind === 'weighted' && spaceRule.weight === undefined) {
      throw new Error('a weighted space rule needs a weight');
    }
  }

  /** Cells that hold a value (counted again after a change). */
  get cellCount(): number {
    if (this.counted < 0) {
      let n = 0;
      const value = this.value;
      for (let slot = 0; slot < this.slots.size; slot++) if (value[slot] === value[slot]) n += 1;
      this.counted = n;
    }
    return this.counted;
  }

  /** the count of cells with a value, −1 when it must be counted again */
  private counted = -1;

  /** Slots given out (cells with a value, and empty ones in the same period groups). */
  get slotCount(): number {
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
    copy.queued = new Uint8Array(this.flags.length);
    copy.spaceSum = this.spaceSum.slice();
    copy.spaceReporting = this.spaceReporting.slice();
    copy.spaceIncomplete = this.spaceIncomplete.slice();
    copy.spaceUp = this.spaceUp.slice();
    copy.timeUp = this.timeUp.slice();
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
    this.counted = -1;
    const dirty = this.buckets();
    let latestRemoved = false;
    for (const [unit, periodKey, value] of changes) {
      const key = unit * PERIOD_KEY_COUNT + periodKey;
      if (value === undefined && this.slots.get(key) < 0) continue;
      const slot = this.enqueue(unit, periodKey, dirty);
      this.reported[slot] = value ?? NaN;
      if (value !== undefined && periodKey > this.latestReported) this.latestReported = periodKey;
      if (value === undefined && periodKey === this.latestReported) latestRemoved = true;
    }
    this.propagate(dirty);
    if (latestRemoved) this.latestReported = this.latestReportedKey();
  }

  /** The latest period with a reported value, found again (after a removal). */
  private latestReportedKey(): number {
    let latest = -1;
    for (let slot = 0; slot < this.slots.size; slot++) {
      if (this.reported[slot] !== this.reported[slot]) continue;
      latest = Math.max(latest, this.slots.keyOf(slot) % PERIOD_KEY_COUNT);
    }
    return latest;
  }

  /**
   * Derives every cell again from the reported values: over a dense grid of the series' units
   * and years when it is small enough (no hashing, memory read in order), else cell by cell.
   * `how` forces one way (the tests check both give the same cells).
   */
  rebuild(how: 'auto' | 'dense' | 'sparse' = 'auto'): void {
    this.counted = -1;
    if (how !== 'sparse') {
      const reported = this.reportedCells();
      if (this.buildDense(reported, how === 'dense', true)) return;
    }
    this.rebuildSparse();
  }

  /**
   * The bulk load: sets the reported values (`unit[i]`, `periodKey[i]`, `value[i]` for the first
   * `count`) and derives every cell. On an empty series of a size a dense grid suits, the values
   * go straight into the grid and each cell is put in the table once.
   */
  build(reported: ReportedCells): void {
    this.counted = -1;
    if (this.slots.size === 0 && this.buildDense(reported, false, false)) return;
    for (let i = 0; i < reported.count; i++) {
      this.setReported(reported.unit[i]!, reported.periodKey[i]!, reported.value[i]!);
    }
    this.rebuild();
  }

  /** The reported values held in slots, as columns. */
  private reportedCells(): ReportedCells {
    const size = this.slots.size;
    let count = 0;
    for (let slot = 0; slot < size; slot++) if (this.reported[slot] === this.reported[slot]) count += 1;
    const cells = {
      unit: new Int32Array(count),
      periodKey: new Int32Array(count),
      value: new Float64Array(count),
      count,
    };
    let i = 0;
    for (let slot = 0; slot < size; slot++) {
      const reported = this.reported[slot]!;
      if (reported !== reported) continue;
      const key = this.slots.keyOf(slot);
      const unit = Math.floor(key / PERIOD_KEY_COUNT);
      cells.unit[i] = unit;
      cells.periodKey[i] = key - unit * PERIOD_KEY_COUNT;
      cells.value[i++] = reported;
    }
    return cells;
  }

  /**
   * The full build over a dense grid: rows are the units that hold a reported value and their
   * ancestors, deepest first; columns are the period keys of the years the series covers. A cell
   * pushes its value into its time parent (same row, a column to the left: columns are swept right
   * to left, so months come before their quarter and quarters before their year) and into its
   * space parent (the parent's row, same column; rows are swept deepest first). Then every cell
   * with a value gets its slot. False (nothing done) when the grid would be much larger than the
   * series (`force`: build it anyway). `inSlots`: the reported values are already in the slots
   * (a rebuild), so every slot is reset first.
   */
  private buildDense(reported: ReportedCells, force: boolean, inSlots: boolean): boolean {
    const tree = this.units;
    const reportedCount = reported.count;
    // Rows: units with a reported value and their ancestors; columns: the years they span.
    const row = new Int32Array(tree.parent.length).fill(-1);
    let firstKey = Infinity;
    let lastKey = -1;
    for (let i = 0; i < reportedCount; i++) {
      const periodKey = reported.periodKey[i]!;
      if (periodKey < firstKey) firstKey = periodKey;
      if (periodKey > lastKey) lastKey = periodKey;
      for (let u = reported.unit[i]!; u >= 0 && row[u] === -1; u = tree.parent[u]!) row[u] = 0;
    }
    const byDepth: number[][] = Array.from({ length: this.maxDepth + 1 }, () => []);
    for (let u = 0; u < row.length; u++) if (row[u] === 0) byDepth[tree.depth[u]!]!.push(u);
    const unitOfRow = new Int32Array(byDepth.reduce((n, list) => n + list.length, 0));
    let rows = 0;
    for (let depth = this.maxDepth; depth >= 0; depth--) {
      for (const u of byDepth[depth]!) {
        row[u] = rows;
        unitOfRow[rows++] = u;
      }
    }
    const base = reportedCount === 0 ? 0 : yearKeyOf(firstKey);
    const columns = reportedCount === 0 ? 0 : yearKeyOf(lastKey) + SLOTS_PER_YEAR - base;
    const size = rows * columns;
    if (!force && size > 16 * reportedCount + 65_536) return false;

    if (inSlots) {
      const cellCount = this.slots.size;
      this.value.fill(NaN, 0, cellCount);
      this.reporting.fill(0, 0, cellCount);
      this.expected.fill(0, 0, cellCount);
      this.flags.fill(0, 0, cellCount);
      this.spaceSum.fill(0, 0, cellCount);
      this.spaceReporting.fill(0, 0, cellCount);
      this.spaceIncomplete.fill(0, 0, cellCount);
    }
    const grid = DenseGrid.take(size, this.spaceRule.kind === 'weighted', this.timeRule === 'last');
    for (let i = 0; i < reportedCount; i++) {
      const at = row[reported.unit[i]!]! * columns + (reported.periodKey[i]! - base);
      grid.hasReported[at] = 1;
      grid.reported[at] = reported.value[i]!;
    }
    if (lastKey > this.latestReported) this.latestReported = lastKey;

    const weight = this.spaceRule.kind === 'weighted' ? this.spaceRule.weight! : undefined;
    const noSpace = this.spaceRule.kind === 'none';
    const timeRule = this.timeRule;
    const space = this.space;
    const time = this.time;
    for (let r = 0; r < rows; r++) {
      const unit = unitOfRow[r]!;
      const parent = tree.parent[unit]!;
      const parentRow = parent >= 0 && !noSpace ? row[parent]! * columns : -1;
      const rowStart = r * columns;
      // Right to left, without division: years from the last, in a year its slots from the last
      // (months, then quarters, then the year itself).
      for (let year = columns - SLOTS_PER_YEAR; year >= 0; year -= SLOTS_PER_YEAR) {
        for (let inYear = SLOTS_PER_YEAR - 1; inYear >= 0; inYear--) {
          const c = year + inYear;
          const at = rowStart + c;
          const spaceReporting = grid.spaceReporting[at]!;
          const timeReporting = grid.timeReporting[at]!;
          const hasReported = grid.hasReported[at] === 1;
          if (!hasReported && spaceReporting === 0 && timeReporting === 0) continue;
          const periodKey = base + c;
          let value: number;
          let complete: boolean;
          if (hasReported) {
            value = grid.reported[at]!;
            complete = true;
            grid.reporting[at] = 1;
            grid.expected[at] = 1;
            grid.flags[at] = COMPLETE;
          } else {
            space.valid = spaceReporting > 0;
            if (space.valid) {
              space.value =
                weight === undefined ? grid.spaceSum[at]! : grid.spaceSum[at]! / grid.spaceWeight[at]!;
              space.reporting = spaceReporting;
              space.expected = this.expectedChildren(unit, periodKey);
              space.complete = grid.spaceIncomplete[at] === 0 && spaceReporting === space.expected;
            }
            time.valid = timeReporting > 0;
            if (time.valid) {
              const count = PARTS_IN_YEAR[inYear]!;
              time.value =
                timeRule === 'sum'
                  ? grid.timeSum[at]!
                  : timeRule === 'average'
                    ? grid.timeSum[at]! / timeReporting
                    : grid.timeLast[at]!;
              time.reporting = timeReporting;
              time.expected = count;
              // (all parts reported: for `last`, the last part too)
              time.complete = grid.timeIncomplete[at] === 0 && timeReporting === count;
            }
            const pick = choose(space, time)!;
            value = pick.value;
            complete = pick.complete;
            grid.reporting[at] = pick.reporting;
            grid.expected[at] = pick.expected;
            grid.flags[at] = (pick === space ? 1 : 2) | (complete ? COMPLETE : 0);
          }
          grid.value[at] = value;
          if (parentRow >= 0 && this.isActive(unit, periodKey)) {
            const p = parentRow + c;
            if (weight === undefined) {
              grid.spaceSum[p] = grid.spaceSum[p]! + value;
              grid.spaceReporting[p] = grid.spaceReporting[p]! + 1;
              if (!complete) grid.spaceIncomplete[p] = grid.spaceIncomplete[p]! + 1;
            } else {
              const w = weight(unit, periodKey);
              if (w !== undefined && w > 0) {
                grid.spaceSum[p] = grid.spaceSum[p]! + w * value;
                grid.spaceWeight[p] = grid.spaceWeight[p]! + w;
                grid.spaceReporting[p] = grid.spaceReporting[p]! + 1;
                if (!complete) grid.spaceIncomplete[p] = grid.spaceIncomplete[p]! + 1;
              }
            }
          }
          const upInYear = UP_IN_YEAR[inYear]!;
          if (upInYear >= 0) {
            const p = rowStart + year + upInYear;
            const n = grid.timeReporting[p]! + 1;
            grid.timeReporting[p] = n;
            grid.timeSum[p] = grid.timeSum[p]! + value;
            if (!complete) grid.timeIncomplete[p] = 1;
            if (n === 1 || periodKey > grid.timeLastKey[p]!) {
              grid.timeLastKey[p] = periodKey;
              grid.timeLast[p] = value;
            }
          }
        }
      }
    }

    // Every cell with a value (its flags are never 0) gets its slot, a period group at a time:
    // one lookup for the group (a unit-year's months, its quarters, or its year), then offsets.
    // The slots needed are counted first, so the table is sized once.
    const flags = grid.flags;
    const groupUsed = (at: number, from: number, to: number): boolean => {
      for (let i = at + from; i < at + to; i++) if (flags[i] !== 0) return true;
      return false;
    };
    let needed = 0;
    for (let r = 0; r < rows; r++) {
      for (let year = r * columns; year < (r + 1) * columns; year += SLOTS_PER_YEAR) {
        for (const [from, to] of PERIOD_GROUPS) if (groupUsed(year, from, to)) needed += to - from;
      }
    }
    this.reserve(this.slots.size + needed);
    const additive = this.additive;
    // Shallow rows first, and in a row years before quarters before months: a cell's parents
    // have their slots when its own is given, so it learns them from the grid.
    const slotAt = grid.slot;
    for (let r = rows - 1; r >= 0; r--) {
      const unit = unitOfRow[r]!;
      const keyBase = unit * PERIOD_KEY_COUNT + base;
      const rowStart = r * columns;
      const parent = tree.parent[unit]!;
      const parentRow = parent >= 0 ? row[parent]! * columns : -1;
      for (let year = 0; year < columns; year += SLOTS_PER_YEAR) {
        for (const [from, to] of PERIOD_GROUPS) {
          if (!groupUsed(rowStart + year, from, to)) continue;
          const first = this.slotOf(keyBase + year + from);
          for (let inYear = from; inYear < to; inYear++) {
            const c = year + inYear;
            const at = rowStart + c;
            if (flags[at] === 0) continue;
            const slot = first + inYear - from;
            slotAt[at] = slot + 1;
            if (grid.hasReported[at] === 1) this.reported[slot] = grid.reported[at]!;
            this.value[slot] = grid.value[at]!;
            this.reporting[slot] = grid.reporting[at]!;
            this.expected[slot] = grid.expected[at]!;
            this.flags[slot] = flags[at]!;
            if (additive) {
              this.spaceSum[slot] = grid.spaceSum[at]!;
              this.spaceReporting[slot] = grid.spaceReporting[at]!;
              this.spaceIncomplete[slot] = grid.spaceIncomplete[at]!;
            }
            if (parentRow >= 0 && slotAt[parentRow + c]! > 0) this.spaceUp[slot] = slotAt[parentRow + c]!;
            const upInYear = UP_IN_YEAR[inYear]!;
            if (upInYear >= 0 && slotAt[rowStart + year + upInYear]! > 0) {
              this.timeUp[slot] = slotAt[rowStart + year + upInYear]!;
            }
          }
        }
      }
    }
    return true;
  }

  /** The full build cell by cell, for series too sparse for a dense grid. */
  private rebuildSparse(): void {
    // One sweep, bottom-up: every cell sits in one list per bucket (deeper units, finer periods
    // first). Cells push their value into their parents' accumulators, so a cell's derivations
    // are ready when its bucket comes, without looking its parts up (the incremental path pulls).
    const lists = Array.from({ length: (this.maxDepth + 1) * 3 }, () => new SlotList());
    for (let slot = 0; slot < this.slots.size; slot++) {
      const key = this.slots.keyOf(slot);
      const unit = Math.floor(key / PERIOD_KEY_COUNT);
      this.value[slot] = NaN;
      lists[this.bucket(unit, key - unit * PERIOD_KEY_COUNT)]!.push(slot);
    }
    const acc = new Accumulators(this.slots.size * 2, !this.additive);
    const additive = this.additive;
    if (additive) {
      this.spaceSum.fill(0);
      this.spaceReporting.fill(0);
      this.spaceIncomplete.fill(0);
    }
    const parentOf = this.units.parent;
    const weight = this.spaceRule.kind === 'weighted' ? this.spaceRule.weight! : undefined;
    const noSpace = this.spaceRule.kind === 'none';
    const space = this.space;
    const time = this.time;
    for (const list of lists) {
      for (let i = 0; i < list.length; i++) {
        const slot = list.items[i]!;
        const key = this.slots.keyOf(slot);
        const unit = Math.floor(key / PERIOD_KEY_COUNT);
        const periodKey = key - unit * PERIOD_KEY_COUNT;
        // This cell's candidates, from what its parts pushed.
        if (additive) this.spaceFromAccumulators(unit, periodKey, slot);
        else space.valid = acc.spaceReporting[slot]! > 0;
        if (!additive && space.valid) {
          space.value =
            weight !== undefined ? acc.spaceSum[slot]! / acc.spaceWeight[slot]! : acc.spaceSum[slot]!;
          space.reporting = acc.spaceReporting[slot]!;
          space.expected = this.expectedChildren(unit, periodKey);
          space.complete = acc.spaceIncomplete[slot] === 0 && space.reporting === space.expected;
        }
        time.valid = acc.timeReporting[slot]! > 0;
        if (time.valid) {
          const count = timeChildCount(periodKey);
          const reporting = acc.timeReporting[slot]!;
          time.value =
            this.timeRule === 'sum'
              ? acc.timeSum[slot]!
              : this.timeRule === 'average'
                ? acc.timeSum[slot]! / reporting
                : acc.timeLast[slot]!;
          time.reporting = reporting;
          time.expected = count;
          time.complete =
            acc.timeIncomplete[slot] === 0 &&
            reporting === count &&
            (this.timeRule !== 'last' || acc.timeLastKey[slot] === firstTimeChild(periodKey) + count - 1);
        }
        this.store(slot, choose(space, time));
        const value = this.value[slot]!;
        if (value !== value) continue;
        const complete = (this.flags[slot]! & COMPLETE) !== 0;
        // Push into the parent unit (same period) and the parent period (same unit).
        const parent = parentOf[unit]!;
        if (parent >= 0 && !noSpace && this.isActive(unit, periodKey)) {
          const w = weight === undefined ? 1 : weight(unit, periodKey);
          if (additive) {
            const p = this.ensure(parent, periodKey, lists);
            this.spaceSum[p] = this.spaceSum[p]! + value;
            this.spaceReporting[p] = this.spaceReporting[p]! + 1;
            if (!complete) this.spaceIncomplete[p] = this.spaceIncomplete[p]! + 1;
          } else if (w !== undefined && w > 0) {
            const p = this.ensure(parent, periodKey, lists);
            acc.fit(p);
            acc.spaceSum[p] = acc.spaceSum[p]! + w * value;
            acc.spaceWeight[p] = acc.spaceWeight[p]! + w;
            acc.spaceReporting[p] = acc.spaceReporting[p]! + 1;
            if (!complete) acc.spaceIncomplete[p] = 1;
          }
        }
        const up = timeParent(periodKey);
        if (up !== undefined) {
          const p = this.ensure(unit, up, lists);
          acc.fit(p);
          acc.timeSum[p] = acc.timeSum[p]! + value;
          acc.timeReporting[p] = acc.timeReporting[p]! + 1;
          if (!complete) acc.timeIncomplete[p] = 1;
          if (acc.timeReporting[p] === 1 || periodKey > acc.timeLastKey[p]!) {
            acc.timeLastKey[p] = periodKey;
            acc.timeLast[p] = value;
          }
        }
      }
    }
  }

  /** How many children of a unit exist during a period. */
  private expectedChildren(unit: number, periodKey: number): number {
    const fixed = this.fixedChildren[unit]!;
    if (fixed >= 0) return fixed;
    const children = this.units.children[unit] ?? [];
    const active = this.units.isActive!;
    let n = 0;
    for (const child of children) if (active(child, periodKey)) n += 1;
    return n;
  }

  /** Whether a unit counts in its parent during a period. */
  private isActive(unit: number, periodKey: number): boolean {
    const dated = this.units.dated;
    if (dated !== undefined && dated[unit] === 0) return true;
    const active = this.units.isActive;
    return active === undefined || active(unit, periodKey);
  }

  /** Writes a cell from its reported value or the chosen derivation. */
  private store(slot: number, pick: Candidate | undefined): void {
    const reported = this.reported[slot]!;
    if (reported === reported) {
      this.value[slot] = reported;
      this.reporting[slot] = 1;
      this.expected[slot] = 1;
      this.flags[slot] = COMPLETE;
    } else if (pick === undefined) {
      this.value[slot] = NaN;
      this.reporting[slot] = 0;
      this.expected[slot] = 0;
      this.flags[slot] = 0;
    } else {
      this.value[slot] = pick.value;
      this.reporting[slot] = pick.reporting;
      this.expected[slot] = pick.expected;
      this.flags[slot] = (pick === this.space ? 1 : 2) | (pick.complete ? COMPLETE : 0);
    }
  }

  /** Sets a reported value without deriving anything: call `rebuild` after the last one. */
  setReported(unit: number, periodKey: number, value: number): void {
    this.counted = -1;
    const slot = this.slotOf(unit * PERIOD_KEY_COUNT + periodKey);
    this.reported[slot] = value;
    if (periodKey > this.latestReported) this.latestReported = periodKey;
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

  /** The slot of a cell, queued in its bucket when it is new. */
  private ensure(unit: number, periodKey: number, lists: SlotList[]): number {
    const before = this.slots.size;
    const slot = this.slotOf(unit * PERIOD_KEY_COUNT + periodKey);
    // a new period group: its slots (same unit, same granularity) share the bucket
    if (this.slots.size > before) {
      const list = lists[this.bucket(unit, periodKey)]!;
      for (let s = before; s < this.slots.size; s++) list.push(s);
    }
    return slot;
  }

  private buckets(): number[][] {
    return Array.from({ length: (this.maxDepth + 1) * 3 }, () => []);
  }

  /** Queues a cell (creating its slot) in its bucket, once; returns its slot. */
  private enqueue(unit: number, periodKey: number, dirty: number[][]): number {
    const slot = this.slotOf(unit * PERIOD_KEY_COUNT + periodKey);
    this.enqueueSlot(slot, unit, periodKey, dirty);
    return slot;
  }

  private enqueueSlot(slot: number, unit: number, periodKey: number, dirty: number[][]): void {
    if (this.queued[slot] === 0) {
      this.queued[slot] = 1;
      dirty[this.bucket(unit, periodKey)]!.push(slot);
    }
  }

  /** Deeper units first; within a depth, months, then quarters, then years. */
  private bucket(unit: number, periodKey: number): number {
    return (this.maxDepth - this.units.depth[unit]!) * 3 + granularity(periodKey);
  }

  private propagate(dirty: number[][]): void {
    for (const slots of dirty) {
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i]!;
        this.queued[slot] = 0;
        const key = this.slots.keyOf(slot);
        const unit = Math.floor(key / PERIOD_KEY_COUNT);
        const periodKey = key - unit * PERIOD_KEY_COUNT;
        if (!this.recomputeSlot(slot, unit, periodKey)) continue;
        const parent = this.units.parent[unit]!;
        // `contribute` has just found the parent's slot: queue it without a second lookup.
        if (this.parentSlot >= 0) this.enqueueSlot(this.parentSlot, parent, periodKey, dirty);
        else if (parent >= 0) this.enqueue(parent, periodKey, dirty);
        const up = timeParent(periodKey);
        if (up !== undefined) {
          let t = this.timeUp[slot]! - 1;
          if (t < 0) {
            t = this.slotOf(unit * PERIOD_KEY_COUNT + up);
            this.timeUp[slot] = t + 1;
          }
          this.enqueueSlot(t, unit, up, dirty);
        }
      }
    }
  }

  private derive(unit: number, periodKey: number, slot: number): Candidate | undefined {
    if (this.additive) this.spaceFromAccumulators(unit, periodKey, slot);
    else this.deriveOverSpace(unit, periodKey);
    // A complete space derivation always wins: no need to look at the parts in time.
    if (this.space.valid && this.space.complete) {
      this.time.valid = false;
      return this.space;
    }
    this.deriveOverTime(unit, periodKey);
    return choose(this.space, this.time);
  }

  /** Fills `this.space` from the accumulators of a summed series. */
  private spaceFromAccumulators(unit: number, periodKey: number, slot: number): void {
    const out = this.space;
    const reporting = this.spaceReporting[slot]!;
    out.valid = reporting > 0;
    if (!out.valid) return;
    out.value = this.spaceSum[slot]!;
    out.reporting = reporting;
    out.expected = this.expectedChildren(unit, periodKey);
    out.complete = this.spaceIncomplete[slot] === 0 && reporting === out.expected;
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
      const pick = this.derive(unit, periodKey, slot);
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
    this.parentSlot = -1;
    const before = this.value[slot]!;
    const beforeFlags = this.flags[slot]!;
    const valueChanged = !(before === value || (Number.isNaN(before) && Number.isNaN(value)));
    const changed =
      valueChanged ||
      this.reporting[slot] !== reporting ||
      this.expected[slot] !== expected ||
      beforeFlags !== flags;
    this.value[slot] = value;
    this.reporting[slot] = reporting;
    this.expected[slot] = expected;
    this.flags[slot] = flags;
    if (this.additive && (valueChanged || (beforeFlags & COMPLETE) !== (flags & COMPLETE))) {
      this.contribute(
        slot,
        unit,
        periodKey,
        before,
        (beforeFlags & COMPLETE) !== 0,
        value,
        (flags & COMPLETE) !== 0,
      );
    }
    return changed;
  }

  /** Moves a child's part in its parent's space accumulators from its old state to its new one. */
  private contribute(
    slot: number,
    unit: number,
    periodKey: number,
    before: number,
    beforeComplete: boolean,
    after: number,
    afterComplete: boolean,
  ): void {
    const parent = this.units.parent[unit]!;
    if (parent < 0 || !this.isActive(unit, periodKey)) return;
    let p = this.spaceUp[slot]! - 1;
    if (p < 0) {
      p = this.slotOf(parent * PERIOD_KEY_COUNT + periodKey);
      this.spaceUp[slot] = p + 1;
    }
    this.parentSlot = p;
    if (before === before) {
      this.spaceSum[p] = this.spaceSum[p]! - before;
      this.spaceReporting[p] = this.spaceReporting[p]! - 1;
      if (!beforeComplete) this.spaceIncomplete[p] = this.spaceIncomplete[p]! - 1;
    }
    if (after === after) {
      this.spaceSum[p] = this.spaceSum[p]! + after;
      this.spaceReporting[p] = this.spaceReporting[p]! + 1;
      if (!afterComplete) this.spaceIncomplete[p] = this.spaceIncomplete[p]! + 1;
    }
    // Exactly zero when the last child leaves (no rounding residue).
    if (this.spaceReporting[p] === 0) this.spaceSum[p] = 0;
  }

  /** Fills `this.space`; false when no child has a value. */
  private deriveOverSpace(unit: number, periodKey: number): boolean {
    const out = this.space;
    out.valid = false;
    const children = this.units.children[unit];
    if (children === undefined || children.length === 0 || this.spaceRule.kind === 'none') return false;
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
      if (!this.isActive(child, periodKey)) continue;
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
    // the parts of a period share a period group: consecutive slots from the first part's
    const firstSlot = this.slots.get(base + first);
    if (firstSlot < 0) return false;
    for (let slot = firstSlot; slot < firstSlot + count; slot++) {
      lastReported = false;
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
    if (this.slots.size > this.value.length) this.grow(Math.max(this.value.length * 2, this.slots.size));
    return slot;
  }

  /** Makes room for `cells` cells (a bulk load knows how many values are coming). */
  reserve(cells: number): void {
    this.slots.reserve(cells);
    if (cells > this.value.length) this.grow(cells);
  }

  private grow(length: number): void {
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
    const queued = new Uint8Array(length);
    queued.set(this.queued);
    this.queued = queued;
    const spaceSum = new Float64Array(length);
    spaceSum.set(this.spaceSum);
    this.spaceSum = spaceSum;
    const spaceReporting = new Uint32Array(length);
    spaceReporting.set(this.spaceReporting);
    this.spaceReporting = spaceReporting;
    const spaceIncomplete = new Uint32Array(length);
    spaceIncomplete.set(this.spaceIncomplete);
    this.spaceIncomplete = spaceIncomplete;
    const spaceUp = new Int32Array(length);
    spaceUp.set(this.spaceUp);
    this.spaceUp = spaceUp;
    const timeUp = new Int32Array(length);
    timeUp.set(this.timeUp);
    this.timeUp = timeUp;
  }
}

/** Reported values as columns (the first `count` entries). */
export interface ReportedCells {
  readonly unit: Int32Array;
  readonly periodKey: Int32Array;
  readonly value: Float64Array;
  readonly count: number;
}

/** For each slot of a year (0 the year, 1–4 quarters, 5–16 months): its time parent's slot (−1: none). */
const UP_IN_YEAR = Int8Array.of(-1, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4);
/** … and how many parts it has (4 quarters, 3 months, none). */
const PARTS_IN_YEAR = Uint8Array.of(4, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
/** The period groups of a year as [first, end) slots: the year, its quarters, its months. */
const PERIOD_GROUPS = [
  [0, 1],
  [1, 5],
  [5, 17],
] as const;

/**
 * The scratch arrays of a dense rebuild, one entry per grid cell. One set is kept and reused by
 * every rebuild (cleared over the part used), so a load of thousands of series does not allocate
 * and collect thousands of large arrays; `releaseRebuildScratch` lets it go.
 */
class DenseGrid {
  private static kept: DenseGrid | undefined;
  hasReported: Uint8Array;
  reported: Float64Array;
  value: Float64Array;
  reporting: Uint32Array;
  expected: Uint32Array;
  flags: Uint8Array;
  spaceSum: Float64Array;
  spaceWeight: Float64Array;
  spaceReporting: Uint32Array;
  spaceIncomplete: Uint32Array;
  timeSum: Float64Array;
  timeLast: Float64Array;
  timeLastKey: Int32Array;
  timeReporting: Uint8Array;
  timeIncomplete: Uint8Array;
  /** the slot given to a grid cell, + 1 (0: none) */
  slot: Int32Array;

  private constructor(readonly capacity: number) {
    this.hasReported = new Uint8Array(capacity);
    this.reported = new Float64Array(capacity);
    this.value = new Float64Array(capacity);
    this.reporting = new Uint32Array(capacity);
    this.expected = new Uint32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.spaceSum = new Float64Array(capacity);
    this.spaceWeight = new Float64Array(capacity);
    this.spaceReporting = new Uint32Array(capacity);
    this.spaceIncomplete = new Uint32Array(capacity);
    this.timeSum = new Float64Array(capacity);
    this.timeLast = new Float64Array(capacity);
    this.timeLastKey = new Int32Array(capacity);
    this.timeReporting = new Uint8Array(capacity);
    this.timeIncomplete = new Uint8Array(capacity);
    this.slot = new Int32Array(capacity);
  }

  /** A grid of at least `size` cells, cleared (values NaN) over the first `size`. */
  static take(size: number, weighted: boolean, last: boolean): DenseGrid {
    let grid = DenseGrid.kept;
    if (grid === undefined || grid.capacity < size) {
      DenseGrid.kept = undefined;
      grid = DenseGrid.kept = new DenseGrid(Math.max(size, 1 << 16));
    } else {
      grid.hasReported.fill(0, 0, size);
      grid.spaceSum.fill(0, 0, size);
      grid.spaceReporting.fill(0, 0, size);
      grid.spaceIncomplete.fill(0, 0, size);
      if (weighted) grid.spaceWeight.fill(0, 0, size);
      grid.timeSum.fill(0, 0, size);
      grid.timeReporting.fill(0, 0, size);
      grid.timeIncomplete.fill(0, 0, size);
      if (last) grid.timeLastKey.fill(0, 0, size);
      grid.slot.fill(0, 0, size);
    }
    // a cell has a value when its flags are set; reported, value, reporting, expected and
    // timeLast are written before they are read
    grid.flags.fill(0, 0, size);
    return grid;
  }

  static release(): void {
    DenseGrid.kept = undefined;
  }
}

/** Lets go of the scratch arrays kept for full rebuilds (after a load). */
export function releaseRebuildScratch(): void {
  DenseGrid.release();
}

/** A growable list of slots (no boxed numbers, no garbage per cell). */
class SlotList {
  items = new Int32Array(64);
  length = 0;

  push(slot: number): void {
    if (this.length === this.items.length) {
      const items = new Int32Array(this.items.length * 2);
      items.set(this.items);
      this.items = items;
    }
    this.items[this.length++] = slot;
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

/** What the parts of each cell pushed during a sweep (by slot; grown as cells are created). */
class Accumulators {
  spaceSum: Float64Array;
  spaceWeight: Float64Array;
  spaceReporting: Uint32Array;
  spaceIncomplete: Uint8Array;
  timeSum: Float64Array;
  timeLast: Float64Array;
  timeLastKey: Int32Array;
  timeReporting: Uint32Array;
  timeIncomplete: Uint8Array;

  /** `withSpace`: also space accumulators (weighted series; summed ones keep theirs in the cube) */
  constructor(
    private capacity: number,
    withSpace: boolean,
  ) {
    capacity = Math.max(16, capacity);
    this.capacity = capacity;
    const spaceCapacity = withSpace ? capacity : 0;
    this.spaceSum = new Float64Array(spaceCapacity);
    this.spaceWeight = new Float64Array(spaceCapacity);
    this.spaceReporting = new Uint32Array(spaceCapacity);
    this.spaceIncomplete = new Uint8Array(spaceCapacity);
    this.timeSum = new Float64Array(capacity);
    this.timeLast = new Float64Array(capacity);
    this.timeLastKey = new Int32Array(capacity);
    this.timeReporting = new Uint32Array(capacity);
    this.timeIncomplete = new Uint8Array(capacity);
  }

  /** Makes room for `slot`. */
  fit(slot: number): void {
    if (slot < this.capacity) return;
    let capacity = this.capacity;
    while (capacity <= slot) capacity *= 2;
    const grow = <T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(
      a: T,
      make: (n: number) => T,
    ): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    if (this.spaceSum.length > 0) {
      this.spaceSum = grow(this.spaceSum, (n) => new Float64Array(n));
      this.spaceWeight = grow(this.spaceWeight, (n) => new Float64Array(n));
      this.spaceReporting = grow(this.spaceReporting, (n) => new Uint32Array(n));
      this.spaceIncomplete = grow(this.spaceIncomplete, (n) => new Uint8Array(n));
    }
    this.timeSum = grow(this.timeSum, (n) => new Float64Array(n));
    this.timeLast = grow(this.timeLast, (n) => new Float64Array(n));
    this.timeLastKey = grow(this.timeLastKey, (n) => new Int32Array(n));
    this.timeReporting = grow(this.timeReporting, (n) => new Uint32Array(n));
    this.timeIncomplete = grow(this.timeIncomplete, (n) => new Uint8Array(n));
    this.capacity = capacity;
  }
}
