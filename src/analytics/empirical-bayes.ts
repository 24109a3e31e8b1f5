/**
 * Empirical-Bayes smoothed rates for small areas (Marshall 1991, "Mapping disease and mortality
 * rates using empirical Bayes estimators", Applied Statistics 40:283–294), method of moments.
 *
 * A crude rate r = y/n from a small population swings wildly; the smoothed rate shrinks it towards
 * a reference mean m by C = A / (A + m/n), where A = s² − m/n̄ estimates the variance of the true
 * rates (s² is the population-weighted variance of the crude rates, n̄ the mean population; A < 0
 * is set to 0, which smooths every area to m). The *global* estimator takes every area as the
 * reference; the *local* one takes each area's neighbours (itself included).
 *
 * Written by hand: no maintained JavaScript library implements it. Rates here are per unit of
 * exposure; multiply by the indicator's factor afterwards.
 */

export interface AreaCount {
  /** events in the area (a count) */
  readonly count: number;
  /** population at risk (the exposure) */
  readonly exposure: number;
}

interface Moments {
  readonly mean: number;
  /** A: the between-area variance of the true rates (never negative) */
  readonly priorVariance: number;
}

function moments(areas: readonly AreaCount[]): Moments | undefined {
  let events = 0;
  let exposure = 0;
  let n = 0;
  for (const a of areas) {
    if (!(a.exposure > 0)) continue;
    events += a.count;
    exposure += a.exposure;
    n += 1;
  }
  if (n === 0) return undefined;
  const mean = events / exposure;
  let weighted = 0;
  for (const a of areas) {
    if (!(a.exposure > 0)) continue;
    const r = a.count / a.exposure;
    weighted += a.exposure * (r - mean) * (r - mean);
  }
  const variance = weighted / exposure;
  const meanExposure = exposure / n;
  return { mean, priorVariance: Math.max(0, variance - mean / meanExposure) };
}

function shrink(area: AreaCount, m: Moments): number {
  const crude = area.count / area.exposure;
  const noise = m.mean / area.exposure;
  if (m.priorVariance + noise === 0) return m.mean;
  const weight = m.priorVariance / (m.priorVariance + noise);
  return m.mean + weight * (crude - m.mean);
}

/** Global EB rates, one per area (undefined for an area without exposure). */
export function globalEmpiricalBayes(areas: readonly AreaCount[]): (number | undefined)[] {
  const m = moments(areas);
  return areas.map((a) => (m === undefined || !(a.exposure > 0) ? undefined : shrink(a, m)));
}

/**
 * Local EB rates: `neighbours[i]` lists the indexes of area i's neighbours; the area itself is
 * always part of its own reference set.
 */
export function localEmpiricalBayes(
  areas: readonly AreaCount[],
  neighbours: readonly (readonly number[])[],
): (number | undefined)[] {
  return areas.map((a, i) => {
    if (!(a.exposure > 0)) return undefined;
    const set = new Set([i, ...(neighbours[i] ?? [])]);
    const m = moments([...set].map((j) => areas[j]).filter((x): x is AreaCount => x !== undefined));
    return m === undefined ? undefined : shrink(a, m);
  });
}
