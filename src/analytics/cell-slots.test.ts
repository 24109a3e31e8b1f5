import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellSlots } from './cell-slots.ts';

describe('CellSlots', () => {
  const PERIODS = 17 * 30;
  it('gives each cell one slot, keeps the parts of a period side by side, and maps slots back to keys (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(200), fc.nat(PERIODS - 1)), { maxLength: 300 }),
        fc.boolean(),
        (cells, reserve) => {
          const slots = new CellSlots();
          if (reserve) slots.reserve(cells.length);
          const seen = new Map<number, number>();
          for (const [unit, period] of cells) {
            const key = unit * PERIODS + period;
            const slot = slots.slotOf(key);
            if (seen.has(key)) expect(slot).toBe(seen.get(key));
            seen.set(key, slot);
            expect(slots.keyOf(slot)).toBe(key);
          }
          for (const [key, slot] of seen) {
            expect(slots.get(key)).toBe(slot);
            // the quarters of a year, the months of a quarter: consecutive slots
            const inYear = key % 17;
            if (inYear >= 5) expect(slots.get(key - inYear + 5)).toBe(slot - (inYear - 5));
            if (inYear >= 1 && inYear <= 4) expect(slots.get(key - inYear + 1)).toBe(slot - (inYear - 1));
          }
          const slotsGiven = new Set(seen.values());
          expect(slotsGiven.size).toBe(seen.size);
          for (let slot = 0; slot < slots.size; slot++) expect(slots.get(slots.keyOf(slot))).toBe(slot);
          const copy = slots.clone();
          copy.slotOf(201 * PERIODS);
          expect(slots.get(201 * PERIODS)).toBe(-1);
          expect(copy.get(201 * PERIODS)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
