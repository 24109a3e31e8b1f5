/**
 * `GET /api/approval/summary`: where the approval workflow stands for a unit and its children over
 * a range of periods, and which moves the caller may make on each row. For readers of unpublished
 * data, within their scope.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { covers, describeScope, scopeFor } from '../access/access-scope.ts';
import { VALUE_STATUSES } from '../data/value-writer.ts';
import { ancestorChain } from '../geography/subtree.store.ts';
import { ForbiddenError } from '../kernel/errors.ts';
import { asJson, errorResponses, jsonContent, LocalizedTextSchema } from '../server/api-schemas.ts';
import type { AppDeps, AppEnv } from '../server/app-env.ts';
import { guardedRoute } from '../server/guarded-route.ts';
import { READERS_OF_UNPUBLISHED } from '../server/policy.ts';
import { MAX_SUMMARY_PERIODS, summaryColumns } from './approval-summary.ts';
import { readApprovalSummary } from './approval-summary.store.ts';

const CountsSchema = z.object(
  Object.fromEntries(VALUE_STATUSES.map((s) => [s, z.number().int()])) as Record<
    (typeof VALUE_STATUSES)[number],
    z.ZodNumber
  >,
);

const SummarySchema = z
  .object({
    orgUnit: z.string(),
    periods: z.array(z.string()),
    rows: z.array(
      z.object({
        orgUnit: z.string(),
        name: LocalizedTextSchema,
        level: z.string(),
        hasChildren: z.boolean(),
        may: z.object({
          submit: z.boolean().openapi({ description: 'the caller may submit drafts here' }),
          approve: z.boolean().openapi({
            description: 'the caller may approve, publish and send values back here',
          }),
        }),
        cells: z.array(
          z.object({
            period: z.string(),
            own: CountsSchema.openapi({
              description: "the unit's values for exactly this period, by status",
            }),
            below: CountsSchema.openapi({
              description:
                'the values of the units below it, for this period or a period within it, by status',
            }),
          }),
        ),
      }),
    ),
  })
  .openapi('ApprovalSummary');

const routes = {
  summary: guardedRoute(READERS_OF_UNPUBLISHED, {
    method: 'get',
    path: '/api/approval/summary',
    tags: ['data'],
    summary: 'Values by status for a unit and its children, period by period',
    description:
      'The unit first, then each of its children: for each period from `from` to `to` (one period type, at most ' +
      `${MAX_SUMMARY_PERIODS}), how many of its values are draft, submitted, approved and published (\`own\`: exactly that ` +
      'period, what `POST /api/data-values/status` with that period moves) and how many values of the units below it, in ' +
      'that period or a period within it (`below`: what approval bottom-up waits for). `may` says which moves the caller ' +
      "may make on the row. The unit must be in the caller's scope for unpublished data (403 otherwise).",
    request: {
      query: z.object({
        orgUnit: z.string().openapi({ example: 'MEX' }),
        from: z.string().openapi({ example: '2019' }),
        to: z.string().openapi({ example: '2020' }),
      }),
    },
    responses: {
      200: jsonContent(SummarySchema, 'The summary'),
      400: errorResponses[400],
      401: errorResponses[401],
      403: errorResponses[403],
      404: errorResponses[404],
    },
  }),
};

export function registerApprovalRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const db = deps.store.db;
  app.openapi(routes.summary, async (c) => {
    const q = c.req.valid('query');
    const principal = c.get('principal');
    const columns = summaryColumns(q.from, q.to);
    const read = scopeFor(principal, { kind: 'read_unpublished' });
    const chain = await ancestorChain(db, q.orgUnit);
    if (!covers(read, chain)) {
      throw new ForbiddenError(`${q.orgUnit} is outside your scope (${describeScope(read)}).`);
    }
    const submit = scopeFor(principal, { kind: 'move_status', to: 'submitted', direction: 'forward' });
    const approve = scopeFor(principal, { kind: 'move_status', to: 'approved', direction: 'forward' });
    const rows = await readApprovalSummary(db, q.orgUnit, columns);
    return c.json(
      asJson({
        orgUnit: q.orgUnit,
        periods: columns,
        rows: rows.map((row, k) => {
          const rowChain = k === 0 ? chain : [row.code, ...chain];
          const { code, ...rest } = row;
          return {
            orgUnit: code,
            ...rest,
            may: { submit: covers(submit, rowChain), approve: covers(approve, rowChain) },
          };
        }),
      }),
      200,
    );
  });
}
