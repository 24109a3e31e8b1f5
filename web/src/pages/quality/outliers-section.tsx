/**
 * Outliers of one unit's series of an element: per source and period type, the observed values
 * against their expected value (trend + season) in a chart, the flagged points marked and listed
 * with their score, and every value in a table as the chart's text alternative.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { Failed, Loading } from '../../components/load-state.tsx';
import { compactFormat, PlotChart, type PlotModule } from '../../components/plot-chart.tsx';
import { formatNumber, formatPeriodLabel } from '../../format.ts';
import { usePageReady } from '../../page-ready.ts';
import { TableScroll } from './table-scroll.tsx';
import { fetchOutliers, type OutlierSeries } from './quality-api.ts';
import { periodStart } from './quality-model.ts';

const OBSERVED = '#4a6d8c';
const EXPECTED = '#6b6b6b';
const FLAGGED = '#b42318';

export function OutliersSection(props: { unit: string; element: string; elementName: string }) {
  const { t } = useTranslation('quality');
  const { unit, element } = props;
  const loaded = useApi(`quality-outliers:${element}:${unit}`, () =>
    fetchOutliers({ element, orgUnit: unit }),
  );
  usePageReady(loaded.state !== 'loading');
  return (
    <section className="panel" aria-labelledby="outliers-heading" data-testid="outliers-section">
      <h2 id="outliers-heading">{t('outliers.heading', { element: props.elementName, unit })}</h2>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <Failed error={loaded.error} /> : null}
      {loaded.state === 'ready' ? (
        loaded.data.series.length === 0 ? (
          <p role="status">{t('outliers.noSeries')}</p>
        ) : (
          loaded.data.series.map((series) => (
            <SeriesView key={`${series.source}:${series.periodType}`} series={series} />
          ))
        )
      ) : null}
      <p className="hint">{t('outliers.scoreNote')}</p>
    </section>
  );
}

function SeriesView({ series }: { series: OutlierSeries }) {
  const { t, i18n } = useTranslation('quality');
  const lang = i18n.language;
  const period = (code: string) => formatPeriodLabel(code, lang);
  const options = useCallback(
    (Plot: PlotModule, width: number) => {
      const points = series.points.map((p) => ({ ...p, date: periodStart(p.period) }));
      const flagged = series.outliers.map((p) => ({ ...p, date: periodStart(p.period) }));
      return {
        width,
        height: 280,
        marginLeft: 56,
        x: { type: 'utc' as const, label: null },
        y: { grid: true, label: null, tickFormat: compactFormat(lang), zero: true },
        marks: [
          Plot.line(points, { x: 'date', y: 'expected', stroke: EXPECTED, strokeWidth: 1.5 }),
          Plot.dot(points, { x: 'date', y: 'value', r: 1.8, fill: OBSERVED }),
          Plot.dot(flagged, { x: 'date', y: 'value', r: 5, stroke: FLAGGED, strokeWidth: 2 }),
        ],
      };
    },
    [series, lang],
  );
  const heading = t('outliers.series', {
    source: series.source,
    periodType: t(`outliers.periodTypes.${series.periodType as 'year' | 'quarter' | 'month'}`),
    from: period(series.from),
    to: period(series.to),
  });
  const id = `outliers-${series.source}-${series.periodType}`;
  return (
    <section
      className="outlier-series"
      aria-labelledby={id}
      data-testid="outlier-series"
      data-source={series.source}
      data-period-type={series.periodType}
    >
      <h3 id={id}>
        {heading}{' '}
        {series.status === 'ok' ? (
          <span className={`badge ${series.outliers.length > 0 ? 'badge-alert' : 'badge-ok'}`}>
            {t('outliers.flaggedCount', { count: series.outliers.length })}
          </span>
        ) : null}
      </h3>
      {series.status === 'too_short' ? (
        <p>{t('outliers.tooShort', { count: series.observed })}</p>
      ) : (
        <>
          <p className="hint">{series.seasonal ? t('outliers.seasonal') : t('outliers.notSeasonal')}</p>
          <PlotChart
            options={options}
            label={t('outliers.chartLabel', {
              source: series.source,
              from: period(series.from),
              to: period(series.to),
              count: series.outliers.length,
            })}
            testId="outlier-chart"
          />
          <ul className="chart-legend">
            <li>
              <span className="legend-line" style={{ background: EXPECTED }} aria-hidden="true" />
              {t('outliers.legend.expected')}
            </li>
            <li>
              <span className="legend-dot" style={{ background: OBSERVED }} aria-hidden="true" />
              {t('outliers.legend.observed')}
            </li>
            <li>
              <span className="legend-ring" style={{ borderColor: FLAGGED }} aria-hidden="true" />
              {t('outliers.legend.flagged')}
            </li>
          </ul>
          {series.outliers.length === 0 ? (
            <p role="status">{t('outliers.none')}</p>
          ) : (
            <PointTable points={series.outliers} caption={t('outliers.caption')} testId="outlier-table" />
          )}
          <details className="chart-data">
            <summary>{t('outliers.allPoints')}</summary>
            <PointTable points={series.points} testId="outlier-points" />
          </details>
        </>
      )}
    </section>
  );
}

function PointTable(props: { points: OutlierSeries['points']; caption?: string; testId: string }) {
  const { t, i18n } = useTranslation('quality');
  const lang = i18n.language;
  return (
    <TableScroll label={props.caption ?? t('outliers.allPoints')}>
      <table className="data-table" data-testid={props.testId}>
        {props.caption === undefined ? null : <caption>{props.caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{t('outliers.col.period')}</th>
            <th scope="col" className="num">
              {t('outliers.col.value')}
            </th>
            <th scope="col" className="num">
              {t('outliers.col.expected')}
            </th>
            <th scope="col" className="num">
              {t('outliers.col.score')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.points.map((p) => (
            <tr key={p.period} data-period={p.period}>
              <th scope="row">{formatPeriodLabel(p.period, lang)}</th>
              <td className="num" data-col="value">
                {formatNumber(p.value, lang)}
              </td>
              <td className="num" data-col="expected">
                {formatNumber(p.expected, lang)}
              </td>
              <td className="num" data-col="score">
                {formatNumber(p.score, lang)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
