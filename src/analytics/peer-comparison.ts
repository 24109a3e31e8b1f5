/**
 * Where a unit stands among its peers (e.g. a member state among those of its subregion): the
 * peers' median, the unit's rank and whether it does better or worse than the median given the
 * indicator's desired direction.
 */
import type { DesiredDirection } from '../catalogue/catalogue.ts';

export interface PeerComparison {
  /** median of the peers that have a value, the unit included */
  readonly median: number;
  /** 1 = the highest value; ties share the better rank */
  readonly rank: number;
  /** peers with a value, the unit included */
  readonly peers: number;
  /** relative to the median, given the desired direction; `neutral` for indicators without one */
  readonly standing: 'better' | 'worse' | 'at median' | 'neutral';
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Compares `value` with `peerValues` (which should include it); undefined without a value. */
export function comparePeers(
  value: number | undefined,
  peerValues: readonly number[],
  direction: DesiredDirection,
): PeerComparison | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  const values = peerValues.filter((v) => Number.isFinite(v));
  const m = median(values);
  if (m === undefined) return undefined;
  const rank = 1 + values.filter((v) => v > value).length;
  const standing =
    direction === 'neutral'
      ? 'neutral'
      : value === m
        ? 'at median'
        : value < m === (direction === 'down')
          ? 'better'
          : 'worse';
  return { median: m, rank, peers: values.length, standing };
}
