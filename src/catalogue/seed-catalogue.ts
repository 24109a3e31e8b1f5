/**
 * The catalogue every store starts with: the seed dimensions, data elements and indicators.
 * `seed-catalogue.test.ts` checks it with `validateCatalogue`.
 */
import type { Catalogue } from './catalogue.ts';
import { DATA_ELEMENTS } from './data-elements.ts';
import { DIMENSIONS } from './dimensions.ts';
import { INDICATORS } from './indicators.ts';

export const SEED_CATALOGUE: Catalogue = {
  dimensions: DIMENSIONS,
  elements: DATA_ELEMENTS,
  indicators: INDICATORS,
};
