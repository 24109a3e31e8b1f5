/**
 * The typed API client. `schema.d.ts` is generated from docs/openapi.json by openapi-typescript
 * (`npm run openapi` regenerates both; a test fails when either drifts), so the web app shares the
 * server's types without importing server code.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? 'http://127.0.0.1' });

export type AnalyticsRow = components['schemas']['AnalyticsRow'];
export type Indicator =
  paths['/api/catalogue/indicators']['get']['responses'][200]['content']['application/json']['indicators'][number];
export type OrgUnit =
  paths['/api/geography/units']['get']['responses'][200]['content']['application/json']['units'][number];
export type Dimension =
  paths['/api/catalogue/dimensions']['get']['responses'][200]['content']['application/json']['dimensions'][number];
export type DataElement =
  paths['/api/catalogue/elements/{code}']['get']['responses'][200]['content']['application/json'];
export type Source =
  paths['/api/sources']['get']['responses'][200]['content']['application/json']['sources'][number];
export type Health = paths['/api/health']['get']['responses'][200]['content']['application/json'];
export type Peers = paths['/api/analytics/peers']['get']['responses'][200]['content']['application/json'];
export type Trend = paths['/api/analytics/trend']['get']['responses'][200]['content']['application/json'];
export type AnalyticsQuery = paths['/api/analytics']['get']['parameters']['query'];

/** The error an API call ends with, with the server's code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined) return result.data;
  const body = result.error as { error?: { code?: string; message?: string } } | undefined;
  throw new ApiError(
    result.response.status,
    body?.error?.code ?? 'http_error',
    body?.error?.message ?? `HTTP ${result.response.status}`,
  );
}

export async function fetchAnalytics(query: AnalyticsQuery): Promise<AnalyticsRow[]> {
  const data = unwrap(await api.GET('/api/analytics', { params: { query } }));
  return (data as { rows: AnalyticsRow[] }).rows;
}

/** The same query as a CSV download address (the API's own CSV, so the file is exactly the data). */
export function analyticsCsvHref(query: AnalyticsQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  params.set('format', 'csv');
  return `/api/analytics?${params.toString()}`;
}
