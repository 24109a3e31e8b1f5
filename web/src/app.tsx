/**
 * The shell around every page: skip link, header with navigation and language, the synthetic-data
 * notice when the store holds demo data, and the page for the current route (loaded lazily, so the
 * overview's bundle carries no chart library).
 */
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHealth } from './api/reference-data.ts';
import { hasRole, signOut, useSession } from './api/session.ts';
import { LanguageSwitcher } from './components/language-switcher.tsx';
import { Loading } from './components/load-state.tsx';
import { Link, useLocation } from './router.tsx';
import { isEmbedPath, pageFor } from './routes.tsx';

export function App() {
  const { path } = useLocation();
  const { Page, params } = pageFor(path);
  if (isEmbedPath(path)) {
    return (
      <Suspense fallback={<Loading />}>
        <Page params={params} />
      </Suspense>
    );
  }
  return (
    <>
      <a className="skip-link" href="#main">
        <SkipText />
      </a>
      <Header path={path} />
      <SyntheticNotice />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Page params={params} />
        </Suspense>
      </main>
      <Footer />
    </>
  );
}

function SkipText() {
  const { t } = useTranslation();
  return <>{t('skipToContent')}</>;
}

function Header({ path }: { path: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const items = [
    { href: '/', label: t('nav.overview'), current: path === '/' || path.startsWith('/country') },
    { href: '/explore', label: t('nav.explore'), current: path.startsWith('/explore') },
    { href: '/indicators', label: t('nav.indicators'), current: path.startsWith('/indicators') },
    {
      href: '/interventions',
      label: t('nav.interventions'),
      current: path.startsWith('/interventions') || path.startsWith('/evaluate'),
    },
    // the import page only for those who may import
    ...(hasRole(session.data, ['contributor', 'approver', 'administrator'])
      ? [{ href: '/imports', label: t('nav.imports'), current: path.startsWith('/imports') }]
      : []),
    // the quality checks read unpublished data: only for those who may
    ...(hasRole(session.data, ['contributor', 'approver', 'analyst', 'administrator'])
      ? [{ href: '/quality', label: t('nav.quality'), current: path.startsWith('/quality') }]
      : []),
    // the approval page for those who may see unpublished values
    ...(hasRole(session.data, ['contributor', 'approver', 'analyst', 'administrator'])
      ? [{ href: '/approval', label: t('nav.approval'), current: path.startsWith('/approval') }]
      : []),
  ];
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        Atalaya
        <span className="tagline">{t('tagline')}</span>
      </Link>
      <nav aria-label={t('mainNavigation')}>
        <ul>
          {items.map((item) => (
            <li key={item.href}>
              <Link href={item.href} aria-current={item.current ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <SessionControl />
      <LanguageSwitcher />
    </header>
  );
}

/** "Signed in as …" with a sign-out button, or the sign-in link (also while the session loads). */
function SessionControl() {
  const { t } = useTranslation();
  const session = useSession();
  const [error, setError] = useState<string | undefined>();
  const user = session.data?.user;
  if (user === null || user === undefined) {
    return (
      <p className="session-control">
        <a href="/sign-in">{t('nav.signIn')}</a>
      </p>
    );
  }
  return (
    <div className="session-control" data-testid="session">
      <span>{t('session.signedInAs', { name: user.name })}</span>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setError(undefined);
          signOut(session.data).catch((e: unknown) =>
            setError(t('session.signOutFailed', { message: e instanceof Error ? e.message : String(e) })),
          );
        }}
      >
        {t('session.signOut')}
      </button>
      {error === undefined ? null : (
        <span role="alert" className="failed">
          {error}
        </span>
      )}
    </div>
  );
}

/** Shown on every page while the store holds generated demo data (from /api/health). */
export function SyntheticNotice() {
  const { i18n } = useTranslation();
  const health = useHealth();
  const demo = health.data?.demo;
  if (demo === undefined || demo === null) return null;
  const notice = demo.notice as Record<string, string>;
  return (
    <p className="synthetic-notice" role="note" data-testid="synthetic-notice">
      {notice[i18n.language] ?? notice['en']}
    </p>
  );
}

function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>{t('footer.about')}</p>
      <p>{t('footer.methods')}</p>
      <p>
        <a href="/api/docs">{t('footer.api')}</a>
      </p>
    </footer>
  );
}
