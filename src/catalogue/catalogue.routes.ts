import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { LocalizedTextSchema, asJson, errorResponses, jsonContent } from '../server/api-schemas.ts';
import type { AppDeps, AppEnv } from '../server/app-env.ts';
import { guardedRoute } from '../server/guarded-route.ts';
import { PUBLIC } from '../server/policy.ts';
import {
  getDataElement,
  getIndicator,
  listDataElements,
  listDimensions,
  listIndicators,
} from './catalogue.store.ts';

const DimensionSchema = z
  .object({
    code: z.string().openapi({ example: 'sex' }),
    name: LocalizedTextSchema,
    categories: z.array(z.object({ code: z.string(), name: LocalizedTextSchema })),
  })
  .openapi('Dimension');

const DataElementSchema = z
  .object({
    code: z.string().openapi({ example: 'homicide_victims' }),
    name: LocalizedTextSchema,
    definition: LocalizedTextSchema,
    valueType: z.enum(['count', 'stock', 'share']),
    unit: z.enum(['persons', 'cases', 'kg', 'centres', 'firearms', 'percent']),
    timeAggregation: z.enum(['sum', 'last', 'average']),
    spaceAggregation: z.union([
      z.object({ kind: z.literal('sum') }),
      z.object({ kind: z.literal('weighted'), weightElement: z.string() }),
      z.object({ kind: z.literal('none') }),
    ]),
    dimensions: z.array(z.string()),
    iccs: z.string().nullable(),
  })
  .openapi('DataElement');

const IndicatorSchema = z
  .object({
    code: z.string().openapi({ example: 'homicide_rate' }),
    name: LocalizedTextSchema,
    definition: LocalizedTextSchema,
    unitLabel: LocalizedTextSchema,
    family: z.enum(['traditional', 'wider_outcome', 'context']),
    direction: z.enum(['down', 'up', 'neutral']),
    numerator: z.string().openapi({ example: 'homicide_victims' }),
    denominator: z.string().nullable(),
    factor: z.number(),
    kind: z.enum(['rate', 'share', 'ratio', 'level', 'change']),
    changeOf: z.string().optional(),
    sdg: z.array(z.string()),
    iccs: z.array(z.string()),
    dimensions: z.array(z.string()),
  })
  .openapi('Indicator');

const code = z.object({ code: z.string() });

const routes = {
  elements: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/catalogue/elements',
    tags: ['catalogue'],
    summary: 'Data elements: what is counted or measured',
    responses: {
      200: jsonContent(z.object({ elements: z.array(DataElementSchema) }), 'Data elements'),
    },
  }),
  element: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/catalogue/elements/{code}',
    tags: ['catalogue'],
    summary: 'One data element',
    request: { params: code },
    responses: {
      200: jsonContent(DataElementSchema, 'The data element'),
      404: errorResponses[404],
    },
  }),
  indicators: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/catalogue/indicators',
    tags: ['catalogue'],
    summary: 'Indicators: traditional, wider outcome and context',
    request: {
      query: z.object({ family: z.enum(['traditional', 'wider_outcome', 'context']).optional() }),
    },
    responses: {
      200: jsonContent(z.object({ indicators: z.array(IndicatorSchema) }), 'Indicators'),
      400: errorResponses[400],
    },
  }),
  indicator: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/catalogue/indicators/{code}',
    tags: ['catalogue'],
    summary: 'One indicator',
    request: { params: code },
    responses: { 200: jsonContent(IndicatorSchema, 'The indicator'), 404: errorResponses[404] },
  }),
  dimensions: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/catalogue/dimensions',
    tags: ['catalogue'],
    summary: 'Disaggregation dimensions and their categories',
    responses: {
      200: jsonContent(z.object({ dimensions: z.array(DimensionSchema) }), 'Dimensions'),
    },
  }),
};

export function registerCatalogueRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const db = deps.store.db;
  app.openapi(routes.elements, async (c) => {
    const elements = await listDataElements(db);
    return c.json(asJson({ elements: elements.map(({ id: _id, ...e }) => e) }), 200);
  });
  app.openapi(routes.element, async (c) => {
    const { id: _id, ...element } = await getDataElement(db, c.req.valid('param').code);
    return c.json(asJson(element), 200);
  });
  app.openapi(routes.indicators, async (c) => {
    const { family } = c.req.valid('query');
    const indicators = await listIndicators(db);
    return c.json(
      asJson({ indicators: indicators.filter((i) => family === undefined || i.family === family) }),
      200,
    );
  });
  app.openapi(routes.indicator, async (c) =>
    c.json(asJson(await getIndicator(db, c.req.valid('param').code)), 200),
  );
  app.openapi(routes.dimensions, async (c) => c.json(asJson({ dimensions: await listDimensions(db) }), 200));
}
