import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng, logFactorial, mixSeed, multinomial, streamRng } from './random.ts';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    squares += x * x;
  }
  const mean = sum / n;
  return { mean, variance: squares / n - mean * mean };
}

describe('Rng', () => {
  it('is mulberry32: the published first outputs for seed 1', () => {
    const rng = new Rng(1);
    expect([rng.uint32(), rng.uint32(), rng.uint32()]).toEqual([2693262067, 11749833, 2265367787]);
    expect(new Rng(1).next()).toBeCloseTo(0.6270739405881613, 15);
  });

  it('repeats a stream for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs);
  });

  it('draws uniforms in [0, 1)', () => {
    const rng = new Rng(7);
    let outside = 0;
    const { mean, variance } = moments(() => {
      const x = rng.next();
      if (!(x >= 0 && x < 1)) outside++;
      return x;
    }, 20_000);
    expect(outside).toBe(0);
    expect(mean).toBeCloseTo(0.5, 1);
    expect(variance).toBeCloseTo(1 / 12, 2);
  });

  it('draws standard normals', () => {
    const rng = new Rng(8);
    const { mean, variance } = moments(() => rng.normal(), 40_000);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });

  it.each([0.05, 0.7, 3, 9.99, 10, 37, 800, 250_000])('draws Poisson(%d) with the right moments', (mean) => {
    const rng = new Rng(Math.round(mean * 1000));
    const n = 40_000;
    let invalid = 0;
    const m = moments(() => {
      const k = rng.poisson(mean);
      if (!(Number.isInteger(k) && k >= 0)) invalid++;
      return k;
    }, n);
    expect(invalid).toBe(0);
    expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(mean / n));
    expect(Math.abs(m.variance / mean - 1)).toBeLessThan(0.05);
  });

  it('returns 0 for a Poisson mean of 0', () => {
    expect(new Rng(1).poisson(0)).toBe(0);
  });

  it.each([
    [5, 0.3],
    [40, 0.1],
    [1000, 0.1],
    [1000, 0.93],
    [200_000, 0.12],
  ])('draws Binomial(%d, %d) with the right moments', (n, p) => {
    const rng = new Rng(n);
    const draws = 20_000;
    let invalid = 0;
    const m = moments(() => {
      const k = rng.binomial(n, p);
      if (!(Number.isInteger(k) && k >= 0 && k <= n)) invalid++;
      return k;
    }, draws);
    expect(invalid).toBe(0);
    const variance = n * p * (1 - p);
    expect(Math.abs(m.mean - n * p)).toBeLessThan(5 * Math.sqrt(variance / draws));
    expect(Math.abs(m.variance / variance - 1)).toBeLessThan(0.06);
  });

  it('handles the binomial edge cases', () => {
    const rng = new Rng(3);
    expect(rng.binomial(0, 0.5)).toBe(0);
    expect(rng.binomial(10, 0)).toBe(0);
    expect(rng.binomial(10, 1)).toBe(10);
  });
});

describe('multinomial', () => {
  it('splits n into parts that sum to n exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 9 }),
        fc.integer(),
        (n, probabilities, seed) => {
          const out = new Array<number>(probabilities.length).fill(-1);
          multinomial(new Rng(seed), n, probabilities, out);
          expect(out.reduce((a, b) => a + b, 0)).toBe(n);
          for (const part of out) expect(part).toBeGreaterThanOrEqual(0);
          probabilities.forEach((p, i) => {
            if (p === 0 && i < probabilities.length - 1) expect(out[i]).toBe(0);
          });
        },
      ),
    );
  });
});

describe('seeds', () => {
  it('mixes labels into distinct 32-bit seeds, order mattering', () => {
    const seeds = new Set<number>();
    for (let i = 0; i < 10_000; i++) seeds.add(mixSeed(20240601, `HND.${i}`, 'homicides'));
    expect(seeds.size).toBeGreaterThan(9_990);
    expect(mixSeed(1, 'a', 'b')).not.toBe(mixSeed(1, 'b', 'a'));
    expect(mixSeed(1, 'ab')).not.toBe(mixSeed(1, 'a', 'b'));
    expect(mixSeed(2 ** 40 + 1)).not.toBe(mixSeed(1));
    const seed = mixSeed(20240601, 'HND.01001', 'homicides');
    expect(seed).toBe(2054336845);
    expect(streamRng(20240601, 'HND.01001', 'homicides').next()).toBe(new Rng(seed).next());
  });

  it('computes log-factorials on both sides of the table', () => {
    let exact = 0;
    for (let k = 1; k <= 2000; k++) {
      exact += Math.log(k);
      if (k >= 250) expect(logFactorial(k)).toBeCloseTo(exact, 8);
    }
    expect(logFactorial(0)).toBe(0);
  });
});
