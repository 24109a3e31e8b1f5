import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors.ts';
import {
  parseTimeWindow,
  runDidOnPanel,
  runItsOnPanel,
  runScmOnPanel,
  windowTimes,
} from './panel-evaluation.ts';
import { readPanelCsv } from './panel-table.ts';
import { seededUniform, poissonDraw } from './seeded-poisson.ts';

const DIR = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'evaluation');
const present = existsSync(DIR);
const read = (name: string) => readPanelCsv(readFileSync(join(DIR, name), 'utf8'), name);

describe('windows', () => {
  it('reads 1960-1969, 1961-1969:2 and 1969', () => {
    expect(windowTimes(parseTimeWindow('1961-1969:2'))).toEqual([1961, 1963, 1965, 1967, 1969]);
    expect(windowTimes(parseTimeWindow('1969'))).toEqual([1969]);
    expect(() => parseTimeWindow('sixties')).toThrow(ValidationError);
    expect(() => windowTimes({ from: 3, to: 1 })).toThrow(/empty/);
  });
});

describe('interrupted time series from a CSV panel', () => {
  it('reads monthly period codes, derives the season, and recovers a planted level change', () => {
    const uniform = seededUniform(7);
    const lines = ['month,cases,population'];
    for (let k = 0; k < 72; k++) {
      const year = 2015 + Math.floor(k / 12);
      const month = (k % 12) + 1;
      const mean =
        500 * Math.exp(0.002 * k + 0.2 * Math.sin((2 * Math.PI * month) / 12)) * (k >= 36 ? 0.75 : 1);
      lines.push(`${year}-${String(month).padStart(2, '0')},${poissonDraw(uniform, mean)},100000`);
    }
    // rows in any order: the period codes put them right
    const text = [lines[0], ...lines.slice(1).reverse()].join('\n');
    const run = runItsOnPanel(readPanelCsv(text), {
      time: 'month',
      outcome: 'cases',
      start: '2018-01',
      exposure: 'population',
      harmonics: 1,
    });
    expect(run.labels[0]).toBe('2015-01');
    expect(run.result.prePoints).toBe(36);
    expect(run.result.levelChange.lower).toBeLessThan(0.75);
    expect(run.result.levelChange.upper).toBeGreaterThan(0.75);
  });

  it('refuses a start in another period type, and a count that is not a number', () => {
    const table = readPanelCsv('t,y\n2020-01,1\n2020-02,2\n2020-03,3\n2020-04,4\n2020-05,5\n');
    expect(() => runItsOnPanel(table, { time: 't', outcome: 'y', start: '2020' })).toThrow(/not a month/);
    const bad = readPanelCsv('t,y\n1,1\n2,x\n');
    expect(() => runItsOnPanel(bad, { time: 't', outcome: 'y', start: '2' })).toThrow(/line 3, column 2/);
  });

  it.skipIf(!present)(
    'reproduces the Sicily quasi-Poisson model with two harmonic pairs (0.885, 0.839–0.933)',
    () => {
      const run = runItsOnPanel(read('sicily.csv'), {
        time: 'time',
        outcome: 'aces',
        start: '37',
        exposure: 'stdpop',
        season: 'month',
        harmonics: 2,
        family: 'quasipoisson',
      });
      expect(run.result.levelChange.rateRatio).toBeCloseTo(0.885, 3);
      expect(run.result.levelChange.lower).toBeCloseTo(0.839, 3);
      expect(run.result.levelChange.upper).toBeCloseTo(0.933, 3);
    },
  );
});

describe.skipIf(!present)('synthetic control and staggered DiD from the reference CSV files', () => {
  it('gives the Basque weights (Cataluña 0.8508, Madrid 0.1492)', () => {
    const run = runScmOnPanel(read('basque.csv'), {
      unit: 'regionno',
      name: 'regionname',
      time: 'year',
      outcome: 'gdpcap',
      treated: 'Basque Country (Pais Vasco)',
      exclude: ['Spain (Espana)'],
      treatmentTime: 1970,
      predictors: ['school.illit', 'school.prim', 'school.med', 'school.high', 'school.post.high', 'invest'],
      predictorsWindow: parseTimeWindow('1964-1969'),
      special: [
        { variable: 'gdpcap', window: parseTimeWindow('1960-1969') },
        ...[
          'sec.agriculture',
          'sec.energy',
          'sec.industry',
          'sec.construction',
          'sec.services.venta',
          'sec.services.nonventa',
        ].map((variable) => ({ variable, window: parseTimeWindow('1961-1969:2') })),
        { variable: 'popdens', window: parseTimeWindow('1969') },
      ],
      optimizeWindow: parseTimeWindow('1960-1969'),
    });
    const weight = (name: string) => run.fit.weights.find((w) => w.name.startsWith(name))?.weight ?? 0;
    expect(weight('Cataluna')).toBeCloseTo(0.8508, 2);
    expect(weight('Madrid')).toBeCloseTo(0.1492, 2);
  });

  it('gives the mpdta group-time effects and the simple aggregation (−0.0400, SE 0.0120)', () => {
    const run = runDidOnPanel(read('mpdta.csv'), {
      unit: 'countyreal',
      time: 'year',
      outcome: 'lemp',
      group: 'first.treat',
    });
    if (run.design !== 'staggered') throw new Error('expected the staggered design');
    const cell = run.result.effects.find((e) => e.group === 2004 && e.time === 2006);
    expect(cell?.att).toBeCloseTo(-0.1373, 4);
    expect(run.aggregations.simple.overall.att).toBeCloseTo(-0.04, 4);
    expect(run.aggregations.simple.overall.se).toBeCloseTo(0.012, 4);
    expect(run.aggregations.dynamic.overall.att).toBeCloseTo(-0.0772, 4);
  });
});

describe('2×2 difference-in-differences from a CSV panel', () => {
  it('computes the hand-checkable estimate and refuses a bad treated flag', () => {
    const text =
      'unit,year,y,treated\nA,1,1,1\nA,2,5,1\nB,1,2,1\nB,2,7,1\nC,1,1,0\nC,2,2,0\nD,1,3,0\nD,2,4,0\n';
    const run = runDidOnPanel(readPanelCsv(text), {
      unit: 'unit',
      time: 'year',
      outcome: 'y',
      treated: 'treated',
      postFrom: 2,
    });
    if (run.design !== '2x2') throw new Error('expected the 2×2 design');
    // treated change (4 + 5) / 2 = 4.5, control change (1 + 1) / 2 = 1
    expect(run.result.estimate).toBeCloseTo(3.5, 10);
    const bad = readPanelCsv(text.replace('A,1,1,1', 'A,1,1,maybe'));
    expect(() =>
      runDidOnPanel(bad, { unit: 'unit', time: 'year', outcome: 'y', treated: 'treated', postFrom: 2 }),
    ).toThrow(/line 2, column 4/);
  });
});

describe.skipIf(!present)('further panels run end to end', () => {
  it('São Paulo homicides (Freire 2018): the synthetic São Paulo tracks it before 1999 and lies above it after', () => {
    const run = runScmOnPanel(read('brazil_homicides_sp_synth.csv'), {
      unit: 'abbreviation',
      name: 'state',
      time: 'year',
      outcome: 'homicide.rates',
      treated: 'SP',
      treatmentTime: 1999,
      predictors: [
        'state.gdp.capita',
        'state.gdp.growth.percent',
        'population.projection.ln',
        'years.schooling.imp',
      ],
      predictorsWindow: parseTimeWindow('1990-1998'),
      special: [
        { variable: 'homicide.rates', window: parseTimeWindow('1990-1998') },
        { variable: 'proportion.extreme.poverty', window: parseTimeWindow('1990-1998') },
      ],
      optimizeWindow: parseTimeWindow('1990-1998'),
    });
    const total = run.fit.weights.reduce((sum, w) => sum + w.weight, 0);
    expect(total).toBeCloseTo(1, 6);
    expect(run.fit.weights.every((w) => w.weight >= 0)).toBe(true);
    // the published finding: homicides in São Paulo fell far below its synthetic control in the 2000s
    const late = run.fit.series.filter((p) => p.time >= 2005);
    expect(late.every((p) => p.gap < 0)).toBe(true);
    expect(run.fit.preRmspe).toBeLessThan(5);
  });
});
