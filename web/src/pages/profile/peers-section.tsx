/**
 * The unit among the other children of its parent (a member state in its subregion, a division
 * among the divisions of its country) for a selectable indicator: its value, the median, its rank,
 * and the peers as bars and as a table with the unit highlighted.
 */
import { useTranslation } from 'react-i18next';
import type { Indicator, OrgUnit } from '../../api/client.ts';
import type { Loaded } from '../../api/use-api.ts';
import { IndicatorSelect } from '../../components/indicator-select.tsx';
import { Failed, Loading } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { formatNumber } from '../../format.ts';
import { Link } from '../../router.tsx';
import { BarChart, type Bar } from './bar-chart.tsx';
import type { PeerView } from './profile-data.ts';

const STANDING_KEYS = {
  better: 'better',
  worse: 'worse',
  'at median': 'atMedian',
  neutral: 'neutral',
} as const;

export function PeersSection(props: {
  unit: OrgUnit;
  parent: OrgUnit | undefined;
  indicators: readonly Indicator[];
  indicator: string;
  year: number;
  peers: Loaded<PeerView>;
  onIndicator: (code: string) => void;
}) {
  const { t, i18n } = useTranslation('profile');
  const lang = i18n.language;
  const indicator = props.indicators.find((i) => i.code === props.indicator);
  const parentName = localized(props.parent?.name, lang);
  return (
    <section aria-labelledby="peers-heading" className="panel profile-section" data-testid="peers">
      <h2 id="peers-heading">{t('peers')}</h2>
      <p className="hint">
        {props.unit.level === 'member_state'
          ? t('peersIntroState', { parent: parentName })
          : t('peersIntroOther', { parent: parentName })}
      </p>
      <form className="controls" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="peers-indicator">{t('indicator', { ns: 'common' })}</label>
        <IndicatorSelect
          id="peers-indicator"
          indicators={props.indicators}
          value={props.indicator}
          onChange={props.onIndicator}
        />
      </form>
      {props.peers.state === 'failed' ? <Failed error={props.peers.error} /> : null}
      {props.peers.state === 'loading' ? <Loading /> : null}
      {props.peers.data === undefined || indicator === undefined ? null : (
        <PeersBody unit={props.unit} indicator={indicator} year={props.year} view={props.peers.data} />
      )}
    </section>
  );
}

function PeersBody({
  unit,
  indicator,
  year,
  view,
}: {
  unit: OrgUnit;
  indicator: Indicator;
  year: number;
  view: PeerView;
}) {
  const { t, i18n } = useTranslation('profile');
  const lang = i18n.language;
  const { peers } = view;
  const unitName = localized(unit.name, lang);
  const indicatorName = localized(indicator.name, lang);
  const unitLabel = localized(indicator.unitLabel, lang);
  if (peers.values.length === 0) return <p className="no-data">{t('noPeers', { year })}</p>;
  const nameOf = (code: string): string =>
    code === unit.code ? unitName : localized(view.units.find((u) => u.code === code)?.name, lang) || code;
  const bars: Bar[] = peers.values.map((v) => ({
    code: v.orgUnit,
    name: nameOf(v.orgUnit),
    value: v.value,
    highlight: v.orgUnit === unit.code,
  }));
  const ranked = [...bars].sort((a, b) => b.value - a.value);
  const standing = peers.standing === null ? undefined : STANDING_KEYS[peers.standing];
  return (
    <>
      <dl className="peer-facts">
        <div>
          <dt>{t('valueOf', { unit: unitName, year })}</dt>
          <dd data-testid="peer-value">
            {peers.value === null ? t('noValue', { ns: 'common' }) : formatNumber(peers.value, lang)}{' '}
            <span className="unit-label">{unitLabel}</span>
          </dd>
        </div>
        <div>
          <dt>{t('median')}</dt>
          <dd>
            {formatNumber(peers.median, lang)} <span className="unit-label">{unitLabel}</span>
          </dd>
        </div>
        <div>
          <dt>{t('rank', { ns: 'common' })}</dt>
          <dd data-testid="peer-rank">
            {peers.rank === null ? '–' : t('rankOf', { rank: peers.rank, count: peers.peers })}
            <span className="hint"> {t('rankNote')}</span>
          </dd>
        </div>
        {standing === undefined ? null : (
          <div>
            <dt>{t('standingLabel')}</dt>
            <dd>{t(`standing.${standing}`)}</dd>
          </div>
        )}
      </dl>
      <div className="chart-and-table">
        <BarChart
          bars={bars}
          median={peers.median}
          medianLabel={t('medianShort')}
          testId="peers-chart"
          label={t('peersChartLabel', {
            indicator: indicatorName,
            year,
            count: bars.length,
            unit: unitName,
            value: formatNumber(peers.value, lang),
            median: formatNumber(peers.median, lang),
          })}
        />
        <div className="table-scroll">
          <table className="data-table" data-testid="peers-table">
            <caption>{t('peersCaption', { indicator: indicatorName, year })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rank', { ns: 'common' })}</th>
                <th scope="col">{t('name')}</th>
                <th scope="col">
                  {t('value', { ns: 'common' })} ({unitLabel})
                </th>
              </tr>
            </thead>
            <tbody>
              {ranked.map((bar, index) => (
                <tr key={bar.code} data-unit={bar.code} className={bar.highlight ? 'is-self' : undefined}>
                  <td className="num">{index + 1}</td>
                  <th scope="row">
                    {bar.highlight ? (
                      <strong>
                        {bar.name} <span className="hint">{t('thisUnit')}</span>
                      </strong>
                    ) : (
                      <Link href={`/country/${bar.code}`}>{bar.name}</Link>
                    )}
                  </th>
                  <td className="num">{formatNumber(bar.value, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </>
  );
}
