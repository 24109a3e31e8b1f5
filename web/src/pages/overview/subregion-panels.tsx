/**
 * One panel per UN M49 subregion: its own value (numerators and denominators summed over its
 * members, not an average of their rates) beside the Americas', and its members as bars.
 */
import { useTranslation } from 'react-i18next';
import type { AnalyticsRow, Indicator, OrgUnit } from '../../api/client.ts';
import { localized } from '../../components/names.ts';
import { formatNumber } from '../../format.ts';
import { Link } from '../../router.tsx';

export function SubregionPanels(props: {
  indicator: Indicator;
  states: OrgUnit[];
  subregions: OrgUnit[];
  stateRows: AnalyticsRow[];
  subregionRows: AnalyticsRow[];
  americasRow: AnalyticsRow | undefined;
}) {
  const { t, i18n } = useTranslation('overview');
  const lang = i18n.language;
  const stateValue = new Map(props.stateRows.map((row) => [row.orgUnit, row.value]));
  const max = Math.max(0, ...props.stateRows.map((row) => row.value));
  const unitLabel = localized(props.indicator.unitLabel, lang);
  return (
    <section aria-labelledby="subregions-heading" className="panel subregions">
      <h2 id="subregions-heading">{t('subregions')}</h2>
      {props.americasRow === undefined ? null : (
        <p className="americas-value">
          {t('americasValue', { value: formatNumber(props.americasRow.value, lang), unit: unitLabel })}
        </p>
      )}
      <div className="subregion-grid">
        {props.subregions.map((subregion) => {
          const own = props.subregionRows.find((row) => row.orgUnit === subregion.code);
          const members = props.states
            .filter((unit) => unit.parentCode === subregion.code)
            .map((unit) => ({ unit, value: stateValue.get(unit.code) }))
            .sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
          const headingId = `subregion-${subregion.code}`;
          return (
            <article
              key={subregion.code}
              className="subregion"
              aria-labelledby={headingId}
              data-subregion={subregion.code}
            >
              <h3 id={headingId}>{localized(subregion.name, lang)}</h3>
              <p className="subregion-value">
                {own === undefined
                  ? t('noData', { ns: 'common' })
                  : `${formatNumber(own.value, lang)} ${unitLabel}`}
              </p>
              <ul className="bars">
                {members.map(({ unit, value }) => (
                  <li key={unit.code}>
                    <Link href={`/country/${unit.code}`} className="bar-label">
                      {localized(unit.name, lang)}
                    </Link>
                    <span className="bar-track" aria-hidden="true">
                      <span
                        className="bar"
                        style={{ width: value === undefined || max === 0 ? 0 : `${(value / max) * 100}%` }}
                      />
                    </span>
                    <span className="bar-value">{formatNumber(value, lang)}</span>
                  </li>
                ))}
              </ul>
            </article>
          );
        })}
      </div>
    </section>
  );
}
