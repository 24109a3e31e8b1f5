import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';
import type { AppLogger } from './app-logger.ts';
import { actorOf } from './request-audit.ts';

/**
 * One log line per request: method, path (never the query string, which may carry secrets),
 * status, duration, request id (also sent back as `X-Request-Id`), the caller's name when signed
 * in, and the client's address. Headers and bodies are not logged.
 */
export function requestLog(logger: AppLogger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const status = c.res.status;
    const principal = c.get('principal') as AppEnv['Variables']['principal'] | undefined;
    const client = c.get('clientAddress') as string | undefined;
    const fields = {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(client === undefined ? {} : { client }),
      ...(principal?.kind === 'user' ? { user: actorOf(principal) } : {}),
    };
    if (status >= 500) logger.error(fields, 'request failed');
    else logger.info(fields, 'request');
  };
}
