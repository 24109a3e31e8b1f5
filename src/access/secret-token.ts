/**
 * Random secrets and what the store keeps of them. Session ids and API tokens are 32 random bytes;
 * the store keeps only their SHA-256, so a copy of the database lets nobody sign in. The CSRF token
 * of a session is derived from its secret id with HMAC, so it is bound to the session and needs
 * no storage.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The prefix of API tokens, so that a leaked one is recognisable (secret scanners). */
export const API_TOKEN_PREFIX = 'atl_';

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function newApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** The SHA-256 of a secret, hex: what the store keeps. */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The CSRF token of a session: HMAC-SHA-256 of a fixed label keyed by the secret session id. */
export function csrfTokenOf(sessionId: string): string {
  return createHmac('sha256', sessionId).update('atalaya csrf').digest('base64url');
}

/** Compares two secrets in constant time (for their length). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
