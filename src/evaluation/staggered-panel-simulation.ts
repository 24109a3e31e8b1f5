/**
 * A seeded, deterministic simulated panel with staggered adoption and known group-time effects,
 * for checking the DiD estimators against a known answer. The outcome of unit i in period t is
 *
 *   Y_it = α_i + λ_t + θ·X_i·t + τ(g_i, t)·1{g_i > 0, t ≥ g_i} + ε_it,
 *
 * with unit effects α_i ~ N(0.5·(group's position), 1) (levels differ across groups, which
 * parallel trends allows), common period effects λ_t = 0.3·t + 0.5·sin t, a covariate
 * X_i ~ N(shift·1{g_i > 0}, 1) and idiosyncratic noise ε_it ~ N(0, σ²). With θ = 0 or shift = 0
 * parallel trends hold unconditionally; with both non-zero they hold only given X (the setting of
 * Sant'Anna & Zhao 2020), and the true ATT(g,t) is τ(g,t) either way (0 before g). Random numbers
 * from mulberry32 (Tommy Ettinger's 32-bit generator) and the Box–Muller transform, so the same
 * seed gives the same panel on every platform.
 */
import type { StaggeredPanelRow } from './callaway-santanna.ts';

export interface SimulatedGroup {
  /** first treatment period (1-based); 0 for never treated */
  readonly firstTreated: number;
  readonly units: number;
}

export interface StaggeredSimulationOptions {
  readonly seed: number;
  /** periods 1 … periods */
  readonly periods: number;
  readonly groups: readonly SimulatedGroup[];
  /** the treatment effect τ(g, t) of group g in period t ≥ g */
  readonly effect: (group: number, time: number) => number;
  /** σ of ε; 1 */
  readonly noiseSd?: number;
  /** mean of X in the treated groups (0 in the never treated); 0 */
  readonly covariateShift?: number;
  /** θ, the covariate-specific trend; 0 */
  readonly covariateTrend?: number;
}

export interface SimulatedPanel {
  /** one row per unit and period; `covariates` holds [X] */
  readonly rows: StaggeredPanelRow[];
  /** the true ATT(g, t): τ(g, t) for t ≥ g, 0 before */
  readonly trueEffect: (group: number, time: number) => number;
}

/** mulberry32: a small, fast 32-bit generator with good statistical quality; returns [0, 1) */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** standard normal draws by Box–Muller from a seeded uniform generator */
export function seededNormal(seed: number): () => number {
  const uniform = seededUniform(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

export function simulateStaggeredPanel(options: StaggeredSimulationOptions): SimulatedPanel {
  const normal = seededNormal(options.seed);
  const sigma = options.noiseSd ?? 1;
  const shift = options.covariateShift ?? 0;
  const theta = options.covariateTrend ?? 0;
  const trueEffect = (g: number, t: number): number => (g > 0 && t >= g ? options.effect(g, t) : 0);
  const rows: StaggeredPanelRow[] = [];
  let id = 0;
  options.groups.forEach((group, position) => {
    for (let u = 0; u < group.units; u++) {
      id++;
      const alpha = 0.5 * position + normal();
      const x = (group.firstTreated > 0 ? shift : 0) + normal();
      for (let t = 1; t <= options.periods; t++) {
        const lambda = 0.3 * t + 0.5 * Math.sin(t);
        const outcome = alpha + lambda + theta * x * t + trueEffect(group.firstTreated, t) + sigma * normal();
        rows.push({ unit: id, time: t, outcome, firstTreated: group.firstTreated, covariates: [x] });
      }
    }
  });
  return { rows, trueEffect };
}
