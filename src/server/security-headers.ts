import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;
import { requestIsHttps } from './client-address.ts';

/** Pages under this prefix may be framed by any site (charts embedded in other sites). */
export const EMBED_PREFIX = '/embed/';

/** Sent only over HTTPS: a browser that saw it over plain HTTP from a spoofer would ignore it anyway. */
export const HSTS = 'max-age=31536000; includeSubDomains';

const CSP = {
  defaultSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  styleSrc: ["'self'", "'unsafe-inline'"],
};

const COMMON: SecureHeadersOptions = {
  strictTransportSecurity: false,
  referrerPolicy: 'strict-origin-when-cross-origin',
  crossOriginOpenerPolicy: 'same-origin',
  // Nothing here uses these; a framed or injected page cannot ask for them either.
  permissionsPolicy: { camera: false, microphone: false, geolocation: false, payment: false, usb: false },
};

const sitePages = secureHeaders({
  ...COMMON,
  contentSecurityPolicy: { ...CSP, frameAncestors: ["'self'"] },
  xFrameOptions: 'SAMEORIGIN',
});

const embeddable = secureHeaders({
  ...COMMON,
  contentSecurityPolicy: { ...CSP, frameAncestors: ['*'] },
  xFrameOptions: false,
  crossOriginResourcePolicy: 'cross-origin',
});

/**
 * Security headers on every response: the CSP, no framing by other sites (except under
 * `/embed/`), a strict referrer policy, COOP, a minimal Permissions-Policy, and HSTS when the
 * request came over HTTPS (directly, or through a proxy trusted with `serve --trust-proxy`).
 */
export function securityHeaders(options: { trustProxy: boolean }): MiddlewareHandler {
  return async (c, next) => {
    const headers = c.req.path.startsWith(EMBED_PREFIX) ? embeddable : sitePages;
    await headers(c, next);
    if (requestIsHttps(c, options.trustProxy)) c.res.headers.set('Strict-Transport-Security', HSTS);
  };
}
