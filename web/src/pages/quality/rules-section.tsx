/**
 * The validation rules run over a unit (and the units below it) and a period range: the count of
 * violations by severity, each violation with both sides and their difference, filtered by
 * severity, and the rules checked with their tallies.
 */
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { Failed, Loading } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { formatNumber } from '../../format.ts';
import { usePageReady } from '../../page-ready.ts';
import { TableScroll } from './table-scroll.tsx';
import { fetchRules, type RulesResult } from './quality-api.ts';
import { SEVERITIES, type Severity } from './quality-state.ts';

export function RulesSection(props: {
  unit: string;
  range: { from: string; to: string };
  severity: Severity | null;
}) {
  const { t } = useTranslation('quality');
  const { unit, range } = props;
  const loaded = useApi(`quality-rules:${unit}:${range.from}:${range.to}`, () =>
    fetchRules({ orgUnit: unit, from: range.from, to: range.to }),
  );
  usePageReady(loaded.state !== 'loading');
  return (
    <section className="panel" aria-labelledby="rules-heading" data-testid="rules-section">
      <h2 id="rules-heading">{t('rules.heading', { unit, from: range.from, to: range.to })}</h2>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <Failed error={loaded.error} /> : null}
      {loaded.state === 'ready' ? <RulesResultView result={loaded.data} severity={props.severity} /> : null}
    </section>
  );
}

function RulesResultView({ result, severity }: { result: RulesResult; severity: Severity | null }) {
  const { t, i18n } = useTranslation('quality');
  const lang = i18n.language;
  const names = new Map(result.rules.map((r) => [r.code, localized(r.name, lang)]));
  const shown = result.violations.filter((v) => severity === null || v.severity === severity);
  const count = (s: Severity) => result.violations.filter((v) => v.severity === s).length;
  return (
    <>
      <dl className="import-counts" data-testid="rules-counts">
        <div data-count="cells">
          <dt>{t('rules.cells')}</dt>
          <dd>{formatNumber(result.cells, lang)}</dd>
        </div>
        {SEVERITIES.map((s) => (
          <div key={s} data-count={s}>
            <dt>{t(`severity.${s}`)}</dt>
            <dd>{formatNumber(count(s), lang)}</dd>
          </div>
        ))}
      </dl>
      {result.violations.length === 0 ? (
        <p role="status" data-testid="rules-none">
          {t('rules.none')}
        </p>
      ) : shown.length === 0 ? (
        <p role="status" data-testid="rules-none">
          {t('rules.noneShown')}
        </p>
      ) : (
        <TableScroll label={t('rules.caption', { count: shown.length })}>
          <table className="data-table" data-testid="violations">
            <caption>{t('rules.caption', { count: shown.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('rules.col.rule')}</th>
                <th scope="col">{t('rules.col.severity')}</th>
                <th scope="col">{t('rules.col.unit')}</th>
                <th scope="col">{t('rules.col.period')}</th>
                <th scope="col">{t('rules.col.source')}</th>
                <th scope="col" className="num">
                  {t('rules.col.left')}
                </th>
                <th scope="col" className="num">
                  {t('rules.col.right')}
                </th>
                <th scope="col" className="num">
                  {t('rules.col.difference')}
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((v) => (
                <tr
                  key={`${v.rule}:${v.orgUnit}:${v.period}:${v.leftSource ?? ''}:${v.rightSource ?? ''}`}
                  data-rule={v.rule}
                  data-severity={v.severity}
                >
                  <td>{names.get(v.rule) ?? v.rule}</td>
                  <td>
                    <span
                      className={`badge ${v.severity === 'error' ? 'badge-alert' : v.severity === 'warning' ? 'badge-warn' : ''}`}
                    >
                      {t(`severity.${v.severity}`)}
                    </span>
                  </td>
                  <td>{v.orgUnit}</td>
                  <td>{v.period}</td>
                  <td>{[v.leftSource ?? '–', v.rightSource ?? '–'].join(' / ')}</td>
                  <td className="num" data-col="left">
                    {formatNumber(v.leftValue, lang)}
                  </td>
                  <td className="num" data-col="right">
                    {formatNumber(v.rightValue, lang)}
                  </td>
                  <td className="num" data-col="difference">
                    {formatNumber(v.leftValue - v.rightValue, lang)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <details className="rules-list">
        <summary>{t('rules.rulesHeading')}</summary>
        <ul>
          {result.rules.map((r) => (
            <li key={r.code} data-rule={r.code}>
              <strong>{localized(r.name, lang)}</strong> ({t(`severity.${r.severity}`)}):{' '}
              <code>
                {r.left} {r.operator} {r.right}
              </code>{' '}
              — {t('rules.ruleChecked', { checked: r.checked, violations: r.violations })}
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
