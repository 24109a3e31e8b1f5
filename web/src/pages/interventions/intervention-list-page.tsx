/**
 * The interventions register: every registered project, law, tactic and strategy, filtered by
 * country and type (kept in the query string), and the form to register one for analysts,
 * approvers and administrators; the public and other accounts see why there is no form.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Indicator, OrgUnit } from '../../api/client.ts';
import { useIndicators, useMemberStates } from '../../api/reference-data.ts';
import { hasRole, isSignedIn, useSession } from '../../api/session.ts';
import { useApi } from '../../api/use-api.ts';
import { WhenLoaded } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { useDocumentTitle, usePageReady } from '../../page-ready.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import type { Intervention } from './evaluation-types.ts';
import { interventionsKey, loadInterventions } from './interventions-api.ts';
import { RegisterForm, RegisterNote } from './register-form.tsx';

const TYPES = ['project', 'law', 'tactic', 'strategy'] as const;
const WRITERS = ['analyst', 'approver', 'administrator'] as const;

export default function InterventionListPage() {
  const { t } = useTranslation('interventions');
  const [key, setKey] = useState(interventionsKey());
  const interventions = useApi(key, loadInterventions);
  const memberStates = useMemberStates();
  const indicators = useIndicators();
  const session = useSession();
  useDocumentTitle(t('title'));
  usePageReady(
    interventions.state !== 'loading' && memberStates.state !== 'loading' && session.state !== 'loading',
  );
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <p>
        <Link href="/evaluate">{t('csvLink')}</Link>
      </p>
      <WhenLoaded loads={[interventions, memberStates, indicators] as const}>
        {(list, states, catalogue) => <Register list={list} states={states} indicators={catalogue} />}
      </WhenLoaded>
      {/* Outside the list's load, so the form keeps its message while the list reloads. */}
      {memberStates.state !== 'ready' ||
      indicators.state !== 'ready' ||
      session.state !== 'ready' ? null : hasRole(session.data, WRITERS) ? (
        <section className="panel">
          <RegisterForm
            session={session.data}
            memberStates={memberStates.data}
            indicators={indicators.data}
            onRegistered={() => setKey(interventionsKey())}
          />
        </section>
      ) : (
        <RegisterNote signedIn={isSignedIn(session.data)} />
      )}
    </>
  );
}

function Register({
  list,
  states,
  indicators,
}: {
  list: readonly Intervention[];
  states: readonly OrgUnit[];
  indicators: readonly Indicator[];
}) {
  const { t, i18n } = useTranslation('interventions');
  const lang = i18n.language;
  const { path, query } = useLocation();
  const country = query.get('country') ?? '';
  const type = query.get('type') ?? '';
  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(query);
    if (value === '') next.delete(name);
    else next.set(name, value);
    const search = next.toString();
    navigate(search === '' ? path : `${path}?${search}`, { replace: true });
  };
  const countryName = (code: string) => localized(states.find((s) => s.code === code)?.name, lang) || code;
  const countries = [...new Set(list.map((i) => i.country))].sort((a, b) =>
    countryName(a).localeCompare(countryName(b), lang),
  );
  const shown = list.filter(
    (i) => (country === '' || i.country === country) && (type === '' || i.type === type),
  );
  const indicatorLabel = (code: string) =>
    localized(indicators.find((i) => i.code === code)?.name, lang) || code;
  return (
    <section aria-labelledby="register-list-heading">
      <h2 id="register-list-heading" className="visually-hidden">
        {t('tableCaption')}
      </h2>
      <div className="controls">
        <label>
          {t('filterCountry')}{' '}
          <select value={country} onChange={(event) => setFilter('country', event.target.value)}>
            <option value="">{t('allCountries')}</option>
            {countries.map((code) => (
              <option key={code} value={code}>
                {countryName(code)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filterType')}{' '}
          <select value={type} onChange={(event) => setFilter('type', event.target.value)}>
            <option value="">{t('allTypes')}</option>
            {TYPES.map((value) => (
              <option key={value} value={value}>
                {t(`type.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <span role="status">{t('count', { count: shown.length })}</span>
      </div>
      {shown.length === 0 ? (
        <p className="no-data">{t('noneFound')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="register">
            <caption>{t('tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('col.name')}</th>
                <th scope="col">{t('col.type')}</th>
                <th scope="col">{t('col.country')}</th>
                <th scope="col">{t('col.period')}</th>
                <th scope="col" className="num">
                  {t('col.units')}
                </th>
                <th scope="col">{t('col.indicators')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((intervention) => (
                <tr key={intervention.code}>
                  <th scope="row">
                    <Link href={`/interventions/${encodeURIComponent(intervention.code)}`}>
                      {intervention.name}
                    </Link>
                  </th>
                  <td>{t(`type.${intervention.type}`)}</td>
                  <td>{countryName(intervention.country)}</td>
                  <td className="nowrap">
                    {intervention.start} – {intervention.end ?? t('ongoing')}
                  </td>
                  <td className="num">{intervention.units.length}</td>
                  <td>{intervention.indicators.map(indicatorLabel).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
