import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  BusyError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../kernel/errors.ts';
import { isBusyError } from '../store/store.ts';
import type { AppLogger } from './app-logger.ts';

/**
 * Maps an error to a JSON response; never sends a stack trace or an internal message. An
 * unexpected error goes to the log with its stack, the request id and the request's headers
 * (secrets censored by the logger).
 */
export function errorResponse(error: unknown, c: Context, logger: AppLogger): Response {
  const body = (
    status: ContentfulStatusCode,
    code: string,
    message: string,
    issues?: unknown,
    details?: Readonly<Record<string, unknown>>,
  ) => c.json({ error: { code, message, ...(issues === undefined ? {} : { issues }), ...details } }, status);
  if (error instanceof ValidationError) {
    return body(400, error.code, error.message.split('\n')[0] ?? error.message, error.issues);
  }
  if (error instanceof NotFoundError) return body(404, error.code, error.message);
  if (error instanceof ConflictError) {
    const headline = error.message.split('\n')[0] ?? error.message;
    return body(
      409,
      error.code,
      headline,
      error.issues.length === 0 ? undefined : error.issues,
      error.details,
    );
  }
  if (error instanceof ForbiddenError) {
    const headline = error.message.split('\n')[0] ?? error.message;
    return body(403, error.code, headline, error.issues.length === 0 ? undefined : error.issues);
  }
  if (error instanceof BusyError || isBusyError(error)) {
    c.header('retry-after', '5');
    return body(
      503,
      'busy',
      error instanceof BusyError
        ? error.message
        : 'The store is busy with another write (an import); try again shortly.',
    );
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code =
      status === 401
        ? 'unauthenticated'
        : status === 403
          ? 'forbidden'
          : status === 413
            ? 'too_large'
            : status === 414
              ? 'too_long'
              : 'http';
    return body(status, code, error.message || 'Request refused');
  }
  logger.error(
    {
      err: error,
      requestId: c.get('requestId') as unknown,
      method: c.req.method,
      path: c.req.path,
      headers: c.req.header(),
    },
    'unexpected error',
  );
  return body(500, 'internal', 'Something went wrong on the server; it has been logged.');
}
