/**
 * `POST /api/evaluation/its|scm|did`: an evaluation method on a panel sent as CSV text (data
 * outside the store), for any signed-in caller. Each runs in a worker thread (evaluation-runner.ts);
 * the answer is the method's whole result with a plain-language summary in four languages.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { asJson, errorResponses, jsonContent, LocalizedTextSchema } from '../server/api-schemas.ts';
import type { AppDeps, AppEnv } from '../server/app-env.ts';
import { guardedRoute } from '../server/guarded-route.ts';
import { SIGNED_IN } from '../server/policy.ts';
import type { EvaluationJob } from './evaluation-job.ts';
import { runEvaluationInWorker } from './evaluation-runner.ts';

const Csv = z.string().min(1).max(900_000).openapi({
  description:
    'the panel as CSV text: a header line, then one row per unit and period (comma, semicolon or tab)',
});
const column = (what: string) =>
  z
    .string()
    .min(1)
    .openapi({ description: `column of ${what}` });
const Window = z
  .string()
  .openapi({ description: 'inclusive range of periods: `1960-1969`, every other: `1961-1969:2`' });

const ItsBody = z.object({
  csv: Csv,
  time: column('consecutive integers or period codes (2015-01, 2015-Q1, 2015)'),
  outcome: column('the counts'),
  start: z.string().min(1).openapi({ description: 'first period of the intervention' }),
  exposure: column('population or other exposure (offset)').optional(),
  season: column('the season (month 1–12)').optional(),
  family: z.enum(['poisson', 'quasipoisson']).default('quasipoisson'),
  harmonics: z.number().int().min(0).max(6).default(0),
  seasonPeriod: z.number().int().min(2).max(366).optional(),
  slopeChange: z.boolean().default(false),
  level: z.number().gt(0).lt(1).default(0.95),
});

const ScmBody = z.object({
  csv: Csv,
  unit: column('the unit id'),
  name: column('the unit name').optional(),
  time: column('the period (a number)'),
  outcome: column('the outcome'),
  treated: z.string().min(1).openapi({ description: 'the treated unit (id or name)' }),
  treatmentTime: z.number().openapi({ description: 'first treated period' }),
  donors: z.array(z.string()).optional(),
  exclude: z.array(z.string()).optional(),
  predictors: z.array(z.string()).optional(),
  predictorsWindow: Window.optional(),
  special: z.array(z.object({ variable: z.string(), window: Window })).optional(),
  optimizeWindow: Window.optional(),
  placebos: z.boolean().default(false),
  leaveOneOut: z.boolean().default(false),
});

const DidBody = z.object({
  csv: Csv,
  unit: column('the unit id'),
  time: column('the period (a number)'),
  outcome: column('the outcome'),
  group: column('each unit’s first treated period (0 or empty: never); staggered adoption').optional(),
  treated: column('whether the unit is treated (1/0); 2×2').optional(),
  postFrom: z.number().optional().openapi({ description: '2×2: first period after the intervention' }),
  covariates: z.array(z.string()).optional(),
  controlGroup: z.enum(['nevertreated', 'notyettreated']).default('nevertreated'),
  estimator: z.enum(['dr', 'dr-improved', 'reg', 'ipw']).default('dr'),
  basePeriod: z.enum(['varying', 'universal']).default('varying'),
});

const OutcomeSchema = z
  .object({
    method: z.enum(['its', 'scm', 'did']),
    summary: z.object({
      headline: LocalizedTextSchema,
      details: z.array(LocalizedTextSchema),
      caveats: z.array(LocalizedTextSchema),
    }),
  })
  .catchall(z.unknown())
  .openapi('EvaluationOutcome', {
    description: 'the method’s whole result (see docs/evaluation.md) and a summary in four languages',
  });

function evaluationRoute<T extends z.ZodType>(method: 'its' | 'scm' | 'did', body: T, summary: string) {
  return guardedRoute(SIGNED_IN, {
    method: 'post',
    path: `/api/evaluation/${method}`,
    tags: ['evaluation'],
    summary,
    request: { body: { required: true, content: { 'application/json': { schema: body } } } },
    responses: { 200: jsonContent(OutcomeSchema, 'The result'), ...errorResponses },
  });
}

const routes = {
  its: evaluationRoute(
    'its',
    ItsBody,
    'Interrupted time series on a panel sent as CSV: segmented (quasi-)Poisson regression with seasonality; level and slope change as rate ratios',
  ),
  scm: evaluationRoute(
    'scm',
    ScmBody,
    'Synthetic control on a panel sent as CSV (R Synth’s algorithm), with in-space placebos and leave-one-out on request',
  ),
  did: evaluationRoute(
    'did',
    DidBody,
    'Difference-in-differences on a panel sent as CSV: staggered adoption (Callaway & Sant’Anna, with aggregations) or 2×2',
  ),
};

/** zod's parsed body has `key: undefined` for absent options; the engine wants them absent. */
function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

export function registerEvaluationRoutes(app: OpenAPIHono<AppEnv>, _deps: AppDeps): void {
  const answer = async (job: EvaluationJob) => asJson(await runEvaluationInWorker(job));
  app.openapi(routes.its, async (c) => {
    const { csv, ...request } = c.req.valid('json');
    return c.json(
      await answer({
        method: 'its',
        csv,
        file: 'panel.csv',
        request: withoutUndefined(request),
      }),
      200,
    );
  });
  app.openapi(routes.scm, async (c) => {
    const { csv, ...request } = c.req.valid('json');
    return c.json(
      await answer({
        method: 'scm',
        csv,
        file: 'panel.csv',
        request: withoutUndefined(request),
      }),
      200,
    );
  });
  app.openapi(routes.did, async (c) => {
    const { csv, ...request } = c.req.valid('json');
    return c.json(
      await answer({
        method: 'did',
        csv,
        file: 'panel.csv',
        request: withoutUndefined(request),
      }),
      200,
    );
  });
}
