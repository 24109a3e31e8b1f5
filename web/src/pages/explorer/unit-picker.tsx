/**
 * Chooses the units: the Americas and the subregions, then the member states grouped by
 * subregion, as checkboxes with a text filter, folded in a <details> so it stays short on a phone.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrgUnit } from '../../api/client.ts';
import { localized } from '../../components/names.ts';
import type { Reference } from './explorer-data.ts';

/** Lower case without accents, so "mexico" finds "México". */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function UnitPicker(props: {
  reference: Reference;
  selected: readonly string[];
  onChange: (units: string[]) => void;
}) {
  const { t, i18n } = useTranslation('explorer');
  const lang = i18n.language;
  const id = useId();
  const [filter, setFilter] = useState('');
  const { reference, selected } = props;
  const chosen = new Set(selected);
  const name = (unit: OrgUnit): string => localized(unit.name, lang) || unit.code;
  const needle = fold(filter.trim());
  const matches = (unit: OrgUnit): boolean =>
    needle === '' || fold(name(unit)).includes(needle) || unit.code.toLowerCase().includes(needle);
  const byName = (a: OrgUnit, b: OrgUnit): number => name(a).localeCompare(name(b), lang);

  const toggle = (code: string, on: boolean): void => {
    if (on) props.onChange([...selected, code]);
    else if (selected.length > 1) props.onChange(selected.filter((c) => c !== code));
  };
  const box = (unit: OrgUnit) => {
    const checked = chosen.has(unit.code);
    const last = checked && selected.length === 1;
    return (
      <li key={unit.code}>
        <label>
          <input
            type="checkbox"
            value={unit.code}
            checked={checked}
            disabled={last}
            aria-describedby={last ? `${id}-last` : undefined}
            onChange={(event) => toggle(unit.code, event.target.checked)}
          />{' '}
          {name(unit)}
        </label>
      </li>
    );
  };

  const regions = [reference.americas, ...reference.subregions].filter(matches);
  const groups = reference.subregions
    .map((region) => ({
      region,
      members: reference.states
        .filter((unit) => unit.parentCode === region.code && matches(unit))
        .sort(byName),
    }))
    .filter((group) => group.members.length > 0);
  const chosenNames = reference.order
    .filter((code) => chosen.has(code))
    .map((code) => {
      const unit = reference.byCode.get(code);
      return unit === undefined ? code : name(unit);
    });

  return (
    <details className="unit-picker" data-testid="unit-picker">
      <summary>
        <span className="picker-label">{t('units')}</span>{' '}
        <span className="picker-count">({t('unitsSelected', { count: selected.length })})</span>
        <span className="picker-names">{chosenNames.join(', ')}</span>
      </summary>
      <div className="picker-body">
        <label htmlFor={`${id}-filter`}>{t('filterUnits')}</label>
        <input
          id={`${id}-filter`}
          type="search"
          value={filter}
          autoComplete="off"
          onChange={(event) => setFilter(event.target.value)}
        />
        <p id={`${id}-last`} className="hint">
          {t('lastUnit')}
        </p>
        <div className="picker-lists">
          {regions.length === 0 ? null : (
            <fieldset>
              <legend>{t('regions')}</legend>
              <ul>{regions.map(box)}</ul>
            </fieldset>
          )}
          {groups.map(({ region, members }) => (
            <fieldset key={region.code}>
              <legend>{name(region)}</legend>
              <ul>{members.map(box)}</ul>
            </fieldset>
          ))}
          {regions.length === 0 && groups.length === 0 ? (
            <p role="status">{t('noUnitMatch', { text: filter.trim() })}</p>
          ) : null}
        </div>
      </div>
    </details>
  );
}
