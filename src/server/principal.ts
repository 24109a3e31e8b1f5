import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';
import { ANONYMOUS, type Principal } from './policy.ts';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Works out who is calling: the administrator when the request carries the configured API token
 * (`Authorization: Bearer …`), otherwise the public. Compared in constant time.
 */
export function resolvePrincipal(adminToken: string | undefined): MiddlewareHandler<AppEnv> {
  const expected = adminToken === undefined || adminToken === '' ? undefined : digest(adminToken);
  return async (c, next) => {
    let principal: Principal = ANONYMOUS;
    const header = c.req.header('authorization');
    if (expected !== undefined && header !== undefined && header.startsWith('Bearer ')) {
      if (timingSafeEqual(digest(header.slice(7).trim()), expected)) {
        principal = { kind: 'user', name: 'administrator (API token)', roles: ['administrator'] };
      }
    }
    c.set('principal', principal);
    await next();
  };
}
