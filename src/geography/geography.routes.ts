import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { LocalizedTextSchema, asJson, errorResponses, jsonContent } from '../server/api-schemas.ts';
import type { AppDeps, AppEnv } from '../server/app-env.ts';
import { guardedRoute } from '../server/guarded-route.ts';
import { PUBLIC } from '../server/policy.ts';
import { getOrgUnit, listCrosswalk, listGroups, listOrgUnits } from './geography.store.ts';
import { ORG_UNIT_LEVELS } from './org-unit.ts';

const OrgUnitSchema = z
  .object({
    code: z.string().openapi({ example: 'HND' }),
    parentCode: z.string().nullable(),
    level: z.enum(ORG_UNIT_LEVELS),
    name: LocalizedTextSchema,
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    externalCodes: z.record(z.string(), z.string()),
    synthetic: z.boolean().openapi({ description: 'true for units made by the demo generator' }),
  })
  .openapi('OrgUnit');

const GroupSchema = z
  .object({
    code: z.string().openapi({ example: 'SICA' }),
    kind: z.enum(['integration', 'custom']),
    name: LocalizedTextSchema,
    members: z.array(
      z.object({
        unitCode: z.string(),
        validFrom: z.string().nullable(),
        validTo: z.string().nullable(),
      }),
    ),
  })
  .openapi('OrgUnitGroup');

const CrosswalkSchema = z
  .object({
    fromCode: z.string(),
    toCode: z.string(),
    date: z.string(),
    share: z.number(),
    event: z.enum(['split', 'merger', 'recode']),
  })
  .openapi('CrosswalkEntry');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

const listUnits = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/api/geography/units',
  tags: ['geography'],
  summary: 'Org units: the Americas, subregions, member states and subnational units',
  request: {
    query: z.object({
      level: z.enum(ORG_UNIT_LEVELS).optional(),
      parent: z.string().optional().openapi({ description: 'children of this unit code' }),
      at: isoDate.optional().openapi({ description: 'only units valid on this date' }),
      limit: z.coerce.number().int().min(1).max(10_000).default(1000),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: jsonContent(z.object({ units: z.array(OrgUnitSchema) }), 'Org units'),
    400: errorResponses[400],
  },
});

const oneUnit = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/api/geography/units/{code}',
  tags: ['geography'],
  summary: 'One org unit',
  request: { params: z.object({ code: z.string() }) },
  responses: { 200: jsonContent(OrgUnitSchema, 'The unit'), 404: errorResponses[404] },
});

const groups = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/api/geography/groups',
  tags: ['geography'],
  summary: 'Groups beside the hierarchy (SICA, CARICOM, Andean Community, MERCOSUR, custom)',
  responses: { 200: jsonContent(z.object({ groups: z.array(GroupSchema) }), 'Groups') },
});

const crosswalk = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/api/geography/crosswalk',
  tags: ['geography'],
  summary: 'Boundary changes: which old units map onto which new ones, with shares',
  responses: { 200: jsonContent(z.object({ entries: z.array(CrosswalkSchema) }), 'Crosswalk') },
});

export function registerGeographyRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const db = deps.store.db;
  app.openapi(listUnits, async (c) => {
    const q = c.req.valid('query');
    const units = await listOrgUnits(db, {
      ...(q.level === undefined ? {} : { level: q.level }),
      ...(q.parent === undefined ? {} : { parent: q.parent }),
      ...(q.at === undefined ? {} : { at: q.at }),
      limit: q.limit,
      offset: q.offset,
    });
    return c.json(
      { units: units.map(({ id: _id, ...u }) => ({ ...u, externalCodes: u.externalCodes ?? {} })) },
      200,
    );
  });
  app.openapi(oneUnit, async (c) => {
    const { id: _id, ...unit } = await getOrgUnit(db, c.req.valid('param').code);
    return c.json({ ...unit, externalCodes: unit.externalCodes ?? {} }, 200);
  });
  app.openapi(groups, async (c) => c.json(asJson({ groups: await listGroups(db) }), 200));
  app.openapi(crosswalk, async (c) => c.json({ entries: await listCrosswalk(db) }, 200));
}
