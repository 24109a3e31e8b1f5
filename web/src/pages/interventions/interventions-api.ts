/** The register and the evaluation endpoints through the typed client, writes with the session's CSRF token. */
import { api, ApiError } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { writeOptions, type Session } from '../../api/session.ts';
import { cached } from '../../api/use-api.ts';
import type { EvaluateRequest, Intervention, InterventionEvaluation, Outcome } from './evaluation-types.ts';

export interface Issue {
  readonly field?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  readonly message: string;
}

/** An API refusal with the issues it listed (by field for the register, by line and column for CSV). */
export class RequestError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly issues: readonly Issue[],
  ) {
    super(status, code, message);
  }
}

function answer<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined) return result.data;
  const body = result.error as { error?: { code?: string; message?: string; issues?: Issue[] } } | undefined;
  throw new RequestError(
    result.response.status,
    body?.error?.code ?? 'http_error',
    body?.error?.message ?? `HTTP ${result.response.status}`,
    body?.error?.issues ?? [],
  );
}

/** Bumped after a registration so the list loads again. */
let version = 0;

export function interventionsKey(): string {
  return `interventions:${version}`;
}

export function loadInterventions(): Promise<Intervention[]> {
  return cached(interventionsKey(), async () => answer(await api.GET('/api/interventions')).interventions);
}

export function loadIntervention(code: string): Promise<Intervention> {
  return cached(`intervention:${code}:${version}`, async () =>
    answer(await api.GET('/api/interventions/{code}', { params: { path: { code } } })),
  );
}

export type CreateBody = NonNullable<
  paths['/api/interventions']['post']['requestBody']
>['content']['application/json'];

export async function registerIntervention(
  session: Session | undefined,
  body: CreateBody,
): Promise<Intervention> {
  const created = answer(await api.POST('/api/interventions', { body, ...writeOptions(session) }));
  version += 1;
  return created;
}

export async function evaluateIntervention(
  session: Session | undefined,
  code: string,
  body: EvaluateRequest,
): Promise<InterventionEvaluation> {
  return answer(
    await api.POST('/api/interventions/{code}/evaluate', {
      params: { path: { code } },
      body,
      ...writeOptions(session),
    }),
  );
}

export type ItsCsvBody = NonNullable<
  paths['/api/evaluation/its']['post']['requestBody']
>['content']['application/json'];
export type ScmCsvBody = NonNullable<
  paths['/api/evaluation/scm']['post']['requestBody']
>['content']['application/json'];
export type DidCsvBody = NonNullable<
  paths['/api/evaluation/did']['post']['requestBody']
>['content']['application/json'];

export type CsvRequest =
  | { readonly method: 'its'; readonly body: ItsCsvBody }
  | { readonly method: 'scm'; readonly body: ScmCsvBody }
  | { readonly method: 'did'; readonly body: DidCsvBody };

export async function evaluateCsv(session: Session | undefined, request: CsvRequest): Promise<Outcome> {
  const options = writeOptions(session);
  const result =
    request.method === 'its'
      ? await api.POST('/api/evaluation/its', { body: request.body, ...options })
      : request.method === 'scm'
        ? await api.POST('/api/evaluation/scm', { body: request.body, ...options })
        : await api.POST('/api/evaluation/did', { body: request.body, ...options });
  return answer(result) as unknown as Outcome;
}
