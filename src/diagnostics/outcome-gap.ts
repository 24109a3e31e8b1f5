/**
 * `outcome_gap`: "much enforcement, little prevention". The unit's percentile among its peers is
 * taken on each traditional response indicator (police_rate, prison_rate, arrest_rate) and each
 * prevention or treatment indicator (prevention_centre_rate, treatment_centre_rate,
 * social_worker_rate) that it and at least three peers report in the year. The percentile is the
 * share of the other peers with a lower value, ties counting half (0 = lowest, 1 = highest).
 * Flagged, as a problem, when at least two indicators of each group are known and the mean
 * enforcement percentile exceeds the mean prevention percentile by 0.5 or more. The reverse (little
 * enforcement, much prevention) is not flagged. Severity: the mean ln(value / peer median) of the
 * enforcement indicators minus that of the prevention indicators (how many-fold more the unit leans
 * towards enforcement than its peers, in log units), at least 0.
 */
import { median } from '../analytics/peer-comparison.ts';
import type { LocalizedText } from '../kernel/i18n.ts';
import { outcomeGapText } from './finding-text.ts';
import { NO_NUMBERS, type Finding, type GapComponent, type IndicatorEvidence } from './diagnosis-model.ts';
import { otherPeers, ownRow } from './indicator-evidence.ts';
import { MIN_PEERS } from './peer-findings.ts';

export const ENFORCEMENT_INDICATORS = ['police_rate', 'prison_rate', 'arrest_rate'] as const;
export const PREVENTION_INDICATORS = [
  'prevention_centre_rate',
  'treatment_centre_rate',
  'social_worker_rate',
] as const;
export const OUTCOME_GAP_THRESHOLD = 0.5;
export const MIN_GAP_INDICATORS = 2;

/** Share of `others` below `value`, ties counting half. */
export function percentileAmong(value: number, others: readonly number[]): number {
  const below = others.filter((v) => v < value).length;
  const ties = others.filter((v) => v === value).length;
  return (below + ties / 2) / others.length;
}

export function outcomeGapFinding(
  evidence: readonly IndicatorEvidence[],
  orgUnit: string,
  unitName: LocalizedText,
  year: number,
): Finding | undefined {
  const byCode = new Map(evidence.map((e) => [e.code, e]));
  const components: GapComponent[] = [];
  const names: { enforcement: LocalizedText[]; prevention: LocalizedText[] } = {
    enforcement: [],
    prevention: [],
  };
  let peers = 0;
  const groups = [
    ['enforcement', ENFORCEMENT_INDICATORS],
    ['prevention', PREVENTION_INDICATORS],
  ] as const;
  for (const [group, codes] of groups) {
    for (const code of codes) {
      const e = byCode.get(code);
      if (e === undefined) continue;
      const own = ownRow(e, year);
      const others = otherPeers(e, orgUnit)
        .map((r) => r.value)
        .filter((v) => v > 0);
      if (own === undefined || !(own.value > 0) || others.length < MIN_PEERS) continue;
      components.push({
        indicator: code,
        group,
        value: own.value,
        median: median(others)!,
        percentile: percentileAmong(own.value, others),
      });
      names[group].push(e.name);
      peers = Math.max(peers, others.length);
    }
  }
  const of = (group: GapComponent['group']) => components.filter((c) => c.group === group);
  const enforcement = of('enforcement');
  const prevention = of('prevention');
  if (enforcement.length < MIN_GAP_INDICATORS || prevention.length < MIN_GAP_INDICATORS) return undefined;
  const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const pe = mean(enforcement.map((c) => c.percentile));
  const pp = mean(prevention.map((c) => c.percentile));
  if (pe - pp < OUTCOME_GAP_THRESHOLD) return undefined;
  const lean = (cs: readonly GapComponent[]) => mean(cs.map((c) => Math.log(c.value / c.median)));
  return {
    id: 'outcome_gap',
    kind: 'outcome_gap',
    assessment: 'problem',
    indicator: null,
    issue: null,
    severity: Math.max(0, lean(enforcement) - lean(prevention)),
    numbers: { ...NO_NUMBERS, peers, enforcementPercentile: pe, preventionPercentile: pp },
    series: [],
    peerValues: [],
    components,
    sources: [],
    affects: [],
    ...outcomeGapText({
      unitName,
      peers,
      enforcement: names.enforcement,
      prevention: names.prevention,
      enforcementPercentile: pe,
      preventionPercentile: pp,
    }),
  };
}
