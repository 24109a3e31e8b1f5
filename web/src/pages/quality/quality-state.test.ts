import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUALITY_STATE,
  defaultRange,
  effectiveRange,
  parseQualityQuery,
  periodKind,
  qualityHref,
  rangeProblem,
  sectionHref,
  serialiseQualityState,
  type QualityState,
} from './quality-state.ts';

const parse = (query: string) => parseQualityQuery(new URLSearchParams(query));

describe('quality page state ↔ query string', () => {
  it('writes the defaults as the bare address, and reads it back as the defaults', () => {
    expect(qualityHref(DEFAULT_QUALITY_STATE)).toBe('/quality');
    expect(parse('')).toEqual(DEFAULT_QUALITY_STATE);
  });

  it('round-trips every setting in one fixed order', () => {
    const state: QualityState = {
      section: 'completeness',
      unit: 'SLV',
      element: 'prisoners',
      from: '2022-01',
      to: '2022-12',
      severity: 'warning',
      below: 50,
      sort: 'timeliness',
      descending: true,
      source: 'police',
    };
    const query = serialiseQualityState(state);
    expect(query).toBe(
      'section=completeness&unit=SLV&element=prisoners&from=2022-01&to=2022-12&severity=warning&below=50&sort=timeliness&desc=1&source=police',
    );
    expect(parse(query)).toEqual(state);
    // the same view whatever order the address had
    expect(
      serialiseQualityState(
        parse(
          'source=police&desc=1&sort=timeliness&below=50&severity=warning&to=2022-12&from=2022-01&element=prisoners&unit=slv&section=completeness',
        ),
      ),
    ).toBe(query);
  });

  it('drops what is malformed and keeps the rest', () => {
    const state = parse(
      'section=nope&unit=M%20X&element=Homicide&from=2019&to=2020-05&severity=fatal&below=150&sort=x&desc=yes&source=DROP;',
    );
    expect(state).toEqual(DEFAULT_QUALITY_STATE);
    expect(parse('below=0').below).toBe(0);
    expect(parse('below=').below).toBe(80);
    expect(parse('below=2.5').below).toBe(80);
    expect(parse('from=2019').from).toBeNull(); // a range needs both ends
    expect(parse('unit=mex.09001').unit).toBe('MEX.09001');
  });

  it('puts a backward range right and refuses mixed period types', () => {
    expect(parse('from=2023&to=2019')).toMatchObject({ from: '2019', to: '2023' });
    expect(parse('from=2019-Q1&to=2019-03')).toMatchObject({ from: null, to: null });
    expect(rangeProblem('2019', '2023')).toBeUndefined();
    expect(rangeProblem('2019-01', '2019-12')).toBeUndefined();
    expect(rangeProblem('2019-12', '2019-01')).toBe('order');
    expect(rangeProblem('2019', '2019-12')).toBe('type');
    expect(rangeProblem('2019-13', '2020-01')).toBe('format');
    expect(rangeProblem('1899', '1900')).toBe('format');
    expect([periodKind('2020'), periodKind('2020-Q4'), periodKind('2020-07'), periodKind('20')]).toEqual([
      'year',
      'quarter',
      'month',
      undefined,
    ]);
  });

  it('links to another section keeping the unit and element, not the section’s own settings', () => {
    const state = parse('section=rules&unit=GTM&element=prisoners&from=2010&to=2012&severity=error');
    expect(sectionHref(state, 'sources')).toBe('/quality?section=sources&unit=GTM&element=prisoners');
    expect(sectionHref(state, 'rules')).toBe('/quality?unit=GTM&element=prisoners');
  });

  it('gives each section its default range from today', () => {
    const today = new Date(Date.UTC(2025, 0, 15)); // 15 January 2025
    expect(defaultRange('rules', today)).toEqual({ from: '2020', to: '2024' });
    expect(defaultRange('sources', today)).toEqual({ from: '2020', to: '2024' });
    expect(defaultRange('completeness', today)).toEqual({ from: '2023-01', to: '2024-12' });
    expect(defaultRange('completeness', new Date(Date.UTC(2025, 6, 1)))).toEqual({
      from: '2023-07',
      to: '2025-06',
    });
    expect(defaultRange('outliers', today)).toBeNull();
    expect(effectiveRange(parse('from=2001&to=2002'), today)).toEqual({ from: '2001', to: '2002' });
    expect(effectiveRange(parse('section=completeness'), today)).toEqual({ from: '2023-01', to: '2024-12' });
  });
});
