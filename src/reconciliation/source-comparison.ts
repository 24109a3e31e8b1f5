/**
 * The same figure from several sources, side by side: for each key (org unit, period,
 * disaggregation) where two or more sources report an element, every pair of sources compared by
 * difference and ratio, and flagged when they are further apart than a tolerance (10% by default,
 * as the profile's badge). Values may be built from finer periods (`period-alignment.ts`): each
 * side says how it was obtained, and two built values are never paired (their finer periods are
 * compared as they are). Pure: values in, comparisons out.
 */
import { periodType } from '../periods/period-code.ts';
import type { Obtained } from './period-alignment.ts';

export interface SourcedValue {
  readonly orgUnit: string;
  readonly period: string;
  readonly disaggregation: string;
  readonly source: string;
  readonly value: number;
  /** reported as is when absent */
  readonly obtained?: Obtained;
}

export interface PairSide {
  readonly source: string;
  readonly value: number;
  readonly obtained: Obtained;
}

export interface SourcePair {
  readonly orgUnit: string;
  /** the period compared at */
  readonly period: string;
  readonly disaggregation: string;
  /** sources in the order given by `order` (first: the preferred or the first listed) */
  readonly first: PairSide;
  readonly second: PairSide;
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
        if (!isReported(a) && !isReported(b)) continue;
        const larger = Math.max(Math.abs(a.value), Math.abs(b.value));
        const gap = larger === 0 ? 0 : Math.abs(b.value - a.value) / larger;
        pairs.push({
          orgUnit: a.orgUnit,
          period: a.period,
          disaggregation: a.disaggregation,
          first: side(a),
          second: side(b),
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

function isReported(v: SourcedValue): boolean {
  return v.obtained === undefined || v.obtained.method === 'reported';
}

function side(v: SourcedValue): PairSide {
  return {
    source: v.source,
    value: v.value,
    obtained: v.obtained ?? { method: 'reported', periodType: periodType(v.period), count: 1 },
  };
}
