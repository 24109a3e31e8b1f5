import type { Context } from 'hono';
import type { LocalizedText } from '../kernel/i18n.ts';
import { readDemoInfo } from '../setup/demo-setup.ts';
import type { AppDeps, AppEnv } from './app-env.ts';
import { escapeHtml, pickLanguage } from './html-page.ts';

const TEXT: Readonly<Record<string, LocalizedText>> = {
  tagline: {
    en: 'Public-security observatory data for the Americas',
    es: 'Datos de observatorios de seguridad pública de las Américas',
    pt: 'Dados de observatórios de segurança pública das Américas',
    fr: 'Données des observatoires de sécurité publique des Amériques',
  },
  api: {
    en: 'API documentation',
    es: 'Documentación de la API',
    pt: 'Documentação da API',
    fr: 'Documentation de l’API',
  },
  health: { en: 'Server status', es: 'Estado del servidor', pt: 'Estado do servidor', fr: 'État du serveur' },
  indicators: { en: 'Indicators', es: 'Indicadores', pt: 'Indicadores', fr: 'Indicateurs' },
  states: { en: 'Member states', es: 'Estados miembros', pt: 'Estados membros', fr: 'États membres' },
  signIn: { en: 'Sign in', es: 'Iniciar sesión', pt: 'Entrar', fr: 'Se connecter' },
  values: {
    en: 'Published data values (CSV)',
    es: 'Valores publicados (CSV)',
    pt: 'Valores publicados (CSV)',
    fr: 'Valeurs publiées (CSV)',
  },
};

const escape = escapeHtml;

/**
 * A small server-rendered page at `/` when the web app is not built (web-app.routes.ts serves the
 * app there otherwise): links to the API, the data and sign-in, in four languages.
 */
export function landingPage(deps: AppDeps): (c: Context<AppEnv>) => Promise<Response> {
  return async (c) => {
    const lang = pickLanguage(c.req.query('lang'), c.req.header('accept-language'));
    const demo = await readDemoInfo(deps.store.db);
    const t = (key: string): string => escape(TEXT[key]?.[lang] ?? key);
    const notice =
      demo === undefined
        ? ''
        : `<p role="note" class="synthetic"><strong>${escape(demo.notice[lang])}</strong></p>`;
    return c.html(`<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Atalaya</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}.synthetic{background:#fff4d6;border:1px solid #d9a400;padding:.5rem 1rem}nav a{margin-right:1rem}</style></head>
<body>
<h1>Atalaya</h1>
<p>${t('tagline')}</p>
${notice}
<ul>
<li><a href="/api/docs">${t('api')}</a></li>
<li><a href="/api/health">${t('health')}</a></li>
<li><a href="/api/catalogue/indicators">${t('indicators')}</a></li>
<li><a href="/api/geography/units?level=member_state">${t('states')}</a></li>
<li><a href="/api/data-values?format=csv&amp;limit=1000">${t('values')}</a></li>
<li><a href="/sign-in?lang=${lang}">${t('signIn')}</a></li>
</ul>
<nav aria-label="language"><a href="/?lang=en" lang="en">English</a><a href="/?lang=es" lang="es">Español</a><a href="/?lang=pt" lang="pt">Português</a><a href="/?lang=fr" lang="fr">Français</a></nav>
</body></html>`);
  };
}
