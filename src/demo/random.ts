/**
 * A small seeded pseudo-random number generator and the few distributions the demo generator
 * needs. Hand-written so that the same seed gives the same numbers on every run and platform:
 * the state is one 32-bit integer (mulberry32), all arithmetic is integer (`Math.imul`) or IEEE
 * double, and the only transcendental functions are `Math.log`, `Math.exp`, `Math.sqrt` and
 * `Math.cos`, which V8 implements itself (fdlibm ports), independently of the platform's libm.
 */

const TWO_POW_32 = 4294967296;

/** Final avalanche of MurmurHash3: a bijection on 32-bit integers that mixes every bit. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A 32-bit seed from any mix of numbers and strings (FNV-1a over the parts, then an avalanche).
 * Used to give every unit and every topic its own independent stream, so that restricting the
 * demo to some countries or changing the scale leaves the other streams untouched.
 */
export function mixSeed(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    if (typeof part === 'number') {
      const low = part >>> 0;
      const high = Math.floor(part / TWO_POW_32) >>> 0;
      h = Math.imul(h ^ low, 0x01000193);
      h = Math.imul(h ^ high, 0x01000193);
      h = Math.imul(h ^ 0x9e3779b9, 0x01000193);
    } else {
      for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193);
      h = Math.imul(h ^ 0x7f4a7c15, 0x01000193);
    }
  }
  return fmix32(h);
}

/** ln(k!) for k < 256, by exact summation (deterministic). */
const LOG_FACTORIAL = (() => {
  const table = new Float64Array(256);
  let sum = 0;
  for (let k = 1; k < 256; k++) {
    sum += Math.log(k);
    table[k] = sum;
  }
  return table;
})();

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln(k!) for k ≥ 0: a table below 256, Stirling's series (error < 1e-14) above. */
export function logFactorial(k: number): number {
  if (k < 256) return LOG_FACTORIAL[k] ?? 0;
  const n = k + 1;
  const inv = 1 / n;
  const inv2 = inv * inv;
  return (
    (n - 0.5) * Math.log(n) -
    n +
    HALF_LOG_TWO_PI +
    inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)))
  );
}

/** mulberry32: 32 bits of state, period 2^32, passes the usual quick statistical batteries. */
export class Rng {
  private state: number;
  private spareNormal = 0;
  private hasSpare = false;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform on [0, 1). */
  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** Uniform on [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal by Box–Muller (the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spareNormal;
    }
    const u1 = 1 - this.next(); // (0, 1]
    const u2 = this.next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = radius * Math.sin(angle);
    this.hasSpare = true;
    return radius * Math.cos(angle);
  }

  /** exp(N(mu, sigma²)). */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** A multiplicative noise factor with mean 1: exp(σ·Z − σ²/2). */
  noiseFactor(sigma: number): number {
    return Math.exp(sigma * this.normal() - 0.5 * sigma * sigma);
  }

  /**
   * Poisson(mean): inversion by sequential search for means below 10, Hörmann's transformed
   * rejection (PTRS, 1993) above — exact in both regimes, O(1) expected time for large means.
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 10) {
      let p = Math.exp(-mean);
      let cumulative = p;
      const u = this.next();
      let k = 0;
      while (u > cumulative && k < 200) {
        k++;
        p *= mean / k;
        cumulative += p;
      }
      return k;
    }
    const sqrtMean = Math.sqrt(mean);
    const logMean = Math.log(mean);
    const b = 0.931 + 2.53 * sqrtMean;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next() - 0.5;
      const v = this.next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (
        Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <=
        -mean + k * logMean - logFactorial(k)
      ) {
        return k;
      }
    }
  }

  /**
   * Binomial(n, p): exact inversion while n·min(p, 1−p) < 10, else the normal approximation with
   * continuity rounding, clamped to [0, n] (its error is far below the demo's other noise).
   */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (p > 0.5) return n - this.binomial(n, 1 - p);
    const mean = n * p;
    if (mean < 10) {
      const q = 1 - p;
      const s = p / q;
      const a = (n + 1) * s;
      let r = Math.pow(q, n);
      let u = this.next();
      let x = 0;
      while (u > r) {
        u -= r;
        x++;
        if (x > n) return n;
        r *= a / x - s;
        if (r <= 0) break;
      }
      return x;
    }
    const k = Math.round(mean + Math.sqrt(mean * (1 - p)) * this.normal());
    return k < 0 ? 0 : k > n ? n : k;
  }
}

/** A generator for one named stream of one seed, e.g. `streamRng(seed, 'HND.01001', 'hom')`. */
export function streamRng(seed: number, ...labels: readonly (string | number)[]): Rng {
  return new Rng(mixSeed(seed, ...labels));
}

/**
 * Splits `n` into `probabilities.length` parts by sequential conditional binomials (a multinomial
 * draw); the parts are written to `out` and always sum to `n` exactly. `probabilities` need not
 * be normalised.
 */
export function multinomial(
  rng: Rng,
  n: number,
  probabilities: readonly number[],
  out: number[] | Int32Array | Float64Array,
): void {
  let remaining = n;
  let mass = 0;
  for (const p of probabilities) mass += p;
  const last = probabilities.length - 1;
  for (let i = 0; i < last; i++) {
    const p = probabilities[i] ?? 0;
    const part = remaining > 0 && mass > 0 ? rng.binomial(remaining, Math.min(1, p / mass)) : 0;
    out[i] = part;
    remaining -= part;
    mass -= p;
  }
  out[last] = remaining;
}
