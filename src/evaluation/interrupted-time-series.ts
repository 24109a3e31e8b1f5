/**
 * Interrupted time series by segmented Poisson or quasi-Poisson regression: did the level (and,
 * optionally, the slope) of a count series change when an intervention started?
 *
 * Method: Lopez Bernal, Cummins & Gasparrini (2017), "Interrupted time series regression for the
 * evaluation of public health interventions: a tutorial", Int J Epidemiol 46:348–355, and its R code
 * (github.com/gasparrini/2017_lopezbernal_IJE_codedata); segmented regression as in Wagner et al.
 * (2002), J Clin Pharm Ther 27:299–309. The model, for time points t with intervention start t₀:
 *
 *   log E[y_t] = log(exposure_t) + b0 + b1·t + b2·post_t [+ b3·(t − t₀ + 1)·post_t]
 *                + Σ_k [s_k·sin(2πk·season_t/P) + c_k·cos(2πk·season_t/P)],   k = 1..harmonics,
 *
 * with post_t = 1 from t₀ on. The Fourier terms are tsModel's `harmonic(season, harmonics, P)` (the
 * paper uses `harmonic(month, 2, 12)`). exp(b2) is the level-change rate ratio, exp(b1) the
 * underlying trend per time step and exp(b3) the slope-change rate ratio per time step (raise a rate
 * ratio and its bounds to the 12th power for a yearly figure from monthly data). The time since the
 * intervention is coded 1 at t₀ (Wagner et al.), so with a slope change the step at t₀ itself is
 * exp(b2 + b3). The counterfactual is the same fitted model with b2 and b3 set to 0.
 *
 * Residual autocorrelation is checked on the deviance residuals (as in the paper) with the ACF,
 * Ljung–Box and Durbin–Watson (residual-autocorrelation.ts). Caveats are machine-readable codes
 * that the app translates.
 */
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { ValidationError } from '../kernel/errors.ts';
import {
  fitPoissonGlm,
  linearCombinationTest,
  waldTests,
  type PoissonFamily,
  type WaldReference,
  type WaldTest,
} from './poisson-regression.ts';
import {
  defaultMaxLag,
  residualAutocorrelation,
  type ResidualAutocorrelation,
} from './residual-autocorrelation.ts';

export interface ItsObservation {
  /** Time index; consecutive integers (1..n, or any start with steps of 1). */
  readonly time: number;
  readonly count: number;
  /** Population or other exposure; the model's offset is log(exposure). Give it for all points or none. */
  readonly exposure?: number;
  /** Position in the seasonal cycle (e.g. month 1..12); defaults to `time` (same fit: see harmonicColumns). */
  readonly season?: number;
}

export interface ItsOptions {
  /** Default 'quasipoisson' (counts of events are usually overdispersed). */
  readonly family?: PoissonFamily;
  /** Number of sine–cosine pairs for seasonality; default 0 (none). At most seasonPeriod / 2. */
  readonly harmonics?: number;
  /** Length of the seasonal cycle in time steps; default 12 (monthly data). */
  readonly seasonPeriod?: number;
  /** Add a change in slope after the intervention; default false. */
  readonly slopeChange?: boolean;
  /** Confidence level of the intervals; default 0.95. */
  readonly level?: number;
  /** Reference distribution for intervals and p-values; default 'normal' (as Epi's ci.lin). */
  readonly reference?: WaldReference;
  /** Lags for the residual ACF and Ljung–Box; default min(12, n/4). */
  readonly maxLag?: number;
}

/** A rate ratio exp(b) with its Wald interval and two-sided p-value. */
export interface ItsEffect {
  readonly rateRatio: number;
  readonly lower: number;
  readonly upper: number;
  readonly pValue: number;
  /** b, the coefficient on the log scale. */
  readonly logEstimate: number;
  readonly standardError: number;
}

export interface ItsPoint {
  readonly time: number;
  readonly observed: number;
  /** 1 when no exposure was given. */
  readonly exposure: number;
  readonly post: boolean;
  /** Expected count under the fitted model. */
  readonly fitted: number;
  /** Expected count had the intervention changed nothing (post terms set to 0). */
  readonly counterfactual: number;
  /** `fitted` and `counterfactual` with the seasonal terms set to 0 (for a smooth chart). */
  readonly fittedDeseasonalised: number;
  readonly counterfactualDeseasonalised: number;
  /** Deviance residual sign(y − μ)·√d (the residuals of the autocorrelation check). */
  readonly devianceResidual: number;
}

export const ITS_CAVEATS = [
  /** Pearson χ² above the 95th percentile of χ²(df): Poisson intervals are too narrow. */
  'overdispersion',
  /** Ljung–Box p < 0.05 on the deviance residuals: intervals may be too narrow. */
  'autocorrelation',
  /** Fewer than 8 points before the intervention. */
  'short_pre_period',
  /** Fewer than 8 points from the intervention on. */
  'short_post_period',
  /** Fewer than 24 points in all. */
  'few_points',
  /** Seasonal terms fitted on less than two full cycles. */
  'few_seasonal_cycles',
] as const;
export type ItsCaveat = (typeof ITS_CAVEATS)[number];

/** Conventional thresholds: at least 8 points per segment (Penfold & Zhang 2013), 24 in all (Wagner et al. 2002 advise 12 a side). */
export const MIN_SEGMENT_POINTS = 8;
export const MIN_TOTAL_POINTS = 24;
/** Below this many points the design cannot be fitted at all. */
export const MIN_POINTS = 4;

export interface ItsResult {
  readonly family: PoissonFamily;
  readonly level: number;
  readonly interventionStart: number;
  readonly prePoints: number;
  readonly postPoints: number;
  /** Level change exp(b2); with slopeChange the step at t₀ itself is exp(b2 + b3) (see the file comment). */
  readonly levelChange: ItsEffect;
  /** Change in the per-step trend after the intervention, exp(b3); null without slopeChange. */
  readonly slopeChange: ItsEffect | null;
  /** Per-step trend before the intervention (and after it too without slopeChange), exp(b1). */
  readonly underlyingTrend: ItsEffect;
  /** Per-step trend after the intervention, exp(b1 + b3); null without slopeChange. */
  readonly postTrend: ItsEffect | null;
  /** All coefficients, named '(Intercept)', 'time', 'post', 'time_since_start', 'sin1', 'cos1', … */
  readonly coefficients: readonly WaldTest[];
  /** The dispersion used for the intervals (1 for Poisson). */
  readonly dispersion: number;
  /** Pearson χ² / residual df, whatever the family. */
  readonly estimatedDispersion: number;
  readonly deviance: number;
  readonly pearsonChiSquare: number;
  readonly dfResidual: number;
  readonly iterations: number;
  readonly points: readonly ItsPoint[];
  /** Checks on the deviance residuals. */
  readonly autocorrelation: ResidualAutocorrelation;
  readonly autocorrelationWarning: boolean;
  readonly caveats: readonly ItsCaveat[];
}

const SIGNIFICANCE = 0.05;
/** Positions of the trend and intervention coefficients in the design (seasonal columns follow). */
const TIME = 1;
const POST = 2;
const SINCE_START = 3;

/**
 * Fits the segmented regression to `series` with the intervention starting at time `interventionStart`
 * (the first post-intervention time index). Throws ValidationError on unusable input.
 */
export function interruptedTimeSeries(
  series: readonly ItsObservation[],
  interventionStart: number,
  options: ItsOptions = {},
): ItsResult {
  const family = options.family ?? 'quasipoisson';
  const harmonics = options.harmonics ?? 0;
  const period = options.seasonPeriod ?? 12;
  const slopeChange = options.slopeChange ?? false;
  const level = options.level ?? 0.95;
  checkSeries(series, interventionStart, harmonics, period, slopeChange, level);

  const n = series.length;
  const times = series.map((o) => o.time);
  const post = times.map((t) => (t >= interventionStart ? 1 : 0));
  const sinceStart = times.map((t, i) => (t - interventionStart + 1) * post[i]!);
  const seasons = series.map((o) => o.season ?? o.time);
  const exposure = series.map((o) => o.exposure ?? 1);
  const offset = exposure.map(Math.log);

  // Design: trend and intervention columns first, seasonal columns last.
  const seasonal = harmonicColumns(seasons, harmonics, period);
  const names = [
    '(Intercept)',
    'time',
    'post',
    ...(slopeChange ? ['time_since_start'] : []),
    ...seasonal.names,
  ];
  const x = times.map((t, i) => [
    1,
    t,
    post[i]!,
    ...(slopeChange ? [sinceStart[i]!] : []),
    ...seasonal.rows[i]!,
  ]);
  const fit = fitPoissonGlm({ x, y: series.map((o) => o.count), offset, columnNames: names, family });
  const reference = options.reference ?? 'normal';
  const tests = waldTests(fit, level, reference);
  const b = fit.coefficients;

  // Parts of the linear predictor: removing the intervention terms gives the counterfactual,
  // removing the seasonal terms the deseasonalised curves.
  const firstSeasonal = slopeChange ? SINCE_START + 1 : POST + 1;
  const seasonalPart = x.map((row) =>
    row.slice(firstSeasonal).reduce((s, v, j) => s + v * b[firstSeasonal + j]!, 0),
  );
  const interventionPart = x.map(
    (row) => row[POST]! * b[POST]! + (slopeChange ? row[SINCE_START]! * b[SINCE_START]! : 0),
  );
  const points = series.map((o, i): ItsPoint => {
    const eta = fit.linearPredictor[i]!;
    return {
      time: o.time,
      observed: o.count,
      exposure: exposure[i]!,
      post: post[i] === 1,
      fitted: fit.fitted[i]!,
      counterfactual: Math.exp(eta - interventionPart[i]!),
      fittedDeseasonalised: Math.exp(eta - seasonalPart[i]!),
      counterfactualDeseasonalised: Math.exp(eta - interventionPart[i]! - seasonalPart[i]!),
      devianceResidual: fit.devianceResiduals[i]!,
    };
  });

  const maxLag = options.maxLag ?? defaultMaxLag(n);
  const autocorrelation = residualAutocorrelation(fit.devianceResiduals, maxLag);
  const autocorrelationWarning = autocorrelation.ljungBox.pValue < SIGNIFICANCE;
  const prePoints = post.filter((v) => v === 0).length;
  const postPoints = n - prePoints;

  const caveats: ItsCaveat[] = [];
  if (1 - chisquareCdf(fit.pearsonChiSquare, fit.dfResidual) < SIGNIFICANCE) caveats.push('overdispersion');
  if (autocorrelationWarning) caveats.push('autocorrelation');
  if (prePoints < MIN_SEGMENT_POINTS) caveats.push('short_pre_period');
  if (postPoints < MIN_SEGMENT_POINTS) caveats.push('short_post_period');
  if (n < MIN_TOTAL_POINTS) caveats.push('few_points');
  if (harmonics > 0 && n < 2 * period) caveats.push('few_seasonal_cycles');

  const effect = (test: WaldTest): ItsEffect => ({
    rateRatio: test.rateRatio,
    lower: test.rateRatioLower,
    upper: test.rateRatioUpper,
    pValue: test.pValue,
    logEstimate: test.estimate,
    standardError: test.standardError,
  });
  return {
    family,
    level,
    interventionStart,
    prePoints,
    postPoints,
    levelChange: effect(tests[POST]!),
    slopeChange: slopeChange ? effect(tests[SINCE_START]!) : null,
    underlyingTrend: effect(tests[TIME]!),
    postTrend: slopeChange
      ? effect(
          linearCombinationTest(
            fit,
            b.map((_, j) => (j === TIME || j === SINCE_START ? 1 : 0)),
            'time+time_since_start',
            level,
            reference,
          ),
        )
      : null,
    coefficients: tests,
    dispersion: fit.dispersion,
    estimatedDispersion: fit.estimatedDispersion,
    deviance: fit.deviance,
    pearsonChiSquare: fit.pearsonChiSquare,
    dfResidual: fit.dfResidual,
    iterations: fit.iterations,
    points,
    autocorrelation,
    autocorrelationWarning,
    caveats,
  };
}

/**
 * tsModel's `harmonic(season, harmonics, period)`: sin(2πk·s/P) and cos(2πk·s/P) for k = 1..harmonics.
 * Shifting s by a constant rotates each sine–cosine pair within the space it spans, so the fit (and
 * every rate ratio) does not depend on where the cycle starts; only the seasonal coefficients do.
 * When 2k = P the sine is identically 0 and only the cosine is kept.
 */
export function harmonicColumns(
  seasons: readonly number[],
  harmonics: number,
  period: number,
): { names: string[]; rows: number[][] } {
  const names: string[] = [];
  const terms: ((s: number) => number)[] = [];
  for (let k = 1; k <= harmonics; k++) {
    const angle = (s: number): number => (2 * Math.PI * k * s) / period;
    if (2 * k !== period) {
      names.push(`sin${k}`);
      terms.push((s) => Math.sin(angle(s)));
    }
    names.push(`cos${k}`);
    terms.push((s) => Math.cos(angle(s)));
  }
  return { names, rows: seasons.map((s) => terms.map((term) => term(s))) };
}

function checkSeries(
  series: readonly ItsObservation[],
  start: number,
  harmonics: number,
  period: number,
  slopeChange: boolean,
  level: number,
): void {
  const n = series.length;
  if (n < MIN_POINTS) {
    throw new ValidationError(`An interrupted time series needs at least ${MIN_POINTS} points, got ${n}.`);
  }
  series.forEach((o, i) => {
    if (!Number.isInteger(o.time))
      throw new ValidationError(`Time ${o.time} (point ${i + 1}) is not an integer.`);
    const previous = series[i - 1];
    if (previous !== undefined && o.time !== previous.time + 1) {
      throw new ValidationError(
        `Times must be consecutive integers in order: ${previous.time} is followed by ${o.time} (point ${i + 1}).`,
      );
    }
    if (!(Number.isFinite(o.count) && o.count >= 0)) {
      throw new ValidationError(`Count at time ${o.time} must be a non-negative number, got ${o.count}.`);
    }
    if (o.exposure !== undefined && !(Number.isFinite(o.exposure) && o.exposure > 0)) {
      throw new ValidationError(`Exposure at time ${o.time} must be a positive number, got ${o.exposure}.`);
    }
    if (o.season !== undefined && !Number.isFinite(o.season)) {
      throw new ValidationError(`Season at time ${o.time} is not a number (${o.season}).`);
    }
  });
  const withExposure = series.filter((o) => o.exposure !== undefined).length;
  if (withExposure !== 0 && withExposure !== n) {
    throw new ValidationError(
      `Exposure is given for ${withExposure} of ${n} points: give it for all or none.`,
    );
  }
  const withSeason = series.filter((o) => o.season !== undefined).length;
  if (withSeason !== 0 && withSeason !== n) {
    throw new ValidationError(`Season is given for ${withSeason} of ${n} points: give it for all or none.`);
  }
  const first = series[0]!.time;
  const last = series[n - 1]!.time;
  if (!Number.isInteger(start) || start <= first || start > last) {
    throw new ValidationError(
      `The intervention start must be a time index after the first point and at most the last ` +
        `(${first + 1}..${last}), got ${start}.`,
    );
  }
  const segmentMinimum = slopeChange ? 2 : 1;
  if (start - first < segmentMinimum || last - start + 1 < segmentMinimum) {
    throw new ValidationError(
      `A slope change needs at least 2 points before and 2 from the intervention start (${start}).`,
    );
  }
  const preTotal = series.filter((o) => o.time < start).reduce((sum, o) => sum + o.count, 0);
  const postTotal = series.filter((o) => o.time >= start).reduce((sum, o) => sum + o.count, 0);
  if (preTotal === 0 || postTotal === 0) {
    throw new ValidationError(
      `Every count ${preTotal === 0 ? 'before' : 'from'} the intervention start is 0: ` +
        'a rate ratio cannot be estimated.',
    );
  }
  if (!Number.isInteger(harmonics) || harmonics < 0) {
    throw new ValidationError(`The number of harmonics must be a non-negative integer, got ${harmonics}.`);
  }
  if (!(Number.isFinite(period) && period >= 2)) {
    throw new ValidationError(`The seasonal period must be at least 2, got ${period}.`);
  }
  if (2 * harmonics > period) {
    throw new ValidationError(`At most ${Math.floor(period / 2)} harmonics fit a period of ${period}.`);
  }
  if (!(level > 0 && level < 1))
    throw new ValidationError(`Confidence level must be in (0, 1), got ${level}.`);
}
