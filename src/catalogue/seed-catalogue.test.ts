import { describe, expect, it } from 'vitest';
import { formatIssue } from '../kernel/errors.ts';
import { LANGUAGES, type LocalizedText } from '../kernel/i18n.ts';
import type { DataElement, Indicator } from './catalogue.ts';
import { catalogueIssues, validateCatalogue } from './catalogue-validation.ts';
import { evaluateFormula, formulaUnit, parseFormula } from './formula.ts';
import { SEED_CATALOGUE } from './seed-catalogue.ts';

const { elements, indicators, dimensions } = SEED_CATALOGUE;
const elementsByCode = new Map(elements.map((e) => [e.code, e]));
const indicatorsByCode = new Map(indicators.map((i) => [i.code, i]));

function element(code: string): DataElement {
  const found = elementsByCode.get(code);
  if (found === undefined) throw new Error(`no data element ${code}`);
  return found;
}

function indicator(code: string): Indicator {
  const found = indicatorsByCode.get(code);
  if (found === undefined) throw new Error(`no indicator ${code}`);
  return found;
}

const ELEMENT_CODES = [
  'population',
  'homicide_victims',
  'police_officers',
  'police_officers_trained',
  'arrests',
  'drug_seizures',
  'prisoners',
  'released_prisoners',
  'reconvicted',
  'social_workers',
  'prevention_centres',
  'treatment_centres',
  'private_security_guards',
  'trust_police_share',
  'trust_justice_share',
  'feel_safe_night_share',
  'victimisation_share',
  'firearms_marked',
  'firearms_destroyed',
];

const INDICATOR_CODES = {
  traditional: ['police_rate', 'arrest_rate', 'drug_seizures_kg', 'homicide_rate', 'prison_rate'],
  wider_outcome: [
    'social_worker_rate',
    'prevention_centre_rate',
    'treatment_centre_rate',
    'recidivism_rate',
    'recidivism_rate_change',
    'guards_per_police_officer',
    'trust_police',
    'trust_justice',
  ],
  context: [
    'firearm_homicide_share',
    'unsentenced_share',
    'women_prisoner_share',
    'women_drug_offence_share',
    'feel_safe_night',
    'victimisation_rate',
    'police_trained_share',
    'firearms_marked',
    'firearms_destroyed',
    'population',
  ],
} as const;

function expectFourLanguages(text: LocalizedText, where: string): void {
  for (const language of LANGUAGES) {
    expect(typeof text[language], `${where}.${language}`).toBe('string');
    expect(text[language].trim(), `${where}.${language}`).not.toBe('');
    expect(text[language], `${where}.${language} has stray spaces`).toBe(text[language].trim());
  }
}

/** Definitions are translated, never copied: the four texts differ from one another. */
function expectDistinct(text: LocalizedText, where: string): void {
  expect(new Set(LANGUAGES.map((l) => text[l])).size, where).toBe(LANGUAGES.length);
}

function sentences(text: string): number {
  return text.split(/(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ])/u).length;
}

describe('the seed catalogue', () => {
  it('validates', () => {
    expect(catalogueIssues(elements, indicators, dimensions).map(formatIssue)).toEqual([]);
    expect(() => validateCatalogue(elements, indicators, dimensions)).not.toThrow();
  });

  it('has every data element the demo generator and the tests rely on', () => {
    for (const code of ELEMENT_CODES) expect(elementsByCode.has(code), code).toBe(true);
  });

  it('has every indicator listed, in its family', () => {
    for (const [family, codes] of Object.entries(INDICATOR_CODES)) {
      for (const code of codes) expect(indicator(code).family, code).toBe(family);
    }
  });

  it('maps SDG 16.1.1, 16.3.2 and 16.1.4', () => {
    const bySdg = (sdg: string): string[] => indicators.filter((i) => i.sdg.includes(sdg)).map((i) => i.code);
    expect(bySdg('16.1.1')).toEqual(['homicide_rate']);
    expect(bySdg('16.3.2')).toEqual(['unsentenced_share']);
    expect(bySdg('16.1.4')).toEqual(['feel_safe_night']);
    expect(element('feel_safe_night_share').definition.en).toContain('16.1.4');
  });

  it('has names and definitions in four languages, translated', () => {
    for (const e of elements) {
      expectFourLanguages(e.name, `${e.code}.name`);
      expectFourLanguages(e.definition, `${e.code}.definition`);
      expectDistinct(e.definition, `${e.code}.definition`);
      expect(e.name.es, `${e.code}.name`).not.toBe(e.name.en);
    }
    for (const i of indicators) {
      expectFourLanguages(i.name, `${i.code}.name`);
      expectFourLanguages(i.definition, `${i.code}.definition`);
      expectFourLanguages(i.unitLabel, `${i.code}.unitLabel`);
      expectDistinct(i.definition, `${i.code}.definition`);
      expect(i.name.es, `${i.code}.name`).not.toBe(i.name.en);
    }
    for (const d of dimensions) {
      expectFourLanguages(d.name, `${d.code}.name`);
      for (const c of d.categories) {
        expectFourLanguages(c.name, `${d.code}.${c.code}.name`);
        expect(c.name.es, `${d.code}.${c.code}.name`).not.toBe(c.name.en);
      }
    }
  });

  it('writes definitions of one to three sentences ending with a full stop', () => {
    for (const item of [...elements, ...indicators]) {
      for (const language of LANGUAGES) {
        const text = item.definition[language];
        expect(text.endsWith('.'), `${item.code}.${language}`).toBe(true);
        expect(sentences(text), `${item.code}.${language}: ${text}`).toBeLessThanOrEqual(3);
      }
    }
  });

  it('gives different things different names in each language', () => {
    for (const list of [elements, indicators, dimensions]) {
      for (const language of LANGUAGES) {
        const names = list.map((item) => item.name[language]);
        expect(new Set(names).size, language).toBe(names.length);
      }
    }
    for (const d of dimensions) {
      for (const language of LANGUAGES) {
        const names = d.categories.map((c) => c.name[language]);
        expect(new Set(names).size, `${d.code}.${language}`).toBe(names.length);
      }
    }
  });

  it('describes the data elements as specified', () => {
    const spec: Record<string, Partial<DataElement>> = {
      population: {
        unit: 'persons',
        valueType: 'stock',
        timeAggregation: 'average',
        spaceAggregation: { kind: 'sum' },
        dimensions: ['sex', 'age_group'],
      },
      homicide_victims: {
        unit: 'persons',
        valueType: 'count',
        timeAggregation: 'sum',
        spaceAggregation: { kind: 'sum' },
        dimensions: ['sex', 'age_group', 'weapon'],
        iccs: '0101',
      },
      police_officers: { unit: 'persons', valueType: 'stock', timeAggregation: 'last' },
      police_officers_trained: { unit: 'persons', valueType: 'count', timeAggregation: 'sum' },
      arrests: { unit: 'persons', valueType: 'count', timeAggregation: 'sum' },
      drug_seizures: { unit: 'kg', valueType: 'count', dimensions: ['drug'], iccs: '0601' },
      prisoners: {
        unit: 'persons',
        valueType: 'stock',
        timeAggregation: 'last',
        dimensions: ['sex', 'offence', 'detention'],
      },
      released_prisoners: { unit: 'persons', valueType: 'count' },
      reconvicted: { unit: 'persons', valueType: 'count' },
      social_workers: { unit: 'persons', valueType: 'stock', timeAggregation: 'last' },
      prevention_centres: { unit: 'centres', valueType: 'stock' },
      treatment_centres: { unit: 'centres', valueType: 'stock' },
      private_security_guards: { unit: 'persons', valueType: 'stock' },
      firearms_marked: { unit: 'firearms', valueType: 'count', timeAggregation: 'sum' },
      firearms_destroyed: { unit: 'firearms', valueType: 'count', timeAggregation: 'sum' },
    };
    for (const [code, expected] of Object.entries(spec)) {
      expect(element(code), code).toMatchObject(expected);
    }
    for (const code of [
      'trust_police_share',
      'trust_justice_share',
      'feel_safe_night_share',
      'victimisation_share',
    ]) {
      expect(element(code), code).toMatchObject({
        unit: 'percent',
        valueType: 'share',
        timeAggregation: 'average',
        spaceAggregation: { kind: 'weighted', weightElement: 'population' },
        dimensions: ['sex'],
      });
    }
    expect(element('reconvicted').definition.en).toContain('24 months');
    for (const language of LANGUAGES) {
      expect(element('reconvicted').definition[language]).toContain('24');
    }
  });

  it('writes the indicators as specified', () => {
    const spec: Record<string, Partial<Indicator>> = {
      police_rate: { numerator: 'police_officers', denominator: 'population', factor: 100_000 },
      arrest_rate: { numerator: 'arrests', denominator: 'population', factor: 100_000 },
      drug_seizures_kg: {
        kind: 'level',
        numerator: 'drug_seizures',
        denominator: null,
        dimensions: ['drug'],
      },
      homicide_rate: {
        kind: 'rate',
        numerator: 'homicide_victims',
        denominator: 'population',
        factor: 100_000,
        direction: 'down',
        dimensions: ['sex', 'age_group', 'weapon'],
      },
      prison_rate: { kind: 'rate', numerator: 'prisoners', factor: 100_000 },
      social_worker_rate: { kind: 'rate', numerator: 'social_workers', factor: 100_000 },
      prevention_centre_rate: { kind: 'rate', numerator: 'prevention_centres', factor: 100_000 },
      treatment_centre_rate: { kind: 'rate', numerator: 'treatment_centres', factor: 100_000 },
      recidivism_rate: {
        kind: 'share',
        numerator: 'reconvicted',
        denominator: 'released_prisoners',
        factor: 100,
        direction: 'down',
      },
      recidivism_rate_change: { kind: 'change', changeOf: 'recidivism_rate', direction: 'down' },
      guards_per_police_officer: {
        kind: 'ratio',
        numerator: 'private_security_guards',
        denominator: 'police_officers',
        factor: 1,
        direction: 'down',
      },
      trust_police: { kind: 'level', numerator: 'trust_police_share', direction: 'up' },
      trust_justice: { kind: 'level', numerator: 'trust_justice_share', direction: 'up' },
      firearm_homicide_share: {
        kind: 'share',
        numerator: 'homicide_victims[weapon=firearm]',
        denominator: 'homicide_victims',
        factor: 100,
      },
      unsentenced_share: {
        kind: 'share',
        numerator: 'prisoners[detention=unsentenced]',
        denominator: 'prisoners',
        factor: 100,
      },
      women_prisoner_share: {
        kind: 'share',
        numerator: 'prisoners[sex=F]',
        denominator: 'prisoners',
      },
      women_drug_offence_share: {
        kind: 'share',
        numerator: 'prisoners[offence=drug,sex=F]',
        denominator: 'prisoners[sex=F]',
        factor: 100,
      },
      feel_safe_night: { kind: 'level', numerator: 'feel_safe_night_share' },
      victimisation_rate: { kind: 'level', numerator: 'victimisation_share' },
      police_trained_share: {
        numerator: 'police_officers_trained',
        denominator: 'police_officers',
        factor: 100,
      },
      firearms_marked: { kind: 'level', numerator: 'firearms_marked' },
      firearms_destroyed: { kind: 'level', numerator: 'firearms_destroyed' },
      population: { kind: 'level', numerator: 'population' },
    };
    for (const [code, expected] of Object.entries(spec)) {
      expect(indicator(code), code).toMatchObject(expected);
    }
    expect(indicator('recidivism_rate_change').unitLabel.en).toBe('percentage points');
    for (const code of ['trust_police', 'trust_justice', 'feel_safe_night', 'victimisation_rate']) {
      expect(formulaUnit(parseFormula(indicator(code).numerator), elementsByCode), code).toBe('percent');
    }
  });

  it('computes its indicators from values', () => {
    const values = new Map<string, number>([
      ['prisoners|offence=drug;sex=F', 120],
      ['prisoners|sex=F', 400],
      ['homicide_victims|', 250],
      ['homicide_victims|weapon=firearm', 175],
      ['population|', 2_500_000],
    ]);
    const lookup = (e: string, key: string): number | undefined => values.get(`${e}|${key}`);
    const compute = (code: string): number | undefined => {
      const i = indicator(code);
      const numerator = evaluateFormula(parseFormula(i.numerator), lookup);
      const denominator = i.denominator === null ? 1 : evaluateFormula(parseFormula(i.denominator), lookup);
      return numerator === undefined || denominator === undefined
        ? undefined
        : (i.factor * numerator) / denominator;
    };
    expect(compute('women_drug_offence_share')).toBe(30);
    expect(compute('firearm_homicide_share')).toBe(70);
    expect(compute('homicide_rate')).toBe(10);
    expect(compute('prison_rate')).toBeUndefined();
  });
});
