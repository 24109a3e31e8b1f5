import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { readDemoInfo } from '../setup/demo-setup.ts';
import { LocalizedTextSchema, jsonContent } from './api-schemas.ts';
import type { AppDeps, AppEnv } from './app-env.ts';
import { guardedRoute } from './guarded-route.ts';
import { PUBLIC } from './policy.ts';

export const DemoInfoSchema = z
  .object({
    synthetic: z.literal(true),
    seed: z.number().int(),
    scale: z.number(),
    loadedAt: z.string(),
    values: z.number().int(),
    notice: LocalizedTextSchema,
  })
  .openapi('DemoInfo');

const HealthSchema = z
  .object({
    status: z.literal('ok'),
    version: z.string(),
    store: z.object({ dialect: z.enum(['sqlite', 'postgres']) }),
    demo: DemoInfoSchema.nullable().openapi({
      description: 'Present when the store holds the generated demo data: every value is synthetic.',
    }),
  })
  .openapi('Health');

const health = guardedRoute(PUBLIC, {
  method: 'get',
  path: '/api/health',
  tags: ['system'],
  summary: 'Whether the server and its store answer; whether the data is synthetic demo data',
  responses: { 200: jsonContent(HealthSchema, 'The server is up') },
});

export function registerHealthRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openapi(health, async (c) => {
    const demo = await readDemoInfo(deps.store.db);
    return c.json(
      {
        status: 'ok' as const,
        version: deps.version,
        store: { dialect: deps.store.dialect },
        demo: demo === undefined ? null : { ...demo, synthetic: true as const },
      },
      200,
    );
  });
}
