/**
 * The diagnosis of one org unit and year: its input (indicator rows as the analytics cube gives
 * them, for the unit, its peers and its own past years; figures of one element by source) and its
 * output (ranked findings, strengths and data-quality limitations, each with the numbers behind it
 * and an explanation in the four languages).
 */
import type { DesiredDirection, IndicatorFamily, Indicator } from '../catalogue/catalogue.ts';
import type { LocalizedText } from '../kernel/i18n.ts';

/** One indicator value as the cube gives it (a subset of an analytics row). */
export interface EvidenceRow {
  readonly orgUnit: string;
  /** a year, `2023` */
  readonly period: string;
  readonly value: number;
  readonly numerator: number;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly smallCount: boolean;
  readonly complete: boolean;
}

/** What the diagnosis reads of one indicator. */
export interface IndicatorEvidence {
  readonly code: string;
  readonly name: LocalizedText;
  readonly unitLabel: LocalizedText;
  readonly family: IndicatorFamily;
  readonly direction: DesiredDirection;
  readonly kind: Indicator['kind'];
  /** the numerator is one count: its value is a Poisson count and the rate has an exact interval */
  readonly countNumerator: boolean;
  /** the data elements its numerator reads (to tie a source disagreement to it) */
  readonly numeratorElements: readonly string[];
  /** the unit's own yearly rows (the diagnosis reads the ten years ending at its year) */
  readonly own: readonly EvidenceRow[];
  /** the year's rows of the parent's children: the unit's peers (the unit's own row may be among them) */
  readonly peers: readonly EvidenceRow[];
}

/** The yearly figure of one element at the unit, from each source that reports it. */
export interface SourceComparison {
  readonly element: string;
  readonly elementName: LocalizedText;
  readonly figures: readonly {
    readonly source: string;
    readonly name: LocalizedText;
    readonly value: number;
  }[];
}

export interface DiagnosisInput {
  readonly orgUnit: string;
  readonly orgUnitName: LocalizedText;
  readonly year: number;
  readonly indicators: readonly IndicatorEvidence[];
  readonly sourceComparisons: readonly SourceComparison[];
}

export type FindingKind =
  'far_from_peers' | 'rising_trend' | 'falling_trend' | 'outcome_gap' | 'data_quality';
export type QualityIssue = 'incomplete' | 'small_count' | 'sources_disagree' | 'missing_recent_years';
/** problem: worse than it should be; strength: better; limitation: what limits confidence */
export type Assessment = 'problem' | 'strength' | 'limitation';

/** The numbers behind a finding; those that do not apply to its kind are null. */
export interface FindingNumbers {
  /** the unit's value in the year */
  readonly value: number | null;
  /** its exact 95% interval (rates from counts) */
  readonly lower: number | null;
  readonly upper: number | null;
  /** the median of the peers (the other children of the parent) */
  readonly median: number | null;
  /** peers with a value, the unit not counted */
  readonly peers: number | null;
  /** ln(value / median) */
  readonly logRatio: number | null;
  /** annual percent change over the years used, with its 95% interval */
  readonly apc: number | null;
  readonly apcLower: number | null;
  readonly apcUpper: number | null;
  /** years used by the trend, first and last */
  readonly years: number | null;
  readonly fromYear: number | null;
  readonly toYear: number | null;
  /** outcome gap: mean percentile (0–1) among peers on enforcement and on prevention indicators */
  readonly enforcementPercentile: number | null;
  readonly preventionPercentile: number | null;
  /** sources: the largest relative difference between two sources, |a/b − 1| */
  readonly sourceDifference: number | null;
  /** the numerator (events) behind a small-count rate */
  readonly numerator: number | null;
  /** missing years: the latest year with a value */
  readonly latestYear: number | null;
}

export interface SeriesPoint {
  readonly year: number;
  readonly value: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface PeerPoint {
  readonly orgUnit: string;
  readonly value: number;
}

/** An indicator's position among the peers (outcome gap). */
export interface GapComponent {
  readonly indicator: string;
  readonly group: 'enforcement' | 'prevention';
  readonly value: number;
  readonly median: number;
  readonly percentile: number;
}

export interface Finding {
  /** `kind:indicator` (`data_quality:issue:indicator` for limitations) */
  readonly id: string;
  readonly kind: FindingKind;
  readonly assessment: Assessment;
  /** the indicator concerned; null for an outcome gap (see `components`) */
  readonly indicator: string | null;
  /** data quality only */
  readonly issue: QualityIssue | null;
  /** see `diagnosis.ts`: comparable across kinds (log units), larger is more serious */
  readonly severity: number;
  readonly numbers: FindingNumbers;
  /** the unit's own yearly values of the indicator (for a trend chart) */
  readonly series: readonly SeriesPoint[];
  /** the peers' values in the year, the unit included (for a bar chart) */
  readonly peerValues: readonly PeerPoint[];
  readonly components: readonly GapComponent[];
  /** the figures of each source (sources that disagree) */
  readonly sources: readonly { readonly source: string; readonly value: number }[];
  /** limitations: the ids of the findings and strengths whose confidence they limit */
  readonly affects: readonly string[];
  readonly title: LocalizedText;
  readonly explanation: LocalizedText;
}

export interface Diagnosis {
  readonly orgUnit: string;
  readonly orgUnitName: LocalizedText;
  readonly year: number;
  /** problems, most severe first */
  readonly findings: readonly Finding[];
  /** strengths, most marked first */
  readonly strengths: readonly Finding[];
  /** what limits confidence, most serious first */
  readonly quality: readonly Finding[];
}

export const NO_NUMBERS: FindingNumbers = {
  value: null,
  lower: null,
  upper: null,
  median: null,
  peers: null,
  logRatio: null,
  apc: null,
  apcLower: null,
  apcUpper: null,
  years: null,
  fromYear: null,
  toYear: null,
  enforcementPercentile: null,
  preventionPercentile: null,
  sourceDifference: null,
  numerator: null,
  latestYear: null,
};
