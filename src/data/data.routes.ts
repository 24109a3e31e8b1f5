import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { covers, describeScope, NOWHERE, scopeFor, type Scope } from '../access/access-scope.ts';
import { actorName } from '../access/principal.ts';
import { ancestorChain, unitIdsUnder } from '../geography/subtree.store.ts';
import { ForbiddenError, ValidationError } from '../kernel/errors.ts';
import { SKIP_REASON_CODES, withSkipReasons, type SkipReason } from '../ingest/skip-reasons.ts';
import { LocalizedTextSchema, asJson, csvList, errorResponses, jsonContent } from '../server/api-schemas.ts';
import type { AppDeps, AppEnv } from '../server/app-env.ts';
import { guardedRoute } from '../server/guarded-route.ts';
import { requestAudit } from '../server/request-audit.ts';
import { PUBLIC, READERS_OF_UNPUBLISHED, WRITERS_OF_VALUES } from '../server/policy.ts';
import { readDemoInfo } from '../setup/demo-setup.ts';
import { CANONICAL_HEADER, canonicalCsvLine } from './canonical-csv.ts';
import {
  countDataValues,
  listBatches,
  listDataValues,
  moveStatus,
  valueHistory,
  type DataValueFilter,
} from './data-values.store.ts';
import { rollbackBatch } from './batch-rollback.store.ts';
import { sdmxWriterFor } from './sdmx-export.store.ts';
import {
  SDMX_CSV_MEDIA_TYPE,
  SDMX_VERSIONS,
  SDMX_WRITE_ACTIONS,
  type SdmxWriteOptions,
} from '../ingest/sdmx-csv.ts';
import { loadImportReferences } from './import-references.store.ts';
import { listSources } from './sources.store.ts';
import { IMPORT_FORMATS, isBoundaryFormat } from '../ingest/import-formats.ts';
import { importBoundaryFile, previewBoundaryFile } from '../geography/boundaries.store.ts';
import { importFile, previewFile } from './file-import.store.ts';
import { importCanonicalCsv } from './value-import.ts';
import { createValueWriter } from './value-writer.store.ts';
import { VALUE_STATUSES, type ValueStatus } from './value-writer.ts';

const StatusSchema = z.enum(VALUE_STATUSES);

/** How long a write waits behind the other writes of this server before it answers 503 busy. */
const WRITE_QUEUE_MAX_WAIT_MS = 30_000;

const DataValueSchema = z
  .object({
    element: z.string(),
    orgUnit: z.string(),
    period: z.string().openapi({ example: '2013-11' }),
    disaggregation: z.string().openapi({ example: 'sex=F', description: "'' for the total" }),
    source: z.string(),
    value: z.number(),
    status: StatusSchema,
    batch: z.number().int(),
    revision: z.number().int(),
  })
  .openapi('DataValue');

const WorkflowOrderSchema = z
  .object({
    error: z.object({
      code: z.literal('conflict'),
      message: z.string(),
      order: z.enum(['below', 'above']).openapi({
        description:
          'below: units below are behind (bottom-up); above: units above are further on (top-down)',
      }),
      blocking: z.array(
        z.object({ orgUnit: z.string(), period: z.string(), status: StatusSchema, count: z.number().int() }),
      ),
      blockingTotal: z.number().int(),
    }),
  })
  .openapi('WorkflowOrderError');

const SyntheticSchema = {
  synthetic: z.boolean().openapi({ description: 'true when the store holds generated demo data' }),
  notice: LocalizedTextSchema.optional(),
};

const ValuesQuery = z.object({
  element: csvList.optional().openapi({ type: 'string', description: 'element codes, comma-separated' }),
  orgUnit: csvList.optional().openapi({ type: 'string', description: 'org unit codes, comma-separated' }),
  period: csvList.optional().openapi({ type: 'string', description: 'period codes, comma-separated' }),
  source: csvList.optional().openapi({ type: 'string', description: 'source codes, comma-separated' }),
  disaggregation: z.string().optional().openapi({ description: "canonical key; '' (empty) for totals" }),
  status: csvList.optional().openapi({
    type: 'string',
    description: 'statuses to include (callers who may see unpublished data only)',
  }),
  batch: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(50_000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
  total: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .openapi({ type: 'string', description: 'also count every matching value (costs a scan of them)' }),
  format: z.enum(['json', 'csv', 'sdmx']).default('json').openapi({
    description: 'json, canonical CSV, or SDMX-CSV (each page a whole file with the same columns)',
  }),
  sdmxVersion: z.enum(SDMX_VERSIONS).optional().openapi({ description: 'SDMX-CSV version (default 2.0)' }),
  action: z.enum(SDMX_WRITE_ACTIONS).optional().openapi({
    description:
      'SDMX-CSV 2.0 ACTION of every row: I (information, the default), M merge, R replace, D delete',
  }),
  dataflow: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'the SDMX dataflow, AGENCY:ID(VERSION) (default OAS:ATALAYA(1.0))' }),
});

const ImportResultSchema = z
  .object({
    batchId: z.number().int(),
    rows: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    deleted: z.number().int().openapi({ description: 'stored values the file deleted (SDMX ACTION D)' }),
    checksum: z.string().nullable(),
  })
  .openapi('ImportResult');

const IssueSchema = z.object({
  file: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  field: z.string().optional(),
  cell: z
    .string()
    .optional()
    .openapi({ description: 'in a spreadsheet, the cell (Prisiones!D3) or row (Prisiones!3:3)' }),
  message: z.string(),
});

const ReadSummarySchema = {
  skipped: z
    .array(
      z.object({
        code: z.enum(SKIP_REASON_CODES as [SkipReason, ...SkipReason[]]),
        reason: LocalizedTextSchema,
        count: z.number().int(),
      }),
    )
    .openapi({ description: 'rows the reader left out on purpose (aggregates, blank months…), by reason' }),
  encoding: z.string().openapi({ description: 'how the file was decoded' }),
};

const FileImportSchema = z
  .union([
    z.object({ dryRun: z.literal(false), result: ImportResultSchema, ...ReadSummarySchema }),
    z.object({
      dryRun: z.literal(true),
      preview: z
        .object({
          rows: z.number().int(),
          new: z.number().int(),
          changed: z.number().int(),
          unchanged: z.number().int(),
          deleted: z.number().int(),
          rejected: z.number().int(),
          issueCount: z.number().int(),
          issues: z.array(IssueSchema),
          changes: z.array(
            z.object({
              line: z.number().int(),
              kind: z.enum(['new', 'changed', 'deleted']),
              element: z.string(),
              orgUnit: z.string(),
              period: z.string(),
              disaggregation: z.string(),
              source: z.string(),
              before: z.number().nullable(),
              after: z.number().nullable().openapi({ description: 'null for a deletion' }),
              beforeStatus: z.string().nullable(),
            }),
          ),
        })
        .openapi('ImportPreview'),
      ...ReadSummarySchema,
    }),
    z.object({
      dryRun: z.boolean(),
      boundaries: z
        .object({
          file: z.string(),
          checksum: z.string(),
          features: z.number().int(),
          new: z.number().int(),
          changed: z.number().int(),
          unchanged: z.number().int(),
          rejected: z.number().int(),
          issueCount: z.number().int(),
          issues: z.array(IssueSchema),
          units: z.array(
            z.object({
              code: z.string(),
              change: z.enum(['new', 'changed', 'unchanged']),
              feature: z.number().int(),
              line: z.number().int(),
            }),
          ),
          ...ReadSummarySchema,
        })
        .openapi('BoundaryImport', { description: 'a GeoJSON file of boundaries (format geojson)' }),
    }),
  ])
  .openapi('FileImport');

const BatchSchema = z
  .object({
    id: z.number().int(),
    createdAt: z.string(),
    kind: z.string(),
    fileName: z.string().nullable(),
    checksum: z.string().nullable(),
    rowCount: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    deleted: z.number().int(),
    createdBy: z.string().nullable(),
    note: z.string().nullable(),
    rollsBack: z.number().int().nullable().openapi({ description: 'for a rollback: the batch it undid' }),
    rolledBackBy: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'the rollback that undid this batch, once rolled back' }),
  })
  .openapi('ImportBatch');

const routes = {
  values: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/data-values',
    tags: ['data'],
    summary:
      'Raw data values (the public sees published values only; a caller scoped to member states sees unpublished values there)',
    request: { query: ValuesQuery },
    responses: {
      200: {
        description: 'Values in key order',
        content: {
          'application/json': {
            schema: z.object({
              total: z
                .number()
                .int()
                .optional()
                .openapi({ description: 'present when asked for with total=true' }),
              hasMore: z.boolean().openapi({ description: 'whether values follow this page' }),
              limit: z.number().int(),
              offset: z.number().int(),
              values: z.array(DataValueSchema),
              ...SyntheticSchema,
            }),
          },
          'text/csv': { schema: z.string().openapi({ description: 'canonical CSV' }) },
          [SDMX_CSV_MEDIA_TYPE]: {
            schema: z.string().openapi({ description: 'SDMX-CSV 1.0 or 2.0 (docs/ingest.md)' }),
          },
        },
      },
      400: errorResponses[400],
    },
  }),
  history: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/data-values/history',
    tags: ['data'],
    summary:
      'The versions of one value, oldest first (unpublished versions only for callers whose scope covers the org unit)',
    request: {
      query: z.object({
        element: z.string(),
        orgUnit: z.string(),
        period: z.string(),
        disaggregation: z.string().default(''),
        source: z.string(),
      }),
    },
    responses: {
      200: jsonContent(
        z.object({
          versions: z.array(
            z.object({
              value: z.number(),
              status: StatusSchema,
              batch: z.number().int(),
              revision: z.number().int(),
              supersededAt: z.string().nullable(),
              supersededByBatch: z.number().int().nullable(),
            }),
          ),
        }),
        'Versions',
      ),
      400: errorResponses[400],
    },
  }),
  import: guardedRoute(WRITERS_OF_VALUES, {
    method: 'post',
    path: '/api/data-values/import',
    tags: ['data'],
    summary: 'Imports a canonical CSV file in one transaction; any bad row refuses the whole file',
    description:
      'Contributors import draft or submitted values, approvers and administrators any status. Every row must be of an org unit ' +
      "in the caller's scope (their member state and its subunits): one row outside it refuses the whole file (403, the rows listed).",
    request: {
      query: z.object({
        status: StatusSchema.default('draft'),
        fileName: z.string().max(255).optional(),
      }),
      body: {
        required: true,
        content: {
          'text/csv': {
            schema: z.string().openapi({
              description: 'header element,org_unit,period,disaggregation,source,value; one row per value',
            }),
          },
        },
      },
    },
    responses: {
      200: jsonContent(ImportResultSchema, 'Imported'),
      400: errorResponses[400],
      401: errorResponses[401],
      403: errorResponses[403],
      503: errorResponses[503],
    },
  }),
  importFile: guardedRoute(WRITERS_OF_VALUES, {
    method: 'post',
    path: '/api/imports',
    tags: ['data'],
    summary: 'Imports a file in any import format, or shows what it would change (dry run)',
    description:
      'A multipart form: the file, its format (canonical, wdi, unodc-portal, unodc-gsh, unodc-seizures, sdmx, sesnsp, atlas, table: ' +
      'a CSV or an XLSX workbook; geojson: boundaries of org units), the mapping (JSON text; every format but canonical, sdmx and unodc-seizures), the status and `dryRun`. A dry run writes nothing and answers the counts ' +
      '(new, changed, unchanged, rejected), the first changes with the values they replace, and every problem with its line. ' +
      'An import is one transaction: any problem refuses the whole file (400, the problems listed). The same roles and scope ' +
      'as `POST /api/data-values/import`. The format geojson carries boundaries of org units, not values: the answer ' +
      'then holds `boundaries` (units new, changed, unchanged, rejected); the status does not apply.',
    request: {
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: z.object({
              file: z.any().openapi({ type: 'string', format: 'binary' }),
              format: z.enum(IMPORT_FORMATS).default('canonical'),
              mapping: z
                .string()
                .optional()
                .openapi({ description: 'the mapping file, JSON (docs/ingest.md)' }),
              status: StatusSchema.default('draft'),
              dryRun: z.enum(['true', 'false']).default('false'),
              note: z.string().max(1000).optional(),
            }),
          },
        },
      },
    },
    responses: {
      200: jsonContent(FileImportSchema, 'Imported, or the dry run'),
      400: errorResponses[400],
      401: errorResponses[401],
      403: errorResponses[403],
      503: errorResponses[503],
    },
  }),
  status: guardedRoute(WRITERS_OF_VALUES, {
    method: 'post',
    path: '/api/data-values/status',
    tags: ['data'],
    summary:
      'Moves the values of an org unit (optionally one period, one element) one step along the workflow',
    description:
      'Forward (the default) moves values from the status just before `to` (draft → submitted → approved → published); ' +
      '`direction: "back"` returns them from the status just after `to` (retracting a publication, withdrawing an approval). ' +
      'Values in any other status are left alone. Contributors submit drafts; approvers and administrators make every move. ' +
      "The org unit must be in the caller's scope (403 otherwise). " +
      'Approval and publication go bottom-up: they are refused (409) while a unit below holds a value of the same element, ' +
      'for the same period or a period within it (a month of the year), at an earlier status. Withdrawing an approval or ' +
      'retracting a publication goes top-down: refused (409) while a unit above holds a value of the same element, for the ' +
      'same period or one containing it, at the status being left or later. A 409 lists the values in the way by unit, period ' +
      'and status (`blocking`, the first 50; `blockingTotal`); nothing moves.',
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({
              orgUnit: z.string(),
              period: z.string().optional(),
              element: z.string().optional(),
              to: StatusSchema,
              direction: z.enum(['forward', 'back']).default('forward'),
            }),
          },
        },
      },
    },
    responses: {
      200: jsonContent(z.object({ moved: z.number().int() }), 'How many values moved'),
      400: errorResponses[400],
      401: errorResponses[401],
      403: errorResponses[403],
      409: jsonContent(WorkflowOrderSchema, 'Out of the workflow order: the values in the way'),
      503: errorResponses[503],
    },
  }),
  batches: guardedRoute(READERS_OF_UNPUBLISHED, {
    method: 'get',
    path: '/api/import-batches',
    tags: ['data'],
    summary: 'The newest import batches',
    request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
    responses: {
      200: jsonContent(z.object({ batches: z.array(BatchSchema) }), 'Batches'),
      401: errorResponses[401],
      403: errorResponses[403],
    },
  }),
  rollback: guardedRoute(WRITERS_OF_VALUES, {
    method: 'post',
    path: '/api/import-batches/{id}/rollback',
    tags: ['data'],
    summary: 'Rolls an import batch back, or says what that would do (dry run)',
    description:
      'Every value the batch wrote goes back to its version before the batch, the values it created are deleted and those it deleted come back, in one transaction recorded as a batch of its own (kind `rollback`) and an audit entry. Approvers and administrators may roll back any batch in their scope; a contributor only a batch they imported, while none of its values is approved or published. 409 when the batch was rolled back already, when a later batch has changed one of its values since (listed: roll that batch back first), or when a value is locked for the caller.',
    request: {
      params: z.object({ id: z.coerce.number().int().min(1) }),
      query: z.object({
        dryRun: z.enum(['true', 'false']).default('false').openapi({ description: 'write nothing' }),
      }),
    },
    responses: {
      200: jsonContent(
        z
          .object({
            batchId: z.number().int(),
            dryRun: z.boolean(),
            rollbackBatchId: z.number().int().nullable(),
            restored: z
              .number()
              .int()
              .openapi({ description: 'values back to their version before the batch' }),
            removed: z.number().int().openapi({ description: 'values the batch created, deleted' }),
            reinstated: z.number().int().openapi({ description: 'values the batch deleted, written back' }),
          })
          .openapi('BatchRollback'),
        'What the rollback did (or would do)',
      ),
      401: errorResponses[401],
      403: errorResponses[403],
      404: errorResponses[404],
      409: errorResponses[409],
      503: errorResponses[503],
    },
  }),
  sources: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/sources',
    tags: ['data'],
    summary: 'Sources of data values (police, forensic institute, …)',
    responses: {
      200: jsonContent(
        z.object({ sources: z.array(z.object({ code: z.string(), name: LocalizedTextSchema })) }),
        'Sources',
      ),
    },
  }),
};

function visibleStatuses(scope: Scope, asked: string[] | undefined): ValueStatus[] {
  if (scope.kind === 'nowhere') return ['published'];
  if (asked === undefined) return [...VALUE_STATUSES];
  const unknown = asked.filter((s) => !(VALUE_STATUSES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    throw new ValidationError(`Unknown status ${unknown.join(', ')} (expected ${VALUE_STATUSES.join(', ')})`);
  }
  return asked as ValueStatus[];
}

export function registerDataRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { store } = deps;
  const db = store.db;

  app.openapi(routes.values, async (c) => {
    const q = c.req.valid('query');
    const scope = scopeFor(c.get('principal'), { kind: 'read_unpublished' });
    const filter: DataValueFilter = {
      statuses: visibleStatuses(scope, q.status),
      ...(scope.kind === 'units' ? { unpublishedOnlyUnder: scope.roots } : {}),
      ...(q.element === undefined ? {} : { elements: q.element }),
      ...(q.orgUnit === undefined ? {} : { orgUnits: q.orgUnit }),
      ...(q.period === undefined ? {} : { periods: q.period }),
      ...(q.source === undefined ? {} : { sources: q.source }),
      ...(q.disaggregation === undefined ? {} : { disaggregation: q.disaggregation }),
      ...(q.batch === undefined ? {} : { batch: q.batch }),
    };
    const sdmxOptions: SdmxWriteOptions = {
      ...(q.sdmxVersion === undefined ? {} : { version: q.sdmxVersion }),
      ...(q.action === undefined ? {} : { action: q.action }),
      ...(q.dataflow === undefined ? {} : { dataflow: q.dataflow }),
    };
    if (q.format !== 'sdmx' && Object.keys(sdmxOptions).length > 0) {
      throw new ValidationError('sdmxVersion, action and dataflow need format=sdmx');
    }
    // the SDMX writer first: bad options are refused before the values are read
    const sdmx = q.format === 'sdmx' ? await sdmxWriterFor(db, filter, sdmxOptions) : undefined;
    const [page, total, demo] = await Promise.all([
      listDataValues(db, filter, { limit: q.limit + 1, offset: q.offset }),
      q.total ? countDataValues(db, filter) : undefined,
      readDemoInfo(db),
    ]);
    const values = page.slice(0, q.limit);
    if (demo !== undefined) c.header('x-atalaya-synthetic-data', 'true');
    if (sdmx !== undefined) {
      c.header(
        'content-type',
        `${SDMX_CSV_MEDIA_TYPE}; version=${sdmxOptions.version === '1.0' ? '1.0.0' : '2.0.0'}; charset=utf-8`,
      );
      return c.body(sdmx.header + values.map((row) => sdmx.line(row)).join(''), 200);
    }
    if (q.format === 'csv') {
      c.header('content-type', 'text/csv; charset=utf-8');
      return c.body([CANONICAL_HEADER, ...values.map(canonicalCsvLine)].join('\n') + '\n', 200);
    }
    return c.json(
      {
        ...(total === undefined ? {} : { total }),
        hasMore: page.length > q.limit,
        limit: q.limit,
        offset: q.offset,
        values,
        synthetic: demo !== undefined,
        ...(demo === undefined ? {} : { notice: demo.notice }),
      },
      200,
    );
  });

  app.openapi(routes.history, async (c) => {
    const q = c.req.valid('query');
    let scope = scopeFor(c.get('principal'), { kind: 'read_unpublished' });
    if (scope.kind === 'units' && !covers(scope, await ancestorChain(db, q.orgUnit))) scope = NOWHERE;
    const statuses = visibleStatuses(scope, undefined);
    const versions = await valueHistory(db, q, statuses);
    return c.json({ versions: versions.filter((v) => statuses.includes(v.status)) }, 200);
  });

  app.openapi(routes.import, async (c) => {
    const q = c.req.valid('query');
    const body = c.req.raw.body;
    if (body === null) throw new ValidationError('The request has no body: send the CSV file as text/csv.');
    const principal = c.get('principal');
    const scope = scopeFor(principal, { kind: 'import', status: q.status });
    if (scope.kind === 'nowhere') {
      throw new ForbiddenError(`Your roles may not import values with the status ${q.status}.`);
    }
    const allowed = scope.kind === 'units' ? await unitIdsUnder(db, scope.roots) : undefined;
    const file = q.fileName ?? 'upload.csv';
    const audit = requestAudit(c);
    // Read before queuing: the queue holds only the write itself.
    const references = await loadImportReferences(db);
    // Imports of this process queue (no 503 among themselves); the writer still answers busy
    // after 250 ms when another process holds the SQLite write lock.
    const result = await store.writes.run(
      () =>
        importCanonicalCsv(
          body,
          references,
          createValueWriter(store, {
            file,
            busyTimeoutMs: 250,
            audit,
            inputBytes: declaredLength(c.req.header('content-length')),
          }),
          {
            file,
            status: q.status,
            kind: 'api',
            createdBy: actorName(principal),
            ...(allowed === undefined ? {} : { orgUnitAllowed: (id: number) => allowed.has(id) }),
          },
        ),
      { maxWaitMs: WRITE_QUEUE_MAX_WAIT_MS },
    );
    return c.json(result, 200);
  });

  app.openapi(routes.importFile, async (c) => {
    const fields = c.req.valid('form');
    const upload: unknown = fields.file;
    if (!(upload instanceof File))
      throw new ValidationError('The form has no file: send it in a "file" field.');
    const { format, status, note } = fields;
    const dryRun = fields.dryRun === 'true';
    let mapping: unknown;
    if (fields.mapping !== undefined && fields.mapping !== '') {
      try {
        mapping = JSON.parse(fields.mapping);
      } catch (error) {
        throw new ValidationError(`mapping: not JSON (${(error as Error).message})`);
      }
    }
    const principal = c.get('principal');
    const file = upload.name === '' ? 'upload' : upload.name.slice(0, 255);
    if (isBoundaryFormat(format)) {
      // boundaries: whoever may import values (a draft) may import them, in the same scope
      const scope = scopeFor(principal, { kind: 'import', status: 'draft' });
      if (scope.kind === 'nowhere') throw new ForbiddenError('Your roles may not import boundaries.');
      const allowed = scope.kind === 'units' ? await unitIdsUnder(db, scope.roots) : undefined;
      const audit = requestAudit(c);
      const request = {
        bytes: new Uint8Array(await upload.arrayBuffer()),
        mapping,
        mappingFile: 'mapping',
        file,
        actor: audit.actor,
        origin: audit.origin,
        ...(allowed === undefined ? {} : { orgUnitAllowed: (id: number) => allowed.has(id) }),
      };
      const outcome = dryRun
        ? await previewBoundaryFile(store, request)
        : await store.writes.run(() => importBoundaryFile(store, request), {
            maxWaitMs: WRITE_QUEUE_MAX_WAIT_MS,
          });
      return c.json(asJson({ ...outcome, boundaries: withSkipReasons(outcome.boundaries) }), 200);
    }
    const scope = scopeFor(principal, { kind: 'import', status });
    if (scope.kind === 'nowhere') {
      throw new ForbiddenError(`Your roles may not import values with the status ${status}.`);
    }
    const allowed = scope.kind === 'units' ? await unitIdsUnder(db, scope.roots) : undefined;
    const request = {
      format,
      bytes: new Uint8Array(await upload.arrayBuffer()),
      mapping,
      mappingFile: 'mapping',
      file,
      status,
      kind: 'api' as const,
      createdBy: actorName(principal),
      ...(note === undefined ? {} : { note }),
      ...(allowed === undefined ? {} : { orgUnitAllowed: (id: number) => allowed.has(id) }),
    };
    const references = await loadImportReferences(db);
    if (dryRun) return c.json(asJson(withSkipReasons(await previewFile(store, references, request))), 200);
    const audit = requestAudit(c);
    const outcome = await store.writes.run(
      () =>
        importFile(
          references,
          createValueWriter(store, { file, busyTimeoutMs: 250, audit, inputBytes: request.bytes.length }),
          request,
        ),
      { maxWaitMs: WRITE_QUEUE_MAX_WAIT_MS },
    );
    return c.json(asJson(withSkipReasons(outcome)), 200);
  });

  app.openapi(routes.status, async (c) => {
    const body = c.req.valid('json');
    const scope = scopeFor(c.get('principal'), {
      kind: 'move_status',
      to: body.to,
      direction: body.direction,
    });
    if (scope.kind === 'nowhere') {
      throw new ForbiddenError(`Your roles may not move values ${body.direction} to ${body.to}.`);
    }
    if (scope.kind === 'units') {
      const chain = await ancestorChain(db, body.orgUnit);
      if (chain.length === 0) throw new ValidationError(`orgUnit: unknown org unit "${body.orgUnit}"`);
      if (!covers(scope, chain)) {
        throw new ForbiddenError(
          `${body.orgUnit} is outside your scope for this move (${describeScope(scope)}).`,
        );
      }
    }
    const audit = requestAudit(c);
    const moved = await store.writes.run(
      () =>
        moveStatus(
          store,
          {
            orgUnit: body.orgUnit,
            ...(body.period === undefined ? {} : { period: body.period }),
            ...(body.element === undefined ? {} : { element: body.element }),
          },
          body.to,
          body.direction,
          audit,
        ),
      { maxWaitMs: WRITE_QUEUE_MAX_WAIT_MS },
    );
    return c.json({ moved }, 200);
  });

  app.openapi(routes.batches, async (c) =>
    c.json({ batches: await listBatches(db, c.req.valid('query').limit) }, 200),
  );

  app.openapi(routes.rollback, async (c) => {
    const { id } = c.req.valid('param');
    const dryRun = c.req.valid('query').dryRun === 'true';
    const principal = c.get('principal');
    // Approvers and administrators roll back any batch in their scope, locked values included; a
    // contributor only their own batch, while nothing in it is locked (as for their imports).
    const approving = scopeFor(principal, { kind: 'import', status: 'approved' });
    const scope =
      approving.kind === 'nowhere' ? scopeFor(principal, { kind: 'import', status: 'draft' }) : approving;
    if (scope.kind === 'nowhere') throw new ForbiddenError('Your roles may not roll batches back.');
    const allowed = scope.kind === 'units' ? await unitIdsUnder(db, scope.roots) : undefined;
    const options = {
      dryRun,
      createdBy: actorName(principal),
      audit: requestAudit(c),
      mayUnlock: approving.kind !== 'nowhere',
      ...(approving.kind === 'nowhere' ? { ownBatchOf: actorName(principal) } : {}),
      ...(allowed === undefined ? {} : { orgUnitAllowed: (unit: number) => allowed.has(unit) }),
    };
    const result = dryRun
      ? await rollbackBatch(store, id, options)
      : await store.writes.run(() => rollbackBatch(store, id, options), {
          maxWaitMs: WRITE_QUEUE_MAX_WAIT_MS,
        });
    return c.json(result, 200);
  });

  app.openapi(routes.sources, async (c) => {
    const sources = await listSources(db);
    return c.json(asJson({ sources: sources.map(({ id: _id, ...s }) => s) }), 200);
  });
}

/** The body's size from its Content-Length, when the client gave one (a streamed body may not). */
function declaredLength(header: string | undefined): number | undefined {
  const bytes = header === undefined ? Number.NaN : Number(header);
  return Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : undefined;
}
