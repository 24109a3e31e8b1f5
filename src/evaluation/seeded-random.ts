/**
 * A seeded pseudo-random stream for simulations and tests that must give the same numbers on
 * every run: Mulberry32 (Tommy Ettinger, 2017; a 32-bit state, passes PractRand to 2^32 bytes) for
 * uniforms, and the Box–Muller transform (Box & Muller 1958) for standard normals. Not for
 * cryptography.
 */

export interface SeededRandom {
  /** uniform on [0, 1) */
  uniform(): number;
  /** standard normal */
  normal(): number;
  /** integer uniform on [0, n) */
  integer(n: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | undefined;
  const normal = (): number => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    let u = uniform();
    while (u === 0) u = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  return { uniform, normal, integer: (n) => Math.floor(uniform() * n) };
}
