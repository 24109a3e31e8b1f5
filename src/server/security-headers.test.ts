import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareStore } from '../setup/store-setup.ts';
import { openStore, type Store } from '../store/store.ts';
import { createApp } from './app.ts';
import { HSTS } from './security-headers.ts';

describe('security headers', () => {
  let store: Store;
  let direct: ReturnType<typeof createApp>;
  let proxied: ReturnType<typeof createApp>;

  beforeAll(async () => {
    store = openStore(':memory:');
    await prepareStore(store);
    direct = createApp({ store, version: 'test' });
    proxied = createApp({ store, version: 'test', trustProxy: true });
    for (const app of [direct, proxied]) app.get('/embed/test-chart', (c) => c.html('<svg></svg>'));
  });
  afterAll(async () => store.close());

  it('forbids framing by other sites, keeps the CSP, and sets the referrer, opener and permissions policies', async () => {
    for (const path of ['/api/health', '/', '/api/nothing-here']) {
      const headers = (await direct.request(path)).headers;
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(headers.get('permissions-policy')).toBe(
        'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
      );
    }
  });

  it('lets any site frame the pages under /embed/', async () => {
    const headers = (await direct.request('/embed/test-chart')).headers;
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toContain('frame-ancestors *');
    expect(csp).not.toContain("frame-ancestors 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(headers.get('x-frame-options')).toBeNull();
    expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    // not a prefix match on the letters: /embedded is an ordinary page
    expect((await direct.request('/embedded')).headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('sends HSTS over HTTPS only, and believes X-Forwarded-Proto only behind a trusted proxy', async () => {
    const hsts = async (app: typeof direct, url: string, headers: Record<string, string> = {}) =>
      (await app.request(url, { headers })).headers.get('strict-transport-security');
    expect(await hsts(direct, 'http://localhost/api/health')).toBeNull();
    expect(await hsts(direct, 'https://localhost/api/health')).toBe(HSTS);
    expect(await hsts(direct, 'https://localhost/embed/test-chart')).toBe(HSTS);
    expect(HSTS).toBe('max-age=31536000; includeSubDomains');
    // a client cannot claim HTTPS by itself
    expect(await hsts(direct, 'http://localhost/api/health', { 'x-forwarded-proto': 'https' })).toBeNull();
    expect(await hsts(proxied, 'http://localhost/api/health', { 'x-forwarded-proto': 'https' })).toBe(HSTS);
    expect(await hsts(proxied, 'http://localhost/api/health', { 'x-forwarded-proto': 'http' })).toBeNull();
    expect(await hsts(proxied, 'http://localhost/api/health')).toBeNull();
  });
});
