import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { apiTokenPrincipal } from '../access/api-tokens.store.ts';
import { OPERATOR, type Principal } from '../access/principal.ts';
import { csrfTokenOf, sameSecret, secretDigest } from '../access/secret-token.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../access/session-cookie.ts';
import { sessionPrincipal } from '../access/sessions.store.ts';
import type { Store } from '../store/store.ts';
import type { AppEnv } from './app-env.ts';
import { ANONYMOUS } from './policy.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Works out who is calling, in this order:
 * - `Authorization: Bearer …` with the operator token (`--admin-token`): the operator, an
 *   administrator of everything (compared in constant time);
 * - `Authorization: Bearer atl_…`: the account of a live API token, with its grants;
 * - the session cookie: the account of a live session. A request that changes anything must then
 *   carry `X-CSRF-Token` equal to the session's token (403 otherwise); signing in is exempt.
 * Anything else, or a token or session that is unknown, expired or revoked, is the public.
 */
export function resolvePrincipal(store: Store, operatorToken: string | undefined): MiddlewareHandler<AppEnv> {
  const operator =
    operatorToken === undefined || operatorToken === '' ? undefined : secretDigest(operatorToken);
  return async (c, next) => {
    let principal: Principal = ANONYMOUS;
    const header = c.req.header('authorization');
    if (header !== undefined && header.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      if (operator !== undefined && sameSecret(secretDigest(token), operator)) principal = OPERATOR;
      else principal = (await apiTokenPrincipal(store.db, token)) ?? ANONYMOUS;
    } else {
      const sessionId = getCookie(c, SESSION_COOKIE);
      if (sessionId !== undefined && sessionId !== '') {
        const found = await sessionPrincipal(store.db, sessionId);
        if (found !== undefined) {
          const signingIn = c.req.method === 'POST' && c.req.path === '/api/session';
          if (!SAFE_METHODS.has(c.req.method) && !signingIn) {
            const sent = c.req.header(CSRF_HEADER) ?? '';
            if (!sameSecret(sent, csrfTokenOf(sessionId))) {
              throw new HTTPException(403, {
                message: `A request made with the session cookie must carry the ${CSRF_HEADER} header of the session.`,
              });
            }
          }
          principal = found;
          c.set('sessionId', sessionId);
        }
      }
    }
    c.set('principal', principal);
    await next();
  };
}
