/**
 * Source reconciliation over HTTP: the same figure from several sources compared (public, published
 * values), and the preferred-source rules (public to read; approvers and administrators set and
 * remove them in their scope, each change audited).
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { covers, describeScope, scopeFor } from '../access/access-scope.ts';
import { ancestorChain } from '../geography/subtree.store.ts';
import { ForbiddenError, ValidationError } from '../kernel/errors.ts';
import { asJson, csvList, errorResponses, jsonContent } from '../server/api-schemas.ts';
import type { AppDeps, AppEnv } from '../server/app-env.ts';
import { guardedRoute } from '../server/guarded-route.ts';
import { APPROVERS, PUBLIC } from '../server/policy.ts';
import { requestAudit } from '../server/request-audit.ts';
import { sourceComparison } from './source-comparison.store.ts';
import {
  listSourcePreferences,
  removeSourcePreference,
  setSourcePreference,
} from './source-preference.store.ts';

const PreferenceSchema = z
  .object({
    orgUnit: z.string(),
    element: z.string(),
    source: z.string(),
    reason: z.string(),
    setBy: z.string(),
    setAt: z.string(),
  })
  .openapi('SourcePreference');

const PeriodTypeSchema = z.enum(['year', 'quarter', 'month']);

const SidedValue = z.object({
  source: z.string(),
  value: z.number(),
  obtained: z
    .object({
      method: z.enum(['reported', 'sum', 'average', 'last']),
      periodType: PeriodTypeSchema,
      count: z.number().int(),
    })
    .openapi({
      description:
        'how the value was obtained: reported for the period, or built from `count` finer periods of `periodType` ' +
        '(`sum`: summed from all 12 months; `average`: averaged over them by days; `last`: the last one’s level)',
    }),
});

const ComparisonSchema = z
  .object({
    element: z.string(),
    pairs: z.array(
      z.object({
        orgUnit: z.string(),
        period: z.string().openapi({ description: 'the period compared at' }),
        disaggregation: z.string(),
        first: SidedValue,
        second: SidedValue,
        difference: z.number().openapi({ description: 'second − first' }),
        ratio: z.number().nullable().openapi({ description: 'second ÷ first (null when first is 0)' }),
        gap: z.number().openapi({ description: '|second − first| ÷ the larger value' }),
        disagree: z.boolean().openapi({ description: 'the gap is over the tolerance' }),
      }),
    ),
    notCompared: z
      .array(
        z.object({
          orgUnit: z.string(),
          period: z.string(),
          disaggregation: z.string(),
          source: z.string(),
          periodType: PeriodTypeSchema,
          reason: z.enum(['incomplete', 'not_combinable']),
          found: z.number().int(),
          expected: z.number().int(),
          missing: z.array(z.string()),
        }),
      )
      .openapi({
        description:
          'periods another source reports that this source covers only at a finer type and could not be built from: ' +
          '`incomplete` (e.g. 7 of 12 months; `missing` names the months) or `not_combinable` (a share is not combined over time)',
      }),
    preferences: z.array(z.object({ orgUnit: z.string(), preference: PreferenceSchema.nullable() })),
  })
  .openapi('SourceComparison');

const routes = {
  comparison: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/sources/comparison',
    tags: ['data'],
    summary: 'The same figure from several sources, compared by difference and ratio (published values)',
    description:
      'For each org unit, period and disaggregation where two or more sources report the element, every pair of sources ' +
      '(the preferred one first), with `disagree` when they are further apart than `tolerance` (default 0.1: 10% of the larger). ' +
      'Sources reporting at different period types (monthly and yearly) are compared at the coarser one, the finer series ' +
      'built by the element’s time aggregation (counts summed only from a complete year or quarter); periods that could not ' +
      'be built are listed in `notCompared`. With `from`/`to`, the periods of their type within the range are compared. ' +
      'Each unit also gets the preferred-source rule in force (its own or its nearest ancestor’s), which is the source analytics shows.',
    request: {
      query: z.object({
        element: z.string(),
        orgUnit: csvList.openapi({
          type: 'string',
          description: 'org unit codes, comma-separated (at most 200)',
        }),
        from: z
          .string()
          .optional()
          .openapi({ description: 'first period, e.g. 2015 (its type is the type compared)' }),
        to: z.string().optional(),
        disaggregation: z.string().optional(),
        tolerance: z.coerce.number().min(0).max(10).optional(),
      }),
    },
    responses: { 200: jsonContent(ComparisonSchema, 'The comparison'), 400: errorResponses[400] },
  }),
  list: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/sources/preferences',
    tags: ['data'],
    summary: 'Preferred-source rules: which source an element’s figures come from in an org unit and below',
    request: { query: z.object({ orgUnit: z.string().optional(), element: z.string().optional() }) },
    responses: { 200: jsonContent(z.object({ preferences: z.array(PreferenceSchema) }), 'The rules') },
  }),
  set: guardedRoute(APPROVERS, {
    method: 'put',
    path: '/api/sources/preferences',
    tags: ['data'],
    summary: 'Sets (or replaces) the preferred source of an element in an org unit, with the reason',
    description: 'Approvers in their scope, administrators anywhere. Audited (`source.prefer`).',
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({
              orgUnit: z.string(),
              element: z.string(),
              source: z.string(),
              reason: z.string().min(1).max(1000),
            }),
          },
        },
      },
    },
    responses: {
      200: jsonContent(PreferenceSchema, 'The rule recorded'),
      400: errorResponses[400],
      401: errorResponses[401],
      403: errorResponses[403],
    },
  }),
  remove: guardedRoute(APPROVERS, {
    method: 'delete',
    path: '/api/sources/preferences',
    tags: ['data'],
    summary: 'Removes a preferred-source rule (the most complete source is used again)',
    request: { query: z.object({ orgUnit: z.string(), element: z.string() }) },
    responses: {
      200: jsonContent(z.object({ removed: z.literal(true) }), 'Removed'),
      400: errorResponses[400],
      401: errorResponses[401],
      403: errorResponses[403],
      404: errorResponses[404],
    },
  }),
};

export function registerReconciliationRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { store } = deps;

  /** Refuses a unit outside the approver's scope (403), or an unknown one (400). */
  const checkScope = async (principal: AppEnv['Variables']['principal'], orgUnit: string): Promise<void> => {
    const scope = scopeFor(principal, { kind: 'prefer_source' });
    const chain = await ancestorChain(store.db, orgUnit);
    if (chain.length === 0) throw new ValidationError(`orgUnit: unknown org unit "${orgUnit}"`);
    if (!covers(scope, chain)) {
      throw new ForbiddenError(
        `${orgUnit} is outside your scope for choosing sources (${describeScope(scope)}).`,
      );
    }
  };

  app.openapi(routes.comparison, async (c) => {
    const q = c.req.valid('query');
    const comparison = await sourceComparison(store.db, {
      element: q.element,
      orgUnits: q.orgUnit,
      statuses: ['published'],
      ...(q.from === undefined ? {} : { from: q.from }),
      ...(q.to === undefined ? {} : { to: q.to }),
      ...(q.disaggregation === undefined ? {} : { disaggregation: q.disaggregation }),
      ...(q.tolerance === undefined ? {} : { tolerance: q.tolerance }),
    });
    return c.json(asJson(comparison), 200);
  });

  app.openapi(routes.list, async (c) => {
    const q = c.req.valid('query');
    const filter = {
      ...(q.orgUnit === undefined ? {} : { orgUnit: q.orgUnit }),
      ...(q.element === undefined ? {} : { element: q.element }),
    };
    return c.json({ preferences: await listSourcePreferences(store.db, filter) }, 200);
  });

  app.openapi(routes.set, async (c) => {
    const body = c.req.valid('json');
    const principal = c.get('principal');
    await checkScope(principal, body.orgUnit);
    const audit = requestAudit(c);
    const saved = await setSourcePreference(store, body, audit);
    return c.json(saved, 200);
  });

  app.openapi(routes.remove, async (c) => {
    const q = c.req.valid('query');
    const principal = c.get('principal');
    await checkScope(principal, q.orgUnit);
    const audit = requestAudit(c);
    await removeSourcePreference(store, q, audit);
    return c.json({ removed: true as const }, 200);
  });
}
