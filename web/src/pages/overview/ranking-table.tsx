/** Member states ranked by the indicator's value, with intervals and quality badges; sortable. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsRow, Indicator, OrgUnit } from '../../api/client.ts';
import { localized } from '../../components/names.ts';
import {
  HIGHEST_FIRST,
  SortableHeader,
  sortEntries,
  type SortKey,
  type SortState,
} from '../../components/sortable-header.tsx';
import { QualityBadges } from '../../components/quality-badges.tsx';
import { formatNumber } from '../../format.ts';
import { Link } from '../../router.tsx';

export function RankingTable(props: {
  indicator: Indicator;
  year: number;
  states: OrgUnit[];
  rows: AnalyticsRow[];
  caption: string;
}) {
  const { t, i18n } = useTranslation('overview');
  const [sort, setSort] = useState<SortState>(HIGHEST_FIRST);
  const lang = i18n.language;
  const byCode = new Map(props.states.map((unit) => [unit.code, unit]));
  const ranked = [...props.rows]
    .filter((row) => byCode.has(row.orgUnit))
    .sort((a, b) => b.value - a.value)
    .map((row, index) => ({ row, rank: index + 1, name: localized(byCode.get(row.orgUnit)?.name, lang) }));
  const missing = props.states.filter((unit) => !props.rows.some((row) => row.orgUnit === unit.code));
  const shown = sortEntries(ranked, sort, { value: (e) => e.row.value, name: (e) => e.name }, lang);
  const header = (key: SortKey, label: string) => (
    <SortableHeader sortKey={key} label={label} sort={sort} onSort={setSort} />
  );
  return (
    <section aria-labelledby="ranking-heading" className="panel">
      <h2 id="ranking-heading">{t('ranking')}</h2>
      <div className="table-scroll">
        <table className="data-table" data-testid="ranking-table">
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rank', { ns: 'common' })}</th>
              {header('name', t('memberState', { ns: 'common' }))}
              {header(
                'value',
                `${t('value', { ns: 'common' })} (${localized(props.indicator.unitLabel, lang)})`,
              )}
              <th scope="col">{t('interval', { ns: 'common' })}</th>
              <th scope="col">{t('quality', { ns: 'common' })}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map(({ row, rank, name }) => (
              <tr key={row.orgUnit} data-unit={row.orgUnit}>
                <td className="num">{rank}</td>
                <th scope="row">
                  <Link href={`/country/${row.orgUnit}`}>{name}</Link>
                </th>
                <td className="num">{formatNumber(row.value, lang)}</td>
                <td className="num">
                  {row.lower === null || row.upper === null
                    ? '–'
                    : t('intervalRange', {
                        ns: 'common',
                        lower: formatNumber(row.lower, lang),
                        upper: formatNumber(row.upper, lang),
                      })}
                </td>
                <td>
                  <QualityBadges facts={{ smallCount: row.smallCount, complete: row.complete }} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {missing.length === 0 ? null : (
        <p className="hint">
          {t('missing', {
            count: missing.length,
            names: missing.map((unit) => localized(unit.name, lang)).join(', '),
          })}
        </p>
      )}
    </section>
  );
}
