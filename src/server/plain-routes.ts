import type { Handler } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { requirePolicy } from './guarded-route.ts';
import { describePolicy, type Policy } from './policy.ts';

/**
 * Routes outside the OpenAPI document (the document itself, the docs page and its assets, the
 * landing page). They declare a policy too, recorded here so the route test can check them.
 */
export const PLAIN_ROUTES = new Map<string, string>();

export function plainRoute(
  app: OpenAPIHono<AppEnv>,
  policy: Policy,
  path: string,
  handler: Handler<AppEnv>,
): void {
  PLAIN_ROUTES.set(`GET ${path}`, describePolicy(policy));
  app.get(path, requirePolicy(policy), handler);
}
