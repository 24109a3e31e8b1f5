/**
 * `/api/interventions`: the register (public reads; analysts and administrators write everywhere,
 * approvers within their member states; every write audited) and the evaluation of a registered
 * intervention from the cube (`POST /api/interventions/{code}/evaluate`, signed in, in a worker
 * thread).
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { LiveCube } from '../analytics/analytics.store.ts';
import { runEvaluationInWorker } from '../evaluation/evaluation-runner.ts';
import { asJson, errorResponses, jsonContent, LocalizedTextSchema } from '../server/api-schemas.ts';
import type { AppDeps, AppEnv } from '../server/app-env.ts';
import { guardedRoute } from '../server/guarded-route.ts';
import { PUBLIC, SIGNED_IN, type Policy } from '../server/policy.ts';
import { requestAudit } from '../server/request-audit.ts';
import { INTERVENTION_TYPES, REGISTER_WRITERS, registerScope } from './intervention.ts';
import { EVALUATION_VIEW, planInterventionEvaluation } from './intervention-evaluation.ts';
import {
  createIntervention,
  deleteIntervention,
  getIntervention,
  listInterventions,
  updateIntervention,
} from './interventions.store.ts';

/** Who may write the register (each in their scope: approvers their member states). */
export const REGISTER_WRITERS_POLICY: Policy = { kind: 'roles', roles: REGISTER_WRITERS };

const Month = z.string().openapi({ example: '2016-01', description: 'SDMX month code' });

const InterventionSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    description: z.string(),
    type: z.enum(INTERVENTION_TYPES),
    country: z.string(),
    start: Month,
    end: Month.nullable(),
    indicators: z.array(z.string()),
    units: z.array(z.object({ unit: z.string(), start: Month })),
    donors: z.array(z.string()).openapi({ description: 'empty: the untreated units at the same level' }),
    synthetic: z.boolean(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .openapi('Intervention');

const UnitsInput = z
  .array(z.union([z.string(), z.object({ unit: z.string(), start: Month.optional() })]))
  .max(5000)
  .openapi({ description: 'org unit codes, or {unit, start} for staggered starts (default: the start)' });

const InputFields = {
  name: z.string().max(200),
  description: z.string().max(10_000).optional(),
  type: z.string().openapi({ description: INTERVENTION_TYPES.join(', ') }),
  country: z.string().openapi({ example: 'HND' }),
  start: Month,
  end: Month.nullable().optional(),
  indicators: z.array(z.string()).max(100).optional(),
  units: UnitsInput,
  donors: z.array(z.string()).max(5000).optional(),
};

const CreateBody = z.object({ code: z.string().max(64), ...InputFields });
const PatchBody = z.object({
  name: InputFields.name.optional(),
  description: InputFields.description,
  type: InputFields.type.optional(),
  country: InputFields.country.optional(),
  start: Month.optional(),
  end: InputFields.end,
  indicators: InputFields.indicators,
  units: UnitsInput.optional(),
  donors: InputFields.donors,
});

const EvaluateBody = z.object({
  method: z.enum(['its', 'scm', 'did']),
  indicator: z
    .string()
    .optional()
    .openapi({ description: 'default: the first target indicator, else homicide_rate' }),
  periodType: z
    .enum(['month', 'quarter', 'year'])
    .optional()
    .openapi({ description: 'default: month (ITS), year (SCM, always), quarter (DiD)' }),
  control: z.enum(['population', 'donors']).optional().openapi({
    description: "ITS: the exposure — the treated units' population (default) or the donors' summed counts",
  }),
  placebos: z.boolean().optional().openapi({ description: 'SCM: in-space placebos' }),
});

const PanelSchema = z
  .object({
    method: z.enum(['its', 'scm', 'did']),
    indicator: z.string(),
    periodType: z.enum(['month', 'quarter', 'year']),
    outcome: z.string(),
    treated: z.array(z.object({ unit: z.string(), start: z.string(), period: z.string() })),
    donors: z.array(z.string()),
    droppedDonors: z.array(z.string()),
    periods: z.object({ first: z.string(), last: z.string(), count: z.number().int() }),
    start: z.string(),
    control: z.enum(['population', 'donors']).optional(),
    treatedId: z.string().optional(),
  })
  .openapi('InterventionPanel');

const EvaluationSchema = z
  .object({
    intervention: z.string(),
    view: z.enum(['published', 'all']),
    panel: PanelSchema,
    outcome: z
      .object({
        method: z.enum(['its', 'scm', 'did']),
        summary: z.object({
          headline: LocalizedTextSchema,
          details: z.array(LocalizedTextSchema),
          caveats: z.array(LocalizedTextSchema),
        }),
      })
      .catchall(z.unknown()),
  })
  .openapi('InterventionEvaluation');

const CodeParam = z.object({ code: z.string() });
const refusals = { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] };

const routes = {
  list: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/interventions',
    tags: ['interventions'],
    summary: 'The registered interventions (projects, laws, tactics, strategies), by code',
    request: {
      query: z.object({ country: z.string().optional(), type: z.enum(INTERVENTION_TYPES).optional() }),
    },
    responses: {
      200: jsonContent(z.object({ interventions: z.array(InterventionSchema) }), 'Interventions'),
    },
  }),
  get: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/interventions/{code}',
    tags: ['interventions'],
    summary: 'One registered intervention',
    request: { params: CodeParam },
    responses: { 200: jsonContent(InterventionSchema, 'The intervention'), 404: errorResponses[404] },
  }),
  create: guardedRoute(REGISTER_WRITERS_POLICY, {
    method: 'post',
    path: '/api/interventions',
    tags: ['interventions'],
    summary: 'Registers an intervention (approvers: in their member states); audited',
    request: { body: { required: true, content: { 'application/json': { schema: CreateBody } } } },
    responses: {
      200: jsonContent(InterventionSchema, 'Registered'),
      409: { description: 'The code is registered already', content: errorResponses[400].content },
      ...refusals,
    },
  }),
  update: guardedRoute(REGISTER_WRITERS_POLICY, {
    method: 'patch',
    path: '/api/interventions/{code}',
    tags: ['interventions'],
    summary:
      'Changes an intervention (the result is validated whole; units that started with it move with its start); audited',
    request: {
      params: CodeParam,
      body: { required: true, content: { 'application/json': { schema: PatchBody } } },
    },
    responses: { 200: jsonContent(InterventionSchema, 'Changed'), 404: errorResponses[404], ...refusals },
  }),
  remove: guardedRoute(REGISTER_WRITERS_POLICY, {
    method: 'delete',
    path: '/api/interventions/{code}',
    tags: ['interventions'],
    summary: 'Removes an intervention from the register; audited',
    request: { params: CodeParam },
    responses: {
      200: jsonContent(z.object({ removed: z.string() }), 'Removed'),
      404: errorResponses[404],
      ...refusals,
    },
  }),
  evaluate: guardedRoute(SIGNED_IN, {
    method: 'post',
    path: '/api/interventions/{code}/evaluate',
    tags: ['interventions'],
    summary:
      'Evaluates a registered intervention from the cube: interrupted time series, synthetic control or difference-in-differences',
    description:
      'The panel is built from the published values only (view `published`), whoever asks, so the result never rests on unpublished data. ' +
      "ITS: the treated units' summed monthly counts with their population as exposure, or (`control: donors`) the donors' summed counts; " +
      'SCM: yearly values of the treated units together against the donors (the outcome in three pre-period blocks as predictors); ' +
      'DiD: each unit by quarter (or year), log counts, Callaway & Sant’Anna against never-treated units. Runs in a worker thread.',
    request: {
      params: CodeParam,
      body: { required: true, content: { 'application/json': { schema: EvaluateBody } } },
    },
    responses: {
      200: jsonContent(EvaluationSchema, 'The panel and the run with its summary'),
      404: errorResponses[404],
      503: errorResponses[503],
      ...refusals,
    },
  }),
};

/** zod's parsed body has `key: undefined` for absent fields; the model wants them absent. */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

export function registerInterventionRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: AppDeps,
  analytics: () => Promise<LiveCube>,
): void {
  const { store } = deps;

  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const interventions = await listInterventions(store.db, {
      ...(q.country === undefined ? {} : { country: q.country }),
      ...(q.type === undefined ? {} : { type: q.type }),
    });
    return c.json(asJson({ interventions }), 200);
  });

  app.openapi(routes.get, async (c) =>
    c.json(asJson(await getIntervention(store.db, c.req.valid('param').code)), 200),
  );

  app.openapi(routes.create, async (c) => {
    const body = defined(c.req.valid('json'));
    const created = await createIntervention(store, body, requestAudit(c), registerScope(c.get('principal')));
    return c.json(asJson(created), 200);
  });

  app.openapi(routes.update, async (c) => {
    const patch = defined(c.req.valid('json'));
    const updated = await updateIntervention(
      store,
      c.req.valid('param').code,
      patch,
      requestAudit(c),
      registerScope(c.get('principal')),
    );
    return c.json(asJson(updated), 200);
  });

  app.openapi(routes.remove, async (c) => {
    const { code } = c.req.valid('param');
    await deleteIntervention(store, code, requestAudit(c), registerScope(c.get('principal')));
    return c.json({ removed: code }, 200);
  });

  app.openapi(routes.evaluate, async (c) => {
    const { code } = c.req.valid('param');
    const body = c.req.valid('json');
    const intervention = await getIntervention(store.db, code);
    const live = await analytics();
    const cube = await live.fresh();
    const plan = planInterventionEvaluation(
      cube,
      (indicator) => live.compiledIndicator(indicator),
      intervention,
      defined(body),
    );
    const outcome = await runEvaluationInWorker(plan.job);
    return c.json(
      asJson({ intervention: intervention.code, view: EVALUATION_VIEW, panel: plan.description, outcome }),
      200,
    );
  });
}
