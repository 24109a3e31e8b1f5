/**
 * The diagnosis of one org unit and year: what the evidence shows. From the indicator rows of the
 * unit, its peers (the other children of its parent) and its own past years, it lists:
 * - problems (`findings`) and `strengths`: `far_from_peers` (peer-findings.ts), `rising_trend` /
 *   `falling_trend` (trend-findings.ts), `outcome_gap` (outcome-gap.ts), each judged by the
 *   indicator's desired direction;
 * - `quality`: the data-quality limitations (data-quality.ts), each naming the findings it affects.
 *
 * Severity is in log units on one scale for every kind, so the ranking compares like with like:
 * a peer gap scores |ln(value / median)|; a trend |ln(1 + APC/100)| × 10, the log change it makes
 * over a decade; an outcome gap the difference of the mean log ratios to the peer medians between
 * enforcement and prevention indicators. So 0.69 is "twice (or half) as much", whichever the kind.
 * Each list is ranked by severity, most severe first; ties by kind, then indicator code.
 */
import { indicatorLimitations, sourceLimitation } from './data-quality.ts';
import type { Diagnosis, DiagnosisInput, Finding, FindingKind } from './diagnosis-model.ts';
import { outcomeGapFinding, ENFORCEMENT_INDICATORS, PREVENTION_INDICATORS } from './outcome-gap.ts';
import { peerFinding } from './peer-findings.ts';
import { trendFinding } from './trend-findings.ts';

const KIND_ORDER: readonly FindingKind[] = [
  'far_from_peers',
  'rising_trend',
  'falling_trend',
  'outcome_gap',
  'data_quality',
];

/** Most severe first; ties by kind, then indicator, then id. */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      b.severity - a.severity ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      (a.indicator ?? '').localeCompare(b.indicator ?? '') ||
      a.id.localeCompare(b.id),
  );
}

/** The indicators a finding rests on. */
function indicatorsOf(finding: Finding): string[] {
  if (finding.kind === 'outcome_gap') return finding.components.map((c) => c.indicator);
  return finding.indicator === null ? [] : [finding.indicator];
}

export function diagnose(input: DiagnosisInput): Diagnosis {
  const { orgUnit, orgUnitName, year } = input;
  const judged: Finding[] = [];
  const limitations: { finding: Finding; indicators: readonly string[] }[] = [];
  for (const evidence of input.indicators) {
    const peer = peerFinding(evidence, orgUnit, orgUnitName, year);
    if (peer !== undefined) judged.push(peer);
    const trend = trendFinding(evidence, orgUnit, orgUnitName, year);
    if (trend !== undefined) judged.push(trend);
    for (const finding of indicatorLimitations(evidence, orgUnitName, year)) {
      limitations.push({ finding, indicators: [evidence.code] });
    }
  }
  const gap = outcomeGapFinding(input.indicators, orgUnit, orgUnitName, year);
  if (gap !== undefined) judged.push(gap);
  for (const comparison of input.sourceComparisons) {
    const finding = sourceLimitation(comparison, orgUnitName, year);
    if (finding === undefined) continue;
    const indicators = input.indicators
      .filter((e) => e.numeratorElements.includes(comparison.element))
      .map((e) => e.code);
    limitations.push({ finding, indicators });
  }
  const quality = limitations.map(({ finding, indicators }) => ({
    ...finding,
    affects: judged
      .filter((j) => indicatorsOf(j).some((code) => indicators.includes(code)))
      .map((j) => j.id)
      .sort(),
  }));
  return {
    orgUnit,
    orgUnitName,
    year,
    findings: rankFindings(judged.filter((f) => f.assessment === 'problem')),
    strengths: rankFindings(judged.filter((f) => f.assessment === 'strength')),
    quality: rankFindings(quality),
  };
}

/** Every indicator the outcome-gap rule reads (the evidence must include them). */
export const OUTCOME_GAP_INDICATORS: readonly string[] = [
  ...ENFORCEMENT_INDICATORS,
  ...PREVENTION_INDICATORS,
];
