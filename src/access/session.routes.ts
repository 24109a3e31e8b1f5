/**
 * Sessions over HTTP: sign in (a cookie and a CSRF token), who am I, sign out, sign out everywhere.
 * Sign-in is limited per client address (a sliding window in memory: 429 with Retry-After) and
 * per account (a lock after repeated wrong passwords, in the store).
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';
import { asJson, errorResponses, jsonContent } from '../server/api-schemas.ts';
import type { AppDeps, AppEnv } from '../server/app-env.ts';
import { actorOf, requestAudit } from '../server/request-audit.ts';
import { guardedRoute } from '../server/guarded-route.ts';
import { PUBLIC, SIGNED_IN } from '../server/policy.ts';
import { getAccount } from './accounts.store.ts';
import { appendAudit } from './audit-log.store.ts';
import { SlidingWindowLimiter } from './login-throttle.ts';
import { MAX_PASSWORD_LENGTH } from './password.ts';
import { csrfTokenOf } from './secret-token.ts';
import { SESSION_COOKIE, sessionCookieOptions } from './session-cookie.ts';
import { endAllSessions, endSession, SESSION_HOURS } from './sessions.store.ts';
import { signIn } from './sign-in.store.ts';
import { GrantSchema, UserSchema } from './users.routes.ts';

/** Sign-in attempts allowed per client address and minute, unless the app is given others. */
export const DEFAULT_SIGN_IN_LIMIT = { attempts: 20, windowMs: 60_000 } as const;

const SessionSchema = z
  .object({
    user: UserSchema.nullable().openapi({ description: 'null for the public' }),
    grants: z.array(GrantSchema),
    credential: z.enum(['session', 'api_token', 'operator_token']).nullable(),
    csrfToken: z
      .string()
      .nullable()
      .openapi({ description: 'send it as X-CSRF-Token with every request that changes anything' }),
    expiresAt: z.string().nullable(),
  })
  .openapi('Session');

const routes = {
  signIn: guardedRoute(PUBLIC, {
    method: 'post',
    path: '/api/session',
    tags: ['access'],
    summary: 'Signs in with an email and a password: sets an httpOnly, SameSite=Strict session cookie',
    description:
      'The same 401 answers an unknown email, a wrong password, a locked account (5 wrong passwords in a row lock it for ' +
      '15 minutes) and a disabled one. Too many attempts from one address answer 429 with Retry-After.',
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({ email: z.string().max(254), password: z.string().max(MAX_PASSWORD_LENGTH) }),
          },
        },
      },
    },
    responses: {
      200: jsonContent(SessionSchema, 'Signed in'),
      400: errorResponses[400],
      401: errorResponses[401],
      429: {
        description: 'Too many attempts; retry after Retry-After seconds',
        content: errorResponses[400].content,
      },
    },
  }),
  whoAmI: guardedRoute(PUBLIC, {
    method: 'get',
    path: '/api/session',
    tags: ['access'],
    summary:
      'Who is calling: the user and their grants (user null for the public), and the session’s CSRF token',
    responses: { 200: jsonContent(SessionSchema, 'The caller') },
  }),
  signOut: guardedRoute(PUBLIC, {
    method: 'delete',
    path: '/api/session',
    tags: ['access'],
    summary: 'Signs out: ends this session and clears the cookie',
    responses: { 204: { description: 'Signed out' }, 403: errorResponses[403] },
  }),
  signOutEverywhere: guardedRoute(SIGNED_IN, {
    method: 'post',
    path: '/api/session/sign-out-everywhere',
    tags: ['access'],
    summary: 'Ends every session of the caller’s account (API tokens stay valid: revoke them apart)',
    responses: {
      200: jsonContent(z.object({ ended: z.number().int() }), 'How many sessions ended'),
      401: errorResponses[401],
      403: errorResponses[403],
    },
  }),
};

export function registerSessionRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const db = deps.store.db;
  const limit = deps.signInLimit ?? DEFAULT_SIGN_IN_LIMIT;
  const limiter = new SlidingWindowLimiter({ limit: limit.attempts, windowMs: limit.windowMs });

  app.openapi(routes.signIn, async (c) => {
    const address = c.get('clientAddress');
    const attempt = limiter.attempt(address);
    if (!attempt.allowed) {
      c.header('retry-after', String(attempt.retryAfterSeconds));
      return c.json(
        {
          error: {
            code: 'too_many_attempts',
            message: `Too many sign-in attempts from your address; try again in ${attempt.retryAfterSeconds} s.`,
          },
        },
        429,
      );
    }
    const body = c.req.valid('json');
    const result = await signIn(db, body, { ip: address, userAgent: c.req.header('user-agent') ?? null });
    // who tried is recorded by the email given (never the password), whatever the outcome
    await appendAudit(deps.store, {
      actor: result.ok ? actorOf(result.principal) : 'anonymous',
      origin: address,
      action: result.ok ? 'session.sign_in' : 'session.sign_in_failed',
      target: `user:${body.email.trim().toLowerCase()}`,
    });
    if (!result.ok) throw new HTTPException(401, { message: 'Wrong email or password.' });
    setCookie(
      c,
      SESSION_COOKIE,
      result.session.id,
      sessionCookieOptions(c.get('https'), SESSION_HOURS * 3600),
    );
    const user = await getAccount(db, result.principal.userId!);
    return c.json(
      asJson({
        user,
        grants: user.grants,
        credential: 'session' as const,
        csrfToken: result.session.csrfToken,
        expiresAt: result.session.expiresAt,
      }),
      200,
    );
  });

  app.openapi(routes.whoAmI, async (c) => {
    const principal = c.get('principal');
    if (principal.kind === 'anonymous') {
      return c.json({ user: null, grants: [], credential: null, csrfToken: null, expiresAt: null }, 200);
    }
    const user = principal.userId === null ? null : await getAccount(db, principal.userId);
    const sessionId = c.get('sessionId');
    return c.json(
      asJson({
        user,
        grants: principal.grants,
        credential: principal.credential,
        csrfToken: sessionId === undefined ? null : csrfTokenOf(sessionId),
        expiresAt: null,
      }),
      200,
    );
  });

  app.openapi(routes.signOut, async (c) => {
    const sessionId = c.get('sessionId');
    if (sessionId !== undefined) {
      await endSession(db, sessionId);
      await appendAudit(deps.store, { ...requestAudit(c), action: 'session.sign_out', target: 'session' });
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  app.openapi(routes.signOutEverywhere, async (c) => {
    const principal = c.get('principal');
    const ended =
      principal.kind === 'user' && principal.userId !== null ? await endAllSessions(db, principal.userId) : 0;
    await appendAudit(deps.store, {
      ...requestAudit(c),
      action: 'session.sign_out_everywhere',
      target: 'sessions',
      detail: { ended },
    });
    if (c.get('sessionId') !== undefined) deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ended }, 200);
  });
}
