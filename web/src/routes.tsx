/**
 * The route table. The overview is in the first bundle; every other page loads on demand, and
 * with it the chart library (Observable Plot).
 */
import { lazy, type ComponentType } from 'react';
import { NotFoundPage } from './pages/not-found-page.tsx';
import { OverviewPage } from './pages/overview/overview-page.tsx';
import type { AppPath } from './app-paths.ts';
import { matchPath } from './router.tsx';

export interface PageProps {
  readonly params: Readonly<Record<string, string>>;
}

const ProfilePage = lazy(() => import('./pages/profile/profile-page.tsx'));
const DiagnosisPage = lazy(() => import('./pages/diagnosis/diagnosis-page.tsx'));
const ExplorerPage = lazy(() => import('./pages/explorer/explorer-page.tsx'));
const EmbedPage = lazy(() => import('./pages/explorer/embed-page.tsx'));
const IndicatorListPage = lazy(() => import('./pages/indicators/indicator-list-page.tsx'));
const IndicatorPage = lazy(() => import('./pages/indicators/indicator-page.tsx'));
const InterventionListPage = lazy(() => import('./pages/interventions/intervention-list-page.tsx'));
const InterventionPage = lazy(() => import('./pages/interventions/intervention-page.tsx'));
const EvaluatePage = lazy(() => import('./pages/interventions/evaluate-page.tsx'));

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
];

export function pageFor(path: string): { Page: ComponentType<PageProps>; params: Record<string, string> } {
  for (const [pattern, Page] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params !== undefined) return { Page, params };
  }
  return { Page: NotFoundPage, params: {} };
}

export function isEmbedPath(path: string): boolean {
  return path.startsWith('/embed/');
}
