import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors.ts';
import {
  ITS_CAVEATS,
  harmonicColumns,
  interruptedTimeSeries,
  type ItsObservation,
  type ItsOptions,
} from './interrupted-time-series.ts';
import { normalDraw, poissonDraw, seededUniform } from './seeded-poisson.ts';

const DIR = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'evaluation');
const SICILY = join(DIR, 'sicily.csv');
const present = existsSync(SICILY);

// ---------------------------------------------------------------------------------------------
// Published figures: Lopez Bernal, Cummins & Gasparrini (2017), Sicily smoking ban
// ---------------------------------------------------------------------------------------------

/** sicily.csv: year,month,aces,time,smokban,pop,stdpop. Offset log(stdpop); ban from the first smokban = 1. */
function readSicily(): { series: ItsObservation[]; start: number } {
  const [header, ...lines] = readFileSync(SICILY, 'utf8').trim().split(/\r?\n/);
  const columns = header!.split(',');
  for (const name of ['month', 'aces', 'time', 'smokban', 'stdpop']) {
    if (!columns.includes(name)) throw new Error(`sicily.csv has no column ${name}`);
  }
  const rows = lines.map((line) => {
    const values = line.split(',').map(Number);
    return Object.fromEntries(columns.map((name, j) => [name, values[j]!]));
  });
  const series = rows.map((row) => ({
    time: row.time!,
    count: row.aces!,
    exposure: row.stdpop!,
    season: row.month!,
  }));
  const start = rows.find((row) => row.smokban === 1)!.time!;
  return { series, start };
}

/** Published rate ratios are rounded to 3 decimals: within 0.0005 means "rounds to the same figure". */
const ROUNDING = 0.0005;

describe.skipIf(!present)('Sicily smoking ban (REFERENCE.md): published rate ratios', () => {
  const published = [
    { label: 'Poisson', options: { family: 'poisson' }, rr: 0.894, lower: 0.865, upper: 0.925 },
    { label: 'quasi-Poisson', options: { family: 'quasipoisson' }, rr: 0.894, lower: 0.839, upper: 0.953 },
    {
      label: 'quasi-Poisson + harmonic(month, 2, 12)',
      options: { family: 'quasipoisson', harmonics: 2, seasonPeriod: 12 },
      rr: 0.885,
      lower: 0.839,
      upper: 0.933,
    },
  ] as const satisfies readonly {
    label: string;
    options: ItsOptions;
    rr: number;
    lower: number;
    upper: number;
  }[];

  for (const { label, options, rr, lower, upper } of published) {
    it(`${label}: ${rr} (${lower}–${upper})`, () => {
      const { series, start } = readSicily();
      expect(series).toHaveLength(59);
      expect(start).toBe(37); // January 2005
      const result = interruptedTimeSeries(series, start, options);
      expect(Math.abs(result.levelChange.rateRatio - rr)).toBeLessThan(ROUNDING);
      expect(Math.abs(result.levelChange.lower - lower)).toBeLessThan(ROUNDING);
      expect(Math.abs(result.levelChange.upper - upper)).toBeLessThan(ROUNDING);
      expect(result.slopeChange).toBeNull();
    });
  }

  it('quasi-Poisson dispersion ≈ 3.56 (Pearson χ² / df, df = 59 − 3)', () => {
    const { series, start } = readSicily();
    const result = interruptedTimeSeries(series, start, { family: 'quasipoisson' });
    expect(result.dfResidual).toBe(56);
    expect(Math.abs(result.dispersion - 3.56)).toBeLessThan(0.005);
    expect(result.caveats).toContain('overdispersion');
  });

  it('intervals use the normal quantile (ci.lin): t quantiles would miss the published bounds', () => {
    const { series, start } = readSicily();
    const t = interruptedTimeSeries(series, start, { family: 'quasipoisson', reference: 't' });
    const misses = Math.max(Math.abs(t.levelChange.lower - 0.839), Math.abs(t.levelChange.upper - 0.953));
    expect(misses).toBeGreaterThan(ROUNDING);
  });

  it('fitted and counterfactual series: equal before the ban, in the ratio exp(b2) after it', () => {
    const { series, start } = readSicily();
    const result = interruptedTimeSeries(series, start, { family: 'quasipoisson', harmonics: 2 });
    expect(result.points).toHaveLength(59);
    for (const point of result.points) {
      const ratio = point.post ? result.levelChange.rateRatio : 1;
      expect(point.fitted / point.counterfactual).toBeCloseTo(ratio, 10);
      expect(point.fittedDeseasonalised / point.counterfactualDeseasonalised).toBeCloseTo(ratio, 10);
    }
    // The fit reproduces the total count (a Poisson GLM with an intercept does so exactly).
    const observed = result.points.reduce((s, p) => s + p.observed, 0);
    const fitted = result.points.reduce((s, p) => s + p.fitted, 0);
    expect(fitted).toBeCloseTo(observed, 3);
    expect(result.autocorrelation.acf).toHaveLength(12);
    const squares = result.points.reduce((s, p) => s + p.devianceResidual ** 2, 0);
    expect(squares).toBeCloseTo(result.deviance, 8);
  });
});
it.skipIf(present)('skips the Sicily figures: ../shared/data/evaluation is absent', () => {});

// ---------------------------------------------------------------------------------------------
// Simulations with a known answer
// ---------------------------------------------------------------------------------------------

interface Scenario {
  readonly n: number;
  readonly start: number;
  /** Baseline expected count at time 0. */
  readonly base: number;
  /** Per-step trend on the log scale. */
  readonly trend: number;
  readonly levelRateRatio: number;
  /** Per-step slope change rate ratio (1 = none). */
  readonly slopeRateRatio: number;
  /** Standard deviation of AR(1) noise on the log scale (0 = plain Poisson). */
  readonly noise?: number;
  readonly phi?: number;
}

/** Monthly Poisson counts with two harmonics of seasonality and the planted effects. */
function simulate(seed: number, s: Scenario): ItsObservation[] {
  const uniform = seededUniform(seed);
  const noise = s.noise ?? 0;
  const phi = s.phi ?? 0;
  let latent = 0;
  return Array.from({ length: s.n }, (_, i) => {
    const time = i + 1;
    const month = (i % 12) + 1;
    const post = time >= s.start ? 1 : 0;
    const seasonal =
      0.15 * Math.sin((2 * Math.PI * month) / 12) +
      0.1 * Math.cos((2 * Math.PI * month) / 12) -
      0.05 * Math.sin((4 * Math.PI * month) / 12);
    latent = phi * latent + noise * normalDraw(uniform);
    const logMean =
      Math.log(s.base) +
      s.trend * time +
      post * Math.log(s.levelRateRatio) +
      post * (time - s.start + 1) * Math.log(s.slopeRateRatio) +
      seasonal +
      latent;
    return { time, count: poissonDraw(uniform, Math.exp(logMean)), season: month };
  });
}

describe('simulated series with a planted effect: 95% intervals cover the truth about 95% of the time', () => {
  const replications = 300;
  const scenario: Scenario = {
    n: 72,
    start: 43,
    base: 120,
    trend: 0.004,
    levelRateRatio: 0.8,
    slopeRateRatio: 1,
  };

  it('level change only (RR 0.8), quasi-Poisson with two harmonics', () => {
    let covered = 0;
    let logSum = 0;
    for (let r = 0; r < replications; r++) {
      const result = interruptedTimeSeries(simulate(100 + r, scenario), scenario.start, { harmonics: 2 });
      const { lower, upper, logEstimate } = result.levelChange;
      if (lower <= 0.8 && 0.8 <= upper) covered += 1;
      logSum += logEstimate;
    }
    const coverage = covered / replications;
    expect(coverage).toBeGreaterThanOrEqual(0.9);
    expect(coverage).toBeLessThanOrEqual(0.99);
    expect(Math.abs(logSum / replications - Math.log(0.8))).toBeLessThan(0.01);
  });

  it('level change and slope change (RR 0.8 and 0.99 per step), Poisson with two harmonics', () => {
    const withSlope: Scenario = { ...scenario, slopeRateRatio: 0.99 };
    let levelCovered = 0;
    let slopeCovered = 0;
    let trendCovered = 0;
    for (let r = 0; r < replications; r++) {
      const result = interruptedTimeSeries(simulate(10_000 + r, withSlope), withSlope.start, {
        family: 'poisson',
        harmonics: 2,
        slopeChange: true,
      });
      const slope = result.slopeChange!;
      if (result.levelChange.lower <= 0.8 && 0.8 <= result.levelChange.upper) levelCovered += 1;
      if (slope.lower <= 0.99 && 0.99 <= slope.upper) slopeCovered += 1;
      const postTrend = Math.exp(withSlope.trend) * 0.99;
      if (result.postTrend!.lower <= postTrend && postTrend <= result.postTrend!.upper) trendCovered += 1;
    }
    for (const covered of [levelCovered, slopeCovered, trendCovered]) {
      expect(covered / replications).toBeGreaterThanOrEqual(0.9);
      expect(covered / replications).toBeLessThanOrEqual(0.99);
    }
  });

  it('recovers trend and effects closely on a long, large-count series', () => {
    const long: Scenario = { ...scenario, n: 240, start: 121, base: 2000, slopeRateRatio: 0.995 };
    const result = interruptedTimeSeries(simulate(42, long), long.start, { harmonics: 2, slopeChange: true });
    expect(result.levelChange.rateRatio).toBeCloseTo(0.8, 2);
    expect(result.slopeChange!.rateRatio).toBeCloseTo(0.995, 3);
    expect(result.underlyingTrend.rateRatio).toBeCloseTo(Math.exp(0.004), 3);
    expect(result.estimatedDispersion).toBeLessThan(1.5);
    expect(result.caveats).toEqual([]);
    // With a slope change the counterfactual departs from the fit by exp(b2 + b3·k) at the k-th post step.
    const { logEstimate: b2 } = result.levelChange;
    const b3 = result.slopeChange!.logEstimate;
    result.points.forEach((p) => {
      const k = p.post ? p.time - long.start + 1 : 0;
      const expected = p.post ? Math.exp(b2 + b3 * k) : 1;
      expect(p.fitted / p.counterfactual).toBeCloseTo(expected, 10);
    });
  });

  it('overdispersed, autocorrelated counts: flagged, and quasi-Poisson widens the interval', () => {
    const noisy: Scenario = { ...scenario, noise: 0.08, phi: 0.7 };
    const series = simulate(77, noisy);
    const poisson = interruptedTimeSeries(series, noisy.start, { family: 'poisson', harmonics: 2 });
    const quasi = interruptedTimeSeries(series, noisy.start, { family: 'quasipoisson', harmonics: 2 });
    expect(quasi.levelChange.rateRatio).toBeCloseTo(poisson.levelChange.rateRatio, 12);
    expect(quasi.dispersion).toBeGreaterThan(1.5);
    const width = (r: typeof quasi): number => Math.log(r.levelChange.upper / r.levelChange.lower);
    expect(width(quasi) / width(poisson)).toBeCloseTo(Math.sqrt(quasi.dispersion), 10);
    expect(quasi.autocorrelationWarning).toBe(true);
    expect(quasi.autocorrelation.ljungBox.pValue).toBeLessThan(0.05);
    expect(quasi.autocorrelation.durbinWatson).toBeLessThan(1.5);
    expect(quasi.caveats).toEqual(expect.arrayContaining(['overdispersion', 'autocorrelation']));
  });

  it('plain Poisson counts: no autocorrelation warning, no overdispersion caveat', () => {
    const result = interruptedTimeSeries(simulate(3, scenario), scenario.start, { harmonics: 2 });
    expect(result.autocorrelationWarning).toBe(false);
    expect(result.caveats).toEqual([]);
  });
});

describe('seasonal terms', () => {
  it("harmonicColumns is tsModel's harmonic(): sin and cos of 2πk·s/P, no sine when 2k = P", () => {
    const { names, rows } = harmonicColumns([3], 2, 12);
    expect(names).toEqual(['sin1', 'cos1', 'sin2', 'cos2']);
    const expected = [Math.sin(Math.PI / 2), Math.cos(Math.PI / 2), Math.sin(Math.PI), Math.cos(Math.PI)];
    rows[0]!.forEach((v, j) => expect(v).toBeCloseTo(expected[j]!, 12));
    expect(harmonicColumns([1, 2], 2, 4).names).toEqual(['sin1', 'cos1', 'cos2']);
  });

  it('the fit does not depend on where the cycle starts (season defaults to time)', () => {
    const series = simulate(9, {
      n: 48,
      start: 25,
      base: 80,
      trend: 0,
      levelRateRatio: 0.9,
      slopeRateRatio: 1,
    });
    const byMonth = interruptedTimeSeries(series, 25, { harmonics: 2 });
    const withoutSeason = series.map(({ time, count }) => ({ time, count }));
    const byTime = interruptedTimeSeries(withoutSeason, 25, { harmonics: 2 });
    expect(byTime.levelChange.rateRatio).toBeCloseTo(byMonth.levelChange.rateRatio, 8);
    expect(byTime.levelChange.upper).toBeCloseTo(byMonth.levelChange.upper, 8);
    expect(byTime.deviance).toBeCloseTo(byMonth.deviance, 8);
  });
});

describe('caveats', () => {
  it('short segments and few points are flagged with codes', () => {
    const series = simulate(5, { n: 14, start: 6, base: 50, trend: 0, levelRateRatio: 1, slopeRateRatio: 1 });
    const result = interruptedTimeSeries(series, 6, { harmonics: 1 });
    expect(result.prePoints).toBe(5);
    expect(result.postPoints).toBe(9);
    expect(result.caveats).toEqual(
      expect.arrayContaining(['short_pre_period', 'few_points', 'few_seasonal_cycles']),
    );
    expect(result.caveats).not.toContain('short_post_period');
    expect(result.autocorrelation.acf).toHaveLength(3); // n / 4
    result.caveats.forEach((code) => expect(ITS_CAVEATS).toContain(code));
  });
});

describe('bad input is refused with a ValidationError', () => {
  const series = (counts: number[]): ItsObservation[] => counts.map((count, i) => ({ time: i + 1, count }));

  it('fewer than 4 points', () => {
    expect(() => interruptedTimeSeries(series([5, 6, 7]), 2)).toThrow(/at least 4 points/);
  });

  it('an intervention start outside the series (or with no point before it)', () => {
    const s = series([5, 6, 7, 8, 9, 10]);
    expect(() => interruptedTimeSeries(s, 7)).toThrow(/intervention start/);
    expect(() => interruptedTimeSeries(s, 1)).toThrow(/intervention start/);
    expect(() => interruptedTimeSeries(s, 3.5)).toThrow(/intervention start/);
    expect(() => interruptedTimeSeries(s, 6, { slopeChange: true })).toThrow(/slope change/);
  });

  it('negative or non-finite counts', () => {
    expect(() => interruptedTimeSeries(series([5, -1, 7, 8, 9]), 3)).toThrow(/non-negative/);
    expect(() => interruptedTimeSeries(series([5, Number.NaN, 7, 8, 9]), 3)).toThrow(ValidationError);
  });

  it('times that are not consecutive integers', () => {
    const gap = [1, 2, 4, 5, 6].map((time) => ({ time, count: 5 }));
    expect(() => interruptedTimeSeries(gap, 4)).toThrow(/consecutive/);
    const fractional = [1, 2, 2.5, 3, 4].map((time) => ({ time, count: 5 }));
    expect(() => interruptedTimeSeries(fractional, 3)).toThrow(/not an integer/);
    const unordered = [2, 1, 3, 4, 5].map((time) => ({ time, count: 5 }));
    expect(() => interruptedTimeSeries(unordered, 3)).toThrow(/consecutive/);
  });

  it('exposure on some points only, or not positive', () => {
    const s = series([5, 6, 7, 8, 9]);
    expect(() => interruptedTimeSeries([{ ...s[0]!, exposure: 100 }, ...s.slice(1)], 3)).toThrow(
      /all or none/,
    );
    expect(() =>
      interruptedTimeSeries(
        s.map((o) => ({ ...o, exposure: 0 })),
        3,
      ),
    ).toThrow(/positive/);
  });

  it('too many harmonics, a bad level, an all-zero segment, more terms than points', () => {
    const s = series([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(() => interruptedTimeSeries(s, 4, { harmonics: 7 })).toThrow(/harmonics/);
    expect(() => interruptedTimeSeries(s, 4, { level: 95 })).toThrow(/level/);
    expect(() => interruptedTimeSeries(series([5, 6, 7, 0, 0, 0]), 4)).toThrow(/Every count from/);
    expect(() => interruptedTimeSeries(s, 4, { harmonics: 3, slopeChange: true })).toThrow(
      /more observations/,
    );
  });
});
