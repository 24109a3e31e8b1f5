/**
 * Seeded pseudo-random draws for simulations with a known answer (tests, and checks of interval
 * coverage): a uniform generator and Poisson counts.
 *
 * Uniforms: mulberry32 (Tommy Ettinger's 32-bit generator), small, fast and good enough for Monte
 * Carlo checks; not for cryptography. Poisson: inversion by sequential search (Devroye 1986,
 * Non-Uniform Random Variate Generation, §X.3.3), exact; a large mean is split into pieces of at
 * most 500 (a sum of independent Poissons is Poisson) so that e^(−λ) never underflows.
 */

export type UniformSource = () => number;

/** A uniform generator on [0, 1) that yields the same sequence for the same seed. */
export function seededUniform(seed: number): UniformSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAX_PIECE = 500;

/** One Poisson(mean) count. */
export function poissonDraw(uniform: UniformSource, mean: number): number {
  if (!(Number.isFinite(mean) && mean >= 0)) throw new RangeError(`Poisson mean must be ≥ 0, got ${mean}.`);
  const pieces = Math.max(1, Math.ceil(mean / MAX_PIECE));
  let total = 0;
  for (let piece = 0; piece < pieces; piece++) total += poissonByInversion(uniform, mean / pieces);
  return total;
}

/** Smallest k with P(X ≤ k) > u, walking the probabilities p(k+1) = p(k)·λ/(k+1). */
function poissonByInversion(uniform: UniformSource, lambda: number): number {
  const u = uniform();
  let k = 0;
  let probability = Math.exp(-lambda);
  let cumulative = probability;
  while (cumulative <= u && probability > 0) {
    k += 1;
    probability *= lambda / k;
    cumulative += probability;
  }
  return k;
}

/** A standard normal draw (Box–Muller). */
export function normalDraw(uniform: UniformSource): number {
  const u1 = 1 - uniform(); // in (0, 1], so the logarithm is finite
  const u2 = uniform();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
