import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';

const MIB = 1024 * 1024;

/** The largest JSON (or any other non-upload) request body. */
export const MAX_JSON_BYTES = 1 * MIB;
/** The largest upload: a canonical CSV file for import (`text/csv`). */
export const MAX_UPLOAD_BYTES = 64 * MIB;
/** The longest URL accepted (path and query). */
export const MAX_URL_LENGTH = 8 * 1024;

/** Node's HTTP server settings for `atalaya serve` (`http.createServer` options). */
export interface ServerLimits {
  /** time to receive a request's headers */
  readonly headersTimeout: number;
  /** time to receive a whole request, body included (a 64 MiB import at 0.6 MB/s) */
  readonly requestTimeout: number;
  /** how long an idle keep-alive connection stays open */
  readonly keepAliveTimeout: number;
  /** request line and headers together */
  readonly maxHeaderSize: number;
  /** how often Node checks the two timeouts above */
  readonly connectionsCheckingInterval: number;
}

export const SERVER_LIMITS: ServerLimits = {
  headersTimeout: 20_000,
  requestTimeout: 120_000,
  keepAliveTimeout: 5_000,
  maxHeaderSize: 16 * 1024,
  connectionsCheckingInterval: 5_000,
};

const tooLarge = (limit: string, what: string) => (): never => {
  throw new HTTPException(413, {
    message: `The request body is larger than ${limit}, the limit for ${what}.`,
  });
};

const isUpload = (contentType: string | undefined): boolean =>
  contentType !== undefined && /^(text\/csv|multipart\/form-data)\b/i.test(contentType.trim());

/**
 * Refuses URLs longer than 8 KiB (414) and bodies over their limit (413 `too_large`): uploads (CSV,
 * multipart forms) up to 64 MiB, everything else (JSON) up to 1 MiB. A body with a Content-Length over the limit is
 * refused before it is read.
 */
export function requestLimits(): MiddlewareHandler {
  const upload = bodyLimit({ maxSize: MAX_UPLOAD_BYTES, onError: tooLarge('64 MiB', 'a CSV upload') });
  const json = bodyLimit({ maxSize: MAX_JSON_BYTES, onError: tooLarge('1 MiB', 'JSON and other bodies') });
  return async (c, next) => {
    if (c.req.url.length > MAX_URL_LENGTH) {
      throw new HTTPException(414, { message: `The URL is longer than ${MAX_URL_LENGTH} characters.` });
    }
    return isUpload(c.req.header('content-type')) ? upload(c, next) : json(c, next);
  };
}
