import { OpenAPIHono, z } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/store.ts';
import type { AppEnv } from './app-env.ts';
import { createApp, openApiDocument } from './app.ts';
import { guardedRoute } from './guarded-route.ts';
import { OPENAPI_INFO } from './openapi-info.ts';
import { PUBLIC } from './policy.ts';

type Schema = Record<string, unknown>;
type Document = ReturnType<typeof openApiDocument>;

const KEYS_THAT_DECLARE = ['type', '$ref', 'enum', 'const', 'anyOf', 'oneOf', 'allOf'];

/**
 * Where the requests an operation accepts are not described: a parameter or a body without a
 * schema, or a schema (at any depth) that says nothing (`{}`, what `z.any()`/`z.unknown()` give).
 */
function undeclaredInputs(doc: Document): string[] {
  const problems: string[] = [];
  const components = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  const check = (schema: unknown, where: string, seen: Set<string>): void => {
    if (typeof schema !== 'object' || schema === null) {
      problems.push(`${where}: no schema`);
      return;
    }
    const s = schema as Schema;
    if (!KEYS_THAT_DECLARE.some((key) => key in s)) problems.push(`${where}: schema declares nothing`);
    if (typeof s['$ref'] === 'string') {
      const name = s['$ref'].replace('#/components/schemas/', '');
      if (!seen.has(name)) check(components[name], `${where} → ${name}`, new Set([...seen, name]));
    }
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      const list = s[key];
      if (Array.isArray(list)) list.forEach((sub, i) => check(sub, `${where}.${key}[${i}]`, seen));
    }
    if (s['type'] === 'object' || 'properties' in s) {
      for (const [name, sub] of Object.entries((s['properties'] ?? {}) as Record<string, unknown>)) {
        check(sub, `${where}.${name}`, seen);
      }
      if (typeof s['additionalProperties'] === 'object') {
        check(s['additionalProperties'], `${where}.*`, seen);
      }
    }
    if (s['type'] === 'array') check(s['items'], `${where}[]`, seen);
  };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item as Record<string, Schema>)) {
      const name = `${method.toUpperCase()} ${path}`;
      for (const parameter of (op['parameters'] ?? []) as Schema[]) {
        check(
          parameter['schema'],
          `${name} ${String(parameter['in'])} ${String(parameter['name'])}`,
          new Set(),
        );
      }
      const body = op['requestBody'] as { content?: Record<string, Schema> } | undefined;
      if (body !== undefined) {
        const content = Object.entries(body.content ?? {});
        if (content.length === 0) problems.push(`${name} body: no content type`);
        for (const [type, media] of content) check(media['schema'], `${name} body ${type}`, new Set());
      }
    }
  }
  return problems;
}

describe('OpenAPI inputs', () => {
  let store: Store;
  beforeAll(() => {
    store = openStore(':memory:');
  });
  afterAll(async () => store.close());

  it('declares a schema for every parameter and body of every operation', () => {
    const doc = openApiDocument(createApp({ store, version: 'test' }));
    const withInputs = Object.values(doc.paths ?? {})
      .flatMap((item) => Object.values(item as Record<string, Schema>))
      .filter((op) => op['parameters'] !== undefined || op['requestBody'] !== undefined);
    expect(withInputs.length).toBeGreaterThanOrEqual(10);
    expect(undeclaredInputs(doc)).toEqual([]);
  });

  it('catches an operation that takes anything', () => {
    const app = new OpenAPIHono<AppEnv>();
    const loose = guardedRoute(PUBLIC, {
      method: 'post',
      path: '/api/loose/{id}',
      request: {
        params: z.object({ id: z.string() }),
        query: z.object({ anything: z.unknown() }),
        body: {
          content: {
            'application/json': { schema: z.object({ ok: z.string(), payload: z.any() }) },
            'text/plain': { schema: z.any() },
          },
        },
      },
      responses: { 200: { description: 'ok' } },
    });
    app.openapi(loose, (c) => c.json({}, 200));
    expect(undeclaredInputs(app.getOpenAPI31Document(OPENAPI_INFO))).toEqual([
      'POST /api/loose/{id} query anything: schema declares nothing',
      'POST /api/loose/{id} body application/json.payload: schema declares nothing',
      'POST /api/loose/{id} body text/plain: schema declares nothing',
    ]);
  });
});
