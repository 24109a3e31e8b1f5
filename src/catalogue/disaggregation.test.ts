import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors.ts';
import type { DataElement } from './catalogue.ts';
import { DATA_ELEMENTS } from './data-elements.ts';
import { DIMENSIONS } from './dimensions.ts';
import {
  canonicalDisaggregation,
  formatDisaggregation,
  parseDisaggregation,
  validateDisaggregation,
  type DisaggregationPair,
} from './disaggregation.ts';

function element(code: string): DataElement {
  const found = DATA_ELEMENTS.find((e) => e.code === code);
  if (found === undefined) throw new Error(`no element ${code}`);
  return found;
}

function errorOf(action: () => unknown): ValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseDisaggregation', () => {
  it('reads the total as no pairs', () => {
    expect(parseDisaggregation('')).toEqual([]);
  });

  it('reads pairs in the order written', () => {
    expect(parseDisaggregation('sex=F')).toEqual([['sex', 'F']]);
    expect(parseDisaggregation('sex=F;age_group=15-29')).toEqual([
      ['sex', 'F'],
      ['age_group', '15-29'],
    ]);
    expect(parseDisaggregation('age_group=60+')).toEqual([['age_group', '60+']]);
  });

  it('tolerates spaces around separators', () => {
    expect(parseDisaggregation(' sex = F ; age_group=0-14 ')).toEqual([
      ['sex', 'F'],
      ['age_group', '0-14'],
    ]);
  });

  it.each([
    ['sex', 'is not a dimension=category pair'],
    ['sex=', 'has no category'],
    ['=F', 'has no dimension'],
    ['sex=F;', 'empty pair (pair 2)'],
    [';sex=F', 'empty pair (pair 1)'],
    ['sex=F;;age_group=0-14', 'empty pair (pair 2)'],
    ['sex=F;sex=M', 'dimension "sex" appears twice'],
    ['Sex=F', 'is not a dimension code'],
    ['sex=F M', 'is not a category code'],
    ['sex=F=M', 'is not a category code'],
    ['sex=F,age_group=0-14', 'is not a category code'],
  ])('refuses %j (%s)', (key, message) => {
    const error = errorOf(() => parseDisaggregation(key));
    expect(error.message).toContain(message);
    expect(error.message).toContain(`"${key}"`);
  });

  it('memoizes: the same key gives the same frozen array, errors are raised every time', () => {
    const first = parseDisaggregation('detention=unsentenced;sex=M');
    expect(parseDisaggregation('detention=unsentenced;sex=M')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first[0])).toBe(true);
    expect(() => parseDisaggregation('sex=F;sex=F')).toThrow(ValidationError);
    expect(() => parseDisaggregation('sex=F;sex=F')).toThrow(ValidationError);
  });
});

describe('formatDisaggregation and canonicalDisaggregation', () => {
  it('sorts pairs by dimension code', () => {
    expect(formatDisaggregation([])).toBe('');
    expect(
      formatDisaggregation([
        ['sex', 'F'],
        ['age_group', '15-29'],
      ]),
    ).toBe('age_group=15-29;sex=F');
    expect(canonicalDisaggregation('sex=F;age_group=15-29')).toBe('age_group=15-29;sex=F');
    expect(canonicalDisaggregation('weapon=firearm; sex=M ;age_group=60+')).toBe(
      'age_group=60+;sex=M;weapon=firearm',
    );
    expect(canonicalDisaggregation('')).toBe('');
    expect(canonicalDisaggregation('age_group=15-29;sex=F')).toBe('age_group=15-29;sex=F');
  });

  it('refuses duplicates and codes that would break the key', () => {
    expect(() =>
      formatDisaggregation([
        ['sex', 'F'],
        ['sex', 'M'],
      ]),
    ).toThrow(/appears twice/);
    expect(() => formatDisaggregation([['sex', 'F;age_group=0-14']])).toThrow(/category code/);
    expect(() => formatDisaggregation([['se x', 'F']])).toThrow(/dimension code/);
    expect(() => canonicalDisaggregation('sex=F;sex=M')).toThrow(ValidationError);
    expect(() => canonicalDisaggregation('sex=F;sex=M')).toThrow(/appears twice/);
  });

  const dimension = fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/);
  const category = fc.stringMatching(/^[A-Za-z0-9_.+-]{1,8}$/);
  const pairs = fc.uniqueArray(fc.tuple(dimension, category), {
    selector: ([d]) => d,
    maxLength: 5,
  });

  it('canonical form does not depend on the order of the pairs (property)', () => {
    const listAndShuffled = pairs.chain((list) =>
      fc.tuple(
        fc.constant(list),
        fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
      ),
    );
    fc.assert(
      fc.property(listAndShuffled, ([list, shuffled]) => {
        const written = shuffled.map(([d, c]) => `${d}=${c}`).join(';');
        const canonical = canonicalDisaggregation(written);
        expect(canonical).toBe(formatDisaggregation(list));
        const sorted = [...list].sort((a, b) => (a[0] < b[0] ? -1 : 1));
        expect(parseDisaggregation(canonical)).toEqual(sorted);
        expect(canonicalDisaggregation(canonical)).toBe(canonical);
      }),
    );
  });

  it('format and parse are inverse on canonical keys (property)', () => {
    fc.assert(
      fc.property(pairs, (list) => {
        const key = formatDisaggregation(list);
        expect(formatDisaggregation(parseDisaggregation(key) as DisaggregationPair[])).toBe(key);
      }),
    );
  });
});

describe('validateDisaggregation', () => {
  const homicides = element('homicide_victims');

  it('accepts the total and allowed breakdowns, sorted or not', () => {
    expect(validateDisaggregation('', homicides, DIMENSIONS)).toBeUndefined();
    expect(validateDisaggregation('age_group=15-29;sex=F', homicides, DIMENSIONS)).toBeUndefined();
    expect(validateDisaggregation('weapon=firearm;sex=M', homicides, DIMENSIONS)).toBeUndefined();
    expect(
      validateDisaggregation('detention=unsentenced;offence=drug;sex=F', element('prisoners'), DIMENSIONS),
    ).toBeUndefined();
  });

  it('names an unknown dimension and the known ones', () => {
    expect(validateDisaggregation('colour=red', homicides, DIMENSIONS)).toBe(
      'unknown dimension "colour" (known: age_group, detention, drug, offence, sex, weapon)',
    );
  });

  it('names an unknown category and the expected ones', () => {
    expect(validateDisaggregation('sex=X', homicides, DIMENSIONS)).toBe(
      'unknown category "X" of dimension "sex" (expected one of F, M)',
    );
    expect(validateDisaggregation('age_group=15-30', homicides, DIMENSIONS)).toContain(
      'expected one of 0-14, 15-29, 30-44, 45-59, 60+',
    );
  });

  it('refuses a dimension the element is not broken down by', () => {
    expect(validateDisaggregation('weapon=firearm', element('population'), DIMENSIONS)).toBe(
      'data element "population" is not broken down by "weapon" (only by sex, age_group)',
    );
    expect(validateDisaggregation('sex=F', element('prevention_centres'), DIMENSIONS)).toBe(
      'data element "prevention_centres" is not broken down by any dimension, so not by "sex"',
    );
  });

  it('returns the message of a malformed key instead of throwing', () => {
    expect(validateDisaggregation('sex=F;sex=M', homicides, DIMENSIONS)).toContain('appears twice');
    expect(validateDisaggregation('sex', homicides, DIMENSIONS)).toContain('not a dimension=category pair');
  });

  it('follows a changed dimensions array (the index is cached per array)', () => {
    const narrowed = DIMENSIONS.filter((d) => d.code !== 'weapon');
    expect(validateDisaggregation('weapon=firearm', homicides, DIMENSIONS)).toBeUndefined();
    expect(validateDisaggregation('weapon=firearm', homicides, narrowed)).toContain(
      'unknown dimension "weapon"',
    );
  });
});
