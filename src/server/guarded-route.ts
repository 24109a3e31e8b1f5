import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from './app-env.ts';
import { allows, describePolicy, type Policy } from './policy.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a request whose principal the policy does not allow (401 anonymous, 403 otherwise), and
 * any request but a read made with a read-only API token.
 */
export function requirePolicy(policy: Policy): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!allows(policy, principal)) {
      if (principal.kind === 'anonymous') {
        throw new HTTPException(401, { message: 'Sign in or send an API token to do this.' });
      }
      throw new HTTPException(403, { message: 'You are not allowed to do this.' });
    }
    if (principal.kind === 'user' && principal.readOnly && !SAFE_METHODS.has(c.req.method)) {
      throw new HTTPException(403, { message: 'This API token is read-only.' });
    }
    await next();
  };
}

/**
 * A route that says who may call it. There is no other way to declare a route in Atalaya: a
 * test walks the OpenAPI document and fails on any operation without `x-atalaya-policy`.
 */
export function guardedRoute<const R extends Omit<RouteConfig, 'middleware'>>(policy: Policy, config: R) {
  return createRoute({
    ...config,
    middleware: [requirePolicy(policy)] as const,
    'x-atalaya-policy': describePolicy(policy),
    ...(policy.kind === 'public' ? {} : { security: [{ bearer: [] }, { session: [] }] }),
  });
}
