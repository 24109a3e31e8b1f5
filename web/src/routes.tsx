/**
 * The route table. The overview is in the first bundle; every other page loads on demand (the
 * chart library, Observable Plot, loads when a page first draws a chart).
 *
 * The first page is loaded before React first renders (`preloadPage`, beside the messages), and a
 * page whose code is loaded renders directly, without suspending: React 19 holds a suspended
 * boundary's content back for up to 300 ms after its fallback appears, and that wait was a quarter
 * of the profile page's time to interactive.
 */
import { createElement, lazy, type ComponentType } from 'react';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { OverviewPage } from './pages/overview/overview-page.tsx';
import type { AppPath } from './app-paths.ts';
import { matchPath } from './router.tsx';

export interface PageProps {
  readonly params: Readonly<Record<string, string>>;
}

type PageModule = { default: ComponentType<PageProps> };
const preloads = new WeakMap<ComponentType<PageProps>, () => Promise<unknown>>();

/** A page whose code loads on demand: through React.lazy until loaded, directly afterwards. */
function lazyPage(load: () => Promise<PageModule>): ComponentType<PageProps> {
  let loaded: ComponentType<PageProps> | undefined;
  let loading: Promise<PageModule> | undefined;
  const once = (): Promise<PageModule> =>
    (loading ??= load().then(
      (module) => {
        loaded = module.default;
        return module;
      },
      (error: unknown) => {
        loading = undefined; // a failed download is tried again
        throw error;
      },
    ));
  const Lazy = lazy(once);
  const Page = (props: PageProps) => createElement(loaded ?? Lazy, props);
  preloads.set(Page, once);
  return Page;
}

const ProfilePage = lazyPage(() => import('./pages/profile/profile-page.tsx'));
const DiagnosisPage = lazyPage(() => import('./pages/diagnosis/diagnosis-page.tsx'));
const ExplorerPage = lazyPage(() => import('./pages/explorer/explorer-page.tsx'));
const EmbedPage = lazyPage(() => import('./pages/explorer/embed-page.tsx'));
const IndicatorListPage = lazyPage(() => import('./pages/indicators/indicator-list-page.tsx'));
const IndicatorPage = lazyPage(() => import('./pages/indicators/indicator-page.tsx'));
const InterventionListPage = lazyPage(() => import('./pages/interventions/intervention-list-page.tsx'));
const InterventionPage = lazyPage(() => import('./pages/interventions/intervention-page.tsx'));
const EvaluatePage = lazyPage(() => import('./pages/interventions/evaluate-page.tsx'));
const ImportPage = lazyPage(() => import('./pages/imports/import-page.tsx'));
const QualityPage = lazyPage(() => import('./pages/quality/quality-page.tsx'));
const ApprovalPage = lazyPage(() => import('./pages/approval/approval-page.tsx'));

const ROUTES: readonly (readonly [AppPath, ComponentType<PageProps>])[] = [
  ['/', OverviewPage],
  ['/country/:code', ProfilePage],
  ['/country/:code/diagnosis', DiagnosisPage],
  ['/explore', ExplorerPage],
  ['/embed/explore', EmbedPage],
  ['/indicators', IndicatorListPage],
  ['/indicators/:code', IndicatorPage],
  ['/interventions', InterventionListPage],
  ['/interventions/:code', InterventionPage],
  ['/evaluate', EvaluatePage],
  ['/imports', ImportPage],
  ['/quality', QualityPage],
  ['/approval', ApprovalPage],
];

export function pageFor(path: string): { Page: ComponentType<PageProps>; params: Record<string, string> } {
  for (const [pattern, Page] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params !== undefined) return { Page, params };
  }
  return { Page: NotFoundPage, params: {} };
}

/** Loads the code of the page at `path` (nothing for the overview, which is in the first bundle). */
export async function preloadPage(path: string): Promise<void> {
  const preload = preloads.get(pageFor(path).Page);
  // a page that fails to load says so when it renders (through React.lazy)
  await preload?.().catch(() => undefined);
}

export function isEmbedPath(path: string): boolean {
  return path.startsWith('/embed/');
}
