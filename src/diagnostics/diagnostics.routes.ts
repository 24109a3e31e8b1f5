/**
 * `/api/diagnostics`: the problems, strengths and data-quality limitations the published evidence
 * shows for a member state or a subnational unit in a year (public), and the same as a report
 * (HTML with inline charts, or PDF rendered by headless Chromium when it is installed).
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { LiveCube } from '../analytics/analytics.store.ts';
import {
  asJson,
  errorResponses,
  ErrorSchema,
  jsonContent,
  LocalizedTextSchema,
} from '../server/api-schemas.ts';
import type { AppDeps, AppEnv } from '../server/app-env.ts';
import { guardedRoute } from '../server/guarded-route.ts';
import { PUBLIC } from '../server/policy.ts';
import { readDemoInfo } from '../setup/demo-setup.ts';
import { htmlToPdf, PdfUnavailableError } from '../setup/html-to-pdf.ts';
import { readDiagnosis } from './diagnostics.store.ts';
import { reportHtml } from './report-html.ts';

const nullableNumber = z.number().nullable();

const FindingSchema = z
  .object({
    id: z.string().openapi({ example: 'far_from_peers:homicide_rate' }),
    kind: z.enum(['far_from_peers', 'rising_trend', 'falling_trend', 'outcome_gap', 'data_quality']),
    assessment: z.enum(['problem', 'strength', 'limitation']),
    indicator: z.string().nullable(),
    issue: z.enum(['incomplete', 'small_count', 'sources_disagree', 'missing_recent_years']).nullable(),
    severity: z.number().openapi({
      description:
        'log units, comparable across kinds: |ln(value/median)|, |ln(1+APC/100)|×10, or the enforcement-minus-prevention mean log ratio',
    }),
    numbers: z.object({
      value: nullableNumber,
      lower: nullableNumber,
      upper: nullableNumber,
      median: nullableNumber,
      peers: nullableNumber,
      logRatio: nullableNumber,
      apc: nullableNumber,
      apcLower: nullableNumber,
      apcUpper: nullableNumber,
      years: nullableNumber,
      fromYear: nullableNumber,
      toYear: nullableNumber,
      enforcementPercentile: nullableNumber,
      preventionPercentile: nullableNumber,
      sourceDifference: nullableNumber,
      numerator: nullableNumber,
      latestYear: nullableNumber,
    }),
    series: z.array(
      z.object({ year: z.number().int(), value: z.number(), lower: nullableNumber, upper: nullableNumber }),
    ),
    peerValues: z.array(z.object({ orgUnit: z.string(), value: z.number() })),
    components: z.array(
      z.object({
        indicator: z.string(),
        group: z.enum(['enforcement', 'prevention']),
        value: z.number(),
        median: z.number(),
        percentile: z.number(),
      }),
    ),
    sources: z.array(z.object({ source: z.string(), value: z.number() })),
    affects: z
      .array(z.string())
      .openapi({ description: 'limitations: the findings whose confidence they limit' }),
    title: LocalizedTextSchema,
    explanation: LocalizedTextSchema,
  })
  .openapi('DiagnosticFinding');

const DiagnosisQuery = z.object({
  orgUnit: z.string().min(1).openapi({ example: 'MEX' }),
  year: z.coerce.number().int().min(1990).max(2100).openapi({ example: 2023 }),
});

const routes = {
  diagnosis: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/diagnostics',
    tags: ['diagnostics'],
    summary:
      'The problems, strengths and data-quality limitations the published evidence shows for a unit in a year, ranked',
    request: { query: DiagnosisQuery },
    responses: {
      200: jsonContent(
        z.object({
          orgUnit: z.string(),
          orgUnitName: LocalizedTextSchema,
          year: z.number().int(),
          findings: z.array(FindingSchema),
          strengths: z.array(FindingSchema),
          quality: z.array(FindingSchema),
          synthetic: z.boolean(),
        }),
        'The diagnosis (published data only)',
      ),
      400: errorResponses[400],
      404: errorResponses[404],
    },
  }),
  report: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/diagnostics/report',
    tags: ['diagnostics'],
    summary:
      'The diagnosis as a self-contained report in one language: HTML with inline charts, or PDF (headless Chromium)',
    request: {
      query: DiagnosisQuery.extend({
        lang: z.enum(['en', 'es', 'pt', 'fr']).default('en'),
        format: z.enum(['html', 'pdf']).default('html'),
      }),
    },
    responses: {
      200: {
        description: 'The report',
        content: {
          'text/html': { schema: z.string() },
          'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
        },
      },
      400: errorResponses[400],
      404: errorResponses[404],
      503: {
        description: 'pdf_unavailable: Chromium is not installed (or failed); ask for format=html',
        content: { 'application/json': { schema: ErrorSchema } },
      },
    },
  }),
};

export function registerDiagnosticsRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: AppDeps,
  analytics: () => Promise<LiveCube>,
): void {
  app.openapi(routes.diagnosis, async (c) => {
    const q = c.req.valid('query');
    const diagnosis = await readDiagnosis(deps.store, await analytics(), q.orgUnit, q.year, 'published');
    const synthetic = (await readDemoInfo(deps.store.db)) !== undefined;
    if (synthetic) c.header('x-atalaya-synthetic-data', 'true');
    return c.json(asJson({ ...diagnosis, synthetic }), 200);
  });

  app.openapi(routes.report, async (c) => {
    const q = c.req.valid('query');
    const live = await analytics();
    const diagnosis = await readDiagnosis(deps.store, live, q.orgUnit, q.year, 'published');
    const demo = await readDemoInfo(deps.store.db);
    if (demo !== undefined) c.header('x-atalaya-synthetic-data', 'true');
    const html = reportHtml(diagnosis, {
      language: q.lang,
      date: new Date().toISOString().slice(0, 10),
      ...(demo === undefined ? {} : { syntheticNotice: demo.notice }),
      indicatorNames: new Map([...live.indicators.values()].map((i) => [i.code, i.name])),
    });
    const file = `diagnosis-${q.orgUnit}-${q.year}-${q.lang}`;
    if (q.format === 'html') {
      c.header('content-type', 'text/html; charset=utf-8');
      return c.body(html, 200);
    }
    try {
      const pdf = await htmlToPdf(html);
      c.header('content-type', 'application/pdf');
      c.header('content-disposition', `attachment; filename="${file}.pdf"`);
      return c.body(new Uint8Array(pdf), 200);
    } catch (error) {
      if (!(error instanceof PdfUnavailableError)) throw error;
      return c.json({ error: { code: error.code, message: error.message } }, 503);
    }
  });
}
