/**
 * The Americas at a glance: one indicator in one year across the member states, as a choropleth,
 * subregion panels and a ranking table. The view lives in the query string (`?indicator=&year=`).
 */
import { useTranslation } from 'react-i18next';
import { fetchAnalytics, type AnalyticsRow, type Indicator, type OrgUnit } from '../../api/client.ts';
import { useIndicators, useMemberStates, useSubregions } from '../../api/reference-data.ts';
import { useApi } from '../../api/use-api.ts';
import { AmericasMap, type MapValue } from '../../components/americas-map.tsx';
import { IndicatorSelect } from '../../components/indicator-select.tsx';
import { WhenLoaded } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { usePageReady, useDocumentTitle } from '../../page-ready.ts';
import { navigate, useLocation } from '../../router.tsx';
import { RankingTable } from './ranking-table.tsx';
import { SubregionPanels } from './subregion-panels.tsx';

export const DEFAULT_INDICATOR = 'homicide_rate';

export function OverviewPage() {
  const indicators = useIndicators();
  const states = useMemberStates();
  const subregions = useSubregions();
  return (
    <WhenLoaded loads={[indicators, states, subregions] as const}>
      {(indicatorList, stateList, subregionList) => (
        <Overview indicators={indicatorList} states={stateList} subregions={subregionList} />
      )}
    </WhenLoaded>
  );
}

function Overview(props: { indicators: Indicator[]; states: OrgUnit[]; subregions: OrgUnit[] }) {
  const { t, i18n } = useTranslation('overview');
  const { query } = useLocation();
  const code = query.get('indicator') ?? DEFAULT_INDICATOR;
  const indicator = props.indicators.find((i) => i.code === code) ?? props.indicators[0];
  const indicatorCode = indicator?.code ?? DEFAULT_INDICATOR;
  // The Americas over every year tells which years have data, and the latest.
  const americas = useApi(`overview:americas:${indicatorCode}`, () =>
    fetchAnalytics({
      indicator: indicatorCode,
      orgUnit: 'AME',
      from: '1990',
      to: '2100',
      periodType: 'year',
    }),
  );
  const years = (americas.data ?? []).map((row) => Number(row.period)).sort((a, b) => b - a);
  const requested = Number(query.get('year'));
  const year = years.includes(requested) ? requested : years[0];
  const rows = useApi(year === undefined ? null : `overview:rows:${indicatorCode}:${year}`, () =>
    Promise.all([
      fetchAnalytics({ indicator: indicatorCode, level: 'member_state', period: String(year) }),
      fetchAnalytics({ indicator: indicatorCode, level: 'subregion', period: String(year) }),
    ]),
  );
  const name = localized(indicator?.name, i18n.language);
  useDocumentTitle(t('title'));
  usePageReady(rows.state === 'ready' || (americas.state === 'ready' && years.length === 0));

  const setView = (next: { indicator?: string; year?: number }): void => {
    const params = new URLSearchParams();
    params.set('indicator', next.indicator ?? indicatorCode);
    const nextYear = next.year ?? year;
    if (nextYear !== undefined) params.set('year', String(nextYear));
    navigate(`/?${params.toString()}`, { replace: true });
  };

  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <form className="controls" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="overview-indicator">{t('indicator', { ns: 'common' })}</label>
        <IndicatorSelect
          id="overview-indicator"
          indicators={props.indicators}
          value={indicatorCode}
          onChange={(next) => setView({ indicator: next })}
        />
        <label htmlFor="overview-year">{t('year', { ns: 'common' })}</label>
        <select
          id="overview-year"
          value={year ?? ''}
          onChange={(event) => setView({ year: Number(event.target.value) })}
          disabled={years.length === 0}
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </form>
      {indicator === undefined ? null : (
        <p className="indicator-note">
          {localized(indicator.definition, i18n.language)}{' '}
          <a href={`/indicators/${indicator.code}`}>{t('aboutIndicator')}</a>
        </p>
      )}
      <WhenLoaded loads={[americas, rows] as const}>
        {(americasRows, [stateRows, subregionRows]) =>
          year === undefined || indicator === undefined ? (
            <p>{t('noData', { ns: 'common' })}</p>
          ) : (
            <OverviewBody
              indicator={indicator}
              year={year}
              name={name}
              states={props.states}
              subregions={props.subregions}
              stateRows={stateRows}
              subregionRows={subregionRows}
              americasRow={americasRows.find((row) => row.period === String(year))}
            />
          )
        }
      </WhenLoaded>
    </>
  );
}

function OverviewBody(props: {
  indicator: Indicator;
  year: number;
  name: string;
  states: OrgUnit[];
  subregions: OrgUnit[];
  stateRows: AnalyticsRow[];
  subregionRows: AnalyticsRow[];
  americasRow: AnalyticsRow | undefined;
}) {
  const { t, i18n } = useTranslation('overview');
  const unitLabel = localized(props.indicator.unitLabel, i18n.language);
  const values = new Map<string, MapValue>(
    props.stateRows.map((row) => [row.orgUnit, { value: row.value, lower: row.lower, upper: row.upper }]),
  );
  return (
    <>
      <div className="overview-grid">
        <section aria-labelledby="map-heading" className="panel">
          <h2 id="map-heading">{t('mapHeading', { indicator: props.name, year: props.year })}</h2>
          <p className="hint">{t('mapHint')}</p>
          <AmericasMap
            units={props.states}
            values={values}
            direction={props.indicator.direction}
            unitLabel={unitLabel}
            label={t('mapLabel', { indicator: props.name, year: props.year })}
          />
        </section>
        <SubregionPanels
          indicator={props.indicator}
          states={props.states}
          subregions={props.subregions}
          stateRows={props.stateRows}
          subregionRows={props.subregionRows}
          americasRow={props.americasRow}
        />
      </div>
      <RankingTable
        indicator={props.indicator}
        year={props.year}
        states={props.states}
        rows={props.stateRows}
        caption={t('rankingCaption', { indicator: props.name, year: props.year })}
      />
    </>
  );
}
