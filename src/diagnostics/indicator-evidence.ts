/**
 * Small readings of one indicator's evidence: the unit's row in a year, its series over the ten
 * years ending at it, the peers' rows (the other children of the parent), and the values a bar
 * chart of the peers shows.
 */
import type { EvidenceRow, IndicatorEvidence, PeerPoint, SeriesPoint } from './diagnosis-model.ts';

/** The trend window: the ten years ending at the diagnosed year. */
export const TREND_YEARS = 10;

export function ownRow(evidence: IndicatorEvidence, year: number): EvidenceRow | undefined {
  return evidence.own.find((r) => r.period === String(year));
}

/** The unit's yearly values in the ten years ending at `year`, oldest first. */
export function ownSeries(evidence: IndicatorEvidence, year: number): SeriesPoint[] {
  return evidence.own
    .map((r) => ({ year: Number(r.period), value: r.value, lower: r.lower, upper: r.upper }))
    .filter((p) => Number.isInteger(p.year) && p.year <= year && p.year > year - TREND_YEARS)
    .sort((a, b) => a.year - b.year);
}

/** The peers' rows: the other children's finite values in the year. */
export function otherPeers(evidence: IndicatorEvidence, orgUnit: string): EvidenceRow[] {
  return evidence.peers.filter((r) => r.orgUnit !== orgUnit && Number.isFinite(r.value));
}

/** The peers' values and the unit's, highest first (for a bar chart). */
export function peerValues(evidence: IndicatorEvidence, orgUnit: string, year: number): PeerPoint[] {
  const own = ownRow(evidence, year);
  const rows = [...otherPeers(evidence, orgUnit), ...(own === undefined ? [] : [{ ...own, orgUnit }])];
  return rows
    .map((r) => ({ orgUnit: r.orgUnit, value: r.value }))
    .sort((a, b) => b.value - a.value || a.orgUnit.localeCompare(b.orgUnit));
}
