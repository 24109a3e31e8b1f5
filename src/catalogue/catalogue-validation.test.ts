import { describe, expect, it } from 'vitest';
import { ValidationError, formatIssue, type InputIssue } from '../kernel/errors.ts';
import type { DataElement, Dimension, Indicator } from './catalogue.ts';
import { catalogueIssues, validateCatalogue } from './catalogue-validation.ts';
import { SEED_CATALOGUE } from './seed-catalogue.ts';

const seed = SEED_CATALOGUE;

function elementOf(code: string): DataElement {
  const found = seed.elements.find((e) => e.code === code);
  if (found === undefined) throw new Error(`no element ${code}`);
  return found;
}

function indicatorOf(code: string): Indicator {
  const found = seed.indicators.find((i) => i.code === code);
  if (found === undefined) throw new Error(`no indicator ${code}`);
  return found;
}

/** The seed with some items replaced (by code) or added. */
function withChanges(changes: {
  elements?: readonly DataElement[];
  indicators?: readonly Indicator[];
  dimensions?: readonly Dimension[];
}): InputIssue[] {
  const merge = <T extends { code: string }>(base: readonly T[], extra: readonly T[] = []): T[] => [
    ...base.map((item) => extra.find((e) => e.code === item.code) ?? item),
    ...extra.filter((e) => !base.some((item) => item.code === e.code)),
  ];
  return catalogueIssues(
    merge(seed.elements, changes.elements),
    merge(seed.indicators, changes.indicators),
    merge(seed.dimensions, changes.dimensions),
  );
}

function messages(issues: readonly InputIssue[]): string[] {
  return issues.map(formatIssue);
}

const rate: Indicator = { ...indicatorOf('police_rate'), code: 'test_indicator' };

describe('validateCatalogue', () => {
  it('reports duplicate codes', () => {
    const issues = catalogueIssues(
      [...seed.elements, elementOf('arrests')],
      [...seed.indicators, indicatorOf('homicide_rate')],
      [...seed.dimensions, seed.dimensions[0]!],
    );
    expect(messages(issues)).toEqual([
      '(dimensions.sex): duplicate dimension code "sex"',
      '(elements.arrests): duplicate data element code "arrests"',
      '(indicators.homicide_rate): duplicate indicator code "homicide_rate"',
    ]);
  });

  it('reports malformed codes and duplicate categories', () => {
    const sex = seed.dimensions.find((d) => d.code === 'sex')!;
    const issues = withChanges({
      dimensions: [
        {
          ...sex,
          categories: [...sex.categories, sex.categories[0]!, { code: 'F;M', name: sex.name }],
        },
      ],
      elements: [{ ...elementOf('arrests'), code: 'Arrests-2' }],
    });
    expect(messages(issues)).toEqual([
      '(dimensions.sex.categories): category "F" is listed twice',
      `(dimensions.sex.categories.F;M): "F;M" is not a valid category code (letters, digits and '_', '.', '+', '-')`,
      `(elements[${seed.elements.length}].code): "Arrests-2" is not a valid data element code (lowercase letters, digits and '_', starting with a letter)`,
    ]);
  });

  it('reports missing translations', () => {
    const population = elementOf('population');
    const issues = withChanges({
      elements: [{ ...population, name: { ...population.name, fr: '' } }],
      indicators: [{ ...rate, definition: { ...rate.definition, pt: '  ' } }],
    });
    expect(messages(issues)).toEqual([
      '(elements.population.name.fr): missing French text',
      '(indicators.test_indicator.definition.pt): missing Portuguese text',
    ]);
  });

  it('reports formula problems with their column', () => {
    const issues = withChanges({
      indicators: [
        { ...rate, numerator: 'homicide_victim[sex=F]', denominator: 'population[' },
        { ...rate, code: 'test_units', numerator: 'police_officers + drug_seizures' },
      ],
    });
    expect(messages(issues)).toEqual([
      'column 1 (indicators.test_indicator.numerator): unknown data element "homicide_victim" (did you mean "homicide_victims"?)',
      'column 12 (indicators.test_indicator.denominator): expected a dimension code but found end of formula',
      "column 17 (indicators.test_units.numerator): unit mismatch: 'police_officers' is in persons but 'drug_seizures' is in kg; only values in the same unit can be added",
    ]);
  });

  it('checks shares: same unit in numerator and denominator, factor 100', () => {
    const issues = withChanges({
      indicators: [
        {
          ...rate,
          kind: 'share',
          numerator: 'drug_seizures',
          denominator: 'arrests',
          factor: 1000,
        },
      ],
    });
    expect(messages(issues)).toEqual([
      '(indicators.test_indicator): a share needs numerator and denominator in the same unit, but the numerator is in kg and the denominator in persons',
      '(indicators.test_indicator.factor): a share is a percentage: its factor must be 100, not 1000',
    ]);
  });

  it('checks changes: changeOf present, known, not a change, same formula', () => {
    const change = indicatorOf('recidivism_rate_change');
    const { changeOf: _changeOf, ...withoutChangeOf } = change;
    const issues = withChanges({
      indicators: [
        withoutChangeOf,
        { ...change, code: 'test_unknown', changeOf: 'recidivism_rates' },
        { ...change, code: 'test_of_change', changeOf: 'recidivism_rate_change' },
        { ...change, code: 'test_other_formula', factor: 1000 },
        { ...rate, changeOf: 'police_rate' },
      ],
    });
    expect(messages(issues)).toEqual([
      '(indicators.recidivism_rate_change.changeOf): a change needs changeOf: the indicator whose change it is',
      '(indicators.test_unknown.changeOf): unknown indicator "recidivism_rates"',
      '(indicators.test_of_change.changeOf): "recidivism_rate_change" is itself a change; a change must be of a rate, share, ratio or level',
      '(indicators.test_other_formula): a change repeats the numerator, denominator and factor of "recidivism_rate" (reconvicted / released_prisoners × 100)',
      '(indicators.test_indicator.changeOf): only an indicator of kind "change" has changeOf (this is a rate)',
    ]);
  });

  it('refuses a level with a denominator, and a rate, share or ratio without one', () => {
    const issues = withChanges({
      indicators: [
        { ...indicatorOf('trust_police'), denominator: 'population' },
        { ...rate, kind: 'ratio', denominator: null },
      ],
    });
    expect(messages(issues)).toEqual([
      '(indicators.trust_police.denominator): a level has no denominator (found "population"); use kind rate, share or ratio',
      '(indicators.test_indicator.denominator): a ratio needs a denominator',
    ]);
  });

  it('refuses a rate whose denominator is not a population, and percentages inside ratios', () => {
    const issues = withChanges({
      indicators: [
        { ...rate, numerator: 'arrests', denominator: 'drug_seizures' },
        {
          ...rate,
          code: 'test_ratio',
          kind: 'ratio',
          numerator: 'trust_police_share',
          denominator: 'trust_justice_share',
          factor: 1,
        },
      ],
    });
    expect(messages(issues)).toEqual([
      '(indicators.test_indicator.denominator): a rate is per population: its denominator must be in persons, not kg',
      '(indicators.test_ratio): data element "trust_police_share" is already a percentage: show it as a level, not inside a ratio',
      '(indicators.test_ratio): data element "trust_justice_share" is already a percentage: show it as a level, not inside a ratio',
    ]);
  });

  it('checks indicator dimensions against the elements they read', () => {
    const issues = withChanges({
      elements: [{ ...elementOf('social_workers'), code: 'test_staff', dimensions: [] }],
      indicators: [
        { ...rate, numerator: 'police_officers', dimensions: ['age_group', 'colour'] },
        {
          ...rate,
          code: 'test_mixed',
          kind: 'share',
          factor: 100,
          numerator: 'police_officers[sex=F]',
          denominator: 'police_officers + test_staff',
          dimensions: ['sex', 'sex'],
        },
      ],
    });
    expect(messages(issues)).toEqual([
      '(indicators.test_indicator.dimensions): cannot be shown by "age_group": data element "police_officers" in the numerator is not broken down by it',
      '(indicators.test_indicator.dimensions): unknown dimension "colour"',
      '(indicators.test_mixed.dimensions): dimension "sex" is listed twice',
      '(indicators.test_mixed.dimensions): cannot be shown by "sex": in the denominator, "police_officers" is broken down by it but "test_staff" is not',
      '(indicators.test_mixed.dimensions): cannot be shown by "sex": the formula already fixes police_officers[sex=F]',
    ]);
  });

  it('checks data elements: dimensions, aggregation rules, weights, ICCS codes', () => {
    const trust = elementOf('trust_police_share');
    const issues = withChanges({
      elements: [
        { ...trust, spaceAggregation: { kind: 'weighted', weightElement: 'populaton' } },
        {
          ...trust,
          code: 'test_self',
          spaceAggregation: { kind: 'weighted', weightElement: 'test_self' },
        },
        { ...trust, code: 'test_summed', unit: 'persons', spaceAggregation: { kind: 'sum' } },
        {
          ...elementOf('arrests'),
          code: 'test_count',
          timeAggregation: 'last',
          dimensions: ['sex', 'race'],
          iccs: '1',
        },
        { ...elementOf('prisoners'), code: 'test_stock', timeAggregation: 'sum', unit: 'percent' },
      ],
    });
    expect(messages(issues)).toEqual([
      '(elements.trust_police_share.spaceAggregation): weighted by unknown data element "populaton"',
      '(elements.test_self.spaceAggregation): a data element cannot be weighted by itself',
      '(elements.test_summed.unit): a share is measured in percent, not in persons',
      '(elements.test_summed.spaceAggregation): a share cannot be summed over space: weight it by a data element (e.g. population)',
      '(elements.test_count.dimensions): unknown dimension "race"',
      '(elements.test_count.timeAggregation): a count is additive over time: its time aggregation must be "sum", not "last"',
      '(elements.test_count.iccs): "1" is not an ICCS code (2, 4, 5 or 6 digits)',
      '(elements.test_stock.timeAggregation): a stock is a level at a date: it cannot be summed over time (use "last" or "average")',
      '(elements.test_stock.unit): only a share is measured in percent (this is a stock)',
    ]);
  });

  it('checks SDG and ICCS codes of indicators and the factor', () => {
    const issues = withChanges({
      indicators: [{ ...rate, sdg: ['16.1', '16.1.1', '16.1.1'], iccs: ['01011x'], factor: 0 }],
    });
    expect(messages(issues)).toEqual([
      '(indicators.test_indicator.factor): the factor must be a positive number, not 0',
      '(indicators.test_indicator.sdg): "16.1" is not an SDG indicator code (e.g. 16.1.1)',
      '(indicators.test_indicator.sdg): SDG indicator "16.1.1" is listed twice',
      '(indicators.test_indicator.iccs): "01011x" is not an ICCS code (2, 4, 5 or 6 digits)',
    ]);
  });

  it('throws one ValidationError listing every problem', () => {
    const broken: Indicator = { ...rate, numerator: 'arests', kind: 'level' };
    let thrown: unknown;
    try {
      validateCatalogue(seed.elements, [...seed.indicators, broken], seed.dimensions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    const error = thrown as ValidationError;
    expect(error.issues).toHaveLength(2);
    expect(error.message).toContain('The catalogue has 2 problems:');
    expect(error.message).toContain('did you mean "arrests"?');
    expect(error.message).toContain('a level has no denominator');
  });
});
