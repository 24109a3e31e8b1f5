/**
 * The four views of the explorer's data: line chart, bar chart, map (all member states in the last
 * period) and table (every value with its interval, numerator, denominator and quality badges).
 */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsRow, Indicator } from '../../api/client.ts';
import { AmericasMap, type MapValue } from '../../components/americas-map.tsx';
import { localized } from '../../components/names.ts';
import { QualityBadges } from '../../components/quality-badges.tsx';
import { formatNumber, formatPeriodLabel } from '../../format.ts';
import { PlotChart, type PlotModule } from '../../components/plot-chart.tsx';
import { barChart, lineChart, type ChartDatum } from './explorer-charts.tsx';
import { shownValue, unitColors, type Reference } from './explorer-data.ts';
import { MAX_UNITS_WITH_BANDS, periodStart, type ExplorerState } from './explorer-state.ts';

export interface ChartModel {
  readonly data: ChartDatum[];
  /** The chosen units that have data, in the selection's order, with names and colours. */
  readonly legend: { readonly code: string; readonly name: string; readonly color: string }[];
  /** Chosen units without any data in the range. */
  readonly missing: string[];
  /** The last period with data (what the bar chart shows). */
  readonly lastPeriod: string | undefined;
}

/** The rows of a view as chart points, with the legend (names and colours by unit). */
export function useChartModel(
  rows: readonly AnalyticsRow[],
  state: ExplorerState,
  reference: Reference,
  indicator: Indicator,
): ChartModel {
  const { t, i18n } = useTranslation('explorer');
  const lang = i18n.language;
  return useMemo(() => {
    const unitLabel = localized(indicator.unitLabel, lang);
    const colors = unitColors(state.units);
    const name = (code: string): string => localized(reference.byCode.get(code)?.name, lang) || code;
    const smoothed = state.rates === 'smoothed';
    const data = rows
      .filter((row) => colors.has(row.orgUnit))
      .map((row): ChartDatum => {
        const value = shownValue(row, state);
        const lines = [
          name(row.orgUnit),
          `${formatPeriodLabel(row.period, lang)}: ${formatNumber(value, lang)} ${unitLabel}`,
        ];
        if (smoothed) lines.push(`${t('crude')}: ${formatNumber(row.value, lang)}`);
        if (row.lower !== null && row.upper !== null) {
          lines.push(
            `${t('interval', { ns: 'common' })}: ${t('intervalRange', {
              ns: 'common',
              lower: formatNumber(row.lower, lang),
              upper: formatNumber(row.upper, lang),
            })}`,
          );
        }
        return {
          unit: row.orgUnit,
          name: name(row.orgUnit),
          period: row.period,
          date: periodStart(row.period),
          value,
          crude: row.value,
          lower: row.lower,
          upper: row.upper,
          tip: lines.join('\n'),
        };
      });
    const present = new Set(data.map((d) => d.unit));
    const legend = state.units
      .filter((code) => present.has(code))
      .map((code) => ({ code, name: name(code), color: colors.get(code) ?? '#1f77b4' }));
    const missing = state.units.filter((code) => !present.has(code)).map(name);
    const lastPeriod = data.reduce<string | undefined>(
      (last, d) => (last === undefined || d.period > last ? d.period : last),
      undefined,
    );
    return { data, legend, missing, lastPeriod };
  }, [rows, state, reference, indicator, lang, t]);
}

export function ChartLegend({ legend }: { legend: ChartModel['legend'] }) {
  const { t } = useTranslation('explorer');
  return (
    <ul className="chart-legend" data-testid="chart-legend" aria-label={t('legend', { ns: 'common' })}>
      {legend.map((item) => (
        <li key={item.code} data-unit={item.code}>
          <span className="legend-line" style={{ background: item.color }} aria-hidden="true" />
          {item.name}
        </li>
      ))}
    </ul>
  );
}

/** The line or bar chart, or the map, with the hints that go with it. */
export function ChartView(props: {
  view: 'line' | 'bar' | 'map';
  model: ChartModel;
  state: ExplorerState & { from: number; to: number };
  indicator: Indicator;
  reference: Reference;
  mapRows: readonly AnalyticsRow[] | undefined;
  onDrawn?: () => void;
}) {
  const { t, i18n } = useTranslation('explorer');
  const lang = i18n.language;
  const { model, state, indicator } = props;
  const name = localized(indicator.name, lang);
  const unit = localized(indicator.unitLabel, lang);
  const names = model.legend.map((item) => item.name).join(', ');
  const bands = model.legend.length <= MAX_UNITS_WITH_BANDS && model.data.some((d) => d.lower !== null);
  const lastPeriod = model.lastPeriod ?? String(state.to);
  const draw = useCallback(
    (Plot: PlotModule, width: number) => {
      const options = {
        data: props.view === 'bar' ? model.data.filter((d) => d.period === lastPeriod) : model.data,
        names: model.legend.map((item) => item.name),
        colors: model.legend.map((item) => item.color),
        yLabel: unit,
        language: lang,
        width,
      };
      return props.view === 'bar'
        ? barChart(Plot, {
            ...options,
            crudeDots: state.rates === 'smoothed',
            ariaLabel: t('barLabel', { indicator: name, unit, period: lastPeriod, units: names }),
          })
        : lineChart(Plot, {
            ...options,
            bands,
            ariaLabel: t('lineLabel', {
              indicator: name,
              unit,
              from: state.from,
              to: state.to,
              units: names,
            }),
          });
    },
    [props.view, model, lastPeriod, unit, lang, t, name, names, bands, state.from, state.to, state.rates],
  );

  if (props.view === 'map') {
    const values = new Map<string, MapValue>(
      (props.mapRows ?? []).map((row) => [
        row.orgUnit,
        { value: shownValue(row, state), lower: row.lower, upper: row.upper },
      ]),
    );
    const period = props.mapRows?.[0]?.period ?? lastPeriod;
    return (
      <div className="chart-figure" data-testid="chart-figure">
        <p className="hint">{t('mapHint', { period })}</p>
        <AmericasMap
          units={props.reference.states}
          values={values}
          direction={indicator.direction}
          unitLabel={unit}
          label={t('mapLabel', { indicator: name, period })}
        />
      </div>
    );
  }
  return (
    <figure className="chart-figure" data-testid="chart-figure">
      <PlotChart
        draw={draw}
        className="explorer-chart"
        testId="chart"
        {...(props.onDrawn === undefined ? {} : { onDrawn: props.onDrawn })}
      />
      <figcaption>
        {props.view === 'line' ? <ChartLegend legend={model.legend} /> : null}
        <p className="hint">
          {props.view === 'bar' ? t('barHint', { period: lastPeriod }) : bands ? t('bandsHint') : null}{' '}
          {state.rates === 'smoothed' ? t('smoothedShown') : null}{' '}
          {state.rates === 'smoothed' && props.view === 'bar' ? t('crudeDots') : null}
        </p>
      </figcaption>
    </figure>
  );
}

/** Every value of the view: crude and, when asked for, smoothed, with interval, counts and badges. */
export function ExplorerTable(props: {
  rows: readonly AnalyticsRow[];
  state: ExplorerState;
  indicator: Indicator;
  reference: Reference;
}) {
  const { t, i18n } = useTranslation('explorer');
  const lang = i18n.language;
  const { state } = props;
  const smoothed = state.rates === 'smoothed';
  const order = new Map(state.units.map((code, i) => [code, i]));
  const sorted = [...props.rows]
    .filter((row) => order.has(row.orgUnit))
    .sort(
      (a, b) => (order.get(a.orgUnit) ?? 0) - (order.get(b.orgUnit) ?? 0) || a.period.localeCompare(b.period),
    );
  const unit = localized(props.indicator.unitLabel, lang);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="explorer-table-caption">
      <table className="data-table" data-testid="explorer-table">
        <caption id="explorer-table-caption">
          {t('tableCaption', { indicator: localized(props.indicator.name, lang), unit })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('unit', { ns: 'common' })}</th>
            <th scope="col">{t('period', { ns: 'common' })}</th>
            <th scope="col" className="num">
              {smoothed ? t('crude') : t('value', { ns: 'common' })}
            </th>
            {smoothed ? (
              <th scope="col" className="num">
                {t('smoothed')}
              </th>
            ) : null}
            <th scope="col" className="num">
              {t('interval', { ns: 'common' })}
            </th>
            <th scope="col" className="num">
              {t('numerator')}
            </th>
            <th scope="col" className="num">
              {t('denominator')}
            </th>
            <th scope="col">{t('quality', { ns: 'common' })}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={`${row.orgUnit}:${row.period}`} data-unit={row.orgUnit} data-period={row.period}>
              <th scope="row">
                {localized(props.reference.byCode.get(row.orgUnit)?.name, lang) || row.orgUnit}
              </th>
              <td>{formatPeriodLabel(row.period, lang)}</td>
              <td className="num" data-column="value">
                {formatNumber(row.value, lang)}
              </td>
              {smoothed ? (
                <td className="num" data-column="smoothed">
                  {formatNumber(row.smoothed, lang)}
                </td>
              ) : null}
              <td className="num" data-column="interval">
                {row.lower === null || row.upper === null
                  ? '–'
                  : t('intervalRange', {
                      ns: 'common',
                      lower: formatNumber(row.lower, lang),
                      upper: formatNumber(row.upper, lang),
                    })}
              </td>
              <td className="num">{formatNumber(row.numerator, lang)}</td>
              <td className="num">{formatNumber(row.denominator, lang)}</td>
              <td>
                <QualityBadges facts={{ smallCount: row.smallCount, complete: row.complete }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The view's title: indicator, breakdown and years. */
export function useViewTitle(
  state: ExplorerState,
  indicator: Indicator | undefined,
  reference: Reference,
): string {
  const { t, i18n } = useTranslation('explorer');
  const lang = i18n.language;
  const name = localized(indicator?.name, lang);
  const from = state.from ?? '';
  const to = state.to ?? '';
  if (state.dis === '') return t('heading', { indicator: name, from, to });
  const [dimension, category] = state.dis.split('=');
  const known = reference.dimensions.find((d) => d.code === dimension);
  const breakdown = `${localized(known?.name, lang)}: ${localized(known?.categories.find((c) => c.code === category)?.name, lang)}`;
  return t('headingBreakdown', { indicator: name, breakdown, from, to });
}
