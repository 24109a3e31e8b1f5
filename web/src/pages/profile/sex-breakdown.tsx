/**
 * Homicide, prison and arrest rates by sex: a table for the selected year (values and intervals)
 * and one small chart per indicator with a line for each category over all years. Category names
 * come from the catalogue's dimensions.
 */
import type { PlotOptions } from '@observablehq/plot';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsRow, Dimension, Indicator } from '../../api/client.ts';
import type { Loaded } from '../../api/use-api.ts';
import { Failed, Loading } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { QualityBadges } from '../../components/quality-badges.tsx';
import { formatNumber } from '../../format.ts';
import { compactFormat, PlotChart, type PlotModule } from '../../components/plot-chart.tsx';
import { BY_SEX, extremes, rowsOf, yearlySeries } from './profile-model.ts';

const CATEGORIES = [
  { code: 'F', disaggregation: 'sex=F', color: '#b34700' },
  { code: 'M', disaggregation: 'sex=M', color: '#0b5cad' },
] as const;

export function SexBreakdown(props: {
  indicators: readonly Indicator[];
  rows: Loaded<AnalyticsRow[]>;
  dimensions: Loaded<Dimension[]>;
  year: number;
}) {
  const { t, i18n } = useTranslation('profile');
  const lang = i18n.language;
  const sex = props.dimensions.data?.find((d) => d.code === 'sex');
  const categoryName = (code: string): string =>
    localized(sex?.categories.find((c) => c.code === code)?.name, lang) || code;
  const rows = props.rows.data ?? [];
  const shown = BY_SEX.flatMap((code) => {
    const indicator = props.indicators.find((i) => i.code === code);
    return indicator === undefined ? [] : [indicator];
  }).filter((indicator) => CATEGORIES.some((c) => rowsOf(rows, indicator.code, c.disaggregation).length > 0));

  let body: React.ReactNode;
  if (props.rows.state === 'failed') body = <Failed error={props.rows.error} />;
  else if (props.dimensions.state === 'failed') body = <Failed error={props.dimensions.error} />;
  else if (props.rows.state === 'loading' || props.dimensions.state === 'loading') body = <Loading />;
  else if (shown.length === 0) body = <p className="no-data">{t('noSexData')}</p>;
  else
    body = (
      <>
        <div className="table-scroll">
          <table className="data-table" data-testid="sex-table">
            <caption>{t('bySexCaption', { year: props.year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('indicator', { ns: 'common' })}</th>
                {CATEGORIES.map((category) => (
                  <th scope="col" key={category.code} data-category={category.code}>
                    {categoryName(category.code)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((indicator) => (
                <tr key={indicator.code} data-indicator={indicator.code}>
                  <th scope="row">
                    {localized(indicator.name, lang)}{' '}
                    <span className="unit-label">({localized(indicator.unitLabel, lang)})</span>
                  </th>
                  {CATEGORIES.map((category) => {
                    const row = rowsOf(rows, indicator.code, category.disaggregation).find(
                      (r) => r.period === String(props.year),
                    );
                    return (
                      <td key={category.code}>
                        {row === undefined ? (
                          '–'
                        ) : (
                          <>
                            <span className="num-value">{formatNumber(row.value, lang)}</span>
                            {row.lower === null || row.upper === null ? null : (
                              <span className="cell-interval">
                                {t('intervalRange', {
                                  ns: 'common',
                                  lower: formatNumber(row.lower, lang),
                                  upper: formatNumber(row.upper, lang),
                                })}
                              </span>
                            )}{' '}
                            <QualityBadges facts={{ smallCount: row.smallCount, complete: row.complete }} />
                          </>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ul className="chart-legend" aria-hidden="true">
          {CATEGORIES.map((category) => (
            <li key={category.code}>
              <span className="legend-line" style={{ background: category.color }} />
              {categoryName(category.code)}
            </li>
          ))}
        </ul>
        <div className="sex-charts">
          {shown.map((indicator) => (
            <figure key={indicator.code} className="sex-chart">
              <figcaption>{localized(indicator.name, lang)}</figcaption>
              <SexChart indicator={indicator} rows={rows} year={props.year} categoryName={categoryName} />
            </figure>
          ))}
        </div>
      </>
    );
  return (
    <section aria-labelledby="sex-heading" className="panel profile-section" data-testid="by-sex">
      <h2 id="sex-heading">{t('bySex')}</h2>
      {body}
    </section>
  );
}

function SexChart(props: {
  indicator: Indicator;
  rows: readonly AnalyticsRow[];
  year: number;
  categoryName: (code: string) => string;
}) {
  const { t, i18n } = useTranslation('profile');
  const lang = i18n.language;
  const series = useMemo(
    () =>
      CATEGORIES.map((category) => ({
        category,
        points: yearlySeries(rowsOf(props.rows, props.indicator.code, category.disaggregation)),
      })),
    [props.rows, props.indicator.code],
  );
  const options = useCallback(
    (Plot: PlotModule, width: number): PlotOptions => ({
      height: 140,
      marginLeft: 40,
      marginRight: 16,
      marginTop: 10,
      marginBottom: 22,
      style: { fontSize: '11px', color: '#1b1f24', background: 'transparent' },
      x: { label: null, tickFormat: 'd', ticks: Math.max(2, Math.floor(width / 70)) },
      y: { label: null, grid: true, ticks: 3, zero: true, tickFormat: compactFormat(lang) },
      marks: [
        Plot.ruleX([props.year], { stroke: '#767f8a', strokeDasharray: '3,3' }),
        ...series.flatMap(({ category, points }) => [
          Plot.areaY(points, {
            x: 'year',
            y1: 'lower',
            y2: 'upper',
            fill: category.color,
            fillOpacity: 0.15,
          }),
          Plot.lineY(points, { x: 'year', y: 'value', stroke: category.color, strokeWidth: 2 }),
        ]),
      ],
    }),
    [series, props.year, lang],
  );
  const summary = series
    .map(({ category, points }) => {
      const ends = extremes(points);
      return ends === undefined
        ? undefined
        : t('bySexSummary', {
            category: props.categoryName(category.code),
            from: ends.first.year,
            to: ends.last.year,
            first: formatNumber(ends.first.value, lang),
            last: formatNumber(ends.last.value, lang),
          });
    })
    .filter((text) => text !== undefined)
    .join('; ');
  const label = t('bySexChartLabel', {
    indicator: localized(props.indicator.name, lang),
    summary,
  });
  return <PlotChart options={options} label={label} className="trend-chart" testId="sex-chart" />;
}
