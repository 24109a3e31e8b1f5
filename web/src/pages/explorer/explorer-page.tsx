/**
 * The indicator explorer: one indicator for chosen units over a range of periods, as a line chart,
 * a bar chart, a map or a table; crude or smoothed rates; a breakdown. The whole view lives in the
 * query string (see explorer-state.ts), so a link or a reload reproduces it; every control
 * replaces the address. The data downloads as the API's own CSV, the chart as SVG or PNG, and the
 * chart can be embedded in another site (/embed/explore with the same query).
 */
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { analyticsCsvHref, type Indicator } from '../../api/client.ts';
import { useHealth } from '../../api/reference-data.ts';
import { colorScale } from '../../components/color-scale.ts';
import { IndicatorSelect } from '../../components/indicator-select.tsx';
import { Failed, Loading, NoData, WhenLoaded } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { formatNumber } from '../../format.ts';
import { usePlot } from '../../components/plot-chart.tsx';
import { useDocumentTitle, usePageReady } from '../../page-ready.ts';
import { navigate, useLocation } from '../../router.tsx';
import { exportSvg, saveBlob, svgToPng, type ExportParts } from './chart-export.ts';
import {
  shownValue,
  useExplorerView,
  useReference,
  type ExplorerView,
  type Reference,
} from './explorer-data.ts';
import {
  analyticsQuery,
  downloadName,
  MAX_SPAN,
  normaliseExplorerState,
  PERIOD_TYPES,
  serialiseExplorerState,
  VIEWS,
  type ExplorerState,
  type PeriodType,
  type View,
} from './explorer-state.ts';
import { ChartView, ExplorerTable, useChartModel, useViewTitle, type ChartModel } from './explorer-views.tsx';
import { SharePanel } from './share-panel.tsx';
import { UnitPicker } from './unit-picker.tsx';

export default function ExplorerPage() {
  const { t } = useTranslation('explorer');
  const reference = useReference();
  usePlot(); // starts loading the charts' library beside the first requests
  useDocumentTitle(t('title'));
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <WhenLoaded loads={[reference] as const}>{(ref) => <Explorer reference={ref} />}</WhenLoaded>
    </>
  );
}

function Explorer({ reference }: { reference: Reference }) {
  const { t } = useTranslation('explorer');
  const { query } = useLocation();
  const view = useExplorerView(query, reference);
  const { state, indicator } = view;
  const title = useViewTitle(state, indicator, reference);
  const [drawn, setDrawn] = useState('');
  const onDrawn = useCallback(() => setDrawn(view.search), [view.search]);
  const rows = view.rows.data;
  const noYears = view.years.state === 'ready' && view.years.data.length === 0;
  const chartShown =
    state.view === 'table' ||
    (state.view === 'map' ? view.mapRows.state !== 'loading' : drawn === view.search || rows?.length === 0);
  usePageReady(
    noYears ||
      view.years.state === 'failed' ||
      view.rows.state === 'failed' ||
      (rows !== undefined && chartShown),
  );

  const update = (change: Partial<ExplorerState>): void => {
    const sameIndicator = change.indicator === undefined || change.indicator === state.indicator;
    const next = normaliseExplorerState(
      { ...state, ...change },
      {
        indicators: reference.indicators,
        dimensions: reference.dimensions,
        units: reference.order,
        years: sameIndicator ? view.years.data : undefined,
        smoothable: sameIndicator && view.smoothBlock !== undefined ? false : undefined,
      },
    );
    navigate(`/explore?${serialiseExplorerState(next)}`, { replace: true });
  };

  return (
    <div className="explorer-layout">
      <form
        className="explorer-controls"
        aria-label={t('controls')}
        onSubmit={(event) => event.preventDefault()}
      >
        <Controls reference={reference} view={view} update={update} />
      </form>
      <div className="explorer-main">
        <section className="explorer-result" aria-labelledby="explorer-heading">
          <h2 id="explorer-heading">{title}</h2>
          <ViewSwitch value={state.view} onChange={(next) => update({ view: next })} />
          {indicator === undefined ? null : (
            <Result reference={reference} view={view} indicator={indicator} title={title} onDrawn={onDrawn} />
          )}
        </section>
        {state.from === null ? null : <SharePanel search={view.search} title={title} />}
      </div>
    </div>
  );
}

function Controls(props: {
  reference: Reference;
  view: ExplorerView;
  update: (change: Partial<ExplorerState>) => void;
}) {
  const { t, i18n } = useTranslation('explorer');
  const lang = i18n.language;
  const { reference, view, update } = props;
  const { state, indicator } = view;
  const years = view.years.data ?? [];
  const span = MAX_SPAN[state.periodType];
  const fromYears = years.filter((y) => state.to === null || (y <= state.to && y > state.to - span));
  const toYears = years.filter((y) => state.from === null || y >= state.from);
  const dimensions = (indicator?.dimensions ?? [])
    .map((code) => reference.dimensions.find((d) => d.code === code))
    .filter((d) => d !== undefined);
  const smoothReason =
    view.smoothBlock === 'notRate'
      ? t('smoothOnlyRates')
      : view.smoothBlock === 'notCount'
        ? t('smoothNeedsCount')
        : '';
  const periodTypeName: Record<PeriodType, string> = {
    year: t('periodTypes.year'),
    quarter: t('periodTypes.quarter'),
    month: t('periodTypes.month'),
  };
  return (
    <>
      <div className="field">
        <label htmlFor="explorer-indicator">{t('indicator', { ns: 'common' })}</label>
        <IndicatorSelect
          id="explorer-indicator"
          indicators={reference.indicators}
          value={state.indicator}
          onChange={(code) => update({ indicator: code })}
        />
      </div>
      <UnitPicker reference={reference} selected={state.units} onChange={(units) => update({ units })} />
      <div className="field-pair">
        <div className="field">
          <label htmlFor="explorer-from">{t('from')}</label>
          <select
            id="explorer-from"
            value={state.from ?? ''}
            disabled={years.length === 0}
            onChange={(event) => update({ from: Number(event.target.value) })}
          >
            {fromYears.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="explorer-to">{t('to')}</label>
          <select
            id="explorer-to"
            value={state.to ?? ''}
            disabled={years.length === 0}
            onChange={(event) => update({ to: Number(event.target.value) })}
          >
            {toYears.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor="explorer-period-type">{t('periodType')}</label>
        <select
          id="explorer-period-type"
          value={state.periodType}
          aria-describedby={state.periodType === 'year' ? undefined : 'explorer-span-limit'}
          onChange={(event) => update({ periodType: event.target.value as PeriodType })}
        >
          {PERIOD_TYPES.map((type) => (
            <option key={type} value={type}>
              {periodTypeName[type]}
            </option>
          ))}
        </select>
        {state.periodType === 'year' ? null : (
          <p className="hint" id="explorer-span-limit">
            {state.periodType === 'quarter'
              ? t('spanLimit.quarter', { years: span, to: state.to ?? '' })
              : t('spanLimit.month', { years: span, to: state.to ?? '' })}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="explorer-breakdown">{t('breakdown')}</label>
        <select
          id="explorer-breakdown"
          value={state.dis}
          disabled={dimensions.length === 0}
          onChange={(event) => update({ dis: event.target.value })}
        >
          <option value="">{t('total')}</option>
          {dimensions.map((dimension) => (
            <optgroup key={dimension.code} label={localized(dimension.name, lang)}>
              {dimension.categories.map((category) => (
                <option key={category.code} value={`${dimension.code}=${category.code}`}>
                  {localized(category.name, lang)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <fieldset
        className="radio-group"
        disabled={view.smoothBlock !== undefined}
        aria-describedby="explorer-rates-help"
      >
        <legend>{t('rates')}</legend>
        {(['crude', 'smoothed'] as const).map((mode) => (
          <label key={mode}>
            <input
              type="radio"
              name="explorer-rates"
              value={mode}
              checked={state.rates === mode}
              onChange={() => update({ rates: mode })}
            />{' '}
            {t(`rateModes.${mode}`)}
          </label>
        ))}
        <p className="hint" id="explorer-rates-help">
          {smoothReason === '' ? t('smoothHelp') : smoothReason}
        </p>
      </fieldset>
    </>
  );
}

function ViewSwitch(props: { value: View; onChange: (view: View) => void }) {
  const { t } = useTranslation('explorer');
  const names: Record<View, string> = {
    line: t('views.line'),
    bar: t('views.bar'),
    map: t('views.map'),
    table: t('views.table'),
  };
  return (
    <fieldset className="view-switch">
      <legend className="visually-hidden">{t('view')}</legend>
      {VIEWS.map((view) => (
        <label key={view} className={props.value === view ? 'selected' : undefined}>
          <input
            type="radio"
            name="explorer-view"
            value={view}
            checked={props.value === view}
            onChange={() => props.onChange(view)}
          />
          {names[view]}
        </label>
      ))}
    </fieldset>
  );
}

function Result(props: {
  reference: Reference;
  view: ExplorerView;
  indicator: Indicator;
  title: string;
  onDrawn: () => void;
}) {
  const { t } = useTranslation('explorer');
  const { reference, view, indicator } = props;
  const { state } = view;
  const model = useChartModel(view.rows.data ?? [], state, reference, indicator);
  const figure = useRef<HTMLDivElement>(null);
  // the bar chart and the map show one period: the saved image says which
  const exportTitle = (shown: ExplorerView, chart: ChartModel): string => {
    const period =
      shown.state.view === 'map'
        ? shown.mapRows.data?.[0]?.period
        : shown.state.view === 'bar'
          ? chart.lastPeriod
          : undefined;
    return period === undefined ? props.title : t('exportPeriod', { title: props.title, period });
  };
  if (view.years.state === 'failed') return <Failed error={view.years.error} />;
  if (view.years.state === 'ready' && view.years.data.length === 0) return <NoData />;
  if (view.rows.state === 'failed') return <Failed error={view.rows.error} />;
  if (view.rows.state === 'loading' || state.from === null || state.to === null) return <Loading />;
  const resolved = { ...state, from: state.from, to: state.to };
  const body =
    view.rows.data.length === 0 ? (
      <NoData />
    ) : state.view === 'table' ? (
      <ExplorerTable rows={view.rows.data} state={state} indicator={indicator} reference={reference} />
    ) : state.view === 'map' && view.mapRows.state !== 'ready' ? (
      view.mapRows.state === 'failed' ? (
        <Failed error={view.mapRows.error} />
      ) : (
        <Loading />
      )
    ) : (
      <ChartView
        view={state.view}
        model={model}
        state={resolved}
        indicator={indicator}
        reference={reference}
        mapRows={view.mapRows.data}
        onDrawn={props.onDrawn}
      />
    );
  return (
    <>
      <div ref={figure}>{body}</div>
      {model.missing.length === 0 ? null : (
        <p className="hint">{t('missingUnits', { names: model.missing.join(', ') })}</p>
      )}
      {state.view === 'table' ? null : <p className="hint">{t('tableHint')}</p>}
      <Downloads
        state={resolved}
        figure={figure}
        parts={(language) => ({
          title: exportTitle(view, model),
          legend: legendFor(view, model, indicator, language),
        })}
      />
    </>
  );
}

/** The source line under a saved chart: the synthetic-data notice when the store holds demo data. */
function useExportSource(): string {
  const { i18n } = useTranslation();
  const health = useHealth();
  const notice = health.data?.demo?.notice as Record<string, string> | undefined;
  return notice === undefined
    ? `Atalaya — ${window.location.origin}`
    : `Atalaya — ${notice[i18n.language] ?? notice['en'] ?? ''}`;
}

function legendFor(
  view: ExplorerView,
  model: ChartModel,
  indicator: Indicator,
  language: string,
): ExportParts['legend'] {
  if (view.state.view === 'line') return model.legend;
  if (view.state.view !== 'map') return [];
  const values = (view.mapRows.data ?? []).map((row) => shownValue(row, view.state));
  const scale = colorScale(values, indicator.direction);
  const bounds = [scale.min, ...scale.breaks, scale.max];
  return scale.colors.map((color, k) => ({
    name: `${formatNumber(bounds[k], language)} – ${formatNumber(bounds[k + 1], language)}`,
    color,
  }));
}

function Downloads(props: {
  state: ExplorerState & { from: number; to: number };
  figure: React.RefObject<HTMLDivElement | null>;
  parts: (language: string) => Omit<ExportParts, 'source'>;
}) {
  const { t, i18n } = useTranslation('explorer');
  const source = useExportSource();
  const [busy, setBusy] = useState(false);
  const chartView = props.state.view !== 'table';
  const exported = () => {
    const container = props.figure.current;
    if (container === null) throw new Error('No chart');
    return exportSvg(container, { ...props.parts(i18n.language), source });
  };
  const saveSvg = (): void => {
    const svg = exported();
    saveBlob(new Blob([svg.markup], { type: 'image/svg+xml' }), downloadName(props.state, 'svg'));
  };
  const savePng = async (): Promise<void> => {
    setBusy(true);
    try {
      saveBlob(await svgToPng(exported()), downloadName(props.state, 'png'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="downloads" role="group" aria-labelledby="explorer-downloads-label">
      <span id="explorer-downloads-label" className="downloads-label">
        {t('downloads')}
      </span>
      <a
        className="button secondary"
        href={analyticsCsvHref(analyticsQuery(props.state))}
        download={downloadName(props.state, 'csv')}
        data-testid="download-csv"
      >
        {t('downloadCsv')}
      </a>
      <button type="button" className="secondary" disabled={!chartView} onClick={saveSvg}>
        {t('downloadSvg')}
      </button>
      <button
        type="button"
        className="secondary"
        disabled={!chartView || busy}
        onClick={() => void savePng()}
      >
        {t('downloadPng')}
      </button>
      {chartView ? null : <p className="hint">{t('chartOnly')}</p>}
    </div>
  );
}
