import type { LocalizedText } from '../kernel/i18n.ts';

/**
 * The org-unit hierarchy: Americas → subregion → member state → first-level division →
 * municipality. Groups (SICA, CARICOM, …) sit beside it, never inside it.
 */
export const ORG_UNIT_LEVELS = ['americas', 'subregion', 'member_state', 'division', 'municipality'] as const;
export type OrgUnitLevel = (typeof ORG_UNIT_LEVELS)[number];

export function levelDepth(level: OrgUnitLevel): number {
  return ORG_UNIT_LEVELS.indexOf(level);
}

/**
 * One unit of the hierarchy. `code` is its stable public identifier: `AME` for the Americas, the
 * subregion codes below, ISO 3166 alpha-3 for member states, and for subnational units the
 * member state's code, a dot and the national code (`MEX.09`, `MEX.09015`, `BRA.2304400`).
 * A unit is valid from `validFrom` (inclusive) to `validTo` (exclusive); `null` means open.
 * Dates are ISO `YYYY-MM-DD`.
 */
export interface OrgUnit {
  readonly code: string;
  readonly parentCode: string | null;
  readonly level: OrgUnitLevel;
  readonly name: LocalizedText;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** Extra public codes: `iso2`, `m49`, `ibge`, `inegi`, … */
  readonly externalCodes?: Readonly<Record<string, string>>;
}

/** A grouping beside the hierarchy (an integration body or a custom set). */
export interface OrgUnitGroup {
  readonly code: string;
  readonly kind: 'integration' | 'custom';
  readonly name: LocalizedText;
  readonly members: readonly GroupMembership[];
}

export interface GroupMembership {
  readonly unitCode: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

/**
 * A boundary change: on `date`, `fromCode` stopped (or changed) and `toCode` took over `share` of
 * it (0 < share ≤ 1; the shares leaving one unit sum to 1). A split has one `fromCode` and several
 * rows; a merger several `fromCode`s into one `toCode`. Old data stays on the old units; the
 * crosswalk lets analytics carry it onto the new ones.
 */
export interface CrosswalkEntry {
  readonly fromCode: string;
  readonly toCode: string;
  readonly date: string;
  readonly share: number;
  readonly event: 'split' | 'merger' | 'recode';
}
