import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';
import { actorName } from '../access/principal.ts';
import type { Principal } from './policy.ts';

/**
 * The audit actor of a request's principal: `user:<id>:<email> (<credential>)` for a signed-in
 * user or token holder, `operator` for the operator token, `anonymous` otherwise.
 */
export function actorOf(principal: Principal): string {
  if (principal.kind === 'anonymous') return 'anonymous';
  if (principal.userId === null) return 'operator';
  return `user:${principal.userId}:${actorName(principal)} (${principal.credential})`;
}

/** Who is calling and from where, for `appendAudit` and the writers' `audit` option. */
export function requestAudit(c: Context<AppEnv>): { actor: string; origin: string } {
  return { actor: actorOf(c.get('principal')), origin: c.get('clientAddress') };
}
