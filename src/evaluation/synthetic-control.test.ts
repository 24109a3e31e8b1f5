import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvRecordReader } from '../data/csv-records.ts';
import { ValidationError } from '../kernel/errors.ts';
import { simulatedSyntheticPanel } from './simulated-synthetic-panel.ts';
import {
  fitSyntheticControl,
  prepareSyntheticControl,
  solveSyntheticWeights,
  type SyntheticControlFit,
  type SyntheticControlSpec,
} from './synthetic-control.ts';
import { panelFromLongRows, type SyntheticControlPanel } from './synthetic-control-panel.ts';
import { leaveOneOut, placeboInference, placeboInSpace, placeboSpecs } from './synthetic-control-placebos.ts';

const DIR = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'evaluation');
const present = existsSync(DIR);

function readPanel(file: string, columns: Parameters<typeof panelFromLongRows>[2]): SyntheticControlPanel {
  const reader = new CsvRecordReader();
  const records = [...reader.push(readFileSync(join(DIR, file), 'utf8')), ...reader.end()];
  return panelFromLongRows(
    records[0]!.fields,
    records.slice(1).map((r) => r.fields),
    columns,
  );
}

function range(from: number, to: number, by = 1): number[] {
  const values: number[] = [];
  for (let x = from; x <= to; x += by) values.push(x);
  return values;
}

function weightOf(fit: SyntheticControlFit, name: string): number {
  const donor = fit.weights.find((w) => w.name === name || w.id === name);
  if (donor === undefined) throw new Error(`no donor ${name}`);
  return donor.weight;
}

function meanGap(fit: SyntheticControlFit, from: number, to: number): number {
  const gaps = fit.series.filter((p) => p.time >= from && p.time <= to).map((p) => p.gap);
  return gaps.reduce((s, g) => s + g, 0) / gaps.length;
}

/** The set-up of R `Synth`'s `?synth` example (Abadie & Gardeazabal 2003), as in REFERENCE.md. */
function basqueSpec(panel: SyntheticControlPanel): SyntheticControlSpec {
  return {
    outcome: 'gdpcap',
    treated: '17',
    donors: panel.units.map((u) => u.id).filter((id) => id !== '17' && id !== '1'),
    predictors: ['school.illit', 'school.prim', 'school.med', 'school.high', 'school.post.high', 'invest'],
    timePredictorsPrior: range(1964, 1969),
    specialPredictors: [
      { variable: 'gdpcap', times: range(1960, 1969) },
      ...[
        'sec.agriculture',
        'sec.energy',
        'sec.industry',
        'sec.construction',
        'sec.services.venta',
        'sec.services.nonventa',
      ].map((variable) => ({ variable, times: range(1961, 1969, 2) })),
      { variable: 'popdens', times: [1969] },
    ],
    timeOptimizeSsr: range(1960, 1969),
    timePlot: range(1955, 1997),
    treatmentTime: 1975,
  };
}

describe.skipIf(!present)('synthetic control on the Basque Country (Abadie & Gardeazabal 2003)', () => {
  const panel = present
    ? readPanel('basque.csv', { unit: 'regionno', name: 'regionname', time: 'year' })
    : undefined;
  const spec = panel === undefined ? undefined : basqueSpec(panel);
  const fit = panel === undefined ? undefined : fitSyntheticControl(panel, spec!);

  it('weights Cataluña 0.8508 and Madrid 0.1492, every other region ≈ 0 (R Synth)', () => {
    expect(weightOf(fit!, 'Cataluna')).toBeCloseTo(0.8508, 2);
    expect(Math.abs(weightOf(fit!, 'Cataluna') - 0.8508163)).toBeLessThan(0.01);
    expect(Math.abs(weightOf(fit!, 'Madrid (Comunidad De)') - 0.1491837)).toBeLessThan(0.01);
    for (const w of fit!.weights) {
      if (w.name !== 'Cataluna' && w.name !== 'Madrid (Comunidad De)') expect(w.weight).toBeLessThan(0.01);
    }
    expect(fit!.weights).toHaveLength(16);
    expect(fit!.converged).toBe(true);
  });

  it('pre-period MSPE ≈ 0.008865 (R prints 0.008864606) and average gap 1975–1997 ≈ −0.70', () => {
    expect(fit!.preMspe).toBeCloseTo(0.008865, 5);
    expect(Math.abs(fit!.preMspe - 0.008864606)).toBeLessThan(1e-6);
    expect(fit!.averagePostGap).toBeCloseTo(-0.7, 2);
    expect(meanGap(fit!, 1975, 1997)).toBeCloseTo(fit!.averagePostGap, 12);
    expect(fit!.preRmspe).toBeCloseTo(Math.sqrt(fit!.preMspe), 12);
  });

  it("reproduces R's gaps 1955–1957 and synth.tab predictor balance (R Synth basque example output)", () => {
    // R: gaps[1:3] = 0.15023473 0.09168035 0.03716475; tab.pred Treated / Synthetic / Sample Mean
    const gaps = fit!.series.slice(0, 3).map((p) => p.gap);
    [0.15023473, 0.09168035, 0.03716475].forEach((g, i) => expect(Math.abs(gaps[i]! - g)).toBeLessThan(1e-4));
    const published: [string, number, number, number][] = [
      ['school.illit', 39.888, 256.337, 170.786],
      ['school.prim', 1031.742, 2730.104, 1127.186],
      ['school.med', 90.359, 223.34, 76.26],
      ['school.high', 25.728, 63.437, 24.235],
      ['school.post.high', 13.48, 36.153, 13.478],
      ['invest', 24.647, 21.583, 21.424],
      ['special.gdpcap.1960.1969', 5.285, 5.271, 3.581],
      ['special.sec.agriculture.1961.1969', 6.844, 6.179, 21.353],
      ['special.sec.energy.1961.1969', 4.106, 2.76, 5.31],
      ['special.sec.industry.1961.1969', 45.082, 37.636, 22.425],
      ['special.sec.construction.1961.1969', 6.15, 6.952, 7.276],
      ['special.sec.services.venta.1961.1969', 33.754, 41.104, 36.528],
      ['special.sec.services.nonventa.1961.1969', 4.072, 5.371, 7.111],
    ];
    expect(fit!.balance.map((b) => b.predictor).slice(0, 13)).toEqual(published.map((p) => p[0]));
    published.forEach(([, treated, synthetic, sampleMean], k) => {
      const row = fit!.balance[k]!;
      expect(Math.abs(row.treated - treated)).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(Math.abs(row.sampleMean - sampleMean)).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(Math.abs(row.synthetic - synthetic)).toBeLessThan(0.01);
    });
    expect(fit!.balance[13]!.predictor).toBe('special.popdens.1969');
  });

  it("with R's solution.v as a custom V, W matches R's solution.w to 1e-5", () => {
    const rV = [
      0.02773094, 1.194e-7, 1.60609e-5, 0.0007163836, 1.486e-7, 0.002423908, 0.0587055, 0.2651997, 0.02851006,
      0.291276, 0.007994382, 0.004053188, 0.009398579, 0.303975,
    ];
    const custom = fitSyntheticControl(panel!, { ...spec!, customV: rV });
    expect(custom.attempts).toHaveLength(0);
    expect(Math.abs(weightOf(custom, 'Cataluna') - 0.8508145)).toBeLessThan(1e-5);
    expect(Math.abs(weightOf(custom, 'Madrid (Comunidad De)') - 0.1491843)).toBeLessThan(1e-5);
    expect(Math.abs(custom.preMspe - 0.008864606)).toBeLessThan(1e-6);
    const total = rV.reduce((s, v) => s + v, 0);
    custom.v.forEach((v, k) => expect(v.weight).toBeCloseTo(rV[k]! / total, 12));
  });

  it("Madrid's placebo (Spain in the pool, as pysyncon's test) has pysyncon's gaps 1960–1970, sign reversed", () => {
    // pysyncon's placebo gaps are synthetic − observed; ours observed − synthetic. Madrid, the richest
    // region, has one best fit (Cataluña ≈ 0.96); the placebos of Cataluña and Andalucía do not (their
    // fit depends on the optimiser's path) and are left out of this comparison.
    const withSpain: SyntheticControlSpec = { ...spec!, donors: ['1', ...spec!.donors] };
    const madrid = placeboSpecs(withSpain).find((s) => s.treated === '14')!;
    const placeboFit = fitSyntheticControl(panel!, madrid);
    const gaps = placeboFit.series.filter((p) => p.time >= 1960 && p.time <= 1970).map((p) => p.gap);
    const pysyncon = [
      -0.927175216, -1.066517558, -1.011035191, -0.950460346, -0.945849043, -0.930054154, -0.772216555,
      -0.614639881, -0.557819528, -0.491421484, -0.441239691,
    ];
    pysyncon.forEach((g, i) => expect(Math.abs(gaps[i]! + g)).toBeLessThan(0.001));
    expect(weightOf(placeboFit, 'Cataluna')).toBeGreaterThan(0.9);
  });
});

/** California's Proposition 99 (Abadie, Diamond & Hainmueller 2010), predictors of their Table 1. */
function smokingSpec(panel: SyntheticControlPanel): SyntheticControlSpec {
  return {
    outcome: 'cigsale',
    treated: 'California',
    donors: panel.units.map((u) => u.id).filter((id) => id !== 'California'),
    predictors: ['lnincome', 'retprice', 'age15to24'],
    timePredictorsPrior: range(1980, 1988),
    specialPredictors: [
      { variable: 'beer', times: range(1984, 1988) },
      { variable: 'cigsale', times: [1975] },
      { variable: 'cigsale', times: [1980] },
      { variable: 'cigsale', times: [1988] },
    ],
    timeOptimizeSsr: range(1970, 1988),
    treatmentTime: 1989,
  };
}

describe.skipIf(!present)('synthetic control smoke checks on the other reference panels', () => {
  const smoking = present ? readPanel('smoking_pysyncon.csv', { unit: 'state', time: 'year' }) : undefined;

  it('California (Abadie, Diamond & Hainmueller 2010): Utah largest, the published five donors on top', () => {
    const fit = fitSyntheticControl(smoking!, smokingSpec(smoking!));
    const published: Record<string, number> = {
      Utah: 0.394,
      Montana: 0.232,
      Nevada: 0.205,
      Colorado: 0.161,
      Connecticut: 0.069,
    };
    const top = [...fit.weights].sort((a, b) => b.weight - a.weight);
    console.info(
      'California weights (ours vs ADH 2010):',
      top
        .slice(0, 6)
        .map((w) => `${w.name} ${w.weight.toFixed(3)} vs ${published[w.name]?.toFixed(3) ?? '0'}`)
        .join(', '),
      `| pre RMSPE ${fit.preRmspe.toFixed(3)}, average gap 1989–2000 ${fit.averagePostGap.toFixed(2)} packs`,
    );
    expect(top[0]!.id).toBe('Utah');
    expect(new Set(top.slice(0, 5).map((w) => w.id))).toEqual(new Set(Object.keys(published)));
    for (const [state, weight] of Object.entries(published)) {
      expect(Math.abs(weightOf(fit, state) - weight)).toBeLessThan(0.06);
    }
    // ADH 2010: a pre-1989 RMSPE of about 1.8 packs and a gap near −25 packs by 2000
    expect(fit.preRmspe).toBeLessThan(2.5);
    expect(fit.series.at(-1)!.gap).toBeLessThan(-20);
  });

  it("California's post/pre RMSPE ratio is the largest of the 39 states: p = 1/39 (ADH 2010, Figure 8)", () => {
    const result = placeboInSpace(smoking!, smokingSpec(smoking!), {}, { cutoffs: [20, 5, 2] });
    console.info(
      `California placebos: rank ${result.rank} of ${result.n}, p = ${result.pValue.toFixed(4)};`,
      result.filtered
        .map((f) => `pre-MSPE ≤ ${f.cutoff}×: ${f.kept.length} placebos, p = ${f.pValue.toFixed(4)}`)
        .join('; '),
    );
    expect(result.failed).toEqual([]);
    expect(result.n).toBe(39);
    expect(result.rank).toBe(1);
    expect(result.pValue).toBeCloseTo(1 / 39, 15);
    for (const f of result.filtered) expect(f.rank).toBe(1);
  });

  it('West Germany (Abadie, Diamond & Hainmueller 2015): V cross-validated on 1971–1990, weights as published', () => {
    const panel = readPanel('germany.csv', { unit: 'country', time: 'year' });
    const donors = panel.units.map((u) => u.id).filter((id) => id !== 'West Germany');
    const base = { outcome: 'gdp', treated: 'West Germany', donors, predictors: ['gdp', 'trade', 'infrate'] };
    const training = (options: Parameters<typeof fitSyntheticControl>[2]) =>
      fitSyntheticControl(
        panel,
        {
          ...base,
          timePredictorsPrior: range(1971, 1980),
          specialPredictors: [
            { variable: 'industry', times: range(1971, 1980) },
            { variable: 'schooling', times: [1970, 1975] },
            { variable: 'invest70', times: [1980] },
          ],
          timeOptimizeSsr: range(1981, 1990),
          treatmentTime: 1991,
        },
        options,
      );
    const main = (customV: readonly number[]) =>
      fitSyntheticControl(panel, {
        ...base,
        timePredictorsPrior: range(1981, 1990),
        specialPredictors: [
          { variable: 'industry', times: range(1981, 1990) },
          { variable: 'schooling', times: [1980, 1985] },
          { variable: 'invest80', times: [1980] },
        ],
        timeOptimizeSsr: range(1960, 1989),
        treatmentTime: 1990,
        customV,
      });
    // R Synth's search (Nelder–Mead and BFGS, two starts) against ADH 2015 Table 2
    const fit = main(training({}).v.map((v) => v.weight));
    const adh: Record<string, number> = {
      Austria: 0.42,
      USA: 0.22,
      Japan: 0.16,
      Switzerland: 0.11,
      Netherlands: 0.09,
    };
    console.info(
      'West Germany weights (ours vs ADH 2015):',
      Object.entries(adh)
        .map(([c, w]) => `${c} ${weightOf(fit, c).toFixed(3)} vs ${w}`)
        .join(', '),
      `| average gap 1990–2003 ${fit.averagePostGap.toFixed(0)} USD`,
    );
    for (const [country, weight] of Object.entries(adh))
      expect(Math.abs(weightOf(fit, country) - weight)).toBeLessThan(0.015);
    // pysyncon's set-up (Nelder–Mead from equal weights only) against its test figures
    const nm = main(training({ methods: ['nelder-mead'], starts: ['equal'] }).v.map((v) => v.weight));
    const pysyncon: Record<string, number> = {
      USA: 0.21624982,
      Austria: 0.414522077,
      Netherlands: 0.09841208,
      Switzerland: 0.107654851,
      Japan: 0.163161172,
    };
    for (const [country, weight] of Object.entries(pysyncon))
      expect(Math.abs(weightOf(nm, country) - weight)).toBeLessThan(0.01);
    expect(Math.abs(meanGap(nm, 1990, 2003) / -1555.1346777620479 - 1)).toBeLessThan(0.01);
  });
});

it.skipIf(present)('skips: ../shared/data/evaluation is absent (Basque, California, West Germany)', () => {});

describe('synthetic control on a simulated panel with a known answer', () => {
  const exact = simulatedSyntheticPanel({
    seed: 42,
    donors: 10,
    periods: 30,
    treatmentTime: 21,
    covariates: 4,
    weights: new Map([
      [1, 0.6],
      [4, 0.4],
    ]),
    effect: (i) => -8 - 0.5 * i,
  });

  it('recovers the weights 0.6 / 0.4 and the planted effect of an exact convex combination', () => {
    const fit = fitSyntheticControl(exact.panel, exact.spec);
    for (const w of fit.weights) expect(w.weight).toBeCloseTo(exact.weights.get(w.id)!, 8);
    expect(fit.preMspe).toBeLessThan(1e-12);
    for (const point of fit.series) {
      expect(point.post).toBe(point.time >= 21);
      expect(point.gap).toBeCloseTo(point.post ? exact.effect.get(point.time)! : 0, 6);
    }
    const planted = [...exact.effect.values()];
    expect(fit.averagePostGap).toBeCloseTo(planted.reduce((s, x) => s + x, 0) / planted.length, 6);
    expect(fit.converged).toBe(true);
    expect(fit.attempts.map((a) => `${a.start}/${a.method}`)).toEqual([
      'equal/nelder-mead',
      'equal/bfgs',
      'regression/nelder-mead',
      'regression/bfgs',
    ]);
  });

  it('reports V on the simplex and a balance table whose synthetic column is X0·W', () => {
    const fit = fitSyntheticControl(exact.panel, exact.spec);
    expect(fit.v.reduce((s, v) => s + v.weight, 0)).toBeCloseTo(1, 12);
    const data = prepareSyntheticControl(exact.panel, exact.spec);
    fit.balance.forEach((row, k) => {
      expect(row.treated).toBe(data.x1[k]);
      expect(row.synthetic).toBeCloseTo(
        data.x0[k]!.reduce((s, x, j) => s + x * fit.weights[j]!.weight, 0),
        10,
      );
      expect(row.sampleMean).toBeCloseTo(data.x0[k]!.reduce((s, x) => s + x, 0) / data.x0[k]!.length, 12);
      // an exact combination balances every predictor
      expect(row.synthetic).toBeCloseTo(row.treated, 6);
    });
  });

  it('with a noisy treated unit, the weights stay near the truth and the effect within noise', () => {
    const noisy = simulatedSyntheticPanel({
      seed: 9,
      donors: 12,
      periods: 30,
      treatmentTime: 21,
      covariates: 4,
      weights: new Map([
        [1, 0.6],
        [4, 0.4],
      ]),
      effect: () => 10,
      treatedNoise: 0.2,
    });
    const fit = fitSyntheticControl(noisy.panel, noisy.spec);
    expect(weightOf(fit, 'donor-2')).toBeCloseTo(0.6, 1);
    expect(weightOf(fit, 'donor-5')).toBeCloseTo(0.4, 1);
    expect(Math.abs(fit.averagePostGap - 10)).toBeLessThan(0.5);
  });

  it('in-space placebo p-value is 1/N with a large planted effect; cutoffs drop badly fitted placebos', () => {
    const sim = simulatedSyntheticPanel({
      seed: 5,
      donors: 9,
      periods: 24,
      treatmentTime: 17,
      covariates: 3,
      weights: new Map([
        [0, 0.3],
        [2, 0.7],
      ]),
      effect: () => 25,
      treatedNoise: 0.3,
    });
    const result = placeboInSpace(sim.panel, sim.spec, {}, { cutoffs: [1e9, 5] });
    expect(result.n).toBe(10);
    expect(result.placebos.map((p) => p.id)).toEqual(sim.spec.donors);
    expect(result.failed).toEqual([]);
    expect(result.rank).toBe(1);
    expect(result.pValue).toBeCloseTo(1 / 10, 15);
    expect(result.treated.ratio).toBeGreaterThan(Math.max(...result.placebos.map((p) => p.ratio)));
    // a huge cutoff keeps everyone; each filter keeps exactly the placebos within k × the treated MSPE
    expect(result.filtered[0]!.kept).toHaveLength(9);
    expect(result.filtered[0]!.pValue).toBe(result.pValue);
    const five = result.filtered[1]!;
    for (const p of result.placebos) {
      expect(five.kept.includes(p.id)).toBe(p.preMspe <= 5 * result.treated.preMspe);
    }
    expect(five.n).toBe(five.kept.length + 1);
    expect(five.pValue).toBeCloseTo(1 / five.n, 15);
    // the same test assembled from independent fits (the worker-thread path)
    const fits = placeboSpecs(sim.spec).map((s) => fitSyntheticControl(sim.panel, s));
    const assembled = placeboInference(fitSyntheticControl(sim.panel, sim.spec), fits.reverse());
    expect(assembled.pValue).toBe(result.pValue);
    expect(new Set(assembled.placebos.map((p) => p.ratio))).toEqual(
      new Set(result.placebos.map((p) => p.ratio)),
    );
  });

  it('with no effect the treated unit is not extreme, and the p-value counts ties against it', () => {
    const sim = simulatedSyntheticPanel({
      seed: 11,
      donors: 9,
      periods: 24,
      treatmentTime: 17,
      covariates: 3,
      weights: new Map([
        [0, 0.5],
        [5, 0.5],
      ]),
      effect: () => 0,
      treatedNoise: 1,
    });
    const result = placeboInSpace(sim.panel, sim.spec);
    const atLeast = result.placebos.filter((p) => p.ratio >= result.treated.ratio).length;
    expect(result.pValue).toBeCloseTo((1 + atLeast) / 10, 15);
    expect(result.pValue).toBeGreaterThan(0.1);
  });

  it('leave-one-out re-runs without each donor that had weight', () => {
    const { fit, runs, failed } = leaveOneOut(exact.panel, exact.spec);
    expect(failed).toEqual([]);
    expect(runs.map((r) => r.dropped).sort()).toEqual(
      fit.weights
        .filter((w) => w.weight > 1e-6)
        .map((w) => w.id)
        .sort(),
    );
    expect(runs.map((r) => r.dropped).sort()).toEqual(['donor-2', 'donor-5']);
    for (const run of runs) {
      expect(run.fit.weights.map((w) => w.id)).not.toContain(run.dropped);
      expect(run.fit.weights).toHaveLength(9);
      // without one of its two components the treated unit can no longer be matched exactly
      expect(run.fit.preMspe).toBeGreaterThan(1e-6);
    }
  });

  it('a single predictor needs no V search', () => {
    const data = prepareSyntheticControl(exact.panel, {
      ...exact.spec,
      predictors: [],
      specialPredictors: [{ variable: 'y', times: [20] }],
    });
    const solution = solveSyntheticWeights(data);
    expect(solution.v).toEqual([1]);
    expect(solution.attempts).toEqual([]);
    expect(solution.w.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 14);
  });
});

describe('synthetic control input checks', () => {
  const sim = simulatedSyntheticPanel({
    seed: 3,
    donors: 5,
    periods: 12,
    treatmentTime: 9,
    covariates: 2,
    weights: new Map([[0, 1]]),
    effect: () => 1,
  });

  it('skips missing values inside a mean window (na.rm = TRUE)', () => {
    const x1 = sim.panel.variables['x1']!.map((row) => [...row]);
    const treatedRow = x1[0]!;
    const expected = (treatedRow[1]! + treatedRow[2]! + treatedRow[3]!) / 3;
    treatedRow[0] = NaN;
    const panel = { ...sim.panel, variables: { ...sim.panel.variables, x1 } };
    const data = prepareSyntheticControl(panel, { ...sim.spec, timePredictorsPrior: [1, 2, 3, 4] });
    expect(data.x1[0]).toBeCloseTo(expected, 12);
  });

  it('rejects a missing treated unit, too few donors, an all-missing predictor and other bad input', () => {
    expect(() => fitSyntheticControl(sim.panel, { ...sim.spec, treated: 'nowhere' })).toThrow(
      /treated unit "nowhere" is not in the panel/,
    );
    expect(() => fitSyntheticControl(sim.panel, { ...sim.spec, donors: ['donor-1'] })).toThrow(
      /at least two donor units/,
    );
    const x2 = sim.panel.variables['x2']!.map((row) => row.map(() => NaN));
    const panel = { ...sim.panel, variables: { ...sim.panel.variables, x2 } };
    expect(() => fitSyntheticControl(panel, sim.spec)).toThrow(/predictor "x2" has no value in its window/);
    expect(() =>
      fitSyntheticControl(sim.panel, { ...sim.spec, donors: [...sim.spec.donors, 'treated'] }),
    ).toThrow(/treated unit is among the donors/);
    expect(() => fitSyntheticControl(sim.panel, { ...sim.spec, donors: ['donor-1', 'donor-1'] })).toThrow(
      /listed twice/,
    );
    expect(() => fitSyntheticControl(sim.panel, { ...sim.spec, donors: ['donor-1', 'donor-9'] })).toThrow(
      /donor unit "donor-9"/,
    );
    expect(() => fitSyntheticControl(sim.panel, { ...sim.spec, outcome: 'z' })).toThrow(/variable "z"/);
    expect(() => fitSyntheticControl(sim.panel, { ...sim.spec, customV: [1, 2] })).toThrow(/customV needs/);
    expect(() =>
      fitSyntheticControl(sim.panel, { ...sim.spec, predictors: [], specialPredictors: [] }),
    ).toThrow(/no predictors/);
    const constant = sim.panel.variables['x1']!.map((row) => row.map(() => 3));
    expect(() =>
      fitSyntheticControl({ ...sim.panel, variables: { ...sim.panel.variables, x1: constant } }, sim.spec),
    ).toThrow(/does not vary across donors/);
    const y = sim.panel.variables['y']!.map((row) => [...row]);
    y[2]![3] = NaN;
    expect(() =>
      fitSyntheticControl({ ...sim.panel, variables: { ...sim.panel.variables, y } }, sim.spec),
    ).toThrow(/missing in timeOptimizeSsr/);
    expect(() => fitSyntheticControl(sim.panel, { ...sim.spec, treated: 'nowhere' })).toThrow(
      ValidationError,
    );
  });

  it('reads long rows into a panel: numeric ids made canonical, missing values NaN, duplicates refused', () => {
    const header = ['id', 'name', 'year', 'y'];
    const panel = panelFromLongRows(
      header,
      [
        ['2.0', 'B', '2001', '4'],
        ['1.0', 'A', '2000', '1'],
        ['1.0', 'A', '2001', 'NA'],
        ['2.0', 'B', '2000', '3'],
      ],
      { unit: 'id', name: 'name', time: 'year' },
    );
    expect(panel.units).toEqual([
      { id: '2', name: 'B' },
      { id: '1', name: 'A' },
    ]);
    expect(panel.times).toEqual([2000, 2001]);
    expect(panel.variables['y']).toEqual([
      [3, 4],
      [1, NaN],
    ]);
    expect(() =>
      panelFromLongRows(
        header,
        [
          ['1', 'A', '2000', '1'],
          ['1', 'A', '2000', '2'],
        ],
        { unit: 'id', time: 'year' },
      ),
    ).toThrow(/two rows for time 2000/);
    expect(() => panelFromLongRows(header, [], { unit: 'unit', time: 'year' })).toThrow(/column "unit"/);
  });
});
