/**
 * Evaluates a panel given as a CSV file (data outside the store): the file is read in the browser
 * for its header (the column selects) and values (the treated unit), then sent with the method and
 * its columns to POST /api/evaluation/its|scm|did. The API's refusals, with line and column, are
 * listed; the result uses the same components as the intervention page.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isSignedIn, useSession, type Session } from '../../api/session.ts';
import { Loading } from '../../components/load-state.tsx';
import { useDocumentTitle, usePageReady } from '../../page-ready.ts';
import { Link } from '../../router.tsx';
import { distinctValues, guessColumn, previewCsv, type CsvPreview } from './csv-preview.ts';
import { EvaluationResult } from './evaluation-result.tsx';
import type { Outcome } from './evaluation-types.ts';
import { evaluateCsv, RequestError, type CsvRequest, type Issue } from './interventions-api.ts';
import { ChoiceGroup } from '../../components/choice-group.tsx';

type Method = CsvRequest['method'];
const METHODS: readonly Method[] = ['its', 'scm', 'did'];

export default function EvaluatePage() {
  const { t } = useTranslation('interventions');
  const session = useSession();
  useDocumentTitle(t('csv.title'));
  usePageReady(session.state !== 'loading');
  return (
    <>
      <p className="breadcrumb">
        <Link href="/interventions">{t('details.back')}</Link>
      </p>
      <h1>{t('csv.title')}</h1>
      <p className="lead">{t('csv.intro')}</p>
      <p className="hint">{t('csv.example')}</p>
      {session.state === 'loading' ? (
        <Loading />
      ) : session.state === 'ready' && isSignedIn(session.data) ? (
        <CsvEvaluation session={session.data} />
      ) : (
        <p className="panel sign-in-note" data-testid="evaluate-note">
          {t('evaluation.signIn')} <a href="/sign-in">{t('evaluation.signInLink')}</a>
        </p>
      )}
    </>
  );
}

type RunState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running' }
  | { readonly kind: 'done'; readonly outcome: Outcome; readonly method: Method }
  | { readonly kind: 'failed'; readonly message: string; readonly issues: readonly Issue[] };

function ColumnSelect({
  id,
  label,
  columns,
  value,
  onChange,
  optional = false,
}: {
  id: string;
  label: string;
  columns: readonly string[];
  value: string;
  onChange: (value: string) => void;
  optional?: boolean;
}) {
  const { t } = useTranslation('interventions');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {optional ? <option value="">{t('csv.none')}</option> : null}
        {columns.map((column) => (
          <option key={column} value={column}>
            {column}
          </option>
        ))}
      </select>
    </div>
  );
}

function CsvEvaluation({ session }: { session: Session }) {
  const { t } = useTranslation('interventions');
  const [file, setFile] = useState<{ name: string; text: string; preview: CsvPreview } | undefined>();
  const [method, setMethod] = useState<Method>('its');
  const [columns, setColumns] = useState<Record<string, string>>({});
  const [values, setValues] = useState<Record<string, string>>({});
  const [placebos, setPlacebos] = useState(false);
  const [design, setDesign] = useState<'staggered' | '2x2'>('staggered');
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const latest = useRef(0);

  const read = async (chosen: File | undefined) => {
    setRun({ kind: 'idle' });
    if (chosen === undefined) {
      setFile(undefined);
      return;
    }
    const text = await chosen.text();
    const preview = previewCsv(text);
    const cols = preview.columns;
    setFile({ name: chosen.name, text, preview });
    const time = guessColumn(cols, ['time', 'period', 'year', 'month', 'date', 't'], cols[0] ?? '');
    const unit = guessColumn(cols, ['unit', 'id', 'region', 'state', 'country', 'name'], cols[0] ?? '');
    const outcome = guessColumn(
      cols,
      ['outcome', 'count', 'deaths', 'homicides', 'y', 'value'],
      cols.find((c) => c !== time && c !== unit) ?? '',
    );
    setColumns({
      time,
      unit,
      outcome,
      exposure: guessColumn(cols, ['exposure', 'population', 'pop']),
      season: guessColumn(cols, ['season', 'month_of_year']),
      group: guessColumn(cols, ['group', 'first_treated', 'cohort', 'first.treat'], cols[0] ?? ''),
      treated: guessColumn(cols, ['treated', 'treat', 'treatment'], cols[0] ?? ''),
    });
    setValues({});
  };

  const column = (name: string) => columns[name] ?? '';
  const setColumn = (name: string) => (value: string) => setColumns({ ...columns, [name]: value });
  const value = (name: string) => values[name] ?? '';
  const setValue = (name: string) => (text: string) => setValues({ ...values, [name]: text });

  const request = (): CsvRequest | undefined => {
    if (file === undefined) return undefined;
    const csv = file.text;
    if (method === 'its') {
      return {
        method,
        body: {
          csv,
          time: column('time'),
          outcome: column('outcome'),
          start: value('start'),
          ...(column('exposure') === '' ? {} : { exposure: column('exposure') }),
          ...(column('season') === '' ? {} : { season: column('season'), harmonics: 2 }),
        },
      };
    }
    if (method === 'scm') {
      return {
        method,
        body: {
          csv,
          unit: column('unit'),
          time: column('time'),
          outcome: column('outcome'),
          treated: value('treatedUnit'),
          treatmentTime: Number(value('treatmentTime')),
          placebos,
        },
      };
    }
    return {
      method,
      body: {
        csv,
        unit: column('unit'),
        time: column('time'),
        outcome: column('outcome'),
        ...(design === 'staggered'
          ? { group: column('group') }
          : { treated: column('treated'), postFrom: Number(value('postFrom')) }),
      },
    };
  };

  const start = async () => {
    const body = request();
    if (body === undefined) return;
    const id = ++latest.current;
    setRun({ kind: 'running' });
    try {
      const outcome = await evaluateCsv(session, body);
      if (id === latest.current) setRun({ kind: 'done', outcome, method: body.method });
    } catch (error) {
      if (id !== latest.current) return;
      setRun({
        kind: 'failed',
        message: error instanceof Error ? error.message : String(error),
        issues: error instanceof RequestError ? error.issues : [],
      });
    }
  };

  const cols = file?.preview.columns ?? [];
  const units = file === undefined ? [] : distinctValues(file.preview, column('unit'));
  return (
    <>
      <form
        className="panel evaluation-form"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <div className="field">
          <label htmlFor="csv-file">{t('csv.file')}</label>
          <input
            id="csv-file"
            type="file"
            accept=".csv,.tsv,.txt,text/csv"
            aria-describedby="csv-file-status"
            onChange={(event) => void read(event.target.files?.[0])}
          />
          <p className="hint" id="csv-file-status" data-testid="file-status">
            {file === undefined
              ? null
              : cols.length === 0
                ? t('csv.noHeader')
                : t('csv.fileRead', {
                    name: file.name,
                    rows: file.preview.rows.length,
                    columns: cols.length,
                  })}
          </p>
        </div>
        {file === undefined || cols.length === 0 ? null : (
          <>
            <div className="form-grid">
              <div className="field">
                <label htmlFor="csv-method">{t('evaluation.method')}</label>
                <select
                  id="csv-method"
                  value={method}
                  onChange={(event) => setMethod(event.target.value as Method)}
                >
                  {METHODS.map((m) => (
                    <option key={m} value={m}>
                      {t(`evaluation.methods.${m}`)}
                    </option>
                  ))}
                </select>
              </div>
              {method === 'its' ? null : (
                <ColumnSelect
                  id="csv-unit"
                  label={t('csv.unit')}
                  columns={cols}
                  value={column('unit')}
                  onChange={setColumn('unit')}
                />
              )}
              <ColumnSelect
                id="csv-time"
                label={t('csv.time')}
                columns={cols}
                value={column('time')}
                onChange={setColumn('time')}
              />
              <ColumnSelect
                id="csv-outcome"
                label={t('csv.outcome')}
                columns={cols}
                value={column('outcome')}
                onChange={setColumn('outcome')}
              />
              {method === 'its' ? (
                <>
                  <div className="field">
                    <label htmlFor="csv-start">{t('csv.itsStart')}</label>
                    <input
                      id="csv-start"
                      type="text"
                      value={value('start')}
                      onChange={(event) => setValue('start')(event.target.value)}
                    />
                  </div>
                  <ColumnSelect
                    id="csv-exposure"
                    label={t('csv.exposure')}
                    columns={cols}
                    value={column('exposure')}
                    onChange={setColumn('exposure')}
                    optional
                  />
                  <ColumnSelect
                    id="csv-season"
                    label={t('csv.season')}
                    columns={cols}
                    value={column('season')}
                    onChange={setColumn('season')}
                    optional
                  />
                </>
              ) : null}
              {method === 'scm' ? (
                <>
                  <div className="field">
                    <label htmlFor="csv-treated-unit">{t('csv.treatedUnit')}</label>
                    <select
                      id="csv-treated-unit"
                      value={value('treatedUnit')}
                      onChange={(event) => setValue('treatedUnit')(event.target.value)}
                    >
                      <option value="">{t('csv.none')}</option>
                      {units.map((unit) => (
                        <option key={unit} value={unit}>
                          {unit}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="csv-treatment-time">{t('csv.treatmentTime')}</label>
                    <input
                      id="csv-treatment-time"
                      type="number"
                      value={value('treatmentTime')}
                      onChange={(event) => setValue('treatmentTime')(event.target.value)}
                    />
                  </div>
                </>
              ) : null}
            </div>
            {method === 'scm' ? (
              <p>
                <label>
                  <input
                    type="checkbox"
                    checked={placebos}
                    onChange={(event) => setPlacebos(event.target.checked)}
                  />{' '}
                  {t('csv.placebos')}
                </label>
              </p>
            ) : null}
            {method === 'did' ? (
              <>
                <ChoiceGroup
                  legend={t('csv.design')}
                  name="design"
                  options={['staggered', '2x2'] as const}
                  value={design}
                  label={(d) => (d === 'staggered' ? t('csv.staggered') : t('csv.twoByTwo'))}
                  onChange={setDesign}
                />
                <div className="form-grid">
                  {design === 'staggered' ? (
                    <ColumnSelect
                      id="csv-group"
                      label={t('csv.group')}
                      columns={cols}
                      value={column('group')}
                      onChange={setColumn('group')}
                    />
                  ) : (
                    <>
                      <ColumnSelect
                        id="csv-treated"
                        label={t('csv.treatedColumn')}
                        columns={cols}
                        value={column('treated')}
                        onChange={setColumn('treated')}
                      />
                      <div className="field">
                        <label htmlFor="csv-post-from">{t('csv.postFrom')}</label>
                        <input
                          id="csv-post-from"
                          type="number"
                          value={value('postFrom')}
                          onChange={(event) => setValue('postFrom')(event.target.value)}
                        />
                      </div>
                    </>
                  )}
                </div>
              </>
            ) : null}
            <p>
              <button type="submit" disabled={run.kind === 'running'}>
                {t('evaluation.run')}
              </button>
            </p>
          </>
        )}
        <div role="status" aria-live="polite" className="run-status">
          {run.kind === 'running' ? (
            <span className="progress">
              <span className="spinner" aria-hidden="true" />
              {t('evaluation.running')}
            </span>
          ) : null}
        </div>
        {run.kind === 'failed' ? (
          <div role="alert" className="failed" data-testid="csv-error">
            <p>{t('csv.refused', { message: run.message })}</p>
            {run.issues.length === 0 ? null : (
              <ul>
                {run.issues.map((issue, i) => (
                  <li key={i}>
                    {issue.line === undefined
                      ? t('csv.issueNoPlace', { message: issue.message })
                      : t('csv.issue', {
                          line: issue.line,
                          column: issue.column ?? '–',
                          message: issue.message,
                        })}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : null}
      </form>
      {run.kind === 'done' ? (
        <EvaluationResult
          outcome={run.outcome}
          download={run.outcome}
          fileName={`${(file?.name ?? 'panel').replace(/\.[^.]*$/, '')}-${run.method}`}
          timeLabel={(time) => String(time)}
        />
      ) : null}
    </>
  );
}
