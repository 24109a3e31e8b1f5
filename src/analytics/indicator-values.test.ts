import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATA_ELEMENTS } from '../catalogue/data-elements.ts';
import { INDICATORS } from '../catalogue/indicators.ts';
import { AnalyticsCube, type CubeRow } from './analytics-cube.ts';
import { compileIndicator, indicatorValue } from './indicator-values.ts';

const element = (code: string) => DATA_ELEMENTS.findIndex((e) => e.code === code);

/** A parent (0) with `n` children (1..n). */
function cubeWith(n: number): AnalyticsCube {
  return new AnalyticsCube({
    units: [
      { id: 0, code: 'P', parentId: null, level: 'member_state', depth: 0, validFrom: null, validTo: null },
      ...Array.from({ length: n }, (_, i) => ({
        id: i + 1,
        code: `C${i + 1}`,
        parentId: 0,
        level: 'division',
        depth: 1,
        validFrom: null,
        validTo: null,
      })),
    ],
    groups: [],
    elements: DATA_ELEMENTS.map((e, id) => ({ ...e, id })),
    sources: [{ id: 1, code: 's' }],
  });
}

describe('indicator values', () => {
  const homicideRate = INDICATORS.find((i) => i.code === 'homicide_rate')!;

  it('rates a parent as Σ numerators / Σ denominators, never as an average of its children’s rates (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ count: fc.nat(5000), population: fc.integer({ min: 1000, max: 5_000_000 }) }), {
          minLength: 2,
          maxLength: 12,
        }),
        (children) => {
          const cube = cubeWith(children.length);
          const rows: CubeRow[] = children.flatMap((c, i) => [
            {
              elementId: element('homicide_victims'),
              orgUnitId: i + 1,
              period: '2020',
              disaggregation: '',
              sourceId: 1,
              value: c.count,
              status: 'published',
            },
            {
              elementId: element('population'),
              orgUnitId: i + 1,
              period: '2020',
              disaggregation: '',
              sourceId: 1,
              value: c.population,
              status: 'published',
            },
          ]);
          cube.apply(rows);
          const compiled = compileIndicator(homicideRate, cube.elementsByCode);
          const parent = indicatorValue(
            cube,
            'published',
            compiled,
            { unitIds: [0] },
            cube.periodKey('2020')!,
          )!;
          const count = children.reduce((s, c) => s + c.count, 0);
          const population = children.reduce((s, c) => s + c.population, 0);
          expect(parent.numerator).toBe(count);
          expect(parent.denominator).toBe(population);
          expect(parent.value).toBeCloseTo((count / population) * 1e5, 9);
          const mean = children.reduce((s, c) => s + (c.count / c.population) * 1e5, 0) / children.length;
          const weightsDiffer = new Set(children.map((c) => c.population)).size > 1;
          const ratesDiffer = new Set(children.map((c) => c.count / c.population)).size > 1;
          if (weightsDiffer && ratesDiffer && Math.abs(mean - parent.value) > 1e-6) {
            expect(parent.value).not.toBeCloseTo(mean, 6);
          }
          // a group of the same children gives the same value
          const group = indicatorValue(
            cube,
            'published',
            compiled,
            { unitIds: children.map((_, i) => i + 1) },
            cube.periodKey('2020')!,
          )!;
          expect(group.value).toBeCloseTo(parent.value, 9);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('flags small counts and gives no interval to a count that is not whole', () => {
    const cube = cubeWith(1);
    cube.apply([
      {
        elementId: element('homicide_victims'),
        orgUnitId: 1,
        period: '2020',
        disaggregation: '',
        sourceId: 1,
        value: 12,
        status: 'published',
      },
      {
        elementId: element('population'),
        orgUnitId: 1,
        period: '2020',
        disaggregation: '',
        sourceId: 1,
        value: 50_000,
        status: 'published',
      },
      {
        elementId: element('homicide_victims'),
        orgUnitId: 1,
        period: '2021',
        disaggregation: '',
        sourceId: 1,
        value: 12.5,
        status: 'published',
      },
      {
        elementId: element('population'),
        orgUnitId: 1,
        period: '2021',
        disaggregation: '',
        sourceId: 1,
        value: 50_000,
        status: 'published',
      },
    ]);
    const compiled = compileIndicator(homicideRate, cube.elementsByCode);
    const small = indicatorValue(cube, 'published', compiled, { unitIds: [1] }, cube.periodKey('2020')!)!;
    expect(small).toMatchObject({ value: 24, smallCount: true });
    expect(small.lower).not.toBeNull();
    const fractional = indicatorValue(
      cube,
      'published',
      compiled,
      { unitIds: [1] },
      cube.periodKey('2021')!,
    )!;
    expect(fractional.lower).toBeNull();
  });
});
