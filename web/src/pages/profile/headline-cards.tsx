/**
 * The headline indicators as cards, traditional and wider outcomes side by side: the value in the
 * selected year with its unit and 95% interval, the series over all years (the interval as a
 * band), the annual percent change over the last ten years, and data-quality badges.
 */
import type { PlotOptions } from '@observablehq/plot';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsRow, Indicator, OrgUnit, Trend } from '../../api/client.ts';
import type { Loaded } from '../../api/use-api.ts';
import { localized } from '../../components/names.ts';
import { QualityBadges, type QualityFacts } from '../../components/quality-badges.tsx';
import { formatNumber, locale } from '../../format.ts';
import { Link } from '../../router.tsx';
import { compactFormat, PlotChart, type PlotModule } from '../../components/plot-chart.tsx';
import type { SourceCheck } from './profile-data.ts';
import { extremes, rowsOf, TRADITIONAL, trendVerdict, WIDER, yearlySeries } from './profile-model.ts';

export const CHART_COLOR = '#0b5cad';

export function HeadlineCards(props: {
  unit: OrgUnit;
  indicators: readonly Indicator[];
  rows: readonly AnalyticsRow[];
  year: number;
  trends: Loaded<Map<string, Trend>>;
  sourceCheck: Loaded<SourceCheck>;
}) {
  const { t } = useTranslation('profile');
  const byIndicator = useMemo(
    () => new Map([...TRADITIONAL, ...WIDER].map((code) => [code as string, rowsOf(props.rows, code)])),
    [props.rows],
  );
  const column = (family: 'traditional' | 'wider_outcome', codes: readonly string[]) => (
    <section aria-labelledby={`headline-${family}`} className="headline-column" data-family={family}>
      <h3 id={`headline-${family}`}>{t(`familyPlural.${family}`, { ns: 'common' })}</h3>
      <ul className="indicator-cards">
        {codes.map((code) => {
          const indicator = props.indicators.find((i) => i.code === code);
          if (indicator === undefined) return null;
          return (
            <li key={code}>
              <IndicatorCard
                indicator={indicator}
                rows={byIndicator.get(code) ?? []}
                year={props.year}
                trend={props.trends.data?.get(code)}
                trendState={props.trends.state}
                sourceCheck={code === 'homicide_rate' ? props.sourceCheck.data : undefined}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
  return (
    <section aria-labelledby="headline-heading" className="profile-section">
      <h2 id="headline-heading">{t('headline')}</h2>
      <p className="hint">{t('headlineIntro', { year: props.year })}</p>
      <div className="headline-columns">
        {column('traditional', TRADITIONAL)}
        {column('wider_outcome', WIDER)}
      </div>
    </section>
  );
}

function IndicatorCard(props: {
  indicator: Indicator;
  rows: AnalyticsRow[];
  year: number;
  trend: Trend | undefined;
  trendState: Loaded<unknown>['state'];
  sourceCheck: SourceCheck | undefined;
}) {
  const { t, i18n } = useTranslation('profile');
  const lang = i18n.language;
  const { indicator, rows, year } = props;
  const name = localized(indicator.name, lang);
  const unitLabel = localized(indicator.unitLabel, lang);
  const row = rows.find((r) => r.period === String(year));
  const headingId = `card-${indicator.code}`;
  const facts: QualityFacts = {
    ...(row === undefined ? {} : { smallCount: row.smallCount, complete: row.complete }),
    ...(props.sourceCheck?.disagreement === undefined
      ? {}
      : {
          disagreement: {
            first: sourceName(props.sourceCheck, props.sourceCheck.disagreement.first, lang),
            second: sourceName(props.sourceCheck, props.sourceCheck.disagreement.second, lang),
            share: props.sourceCheck.disagreement.share,
          },
        }),
  };
  return (
    <article className="indicator-card" aria-labelledby={headingId} data-indicator={indicator.code}>
      <h4 id={headingId}>
        <Link href={`/indicators/${indicator.code}`}>{name}</Link>
      </h4>
      {rows.length === 0 ? (
        <p className="no-data" data-testid="card-no-data">
          {t('noDataIndicator')}
        </p>
      ) : (
        <>
          {row === undefined ? (
            <p className="no-data">{t('noValueInYear', { year })}</p>
          ) : (
            <p className="card-value">
              <span className="card-year">{year}</span>{' '}
              <strong data-testid="card-value">{formatNumber(row.value, lang)}</strong>{' '}
              <span className="unit-label">{unitLabel}</span>
              {row.lower === null || row.upper === null ? null : (
                <span className="card-interval">
                  {t('intervalText', {
                    lower: formatNumber(row.lower, lang),
                    upper: formatNumber(row.upper, lang),
                  })}
                </span>
              )}
            </p>
          )}
          <QualityBadges facts={facts} />
          <TrendChart name={name} rows={rows} year={year} />
          <TrendLine trend={props.trend} state={props.trendState} />
          {props.sourceCheck !== undefined && props.sourceCheck.values.length > 1 ? (
            <p className="hint source-values">
              {t('sourcesCompared', {
                year,
                list: props.sourceCheck.values
                  .map((v) => `${localized(v.name, lang)} ${formatNumber(v.value, lang)}`)
                  .join(' · '),
              })}
            </p>
          ) : null}
        </>
      )}
    </article>
  );
}

function sourceName(check: SourceCheck, code: string, lang: string): string {
  return localized(check.values.find((v) => v.source === code)?.name, lang) || code;
}

function TrendChart({ name, rows, year }: { name: string; rows: AnalyticsRow[]; year: number }) {
  const { t, i18n } = useTranslation('profile');
  const lang = i18n.language;
  const points = useMemo(() => yearlySeries(rows), [rows]);
  const hasBand = points.some((p) => Number.isFinite(p.lower) && Number.isFinite(p.upper));
  const options = useCallback(
    (Plot: PlotModule, width: number): PlotOptions => {
      const observed = points.filter((p) => Number.isFinite(p.value));
      // A series with gaps (a survey every other year) is drawn through its observations, each marked.
      const gaps = observed.length < points.length;
      return {
        height: 120,
        marginLeft: 40,
        marginRight: 16,
        marginTop: 10,
        marginBottom: 22,
        style: { fontSize: '11px', color: '#1b1f24', background: 'transparent' },
        x: { label: null, tickFormat: 'd', ticks: Math.max(2, Math.floor(width / 70)) },
        y: { label: null, grid: true, ticks: 3, zero: true, tickFormat: compactFormat(lang) },
        marks: [
          Plot.areaY(points, { x: 'year', y1: 'lower', y2: 'upper', fill: CHART_COLOR, fillOpacity: 0.18 }),
          Plot.lineY(observed, { x: 'year', y: 'value', stroke: CHART_COLOR, strokeWidth: 2 }),
          ...(gaps ? [Plot.dot(observed, { x: 'year', y: 'value', fill: CHART_COLOR, r: 2 })] : []),
          Plot.dot(
            observed.filter((p) => p.year === year),
            { x: 'year', y: 'value', fill: CHART_COLOR, r: 4, stroke: 'white' },
          ),
        ],
      };
    },
    [points, year, lang],
  );
  const summary = extremes(points);
  if (summary === undefined) return null;
  const label = `${t('trendChartLabel', {
    indicator: name,
    from: summary.first.year,
    to: summary.last.year,
    first: formatNumber(summary.first.value, lang),
    last: formatNumber(summary.last.value, lang),
    min: formatNumber(summary.min.value, lang),
    minYear: summary.min.year,
    max: formatNumber(summary.max.value, lang),
    maxYear: summary.max.year,
  })}${hasBand ? ` ${t('withBand')}` : ''}`;
  return <PlotChart options={options} label={label} className="trend-chart" testId="trend-chart" />;
}

function TrendLine({ trend, state }: { trend: Trend | undefined; state: Loaded<unknown>['state'] }) {
  const { t, i18n } = useTranslation('profile');
  const lang = i18n.language;
  if (state === 'loading') return <p className="hint">{t('loading', { ns: 'common' })}</p>;
  if (trend === undefined) return null;
  const verdict = trendVerdict(trend);
  const percent = new Intl.NumberFormat(locale(lang), {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  const pct = (value: number) => percent.format(value / 100);
  return (
    <p className="trend-line" data-testid="trend" data-verdict={verdict}>
      <span className={`trend-verdict trend-${verdict}`}>{t(`trend.${verdict}`)}</span>
      {trend.apc === null ? null : (
        <>
          {' · '}
          {trend.lower === null || trend.upper === null
            ? t('apcNoInterval', { from: trend.from, to: trend.to, apc: pct(trend.apc) })
            : t('apc', {
                from: trend.from,
                to: trend.to,
                apc: pct(trend.apc),
                lower: pct(trend.lower),
                upper: pct(trend.upper),
              })}
        </>
      )}
    </p>
  );
}
