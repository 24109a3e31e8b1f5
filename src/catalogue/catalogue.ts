import type { LocalizedText } from '../kernel/i18n.ts';

/** How a data element is measured. */
export type ValueType =
  /** events in a period (homicides, arrests, kg seized): additive over time */
  | 'count'
  /** a level at a date (police officers, prisoners, centres, population) */
  | 'stock'
  /** a percentage from a survey or a register (0–100) */
  | 'share';

/** How values combine from shorter to longer periods. */
export type TimeAggregation = 'sum' | 'last' | 'average';

/**
 * How values combine from child units to their parent: `sum`, or an average weighted by another
 * data element (survey shares weighted by population), or `none` (not aggregated).
 */
export type SpaceAggregation =
  | { readonly kind: 'sum' }
  | { readonly kind: 'weighted'; readonly weightElement: string }
  | { readonly kind: 'none' };

/** Units of measure; two terms may only be added when their units agree. */
export type MeasureUnit = 'persons' | 'cases' | 'kg' | 'centres' | 'firearms' | 'percent';

/** A dimension that values may be broken down by (sex, age group, weapon, drug, …). */
export interface Dimension {
  readonly code: string;
  readonly name: LocalizedText;
  readonly categories: readonly { readonly code: string; readonly name: LocalizedText }[];
}

export interface DataElement {
  /** snake_case identifier used in formulas, files and the API */
  readonly code: string;
  readonly name: LocalizedText;
  readonly definition: LocalizedText;
  readonly valueType: ValueType;
  readonly unit: MeasureUnit;
  readonly timeAggregation: TimeAggregation;
  readonly spaceAggregation: SpaceAggregation;
  /** dimension codes that values of this element may be broken down by */
  readonly dimensions: readonly string[];
  /** International Classification of Crime for Statistical Purposes, where one applies */
  readonly iccs: string | null;
}

export type IndicatorFamily = 'traditional' | 'wider_outcome' | 'context';
export type DesiredDirection = 'down' | 'up' | 'neutral';

/**
 * An indicator: factor × numerator / denominator, each a formula over data elements
 * (see `formula.ts`), or the change of another indicator between consecutive periods.
 */
export interface Indicator {
  readonly code: string;
  readonly name: LocalizedText;
  readonly definition: LocalizedText;
  /** e.g. "per 100 000 inhabitants", "%", "kg" */
  readonly unitLabel: LocalizedText;
  readonly family: IndicatorFamily;
  readonly direction: DesiredDirection;
  readonly numerator: string;
  /** `null` for a level (a count or an amount shown as it is) */
  readonly denominator: string | null;
  readonly factor: number;
  /** `share`: numerator is part of denominator, same unit; `rate`: per population; `ratio`; `level` */
  readonly kind: 'rate' | 'share' | 'ratio' | 'level' | 'change';
  /** for kind `change`: the indicator whose change between consecutive periods this is */
  readonly changeOf?: string;
  /** SDG indicator codes, e.g. `16.1.1` */
  readonly sdg: readonly string[];
  readonly iccs: readonly string[];
  /** dimension codes the indicator may be shown by (must be allowed by its elements) */
  readonly dimensions: readonly string[];
}

/** A whole catalogue: what `validateCatalogue` checks and the store saves. */
export interface Catalogue {
  readonly dimensions: readonly Dimension[];
  readonly elements: readonly DataElement[];
  readonly indicators: readonly Indicator[];
}
