import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareStore } from '../setup/store-setup.ts';
import { openStore, type Store } from '../store/store.ts';
import { createApp } from './app.ts';
import { createLogger } from './pino-logger.ts';

const TOKEN = 'secret-admin-token-8c1f2e';
const PASSWORD = 'hunter2-correct-horse';

describe('structured logs', () => {
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let output = '';
  const lines = (): Record<string, unknown>[] =>
    output
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    store = openStore(':memory:');
    await prepareStore(store);
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        output += chunk.toString();
        done();
      },
    });
    app = createApp({
      store,
      version: 'test',
      adminToken: TOKEN,
      logger: createLogger({ level: 'info', destination }),
    });
    // A handler that fails the way a library does: the error carries what it was given.
    app.post('/api/test/fail', async (c) => {
      const body: unknown = await c.req.json();
      throw Object.assign(new Error('kaboom in the handler'), { details: body });
    });
  });
  afterAll(async () => store.close());

  it('writes one JSON line per request, without the query string, with who called', async () => {
    output = '';
    const res = await app.request('/api/health?token=query-secret-123', {
      headers: { authorization: `Bearer ${TOKEN}`, 'x-request-id': 'abc-123' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const logged = lines();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: 30,
      msg: 'request',
      requestId: 'abc-123',
      method: 'GET',
      path: '/api/health',
      status: 200,
      user: 'operator',
    });
    expect(typeof logged[0]!['durationMs']).toBe('number');
    expect(typeof logged[0]!['time']).toBe('string');
    expect(output).not.toContain('query-secret-123');
    expect(output).not.toContain(TOKEN);

    output = '';
    await app.request('/api/health');
    expect(lines()[0]).not.toHaveProperty('user');
    expect(typeof lines()[0]!['requestId']).toBe('string');
  });

  it('logs a 500 with its stack and censored headers and body, and tells the client nothing more', async () => {
    output = '';
    const res = await app.request('/api/test/fail', {
      method: 'POST',
      body: JSON.stringify({ user: 'ana', password: PASSWORD }),
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${TOKEN}`,
        cookie: 'atalaya_session=cookie-secret-456',
        'x-csrf-token': 'csrf-secret-789',
      },
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal', message: 'Something went wrong on the server; it has been logged.' },
    });
    expect(text).not.toContain('kaboom');
    expect(text).not.toMatch(/at .*\.ts:\d+/);

    for (const secret of [TOKEN, PASSWORD, 'cookie-secret-456', 'csrf-secret-789']) {
      expect(output).not.toContain(secret);
    }
    const [error, request] = lines();
    expect(error).toMatchObject({
      level: 50,
      msg: 'unexpected error',
      method: 'POST',
      path: '/api/test/fail',
      requestId: res.headers.get('x-request-id'),
      headers: {
        authorization: '[redacted]',
        cookie: '[redacted]',
        'x-csrf-token': '[redacted]',
        'content-type': 'application/json',
      },
      err: { message: 'kaboom in the handler', details: { user: 'ana', password: '[redacted]' } },
    });
    expect((error!['err'] as { stack: string }).stack).toMatch(/kaboom in the handler\n\s+at /);
    expect(request).toMatchObject({ level: 50, msg: 'request failed', status: 500 });
  });
});
