/**
 * What the diagnosis page asks the API (the diagnosis of a unit and year, cached by its key) and
 * the little arithmetic it does, kept apart from React so it can be tested: the report's address,
 * a DOM id for a finding, and the findings a data-quality limitation weakens.
 */
import { api, unwrap } from '../../api/client.ts';
import type { components, paths } from '../../api/schema';
import { cached } from '../../api/use-api.ts';

export type Diagnosis = paths['/api/diagnostics']['get']['responses'][200]['content']['application/json'];
export type Finding = components['schemas']['DiagnosticFinding'];
export type ReportFormat = 'html' | 'pdf';

export function loadDiagnosis(code: string, year: number): Promise<Diagnosis> {
  return cached(`diagnosis:${code}:${year}`, async () =>
    unwrap(await api.GET('/api/diagnostics', { params: { query: { orgUnit: code, year } } })),
  );
}

/** The report of the diagnosis in one language (the API's own HTML or PDF). */
export function reportHref(code: string, year: number, lang: string, format: ReportFormat): string {
  const params = new URLSearchParams({ orgUnit: code, year: String(year), lang, format });
  return `/api/diagnostics/report?${params.toString()}`;
}

/** The diagnosis page's address; the year is left out when it is the default. */
export function diagnosisHref(code: string, year?: number): string {
  const path = `/country/${encodeURIComponent(code)}/diagnosis`;
  return year === undefined ? path : `${path}?year=${year}`;
}

/** An id usable in the DOM and in a fragment: `far_from_peers:homicide_rate` → `finding-far_from_peers-homicide_rate`. */
export function findingAnchor(id: string): string {
  return `finding-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** The problems and strengths a limitation weakens, in the order the limitation lists them. */
export function affectedFindings(limitation: Finding, diagnosis: Diagnosis): Finding[] {
  const byId = new Map([...diagnosis.findings, ...diagnosis.strengths].map((f) => [f.id, f]));
  return limitation.affects.flatMap((id) => {
    const finding = byId.get(id);
    return finding === undefined ? [] : [finding];
  });
}

/** The chart that suits a finding: its own series for a trend, its peers for a gap to them. */
export function chartFor(finding: Finding): 'trend' | 'peers' | 'none' {
  if (finding.kind === 'rising_trend' || finding.kind === 'falling_trend')
    return finding.series.length > 1 ? 'trend' : 'none';
  if (finding.kind === 'far_from_peers') {
    if (finding.peerValues.length > 1) return 'peers';
    return finding.series.length > 1 ? 'trend' : 'none';
  }
  return 'none';
}
