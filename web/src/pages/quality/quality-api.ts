/**
 * The quality page's requests: the checks over every status (`view=all`: the page is for readers of
 * unpublished data), the source comparison, and setting or clearing a preferred source (writes, with
 * the session cookie and the CSRF token).
 */
import { api, ApiError, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { writeOptions, type Session } from '../../api/session.ts';

type Json<P extends keyof paths, M extends 'get' | 'put' | 'delete'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type RulesResult = Json<'/api/quality/rules', 'get'>;
export type Violation = RulesResult['violations'][number];
export type OutliersResult = Json<'/api/quality/outliers', 'get'>;
export type OutlierSeries = OutliersResult['series'][number];
export type CompletenessResult = Json<'/api/quality/completeness', 'get'>;
export type UnitCompleteness = CompletenessResult['units'][number];
export type Comparison = Json<'/api/sources/comparison', 'get'>;
export type SourcePair = Comparison['pairs'][number];
export type SourcePreference = NonNullable<Comparison['preferences'][number]['preference']>;
export type DataElementSummary =
  paths['/api/catalogue/elements']['get']['responses'][200]['content']['application/json']['elements'][number];

const SAME_ORIGIN = { credentials: 'same-origin' } as const;

export async function fetchRules(q: { orgUnit: string; from: string; to: string }): Promise<RulesResult> {
  return unwrap(
    await api.GET('/api/quality/rules', { params: { query: { ...q, view: 'all' } }, ...SAME_ORIGIN }),
  );
}

export async function fetchOutliers(q: { element: string; orgUnit: string }): Promise<OutliersResult> {
  return unwrap(
    await api.GET('/api/quality/outliers', { params: { query: { ...q, view: 'all' } }, ...SAME_ORIGIN }),
  );
}

export async function fetchCompleteness(q: {
  element: string;
  orgUnit: string;
  from: string;
  to: string;
}): Promise<CompletenessResult> {
  return unwrap(
    await api.GET('/api/quality/completeness', {
      params: { query: { ...q, view: 'all', deadlineDays: 30 } },
      ...SAME_ORIGIN,
    }),
  );
}

export async function fetchComparison(q: {
  element: string;
  orgUnit: string;
  from: string;
  to: string;
}): Promise<Comparison> {
  return unwrap(await api.GET('/api/sources/comparison', { params: { query: q }, ...SAME_ORIGIN }));
}

export async function fetchElements(): Promise<DataElementSummary[]> {
  return unwrap(await api.GET('/api/catalogue/elements')).elements;
}

async function failure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  return new ApiError(
    response.status,
    body.error?.code ?? 'http_error',
    body.error?.message ?? `HTTP ${response.status}`,
  );
}

/** PUT /api/sources/preferences: the preferred source of an element in a unit, with the reason. */
export async function setPreferredSource(
  session: Session,
  input: { orgUnit: string; element: string; source: string; reason: string },
): Promise<SourcePreference> {
  const options = writeOptions(session);
  const response = await fetch('/api/sources/preferences', {
    method: 'PUT',
    credentials: options.credentials,
    headers: { ...options.headers, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as SourcePreference;
}

/** DELETE /api/sources/preferences: the rule removed (the most complete source is used again). */
export async function clearPreferredSource(
  session: Session,
  input: { orgUnit: string; element: string },
): Promise<void> {
  const query = new URLSearchParams(input).toString();
  const response = await fetch(`/api/sources/preferences?${query}`, {
    method: 'DELETE',
    ...writeOptions(session),
  });
  if (!response.ok) throw await failure(response);
}
