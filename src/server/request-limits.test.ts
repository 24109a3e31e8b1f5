import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareStore } from '../setup/store-setup.ts';
import { openStore, type Store } from '../store/store.ts';
import { createApp } from './app.ts';
import { MAX_JSON_BYTES, MAX_UPLOAD_BYTES, MAX_URL_LENGTH, SERVER_LIMITS } from './request-limits.ts';

const TOKEN = 'limits-admin-token-0123456789';
const admin = { authorization: `Bearer ${TOKEN}` };
const HEADER = 'element,org_unit,period,disaggregation,source,value';

/** Sends raw bytes on a new connection; resolves with all the server answered before closing. */
async function raw(port: number, text: string, waitMs: number): Promise<{ answer: string; closed: boolean }> {
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  let closed = false;
  socket.on('data', (d: Buffer) => (answer += d.toString()));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  socket.write(text);
  const deadline = Date.now() + waitMs;
  while (!closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  socket.destroy();
  return { answer, closed };
}

describe('request limits', () => {
  let store: Store;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    store = openStore(':memory:');
    await prepareStore(store);
    app = createApp({ store, version: 'test', adminToken: TOKEN });
  });
  afterAll(async () => store.close());

  const tooLarge = async (res: Response, limit: string) => {
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('too_large');
    expect(body.error.message).toContain(limit);
  };

  it('refuses a JSON body over 1 MiB with 413 too_large, and takes one just under', async () => {
    const padded = (bytes: number) => {
      const base = JSON.stringify({ orgUnit: 'HND', to: 'submitted', note: '' });
      return JSON.stringify({ orgUnit: 'HND', to: 'submitted', note: 'x'.repeat(bytes - base.length) });
    };
    const post = (body: string) =>
      app.request('/api/data-values/status', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...admin },
      });
    expect(padded(MAX_JSON_BYTES + 1).length).toBe(MAX_JSON_BYTES + 1);
    await tooLarge(await post(padded(MAX_JSON_BYTES + 1)), '1 MiB');
    expect((await post(padded(MAX_JSON_BYTES))).status).toBe(200);
    // declared too large: refused before reading
    const declared = await app.request('/api/data-values/status', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json', 'content-length': String(2 * MAX_JSON_BYTES), ...admin },
    });
    await tooLarge(declared, '1 MiB');
  });

  it('takes CSV imports over 1 MiB, up to 64 MiB', async () => {
    // 2 MiB of rows naming an unknown element: read in full, then refused for what they say
    const row = 'no_such_element,HND,2012,,police,1\n';
    const body = HEADER + '\n' + row.repeat(Math.ceil((2 * 1024 * 1024) / row.length));
    const res = await app.request('/api/data-values/import', {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/csv', ...admin },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation');
    const declared = await app.request('/api/data-values/import', {
      method: 'POST',
      body: HEADER + '\n',
      headers: { 'content-type': 'text/csv', 'content-length': String(MAX_UPLOAD_BYTES + 1), ...admin },
    });
    await tooLarge(declared, '64 MiB');
  });

  it('refuses a URL over 8 KiB with 414', async () => {
    const res = await app.request(`/api/data-values?element=${'a'.repeat(MAX_URL_LENGTH)}`);
    expect(res.status).toBe(414);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_long');
    expect((await app.request(`/api/data-values?element=${'a'.repeat(1000)}`)).status).toBe(200);
  });

  it('closes connections that send headers too slowly, and refuses headers over 16 KiB', async () => {
    const server = serve({
      fetch: app.fetch,
      port: 0,
      hostname: '127.0.0.1',
      serverOptions: {
        ...SERVER_LIMITS,
        headersTimeout: 300,
        requestTimeout: 300,
        connectionsCheckingInterval: 50,
      },
    });
    await once(server, 'listening');
    try {
      const port = (server.address() as AddressInfo).port;
      const slow = await raw(port, 'GET /api/health HTTP/1.1\r\nHost: x\r\n', 5000);
      expect(slow.closed).toBe(true);
      expect(slow.answer).toMatch(/^HTTP\/1\.1 408/);
      const big = await raw(
        port,
        `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(SERVER_LIMITS.maxHeaderSize + 1)}\r\n\r\n`,
        5000,
      );
      expect(big.answer).toMatch(/^HTTP\/1\.1 431/);
      const fine = await raw(port, 'GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 5000);
      expect(fine.answer).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      server.close();
    }
  });
});
