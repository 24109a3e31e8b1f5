/**
 * The same figure from several sources, side by side: for each key (org unit, period,
 * disaggregation) where two or more sources report an element, every pair of sources compared by
 * difference and ratio, and flagged when they are further apart than a tolerance (10% by default,
 * as the profile's badge). Pure: values in, comparisons out.
 */

export interface SourcedValue {
  readonly orgUnit: string;
  readonly period: string;
  readonly disaggregation: string;
  readonly source: string;
  readonly value: number;
}

export interface SourcePair {
  readonly orgUnit: string;
  readonly period: string;
  readonly disaggregation: string;
  /** sources in the order given by `order` (first: the preferred or the first listed) */
  readonly first: { readonly source: string; readonly value: number };
  readonly second: { readonly source: string; readonly value: number };
  /** second − first */
  readonly difference: number;
  /** second ÷ first; null when the first is 0 */
  readonly ratio: number | null;
  /** |second − first| ÷ the larger of the two (0 when both are 0): a symmetric share */
  readonly gap: number;
  /** the gap is over the tolerance */
  readonly disagree: boolean;
}

/**
 * Compares every pair of sources at each key. `order` ranks sources (earlier first; unknown
 * ones after, by code) so a pair always reads the same way round.
 */
export function compareSources(
  values: readonly SourcedValue[],
  options: { readonly tolerance?: number; readonly order?: readonly string[] } = {},
): SourcePair[] {
  const tolerance = options.tolerance ?? 0.1;
  const rank = (source: string): number => {
    const at = options.order?.indexOf(source) ?? -1;
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  const byKey = new Map<string, SourcedValue[]>();
  for (const value of values) {
    const key = `${value.orgUnit}\t${value.period}\t${value.disaggregation}`;
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [value]);
    else list.push(value);
  }
  const pairs: SourcePair[] = [];
  for (const list of byKey.values()) {
    if (list.length < 2) continue;
    const sorted = [...list].sort(
      (a, b) => rank(a.source) - rank(b.source) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0),
    );
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const a = sorted[i]!;
        const b = sorted[j]!;
        const larger = Math.max(Math.abs(a.value), Math.abs(b.value));
        const gap = larger === 0 ? 0 : Math.abs(b.value - a.value) / larger;
        pairs.push({
          orgUnit: a.orgUnit,
          period: a.period,
          disaggregation: a.disaggregation,
          first: { source: a.source, value: a.value },
          second: { source: b.source, value: b.value },
          difference: b.value - a.value,
          ratio: a.value === 0 ? null : b.value / a.value,
          gap,
          disagree: gap > tolerance,
        });
      }
    }
  }
  return pairs;
}
