/**
 * One problem or strength as a card: its title and plain-language explanation in the reader's
 * language, the numbers behind it (value with interval, peer median and count, annual change with
 * interval, or the outcome gap's percentiles) and a small chart: the unit's series with its
 * interval band for a trend, the peers' bars with the unit highlighted for a gap to the peers.
 */
import type { PlotOptions } from '@observablehq/plot';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Indicator } from '../../api/client.ts';
import { localized } from '../../components/names.ts';
import { formatNumber, formatPercent, locale } from '../../format.ts';
import { Link } from '../../router.tsx';
import { BarChart } from '../profile/bar-chart.tsx';
import { compactFormat, PlotChart, type PlotModule } from '../../components/plot-chart.tsx';
import { chartFor, findingAnchor, type Finding } from './diagnosis-model.ts';

const CHART_COLOR = '#0b5cad';

export interface CardContext {
  readonly unitCode: string;
  readonly unitName: string;
  readonly year: number;
  readonly indicators: ReadonlyMap<string, Indicator>;
  /** names of the peers (the parent's children) by code */
  readonly peerNames: ReadonlyMap<string, string>;
}

export function FindingCard({
  finding,
  rank,
  context,
}: {
  finding: Finding;
  rank: number;
  context: CardContext;
}) {
  const { t, i18n } = useTranslation('diagnosis');
  const lang = i18n.language;
  const anchor = findingAnchor(finding.id);
  const chart = chartFor(finding);
  return (
    <article
      className={`finding-card finding-${finding.assessment}`}
      id={anchor}
      aria-labelledby={`${anchor}-title`}
      data-finding={finding.id}
      data-kind={finding.kind}
    >
      <p className="finding-kind">
        <span className="finding-rank">{t('rankLabel', { rank })}</span> · {t(`kind.${finding.kind}`)}
      </p>
      <h3 id={`${anchor}-title`}>{localized(finding.title, lang)}</h3>
      <p className="finding-explanation">{localized(finding.explanation, lang)}</p>
      <KeyNumbers finding={finding} context={context} />
      {finding.kind === 'outcome_gap' ? <GapComponents finding={finding} context={context} /> : null}
      {chart === 'trend' ? <SeriesChart finding={finding} context={context} /> : null}
      {chart === 'peers' ? <PeersChart finding={finding} context={context} /> : null}
      {finding.indicator === null ? null : (
        <p className="finding-more">
          <Link href={`/indicators/${encodeURIComponent(finding.indicator)}`}>
            {localized(context.indicators.get(finding.indicator)?.name, lang) || finding.indicator}
          </Link>
        </p>
      )}
    </article>
  );
}

function signedPercent(value: number, lang: string): string {
  return new Intl.NumberFormat(locale(lang), {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(value / 100);
}

/** The numbers that apply to the finding's kind, as a list of terms and values. */
function KeyNumbers({ finding, context }: { finding: Finding; context: CardContext }) {
  const { t, i18n } = useTranslation('diagnosis');
  const lang = i18n.language;
  const n = finding.numbers;
  const indicator = finding.indicator === null ? undefined : context.indicators.get(finding.indicator);
  const unitLabel = localized(indicator?.unitLabel, lang);
  const items: { key: string; term: string; value: string; detail?: string }[] = [];
  if (n.value !== null)
    items.push({
      key: 'value',
      term: t('valueIn', { year: context.year }),
      value: `${formatNumber(n.value, lang)}${unitLabel === '' ? '' : ` ${unitLabel}`}`,
      ...(n.lower === null || n.upper === null
        ? {}
        : {
            detail: t('interval', { lower: formatNumber(n.lower, lang), upper: formatNumber(n.upper, lang) }),
          }),
    });
  if (n.median !== null)
    items.push({
      key: 'median',
      term: t('peerMedian'),
      value: formatNumber(n.median, lang),
      ...(n.peers === null ? {} : { detail: t('peerCount', { count: n.peers }) }),
    });
  if (n.apc !== null)
    items.push({
      key: 'apc',
      term: t('apc', { from: n.fromYear ?? '', to: n.toYear ?? '' }),
      value: signedPercent(n.apc, lang),
      ...(n.apcLower === null || n.apcUpper === null
        ? {}
        : {
            detail: t('apcInterval', {
              lower: signedPercent(n.apcLower, lang),
              upper: signedPercent(n.apcUpper, lang),
            }),
          }),
    });
  if (n.enforcementPercentile !== null)
    items.push({ key: 'enf', term: t('enforcement'), value: formatPercent(n.enforcementPercentile, lang) });
  if (n.preventionPercentile !== null)
    items.push({ key: 'prev', term: t('prevention'), value: formatPercent(n.preventionPercentile, lang) });
  if (n.sourceDifference !== null)
    items.push({
      key: 'sources',
      term: t('sourceDifference'),
      value: formatPercent(n.sourceDifference, lang),
    });
  if (n.numerator !== null)
    items.push({ key: 'events', term: t('events'), value: formatNumber(n.numerator, lang) });
  if (n.latestYear !== null)
    items.push({ key: 'latest', term: t('latestYear'), value: String(n.latestYear) });
  if (items.length === 0) return null;
  return (
    <dl className="finding-numbers" aria-label={t('numbers')} data-testid="finding-numbers">
      {items.map((item) => (
        <div key={item.key} data-number={item.key}>
          <dt>{item.term}</dt>
          <dd>
            <strong>{item.value}</strong>
            {item.detail === undefined ? null : <span className="finding-detail">{item.detail}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The outcome gap's indicators: the unit's value, the peers' median and its percentile. */
function GapComponents({ finding, context }: { finding: Finding; context: CardContext }) {
  const { t, i18n } = useTranslation('diagnosis');
  const lang = i18n.language;
  return (
    <div className="table-scroll">
      <table className="data-table finding-components">
        <caption>{t('componentsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('indicator', { ns: 'common' })}</th>
            <th scope="col">{t('value', { ns: 'common' })}</th>
            <th scope="col">{t('peerMedian')}</th>
            <th scope="col">{t('percentile')}</th>
          </tr>
        </thead>
        <tbody>
          {finding.components.map((c) => (
            <tr key={c.indicator}>
              <th scope="row">
                {localized(context.indicators.get(c.indicator)?.name, lang) || c.indicator}
                <span className="cell-interval">{t(`group.${c.group}`)}</span>
              </th>
              <td className="num">{formatNumber(c.value, lang)}</td>
              <td className="num">{formatNumber(c.median, lang)}</td>
              <td className="num">{formatPercent(c.percentile, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The unit's yearly values of the indicator with their 95% band, the diagnosed year marked. */
function SeriesChart({ finding, context }: { finding: Finding; context: CardContext }) {
  const { t, i18n } = useTranslation('diagnosis');
  const lang = i18n.language;
  const { series } = finding;
  const year = context.year;
  const options = useCallback(
    (Plot: PlotModule, width: number): PlotOptions => {
      const points = series.map((p) => ({
        year: p.year,
        value: p.value,
        lower: p.lower ?? NaN,
        upper: p.upper ?? NaN,
      }));
      return {
        height: 130,
        marginLeft: 40,
        marginRight: 16,
        marginTop: 10,
        marginBottom: 22,
        style: { fontSize: '11px', color: '#1b1f24', background: 'transparent' },
        x: { label: null, tickFormat: 'd', ticks: Math.max(2, Math.floor(width / 70)) },
        y: { label: null, grid: true, ticks: 3, zero: true, tickFormat: compactFormat(lang) },
        marks: [
          Plot.areaY(points, { x: 'year', y1: 'lower', y2: 'upper', fill: CHART_COLOR, fillOpacity: 0.18 }),
          Plot.lineY(points, { x: 'year', y: 'value', stroke: CHART_COLOR, strokeWidth: 2 }),
          Plot.dot(points, { x: 'year', y: 'value', fill: CHART_COLOR, r: 2 }),
          Plot.dot(
            points.filter((p) => p.year === year),
            { x: 'year', y: 'value', fill: CHART_COLOR, r: 4, stroke: 'white' },
          ),
        ],
      };
    },
    [series, year, lang],
  );
  const first = series[0];
  const last = series[series.length - 1];
  if (first === undefined || last === undefined) return null;
  const hasBand = series.some((p) => p.lower !== null && p.upper !== null);
  const name =
    localized(context.indicators.get(finding.indicator ?? '')?.name, lang) || (finding.indicator ?? '');
  const label = `${t('trendChartLabel', {
    indicator: name,
    unit: context.unitName,
    from: first.year,
    to: last.year,
    first: formatNumber(first.value, lang),
    last: formatNumber(last.value, lang),
  })}${hasBand ? ` ${t('withBand')}` : ''}`;
  return <PlotChart options={options} label={label} className="finding-chart" testId="finding-chart" />;
}

/** The peers' values in the year, the unit highlighted, the median dashed. */
function PeersChart({ finding, context }: { finding: Finding; context: CardContext }) {
  const { t, i18n } = useTranslation('diagnosis');
  const lang = i18n.language;
  const bars = finding.peerValues.map((p) => ({
    code: p.orgUnit,
    name: p.orgUnit === context.unitCode ? context.unitName : (context.peerNames.get(p.orgUnit) ?? p.orgUnit),
    value: p.value,
    highlight: p.orgUnit === context.unitCode,
  }));
  const own = finding.peerValues.find((p) => p.orgUnit === context.unitCode);
  const name =
    localized(context.indicators.get(finding.indicator ?? '')?.name, lang) || (finding.indicator ?? '');
  const label = t('peersChartLabel', {
    indicator: name,
    year: context.year,
    count: bars.length,
    unit: context.unitName,
    value: formatNumber(own?.value ?? finding.numbers.value, lang),
    median: formatNumber(finding.numbers.median, lang),
  });
  return (
    <div className="finding-chart">
      <BarChart
        bars={bars}
        median={finding.numbers.median}
        medianLabel={t('medianShort')}
        label={label}
        testId="finding-chart"
      />
    </div>
  );
}
