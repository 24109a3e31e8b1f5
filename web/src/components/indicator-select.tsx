/** A select of indicators grouped by family (traditional, wider outcome, context). */
import { useTranslation } from 'react-i18next';
import type { Indicator } from '../api/client.ts';
import { localized } from './names.ts';

const FAMILIES = ['traditional', 'wider_outcome', 'context'] as const;

export function IndicatorSelect(props: {
  id: string;
  indicators: readonly Indicator[];
  value: string;
  onChange: (code: string) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <select id={props.id} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
      {FAMILIES.map((family) => (
        <optgroup key={family} label={t(`familyPlural.${family}`)}>
          {props.indicators
            .filter((indicator) => indicator.family === family)
            .map((indicator) => (
              <option key={indicator.code} value={indicator.code}>
                {localized(indicator.name, i18n.language)}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}
