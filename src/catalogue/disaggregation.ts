/**
 * The canonical disaggregation key, the one spelling of a breakdown used in files, the store and
 * the API: `''` is the total; otherwise `dimension=category` pairs sorted by dimension code and
 * joined by `;`, e.g. `age_group=15-29;sex=F`.
 *
 * On input, pairs may come in any order and with spaces around `;` and `=`; `canonicalDisaggregation`
 * returns the one canonical spelling. The importer calls these functions once per row, so parsed
 * keys are memoized.
 */
import { ValidationError } from '../kernel/errors.ts';
import type { DataElement, Dimension } from './catalogue.ts';

/** One `dimension=category` pair. */
export type DisaggregationPair = readonly [dimension: string, category: string];

/** Dimension codes: snake_case, as element codes. */
export const DIMENSION_CODE = /^[a-z][a-z0-9_]*$/;
/** Category codes: letters, digits and `_ . + -` (e.g. `F`, `15-29`, `60+`, `cannabis_herb`). */
export const CATEGORY_CODE = /^[A-Za-z0-9_.+-]+$/;

/** Beyond this many distinct keys the memo tables are emptied, so hostile input cannot grow them. */
const MEMO_LIMIT = 50_000;

/** key → parsed pairs (frozen) or the message of the error it raises */
const parsedMemo = new Map<string, readonly DisaggregationPair[] | string>();
/** key → canonical key or the message of the error it raises */
const canonicalMemo = new Map<string, string | { readonly error: string }>();

function remember<V>(memo: Map<string, V>, key: string, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

function parseUncached(key: string): readonly DisaggregationPair[] | string {
  if (key.trim() === '') return Object.freeze([]);
  const seen = new Set<string>();
  const pairs: DisaggregationPair[] = [];
  const parts = key.split(';');
  for (const [index, raw] of parts.entries()) {
    const part = raw.trim();
    const where = parts.length === 1 ? '' : ` (pair ${index + 1})`;
    if (part === '') {
      return `malformed disaggregation "${key}": empty pair${where}; expected dimension=category pairs joined by ';'`;
    }
    const equals = part.indexOf('=');
    if (equals < 0) {
      return `malformed disaggregation "${key}": "${part}"${where} is not a dimension=category pair`;
    }
    const dimension = part.slice(0, equals).trim();
    const category = part.slice(equals + 1).trim();
    if (!DIMENSION_CODE.test(dimension)) {
      return dimension === ''
        ? `malformed disaggregation "${key}": "${part}"${where} has no dimension before '='`
        : `malformed disaggregation "${key}": "${dimension}"${where} is not a dimension code (lowercase letters, digits and '_', starting with a letter)`;
    }
    if (!CATEGORY_CODE.test(category)) {
      return category === ''
        ? `malformed disaggregation "${key}": "${part}"${where} has no category after '='`
        : `malformed disaggregation "${key}": "${category}"${where} is not a category code (letters, digits and '_', '.', '+', '-')`;
    }
    if (seen.has(dimension)) {
      return `malformed disaggregation "${key}": dimension "${dimension}" appears twice`;
    }
    seen.add(dimension);
    pairs.push(Object.freeze([dimension, category] as const));
  }
  return Object.freeze(pairs);
}

/**
 * The pairs of a key, in the order written (`''` gives no pairs). Throws a ValidationError on a
 * malformed key or a dimension given twice. The result is shared and frozen.
 */
export function parseDisaggregation(key: string): readonly DisaggregationPair[] {
  let parsed = parsedMemo.get(key);
  if (parsed === undefined) parsed = remember(parsedMemo, key, parseUncached(key));
  if (typeof parsed === 'string') throw new ValidationError(parsed);
  return parsed;
}

function compareByDimension(a: DisaggregationPair, b: DisaggregationPair): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/**
 * The canonical key of some pairs: sorted by dimension, joined by `;`. Throws a ValidationError
 * if a code is not well formed or a dimension is given twice.
 */
export function formatDisaggregation(pairs: readonly DisaggregationPair[]): string {
  if (pairs.length === 0) return '';
  const sorted = [...pairs].sort(compareByDimension);
  let text = '';
  for (const [index, [dimension, category]] of sorted.entries()) {
    if (!DIMENSION_CODE.test(dimension)) {
      throw new ValidationError(`"${dimension}" is not a dimension code`);
    }
    if (!CATEGORY_CODE.test(category)) {
      throw new ValidationError(`"${category}" is not a category code (dimension "${dimension}")`);
    }
    if (index > 0 && sorted[index - 1]![0] === dimension) {
      throw new ValidationError(`dimension "${dimension}" appears twice`);
    }
    text += index === 0 ? `${dimension}=${category}` : `;${dimension}=${category}`;
  }
  return text;
}

/** The canonical spelling of a key given in any order (memoized; throws as `parseDisaggregation`). */
export function canonicalDisaggregation(input: string): string {
  let canonical = canonicalMemo.get(input);
  if (canonical === undefined) {
    try {
      canonical = formatDisaggregation(parseDisaggregation(input));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      canonical = { error: error.message };
    }
    remember(canonicalMemo, input, canonical);
  }
  if (typeof canonical !== 'string') throw new ValidationError(canonical.error);
  return canonical;
}

/** Dimension code → its category codes, built once per dimensions array. */
const dimensionIndexes = new WeakMap<readonly Dimension[], ReadonlyMap<string, ReadonlySet<string>>>();

/** The dimensions by code with their category codes (cached per array). */
export function dimensionIndex(dimensions: readonly Dimension[]): ReadonlyMap<string, ReadonlySet<string>> {
  let index = dimensionIndexes.get(dimensions);
  if (index === undefined) {
    index = new Map(dimensions.map((d) => [d.code, new Set(d.categories.map((c) => c.code))]));
    dimensionIndexes.set(dimensions, index);
  }
  return index;
}

function list(codes: Iterable<string>): string {
  return [...codes].join(', ');
}

/**
 * What is wrong with one pair for an element, or `undefined` if the element may be broken down by
 * this dimension and the category exists.
 */
export function disaggregationPairIssue(
  dimension: string,
  category: string,
  element: Pick<DataElement, 'code' | 'dimensions'>,
  dimensions: readonly Dimension[],
): string | undefined {
  const categories = dimensionIndex(dimensions).get(dimension);
  if (categories === undefined) {
    return `unknown dimension "${dimension}" (known: ${list([...dimensionIndex(dimensions).keys()].sort())})`;
  }
  if (!categories.has(category)) {
    return `unknown category "${category}" of dimension "${dimension}" (expected one of ${list(categories)})`;
  }
  if (!element.dimensions.includes(dimension)) {
    return element.dimensions.length === 0
      ? `data element "${element.code}" is not broken down by any dimension, so not by "${dimension}"`
      : `data element "${element.code}" is not broken down by "${dimension}" (only by ${list(element.dimensions)})`;
  }
  return undefined;
}

/**
 * What is wrong with a key for a data element — malformed, unknown dimension, unknown category, or
 * a dimension the element is not broken down by — or `undefined` if it is valid. The key need not
 * be canonical.
 */
export function validateDisaggregation(
  key: string,
  element: Pick<DataElement, 'code' | 'dimensions'>,
  dimensions: readonly Dimension[],
): string | undefined {
  if (key === '') return undefined;
  let pairs: readonly DisaggregationPair[];
  try {
    pairs = parseDisaggregation(key);
  } catch (error) {
    if (error instanceof ValidationError) return error.message;
    throw error;
  }
  for (const [dimension, category] of pairs) {
    const issue = disaggregationPairIssue(dimension, category, element, dimensions);
    if (issue !== undefined) return issue;
  }
  return undefined;
}
