import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address of the client's connection ('unknown' when there is none, as in `app.request` tests).
 * Forwarded headers are not trusted: a proxy in front of Atalaya is the hardening work's concern.
 */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
