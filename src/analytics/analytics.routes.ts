import { preferenceMap } from '../reconciliation/source-preference.store.ts';
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { chainOf, covers, describeScope, scopeFor } from '../access/access-scope.ts';
import type { Principal } from '../access/principal.ts';
import { ForbiddenError, ValidationError } from '../kernel/errors.ts';
import { formatPeriod, MAX_YEAR, MIN_YEAR, parsePeriod, periodRange } from '../periods/period-code.ts';
import { csvList, errorResponses, jsonContent } from '../server/api-schemas.ts';
import type { AppDeps, AppEnv } from '../server/app-env.ts';
import { guardedRoute } from '../server/guarded-route.ts';
import { ADMINISTRATORS, PUBLIC } from '../server/policy.ts';
import { csvField } from '../data/canonical-csv.ts';
import { readDemoInfo } from '../setup/demo-setup.ts';
import type { AnalyticsCube, CubeView } from './analytics-cube.ts';
import {
  parsePeriodParameter,
  runAnalyticsQuery,
  unitsOfQuery,
  type AnalyticsQuery,
  type AnalyticsRow,
} from './analytics-query.ts';
import type { LiveCube } from './analytics.store.ts';
import { annualPercentChange } from './annual-percent-change.ts';
import { indicatorValue } from './indicator-values.ts';
import { periodKey } from './period-key.ts';
import { comparePeers } from './peer-comparison.ts';

const ViewSchema = z
  .enum(['published', 'all'])
  .default('published')
  .openapi({
    description:
      '`all` (the latest value, whatever its status) for callers who may see unpublished data: analysts and administrators ' +
      'everywhere, contributors and approvers for org units inside their scope (403 for a unit above or outside it); ' +
      'the public gets `published`',
  });

const AnalyticsQuerySchema = z.object({
  indicator: csvList.openapi({ type: 'string', description: 'indicator codes, comma-separated' }),
  orgUnit: csvList
    .optional()
    .openapi({ type: 'string', description: 'unit or group codes (a group is the sum of its members)' }),
  level: z.string().optional().openapi({ description: 'every unit of a level, e.g. member_state' }),
  group: z.string().optional().openapi({ description: 'every member of a group, each on its own row' }),
  parent: z.string().optional().openapi({ description: 'the children of this unit' }),
  period: csvList.optional().openapi({ type: 'string', description: 'period codes, comma-separated' }),
  from: z.string().optional().openapi({ description: 'first period of a range (with `to`)' }),
  to: z.string().optional(),
  last: z.coerce.number().int().min(1).max(1200).optional().openapi({
    description: 'the last N periods of `periodType`, ending at the latest period with data',
  }),
  periodType: z.enum(['year', 'quarter', 'month']).default('year'),
  disaggregation: z
    .string()
    .optional()
    .openapi({ description: "a breakdown such as 'sex=F'; totals by default" }),
  source: csvList.optional().openapi({
    type: 'string',
    description: 'pins sources, as element:source pairs (homicide_victims:forensic)',
  }),
  smooth: z.enum(['global', 'local']).optional().openapi({
    description:
      'adds empirical-Bayes rates (Marshall 1991) among the rows of each period; local: among siblings',
  }),
  view: ViewSchema,
  format: z.enum(['json', 'csv']).default('json'),
});

const AnalyticsRowSchema = z
  .object({
    indicator: z.string(),
    orgUnit: z.string(),
    period: z.string(),
    disaggregation: z.string(),
    value: z.number(),
    numerator: z.number(),
    denominator: z.number().nullable(),
    exposure: z
      .number()
      .nullable()
      .openapi({ description: 'the denominator in person-years when annualised' }),
    lower: z.number().nullable().openapi({ description: 'exact Poisson (Garwood) 95% lower bound' }),
    upper: z.number().nullable(),
    smallCount: z.boolean().openapi({ description: 'numerator below 20: the rate is unreliable' }),
    complete: z.boolean().openapi({ description: 'every expected unit and period reported' }),
    smoothed: z.number().nullable().optional(),
    preferredSources: z.record(z.string(), z.string()).optional().openapi({
      description:
        'element → source, for the elements whose source a preferred-source rule of the unit (or an ancestor) chose (GET /api/sources/preferences)',
    }),
  })
  .openapi('AnalyticsRow');

const CSV_COLUMNS = [
  'indicator',
  'orgUnit',
  'period',
  'disaggregation',
  'value',
  'numerator',
  'denominator',
  'exposure',
  'lower',
  'upper',
  'smallCount',
  'complete',
  'smoothed',
] as const;

function csvOf(rows: readonly AnalyticsRow[]): string {
  const cell = (v: string | number | boolean | null | undefined) =>
    v === null || v === undefined ? '' : csvField(String(v));
  // the sources rules chose, as element:source pairs separated by ';'
  const preferred = (r: AnalyticsRow) =>
    cell(
      Object.entries(r.preferredSources ?? {})
        .map(([element, source]) => `${element}:${source}`)
        .join(';') || undefined,
    );
  return (
    [
      [...CSV_COLUMNS, 'preferredSources'].join(','),
      ...rows.map((r) => [...CSV_COLUMNS.map((c) => cell(r[c])), preferred(r)].join(',')),
    ].join('\n') + '\n'
  );
}

const TrendSchema = z.object({
  indicator: z.string(),
  orgUnit: z.string(),
  from: z.string(),
  to: z.string(),
  apc: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  years: z.number().int(),
  excluded: z.number().int(),
});

const routes = {
  query: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/analytics',
    tags: ['analytics'],
    summary:
      'Indicator values with numerators, denominators, intervals and flags (the public sees published data)',
    request: { query: AnalyticsQuerySchema },
    responses: {
      200: {
        description: 'One row per indicator, org unit and period that has a value',
        content: {
          'application/json': {
            schema: z.object({
              view: z.enum(['published', 'all']),
              rows: z.array(AnalyticsRowSchema),
              synthetic: z.boolean(),
            }),
          },
          'text/csv': { schema: z.string() },
        },
      },
      400: errorResponses[400],
    },
  }),
  trend: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/analytics/trend',
    tags: ['analytics'],
    summary: 'Annual percent change of an indicator over a range of years, with its 95% interval',
    request: {
      query: z.object({
        indicator: z.string(),
        orgUnit: z.string(),
        from: z.string().openapi({ example: '2010' }),
        to: z.string().openapi({ example: '2020' }),
        disaggregation: z.string().optional(),
        view: ViewSchema,
      }),
    },
    responses: {
      200: jsonContent(TrendSchema, 'Log-linear trend (the single-segment APC of Joinpoint)'),
      400: errorResponses[400],
    },
  }),
  trends: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/analytics/trends',
    tags: ['analytics'],
    summary:
      'Annual percent change of several indicators at once, each over its own last N years with data (a profile’s trends in one request)',
    request: {
      query: z.object({
        indicator: csvList.openapi({ type: 'string', description: 'indicator codes, comma-separated' }),
        orgUnit: z.string(),
        years: z.coerce.number().int().min(3).max(50).default(10).openapi({
          description: 'the window: the last N years up to the latest year with data for each indicator',
        }),
        disaggregation: z.string().optional(),
        view: ViewSchema,
      }),
    },
    responses: {
      200: jsonContent(
        z.object({ orgUnit: z.string(), trends: z.array(TrendSchema) }),
        'One trend per indicator with data (indicators without data are left out)',
      ),
      400: errorResponses[400],
    },
  }),
  peers: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/analytics/peers',
    tags: ['analytics'],
    summary:
      'A unit against the other children of its parent (a member state in its subregion): median and rank',
    request: {
      query: z.object({
        indicator: z.string(),
        orgUnit: z.string(),
        period: z.string(),
        view: ViewSchema,
      }),
    },
    responses: {
      200: jsonContent(
        z.object({
          indicator: z.string(),
          orgUnit: z.string(),
          period: z.string(),
          value: z.number().nullable(),
          median: z.number().nullable(),
          rank: z.number().int().nullable(),
          peers: z.number().int(),
          standing: z.enum(['better', 'worse', 'at median', 'neutral']).nullable(),
          values: z.array(z.object({ orgUnit: z.string(), value: z.number() })),
        }),
        'Peer comparison',
      ),
      400: errorResponses[400],
    },
  }),
  rebuild: guardedRoute(ADMINISTRATORS, {
    method: 'post',
    path: '/api/analytics/rebuild',
    tags: ['analytics'],
    summary:
      'Reads every value again into a new cube (recovery; the cube is otherwise kept fresh incrementally)',
    responses: {
      200: jsonContent(z.object({ milliseconds: z.number(), lastChange: z.number().int() }), 'Rebuilt'),
      401: errorResponses[401],
      403: errorResponses[403],
    },
  }),
};

export function registerAnalyticsRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: AppDeps,
  analytics: () => Promise<LiveCube>,
): void {
  /**
   * The view a caller gets: `all` when asked for and every unit the query reads is in their scope
   * for unpublished data (403 when one is not), `published` for callers who may see none.
   */
  const viewFor = (
    asked: CubeView,
    principal: Principal,
    cube: AnalyticsCube,
    units: () => readonly number[],
  ): CubeView => {
    if (asked !== 'all') return 'published';
    const scope = scopeFor(principal, { kind: 'read_unpublished' });
    if (scope.kind === 'nowhere') return 'published';
    if (scope.kind === 'everywhere') return 'all';
    const parentOf = (code: string): string | undefined => {
      const parentId = cube.unitsByCode.get(code)?.parentId;
      return parentId === null || parentId === undefined ? undefined : cube.unitsById.get(parentId)?.code;
    };
    const outside = units()
      .map((id) => cube.unitsById.get(id)?.code)
      .filter((code): code is string => code !== undefined && !covers(scope, chainOf(code, parentOf)));
    if (outside.length > 0) {
      throw new ForbiddenError(
        `view=all: ${outside.slice(0, 10).join(', ')}${outside.length > 10 ? ' …' : ''} ${outside.length === 1 ? 'is' : 'are'} outside your scope (${describeScope(scope)}); ask for view=published or for units inside it.`,
      );
    }
    return 'all';
  };

  app.openapi(routes.query, async (c) => {
    const q = c.req.valid('query');
    const live = await analytics();
    const cube = await live.fresh();
    const sources: Record<string, string> = {};
    for (const pair of q.source ?? []) {
      const [element, source] = pair.split(':');
      if (element === undefined || source === undefined || element === '' || source === '') {
        throw new ValidationError(`source: expected element:source, not "${pair}"`);
      }
      sources[element] = source;
    }
    const query: AnalyticsQuery = {
      indicators: q.indicator,
      ...(q.orgUnit === undefined ? {} : { orgUnits: q.orgUnit }),
      ...(q.level === undefined ? {} : { level: q.level }),
      ...(q.group === undefined ? {} : { group: q.group }),
      ...(q.parent === undefined ? {} : { parent: q.parent }),
      ...(q.period === undefined ? {} : { periods: q.period }),
      ...(q.from === undefined ? {} : { from: q.from }),
      ...(q.to === undefined ? {} : { to: q.to }),
      ...(q.last === undefined ? {} : { last: q.last }),
      periodType: q.periodType,
      ...(q.disaggregation === undefined ? {} : { disaggregation: q.disaggregation }),
      sources,
      ...(q.smooth === undefined ? {} : { smooth: q.smooth }),
      preferences: await preferenceMap(deps.store.db),
    };
    const view = viewFor(q.view, c.get('principal'), cube, () => unitsOfQuery(cube, query));
    const rows = runAnalyticsQuery(cube, view, (code) => live.compiledIndicator(code), query);
    const demo = await readDemoInfo(deps.store.db);
    if (demo !== undefined) c.header('x-atalaya-synthetic-data', 'true');
    if (q.format === 'csv') {
      c.header('content-type', 'text/csv; charset=utf-8');
      return c.body(csvOf(rows), 200);
    }
    return c.json({ view, rows, synthetic: demo !== undefined }, 200);
  });

  app.openapi(routes.trend, async (c) => {
    const q = c.req.valid('query');
    const live = await analytics();
    const cube = await live.fresh();
    const view = viewFor(q.view, c.get('principal'), cube, () =>
      unitsOfQuery(cube, { indicators: [q.indicator], orgUnits: [q.orgUnit] }),
    );
    const rows = runAnalyticsQuery(cube, view, (code) => live.compiledIndicator(code), {
      indicators: [q.indicator],
      orgUnits: [q.orgUnit],
      preferences: await preferenceMap(deps.store.db),
      from: q.from,
      to: q.to,
      periodType: 'year',
      ...(q.disaggregation === undefined ? {} : { disaggregation: q.disaggregation }),
    });
    const trend = annualPercentChange(rows.map((r) => ({ year: Number(r.period), rate: r.value })));
    const years = periodRange(parsePeriod(q.from), parsePeriod(q.to)).length;
    return c.json(
      {
        indicator: q.indicator,
        orgUnit: q.orgUnit,
        from: q.from,
        to: q.to,
        apc: trend?.apc ?? null,
        lower: trend?.lower ?? null,
        upper: trend?.upper ?? null,
        years: trend?.n ?? 0,
        excluded: years - (trend?.n ?? 0),
      },
      200,
    );
  });

  app.openapi(routes.trends, async (c) => {
    const q = c.req.valid('query');
    const live = await analytics();
    const cube = await live.fresh();
    const view = viewFor(q.view, c.get('principal'), cube, () =>
      unitsOfQuery(cube, { indicators: q.indicator, orgUnits: [q.orgUnit] }),
    );
    const trends = [];
    const preferences = await preferenceMap(deps.store.db);
    for (const indicator of q.indicator) {
      const rows = runAnalyticsQuery(cube, view, (code) => live.compiledIndicator(code), {
        indicators: [indicator],
        orgUnits: [q.orgUnit],
        preferences,
        from: String(MIN_YEAR),
        to: String(MAX_YEAR),
        periodType: 'year',
        ...(q.disaggregation === undefined ? {} : { disaggregation: q.disaggregation }),
      });
      const latest = Math.max(...rows.map((r) => Number(r.period)));
      if (!Number.isFinite(latest)) continue;
      const from = latest - q.years + 1;
      const window = rows.filter((r) => Number(r.period) >= from);
      const trend = annualPercentChange(window.map((r) => ({ year: Number(r.period), rate: r.value })));
      trends.push({
        indicator,
        orgUnit: q.orgUnit,
        from: String(from),
        to: String(latest),
        apc: trend?.apc ?? null,
        lower: trend?.lower ?? null,
        upper: trend?.upper ?? null,
        years: trend?.n ?? 0,
        excluded: q.years - (trend?.n ?? 0),
      });
    }
    return c.json({ orgUnit: q.orgUnit, trends }, 200);
  });

  app.openapi(routes.peers, async (c) => {
    const q = c.req.valid('query');
    const live = await analytics();
    const cube = await live.fresh();
    const compiled = live.compiledIndicator(q.indicator);
    if (compiled === undefined) throw new ValidationError(`indicator: unknown indicator "${q.indicator}"`);
    const unit = cube.unitsByCode.get(q.orgUnit);
    if (unit === undefined) throw new ValidationError(`orgUnit: unknown org unit "${q.orgUnit}"`);
    const key = periodKey(parsePeriodParameter(q.period, 'period'));
    const siblings = unit.parentId === null ? [unit.id] : (cube.tree.children[unit.parentId] ?? []);
    // The comparison reads every sibling: all of them must be in scope for view=all.
    const view = viewFor(q.view, c.get('principal'), cube, () => siblings);
    const values: { orgUnit: string; value: number }[] = [];
    for (const id of siblings) {
      const v = indicatorValue(cube, view, compiled, { unitIds: [id] }, key);
      if (v !== undefined) values.push({ orgUnit: cube.unitsById.get(id)!.code, value: v.value });
    }
    const own = values.find((v) => v.orgUnit === unit.code)?.value;
    const comparison = comparePeers(
      own,
      values.map((v) => v.value),
      compiled.indicator.direction,
    );
    return c.json(
      {
        indicator: q.indicator,
        orgUnit: q.orgUnit,
        period: formatPeriod(parsePeriod(q.period)),
        value: own ?? null,
        median: comparison?.median ?? null,
        rank: comparison?.rank ?? null,
        peers: values.length,
        standing: comparison?.standing ?? null,
        values,
      },
      200,
    );
  });

  app.openapi(routes.rebuild, async (c) => {
    const live = await analytics();
    const milliseconds = await live.rebuild();
    return c.json({ milliseconds, lastChange: live.lastChange }, 200);
  });
}
