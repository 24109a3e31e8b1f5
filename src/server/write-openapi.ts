// Writes docs/openapi.json from the routes, and the web app's API types from it (`npm run openapi`);
// a test fails when either drifts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../store/store.ts';
import { createApp, openApiDocument } from './app.ts';
import { WEB_API_TYPES_PATH, webApiTypes } from './web-api-types.ts';

const store = openStore(':memory:');
const document = openApiDocument(createApp({ store, version: 'x' }));
const root = join(import.meta.dirname, '..', '..');
const target = join(root, 'docs', 'openapi.json');
writeFileSync(target, JSON.stringify(document, null, 2) + '\n');
const types = join(root, ...WEB_API_TYPES_PATH);
writeFileSync(types, await webApiTypes(JSON.parse(JSON.stringify(document)) as object));
await store.close();
console.log(`wrote ${target} and ${types}`);
