import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellIndex } from './cell-index.ts';

describe('CellIndex', () => {
  it('gives each distinct key one slot, in insertion order, like a Map (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.nat(5000), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }))),
        (keys) => {
          const index = new CellIndex();
          const reference = new Map<number, number>();
          for (const key of keys) {
            if (!reference.has(key)) reference.set(key, reference.size);
            expect(index.slotOf(key)).toBe(reference.get(key));
          }
          expect(index.size).toBe(reference.size);
          for (const [key, slot] of reference) {
            expect(index.get(key)).toBe(slot);
            expect(index.keyOf(slot)).toBe(key);
          }
          expect(index.get(-5)).toBe(-1);
          const copy = index.clone();
          copy.slotOf(Number.MAX_SAFE_INTEGER - 1);
          expect(index.get(Number.MAX_SAFE_INTEGER - 1)).toBe(
            reference.get(Number.MAX_SAFE_INTEGER - 1) ?? -1,
          );
        },
      ),
    );
  });

  it('holds a million keys', () => {
    const index = new CellIndex();
    for (let i = 0; i < 1_000_000; i++) index.slotOf(i * 3417 + 7);
    expect(index.size).toBe(1_000_000);
    expect(index.get(999_999 * 3417 + 7)).toBe(999_999);
    expect(index.get(3417)).toBe(-1);
  });
});
