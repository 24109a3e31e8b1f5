/**
 * Drill-down: the unit's children (`parent=<code>`) for a selectable indicator in the selected
 * year, as a map when their boundaries are loaded (`GET /api/geography/boundaries`), a table
 * sortable by value or name (each linking to its own profile) and bars.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Indicator, OrgUnit } from '../../api/client.ts';
import { useApi, type Loaded } from '../../api/use-api.ts';
import { IndicatorSelect } from '../../components/indicator-select.tsx';
import { Failed, Loading } from '../../components/load-state.tsx';
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
import { BarChart } from './bar-chart.tsx';
import { loadBoundaries, type BoundaryCollection, type ChildrenView } from './profile-data.ts';
import { SubnationalMap } from './subnational-map.tsx';

export function ChildrenSection(props: {
  unit: OrgUnit;
  indicators: readonly Indicator[];
  indicator: string;
  year: number;
  children: Loaded<ChildrenView>;
  onIndicator: (code: string) => void;
}) {
  const { t, i18n } = useTranslation('profile');
  const unitName = localized(props.unit.name, i18n.language);
  const indicator = props.indicators.find((i) => i.code === props.indicator);
  const view = props.children.data;
  const none = view !== undefined && view.units.length === 0;
  const boundaries = useApi(none ? null : `boundaries:${props.unit.code}`, () =>
    loadBoundaries(props.unit.code),
  );
  const mapped =
    boundaries.data !== undefined && boundaries.data.features.length > 0 ? boundaries.data : undefined;
  return (
    <section aria-labelledby="children-heading" className="panel profile-section" data-testid="children">
      <h2 id="children-heading">{t('children')}</h2>
      {none ? (
        <p className="no-data" data-testid="no-children">
          {t('noChildren', { unit: unitName })}
        </p>
      ) : (
        <>
          {boundaries.state === 'loading' || mapped !== undefined ? null : (
            <p className="hint" data-testid="no-boundaries">
              {t('boundariesNotLoaded')}
            </p>
          )}
          <form className="controls" onSubmit={(event) => event.preventDefault()}>
            <label htmlFor="children-indicator">{t('indicator', { ns: 'common' })}</label>
            <IndicatorSelect
              id="children-indicator"
              indicators={props.indicators}
              value={props.indicator}
              onChange={props.onIndicator}
            />
          </form>
          {props.children.state === 'failed' ? <Failed error={props.children.error} /> : null}
          {props.children.state === 'loading' ? <Loading /> : null}
          {view === undefined || indicator === undefined ? null : (
            <ChildrenBody
              indicator={indicator}
              year={props.year}
              view={view}
              boundaries={mapped}
              unitName={unitName}
            />
          )}
        </>
      )}
    </section>
  );
}

function ChildrenBody({
  indicator,
  year,
  view,
  boundaries,
  unitName,
}: {
  indicator: Indicator;
  year: number;
  view: ChildrenView;
  boundaries: BoundaryCollection | undefined;
  unitName: string;
}) {
  const { t, i18n } = useTranslation('profile');
  const lang = i18n.language;
  const [sort, setSort] = useState<SortState>(HIGHEST_FIRST);
  const indicatorName = localized(indicator.name, lang);
  const unitLabel = localized(indicator.unitLabel, lang);
  const byCode = new Map(view.units.map((unit) => [unit.code, unit]));
  const entries = view.rows
    .filter((row) => byCode.has(row.orgUnit))
    .map((row) => ({ row, name: localized(byCode.get(row.orgUnit)?.name, lang) }));
  const missing = view.units.filter((unit) => !view.rows.some((row) => row.orgUnit === unit.code));
  if (entries.length === 0) return <p className="no-data">{t('noChildData', { year })}</p>;
  const shown = sortEntries(entries, sort, { value: (e) => e.row.value, name: (e) => e.name }, lang);
  const byValue = [...entries].sort((a, b) => b.row.value - a.row.value);
  const top = byValue[0];
  const bottom = byValue[byValue.length - 1];
  const header = (key: SortKey, label: string) => (
    <SortableHeader sortKey={key} label={label} sort={sort} onSort={setSort} />
  );
  const values = new Map(entries.map(({ row }) => [row.orgUnit, row.value]));
  const names = new Map(view.units.map((unit) => [unit.code, localized(unit.name, lang)]));
  return (
    <>
      {boundaries === undefined || top === undefined || bottom === undefined ? null : (
        <SubnationalMap
          boundaries={boundaries}
          values={values}
          names={names}
          direction={indicator.direction}
          unitLabel={unitLabel}
          label={t('childrenMapLabel', {
            indicator: indicatorName,
            year,
            unit: unitName,
            count: boundaries.features.length,
            top: top.name,
            topValue: formatNumber(top.row.value, lang),
            bottom: bottom.name,
            bottomValue: formatNumber(bottom.row.value, lang),
          })}
        />
      )}
      <div className="chart-and-table">
        <div>
          <div className="table-scroll">
            <table className="data-table" data-testid="children-table">
              <caption>{t('childrenCaption', { indicator: indicatorName, year })}</caption>
              <thead>
                <tr>
                  {header('name', t('name'))}
                  {header('value', `${t('value', { ns: 'common' })} (${unitLabel})`)}
                  <th scope="col">{t('interval', { ns: 'common' })}</th>
                  <th scope="col">{t('quality', { ns: 'common' })}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map(({ row, name }) => (
                  <tr key={row.orgUnit} data-unit={row.orgUnit}>
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
              {t('childrenMissing', {
                count: missing.length,
                names: missing.map((unit) => localized(unit.name, lang)).join(', '),
              })}
            </p>
          )}
        </div>
        {top === undefined || bottom === undefined ? null : (
          <BarChart
            bars={entries.map(({ row, name }) => ({
              code: row.orgUnit,
              name,
              value: row.value,
              highlight: false,
            }))}
            testId="children-chart"
            label={t('childrenChartLabel', {
              indicator: indicatorName,
              year,
              count: entries.length,
              top: top.name,
              topValue: formatNumber(top.row.value, lang),
              bottom: bottom.name,
              bottomValue: formatNumber(bottom.row.value, lang),
            })}
          />
        )}
      </div>
    </>
  );
}
