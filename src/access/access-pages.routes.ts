/**
 * The sign-in page and the user-administration page, rendered on the server in the caller's
 * language until the web app takes over. Their scripts are plain files served here: the content
 * security policy (`default-src 'self'`) allows no inline script.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Language } from '../kernel/i18n.ts';
import type { AppDeps, AppEnv } from '../server/app-env.ts';
import { escapeHtml, pickLanguage } from '../server/html-page.ts';
import { plainRoute } from '../server/plain-routes.ts';
import { ADMINISTRATORS, PUBLIC } from '../server/policy.ts';
import { ACCESS_TEXT, type AccessTextKey } from './access-pages-text.ts';
import { listAccounts } from './accounts.store.ts';
import { isLocked } from './login-throttle.ts';
import { csrfTokenOf } from './secret-token.ts';

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}' +
  'label{display:block;margin:.5rem 0}input{display:block;width:20rem;max-width:100%;padding:.3rem}' +
  'button{margin:.2rem .4rem .2rem 0;padding:.3rem .8rem}table{border-collapse:collapse;width:100%}' +
  'th,td{border-bottom:1px solid #ccc;padding:.3rem;text-align:left;vertical-align:top}' +
  '[role=alert]{color:#a00}output{display:block;background:#eef;padding:.5rem;margin:.5rem 0}' +
  'nav a{margin-right:1rem}';

function page(lang: Language, title: string, body: string, script: string, meta = ''): string {
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${meta}
<title>${escapeHtml(title)} · Atalaya</title><style>${STYLE}</style>
<script src="${script}" defer></script></head>
<body>
${body}
<nav aria-label="language"><a href="?lang=en" lang="en">English</a><a href="?lang=es" lang="es">Español</a><a href="?lang=pt" lang="pt">Português</a><a href="?lang=fr" lang="fr">Français</a></nav>
</body></html>`;
}

const SIGN_IN_JS = `'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('sign-in');
  const alert = document.getElementById('sign-in-error');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    alert.textContent = '';
    const data = new FormData(form);
    try {
      const res = await fetch('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ email: data.get('email'), password: data.get('password') }),
      });
      if (res.ok) {
        const session = await res.json();
        const admin = session.grants.some((g) => g.role === 'administrator');
        // back to the page that sent the visitor here (a path of this site only)
        const next = new URLSearchParams(window.location.search).get('next');
        const local = next !== null && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\\\');
        window.location.assign(local ? next : admin ? '/admin/users' : '/');
        return;
      }
      alert.textContent = res.status === 401 ? form.dataset.wrong : res.status === 429 ? form.dataset.tooMany : form.dataset.failed;
    } catch {
      alert.textContent = form.dataset.failed;
    }
  });
});
`;

const USERS_JS = `'use strict';
document.addEventListener('DOMContentLoaded', () => {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  const table = document.getElementById('users');
  const output = document.getElementById('result');
  const send = (method, url, body) =>
    fetch(url, {
      method,
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  table.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-action]');
    if (button === null) return;
    const id = button.dataset.user;
    if (button.dataset.action === 'disable' || button.dataset.action === 'enable') {
      const res = await send('PATCH', '/api/users/' + id, { disabled: button.dataset.action === 'disable' });
      if (res.ok) window.location.reload();
      else output.textContent = table.dataset.failed;
    } else if (button.dataset.action === 'reset' && window.confirm(table.dataset.confirmReset)) {
      const res = await send('POST', '/api/users/' + id + '/password', {});
      if (!res.ok) { output.textContent = table.dataset.failed; return; }
      const body = await res.json();
      output.textContent = table.dataset.newPassword + ' ' + body.generatedPassword;
    }
  });
  document.getElementById('sign-out').addEventListener('click', async () => {
    await send('DELETE', '/api/session');
    window.location.assign('/sign-in');
  });
});
`;

export function registerAccessPages(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const language = (c: {
    req: { query(k: string): string | undefined; header(k: string): string | undefined };
  }) => pickLanguage(c.req.query('lang'), c.req.header('accept-language'));
  const textIn =
    (lang: Language) =>
    (key: AccessTextKey): string =>
      escapeHtml(ACCESS_TEXT[key][lang]);

  plainRoute(app, PUBLIC, '/sign-in', (c) => {
    const lang = language(c);
    const t = textIn(lang);
    return c.html(
      page(
        lang,
        ACCESS_TEXT.signInTitle[lang],
        `<h1>${t('signInTitle')}</h1>
<form id="sign-in" method="post" action="/api/session" data-wrong="${t('wrong')}" data-too-many="${t('tooMany')}" data-failed="${t('failed')}">
<label>${t('email')}<input name="email" type="email" autocomplete="username" required></label>
<label>${t('password')}<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">${t('submit')}</button>
<p id="sign-in-error" role="alert"></p>
</form>
<p>${t('noAccount')}</p>
<p><a href="/?lang=${lang}">${t('home')}</a></p>`,
        '/access/sign-in.js',
      ),
    );
  });

  plainRoute(app, PUBLIC, '/access/sign-in.js', (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    return c.body(SIGN_IN_JS);
  });

  plainRoute(app, PUBLIC, '/access/users.js', (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    return c.body(USERS_JS);
  });

  plainRoute(app, ADMINISTRATORS, '/admin/users', async (c) => {
    const lang = language(c);
    const t = textIn(lang);
    const users = await listAccounts(deps.store.db);
    const now = new Date();
    const rows = users
      .map((u) => {
        const grants = u.grants
          .map((g) => `${t(`role_${g.role}`)} (${g.scope === null ? t('everywhere') : escapeHtml(g.scope)})`)
          .join('<br>');
        const status = u.disabled ? t('disabled') : isLocked(u.lockedUntil, now) ? t('locked') : t('active');
        const toggle = u.disabled ? 'enable' : 'disable';
        return `<tr><td>${escapeHtml(u.email)}</td><td>${escapeHtml(u.name)}</td><td>${u.language}</td><td>${grants}</td><td>${status}</td>
<td><button type="button" data-action="${toggle}" data-user="${u.id}">${t(toggle)}</button><button type="button" data-action="reset" data-user="${u.id}">${t('reset')}</button></td></tr>`;
      })
      .join('\n');
    const sessionId = c.get('sessionId');
    const meta =
      sessionId === undefined ? '' : `<meta name="csrf-token" content="${csrfTokenOf(sessionId)}">`;
    return c.html(
      page(
        lang,
        ACCESS_TEXT.usersTitle[lang],
        `<h1>${t('usersTitle')}</h1>
<p><button type="button" id="sign-out">${t('signOut')}</button> <a href="/?lang=${lang}">${t('home')}</a></p>
<output id="result" aria-live="polite"></output>
<table id="users" data-confirm-reset="${t('confirmReset')}" data-new-password="${t('newPassword')}" data-failed="${t('failed')}">
<thead><tr><th>${t('email')}</th><th>${t('name')}</th><th>${t('language')}</th><th>${t('roles')}</th><th>${t('status')}</th><th>${t('actions')}</th></tr></thead>
<tbody>
${rows}
</tbody></table>`,
        '/access/users.js',
        meta,
      ),
    );
  });
}
