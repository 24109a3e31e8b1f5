/**
 * The data-quality checks over HTTP: validation rules (and the UN-CTS funnel), robust seasonal
 * outliers of one series, completeness and timeliness per reporting unit. Public callers check
 * published values; `view=all` checks every status for callers who may read unpublished data,
 * and only within their scope (the units asked for must be in it).
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { chainOf, covers, describeScope, scopeFor } from '../access/access-scope.ts';
import type { Principal } from '../access/principal.ts';
import { VALUE_STATUSES, type ValueStatus } from '../data/value-writer.ts';
import { ancestorChain } from '../geography/subtree.store.ts';
import { ForbiddenError, ValidationError } from '../kernel/errors.ts';
import { asJson, csvList, errorResponses, jsonContent, LocalizedTextSchema } from '../server/api-schemas.ts';
import type { AppDeps, AppEnv } from '../server/app-env.ts';
import { guardedRoute } from '../server/guarded-route.ts';
import { APPROVERS, PUBLIC, READERS_OF_UNPUBLISHED } from '../server/policy.ts';
import { requestAudit } from '../server/request-audit.ts';
import { defaultRuleSet } from './default-rules.ts';
import { listDataElements, listDimensions } from '../catalogue/catalogue.store.ts';
import { findOutliers, readCompleteness, runRules, storeRuleSet } from './quality.store.ts';
import { COMPARISON_OPERATORS, SEVERITIES } from './validation-rule.ts';
import { listStoredRules, removeValidationRule, saveValidationRule } from './validation-rule.store.ts';

const ViewSchema = z.enum(['published', 'all']).default('published').openapi({
  description: '`all`: every status, for callers who may read unpublished data in every unit asked for',
});

const RulesSchema = z
  .object({
    view: z.enum(['published', 'all']),
    cells: z.number().int().openapi({ description: 'the (org unit, period) cells read' }),
    rules: z.array(
      z.object({
        code: z.string(),
        name: LocalizedTextSchema,
        description: LocalizedTextSchema,
        left: z.string(),
        operator: z.string(),
        right: z.string(),
        severity: z.enum(['error', 'warning', 'info']),
        checked: z.number().int(),
        violations: z.number().int(),
      }),
    ),
    violations: z.array(
      z.object({
        rule: z.string(),
        severity: z.enum(['error', 'warning', 'info']),
        orgUnit: z.string(),
        period: z.string(),
        leftSource: z.string().nullable(),
        rightSource: z.string().nullable(),
        leftValue: z.number(),
        rightValue: z.number(),
      }),
    ),
  })
  .openapi('QualityRules');

const OutlierPointSchema = z.object({
  period: z.string(),
  value: z.number(),
  expected: z.number(),
  score: z.number(),
});

const OutliersSchema = z
  .object({
    view: z.enum(['published', 'all']),
    series: z.array(
      z.object({
        source: z.string(),
        periodType: z.string(),
        from: z.string(),
        to: z.string(),
        observed: z.number().int(),
        seasonal: z.boolean(),
        status: z.enum(['ok', 'too_short']),
        transform: z.string(),
        points: z.array(OutlierPointSchema).openapi({
          description: 'every value judged, with its expected value (trend + season) and robust z-score',
        }),
        outliers: z.array(OutlierPointSchema).openapi({ description: 'the points over the threshold' }),
      }),
    ),
  })
  .openapi('QualityOutliers');

const CompletenessSchema = z
  .object({
    view: z.enum(['published', 'all']),
    units: z.array(
      z.object({
        orgUnit: z.string(),
        expected: z.number().int(),
        reported: z.number().int(),
        completeness: z.number().nullable(),
        onTime: z.number().int(),
        timeliness: z.number().nullable(),
        timelinessOfReported: z.number().nullable(),
        medianDelayDays: z.number().nullable(),
        missing: z.array(z.string()),
        late: z.array(
          z.object({ period: z.string(), arrivedAt: z.string(), delayDays: z.number(), onTime: z.boolean() }),
        ),
      }),
    ),
  })
  .openapi('QualityCompleteness');

const PeriodTypeSchema = z.enum(['year', 'quarter', 'month']);

const RuleDefinitionSchema = z
  .object({
    code: z.string(),
    builtIn: z.boolean().openapi({ description: 'part of the built-in set (cannot be changed or removed)' }),
    name: LocalizedTextSchema,
    description: LocalizedTextSchema,
    left: z.string(),
    operator: z.enum(COMPARISON_OPERATORS),
    right: z.string(),
    tolerance: z.number(),
    severity: z.enum(SEVERITIES),
    sources: z.enum(['same', 'across']),
    periodTypes: z.array(PeriodTypeSchema).nullable().openapi({ description: 'null: every period type' }),
    createdBy: z.string().nullable(),
    createdAt: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .openapi('ValidationRuleDefinition');

const SomeLanguages = z.object({
  en: z.string().max(500).optional(),
  es: z.string().max(500).optional(),
  pt: z.string().max(500).optional(),
  fr: z.string().max(500).optional(),
});

const RuleInputSchema = z
  .object({
    left: z.string().min(1).max(2000),
    operator: z.string().openapi({ description: `one of ${COMPARISON_OPERATORS.join(' ')}` }),
    right: z.string().min(1).max(2000),
    severity: z.string().openapi({ description: `one of ${SEVERITIES.join(', ')}` }),
    tolerance: z
      .number()
      .optional()
      .openapi({ description: 'for == and !=: a relative tolerance in [0, 1)' }),
    sources: z.enum(['same', 'across']).optional(),
    periodTypes: z.array(PeriodTypeSchema).optional(),
    name: SomeLanguages.extend({ en: z.string().min(1).max(500) }).openapi({
      description:
        'English required; a language left out is filled from English (listed in filledFromEnglish)',
    }),
    description: SomeLanguages.optional(),
  })
  .openapi('ValidationRuleInput');

const RuleCodeParam = z.object({
  code: z.string().openapi({ param: { name: 'code', in: 'path' }, description: 'snake_case rule code' }),
});

const failures = { 400: errorResponses[400], 403: errorResponses[403], 404: errorResponses[404] };

const routes = {
  rules: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/quality/rules',
    tags: ['quality'],
    summary:
      'Runs the validation rules (and the UN-CTS funnel) over stored values: each violation with both sides',
    request: {
      query: z.object({
        orgUnit: csvList
          .optional()
          .openapi({ type: 'string', description: 'units (and every unit below them)' }),
        period: z.string().optional().openapi({ description: 'a period and the periods within it' }),
        from: z.string().optional().openapi({
          description: 'or a range (with `to`, one period type): these periods and those within',
        }),
        to: z.string().optional(),
        view: ViewSchema,
      }),
    },
    responses: { 200: jsonContent(RulesSchema, 'The rules, their tallies and violations'), ...failures },
  }),
  outliers: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/quality/outliers',
    tags: ['quality'],
    summary: 'Robust outliers of one series, respecting trend and seasonality (|robust z| over a threshold)',
    request: {
      query: z.object({
        element: z.string(),
        orgUnit: z.string(),
        source: z.string().optional(),
        disaggregation: z.string().optional(),
        threshold: z.coerce.number().min(1).max(20).optional(),
        view: ViewSchema,
      }),
    },
    responses: { 200: jsonContent(OutliersSchema, 'One result per source and period type'), ...failures },
  }),
  completeness: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/quality/completeness',
    tags: ['quality'],
    summary: 'Completeness and timeliness of each reporting unit for an element over a period range',
    request: {
      query: z.object({
        element: z.string(),
        from: z.string(),
        to: z.string(),
        orgUnit: csvList
          .optional()
          .openapi({ type: 'string', description: 'reporting units (default: member states)' }),
        source: z.string().optional(),
        deadlineDays: z.coerce.number().int().min(0).max(3650).default(30),
        view: ViewSchema,
      }),
    },
    responses: { 200: jsonContent(CompletenessSchema, 'Per unit'), ...failures },
  }),
  ruleDefinitions: guardedRoute(READERS_OF_UNPUBLISHED, {
    method: 'get',
    path: '/api/quality/rule-definitions',
    tags: ['quality'],
    summary: 'The validation rules checked: the built-in set (builtIn: true) and the rules written by users',
    responses: {
      200: jsonContent(z.object({ rules: z.array(RuleDefinitionSchema) }), 'Every rule, built-in first'),
      401: errorResponses[401],
      403: errorResponses[403],
    },
  }),
  saveRule: guardedRoute(APPROVERS, {
    method: 'put',
    path: '/api/quality/rule-definitions/{code}',
    tags: ['quality'],
    summary: 'Creates or replaces a validation rule written by a user',
    description:
      'Compiled against the catalogue as the built-in rules are: a bad expression, an unknown element, ' +
      'dimension or category is a 400 naming the field (left or right) and the column. A built-in code is refused. ' +
      'Approvers and administrators; audited (`quality.rule.save`).',
    request: {
      params: RuleCodeParam,
      body: { required: true, content: { 'application/json': { schema: RuleInputSchema } } },
    },
    responses: {
      200: jsonContent(
        z.object({
          rule: RuleDefinitionSchema,
          created: z.boolean(),
          filledFromEnglish: z.array(z.string()),
        }),
        'The rule stored',
      ),
      400: errorResponses[400],
      401: errorResponses[401],
      403: errorResponses[403],
    },
  }),
  removeRule: guardedRoute(APPROVERS, {
    method: 'delete',
    path: '/api/quality/rule-definitions/{code}',
    tags: ['quality'],
    summary: 'Removes a validation rule written by a user',
    description:
      'Approvers and administrators; audited (`quality.rule.remove`). Built-in rules cannot be removed.',
    request: { params: RuleCodeParam },
    responses: {
      200: jsonContent(z.object({ removed: z.literal(true) }), 'Removed'),
      400: errorResponses[400],
      401: errorResponses[401],
      403: errorResponses[403],
      404: errorResponses[404],
    },
  }),
};

export function registerQualityRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { store } = deps;

  /** The statuses a caller checks: published, or all when allowed for every unit asked for. */
  const statusesFor = async (
    view: 'published' | 'all',
    principal: Principal,
    units: readonly string[] | undefined,
  ): Promise<readonly ValueStatus[]> => {
    if (view === 'published') return ['published'];
    const scope = scopeFor(principal, { kind: 'read_unpublished' });
    if (scope.kind === 'everywhere') return VALUE_STATUSES;
    if (scope.kind === 'nowhere')
      throw new ForbiddenError('view=all: your roles may not read unpublished data.');
    if (units === undefined || units.length === 0) {
      throw new ForbiddenError(`view=all: name org units in your scope (${describeScope(scope)}).`);
    }
    for (const code of units) {
      const chain = await ancestorChain(store.db, code);
      if (!covers(scope, chain.length === 0 ? chainOf(code, () => undefined) : chain)) {
        throw new ForbiddenError(`view=all: ${code} is outside your scope (${describeScope(scope)}).`);
      }
    }
    return VALUE_STATUSES;
  };

  app.openapi(routes.rules, async (c) => {
    const q = c.req.valid('query');
    if ((q.from === undefined) !== (q.to === undefined) || (q.from !== undefined && q.period !== undefined)) {
      throw new ValidationError('period: give one period, or a range with both from and to');
    }
    const statuses = await statusesFor(q.view, c.get('principal'), q.orgUnit);
    const rules = await storeRuleSet(store.db);
    const run = await runRules(store, rules, {
      statuses,
      ...(q.orgUnit === undefined ? {} : { orgUnits: q.orgUnit }),
      ...(q.period === undefined ? {} : { period: q.period }),
      ...(q.from === undefined || q.to === undefined ? {} : { from: q.from, to: q.to }),
    });
    const tally = new Map(run.tallies.map((t) => [t.rule, t]));
    return c.json(
      asJson({
        view: q.view,
        cells: run.cells,
        rules: run.rules.map((r) => ({
          code: r.code,
          name: r.name,
          description: r.description,
          left: r.left,
          operator: r.operator,
          right: r.right,
          severity: r.severity,
          checked: tally.get(r.code)?.checked ?? 0,
          violations: tally.get(r.code)?.violations ?? 0,
        })),
        violations: run.violations,
      }),
      200,
    );
  });

  app.openapi(routes.ruleDefinitions, async (c) => {
    const [elements, dimensions, stored] = await Promise.all([
      listDataElements(store.db),
      listDimensions(store.db),
      listStoredRules(store.db),
    ]);
    const builtIn = defaultRuleSet(elements, dimensions).map((r) => ({
      code: r.code,
      builtIn: true,
      name: r.name,
      description: r.description,
      left: r.left,
      operator: r.operator,
      right: r.right,
      tolerance: r.tolerance,
      severity: r.severity,
      sources: r.sources,
      periodTypes: r.periodTypes === undefined ? null : [...r.periodTypes],
      createdBy: null,
      createdAt: null,
      updatedAt: null,
    }));
    const users = stored.map((r) => ({
      ...r,
      builtIn: false,
      periodTypes: r.periodTypes === undefined ? null : [...r.periodTypes],
    }));
    return c.json({ rules: [...builtIn, ...users] }, 200);
  });

  app.openapi(routes.saveRule, async (c) => {
    const { code } = c.req.valid('param');
    const body = c.req.valid('json');
    const saved = await saveValidationRule(store, code, body, requestAudit(c));
    const { periodTypes, ...rest } = saved.rule;
    return c.json(
      {
        rule: { ...rest, builtIn: false, periodTypes: periodTypes === undefined ? null : [...periodTypes] },
        created: saved.created,
        filledFromEnglish: [...saved.filledFromEnglish],
      },
      200,
    );
  });

  app.openapi(routes.removeRule, async (c) => {
    const { code } = c.req.valid('param');
    await removeValidationRule(store, code, requestAudit(c));
    return c.json({ removed: true as const }, 200);
  });

  app.openapi(routes.outliers, async (c) => {
    const q = c.req.valid('query');
    const statuses = await statusesFor(q.view, c.get('principal'), [q.orgUnit]);
    const series = await findOutliers(store, {
      element: q.element,
      orgUnit: q.orgUnit,
      statuses,
      ...(q.source === undefined ? {} : { source: q.source }),
      ...(q.disaggregation === undefined ? {} : { disaggregation: q.disaggregation }),
      ...(q.threshold === undefined ? {} : { threshold: q.threshold }),
    });
    return c.json(asJson({ view: q.view, series }), 200);
  });

  app.openapi(routes.completeness, async (c) => {
    const q = c.req.valid('query');
    const statuses = await statusesFor(q.view, c.get('principal'), q.orgUnit);
    const units = await readCompleteness(store, {
      element: q.element,
      from: q.from,
      to: q.to,
      deadlineDays: q.deadlineDays,
      statuses,
      ...(q.orgUnit === undefined ? {} : { orgUnits: q.orgUnit }),
      ...(q.source === undefined ? {} : { source: q.source }),
    });
    return c.json(asJson({ view: q.view, units }), 200);
  });
}
