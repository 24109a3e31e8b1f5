import { describe, expect, it } from 'vitest';
import {
  analyticsQuery,
  DEFAULT_STATE,
  downloadName,
  mapQuery,
  normaliseExplorerState,
  parseExplorerQuery,
  periodCode,
  periodStart,
  serialiseExplorerState,
  type ExplorerContext,
  type ExplorerState,
} from './explorer-state.ts';

const parse = (query: string): ExplorerState => parseExplorerQuery(new URLSearchParams(query));

const CONTEXT: ExplorerContext = {
  indicators: [
    { code: 'homicide_rate', dimensions: ['sex', 'age_group'] },
    { code: 'prison_rate', dimensions: ['sex', 'detention'] },
  ],
  dimensions: [
    { code: 'sex', categories: [{ code: 'F' }, { code: 'M' }] },
    { code: 'age_group', categories: [{ code: '0-14' }, { code: '60+' }] },
    { code: 'detention', categories: [{ code: 'sentenced' }] },
  ],
  units: ['AME', 'CAM', 'CAR', 'NAM', 'SAM', 'GTM', 'MEX', 'KNA'],
  years: Array.from({ length: 25 }, (_, i) => 2000 + i),
};

describe('explorer state in the URL', () => {
  it('round-trips a full view, in a stable order with readable commas', () => {
    const query =
      'indicator=homicide_rate&units=MEX,GTM,AME&from=2010&to=2024&periodType=year&dis=sex%3DF&view=line&rates=smoothed';
    const state = parse(query);
    expect(state).toEqual({
      indicator: 'homicide_rate',
      units: ['MEX', 'GTM', 'AME'],
      from: 2010,
      to: 2024,
      periodType: 'year',
      dis: 'sex=F',
      view: 'line',
      rates: 'smoothed',
    });
    expect(serialiseExplorerState(state)).toBe(query);
    // the order of the parameters in the input does not matter
    const shuffled =
      'rates=smoothed&view=line&dis=sex%3DF&to=2024&from=2010&units=MEX,GTM,AME&periodType=year&indicator=homicide_rate';
    expect(serialiseExplorerState(parse(shuffled))).toBe(query);
    // a quarter range and a map survive too
    const other = 'indicator=prison_rate&units=KNA&from=2020&to=2024&periodType=quarter&view=map&rates=crude';
    expect(serialiseExplorerState(parse(other))).toBe(other);
  });

  it('gives the defaults for an empty query', () => {
    expect(parse('')).toEqual(DEFAULT_STATE);
    expect(serialiseExplorerState(DEFAULT_STATE)).toBe(
      'indicator=homicide_rate&units=AME,CAM,CAR,NAM,SAM&periodType=year&view=line&rates=crude',
    );
  });

  it('ignores junk: unknown enums, malformed codes and years, odd breakdowns', () => {
    const state = parse(
      'indicator=DROP%20TABLE&units=mex,%3Cscript%3E,,GTM,GTM&from=20x0&to=3000&periodType=week&dis=sex&view=pie&rates=magic&extra=1',
    );
    expect(state.indicator).toBe('homicide_rate');
    expect(state.units).toEqual(['MEX', 'GTM']); // upper-cased, deduplicated, junk dropped
    expect(state.from).toBeNull();
    expect(state.to).toBeNull();
    expect(state.periodType).toBe('year');
    expect(state.dis).toBe('');
    expect(state.view).toBe('line');
    expect(state.rates).toBe('crude');
    expect(parse('units=,,').units).toEqual(DEFAULT_STATE.units);
    // a reversed range is put the right way round
    expect(parse('from=2024&to=2010')).toMatchObject({ from: 2010, to: 2024 });
  });
});

describe('explorer state against the catalogue', () => {
  it('drops unknown codes, orders units like the picker, and defaults the range to the last 15 years', () => {
    const state = normaliseExplorerState(
      parse('indicator=nope&units=MEX,ZZZ,AME,GTM&dis=weapon%3Dfirearm'),
      CONTEXT,
    );
    expect(state.indicator).toBe('homicide_rate');
    expect(state.units).toEqual(['AME', 'GTM', 'MEX']);
    expect(state.dis).toBe(''); // homicide_rate here has no weapon breakdown
    expect(state).toMatchObject({ from: 2010, to: 2024 });
    expect(normaliseExplorerState(parse('units=ZZZ'), CONTEXT).units).toEqual(DEFAULT_STATE.units);
  });

  it('keeps a breakdown the indicator has, with a known category', () => {
    expect(normaliseExplorerState(parse('dis=sex%3DF'), CONTEXT).dis).toBe('sex=F');
    expect(normaliseExplorerState(parse('dis=sex%3DX'), CONTEXT).dis).toBe('');
    expect(normaliseExplorerState(parse('indicator=prison_rate&dis=age_group%3D60%2B'), CONTEXT).dis).toBe(
      '',
    );
  });

  it('clamps the range to the years with data, and shortens it for quarters and months', () => {
    expect(normaliseExplorerState(parse('from=1990&to=2030'), CONTEXT)).toMatchObject({
      from: 2000,
      to: 2024,
    });
    expect(normaliseExplorerState(parse('from=2001&to=2024&periodType=month'), CONTEXT)).toMatchObject({
      from: 2020,
      to: 2024,
    });
    expect(normaliseExplorerState(parse('from=2001&to=2024&periodType=quarter'), CONTEXT)).toMatchObject({
      from: 2015,
      to: 2024,
    });
    // unknown years (still loading) leave the range alone
    expect(normaliseExplorerState(parse('from=2001'), { ...CONTEXT, years: undefined })).toMatchObject({
      from: 2001,
      to: null,
    });
  });

  it('falls back to crude rates when smoothing does not apply', () => {
    expect(normaliseExplorerState(parse('rates=smoothed'), { ...CONTEXT, smoothable: false }).rates).toBe(
      'crude',
    );
    expect(normaliseExplorerState(parse('rates=smoothed'), { ...CONTEXT, smoothable: true }).rates).toBe(
      'smoothed',
    );
  });
});

describe('explorer queries and names', () => {
  const state = { ...DEFAULT_STATE, units: ['MEX', 'GTM'], from: 2010, to: 2024 };

  it('builds the analytics query of a view', () => {
    expect(analyticsQuery(state)).toEqual({
      indicator: 'homicide_rate',
      orgUnit: 'MEX,GTM',
      from: '2010',
      to: '2024',
      periodType: 'year',
    });
    expect(analyticsQuery({ ...state, periodType: 'month', dis: 'sex=F', rates: 'smoothed' })).toEqual({
      indicator: 'homicide_rate',
      orgUnit: 'MEX,GTM',
      from: '2010-01',
      to: '2024-12',
      periodType: 'month',
      disaggregation: 'sex=F',
      smooth: 'global',
    });
    expect(mapQuery({ ...state, periodType: 'quarter' })).toEqual({
      indicator: 'homicide_rate',
      level: 'member_state',
      period: '2024-Q4',
      periodType: 'quarter',
    });
  });

  it('reads period codes as dates and names downloads', () => {
    expect(periodCode(2010, 'quarter', 'first')).toBe('2010-Q1');
    expect(periodStart('2024').toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(periodStart('2024-Q2').toISOString()).toBe('2024-04-01T00:00:00.000Z');
    expect(periodStart('2024-11').toISOString()).toBe('2024-11-01T00:00:00.000Z');
    expect(downloadName(state, 'svg')).toBe('atalaya-homicide_rate-2010-2024.svg');
    expect(downloadName({ ...state, dis: 'age_group=60+' }, 'png')).toBe(
      'atalaya-homicide_rate-2010-2024-age_group-60plus.png',
    );
  });
});
