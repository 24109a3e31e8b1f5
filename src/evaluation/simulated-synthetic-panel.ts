/**
 * A simulated panel with a known synthetic-control answer, for tests and the bench. Donor outcomes
 * follow a linear factor model (the data-generating process of Abadie, Diamond & Hainmueller 2010,
 * §2.3): y_jt = μ_j + λ_j1 f_1t + λ_j2 f_2t + ε_jt, and covariates c_jkt = γ_jk + noise. The
 * treated unit is an exact convex combination Σ w_j (donor j) of chosen donors — outcomes and
 * covariates alike, plus optional noise — and from the treatment time on its outcome gets a
 * planted effect. So the true weights and the true effect are known. Seeded: the same options
 * give the same panel.
 */
import { seededRandom } from './seeded-random.ts';
import type { SyntheticControlSpec } from './synthetic-control.ts';
import type { SyntheticControlPanel } from './synthetic-control-panel.ts';

export interface SimulatedPanelOptions {
  readonly seed: number;
  readonly donors: number;
  /** first time; times run firstTime, firstTime + 1, … */
  readonly firstTime?: number;
  readonly periods: number;
  /** first treated period */
  readonly treatmentTime: number;
  /** covariates averaged over the pre-period as predictors */
  readonly covariates: number;
  /** pre-period times whose outcome is a special predictor (default: three spread over the pre-period) */
  readonly outcomeLags?: readonly number[];
  /** true weights by donor index (0-based), summing to 1 */
  readonly weights: ReadonlyMap<number, number>;
  /** planted effect added to the treated outcome in each post period (index 0 = treatment time) */
  readonly effect: (postIndex: number) => number;
  /** standard deviation of noise on the treated unit's outcome (0: an exact combination) */
  readonly treatedNoise?: number;
}

export interface SimulatedPanel {
  readonly panel: SyntheticControlPanel;
  readonly spec: SyntheticControlSpec;
  /** true weight of each donor id */
  readonly weights: ReadonlyMap<string, number>;
  /** planted effect by time (post-period only) */
  readonly effect: ReadonlyMap<number, number>;
}

export function simulatedSyntheticPanel(options: SimulatedPanelOptions): SimulatedPanel {
  const random = seededRandom(options.seed);
  const J = options.donors;
  const T = options.periods;
  const first = options.firstTime ?? 1;
  const times = Array.from({ length: T }, (_, t) => first + t);
  const preTimes = times.filter((t) => t < options.treatmentTime);
  if (preTimes.length < 2) throw new Error('The simulated panel needs at least two pre-treatment periods');
  const totalWeight = [...options.weights.values()].reduce((s, w) => s + w, 0);
  if (Math.abs(totalWeight - 1) > 1e-12 || [...options.weights.keys()].some((j) => j < 0 || j >= J)) {
    throw new Error('The true weights must sum to 1 over existing donors');
  }

  const f1 = times.map((_, t) => t / T + 0.3 * Math.sin(t / 3));
  const f2 = times.map((_, t) => Math.cos(t / 5));
  const donorOutcome = Array.from({ length: J }, () => {
    const mu = 50 + 10 * random.normal();
    const l1 = 20 + 8 * random.normal();
    const l2 = 5 * random.normal();
    return times.map((_, t) => mu + l1 * f1[t]! + l2 * f2[t]! + random.normal());
  });
  const donorCovariates = Array.from({ length: options.covariates }, () =>
    Array.from({ length: J }, () => {
      const gamma = 10 + 3 * random.normal();
      return times.map(() => gamma + 0.2 * random.normal());
    }),
  );
  const combine = (rows: readonly (readonly number[])[]): number[] =>
    times.map((_, t) => {
      let sum = 0;
      for (const [j, w] of options.weights) sum += w * rows[j]![t]!;
      return sum;
    });
  const noise = options.treatedNoise ?? 0;
  const effect = new Map<number, number>();
  const treatedOutcome = combine(donorOutcome).map((y, t) => {
    const time = times[t]!;
    let value = y + (noise > 0 ? noise * random.normal() : 0);
    if (time >= options.treatmentTime) {
      const planted = options.effect(time - options.treatmentTime);
      effect.set(time, planted);
      value += planted;
    }
    return value;
  });
  const treatedCovariates = donorCovariates.map(combine);

  const donorIds = Array.from({ length: J }, (_, j) => `donor-${j + 1}`);
  const covariateNames = Array.from({ length: options.covariates }, (_, k) => `x${k + 1}`);
  const variables: Record<string, number[][]> = { y: [treatedOutcome, ...donorOutcome] };
  covariateNames.forEach((name, k) => {
    variables[name] = [treatedCovariates[k]!, ...donorCovariates[k]!];
  });
  const lags = options.outcomeLags ?? [
    preTimes[0]!,
    preTimes[Math.floor(preTimes.length / 2)]!,
    preTimes[preTimes.length - 1]!,
  ];
  return {
    panel: {
      units: [
        { id: 'treated', name: 'Treated' },
        ...donorIds.map((id, j) => ({ id, name: `Donor ${j + 1}` })),
      ],
      times,
      variables,
    },
    spec: {
      outcome: 'y',
      treated: 'treated',
      donors: donorIds,
      predictors: covariateNames,
      timePredictorsPrior: preTimes,
      specialPredictors: [...new Set(lags)].map((t) => ({ variable: 'y', times: [t] })),
      timeOptimizeSsr: preTimes,
      treatmentTime: options.treatmentTime,
    },
    weights: new Map(donorIds.map((id, j) => [id, options.weights.get(j) ?? 0])),
    effect,
  };
}
