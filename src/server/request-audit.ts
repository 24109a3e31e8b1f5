import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';
import type { Principal } from './policy.ts';

/**
 * The audit actor of a request's principal: `user:<name>` for a signed-in user or token holder,
 * `anonymous` otherwise. The one place to change when principals carry user ids or token names.
 */
export function actorOf(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.name}` : 'anonymous';
}

/**
 * The client's address as the socket gives it (no `X-Forwarded-For`: a proxy in front must be
 * trusted explicitly first), or `unknown` when there is no socket (`app.request` in tests).
 */
export function requestOrigin(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Who is calling and from where, for `appendAudit` and the writers' `audit` option. */
export function requestAudit(c: Context<AppEnv>): { actor: string; origin: string } {
  return { actor: actorOf(c.get('principal')), origin: requestOrigin(c) };
}
