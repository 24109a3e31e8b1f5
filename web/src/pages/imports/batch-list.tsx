/**
 * The recent imports under the import form, each with a "Roll back" action: the action first asks
 * the API for a dry run and shows what the rollback would do; "Roll back" then does it (one
 * transaction, itself a batch). A refusal (a later import changed a value since, a locked value,
 * a batch of someone else) is shown with the values concerned. The server decides who may.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Session } from '../../api/session.ts';
import { formatNumber } from '../../format.ts';
import { listBatches, rollBack, type Batch, type Rollback, type ImportIssue } from './imports-api.ts';

type Step =
  | { readonly kind: 'idle' }
  | { readonly kind: 'asking'; readonly batch: number }
  | { readonly kind: 'confirm'; readonly plan: Rollback }
  | { readonly kind: 'working'; readonly plan: Rollback }
  | { readonly kind: 'done'; readonly result: Rollback }
  | {
      readonly kind: 'refused';
      readonly batch: number;
      readonly message: string;
      readonly issues: readonly ImportIssue[];
    };

export function BatchList({ session }: { session: Session }) {
  const { t, i18n } = useTranslation('imports');
  const lang = i18n.language;
  const [batches, setBatches] = useState<readonly Batch[] | 'failed' | undefined>();
  const [step, setStep] = useState<Step>({ kind: 'idle' });

  const load = useCallback(() => {
    listBatches().then(setBatches, () => setBatches('failed'));
  }, []);
  useEffect(load, [load]);

  const refused = (batch: number, error: unknown) =>
    setStep({
      kind: 'refused',
      batch,
      message: (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '',
      issues: (error as { issues?: readonly ImportIssue[] }).issues ?? [],
    });
  const ask = (batch: number) => {
    setStep({ kind: 'asking', batch });
    rollBack(session, batch, true).then(
      (plan) => setStep({ kind: 'confirm', plan }),
      (error: unknown) => refused(batch, error),
    );
  };
  const confirm = (plan: Rollback) => {
    setStep({ kind: 'working', plan });
    rollBack(session, plan.batchId, false).then(
      (result) => {
        setStep({ kind: 'done', result });
        load();
      },
      (error: unknown) => refused(plan.batchId, error),
    );
  };

  return (
    <section className="panel batch-list" aria-labelledby="batches-heading" data-testid="import-batches">
      <h2 id="batches-heading">{t('batches.heading')}</h2>
      <p className="hint">{t('batches.intro')}</p>
      <div aria-live="polite">
        {step.kind === 'confirm' || step.kind === 'working' ? (
          <div
            className="rollback-confirm"
            role="group"
            aria-labelledby="rollback-heading"
            data-testid="rollback-confirm"
          >
            <h3 id="rollback-heading">{t('batches.confirmHeading', { batch: step.plan.batchId })}</h3>
            <p>
              {t('batches.confirmText', {
                restored: formatNumber(step.plan.restored, lang),
                removed: formatNumber(step.plan.removed, lang),
                reinstated: formatNumber(step.plan.reinstated, lang),
              })}
            </p>
            <button type="button" disabled={step.kind === 'working'} onClick={() => confirm(step.plan)}>
              {step.kind === 'working' ? t('batches.working') : t('batches.confirm')}
            </button>{' '}
            <button
              type="button"
              className="secondary"
              disabled={step.kind === 'working'}
              onClick={() => setStep({ kind: 'idle' })}
            >
              {t('batches.cancel')}
            </button>
          </div>
        ) : null}
        {step.kind === 'done' ? (
          <p role="status" data-testid="rollback-done">
            {t('batches.done', {
              batch: step.result.batchId,
              rollback: step.result.rollbackBatchId ?? '',
              restored: step.result.restored,
              removed: step.result.removed,
              reinstated: step.result.reinstated,
            })}
          </p>
        ) : null}
        {step.kind === 'refused' ? (
          <div data-testid="rollback-refused">
            <p role="alert">{t('batches.refused', { batch: step.batch, message: step.message })}</p>
            {step.issues.length === 0 ? null : (
              <ul>
                {step.issues.map((issue, i) => (
                  <li key={i}>
                    {issue.line === undefined ? '' : `${t('lineColumn', { line: issue.line })}: `}
                    {issue.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : null}
      </div>
      {batches === undefined ? null : batches === 'failed' ? (
        <p role="alert">{t('batches.loadFailed')}</p>
      ) : batches.length === 0 ? (
        <p>{t('batches.none')}</p>
      ) : (
        <div className="table-scroll">
          <table>
            <caption>{t('batches.caption')}</caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('batches.id')}
                </th>
                <th scope="col">{t('batches.when')}</th>
                <th scope="col">{t('batches.file')}</th>
                <th scope="col">{t('batches.by')}</th>
                <th scope="col" className="num">
                  {t('batches.counts')}
                </th>
                <th scope="col">{t('batches.state')}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.id} data-batch={b.id}>
                  <td className="num">{b.id}</td>
                  <td>{new Date(b.createdAt).toLocaleString(lang)}</td>
                  <td>{b.fileName ?? b.kind}</td>
                  <td>{b.createdBy ?? ''}</td>
                  <td className="num">
                    {[b.inserted, b.updated, b.deleted].map((n) => formatNumber(n, lang)).join(' · ')}
                  </td>
                  <td>
                    {b.rolledBackBy !== null ? (
                      t('batches.rolledBackBy', { batch: b.rolledBackBy })
                    ) : b.rollsBack !== null ? (
                      t('batches.rollsBack', { batch: b.rollsBack })
                    ) : b.kind === 'demo' ? null : (
                      <button
                        type="button"
                        className="secondary"
                        disabled={step.kind === 'asking' || step.kind === 'working'}
                        onClick={() => ask(b.id)}
                      >
                        {t('batches.rollback', { batch: b.id })}
                      </button>
                    )}
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
