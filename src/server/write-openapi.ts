// Writes docs/openapi.json from the routes (`npm run openapi`); a test fails when it drifts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../store/store.ts';
import { createApp, openApiDocument } from './app.ts';

const store = openStore(':memory:');
const document = openApiDocument(createApp({ store, version: 'x' }));
const target = join(import.meta.dirname, '..', '..', 'docs', 'openapi.json');
writeFileSync(target, JSON.stringify(document, null, 2) + '\n');
await store.close();
console.log(`wrote ${target}`);
