/**
 * The profile of one unit, a member state (`/country/MEX`) or a subnational unit
 * (`/country/MEX.09`): its headline indicators with trends, intervals and quality badges, the
 * breakdown by sex, its standing among its peers and its own subnational units. The view lives in
 * the query string (`?year=&peers=&children=`), so a link reproduces it.
 */
import { useTranslation } from 'react-i18next';
import type { Indicator, OrgUnit } from '../../api/client.ts';
import { useDimensions } from '../../api/reference-data.ts';
import { useApi } from '../../api/use-api.ts';
import { Failed, Loading } from '../../components/load-state.tsx';
import { usePlot } from '../../components/plot-chart.tsx';
import { localized } from '../../components/names.ts';
import { useDocumentTitle, usePageReady } from '../../page-ready.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import type { PageProps } from '../../routes.tsx';
import { ChildrenSection } from './children-section.tsx';
import { HeadlineCards } from './headline-cards.tsx';
import { PeersSection } from './peers-section.tsx';
import {
  loadAncestors,
  loadBySex,
  loadChildren,
  loadHeadline,
  loadPeers,
  loadSourceCheck,
  loadTrends,
} from './profile-data.ts';
import { pickYear, yearsWithData } from './profile-model.ts';
import { SexBreakdown } from './sex-breakdown.tsx';
import { UnitPage } from './unit-page.tsx';

const DEFAULT_INDICATOR = 'homicide_rate';

export default function ProfilePage({ params }: PageProps) {
  const code = params['code'] ?? '';
  usePlot(); // starts loading the charts' library beside the unit's first requests
  return (
    <UnitPage code={code}>
      {(found, list) => <Profile key={found.code} unit={found} indicators={list} />}
    </UnitPage>
  );
}

function Profile({ unit, indicators }: { unit: OrgUnit; indicators: Indicator[] }) {
  const { t, i18n } = useTranslation('profile');
  const lang = i18n.language;
  const { query } = useLocation();
  const ancestors = useApi(`profile:ancestors:${unit.code}`, () => loadAncestors(unit));
  const headline = useApi(`profile:headline:${unit.code}`, () => loadHeadline(unit.code));
  const dimensions = useDimensions();
  const years = yearsWithData(headline.data ?? []);
  const year = pickYear(years, query.get('year'));
  const known = (code: string | null): string =>
    code !== null && indicators.some((i) => i.code === code) ? code : DEFAULT_INDICATOR;
  const peerIndicator = known(query.get('peers'));
  const childIndicator = known(query.get('children'));

  const trends = useApi(`profile:trends:${unit.code}`, () => loadTrends(unit.code));
  const sourceCheck = useApi(year === undefined ? null : `profile:sources:${unit.code}:${year}`, () =>
    loadSourceCheck(unit.code, year ?? 0),
  );
  const bySex = useApi(`profile:sex:${unit.code}`, () => loadBySex(unit.code));
  const peers = useApi(
    year === undefined || unit.parentCode === null
      ? null
      : `profile:peers:${unit.code}:${peerIndicator}:${year}`,
    () => loadPeers(unit, peerIndicator, year ?? 0),
  );
  const children = useApi(
    year === undefined ? null : `profile:children:${unit.code}:${childIndicator}:${year}`,
    () => loadChildren(unit.code, childIndicator, year ?? 0),
  );

  const plot = usePlot();
  const name = localized(unit.name, lang);
  useDocumentTitle(name);
  const settled = (load: { state: string }) => load.state !== 'loading';
  const noYear = headline.state === 'ready' && year === undefined;
  usePageReady(
    noYear ||
      (plot !== undefined &&
        settled(headline) &&
        settled(trends) &&
        settled(sourceCheck) &&
        settled(bySex) &&
        settled(dimensions) &&
        (unit.parentCode === null || settled(peers)) &&
        settled(children)),
  );

  const setView = (next: { year?: number; peers?: string; children?: string }): void => {
    const params = new URLSearchParams();
    const nextYear = next.year ?? year;
    if (nextYear !== undefined) params.set('year', String(nextYear));
    const nextPeers = next.peers ?? peerIndicator;
    if (nextPeers !== DEFAULT_INDICATOR) params.set('peers', nextPeers);
    const nextChildren = next.children ?? childIndicator;
    if (nextChildren !== DEFAULT_INDICATOR) params.set('children', nextChildren);
    navigate(`/country/${encodeURIComponent(unit.code)}?${params.toString()}`, { replace: true });
  };

  const parent = ancestors.data?.[ancestors.data.length - 1];
  return (
    <article className="profile-page">
      <nav aria-label={t('breadcrumb')} className="breadcrumb">
        <ol>
          {(ancestors.data ?? []).map((ancestor) => (
            <li key={ancestor.code}>
              <Link href={ancestor.parentCode === null ? '/' : `/country/${ancestor.code}`}>
                {localized(ancestor.name, lang)}
              </Link>
            </li>
          ))}
          <li>
            <span aria-current="page">{name}</span>
          </li>
        </ol>
      </nav>
      <h1>{name}</h1>
      <p className="profile-subtitle">
        {parent === undefined
          ? t(`level.${unit.level}`)
          : t('levelIn', { level: t(`level.${unit.level}`), parent: localized(parent.name, lang) })}
      </p>
      <form className="controls" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="profile-year">{t('year', { ns: 'common' })}</label>
        <select
          id="profile-year"
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
        <Link
          className="button secondary"
          href={`/explore?indicator=homicide_rate&units=${encodeURIComponent(unit.code)}`}
        >
          {t('openInExplorer')}
        </Link>
        <Link
          className="button secondary"
          href={`/country/${encodeURIComponent(unit.code)}/diagnosis${year === undefined ? '' : `?year=${year}`}`}
        >
          {t('profileLink', { ns: 'diagnosis' })}
        </Link>
      </form>
      {headline.state === 'failed' ? <Failed error={headline.error} /> : null}
      {headline.state === 'loading' ? <Loading /> : null}
      {noYear ? <p className="no-data">{t('noDataAtAll')}</p> : null}
      {headline.data === undefined || year === undefined ? null : (
        <>
          <HeadlineCards
            unit={unit}
            indicators={indicators}
            rows={headline.data}
            year={year}
            trends={trends}
            sourceCheck={sourceCheck}
          />
          <SexBreakdown indicators={indicators} rows={bySex} dimensions={dimensions} year={year} />
          {unit.parentCode === null ? null : (
            <PeersSection
              unit={unit}
              parent={parent}
              indicators={indicators}
              indicator={peerIndicator}
              year={year}
              peers={peers}
              onIndicator={(code) => setView({ peers: code })}
            />
          )}
          <ChildrenSection
            unit={unit}
            indicators={indicators}
            indicator={childIndicator}
            year={year}
            children={children}
            onIndicator={(code) => setView({ children: code })}
          />
        </>
      )}
    </article>
  );
}
