/**
 * One registered intervention: its details, and its evaluation from the store (signed in): the
 * method (interrupted time series with population or donors as control; synthetic control with
 * placebos; difference-in-differences), the indicator and the period type. The run takes seconds
 * on the server; the page shows progress and stays usable meanwhile.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Indicator } from '../../api/client.ts';
import { useIndicators, useMemberStates } from '../../api/reference-data.ts';
import { isSignedIn, useSession, type Session } from '../../api/session.ts';
import { useApi } from '../../api/use-api.ts';
import { WhenLoaded } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { useDocumentTitle, usePageReady } from '../../page-ready.ts';
import { Link } from '../../router.tsx';
import type { PageProps } from '../../routes.tsx';
import { EvaluationResult } from './evaluation-result.tsx';
import {
  periodLabeller,
  type EvaluateRequest,
  type Intervention,
  type InterventionEvaluation,
  type Outcome,
} from './evaluation-types.ts';
import { evaluateIntervention, loadIntervention } from './interventions-api.ts';
import { ChoiceGroup } from '../../components/choice-group.tsx';

type Method = EvaluateRequest['method'];
type PeriodType = NonNullable<EvaluateRequest['periodType']>;
const METHODS: readonly Method[] = ['its', 'scm', 'did'];
const PERIOD_TYPES: readonly PeriodType[] = ['month', 'quarter', 'year'];
const DEFAULT_PERIOD: Readonly<Record<Method, PeriodType>> = { its: 'month', scm: 'year', did: 'quarter' };

export default function InterventionPage({ params }: PageProps) {
  const { t, i18n } = useTranslation('interventions');
  const code = params['code'] ?? '';
  const intervention = useApi(`intervention:${code}`, () => loadIntervention(code));
  const indicators = useIndicators();
  const memberStates = useMemberStates();
  const session = useSession();
  useDocumentTitle(intervention.data?.name ?? t('title'));
  usePageReady(
    intervention.state !== 'loading' && indicators.state !== 'loading' && session.state !== 'loading',
  );
  if (intervention.state === 'failed' && (intervention.error as { status?: number }).status === 404) {
    return (
      <>
        <h1>{t('details.unknown', { code })}</h1>
        <Link href="/interventions">{t('details.back')}</Link>
      </>
    );
  }
  return (
    <WhenLoaded loads={[intervention, indicators, memberStates] as const}>
      {(item, catalogue, states) => (
        <article className="intervention-page">
          <p className="breadcrumb">
            <Link href="/interventions">{t('details.back')}</Link>
          </p>
          <h1>{item.name}</h1>
          <Details
            intervention={item}
            indicators={catalogue}
            countryName={
              localized(states.find((s) => s.code === item.country)?.name, i18n.language) || item.country
            }
          />
          <section className="panel" aria-labelledby="evaluation-heading">
            <h2 id="evaluation-heading">{t('evaluation.heading')}</h2>
            <p className="hint">{t('evaluation.intro')}</p>
            {session.state === 'ready' && isSignedIn(session.data) ? (
              <Evaluation intervention={item} indicators={catalogue} session={session.data} />
            ) : (
              <p className="sign-in-note" data-testid="evaluate-note">
                {t('evaluation.signIn')} <a href="/sign-in">{t('evaluation.signInLink')}</a>
              </p>
            )}
          </section>
        </article>
      )}
    </WhenLoaded>
  );
}

function Details({
  intervention,
  indicators,
  countryName,
}: {
  intervention: Intervention;
  indicators: readonly Indicator[];
  countryName: string;
}) {
  const { t, i18n } = useTranslation('interventions');
  const lang = i18n.language;
  const indicatorName = (code: string) =>
    localized(indicators.find((i) => i.code === code)?.name, lang) || code;
  return (
    <dl className="definition-list intervention-details" data-testid="details">
      <dt>{t('details.type')}</dt>
      <dd>{t(`type.${intervention.type}`)}</dd>
      <dt>{t('details.country')}</dt>
      <dd>
        <Link href={`/country/${intervention.country}`}>{countryName}</Link>
      </dd>
      <dt>{t('details.start')}</dt>
      <dd>{intervention.start}</dd>
      <dt>{t('details.end')}</dt>
      <dd>{intervention.end ?? t('ongoing')}</dd>
      <dt>{t('details.indicators')}</dt>
      <dd>{intervention.indicators.map(indicatorName).join(', ') || '–'}</dd>
      {intervention.description === '' ? null : (
        <>
          <dt>{t('details.description')}</dt>
          <dd>{intervention.description}</dd>
        </>
      )}
      <dt>{t('details.units')}</dt>
      <dd>
        <details>
          <summary>{intervention.units.length}</summary>
          <ul className="unit-list">
            {intervention.units.map((unit) => (
              <li key={unit.unit}>
                {unit.unit} <span className="hint">({unit.start})</span>
              </li>
            ))}
          </ul>
        </details>
      </dd>
      <dt>{t('details.donors')}</dt>
      <dd>
        {intervention.donors.length === 0 ? (
          t('details.donorsDefault')
        ) : (
          <details>
            <summary>{intervention.donors.length}</summary>
            <p className="unit-list">{intervention.donors.join(', ')}</p>
          </details>
        )}
      </dd>
      {intervention.synthetic ? (
        <dd className="hint" data-testid="synthetic-intervention">
          {t('details.synthetic')}
        </dd>
      ) : null}
    </dl>
  );
}

type RunState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running' }
  | { readonly kind: 'done'; readonly result: InterventionEvaluation }
  | { readonly kind: 'failed'; readonly message: string };

function Evaluation({
  intervention,
  indicators,
  session,
}: {
  intervention: Intervention;
  indicators: readonly Indicator[];
  session: Session;
}) {
  const { t, i18n } = useTranslation('interventions');
  const lang = i18n.language;
  const [method, setMethod] = useState<Method>('its');
  const [control, setControl] = useState<'population' | 'donors'>('population');
  const [placebos, setPlacebos] = useState(false);
  const [indicator, setIndicator] = useState(intervention.indicators[0] ?? 'homicide_rate');
  const [periodType, setPeriodType] = useState<PeriodType>('month');
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const latest = useRef(0);
  const choices = [
    ...intervention.indicators,
    ...indicators
      .filter((i) => i.kind === 'rate' && !intervention.indicators.includes(i.code))
      .map((i) => i.code),
  ];

  const start = async () => {
    const id = ++latest.current;
    setRun({ kind: 'running' });
    const body: EvaluateRequest = {
      method,
      indicator,
      ...(method === 'scm' ? { placebos } : { periodType }),
      ...(method === 'its' ? { control } : {}),
    };
    try {
      const result = await evaluateIntervention(session, intervention.code, body);
      if (id === latest.current) setRun({ kind: 'done', result });
    } catch (error) {
      if (id === latest.current)
        setRun({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <>
      <form
        className="evaluation-form"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <div className="form-grid">
          <div className="field">
            <label htmlFor="eval-method">{t('evaluation.method')}</label>
            <select
              id="eval-method"
              value={method}
              onChange={(event) => {
                const next = event.target.value as Method;
                setMethod(next);
                setPeriodType(DEFAULT_PERIOD[next]);
              }}
            >
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`evaluation.methods.${m}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="eval-indicator">{t('evaluation.indicator')}</label>
            <select
              id="eval-indicator"
              value={indicator}
              onChange={(event) => setIndicator(event.target.value)}
            >
              {choices.map((code) => (
                <option key={code} value={code}>
                  {localized(indicators.find((i) => i.code === code)?.name, lang) || code}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="eval-period">{t('evaluation.periodType')}</label>
            <select
              id="eval-period"
              value={method === 'scm' ? 'year' : periodType}
              disabled={method === 'scm'}
              aria-describedby={method === 'scm' ? 'eval-period-hint' : undefined}
              onChange={(event) => setPeriodType(event.target.value as PeriodType)}
            >
              {PERIOD_TYPES.map((p) => (
                <option key={p} value={p}>
                  {t(`evaluation.periodTypes.${p}`)}
                </option>
              ))}
            </select>
            {method === 'scm' ? (
              <p className="hint" id="eval-period-hint">
                {t('evaluation.scmYearly')}
              </p>
            ) : null}
          </div>
        </div>
        {method === 'its' ? (
          <ChoiceGroup
            legend={t('evaluation.control')}
            name="control"
            options={['population', 'donors'] as const}
            value={control}
            label={(value) =>
              value === 'population' ? t('evaluation.controlPopulation') : t('evaluation.controlDonors')
            }
            onChange={setControl}
          />
        ) : null}
        {method === 'scm' ? (
          <p>
            <label>
              <input
                type="checkbox"
                checked={placebos}
                onChange={(event) => setPlacebos(event.target.checked)}
              />{' '}
              {t('evaluation.placebos')}
            </label>
          </p>
        ) : null}
        <p>
          <button type="submit" disabled={run.kind === 'running'}>
            {t('evaluation.run')}
          </button>
        </p>
        <div role="status" aria-live="polite" className="run-status">
          {run.kind === 'running' ? (
            <span className="progress">
              <span className="spinner" aria-hidden="true" />
              {t('evaluation.running')}
            </span>
          ) : null}
        </div>
        {run.kind === 'failed' ? (
          <p role="alert" className="failed">
            {t('evaluation.failed', { message: run.message })}
          </p>
        ) : null}
      </form>
      {run.kind === 'done' ? <RegisterResult evaluation={run.result} /> : null}
    </>
  );
}

function RegisterResult({ evaluation }: { evaluation: InterventionEvaluation }) {
  const { t } = useTranslation('interventions');
  const outcome = evaluation.outcome as unknown as Outcome;
  const { panel } = evaluation;
  return (
    <EvaluationResult
      outcome={outcome}
      download={evaluation}
      fileName={`${evaluation.intervention}-${panel.method}-${panel.indicator}-${panel.periodType}`}
      timeLabel={periodLabeller(panel.periodType)}
    >
      <dl className="definition-list panel-description">
        <dt>{t('result.panel')}</dt>
        <dd>{panel.outcome}</dd>
        <dd>
          {t('result.panelPeriods', {
            first: panel.periods.first,
            last: panel.periods.last,
            count: panel.periods.count,
          })}
        </dd>
        <dd>{t('result.panelUnits', { treated: panel.treated.length, donors: panel.donors.length })}</dd>
      </dl>
    </EvaluationResult>
  );
}
