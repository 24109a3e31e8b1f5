/**
 * Data quality (`/quality`), for signed-in readers of unpublished data: four sections — validation
 * rules, outliers, completeness and timeliness, reconciliation of sources — each a view in the
 * query string (quality-state.ts), so an analyst shares a link to what they see. A signed-out
 * visitor is sent to sign in.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useSession, type Role, type Session } from '../../api/session.ts';
import { useApi } from '../../api/use-api.ts';
import { Failed, Loading } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { useDocumentTitle, usePageReady } from '../../page-ready.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import { CompletenessSection } from './completeness-section.tsx';
import { OutliersSection } from './outliers-section.tsx';
import { fetchElements, type DataElementSummary } from './quality-api.ts';
import {
  effectiveRange,
  parseQualityQuery,
  qualityHref,
  rangeProblem,
  sectionHref,
  SECTIONS,
  SEVERITIES,
  type QualityState,
  type Severity,
} from './quality-state.ts';
import { RulesSection } from './rules-section.tsx';
import { SourcesSection } from './sources-section.tsx';

/** The roles that may read unpublished data (the checks run over every status). */
export const QUALITY_ROLES: readonly Role[] = ['contributor', 'approver', 'analyst', 'administrator'];

/** The unit shown when the address names none: the reader's first scope, or Mexico. */
function defaultUnit(session: Session): string {
  const scoped = session.grants.find((g) => QUALITY_ROLES.includes(g.role) && g.scope !== null);
  return scoped?.scope ?? 'MEX';
}

export default function QualityPage() {
  const { t } = useTranslation('quality');
  const session = useSession();
  useDocumentTitle(t('title'));
  const data = session.data;
  const signedOut = session.state === 'ready' && (data?.user === null || data?.user === undefined);
  useEffect(() => {
    if (signedOut) window.location.assign('/sign-in');
  }, [signedOut]);
  const allowed = data !== undefined && hasRole(data, QUALITY_ROLES);
  usePageReady(session.state === 'failed' || (session.state === 'ready' && !allowed && !signedOut));
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {session.state === 'loading' ? (
        <Loading />
      ) : session.state === 'failed' ? (
        <Failed error={session.error} />
      ) : signedOut ? (
        <p className="panel sign-in-note" data-testid="quality-note">
          {t('signIn')} <a href="/sign-in">{t('signInLink')}</a>
        </p>
      ) : allowed ? (
        <QualityView session={session.data} />
      ) : (
        <p className="panel sign-in-note" data-testid="quality-note">
          {t('notAllowed')}
        </p>
      )}
    </>
  );
}

function QualityView({ session }: { session: Session }) {
  const { t } = useTranslation('quality');
  const { query } = useLocation();
  const parsed = parseQualityQuery(query);
  const state: QualityState = { ...parsed, unit: parsed.unit ?? defaultUnit(session) };
  const elements = useApi('elements', fetchElements);
  return (
    <>
      <nav aria-label={t('sectionsLabel')} className="quality-tabs">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section}>
              <Link
                href={sectionHref(state, section)}
                aria-current={section === state.section ? 'page' : undefined}
              >
                {t(`sections.${section}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <QualityForm key={qualityHref(state)} state={state} elements={elements.data ?? []} />
      <Section state={state} session={session} elements={elements.data ?? []} />
    </>
  );
}

function Section(props: { state: QualityState; session: Session; elements: readonly DataElementSummary[] }) {
  const { state } = props;
  const { i18n } = useTranslation();
  const range = effectiveRange(state, new Date());
  const unit = state.unit ?? '';
  const element = props.elements.find((e) => e.code === state.element);
  const elementName = element === undefined ? state.element : localized(element.name, i18n.language);
  switch (state.section) {
    case 'rules':
      return <RulesSection unit={unit} range={range!} severity={state.severity} />;
    case 'outliers':
      return <OutliersSection unit={unit} element={state.element} elementName={elementName} />;
    case 'completeness':
      return (
        <CompletenessSection
          state={state}
          unit={unit}
          range={range!}
          elementName={elementName}
          onChange={(next) => navigate(qualityHref(next), { replace: true })}
        />
      );
    case 'sources':
      return (
        <SourcesSection
          key={`${unit}:${state.element}:${range!.from}:${range!.to}`}
          session={props.session}
          unit={unit}
          element={state.element}
          elementName={elementName}
          range={range!}
        />
      );
  }
}

/** The section's settings; "Show" writes them to the address, which loads the view. */
function QualityForm(props: { state: QualityState; elements: readonly DataElementSummary[] }) {
  const { t, i18n } = useTranslation('quality');
  const { state } = props;
  const range = effectiveRange(state, new Date());
  const [unit, setUnit] = useState(state.unit ?? '');
  const [element, setElement] = useState(state.element);
  const [from, setFrom] = useState(range?.from ?? '');
  const [to, setTo] = useState(range?.to ?? '');
  const [severity, setSeverity] = useState<Severity | ''>(state.severity ?? '');
  const [below, setBelow] = useState(String(state.below));
  const hasRange = state.section !== 'outliers';
  const problem = hasRange ? rangeProblem(from.trim(), to.trim()) : undefined;
  const submit = () => {
    if (problem !== undefined) return;
    const percent = Number(below);
    navigate(
      qualityHref({
        ...state,
        unit: unit.trim().toUpperCase() || state.unit,
        element,
        ...(hasRange ? { from: from.trim(), to: to.trim() } : {}),
        severity: severity === '' ? null : severity,
        below: Number.isInteger(percent) && percent >= 0 && percent <= 100 ? percent : state.below,
      }),
    );
  };
  const lang = i18n.language;
  return (
    <form
      className="panel quality-form"
      data-testid="quality-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="field">
        <label htmlFor="quality-unit">{t('form.unit')}</label>
        <input
          id="quality-unit"
          type="text"
          value={unit}
          autoComplete="off"
          spellCheck={false}
          aria-describedby="quality-unit-hint"
          onChange={(event) => setUnit(event.target.value)}
        />
        <p className="hint" id="quality-unit-hint">
          {t('form.unitHint')}
        </p>
      </div>
      {state.section === 'rules' ? null : (
        <div className="field">
          <label htmlFor="quality-element">{t('form.element')}</label>
          <select id="quality-element" value={element} onChange={(event) => setElement(event.target.value)}>
            {props.elements.length === 0 ? <option value={element}>{element}</option> : null}
            {[...props.elements]
              .sort((a, b) => localized(a.name, lang).localeCompare(localized(b.name, lang), lang))
              .map((e) => (
                <option key={e.code} value={e.code}>
                  {localized(e.name, lang)}
                </option>
              ))}
          </select>
        </div>
      )}
      {hasRange ? (
        <div className="field period-range">
          <div className="field-pair">
            <div>
              <label htmlFor="quality-from">{t('form.from')}</label>
              <input
                id="quality-from"
                type="text"
                value={from}
                size={8}
                aria-describedby="quality-period-hint"
                aria-invalid={problem !== undefined}
                onChange={(event) => setFrom(event.target.value)}
              />
            </div>
            <div>
              <label htmlFor="quality-to">{t('form.to')}</label>
              <input
                id="quality-to"
                type="text"
                value={to}
                size={8}
                aria-describedby="quality-period-hint"
                aria-invalid={problem !== undefined}
                onChange={(event) => setTo(event.target.value)}
              />
            </div>
          </div>
          <p className="hint" id="quality-period-hint">
            {t('form.periodHint')}
          </p>
          {problem === undefined ? null : (
            <p className="failed" role="alert">
              {t(`rangeProblem.${problem}`)}
            </p>
          )}
        </div>
      ) : null}
      {state.section === 'rules' ? (
        <div className="field">
          <label htmlFor="quality-severity">{t('form.severity')}</label>
          <select
            id="quality-severity"
            value={severity}
            onChange={(event) => setSeverity(event.target.value as Severity | '')}
          >
            <option value="">{t('form.allSeverities')}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {state.section === 'completeness' ? (
        <div className="field">
          <label htmlFor="quality-below">{t('form.below')}</label>
          <input
            id="quality-below"
            type="number"
            min={0}
            max={100}
            step={1}
            value={below}
            onChange={(event) => setBelow(event.target.value)}
          />
        </div>
      ) : null}
      <p className="actions">
        <button type="submit" disabled={problem !== undefined}>
          {t('form.show')}
        </button>
      </p>
    </form>
  );
}
