import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_PATHS } from '../../web/src/app-paths.ts';
import { prepareStore } from '../setup/store-setup.ts';
import { openStore, type Store } from '../store/store.ts';
import { createApp } from './app.ts';
import { WEB_APP_PATHS, WebAppFiles } from './web-app.routes.ts';

describe('the web app, served', () => {
  let folder: string;
  let store: Store;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'atalaya-web-'));
    mkdirSync(join(folder, 'assets'));
    mkdirSync(join(folder, 'atlas'));
    writeFileSync(join(folder, 'index.html'), '<!doctype html><title>app one</title>');
    writeFileSync(join(folder, 'assets', 'index-abc123.js'), 'console.log("app");'.repeat(50));
    writeFileSync(join(folder, 'atlas', 'americas-50m.json'), '{"type":"Topology"}');
    writeFileSync(join(folder, 'secret.txt'), 'not served');
    store = openStore(':memory:');
    await prepareStore(store);
  });
  afterAll(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('answers every app path with index.html, not cached, and the assets for a year', async () => {
    const app = createApp({ store, version: 'test', webApp: new WebAppFiles(folder) });
    for (const path of [
      '/',
      '/country/MEX',
      '/explore?indicator=x',
      '/embed/explore',
      '/indicators',
      '/indicators/x',
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('app one');
    }
    const asset = await app.request('/assets/index-abc123.js', {
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await asset.arrayBuffer())).toString()).toContain('console.log');
    const atlas = await app.request('/atlas/americas-50m.json');
    expect(atlas.headers.get('content-encoding')).toBeNull();
    expect(await atlas.json()).toEqual({ type: 'Topology' });
  });

  it('serves only what the build wrote: no other file, no path traversal', async () => {
    const app = createApp({ store, version: 'test', webApp: new WebAppFiles(folder) });
    for (const path of [
      '/assets/..%2Fsecret.txt',
      '/assets/secret.txt',
      '/atlas/..%2F..%2Fpackage.json',
      '/assets/constructor',
    ]) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });

  it('picks up a new build without a restart', async () => {
    const files = new WebAppFiles(folder);
    const app = createApp({ store, version: 'test', webApp: files });
    expect(await (await app.request('/')).text()).toContain('app one');
    writeFileSync(join(folder, 'index.html'), '<!doctype html><title>app two</title>');
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(folder, 'index.html'), later, later);
    expect(await (await app.request('/')).text()).toContain('app two');
  });

  it('falls back to the landing page at / when the app is not built, and says how to build it elsewhere', async () => {
    const app = createApp({ store, version: 'test', webApp: new WebAppFiles(join(folder, 'nothing')) });
    expect(await (await app.request('/')).text()).toContain('/api/docs');
    const explore = await app.request('/explore');
    expect(explore.status).toBe(404);
    expect(await explore.text()).toContain('npm run build');
  });

  it('serves the same paths the web app routes', () => {
    expect([...WEB_APP_PATHS]).toEqual([...APP_PATHS]);
  });
});
