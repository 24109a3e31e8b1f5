/**
 * `far_from_peers`: the unit against the median of its peers (the other children of its parent)
 * on the log scale that suits rates. Flagged when |ln(value / median)| ≥ ln 1.5 (half as much
 * again, or two thirds as much) and, for a rate from counts, when its exact 95% interval leaves
 * the median out; at least three peers with a value are needed. The indicator's direction decides
 * whether the gap is a problem (worse) or a strength (better); neutral indicators (police, prisons)
 * are never flagged here (more police is neither good nor bad by itself), nor levels (counts that
 * grow with the unit's size) and changes. Severity: |ln ratio|.
 */
import { median } from '../analytics/peer-comparison.ts';
import type { LocalizedText } from '../kernel/i18n.ts';
import { farFromPeersText } from './finding-text.ts';
import { NO_NUMBERS, type Finding, type IndicatorEvidence } from './diagnosis-model.ts';
import { otherPeers, ownRow, ownSeries, peerValues } from './indicator-evidence.ts';

export const PEER_RATIO_THRESHOLD = Math.log(1.5);
export const MIN_PEERS = 3;

export function peerFinding(
  evidence: IndicatorEvidence,
  orgUnit: string,
  unitName: LocalizedText,
  year: number,
): Finding | undefined {
  // levels (counts, kg) grow with the unit's size; changes can be negative: neither compares as a ratio
  if (evidence.direction === 'neutral' || evidence.kind === 'change' || evidence.kind === 'level')
    return undefined;
  const own = ownRow(evidence, year);
  if (own === undefined || !(own.value > 0)) return undefined;
  const others = otherPeers(evidence, orgUnit).filter((r) => r.value > 0);
  if (others.length < MIN_PEERS) return undefined;
  const m = median(others.map((r) => r.value))!;
  const logRatio = Math.log(own.value / m);
  if (Math.abs(logRatio) < PEER_RATIO_THRESHOLD) return undefined;
  const hasInterval = evidence.countNumerator && own.lower !== null && own.upper !== null;
  if (hasInterval && own.lower <= m && m <= own.upper) return undefined;
  const worse = logRatio > 0 === (evidence.direction === 'down');
  const text = farFromPeersText({
    indicatorName: evidence.name,
    unitLabel: evidence.unitLabel,
    unitName,
    value: own.value,
    lower: hasInterval ? own.lower : null,
    upper: hasInterval ? own.upper : null,
    median: m,
    peers: others.length,
    direction: evidence.direction,
    worse,
  });
  return {
    id: `far_from_peers:${evidence.code}`,
    kind: 'far_from_peers',
    assessment: worse ? 'problem' : 'strength',
    indicator: evidence.code,
    issue: null,
    severity: Math.abs(logRatio),
    numbers: {
      ...NO_NUMBERS,
      value: own.value,
      lower: own.lower,
      upper: own.upper,
      median: m,
      peers: others.length,
      logRatio,
    },
    series: ownSeries(evidence, year),
    peerValues: peerValues(evidence, orgUnit, year),
    components: [],
    sources: [],
    affects: [],
    ...text,
  };
}
