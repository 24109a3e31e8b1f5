/**
 * Imports a received file (`/imports`): the file, its format, its mapping file and the status;
 * "Check" asks the API for a dry run (counts, the first changes with the values they replace, every
 * problem at its line) and writes nothing; "Import" is offered once the check finds no problem, and
 * imports the same file in one transaction. Below, the recent imports, each of which may be rolled
 * back (`batch-list.tsx`). Signed-in contributors, approvers and administrators.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useSession, type Session } from '../../api/session.ts';
import { Loading } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { BatchList } from './batch-list.tsx';
import { formatNumber } from '../../format.ts';
import { useDocumentTitle, usePageReady } from '../../page-ready.ts';
import {
  IMPORT_FORMATS,
  ImportRefused,
  MAPPING_REQUIRED,
  sendImport,
  type BoundaryImport,
  type ValueImport,
  type ImportFormat,
  type ImportIssue,
  type ImportPreview,
  type ValueStatus,
} from './imports-api.ts';

const STATUSES: readonly ValueStatus[] = ['draft', 'submitted', 'approved', 'published'];

export default function ImportPage() {
  const { t } = useTranslation('imports');
  const session = useSession();
  useDocumentTitle(t('title'));
  usePageReady(session.state !== 'loading');
  const data = session.data;
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {session.state === 'loading' ? (
        <Loading />
      ) : data?.user === null || data?.user === undefined ? (
        <p className="panel sign-in-note" data-testid="imports-note">
          {t('signIn')} <a href="/sign-in">{t('signInLink')}</a>
        </p>
      ) : hasRole(data, ['contributor', 'approver', 'administrator']) ? (
        <>
          <ImportForm session={data} />
          <BatchList session={data} />
        </>
      ) : (
        <p className="panel sign-in-note" data-testid="imports-note">
          {t('notAllowed')}
        </p>
      )}
    </>
  );
}

type Step =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy'; readonly dryRun: boolean }
  | { readonly kind: 'checked'; readonly outcome: Extract<ValueImport, { dryRun: true }> }
  | {
      readonly kind: 'imported';
      readonly outcome: Extract<ValueImport, { dryRun: false }>;
      readonly file: string;
    }
  | { readonly kind: 'boundaries'; readonly outcome: BoundaryImport }
  | { readonly kind: 'refused'; readonly message: string; readonly issues: readonly ImportIssue[] };

function ImportForm({ session }: { session: Session }) {
  const { t } = useTranslation('imports');
  const [file, setFile] = useState<File | undefined>();
  const [format, setFormat] = useState<ImportFormat>('canonical');
  const [mapping, setMapping] = useState<{ name: string; text: string } | undefined>();
  const [status, setStatus] = useState<ValueStatus>('draft');
  const [note, setNote] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const latest = useRef(0);

  const changed = () => setStep({ kind: 'idle' });
  const send = async (dryRun: boolean) => {
    if (file === undefined) return;
    const id = ++latest.current;
    setStep({ kind: 'busy', dryRun });
    try {
      const outcome = await sendImport(session, {
        file,
        format,
        ...(mapping === undefined || format === 'canonical' ? {} : { mapping: mapping.text }),
        status,
        note,
        dryRun,
      });
      if (id !== latest.current) return;
      if ('boundaries' in outcome) setStep({ kind: 'boundaries', outcome });
      else
        setStep(
          outcome.dryRun ? { kind: 'checked', outcome } : { kind: 'imported', outcome, file: file.name },
        );
    } catch (error) {
      if (id !== latest.current) return;
      setStep({
        kind: 'refused',
        message: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '',
        issues: error instanceof ImportRefused ? error.issues : [],
      });
    }
  };

  const needsMapping = MAPPING_REQUIRED.has(format);
  const boundaries = format === 'geojson';
  const checkedClean =
    (step.kind === 'checked' && step.outcome.preview.issueCount === 0) ||
    (step.kind === 'boundaries' && step.outcome.dryRun && step.outcome.boundaries.issueCount === 0);
  const busy = step.kind === 'busy';
  return (
    <>
      <form
        className="panel import-form"
        onSubmit={(event) => {
          event.preventDefault();
          void send(true);
        }}
      >
        <div className="field">
          <label htmlFor="import-file">{t('file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.txt,.xlsx,.json,.geojson,text/csv,application/json,application/geo+json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(event) => {
              setFile(event.target.files?.[0]);
              changed();
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="import-format">{t('format')}</label>
          <select
            id="import-format"
            value={format}
            onChange={(event) => {
              setFormat(event.target.value as ImportFormat);
              changed();
            }}
          >
            {IMPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`formats.${f}`)}
              </option>
            ))}
          </select>
        </div>
        {format === 'canonical' ? null : (
          <div className="field">
            <label htmlFor="import-mapping">{needsMapping ? t('mapping') : t('mappingOptional')}</label>
            <input
              id="import-mapping"
              type="file"
              accept=".json,application/json"
              aria-describedby="import-mapping-hint"
              onChange={(event) => {
                const chosen = event.target.files?.[0];
                changed();
                if (chosen === undefined) setMapping(undefined);
                else void chosen.text().then((text) => setMapping({ name: chosen.name, text }));
              }}
            />
            <p className="hint" id="import-mapping-hint">
              {boundaries ? t('boundaryMappingHint') : t('mappingHint')}
            </p>
          </div>
        )}
        {boundaries ? null : (
          <div className="field">
            <label htmlFor="import-status">{t('status')}</label>
            <select
              id="import-status"
              value={status}
              onChange={(event) => {
                setStatus(event.target.value as ValueStatus);
                changed();
              }}
            >
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`statuses.${s}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        {boundaries ? null : (
          <div className="field">
            <label htmlFor="import-note">{t('note')}</label>
            <input
              id="import-note"
              type="text"
              value={note}
              maxLength={1000}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
        )}
        <p className="actions">
          <button
            type="submit"
            disabled={file === undefined || busy || (needsMapping && mapping === undefined)}
          >
            {busy && step.dryRun ? t('checking') : t('check')}
          </button>{' '}
          <button
            type="button"
            className="secondary"
            disabled={!checkedClean || busy}
            onClick={() => void send(false)}
          >
            {busy && !step.dryRun ? t('importing') : t('importNow')}
          </button>
        </p>
        {checkedClean ? null : <p className="hint">{t('checkFirst')}</p>}
      </form>
      <div aria-live="polite">
        {step.kind === 'checked' ? <PreviewView outcome={step.outcome} /> : null}
        {step.kind === 'boundaries' ? <BoundaryView outcome={step.outcome} /> : null}
        {step.kind === 'imported' ? (
          <section className="panel" data-testid="import-done">
            <h2>{t('doneHeading')}</h2>
            <p role="status">
              {t('done', {
                file: step.file,
                batch: step.outcome.result.batchId,
                rows: step.outcome.result.rows,
                inserted: step.outcome.result.inserted,
                updated: step.outcome.result.updated,
                unchanged: step.outcome.result.unchanged,
                deleted: step.outcome.result.deleted,
              })}
            </p>
          </section>
        ) : null}
        {step.kind === 'refused' ? (
          <section className="panel" data-testid="import-refused">
            <p role="alert">{t('failed', { message: step.message })}</p>
            <IssueTable issues={step.issues} />
          </section>
        ) : null}
      </div>
    </>
  );
}

/** A GeoJSON file of boundaries: checked (what would change) or imported. */
function BoundaryView({ outcome }: { outcome: BoundaryImport }) {
  const { t, i18n } = useTranslation('imports');
  const lang = i18n.language;
  const b = outcome.boundaries;
  if (!outcome.dryRun) {
    return (
      <section className="panel" data-testid="import-done">
        <h2>{t('doneHeading')}</h2>
        <p role="status">
          {t('boundaries.done', {
            file: b.file,
            features: b.features,
            new: b.new,
            changed: b.changed,
            unchanged: b.unchanged,
          })}
        </p>
      </section>
    );
  }
  const counts = ['features', 'new', 'changed', 'unchanged', 'rejected'] as const;
  const changes = b.units.filter((u) => u.change !== 'unchanged');
  return (
    <section className="panel import-preview" data-testid="import-preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t('previewHeading')}</h2>
      <dl className="import-counts">
        {counts.map((key) => (
          <div key={key} data-count={key}>
            <dt>{t(`counts.${key}`)}</dt>
            <dd>{formatNumber(b[key], lang)}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">{t('encoding', { encoding: b.encoding })}</p>
      <SkippedRows skipped={b.skipped} />
      {b.issueCount === 0 ? (
        <p role="status" data-testid="no-problems">
          {t('noProblems')}
        </p>
      ) : (
        <>
          <h3>{t('problemsHeading', { count: b.issueCount })}</h3>
          <p role="alert">{t('problemsNote')}</p>
          <IssueTable issues={b.issues} />
        </>
      )}
      {changes.length === 0 ? null : (
        <div className="table-scroll">
          <table data-testid="import-changes">
            <caption>{t('boundaries.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('col.line')}</th>
                <th scope="col">{t('boundaries.unit')}</th>
                <th scope="col">{t('boundaries.change')}</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((u) => (
                <tr key={u.code} data-kind={u.change}>
                  <td className="num">{u.line}</td>
                  <td>
                    <code>{u.code}</code>
                  </td>
                  <td>
                    {u.change === 'new' ? t('boundaries.changes.new') : t('boundaries.changes.changed')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function PreviewView({ outcome }: { outcome: Extract<ValueImport, { dryRun: true }> }) {
  const { t, i18n } = useTranslation('imports');
  const lang = i18n.language;
  const preview: ImportPreview = outcome.preview;
  const counts = ['rows', 'new', 'changed', 'unchanged', 'deleted', 'rejected'] as const;
  const more = preview.new + preview.changed + preview.deleted - preview.changes.length;
  return (
    <section className="panel import-preview" data-testid="import-preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t('previewHeading')}</h2>
      <dl className="import-counts">
        {counts.map((key) => (
          <div key={key} data-count={key}>
            <dt>{t(`counts.${key}`)}</dt>
            <dd>{formatNumber(preview[key], lang)}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">{t('encoding', { encoding: outcome.encoding })}</p>
      <SkippedRows skipped={outcome.skipped} />
      {preview.issueCount === 0 ? (
        <p role="status" data-testid="no-problems">
          {t('noProblems')}
        </p>
      ) : (
        <>
          <h3>{t('problemsHeading', { count: preview.issueCount })}</h3>
          <p role="alert">{t('problemsNote')}</p>
          <IssueTable issues={preview.issues} />
        </>
      )}
      {preview.changes.length === 0 ? null : (
        <div className="table-scroll">
          <table data-testid="import-changes">
            <caption>{t('changesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('col.line')}</th>
                <th scope="col">{t('col.value')}</th>
                <th scope="col" className="num">
                  {t('col.before')}
                </th>
                <th scope="col" className="num">
                  {t('col.after')}
                </th>
              </tr>
            </thead>
            <tbody>
              {preview.changes.map((c) => (
                <tr
                  key={`${c.line}:${c.element}:${c.orgUnit}:${c.period}:${c.disaggregation}:${c.source}`}
                  data-kind={c.kind}
                >
                  <td className="num">{c.line}</td>
                  <td>
                    <code>
                      {[c.element, c.orgUnit, c.period, c.disaggregation, c.source]
                        .filter((p) => p !== '')
                        .join(' · ')}
                    </code>
                  </td>
                  <td className="num">{c.before === null ? t('new') : formatNumber(c.before, lang)}</td>
                  <td className="num">{c.after === null ? t('deleted') : formatNumber(c.after, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {more > 0 ? <p className="hint">{t('moreChanges', { count: more })}</p> : null}
        </div>
      )}
    </section>
  );
}

function IssueTable({ issues }: { issues: readonly ImportIssue[] }) {
  const { t } = useTranslation('imports');
  if (issues.length === 0) return null;
  return (
    <div className="table-scroll">
      <table data-testid="import-issues">
        <thead>
          <tr>
            <th scope="col">{t('col.where')}</th>
            <th scope="col">{t('col.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((issue, k) => (
            <tr key={k}>
              <td>
                {[
                  issue.file,
                  issue.cell,
                  issue.cell !== undefined || issue.line === undefined
                    ? undefined
                    : t('lineColumn', { line: issue.line }),
                  issue.cell !== undefined || issue.column === undefined
                    ? undefined
                    : t('column', { column: issue.column }),
                  issue.field === undefined ? undefined : `(${issue.field})`,
                ]
                  .filter((part) => part !== undefined)
                  .join(', ')}
              </td>
              <td>{issue.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The rows a reader left out on purpose, counted by reason in the reader's language. */
function SkippedRows(props: {
  skipped: readonly { code: string; count: number; reason: Record<'en' | 'es' | 'pt' | 'fr', string> }[];
}) {
  const { t, i18n } = useTranslation('imports');
  const lang = i18n.language;
  if (props.skipped.length === 0) return null;
  return (
    <>
      <h3>{t('skipped')}</h3>
      <ul>
        {props.skipped.map((s) => (
          <li key={s.code}>
            {t('skippedRow', { count: formatNumber(s.count, lang), reason: localized(s.reason, lang) })}
          </li>
        ))}
      </ul>
    </>
  );
}
