/** The names and settings of the session cookie and the CSRF header (HTTP-free, shared by routes and pages). */
export const SESSION_COOKIE = 'atalaya_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The cookie's attributes: not readable by scripts, never sent by another site's request, and
 * `Secure` when the server is reached over HTTPS (a plain-HTTP development server could not set it).
 */
export function sessionCookieOptions(https: boolean, maxAgeSeconds: number) {
  return {
    httpOnly: true,
    sameSite: 'Strict',
    secure: https,
    path: '/',
    maxAge: maxAgeSeconds,
  } as const;
}
