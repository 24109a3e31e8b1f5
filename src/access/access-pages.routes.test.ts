import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser, signInOverHttp } from '../../test/support/accounts.ts';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import { LANGUAGES } from '../kernel/i18n.ts';
import { createApp } from '../server/app.ts';
import { prepareStore } from '../setup/store-setup.ts';
import type { Store } from '../store/store.ts';
import { ACCESS_TEXT } from './access-pages-text.ts';

describeStores('sign-in and user pages', (dialect) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    ({ store, dispose } = await createTestStore(dialect));
    await prepareStore(store);
    app = createApp({ store, version: 'test' });
  });
  afterAll(async () => dispose());

  it('has every text in four languages', () => {
    for (const [key, text] of Object.entries(ACCESS_TEXT)) {
      for (const lang of LANGUAGES) expect([key, lang, text[lang].trim() !== '']).toEqual([key, lang, true]);
    }
  });

  it('serves the sign-in page in the asked language, with its script as a file and no inline script', async () => {
    const es = await app.request('/sign-in?lang=es');
    const html = await es.text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Iniciar sesión');
    expect(html).toContain('<script src="/access/sign-in.js" defer></script>');
    expect(html).not.toMatch(/<script>|onclick=|onsubmit=/);
    const fr = await app.request('/sign-in', { headers: { 'accept-language': 'fr-CA,fr;q=0.9' } });
    expect(await fr.text()).toContain('Mot de passe');
    const js = await app.request('/access/sign-in.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await js.text()).toContain("fetch('/api/session'");
  });

  it('shows administrators the users with disable and reset actions and the session’s CSRF token', async () => {
    await createUser(store, 'admin@example.org', [{ role: 'administrator', scope: null }]);
    await createUser(store, 'contributor@example.org', [{ role: 'contributor', scope: 'MEX' }]);
    const session = await signInOverHttp(app, 'admin@example.org');
    const res = await app.request('/admin/users?lang=pt', { headers: { cookie: session.cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('contributor@example.org');
    expect(html).toContain('colaborador (MEX)');
    expect(html).toContain('administrador (todos os Estados membros)');
    expect(html).toContain('data-action="disable"');
    expect(html).toContain('Redefinir senha');
    expect(html).toContain(`<meta name="csrf-token" content="${session.csrfToken}">`);
    const contributor = await signInOverHttp(app, 'contributor@example.org');
    expect((await app.request('/admin/users', { headers: { cookie: contributor.cookie } })).status).toBe(403);
    expect((await app.request('/admin/users')).status).toBe(401);
  });
});
