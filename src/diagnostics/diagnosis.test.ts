/**
 * The diagnosis engine on hand-made rows: each rule fires just past its threshold and not just
 * before it, the ranking, the links from limitations to findings, and the four languages.
 */
import { describe, expect, it } from 'vitest';
import type { DesiredDirection, IndicatorFamily } from '../catalogue/catalogue.ts';
import { LANGUAGES } from '../kernel/i18n.ts';
import { diagnose, rankFindings } from './diagnosis.ts';
import type {
  DiagnosisInput,
  EvidenceRow,
  Finding,
  IndicatorEvidence,
  SourceComparison,
} from './diagnosis-model.ts';
import { percentileAmong } from './outcome-gap.ts';

const text = (s: string) => ({ en: s, es: `${s} (es)`, pt: `${s} (pt)`, fr: `${s} (fr)` });
const UNIT = 'AAA';
const YEAR = 2023;

function row(orgUnit: string, period: number, value: number, extra: Partial<EvidenceRow> = {}): EvidenceRow {
  return {
    orgUnit,
    period: String(period),
    value,
    numerator: 1000,
    lower: null,
    upper: null,
    smallCount: false,
    complete: true,
    ...extra,
  };
}

interface EvidenceOptions {
  readonly direction?: DesiredDirection;
  readonly family?: IndicatorFamily;
  readonly countNumerator?: boolean;
  readonly own?: readonly EvidenceRow[];
  readonly peers?: readonly number[];
  readonly elements?: readonly string[];
}

function evidence(code: string, o: EvidenceOptions = {}): IndicatorEvidence {
  return {
    code,
    name: text(code.replace(/_/g, ' ')),
    unitLabel: text('per 100 000'),
    family: o.family ?? 'traditional',
    direction: o.direction ?? 'down',
    kind: 'rate',
    countNumerator: o.countNumerator ?? false,
    numeratorElements: o.elements ?? [],
    own: o.own ?? [],
    peers: (o.peers ?? []).map((v, i) => row(`P${i + 1}`, YEAR, v)),
  };
}

function input(indicators: IndicatorEvidence[], sourceComparisons: SourceComparison[] = []): DiagnosisInput {
  return { orgUnit: UNIT, orgUnitName: text('Atlantis'), year: YEAR, indicators, sourceComparisons };
}

const all = (d: ReturnType<typeof diagnose>): Finding[] => [...d.findings, ...d.strengths, ...d.quality];

describe('far_from_peers', () => {
  const peers = [8, 10, 10, 12];
  it('flags a value 1.5 times the median (and one two thirds of it as a strength when lower is better)', () => {
    const high = diagnose(input([evidence('homicide_rate', { own: [row(UNIT, YEAR, 15.01)], peers })]));
    expect(high.findings.map((f) => f.id)).toEqual(['far_from_peers:homicide_rate']);
    const f = high.findings[0]!;
    expect(f.numbers.median).toBe(10);
    expect(f.numbers.peers).toBe(4);
    expect(f.numbers.logRatio).toBeCloseTo(Math.log(1.501), 10);
    expect(f.severity).toBeCloseTo(Math.log(1.501), 10);
    expect(f.peerValues.map((p) => p.orgUnit)).toEqual([UNIT, 'P4', 'P2', 'P3', 'P1']);
    const low = diagnose(input([evidence('homicide_rate', { own: [row(UNIT, YEAR, 6.66)], peers })]));
    expect(low.findings).toEqual([]);
    expect(low.strengths.map((s) => s.id)).toEqual(['far_from_peers:homicide_rate']);
  });

  it('does not flag a value just under the threshold, a neutral indicator, or fewer than three peers', () => {
    const under = diagnose(input([evidence('homicide_rate', { own: [row(UNIT, YEAR, 14.99)], peers })]));
    expect(all(under)).toEqual([]);
    const neutral = diagnose(
      input([evidence('police_rate', { direction: 'neutral', own: [row(UNIT, YEAR, 40)], peers })]),
    );
    expect(all(neutral)).toEqual([]);
    const few = diagnose(input([evidence('homicide_rate', { own: [row(UNIT, YEAR, 40)], peers: [10, 10] })]));
    expect(all(few)).toEqual([]);
  });

  it('for a rate from counts, needs the exact interval to leave the median out', () => {
    const wide = row(UNIT, YEAR, 20, { lower: 9.9, upper: 35 });
    expect(
      all(diagnose(input([evidence('homicide_rate', { countNumerator: true, own: [wide], peers })]))),
    ).toEqual([]);
    const narrow = row(UNIT, YEAR, 20, { lower: 10.1, upper: 35 });
    const d = diagnose(input([evidence('homicide_rate', { countNumerator: true, own: [narrow], peers })]));
    expect(d.findings[0]?.numbers.lower).toBe(10.1);
    expect(d.findings[0]?.explanation.en).toContain('95% interval');
  });

  it('judges by direction: a high value of an indicator where higher is better is a strength', () => {
    const d = diagnose(
      input([
        evidence('trust_police', {
          direction: 'up',
          family: 'wider_outcome',
          own: [row(UNIT, YEAR, 60)],
          peers: [30, 30, 30],
        }),
      ]),
    );
    expect(d.strengths.map((s) => s.id)).toEqual(['far_from_peers:trust_police']);
    expect(d.strengths[0]!.explanation.en).toContain('better than');
  });
});

describe('rising_trend and falling_trend', () => {
  const growing = (rate: number, jitter: number) =>
    Array.from({ length: 10 }, (_, i) =>
      row(UNIT, 2014 + i, 10 * Math.pow(1 + rate, i) * (i % 2 === 0 ? 1 + jitter : 1 - jitter)),
    );

  it('flags a rise whose interval leaves out zero as a problem when lower is better', () => {
    const d = diagnose(input([evidence('homicide_rate', { own: growing(0.05, 0.01) })]));
    expect(d.findings.map((f) => f.id)).toEqual(['rising_trend:homicide_rate']);
    const f = d.findings[0]!;
    expect(f.numbers.apc).toBeCloseTo(5, 0);
    expect(f.numbers.apcLower).toBeGreaterThan(0);
    expect(f.numbers.years).toBe(10);
    expect(f.numbers.fromYear).toBe(2014);
    expect(f.numbers.toYear).toBe(2023);
    expect(f.severity).toBeCloseTo(Math.abs(Math.log1p(f.numbers.apc! / 100)) * 10, 12);
    expect(f.series).toHaveLength(10);
  });

  it('a rise of an indicator where higher is better is a strength; a fall where lower is better too', () => {
    const up = diagnose(input([evidence('trust_police', { direction: 'up', own: growing(0.05, 0.01) })]));
    expect(up.strengths.map((s) => s.id)).toEqual(['rising_trend:trust_police']);
    const down = diagnose(input([evidence('homicide_rate', { own: growing(-0.05, 0.01) })]));
    expect(down.strengths.map((s) => s.id)).toEqual(['falling_trend:homicide_rate']);
  });

  it('does not flag a change whose interval includes zero, nor fewer than five years', () => {
    // the same slope drowned in noise: the interval straddles zero
    expect(all(diagnose(input([evidence('homicide_rate', { own: growing(0.02, 0.3) })])))).toEqual([]);
    const four = growing(0.05, 0.01).slice(-4);
    expect(all(diagnose(input([evidence('homicide_rate', { own: four })])))).toEqual([]);
  });
});

describe('outcome_gap', () => {
  const others = [10, 20, 30, 40];
  const gapInput = (enforcementValue: number, preventionValue: number) =>
    input([
      ...['police_rate', 'prison_rate', 'arrest_rate'].map((code) =>
        evidence(code, { direction: 'neutral', own: [row(UNIT, YEAR, enforcementValue)], peers: others }),
      ),
      ...['prevention_centre_rate', 'treatment_centre_rate', 'social_worker_rate'].map((code) =>
        evidence(code, {
          direction: 'neutral',
          family: 'wider_outcome',
          own: [row(UNIT, YEAR, preventionValue)],
          peers: others,
        }),
      ),
    ]);

  it('percentile: the share of peers below, ties counting half', () => {
    expect(percentileAmong(35, others)).toBe(0.75);
    expect(percentileAmong(30, others)).toBe(0.625);
    expect(percentileAmong(5, others)).toBe(0);
  });

  it('flags a gap of 0.5 percentile between enforcement and prevention', () => {
    const d = diagnose(gapInput(35, 15)); // 0.75 against 0.25
    expect(d.findings.map((f) => f.id)).toEqual(['outcome_gap']);
    const f = d.findings[0]!;
    expect(f.numbers.enforcementPercentile).toBe(0.75);
    expect(f.numbers.preventionPercentile).toBe(0.25);
    expect(f.components).toHaveLength(6);
    expect(f.severity).toBeCloseTo(Math.log(35 / 25) - Math.log(15 / 25), 12);
    expect(f.explanation.en).toContain('50 percentile points');
  });

  it('does not flag a smaller gap, the reverse gap, or too few indicators', () => {
    expect(all(diagnose(gapInput(30, 15)))).toEqual([]); // 0.625 against 0.25
    expect(all(diagnose(gapInput(15, 35)))).toEqual([]);
    const [police, , , prevention, treatment] = gapInput(45, 5).indicators;
    expect(all(diagnose(input([police!, prevention!, treatment!])))).toEqual([]);
  });
});

describe('data_quality', () => {
  const homicides = (value: number, extra: Partial<EvidenceRow> = {}) =>
    evidence('homicide_rate', {
      countNumerator: true,
      elements: ['homicide_victims'],
      own: [row(UNIT, YEAR, value, { lower: value * 0.8, upper: value * 1.2, ...extra })],
      peers: [10, 10, 10],
    });
  const sources = (police: number, forensic: number): SourceComparison => ({
    element: 'homicide_victims',
    elementName: text('homicide victims'),
    figures: [
      { source: 'police', name: text('police'), value: police },
      { source: 'forensic', name: text('forensic'), value: forensic },
    ],
  });

  it('sources more than 10% apart limit the findings on indicators built from the element', () => {
    const d = diagnose(input([homicides(30)], [sources(1000, 1101)]));
    expect(d.findings.map((f) => f.id)).toEqual(['far_from_peers:homicide_rate']);
    expect(d.quality.map((q) => q.id)).toEqual(['data_quality:sources_disagree:homicide_victims']);
    const q = d.quality[0]!;
    expect(q.issue).toBe('sources_disagree');
    expect(q.numbers.sourceDifference).toBeCloseTo(0.101, 10);
    expect(q.sources).toEqual([
      { source: 'forensic', value: 1101 },
      { source: 'police', value: 1000 },
    ]);
    expect(q.affects).toEqual(['far_from_peers:homicide_rate']);
    expect(diagnose(input([homicides(30)], [sources(1000, 1099)])).quality).toEqual([]);
  });

  it('lists incomplete reporting, small counts and a missing latest year', () => {
    const d = diagnose(
      input([
        homicides(30, { complete: false, smallCount: true, numerator: 12 }),
        evidence('trust_police', {
          direction: 'up',
          own: [row(UNIT, 2019, 40), row(UNIT, 2020, 42)],
          peers: [40, 41, 42],
        }),
      ]),
    );
    expect(d.quality.map((q) => q.id)).toEqual([
      'data_quality:missing_recent_years:trust_police',
      'data_quality:incomplete:homicide_rate',
      'data_quality:small_count:homicide_rate',
    ]);
    expect(d.quality[0]!.numbers.latestYear).toBe(2020);
    expect(d.quality[1]!.affects).toEqual(['far_from_peers:homicide_rate']);
    expect(d.quality[2]!.numbers.numerator).toBe(12);
    expect(all(diagnose(input([homicides(30)]))).filter((f) => f.kind === 'data_quality')).toEqual([]);
  });
});

describe('ranking and languages', () => {
  const mixed = () =>
    diagnose(
      input(
        [
          evidence('homicide_rate', { own: [row(UNIT, YEAR, 40)], peers: [10, 10, 10] }), // ln 4
          evidence('victimisation_rate', { own: [row(UNIT, YEAR, 16)], peers: [10, 10, 10] }), // ln 1.6
          evidence('recidivism_rate', {
            own: Array.from({ length: 10 }, (_, i) =>
              row(UNIT, 2014 + i, 10 * Math.pow(1.1, i) * (i % 2 ? 0.99 : 1.01)),
            ),
          }), // ≈ 10 ln 1.1 ≈ 0.95
        ],
        [
          {
            element: 'homicide_victims',
            elementName: text('homicide victims'),
            figures: [
              { source: 'police', name: text('police'), value: 100 },
              { source: 'forensic', name: text('forensic'), value: 150 },
              { source: 'health', name: text('health'), value: 120 },
            ],
          },
        ],
      ),
    );

  it('ranks problems by severity across kinds', () => {
    const d = mixed();
    expect(d.findings.map((f) => f.id)).toEqual([
      'far_from_peers:homicide_rate',
      'rising_trend:recidivism_rate',
      'far_from_peers:victimisation_rate',
    ]);
    const severities = d.findings.map((f) => f.severity);
    expect([...severities].sort((a, b) => b - a)).toEqual(severities);
    expect(d.quality[0]!.sources.map((s) => s.source)).toEqual(['forensic', 'health', 'police']);
  });

  it('breaks severity ties by kind, then indicator', () => {
    const base = mixed().findings[0]!;
    const tie = (id: string, kind: Finding['kind'], indicator: string): Finding => ({
      ...base,
      id,
      kind,
      indicator,
      severity: 1,
    });
    expect(
      rankFindings([
        tie('c', 'rising_trend', 'a'),
        tie('b', 'far_from_peers', 'z'),
        tie('a', 'far_from_peers', 'b'),
      ]).map((f) => f.id),
    ).toEqual(['a', 'b', 'c']);
  });

  it('explains every finding in en, es, pt and fr', () => {
    const d = mixed();
    const findings = all(d);
    expect(findings.length).toBeGreaterThanOrEqual(4);
    for (const f of findings) {
      for (const language of LANGUAGES) {
        expect(f.title[language].length, `${f.id} title ${language}`).toBeGreaterThan(5);
        expect(f.explanation[language].length, `${f.id} explanation ${language}`).toBeGreaterThan(30);
      }
      expect(new Set(LANGUAGES.map((l) => f.explanation[l])).size).toBe(4);
    }
    expect(d.findings[0]!.explanation.es).toContain('Atlantis (es)');
    expect(d.findings[0]!.explanation.fr).toContain('300 %');
  });
});
