/**
 * The approval workflow (`/approval`): a unit (within the caller's scope) and a period range; a
 * table of the unit and its children × periods with each cell's values by status (the unit's own,
 * and those of the units below it); a cell's actions are the moves the caller's role allows, each
 * confirmed with what will move and how many values; the result, or the refusal in the reader's
 * language (bottom-up: the units in the way). Signed-out visitors are sent to sign in.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMemberStates } from '../../api/reference-data.ts';
import { hasRole, isSignedIn, useSession, type Session } from '../../api/session.ts';
import { useApi } from '../../api/use-api.ts';
import { Loading } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { formatNumber } from '../../format.ts';
import { useDocumentTitle, usePageReady } from '../../page-ready.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import {
  fetchSummary,
  moveValues,
  MoveRefused,
  type ApprovalSummary,
  type StatusCounts,
  type SummaryRow,
} from './approval-api.ts';
import { cellMoves, pickableUnits, readView, STATUSES, viewHref, type CellMove } from './approval-model.ts';

const READERS = ['contributor', 'approver', 'analyst', 'administrator'] as const;
/** A shape beside each status's words, so the status never rests on colour alone. */
const SYMBOL = { draft: '○', submitted: '◐', approved: '●', published: '✔' } as const;

export default function ApprovalPage() {
  const { t } = useTranslation('approval');
  const session = useSession();
  useDocumentTitle(t('title'));
  const data = session.data;
  const signedOut = session.state === 'ready' && !isSignedIn(data);
  const allowed = hasRole(data, READERS);
  const signInHref = `/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`;
  useEffect(() => {
    if (signedOut) window.location.replace(signInHref);
  }, [signedOut, signInHref]);
  usePageReady(session.state !== 'loading' && !allowed);
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {session.state === 'loading' ? (
        <Loading />
      ) : signedOut ? (
        <p className="panel sign-in-note" data-testid="approval-note">
          {t('signIn')} <a href={signInHref}>{t('signInLink')}</a>
        </p>
      ) : allowed && data !== undefined ? (
        <ApprovalWorkspace session={data} />
      ) : (
        <p className="panel sign-in-note" data-testid="approval-note">
          {t('notAllowed')}
        </p>
      )}
    </>
  );
}

type Outcome =
  { readonly kind: 'moved'; readonly text: string } | { readonly kind: 'refused'; readonly text: string };

function ApprovalWorkspace({ session }: { session: Session }) {
  const { t, i18n } = useTranslation('approval');
  const lang = i18n.language;
  const { query } = useLocation();
  const states = useMemberStates();
  const view = readView(query);
  const options = pickableUnits(
    session.grants,
    (states.data ?? []).map((u) => u.code),
  );
  const orgUnit = view.orgUnit ?? options[0];
  const [reload, setReload] = useState(0);
  const [selected, setSelected] = useState<{ orgUnit: string; period: string } | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const summary = useApi<ApprovalSummary>(
    orgUnit === undefined ? null : `approval:${orgUnit}:${view.from}:${view.to}:${reload}`,
    () => fetchSummary(orgUnit!, view.from, view.to),
  );
  usePageReady(states.state !== 'loading' && (orgUnit === undefined || summary.state !== 'loading'));
  const nameOf = (code: string): string => {
    const row = summary.data?.rows.find((r) => r.orgUnit === code);
    if (row !== undefined) return localized(row.name, lang);
    const state = states.data?.find((u) => u.code === code);
    return state === undefined ? code : localized(state.name, lang);
  };

  const onMoved = (next: Outcome) => {
    setOutcome(next);
    setSelected(undefined);
    setReload((n) => n + 1);
  };

  const selectedRow = summary.data?.rows.find((r) => r.orgUnit === selected?.orgUnit);
  const selectedCell = selectedRow?.cells.find((c) => c.period === selected?.period);
  return (
    <>
      <ViewForm
        key={`${orgUnit ?? ''}:${view.from}:${view.to}`}
        units={orgUnit === undefined || options.includes(orgUnit) ? options : [orgUnit, ...options]}
        nameOf={nameOf}
        initial={{ orgUnit: orgUnit ?? '', from: view.from, to: view.to }}
        onShow={(next) => {
          setSelected(undefined);
          setOutcome(undefined);
          navigate(viewHref(next));
        }}
      />
      <div aria-live="polite" data-testid="approval-outcome">
        {outcome === undefined ? null : (
          <p
            className={`panel ${outcome.kind === 'moved' ? 'form-done' : 'failed'}`}
            role={outcome.kind === 'moved' ? 'status' : 'alert'}
          >
            {outcome.text}
          </p>
        )}
      </div>
      {summary.state === 'loading' ? (
        orgUnit === undefined ? null : (
          <Loading />
        )
      ) : summary.state === 'failed' ? (
        <p className="failed" role="alert">
          {t('loadFailed', { message: summary.error.message })}
        </p>
      ) : (
        <>
          <SummaryTable
            summary={summary.data}
            selected={selected}
            onSelect={(cell) => {
              setOutcome(undefined);
              setSelected(cell);
            }}
          />
          {selectedRow !== undefined && selectedCell !== undefined ? (
            <ActionPanel
              session={session}
              row={selectedRow}
              period={selectedCell.period}
              own={selectedCell.own}
              onDone={onMoved}
              onCancel={() => setSelected(undefined)}
            />
          ) : null}
        </>
      )}
    </>
  );
}

function ViewForm({
  units,
  nameOf,
  initial,
  onShow,
}: {
  units: readonly string[];
  nameOf: (code: string) => string;
  initial: { orgUnit: string; from: string; to: string };
  onShow: (view: { orgUnit: string; from: string; to: string }) => void;
}) {
  const { t } = useTranslation('approval');
  const [draft, setDraft] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.orgUnit !== '') onShow({ ...draft, from: draft.from.trim(), to: draft.to.trim() });
  };
  return (
    <form className="panel approval-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor="approval-unit">{t('unit')}</label>
        <select
          id="approval-unit"
          value={draft.orgUnit}
          onChange={(e) => setDraft({ ...draft, orgUnit: e.target.value })}
        >
          {units.map((code) => (
            <option key={code} value={code}>
              {nameOf(code)} ({code})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="approval-from">{t('from')}</label>
        <input
          id="approval-from"
          type="text"
          inputMode="numeric"
          size={9}
          aria-describedby="approval-period-hint"
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="approval-to">{t('to')}</label>
        <input
          id="approval-to"
          type="text"
          inputMode="numeric"
          size={9}
          aria-describedby="approval-period-hint"
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
        />
      </div>
      <p className="actions">
        <button type="submit">{t('show')}</button>
      </p>
      <p className="hint" id="approval-period-hint">
        {t('periodHint')}
      </p>
    </form>
  );
}

function StatusList({ counts, label }: { counts: StatusCounts; label?: string }) {
  const { t, i18n } = useTranslation('approval');
  const present = STATUSES.filter((s) => counts[s] > 0);
  if (present.length === 0) return null;
  return (
    <ul className="status-list" aria-label={label}>
      {present.map((s) => (
        <li key={s} className={`status-badge status-${s}`} data-status={s}>
          <span aria-hidden="true">{SYMBOL[s]}</span> {formatNumber(counts[s], i18n.language)}{' '}
          {t(`statuses.${s}`)}
        </li>
      ))}
    </ul>
  );
}

function SummaryTable({
  summary,
  selected,
  onSelect,
}: {
  summary: ApprovalSummary;
  selected: { orgUnit: string; period: string } | undefined;
  onSelect: (cell: { orgUnit: string; period: string }) => void;
}) {
  const { t, i18n } = useTranslation('approval');
  const lang = i18n.language;
  const top = summary.rows[0];
  const empty = (c: StatusCounts) => STATUSES.every((s) => c[s] === 0);
  return (
    <>
      <p className="hint">{t('legend')}</p>
      <div className="table-scroll">
        <table className="data-table approval-table" data-testid="approval-table">
          <caption>
            {t('caption', {
              unit: top === undefined ? summary.orgUnit : localized(top.name, lang),
              from: summary.periods[0],
              to: summary.periods[summary.periods.length - 1],
            })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('unitColumn')}</th>
              {summary.periods.map((p) => (
                <th key={p} scope="col">
                  {p}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {summary.rows.map((row, k) => {
              const name = localized(row.name, lang);
              return (
                <tr
                  key={row.orgUnit}
                  data-unit={row.orgUnit}
                  className={k === 0 ? 'approval-parent' : undefined}
                >
                  <th scope="row">
                    {name} <span className="unit-code">{row.orgUnit}</span>
                    {k > 0 && row.hasChildren ? (
                      <>
                        <br />
                        <Link
                          href={viewHref({
                            orgUnit: row.orgUnit,
                            from: summary.periods[0]!,
                            to: summary.periods[summary.periods.length - 1]!,
                          })}
                        >
                          {t('drill', { name })}
                        </Link>
                      </>
                    ) : null}
                  </th>
                  {row.cells.map((cell) => {
                    const moves = cellMoves(cell.own, row.may);
                    const isSelected = selected?.orgUnit === row.orgUnit && selected.period === cell.period;
                    return (
                      <td key={cell.period} data-period={cell.period}>
                        {empty(cell.own) && empty(cell.below) ? (
                          <span className="hint">{t('noValues')}</span>
                        ) : (
                          <>
                            <div data-part="own">
                              <StatusList counts={cell.own} label={t('own')} />
                            </div>
                            {empty(cell.below) ? null : (
                              <div className="approval-below" data-part="below">
                                <span className="below-label">{t('below')}</span>
                                <StatusList counts={cell.below} label={t('below')} />
                              </div>
                            )}
                          </>
                        )}
                        {moves.length === 0 ? null : (
                          <button
                            type="button"
                            className="secondary approval-actions-button"
                            aria-expanded={isSelected}
                            onClick={() => onSelect({ orgUnit: row.orgUnit, period: cell.period })}
                          >
                            {t('actionsButton')}
                            <span className="visually-hidden">
                              {' '}
                              {t('actionsFor', { name, period: cell.period })}
                            </span>
                          </button>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ActionPanel({
  session,
  row,
  period,
  own,
  onDone,
  onCancel,
}: {
  session: Session;
  row: SummaryRow;
  period: string;
  own: StatusCounts;
  onDone: (outcome: Outcome) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation('approval');
  const lang = i18n.language;
  const name = localized(row.name, lang);
  const moves = cellMoves(own, row.may);
  const [pending, setPending] = useState<CellMove | undefined>();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [row.orgUnit, period]);

  const confirm = async (move: CellMove) => {
    setBusy(true);
    try {
      const moved = await moveValues(session, {
        orgUnit: row.orgUnit,
        period,
        to: move.to,
        direction: move.direction,
      });
      onDone({
        kind: 'moved',
        text: t('moved', {
          n: formatNumber(moved, lang),
          name,
          period,
          status: t(`statuses.${move.to}`),
        }),
      });
    } catch (error) {
      onDone({ kind: 'refused', text: refusalText(error, name, period, t, lang) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      className="panel approval-actions"
      data-testid="approval-actions"
      aria-labelledby="approval-actions-heading"
    >
      <h2 id="approval-actions-heading" tabIndex={-1} ref={heading}>
        {t('actionsHeading', { name, period })}
      </h2>
      <p className="hint">{t('allElements')}</p>
      {pending === undefined ? (
        <p className="actions">
          {moves.map((m) => (
            <button
              key={m.action}
              type="button"
              className={m.direction === 'back' ? 'secondary' : undefined}
              onClick={() => setPending(m)}
            >
              {t(`actions.${m.action}`)} ({formatNumber(m.count, lang)})
            </button>
          ))}{' '}
          <button type="button" className="secondary" onClick={onCancel}>
            {t('cancel')}
          </button>
        </p>
      ) : (
        <div role="group" aria-labelledby="approval-confirm-text">
          <p id="approval-confirm-text" data-testid="approval-confirm">
            {t(`confirm.${pending.action}`, {
              n: formatNumber(pending.count, lang),
              name,
              period,
            })}
          </p>
          <p className="actions">
            <button type="button" disabled={busy} onClick={() => void confirm(pending)}>
              {busy ? t('moving') : t('confirmButton')}
            </button>{' '}
            <button type="button" className="secondary" disabled={busy} onClick={() => setPending(undefined)}>
              {t('cancel')}
            </button>
          </p>
        </div>
      )}
    </section>
  );
}

function refusalText(
  error: unknown,
  name: string,
  period: string,
  t: ReturnType<typeof useTranslation<'approval'>>['t'],
  lang: string,
): string {
  if (error instanceof MoveRefused && error.order !== undefined) {
    const { order, blocking, blockingTotal } = error.order;
    const items = blocking.map((b) =>
      t('blockingItem', {
        unit: b.orgUnit,
        period: b.period,
        n: formatNumber(b.count, lang),
        status: t(`statuses.${b.status}`),
      }),
    );
    if (blockingTotal > blocking.length)
      items.push(t('blockingMore', { n: formatNumber(blockingTotal - blocking.length, lang) }));
    return t(order === 'below' ? 'blockedBelow' : 'blockedAbove', { name, period, list: items.join('; ') });
  }
  if (error instanceof MoveRefused && error.status === 403) return t('forbidden');
  return t('failed', { message: error instanceof Error ? error.message : String(error) });
}
