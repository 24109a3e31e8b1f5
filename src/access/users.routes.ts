/**
 * User administration over HTTP (administrators) and API tokens (each user their own; an
 * administrator anyone's). Passwords generated here are shown once, in the response.
 */
import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ForbiddenError, ValidationError } from '../kernel/errors.ts';
import { asJson, errorResponses, jsonContent } from '../server/api-schemas.ts';
import type { AppDeps, AppEnv } from '../server/app-env.ts';
import { guardedRoute } from '../server/guarded-route.ts';
import { requestAudit } from '../server/request-audit.ts';
import { ADMINISTRATORS, SIGNED_IN } from '../server/policy.ts';
import {
  createAccount,
  getAccount,
  listAccounts,
  setDisabled,
  setGrants,
  setPassword,
  updateAccount,
} from './accounts.store.ts';
import {
  createApiToken,
  DEFAULT_TOKEN_DAYS,
  getApiToken,
  listApiTokens,
  MAX_TOKEN_DAYS,
  revokeApiToken,
} from './api-tokens.store.ts';
import { appendAudit } from './audit-log.store.ts';
import { generatePassword, MAX_PASSWORD_LENGTH } from './password.ts';
import { isAdministrator, type Principal } from './principal.ts';
import { ROLES } from './roles.ts';

export const GrantSchema = z
  .object({
    role: z.enum(ROLES),
    scope: z
      .string()
      .nullable()
      .openapi({ description: 'an org unit code (it and its subunits), or null for every member state' }),
  })
  .openapi('Grant');

export const UserSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    language: z.enum(['en', 'es', 'pt', 'fr']),
    disabled: z.boolean(),
    lockedUntil: z.string().nullable(),
    createdAt: z.string(),
    grants: z.array(GrantSchema),
  })
  .openapi('User');

const ApiTokenSchema = z
  .object({
    id: z.number().int(),
    userId: z.number().int(),
    name: z.string(),
    readOnly: z.boolean(),
    createdAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiToken');

const IdParam = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
});

const PasswordField = z.string().max(MAX_PASSWORD_LENGTH).optional().openapi({
  description: 'at least 12 characters; leave it out to have one generated and shown once',
});

const refusals = { 400: errorResponses[400], 401: errorResponses[401], 403: errorResponses[403] };

const routes = {
  list: guardedRoute(ADMINISTRATORS, {
    method: 'get',
    path: '/api/users',
    tags: ['access'],
    summary: 'Every user with their grants',
    responses: { 200: jsonContent(z.object({ users: z.array(UserSchema) }), 'Users'), ...refusals },
  }),
  create: guardedRoute(ADMINISTRATORS, {
    method: 'post',
    path: '/api/users',
    tags: ['access'],
    summary: 'Creates a user with a password set by the administrator, or a generated one shown once',
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({
              email: z.string(),
              name: z.string().max(200).optional(),
              language: z.enum(['en', 'es', 'pt', 'fr']).optional(),
              password: PasswordField,
              grants: z.array(GrantSchema).default([]),
            }),
          },
        },
      },
    },
    responses: {
      201: jsonContent(
        z.object({
          user: UserSchema,
          generatedPassword: z.string().optional().openapi({ description: 'shown this once only' }),
        }),
        'Created',
      ),
      409: { description: 'The email is taken', content: errorResponses[400].content },
      ...refusals,
    },
  }),
  update: guardedRoute(ADMINISTRATORS, {
    method: 'patch',
    path: '/api/users/{id}',
    tags: ['access'],
    summary:
      'Changes a user: name, language, or disabled (disabling ends their sessions and stops their tokens)',
    request: {
      params: IdParam,
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({
              name: z.string().max(200).optional(),
              language: z.enum(['en', 'es', 'pt', 'fr']).optional(),
              disabled: z.boolean().optional(),
            }),
          },
        },
      },
    },
    responses: { 200: jsonContent(UserSchema, 'The user'), 404: errorResponses[404], ...refusals },
  }),
  grants: guardedRoute(ADMINISTRATORS, {
    method: 'put',
    path: '/api/users/{id}/grants',
    tags: ['access'],
    summary: "Replaces a user's grants (analyst and administrator grants have no scope)",
    request: {
      params: IdParam,
      body: {
        required: true,
        content: { 'application/json': { schema: z.object({ grants: z.array(GrantSchema) }) } },
      },
    },
    responses: { 200: jsonContent(UserSchema, 'The user'), 404: errorResponses[404], ...refusals },
  }),
  password: guardedRoute(ADMINISTRATORS, {
    method: 'post',
    path: '/api/users/{id}/password',
    tags: ['access'],
    summary: "Resets a user's password (set, or generated and shown once); their sessions end",
    request: {
      params: IdParam,
      body: {
        required: true,
        content: { 'application/json': { schema: z.object({ password: PasswordField }) } },
      },
    },
    responses: {
      200: jsonContent(
        z.object({
          generatedPassword: z.string().optional().openapi({ description: 'shown this once only' }),
        }),
        'Reset',
      ),
      404: errorResponses[404],
      ...refusals,
    },
  }),
  tokens: guardedRoute(SIGNED_IN, {
    method: 'get',
    path: '/api/tokens',
    tags: ['access'],
    summary: "The caller's API tokens (an administrator may name another user); never the secrets",
    request: { query: z.object({ userId: z.coerce.number().int().positive().optional() }) },
    responses: { 200: jsonContent(z.object({ tokens: z.array(ApiTokenSchema) }), 'Tokens'), ...refusals },
  }),
  createToken: guardedRoute(SIGNED_IN, {
    method: 'post',
    path: '/api/tokens',
    tags: ['access'],
    summary:
      'Creates an API token, shown once. It acts with its user’s grants (read-only if asked) until it expires',
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.object({
              name: z.string().min(1).max(100),
              expiresDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).default(DEFAULT_TOKEN_DAYS),
              readOnly: z.boolean().default(false),
              userId: z
                .number()
                .int()
                .positive()
                .optional()
                .openapi({ description: 'another user (administrators only)' }),
            }),
          },
        },
      },
    },
    responses: {
      201: jsonContent(
        ApiTokenSchema.extend({ token: z.string().openapi({ description: 'shown this once only' }) }),
        'Created',
      ),
      ...refusals,
    },
  }),
  revokeToken: guardedRoute(SIGNED_IN, {
    method: 'delete',
    path: '/api/tokens/{id}',
    tags: ['access'],
    summary: 'Revokes an API token (one’s own; an administrator any)',
    request: { params: IdParam },
    responses: { 200: jsonContent(ApiTokenSchema, 'Revoked'), 404: errorResponses[404], ...refusals },
  }),
};

/** The account whose tokens the caller manages: their own, or (administrators) the one named. */
function tokenOwner(principal: Principal, userId: number | undefined): number {
  if (principal.kind === 'anonymous') throw new ForbiddenError();
  if (userId !== undefined && userId !== principal.userId) {
    if (!isAdministrator(principal))
      throw new ForbiddenError('Only administrators manage the tokens of others.');
    return userId;
  }
  if (principal.userId === null) {
    throw new ValidationError('The operator token has no account: name the user (userId).');
  }
  return principal.userId;
}

export function registerUserRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const db = deps.store.db;
  // Account changes are recorded right after they commit (the accounts store runs its own
  // transactions); a crash between the two would lose the entry, never invent one.
  const audit = (c: Context<AppEnv>, action: string, target: string, detail?: Record<string, unknown>) =>
    appendAudit(deps.store, {
      ...requestAudit(c),
      action,
      target,
      ...(detail === undefined ? {} : { detail }),
    });

  app.openapi(routes.list, async (c) => c.json(asJson({ users: await listAccounts(db) }), 200));

  app.openapi(routes.create, async (c) => {
    const body = c.req.valid('json');
    const generated = body.password === undefined ? generatePassword() : undefined;
    const user = await createAccount(db, {
      email: body.email,
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.language === undefined ? {} : { language: body.language }),
      password: body.password ?? generated!,
      grants: body.grants,
    });
    await audit(c, 'user.add', `user:${user.email}`, { grants: user.grants });
    return c.json(
      asJson({ user, ...(generated === undefined ? {} : { generatedPassword: generated }) }),
      201,
    );
  });

  app.openapi(routes.update, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    await updateAccount(db, id, {
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.language === undefined ? {} : { language: body.language }),
    });
    const user =
      body.disabled === undefined ? await getAccount(db, id) : await setDisabled(db, id, body.disabled);
    const action =
      body.disabled === undefined ? 'user.update' : body.disabled ? 'user.disable' : 'user.enable';
    await audit(c, action, `user:${user.email}`, {
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.language === undefined ? {} : { language: body.language }),
    });
    return c.json(asJson(user), 200);
  });

  app.openapi(routes.grants, async (c) => {
    const { id } = c.req.valid('param');
    const user = await setGrants(db, id, c.req.valid('json').grants);
    await audit(c, 'user.grants', `user:${user.email}`, { grants: user.grants });
    return c.json(asJson(user), 200);
  });

  app.openapi(routes.password, async (c) => {
    const { id } = c.req.valid('param');
    const asked = c.req.valid('json').password;
    const generated = asked === undefined ? generatePassword() : undefined;
    await setPassword(db, id, asked ?? generated!);
    await audit(c, 'user.reset_password', `user:${(await getAccount(db, id)).email}`);
    return c.json(generated === undefined ? {} : { generatedPassword: generated }, 200);
  });

  app.openapi(routes.tokens, async (c) => {
    const owner = tokenOwner(c.get('principal'), c.req.valid('query').userId);
    return c.json({ tokens: await listApiTokens(db, owner) }, 200);
  });

  app.openapi(routes.createToken, async (c) => {
    const body = c.req.valid('json');
    const owner = tokenOwner(c.get('principal'), body.userId);
    const token = await createApiToken(db, owner, {
      name: body.name,
      expiresDays: body.expiresDays,
      readOnly: body.readOnly,
    });
    await audit(c, 'token.create', `user:${(await getAccount(db, owner)).email}`, {
      token: token.name,
      readOnly: token.readOnly,
      expiresAt: token.expiresAt,
    });
    return c.json(token, 201);
  });

  app.openapi(routes.revokeToken, async (c) => {
    const { id } = c.req.valid('param');
    const token = await getApiToken(db, id);
    tokenOwner(c.get('principal'), token.userId);
    const revoked = await revokeApiToken(db, id);
    await audit(c, 'token.revoke', `user:${(await getAccount(db, token.userId)).email}`, {
      token: token.name,
    });
    return c.json(revoked, 200);
  });
}
