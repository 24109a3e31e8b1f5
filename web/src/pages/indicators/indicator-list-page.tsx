/** Every indicator of the catalogue, by family, each with its unit and definition. */
import { useTranslation } from 'react-i18next';
import { useIndicators } from '../../api/reference-data.ts';
import { WhenLoaded } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { useDocumentTitle, usePageReady } from '../../page-ready.ts';
import { Link } from '../../router.tsx';

const FAMILIES = ['traditional', 'wider_outcome', 'context'] as const;

export default function IndicatorListPage() {
  const { t, i18n } = useTranslation('indicators');
  const indicators = useIndicators();
  useDocumentTitle(t('title'));
  usePageReady(indicators.state === 'ready');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <WhenLoaded loads={[indicators] as const}>
        {(list) =>
          FAMILIES.map((family) => (
            <section key={family} aria-labelledby={`family-${family}`} className="panel">
              <h2 id={`family-${family}`}>{t(`familyPlural.${family}`, { ns: 'common' })}</h2>
              <p className="hint">{t(`familyHelp.${family}`)}</p>
              <ul className="indicator-list">
                {list
                  .filter((indicator) => indicator.family === family)
                  .map((indicator) => (
                    <li key={indicator.code}>
                      <Link href={`/indicators/${indicator.code}`}>
                        {localized(indicator.name, i18n.language)}
                      </Link>{' '}
                      <span className="unit-label">({localized(indicator.unitLabel, i18n.language)})</span>
                      <p>{localized(indicator.definition, i18n.language)}</p>
                    </li>
                  ))}
              </ul>
            </section>
          ))
        }
      </WhenLoaded>
    </>
  );
}
