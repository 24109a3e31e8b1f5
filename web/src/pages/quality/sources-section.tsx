/**
 * Reconciliation: the same figure from several sources side by side (published values), with the
 * difference and ratio of each pair (a side built from finer periods says so: "summed from 12
 * months"), the periods left uncompared because a finer series is incomplete, the preferred source
 * in force and why (reason, who, when);
 * approvers and administrators set or clear the unit's preferred source here, others read it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, type Session } from '../../api/session.ts';
import { useApi } from '../../api/use-api.ts';
import { Failed, Loading } from '../../components/load-state.tsx';
import { formatNumber, formatPercent, locale } from '../../format.ts';
import { usePageReady } from '../../page-ready.ts';
import { TableScroll } from './table-scroll.tsx';
import {
  clearPreferredSource,
  fetchComparison,
  setPreferredSource,
  type Comparison,
  type SourcePair,
  type SourcePreference,
} from './quality-api.ts';

export function SourcesSection(props: {
  session: Session;
  unit: string;
  element: string;
  elementName: string;
  range: { from: string; to: string };
}) {
  const { t } = useTranslation('quality');
  const { unit, element, range } = props;
  // a write bumps the version: the comparison (and the preference in force) is asked for again
  const [version, setVersion] = useState(0);
  // kept here: the form is drawn again once the comparison is reloaded
  const [saved, setSaved] = useState<string | undefined>();
  const loaded = useApi(`quality-sources:${element}:${unit}:${range.from}:${range.to}:${version}`, () =>
    fetchComparison({ element, orgUnit: unit, from: range.from, to: range.to }),
  );
  usePageReady(loaded.state !== 'loading' || version > 0);
  return (
    <section className="panel" aria-labelledby="sources-heading" data-testid="sources-section">
      <h2 id="sources-heading">
        {t('sources.heading', { element: props.elementName, unit, from: range.from, to: range.to })}
      </h2>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <Failed error={loaded.error} /> : null}
      {loaded.state === 'ready' ? (
        <>
          <PreferenceView
            unit={unit}
            preference={loaded.data.preferences.find((p) => p.orgUnit === unit)?.preference ?? null}
          />
          <PairsTable comparison={loaded.data} />
          <NotComparedList comparison={loaded.data} />
          {hasRole(props.session, ['approver', 'administrator']) ? (
            <PreferenceForm
              session={props.session}
              unit={unit}
              element={element}
              comparison={loaded.data}
              onSaved={(message) => {
                setSaved(message);
                setVersion((v) => v + 1);
              }}
            />
          ) : (
            <p className="hint" data-testid="preference-read-only">
              {t('sources.readOnly')}
            </p>
          )}
        </>
      ) : null}
      <div aria-live="polite">
        {saved === undefined ? null : (
          <p role="status" data-testid="preference-outcome">
            {saved}
          </p>
        )}
      </div>
    </section>
  );
}

function PreferenceView({ unit, preference }: { unit: string; preference: SourcePreference | null }) {
  const { t, i18n } = useTranslation('quality');
  if (preference === null) {
    return (
      <p data-testid="preference" data-source="">
        {t('sources.noPreference')}
      </p>
    );
  }
  const when = new Intl.DateTimeFormat(locale(i18n.language), {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(preference.setAt));
  return (
    <div data-testid="preference" data-source={preference.source}>
      <p>
        <strong>{t('sources.preferred', { source: preference.source })}</strong>{' '}
        {preference.orgUnit === unit ? null : t('sources.inherited', { unit: preference.orgUnit })}
      </p>
      <dl className="definition-list">
        <dt>{t('sources.reason')}</dt>
        <dd data-testid="preference-reason">{preference.reason}</dd>
        <dt>{t('sources.setBy')}</dt>
        <dd>{preference.setBy}</dd>
        <dt>{t('sources.setAt')}</dt>
        <dd>
          <time dateTime={preference.setAt}>{when}</time>
        </dd>
      </dl>
    </div>
  );
}

function PairsTable({ comparison }: { comparison: Comparison }) {
  const { t, i18n } = useTranslation('quality');
  const lang = i18n.language;
  const pairs = comparison.pairs;
  if (pairs.length === 0) return <p role="status">{t('sources.none')}</p>;
  const disagree = pairs.filter((p) => p.disagree).length;
  return (
    <>
      <p data-testid="sources-summary">
        {t('sources.disagreeCount', {
          count: formatNumber(disagree, lang),
          total: formatNumber(pairs.length, lang),
        })}
      </p>
      <TableScroll label={t('sources.caption', { count: pairs.length })}>
        <table className="data-table" data-testid="source-pairs">
          <caption>{t('sources.caption', { count: pairs.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sources.col.period')}</th>
              <th scope="col">{t('sources.col.breakdown')}</th>
              <th scope="col" className="num">
                {t('sources.col.first')}
              </th>
              <th scope="col" className="num">
                {t('sources.col.second')}
              </th>
              <th scope="col" className="num">
                {t('sources.col.difference')}
              </th>
              <th scope="col" className="num">
                {t('sources.col.ratio')}
              </th>
              <th scope="col">{t('sources.col.agreement')}</th>
            </tr>
          </thead>
          <tbody>
            {pairs.map((p) => (
              <tr
                key={`${p.orgUnit}:${p.period}:${p.disaggregation}:${p.first.source}:${p.second.source}`}
                data-period={p.period}
                data-first={p.first.source}
                data-second={p.second.source}
              >
                <th scope="row">{p.period}</th>
                <td>{p.disaggregation === '' ? t('sources.total') : p.disaggregation}</td>
                <td className="num" data-col="first">
                  {p.first.source}: {formatNumber(p.first.value, lang)}
                  <ObtainedNote side={p.first} />
                </td>
                <td className="num" data-col="second">
                  {p.second.source}: {formatNumber(p.second.value, lang)}
                  <ObtainedNote side={p.second} />
                </td>
                <td className="num" data-col="difference">
                  {formatNumber(p.difference, lang)}
                </td>
                <td className="num" data-col="ratio">
                  {formatNumber(p.ratio, lang)}
                </td>
                <td>
                  {p.disagree ? (
                    <span className="badge badge-alert">
                      {t('sources.disagree')} ({formatPercent(p.gap, lang)})
                    </span>
                  ) : (
                    <span className="badge badge-ok">{t('sources.agree')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

/** How a side built from finer periods was obtained ("summed from 12 months"); nothing when reported. */
function ObtainedNote({ side }: { side: SourcePair['first'] }) {
  const { t } = useTranslation('quality');
  const { method, periodType, count } = side.obtained;
  if (method === 'reported' || periodType === 'year') return null;
  return (
    <span className="hint obtained" data-testid="obtained">
      {t(`sources.obtained.${method}_${periodType}`, { count })}
    </span>
  );
}

/** Periods one source reports that another covers only in part: said, not silently dropped. */
function NotComparedList({ comparison }: { comparison: Comparison }) {
  const { t, i18n } = useTranslation('quality');
  const rows = comparison.notCompared;
  if (rows.length === 0) return null;
  return (
    <div data-testid="not-compared">
      <p>{t('sources.notCompared', { count: formatNumber(rows.length, i18n.language) })}</p>
      <ul>
        {rows.map((r) => (
          <li key={`${r.orgUnit}:${r.period}:${r.disaggregation}:${r.source}`} data-period={r.period}>
            {r.disaggregation === '' ? null : `${r.disaggregation} · `}
            {r.reason === 'not_combinable' || r.periodType === 'year'
              ? t('sources.not_combinable', { period: r.period, source: r.source })
              : t(`sources.incomplete_${r.periodType}`, {
                  period: r.period,
                  source: r.source,
                  found: formatNumber(r.found, i18n.language),
                  expected: formatNumber(r.expected, i18n.language),
                  missing: r.missing.join(', '),
                })}
          </li>
        ))}
      </ul>
    </div>
  );
}

type Outcome =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy' }
  | { readonly kind: 'failed'; readonly message: string };

function PreferenceForm(props: {
  session: Session;
  unit: string;
  element: string;
  comparison: Comparison;
  onSaved: (message: string) => void;
}) {
  const { t } = useTranslation('quality');
  const { unit, element } = props;
  const current = props.comparison.preferences.find((p) => p.orgUnit === unit)?.preference ?? null;
  const sources = [
    ...new Set([
      ...props.comparison.pairs.flatMap((p) => [p.first.source, p.second.source]),
      ...(current === null ? [] : [current.source]),
    ]),
  ].sort();
  const [source, setSource] = useState(current?.source ?? sources[0] ?? '');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const run = async (write: () => Promise<string>) => {
    setOutcome({ kind: 'busy' });
    try {
      const message = await write();
      setOutcome({ kind: 'idle' });
      setReason('');
      props.onSaved(message);
    } catch (error) {
      setOutcome({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };
  const busy = outcome.kind === 'busy';
  if (sources.length === 0) return null;
  return (
    <form
      className="preference-form"
      data-testid="preference-form"
      onSubmit={(event) => {
        event.preventDefault();
        void run(async () => {
          await setPreferredSource(props.session, { orgUnit: unit, element, source, reason });
          return t('sources.saved', { source, unit });
        });
      }}
    >
      <h3>{t('sources.chooseHeading')}</h3>
      <div className="field">
        <label htmlFor="preference-source">{t('sources.source')}</label>
        <select id="preference-source" value={source} onChange={(event) => setSource(event.target.value)}>
          {sources.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="preference-reason">{t('sources.reason2')}</label>
        <input
          id="preference-reason"
          type="text"
          value={reason}
          maxLength={1000}
          required
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <p className="actions">
        <button type="submit" disabled={busy || reason.trim() === ''}>
          {busy ? t('sources.saving') : t('sources.set')}
        </button>{' '}
        {current !== null && current.orgUnit === unit ? (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() =>
              void run(async () => {
                await clearPreferredSource(props.session, { orgUnit: unit, element });
                return t('sources.cleared', { unit });
              })
            }
          >
            {t('sources.clear')}
          </button>
        ) : null}
      </p>
      <div aria-live="polite">
        {outcome.kind === 'failed' ? (
          <p role="alert" className="failed" data-testid="preference-error">
            {t('sources.failed', { message: outcome.message })}
          </p>
        ) : null}
      </div>
    </form>
  );
}
