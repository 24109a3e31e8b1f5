import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { plainRoute } from './plain-routes.ts';
import { PUBLIC } from './policy.ts';
import { OPENAPI_INFO } from './openapi-info.ts';

const require = createRequire(import.meta.url);
const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'docs-init.js': 'text/javascript; charset=utf-8',
};

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Atalaya API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="api-docs"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/docs-init.js"></script>
</body>
</html>`;

const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#api-docs' });`;

/** The OpenAPI document and a docs page that reads it (Swagger UI, served locally: no CDN). */
export function registerDocsRoutes(app: OpenAPIHono<AppEnv>): void {
  plainRoute(app, PUBLIC, '/api/openapi.json', (c) => c.json(app.getOpenAPI31Document(OPENAPI_INFO)));
  plainRoute(app, PUBLIC, '/api/docs', (c) => c.html(DOCS_PAGE));
  plainRoute(app, PUBLIC, '/api/docs/assets/:file', async (c) => {
    const file = c.req.param('file') ?? '';
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined; // not `constructor` & co.
    if (type === undefined) return c.json({ error: { code: 'not_found', message: 'No such asset' } }, 404);
    const body = file === 'docs-init.js' ? DOCS_INIT : await readFile(join(swaggerDir, file), 'utf8');
    return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=3600' });
  });
}
