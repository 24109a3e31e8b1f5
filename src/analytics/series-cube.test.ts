import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../periods/period-code.ts';
import {
  firstTimeChild,
  periodKey,
  periodOfKey,
  timeChildCount,
  timeChildren,
  timeParent,
} from './period-key.ts';
import { SeriesCube, type UnitTree } from './series-cube.ts';

const k = (code: string) => periodKey(parsePeriod(code));

function tree(parents: readonly number[], isActive?: UnitTree['isActive']): UnitTree {
  const parent = Int32Array.from(parents);
  const children: number[][] = parents.map(() => []);
  const depth = new Uint8Array(parents.length);
  parents.forEach((p, i) => {
    if (p >= 0) children[p]!.push(i);
  });
  for (let i = 0; i < parents.length; i++) {
    let d = 0;
    for (let p = parents[i]!; p >= 0; p = parents[p]!) d += 1;
    depth[i] = d;
  }
  return { parent, children, depth, ...(isActive === undefined ? {} : { isActive }) };
}

// 0 Americas → 1 country A (→ 3 a1, 4 a2), 2 country B
const UNITS = tree([-1, 0, 0, 1, 1]);
const MONTHS = Array.from({ length: 12 }, (_, i) => `2020-${String(i + 1).padStart(2, '0')}`);

describe('period keys', () => {
  it('round-trip and know their parents and children', () => {
    for (const code of ['1900', '2013', '2013-Q4', '2013-11', '2100-12']) {
      expect(periodOfKey(k(code))).toEqual(parsePeriod(code));
    }
    expect(timeParent(k('2013-11'))).toBe(k('2013-Q4'));
    expect(timeParent(k('2013-Q4'))).toBe(k('2013'));
    expect(timeParent(k('2013'))).toBeUndefined();
    expect(timeChildren(k('2013'))).toEqual(['2013-Q1', '2013-Q2', '2013-Q3', '2013-Q4'].map(k));
    expect(timeChildren(k('2013-Q2'))).toEqual(['2013-04', '2013-05', '2013-06'].map(k));
    expect(timeChildren(k('2013-06'))).toEqual([]);
    for (const code of ['2013', '2013-Q1', '2013-Q4', '2013-07']) {
      const key = k(code);
      const count = timeChildCount(key);
      expect(Array.from({ length: count }, (_, i) => firstTimeChild(key) + i)).toEqual(timeChildren(key));
    }
  });
});

describe('SeriesCube', () => {
  it('sums months into quarters and years, and units into their parents, with completeness', () => {
    const cube = new SeriesCube(UNITS, 'sum');
    cube.setMany(MONTHS.map((m, i) => [3, k(m), i + 1] as const)); // a1: 1..12, total 78
    cube.setMany(MONTHS.map((m) => [4, k(m), 10] as const)); // a2: 120
    cube.setMany(MONTHS.slice(0, 11).map((m) => [2, k(m), 5] as const)); // B misses December: 55
    expect(cube.get(3, k('2020-Q1'))).toEqual({
      value: 6,
      derivation: 'time',
      reporting: 3,
      expected: 3,
      complete: true,
    });
    expect(cube.get(1, k('2020'))).toMatchObject({ value: 198, derivation: 'space', complete: true });
    expect(cube.get(2, k('2020'))).toMatchObject({ value: 55, reporting: 4, expected: 4, complete: false });
    expect(cube.get(0, k('2020'))).toMatchObject({ value: 253, reporting: 2, expected: 2, complete: false });
    expect(cube.get(0, k('2020-Q1'))).toMatchObject({ value: 6 + 30 + 15, complete: true });
    expect(cube.get(0, k('2021'))).toBeUndefined();
  });

  it('keeps a reported figure over the sum of its parts, and falls back when it is removed', () => {
    const cube = new SeriesCube(UNITS, 'sum');
    cube.setMany(MONTHS.map((m) => [3, k(m), 1] as const));
    cube.setMany(MONTHS.map((m) => [4, k(m), 2] as const));
    cube.set(1, k('2020'), 40); // the national figure, not 36
    expect(cube.get(1, k('2020'))).toMatchObject({ value: 40, derivation: 'reported' });
    expect(cube.get(0, k('2020'))).toMatchObject({ value: 40, reporting: 1, expected: 2, complete: false });
    expect(cube.get(1, k('2020-Q1'))).toMatchObject({ value: 9, derivation: 'space' });
    cube.set(1, k('2020'), undefined);
    expect(cube.get(1, k('2020'))).toMatchObject({ value: 36, derivation: 'space' });
  });

  it('takes the last reported value of a stock over time, flagged when the last part is missing', () => {
    const cube = new SeriesCube(UNITS, 'last');
    cube.set(2, k('2020-Q1'), 100);
    cube.set(2, k('2020-Q2'), 110);
    cube.set(2, k('2020-Q3'), 120);
    expect(cube.get(2, k('2020'))).toMatchObject({ value: 120, reporting: 3, complete: false });
    cube.set(2, k('2020-Q4'), 125);
    expect(cube.get(2, k('2020'))).toMatchObject({ value: 125, complete: true });
  });

  it('averages over time and weights shares by another series over space', () => {
    const population = new Map([
      [3, 1000],
      [4, 3000],
    ]);
    const cube = new SeriesCube(UNITS, 'average', {
      kind: 'weighted',
      weight: (unit) => population.get(unit),
    });
    cube.set(3, k('2020'), 40);
    cube.set(4, k('2020'), 20);
    expect(cube.get(1, k('2020'))?.value).toBeCloseTo((1000 * 40 + 3000 * 20) / 4000, 12);
    cube.set(2, k('2020-Q1'), 10);
    cube.set(2, k('2020-Q2'), 20);
    expect(cube.get(2, k('2020'))).toMatchObject({ value: 15, complete: false });
    const before = [...cube.cells()].map(([u, p]) => cube.get(u, p));
    const sorted = (c: SeriesCube) =>
      [...c.cells()].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([u, p]) => c.get(u, p));
    cube.rebuild('dense');
    expect(sorted(cube)).toEqual(sorted(cube));
    expect([...cube.cells()].map(([u, p]) => cube.get(u, p))).toEqual(before);
    cube.rebuild('sparse');
    expect([...cube.cells()].map(([u, p]) => cube.get(u, p))).toEqual(before);
  });

  it('expects only the units active in the period', () => {
    const units = tree([-1, 0, 0], (unit, key) => unit !== 2 || key < k('2015'));
    const cube = new SeriesCube(units, 'sum');
    cube.set(1, k('2016'), 7);
    expect(cube.get(0, k('2016'))).toMatchObject({ value: 7, reporting: 1, expected: 1, complete: true });
    cube.set(2, k('2016'), 5); // reported after it ceased: not counted in its parent
    expect(cube.get(0, k('2016'))).toMatchObject({ value: 7, reporting: 1, expected: 1 });
    cube.rebuild();
    expect(cube.get(0, k('2016'))).toMatchObject({ value: 7, reporting: 1, expected: 1 });
  });

  it('gives every aggregate of an additive series as the sum of its leaf values, and the same after incremental changes as after a rebuild (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        fc.array(
          fc.tuple(fc.nat(), fc.integer({ min: 0, max: 23 }), fc.option(fc.integer({ min: 0, max: 1000 }))),
          { minLength: 1, maxLength: 80 },
        ),
        (parentSeeds, changes) => {
          // a random tree: unit i + 1 hangs under one of the units before it
          const parents = [-1, ...parentSeeds.map((seed, i) => seed % (i + 1))];
          const units = tree(parents);
          const leaves = parents.map((_, u) => u).filter((u) => units.children[u]!.length === 0);
          const months = Array.from({ length: 24 }, (_, i) =>
            k(`${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`),
          );
          const cube = new SeriesCube(units, 'sum');
          const truth = new Map<string, number>();
          for (const [leafSeed, month, value] of changes) {
            const leaf = leaves[leafSeed % leaves.length]!;
            cube.set(leaf, months[month]!, value ?? undefined);
            if (value === null) truth.delete(`${leaf}:${month}`);
            else truth.set(`${leaf}:${month}`, value);
          }
          const inSubtree = (unit: number, leaf: number): boolean => {
            for (let u = leaf; u >= 0; u = parents[u]!) if (u === unit) return true;
            return false;
          };
          for (let unit = 0; unit < parents.length; unit++) {
            for (const year of [2020, 2021]) {
              let sum = 0;
              let any = false;
              for (const [key, value] of truth) {
                const [leaf, month] = key.split(':').map(Number) as [number, number];
                if (inSubtree(unit, leaf) && 2020 + Math.floor(month / 12) === year) {
                  sum += value;
                  any = true;
                }
              }
              const cell = cube.get(unit, k(String(year)));
              if (any) expect(cell?.value).toBe(sum);
              else expect(cell).toBeUndefined();
            }
          }
          const rebuilt = new SeriesCube(units, 'sum');
          rebuilt.setMany(
            [...truth].map(([key, value]) => {
              const [leaf, month] = key.split(':').map(Number) as [number, number];
              return [leaf, months[month]!, value] as const;
            }),
          );
          const snapshot = (c: SeriesCube) =>
            [...c.cells()]
              .map(([u, p]) => [u, p, c.get(u, p)] as const)
              .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
          expect(snapshot(cube)).toEqual(snapshot(rebuilt));
          cube.rebuild();
          expect(snapshot(cube)).toEqual(snapshot(rebuilt));
          const loaded = new SeriesCube(units, 'sum');
          for (const [key, value] of truth) {
            const [leaf, month] = key.split(':').map(Number) as [number, number];
            loaded.setReported(leaf, months[month]!, value);
          }
          loaded.rebuild();
          expect(snapshot(loaded)).toEqual(snapshot(rebuilt));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('SeriesCube, every rule', () => {
  it('derives the same cells incrementally, by a rebuild and by a load, for sum, last and average (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('sum' as const, 'last' as const, 'average' as const),
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        fc.array(
          fc.tuple(fc.nat(), fc.integer({ min: 0, max: 40 }), fc.option(fc.integer({ min: 0, max: 1000 }))),
          { minLength: 1, maxLength: 60 },
        ),
        (rule, parentSeeds, changes) => {
          const parents = [-1, ...parentSeeds.map((seed, i) => seed % (i + 1))];
          const units = tree(parents, (unit, key) => unit % 3 !== 2 || key < k('2021'));
          // keys: months, quarters and years of 2020–2021, reported at any unit
          const keys = [2020, 2021].flatMap((y) => [
            k(String(y)),
            ...[1, 2, 3, 4].map((q) => k(`${y}-Q${q}`)),
            ...Array.from({ length: 12 }, (_, m) => k(`${y}-${String(m + 1).padStart(2, '0')}`)),
          ]);
          const incremental = new SeriesCube(units, rule);
          const truth = new Map<string, [number, number, number]>();
          for (const [unitSeed, keyIndex, value] of changes) {
            const unit = unitSeed % parents.length;
            const key = keys[keyIndex % keys.length]!;
            incremental.set(unit, key, value ?? undefined);
            if (value === null) truth.delete(`${unit}:${key}`);
            else truth.set(`${unit}:${key}`, [unit, key, value]);
          }
          const loaded = new SeriesCube(units, rule);
          for (const [unit, key, value] of truth.values()) loaded.setReported(unit, key, value);
          loaded.rebuild('dense');
          // Sums of integers are exact whatever the order; an average built by adding and removing
          // parts may differ from one built at once in the last bits (127.00000000000003 against
          // 127): compared to 12 significant digits.
          const exact = (cell: ReturnType<SeriesCube['get']>) =>
            rule === 'sum' || cell === undefined
              ? cell
              : { ...cell, value: Number(cell.value.toPrecision(12)) };
          const snapshot = (c: SeriesCube) =>
            [...c.cells()]
              .map(([u, p]) => [u, p, exact(c.get(u, p))] as const)
              .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
          expect(snapshot(loaded)).toEqual(snapshot(incremental));
          const sparse = new SeriesCube(units, rule);
          for (const [unit, key, value] of truth.values()) sparse.setReported(unit, key, value);
          sparse.rebuild('sparse');
          expect(snapshot(sparse)).toEqual(snapshot(incremental));
          incremental.rebuild('dense');
          expect(snapshot(incremental)).toEqual(snapshot(loaded));
          incremental.rebuild('sparse');
          expect(snapshot(incremental)).toEqual(snapshot(loaded));
          // After a rebuild, incremental changes go on from the accumulators it left. (Sums of
          // integers only: averages changed by deltas may differ in the last bit.)
          if (rule === 'sum') {
            for (const [unit, key] of [...truth.values()].slice(0, 3)) {
              incremental.set(unit, key, undefined);
              loaded.set(unit, key, undefined);
            }
            loaded.rebuild('sparse');
            expect(snapshot(incremental)).toEqual(snapshot(loaded));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
