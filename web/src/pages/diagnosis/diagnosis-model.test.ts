import { describe, expect, it } from 'vitest';
import {
  affectedFindings,
  chartFor,
  diagnosisHref,
  findingAnchor,
  reportHref,
  type Diagnosis,
  type Finding,
} from './diagnosis-model.ts';

const text = { en: 't', es: 't', pt: 't', fr: 't' };

function finding(id: string, extra: Partial<Finding> = {}): Finding {
  const [kind] = id.split(':');
  return {
    id,
    kind: kind as Finding['kind'],
    assessment: 'problem',
    indicator: 'homicide_rate',
    issue: null,
    severity: 1,
    numbers: {
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
    },
    series: [],
    peerValues: [],
    components: [],
    sources: [],
    affects: [],
    title: text,
    explanation: text,
    ...extra,
  };
}

const series = [
  { year: 2022, value: 1, lower: null, upper: null },
  { year: 2023, value: 2, lower: null, upper: null },
];
const peers = [
  { orgUnit: 'GTM', value: 1 },
  { orgUnit: 'HND', value: 2 },
];

describe('diagnosis page model', () => {
  it('addresses the report in a language and format, and the page by year', () => {
    expect(reportHref('GTM', 2023, 'fr', 'pdf')).toBe(
      '/api/diagnostics/report?orgUnit=GTM&year=2023&lang=fr&format=pdf',
    );
    expect(diagnosisHref('MEX.09', 2020)).toBe('/country/MEX.09/diagnosis?year=2020');
    expect(diagnosisHref('GTM')).toBe('/country/GTM/diagnosis');
  });

  it('makes DOM ids of finding ids', () => {
    expect(findingAnchor('data_quality:sources_disagree:homicide_victims')).toBe(
      'finding-data_quality-sources_disagree-homicide_victims',
    );
  });

  it('lists the problems and strengths a limitation weakens, skipping ids it cannot find', () => {
    const trend = finding('falling_trend:homicide_rate', { assessment: 'strength' });
    const gap = finding('far_from_peers:homicide_rate');
    const limit = finding('data_quality:sources_disagree:homicide_victims', {
      assessment: 'limitation',
      affects: ['falling_trend:homicide_rate', 'far_from_peers:homicide_rate', 'rising_trend:gone'],
    });
    const diagnosis: Diagnosis = {
      orgUnit: 'GTM',
      orgUnitName: text,
      year: 2023,
      findings: [gap],
      strengths: [trend],
      quality: [limit],
      synthetic: true,
    };
    expect(affectedFindings(limit, diagnosis).map((f) => f.id)).toEqual([trend.id, gap.id]);
  });

  it('draws the series for a trend and the peers for a gap to the peers', () => {
    expect(chartFor(finding('rising_trend:x', { series, peerValues: peers }))).toBe('trend');
    expect(chartFor(finding('far_from_peers:x', { series, peerValues: peers }))).toBe('peers');
    expect(chartFor(finding('far_from_peers:x', { series }))).toBe('trend');
    expect(chartFor(finding('outcome_gap', { series, peerValues: peers }))).toBe('none');
    expect(chartFor(finding('falling_trend:x'))).toBe('none');
  });
});
