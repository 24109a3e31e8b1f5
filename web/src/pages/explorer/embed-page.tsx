/**
 * The explorer's chart alone, for an <iframe> in another site: a one-line title, the chart of the
 * same query as /explore (the table view shows the line chart), the source line with the
 * synthetic-data notice when the store holds demo data, and a link to the full view. The shell
 * draws no header or footer under /embed/.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Indicator } from '../../api/client.ts';
import { useHealth } from '../../api/reference-data.ts';
import { Failed, Loading, NoData, WhenLoaded } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { usePlot } from '../../components/plot-chart.tsx';
import { useDocumentTitle, usePageReady } from '../../page-ready.ts';
import { useLocation } from '../../router.tsx';
import { useExplorerView, useReference, type ExplorerView, type Reference } from './explorer-data.ts';
import { ChartView, useChartModel, useViewTitle } from './explorer-views.tsx';

export default function EmbedPage() {
  const reference = useReference();
  usePlot(); // starts loading the charts' library beside the first requests
  return (
    <main id="main" className="embed">
      <WhenLoaded loads={[reference] as const}>{(ref) => <Embed reference={ref} />}</WhenLoaded>
    </main>
  );
}

function Embed({ reference }: { reference: Reference }) {
  const { t, i18n } = useTranslation('explorer');
  const { query } = useLocation();
  const view = useExplorerView(query, reference);
  const { state, indicator } = view;
  const title = useViewTitle(state, indicator, reference);
  const unit = localized(indicator?.unitLabel, i18n.language);
  useDocumentTitle(title);
  const [drawn, setDrawn] = useState('');
  const onDrawn = useCallback(() => setDrawn(view.search), [view.search]);
  const shown =
    state.view === 'map'
      ? view.mapRows.state !== 'loading'
      : drawn === view.search || view.rows.data?.length === 0;
  usePageReady(
    (view.years.state === 'ready' && view.years.data.length === 0) ||
      view.rows.state === 'failed' ||
      (view.rows.state === 'ready' && shown),
  );
  return (
    <>
      <h1 className="embed-title">
        {title} <span className="embed-unit">({unit})</span>
      </h1>
      {indicator === undefined ? null : (
        <EmbedChart reference={reference} view={view} indicator={indicator} onDrawn={onDrawn} />
      )}
      <p className="embed-source">
        <SourceLine />{' '}
        <a href={`/explore?${view.search}`} target="_blank" rel="noopener">
          {t('openFull')}
        </a>
      </p>
    </>
  );
}

function EmbedChart(props: {
  reference: Reference;
  view: ExplorerView;
  indicator: Indicator;
  onDrawn: () => void;
}) {
  const { view, reference, indicator } = props;
  const { state } = view;
  const model = useChartModel(view.rows.data ?? [], state, reference, indicator);
  if (view.years.state === 'failed') return <Failed error={view.years.error} />;
  if (view.years.state === 'ready' && view.years.data.length === 0) return <NoData />;
  if (view.rows.state === 'failed') return <Failed error={view.rows.error} />;
  if (view.rows.state === 'loading' || state.from === null || state.to === null) return <Loading />;
  if (view.rows.data.length === 0) return <NoData />;
  if (state.view === 'map' && view.mapRows.state !== 'ready') {
    return view.mapRows.state === 'failed' ? <Failed error={view.mapRows.error} /> : <Loading />;
  }
  return (
    <ChartView
      view={state.view === 'table' ? 'line' : state.view}
      model={model}
      state={{ ...state, from: state.from, to: state.to }}
      indicator={indicator}
      reference={reference}
      mapRows={view.mapRows.data}
      onDrawn={props.onDrawn}
    />
  );
}

/** "Atalaya — Synthetic demo data: …" while the store holds demo data, "Atalaya" otherwise. */
function SourceLine() {
  const { t, i18n } = useTranslation('explorer');
  const health = useHealth();
  const notice = health.data?.demo?.notice as Record<string, string> | undefined;
  if (notice === undefined) return <span>{t('source')}</span>;
  return (
    <span>
      {t('source')} — <span data-testid="synthetic-notice">{notice[i18n.language] ?? notice['en']}</span>
    </span>
  );
}
