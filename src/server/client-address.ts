import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * Facts about the connection a request came over. Behind a load balancer they come from its
 * `X-Forwarded-*` headers, trusted only when the server was told it sits behind one
 * (`serve --trust-proxy`): otherwise any client could claim to be anyone, or to use HTTPS.
 * One proxy hop is trusted: the last address it appended, the protocol it set.
 */
const lastListed = (header: string | undefined): string | undefined => {
  const last = header?.split(',').pop()?.trim();
  return last === undefined || last === '' ? undefined : last;
};

/** The client's address (the proxy's view of it when trusted); undefined in in-process tests. */
export function clientAddress(c: Context, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = lastListed(c.req.header('x-forwarded-for'));
    if (forwarded !== undefined) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

/** Whether the request came over HTTPS: to this server directly, or to a trusted proxy. */
export function requestIsHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && lastListed(c.req.header('x-forwarded-proto'))?.toLowerCase() === 'https';
}

/** Records the client's address and whether it used HTTPS, once, for every handler to read. */
export function connectionFacts(trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('clientAddress', clientAddress(c, trustProxy) ?? 'unknown');
    c.set('https', requestIsHttps(c, trustProxy));
    await next();
  };
}
