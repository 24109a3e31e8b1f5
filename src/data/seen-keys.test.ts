import { describe, expect, it } from 'vitest';
import { SeenKeys, type ValueKey } from './seen-keys.ts';
import { valueKey } from './stored-values.store.ts';

/** Org units with scattered ids, as a store gives them. */
function references(count: number): {
  orgUnits: Map<string, { id: number; validFrom: null; validTo: null }>;
} {
  return {
    orgUnits: new Map(
      Array.from({ length: count }, (_, i) => [`U${i}`, { id: 7 + i * 13, validFrom: null, validTo: null }]),
    ),
  };
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('SeenKeys', () => {
  it('answers as a Map of string keys would, key by key, through many doublings', () => {
    for (const seed of [1, 2, 3]) {
      const next = random(seed);
      const units = 1 + Math.floor(next() * 300);
      const seen = new SeenKeys(references(units), 16);
      const expected = new Map<string, number>();
      const wrong: string[] = [];
      for (let line = 2; line < 60_000; line++) {
        // few values per dimension, so that keys repeat often
        const key: ValueKey = {
          elementId: 1 + Math.floor(next() * 4),
          orgUnitId: 7 + Math.floor(next() * units) * 13,
          period: `20${10 + Math.floor(next() * 12)}`,
          disaggregation: next() < 0.7 ? '' : `sex=${next() < 0.5 ? 'female' : 'male'}`,
          sourceId: 1 + Math.floor(next() * 3),
        };
        const first = expected.get(valueKey(key));
        if (first === undefined) expected.set(valueKey(key), line);
        const got = seen.firstLine(key, line);
        if (got !== first) wrong.push(`line ${line}: ${got} instead of ${first}`);
      }
      expect(wrong).toEqual([]);
      expect(seen.size).toBe(expected.size);
    }
  });

  it('tells apart keys that differ in one part only', () => {
    const seen = new SeenKeys(references(3));
    const base = { elementId: 1, orgUnitId: 7, period: '2020', disaggregation: '', sourceId: 1 };
    const variants: ValueKey[] = [
      base,
      { ...base, elementId: 2 },
      { ...base, orgUnitId: 20 },
      { ...base, period: '2020-01' },
      { ...base, disaggregation: 'sex=female' },
      { ...base, sourceId: 2 },
      // the interned group name must not run parts together
      { ...base, period: '2020\t', disaggregation: '' },
    ];
    variants.forEach((key, i) => expect(seen.firstLine(key, i + 2)).toBeUndefined());
    variants.forEach((key, i) => expect(seen.firstLine(key, 100 + i)).toBe(i + 2));
  });

  it('refuses an org unit the references lack and a line it cannot hold', () => {
    const seen = new SeenKeys(references(1));
    const key = { elementId: 1, orgUnitId: 7, period: '2020', disaggregation: '', sourceId: 1 };
    expect(() => seen.firstLine({ ...key, orgUnitId: 8 }, 2)).toThrow(/not among the references/);
    expect(() => seen.firstLine(key, 2 ** 32)).toThrow(/lines up to/);
  });
});
