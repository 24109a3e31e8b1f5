/** `POST /api/imports`: a file (with its format, mapping and status) imported or checked (dry run). */
import type { paths } from '../../api/schema';
import { writeOptions, type Session } from '../../api/session.ts';

export type FileImport = paths['/api/imports']['post']['responses'][200]['content']['application/json'];
/** The answer for a file of values (every format but geojson) */
export type ValueImport = Exclude<FileImport, { boundaries: unknown }>;
export type ImportPreview = Extract<ValueImport, { dryRun: true }>['preview'];
/** The answer for a GeoJSON file of boundaries */
export type BoundaryImport = Extract<FileImport, { boundaries: unknown }>;
export type ImportFormat = NonNullable<
  NonNullable<paths['/api/imports']['post']['requestBody']>['content']['multipart/form-data']['format']
>;
export type ValueStatus = 'draft' | 'submitted' | 'approved' | 'published';

export const IMPORT_FORMATS: readonly ImportFormat[] = [
  'canonical',
  'wdi',
  'unodc-portal',
  'unodc-gsh',
  'unodc-seizures',
  'sdmx',
  'sesnsp',
  'atlas',
  'table',
  'geojson',
];

/** Formats whose reader needs a mapping file (SDMX takes one only when its codes differ). */
export const MAPPING_REQUIRED: ReadonlySet<ImportFormat> = new Set([
  'wdi',
  'unodc-portal',
  'unodc-gsh',
  'sesnsp',
  'atlas',
  'table',
  'geojson',
]);

export interface ImportIssue {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly field?: string;
  /** in a spreadsheet, the cell (`Prisiones!D3`) or row (`Prisiones!3:3`) */
  readonly cell?: string;
  readonly message: string;
}

/** A refusal of the API, with the problems it listed. */
export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly issues: readonly ImportIssue[],
  ) {
    super(message);
  }
}

export interface ImportRequest {
  readonly file: File;
  readonly format: ImportFormat;
  readonly mapping?: string;
  readonly status: ValueStatus;
  readonly note?: string;
  readonly dryRun: boolean;
}

export async function sendImport(session: Session | undefined, request: ImportRequest): Promise<FileImport> {
  const body = new FormData();
  body.set('file', request.file, request.file.name);
  body.set('format', request.format);
  if (request.mapping !== undefined) body.set('mapping', request.mapping);
  body.set('status', request.status);
  if (request.note !== undefined && request.note !== '') body.set('note', request.note);
  body.set('dryRun', String(request.dryRun));
  const response = await fetch('/api/imports', { method: 'POST', body, ...writeOptions(session) });
  const answer = (await response.json().catch(() => ({}))) as
    FileImport | { error?: { message?: string; issues?: ImportIssue[] } };
  if (response.ok) return answer as FileImport;
  const error = (answer as { error?: { message?: string; issues?: ImportIssue[] } }).error;
  throw new ImportRefused(error?.message ?? `HTTP ${response.status}`, response.status, error?.issues ?? []);
}

export type Batch =
  paths['/api/import-batches']['get']['responses'][200]['content']['application/json']['batches'][number];
export type Rollback =
  paths['/api/import-batches/{id}/rollback']['post']['responses'][200]['content']['application/json'];

/** `GET /api/import-batches`: the last imports, newest first. */
export async function listBatches(limit = 10): Promise<Batch[]> {
  const response = await fetch(`/api/import-batches?limit=${limit}`, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return ((await response.json()) as { batches: Batch[] }).batches;
}

/** `POST /api/import-batches/{id}/rollback`: rolls a batch back, or says what that would do. */
export async function rollBack(
  session: Session | undefined,
  batch: number,
  dryRun: boolean,
): Promise<Rollback> {
  const response = await fetch(`/api/import-batches/${batch}/rollback?dryRun=${dryRun}`, {
    method: 'POST',
    ...writeOptions(session),
  });
  const answer = (await response.json().catch(() => ({}))) as
    Rollback | { error?: { message?: string; issues?: ImportIssue[] } };
  if (response.ok) return answer as Rollback;
  const error = (answer as { error?: { message?: string; issues?: ImportIssue[] } }).error;
  throw new ImportRefused(error?.message ?? `HTTP ${response.status}`, response.status, error?.issues ?? []);
}
