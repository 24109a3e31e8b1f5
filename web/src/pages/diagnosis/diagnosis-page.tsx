/**
 * The diagnosis of one unit in a year (`/country/GTM/diagnosis?year=2023`): a short note on how to
 * read it, then its problems and strengths, ranked, each a card with its explanation, numbers and
 * a small chart, and the limits of the data, each naming the findings it weakens. The report (HTML
 * or PDF, in the reader's language) is one link away. The year lives in the query string; without
 * it, the latest year with data.
 */
import { useTranslation } from 'react-i18next';
import type { Indicator, OrgUnit } from '../../api/client.ts';
import { loadSources, loadUnits } from '../../api/reference-data.ts';
import { useApi } from '../../api/use-api.ts';
import { Failed, Loading } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { useDocumentTitle, usePageReady } from '../../page-ready.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import type { PageProps } from '../../routes.tsx';
import { loadHeadline } from '../profile/profile-data.ts';
import { pickYear, yearsWithData } from '../profile/profile-model.ts';
import { diagnosisHref, loadDiagnosis, reportHref, type Diagnosis, type Finding } from './diagnosis-model.ts';
import { usePlot } from '../../components/plot-chart.tsx';
import { FindingCard, type CardContext } from './finding-card.tsx';
import { LimitsList } from './limits-list.tsx';
import { UnitPage } from '../profile/unit-page.tsx';

export default function DiagnosisPage({ params }: PageProps) {
  const code = params['code'] ?? '';
  usePlot(); // starts loading the charts' library beside the unit's first requests
  return (
    <UnitPage code={code}>
      {(found, list) => <DiagnosisView key={found.code} unit={found} indicators={list} />}
    </UnitPage>
  );
}

function DiagnosisView({ unit, indicators }: { unit: OrgUnit; indicators: Indicator[] }) {
  const { t, i18n } = useTranslation('diagnosis');
  const lang = i18n.language;
  const { query } = useLocation();
  // the same request (and cache key) as the profile's headline: the years that have data
  const headline = useApi(`profile:headline:${unit.code}`, () => loadHeadline(unit.code));
  const years = yearsWithData(headline.data ?? []);
  const year = pickYear(years, query.get('year'));
  const diagnosis = useApi(year === undefined ? null : `diagnosis:${unit.code}:${year}`, () =>
    loadDiagnosis(unit.code, year ?? 0),
  );
  const sources = useApi('sources', loadSources);
  const parentCode = unit.parentCode;
  const peers = useApi(parentCode === null ? null : `units::${parentCode}`, () =>
    loadUnits({ parent: parentCode ?? '' }),
  );

  const plot = usePlot();
  const name = localized(unit.name, lang);
  useDocumentTitle(
    year === undefined ? t('noYearTitle', { unit: name }) : t('documentTitle', { unit: name, year }),
  );
  const settled = (load: { state: string }) => load.state !== 'loading';
  const noYear = headline.state === 'ready' && year === undefined;
  usePageReady(
    headline.state === 'failed' ||
      noYear ||
      (plot !== undefined &&
        settled(diagnosis) &&
        settled(sources) &&
        (parentCode === null || settled(peers))),
  );

  const context: CardContext | undefined =
    year === undefined
      ? undefined
      : {
          unitCode: unit.code,
          unitName: name,
          year,
          indicators: new Map(indicators.map((i) => [i.code, i])),
          peerNames: new Map((peers.data ?? []).map((u) => [u.code, localized(u.name, lang)])),
        };
  const profileHref = `/country/${encodeURIComponent(unit.code)}${year === undefined ? '' : `?year=${year}`}`;

  return (
    <article className="diagnosis-page">
      <p className="back-link">
        <Link href={profileHref} data-testid="back-to-profile">
          {t('backToProfile', { unit: name })}
        </Link>
      </p>
      <h1>{year === undefined ? t('noYearTitle', { unit: name }) : t('title', { unit: name, year })}</h1>
      {year === undefined ? null : <p className="diagnosis-intro">{t('intro', { unit: name, year })}</p>}
      <form className="controls" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="diagnosis-year">{t('year', { ns: 'common' })}</label>
        <select
          id="diagnosis-year"
          value={year ?? ''}
          onChange={(event) =>
            navigate(diagnosisHref(unit.code, Number(event.target.value)), { replace: true })
          }
          disabled={years.length === 0}
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </form>
      <MethodsNote />
      {headline.state === 'failed' ? <Failed error={headline.error} /> : null}
      {headline.state === 'loading' ? <Loading /> : null}
      {noYear ? <p className="no-data">{t('noData')}</p> : null}
      {year === undefined || context === undefined ? null : (
        <>
          <ReportLinks code={unit.code} year={year} />
          {diagnosis.state === 'failed' ? <Failed error={diagnosis.error} /> : null}
          {diagnosis.state === 'loading' ? <Loading /> : null}
          {diagnosis.data === undefined ? null : (
            <Sections
              diagnosis={diagnosis.data}
              context={context}
              sourceNames={new Map((sources.data ?? []).map((s) => [s.code, s.name]))}
            />
          )}
        </>
      )}
    </article>
  );
}

function MethodsNote() {
  const { t } = useTranslation('diagnosis');
  return (
    <section className="diagnosis-methods" aria-labelledby="diagnosis-methods-heading">
      <h2 id="diagnosis-methods-heading">{t('methodsHeading')}</h2>
      <ul>
        <li>{t('methods.peers')}</li>
        <li>{t('methods.trend')}</li>
        <li>{t('methods.gap')}</li>
        <li>{t('methods.quality')}</li>
      </ul>
      <p>{t('methods.direction')}</p>
    </section>
  );
}

function ReportLinks({ code, year }: { code: string; year: number }) {
  const { t, i18n } = useTranslation('diagnosis');
  const lang = i18n.language;
  return (
    <section
      className="diagnosis-export"
      aria-labelledby="diagnosis-export-heading"
      data-testid="report-links"
    >
      <h2 id="diagnosis-export-heading">{t('exportHeading')}</h2>
      <p className="hint">{t('exportHint')}</p>
      <p className="export-links">
        <a
          className="button secondary"
          href={reportHref(code, year, lang, 'html')}
          target="_blank"
          rel="noopener"
        >
          {t('exportHtml')}
        </a>
        <a
          className="button secondary"
          href={reportHref(code, year, lang, 'pdf')}
          download={`diagnosis-${code}-${year}-${lang}.pdf`}
        >
          {t('exportPdf')}
        </a>
      </p>
    </section>
  );
}

function Sections(props: {
  diagnosis: Diagnosis;
  context: CardContext;
  sourceNames: ReadonlyMap<string, Readonly<Record<string, string>>>;
}) {
  const { t } = useTranslation('diagnosis');
  const { diagnosis, context } = props;
  const unit = context.unitName;
  const year = context.year;
  return (
    <>
      <FindingSection
        id="problems"
        heading={t('problems')}
        intro={t('problemsIntro', { unit })}
        empty={t('noProblems', { year })}
        findings={diagnosis.findings}
        context={context}
      />
      <FindingSection
        id="strengths"
        heading={t('strengths')}
        intro={t('strengthsIntro', { unit })}
        empty={t('noStrengths', { year })}
        findings={diagnosis.strengths}
        context={context}
      />
      <section className="diagnosis-section" aria-labelledby="limits-heading" data-testid="limits">
        <h2 id="limits-heading">{t('limits')}</h2>
        {diagnosis.quality.length === 0 ? (
          <p className="no-data">{t('noLimits', { year })}</p>
        ) : (
          <>
            <p className="hint">{t('limitsIntro')}</p>
            <LimitsList diagnosis={diagnosis} sourceNames={props.sourceNames} />
          </>
        )}
      </section>
    </>
  );
}

function FindingSection(props: {
  id: string;
  heading: string;
  intro: string;
  empty: string;
  findings: readonly Finding[];
  context: CardContext;
}) {
  return (
    <section className="diagnosis-section" aria-labelledby={`${props.id}-heading`} data-testid={props.id}>
      <h2 id={`${props.id}-heading`}>{props.heading}</h2>
      {props.findings.length === 0 ? (
        <p className="no-data">{props.empty}</p>
      ) : (
        <>
          <p className="hint">{props.intro}</p>
          <ol className="finding-list">
            {props.findings.map((finding, i) => (
              <li key={finding.id}>
                <FindingCard finding={finding} rank={i + 1} context={props.context} />
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
