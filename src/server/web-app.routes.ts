/**
 * Serves the web app built by Vite (`web/dist`): index.html on each of the app's paths (the app
 * routes in the browser), and the hashed assets with a year-long cache (their names change with
 * their content). Files are read once, kept in memory with a gzip copy, and only names that the
 * build wrote can be asked for (no path traversal). Without a build, `/` answers with the landing
 * page and the other app paths say how to build the app.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { plainRoute } from './plain-routes.ts';
import { PUBLIC } from './policy.ts';

/** The web app's paths: the same list as web/src/app-paths.ts (checked by a test). */
export const WEB_APP_PATHS = [
  '/',
  '/country/:code',
  '/country/:code/diagnosis',
  '/explore',
  '/embed/explore',
  '/indicators',
  '/indicators/:code',
  '/interventions',
  '/interventions/:code',
  '/evaluate',
  '/imports',
  '/quality',
  '/approval',
] as const;

/** Where `npm run build` writes the web app, beside the package. */
export function defaultWebAppFolder(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

interface StaticFile {
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly type: string;
}

/** The files of a build, read on first use: `assets/…`, `atlas/…`, `index.html`. */
export class WebAppFiles {
  private files: Promise<Map<string, StaticFile>> | undefined;
  private stamp: number | undefined;

  constructor(readonly folder: string) {}

  get built(): boolean {
    return existsSync(join(this.folder, 'index.html'));
  }

  /** A new build (index.html changed) is picked up without a restart. */
  async get(name: string): Promise<StaticFile | undefined> {
    const stamp = statSync(join(this.folder, 'index.html'), { throwIfNoEntry: false })?.mtimeMs;
    if (stamp !== this.stamp) {
      this.stamp = stamp;
      this.files = undefined;
    }
    this.files ??= this.readAll().catch((error: unknown) => {
      this.files = undefined;
      throw error;
    });
    return (await this.files).get(name);
  }

  private async readAll(): Promise<Map<string, StaticFile>> {
    const files = new Map<string, StaticFile>();
    const add = async (name: string): Promise<void> => {
      const body = await readFile(join(this.folder, name));
      const type = TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
      files.set(name, { body, gzip: gzipSync(body, { level: 9 }), type });
    };
    await add('index.html');
    for (const folder of ['assets', 'atlas']) {
      if (!existsSync(join(this.folder, folder))) continue;
      for (const entry of await readdir(join(this.folder, folder), { withFileTypes: true })) {
        if (entry.isFile()) await add(`${folder}/${entry.name}`);
      }
    }
    return files;
  }
}

function send(c: Context<AppEnv>, file: StaticFile, cacheControl: string): Response {
  const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  const headers: Record<string, string> = {
    'content-type': file.type,
    'cache-control': cacheControl,
    vary: 'accept-encoding',
  };
  if (gzip) headers['content-encoding'] = 'gzip';
  return c.body(new Uint8Array(gzip ? file.gzip : file.body), 200, headers);
}

const NOT_BUILT = {
  error: {
    code: 'not_found',
    message: 'The web app is not built here: run `npm run build` (npm start does it).',
  },
};

/**
 * `landing` answers `/` when there is no build. Every path is public: the app shows published
 * data to the public and asks the API for more only with the caller's own credentials.
 */
export function registerWebAppRoutes(
  app: OpenAPIHono<AppEnv>,
  files: WebAppFiles | undefined,
  landing: (c: Context<AppEnv>) => Response | Promise<Response>,
): void {
  const page = async (c: Context<AppEnv>): Promise<Response> => {
    const index = files?.built === true ? await files.get('index.html') : undefined;
    if (index === undefined) return c.req.path === '/' ? landing(c) : c.json(NOT_BUILT, 404);
    return send(c, index, 'no-cache');
  };
  for (const path of WEB_APP_PATHS) plainRoute(app, PUBLIC, path, page);
  for (const folder of ['assets', 'atlas']) {
    plainRoute(app, PUBLIC, `/${folder}/:file`, async (c) => {
      const name = `${folder}/${c.req.param('file') ?? ''}`;
      const file = files?.built === true ? await files.get(name) : undefined;
      if (file === undefined) return c.json({ error: { code: 'not_found', message: 'No such file' } }, 404);
      // Vite puts a content hash in asset names; the atlas keeps its name, so it is revalidated daily.
      return send(
        c,
        file,
        folder === 'assets' ? 'public, max-age=31536000, immutable' : 'public, max-age=86400',
      );
    });
  }
}
