/**
 * Completeness and timeliness of each reporting unit for an element over a period range: a table
 * sortable by unit, completeness or timeliness, each share with a bar, the units below the
 * threshold highlighted.
 */
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/use-api.ts';
import { Failed, Loading } from '../../components/load-state.tsx';
import { formatNumber, formatPercent } from '../../format.ts';
import { usePageReady } from '../../page-ready.ts';
import { TableScroll } from './table-scroll.tsx';
import { fetchCompleteness, type UnitCompleteness } from './quality-api.ts';
import { sortUnits } from './quality-model.ts';
import type { QualityState, SortKey } from './quality-state.ts';

export function CompletenessSection(props: {
  state: QualityState;
  unit: string;
  range: { from: string; to: string };
  elementName: string;
  onChange: (next: QualityState) => void;
}) {
  const { t } = useTranslation('quality');
  const { state, unit, range } = props;
  const loaded = useApi(`quality-completeness:${state.element}:${unit}:${range.from}:${range.to}`, () =>
    fetchCompleteness({ element: state.element, orgUnit: unit, from: range.from, to: range.to }),
  );
  usePageReady(loaded.state !== 'loading');
  return (
    <section className="panel" aria-labelledby="completeness-heading" data-testid="completeness-section">
      <h2 id="completeness-heading">
        {t('completeness.heading', { element: props.elementName, unit, from: range.from, to: range.to })}
      </h2>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'failed' ? <Failed error={loaded.error} /> : null}
      {loaded.state === 'ready' ? (
        <CompletenessTable units={loaded.data.units} state={state} onChange={props.onChange} />
      ) : null}
      <p className="hint">{t('completeness.deadline')}</p>
    </section>
  );
}

function CompletenessTable(props: {
  units: readonly UnitCompleteness[];
  state: QualityState;
  onChange: (next: QualityState) => void;
}) {
  const { t, i18n } = useTranslation('quality');
  const lang = i18n.language;
  const { state } = props;
  const threshold = state.below / 100;
  const isBelow = (u: UnitCompleteness) => u.completeness !== null && u.completeness < threshold;
  if (props.units.length === 0) return <p role="status">{t('completeness.none')}</p>;
  const rows = sortUnits(props.units, state.sort, state.descending);
  const header = (key: SortKey, label: string, numeric: boolean) => {
    const active = state.sort === key;
    return (
      <th
        scope="col"
        className={numeric ? 'num' : undefined}
        aria-sort={active ? (state.descending ? 'descending' : 'ascending') : 'none'}
      >
        <button
          type="button"
          className="sort-button"
          data-sort={key}
          onClick={() =>
            props.onChange({ ...state, sort: key, descending: active ? !state.descending : false })
          }
        >
          {label}
          <span aria-hidden="true">{active ? (state.descending ? ' ▼' : ' ▲') : ''}</span>
        </button>
      </th>
    );
  };
  const share = (value: number | null, below: boolean) =>
    value === null ? (
      '–'
    ) : (
      <span className="share">
        <span className="share-value">{formatPercent(value, lang)}</span>
        <span className="share-track" aria-hidden="true">
          <span
            className={`share-bar${below ? ' is-below' : ''}`}
            style={{ width: `${Math.round(value * 100)}%` }}
          />
        </span>
      </span>
    );
  return (
    <>
      <p role="status" data-testid="completeness-summary">
        {t('completeness.summary', {
          below: formatNumber(props.units.filter(isBelow).length, lang),
          count: formatNumber(props.units.length, lang),
          threshold: formatPercent(threshold, lang),
        })}
      </p>
      <TableScroll label={t('completeness.caption')}>
        <table className="data-table completeness-table" data-testid="completeness-table">
          <caption>{t('completeness.caption')}</caption>
          <thead>
            <tr>
              {header('unit', t('completeness.col.unit'), false)}
              <th scope="col" className="num">
                {t('completeness.col.expected')}
              </th>
              <th scope="col" className="num">
                {t('completeness.col.reported')}
              </th>
              {header('completeness', t('completeness.col.completeness'), true)}
              {header('timeliness', t('completeness.col.timeliness'), true)}
              <th scope="col" className="num">
                {t('completeness.col.delay')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => {
              const below = isBelow(u);
              return (
                <tr key={u.orgUnit} data-unit={u.orgUnit} className={below ? 'is-below' : undefined}>
                  <th scope="row">
                    {u.orgUnit}
                    {below ? (
                      <span className="badge badge-alert">{t('completeness.belowThreshold')}</span>
                    ) : null}
                    {u.missing.length === 0 ? null : (
                      <span className="hint missing-periods">
                        {t('completeness.missing', { periods: u.missing.join(', ') })}
                      </span>
                    )}
                  </th>
                  <td className="num" data-col="expected">
                    {formatNumber(u.expected, lang)}
                  </td>
                  <td className="num" data-col="reported">
                    {formatNumber(u.reported, lang)}
                  </td>
                  <td className="num" data-col="completeness">
                    {share(u.completeness, below)}
                  </td>
                  <td className="num" data-col="timeliness">
                    {share(u.timeliness, false)}
                  </td>
                  <td className="num" data-col="delay">
                    {formatNumber(u.medianDelayDays, lang)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
