/**
 * One indicator: its definition, formula (numerator, denominator, factor), unit, direction,
 * breakdowns, SDG and ICCS mappings, the sources that report it, and the caveats for reading it.
 */
import { useTranslation } from 'react-i18next';
import {
  api,
  fetchAnalytics,
  unwrap,
  type DataElement,
  type Indicator,
  type Source,
} from '../../api/client.ts';
import { loadSources, useDimensions, useIndicators } from '../../api/reference-data.ts';
import { cached, useApi } from '../../api/use-api.ts';
import { WhenLoaded } from '../../components/load-state.tsx';
import { localized } from '../../components/names.ts';
import { formatNumber } from '../../format.ts';
import { useDocumentTitle, usePageReady } from '../../page-ready.ts';
import { Link } from '../../router.tsx';
import type { PageProps } from '../../routes.tsx';
import { parseElementTerm } from './indicator-formula.ts';
import { ICCS_LABELS, SDG_LABELS } from './indicators.messages.ts';

function loadElement(code: string): Promise<DataElement> {
  return cached(`element:${code}`, async () =>
    unwrap(await api.GET('/api/catalogue/elements/{code}', { params: { path: { code } } })),
  );
}

/** Sources with published data for the indicator's numerator somewhere in the Americas. */
async function reportingSources(indicator: Indicator): Promise<Source[]> {
  const sources = await loadSources();
  const element = parseElementTerm(indicator.numerator).element;
  const found = await Promise.all(
    sources.map(async (source) => {
      const rows = await fetchAnalytics({
        indicator: indicator.code,
        orgUnit: 'AME',
        last: 30,
        periodType: 'year',
        source: `${element}:${source.code}`,
      });
      return rows.length > 0 ? source : undefined;
    }),
  );
  return found.filter((source): source is Source => source !== undefined);
}

export default function IndicatorPage({ params }: PageProps) {
  const { t } = useTranslation('indicators');
  const indicators = useIndicators();
  const indicator = indicators.data?.find((i) => i.code === params['code']);
  usePageReady(indicators.state === 'failed' || (indicators.state === 'ready' && indicator === undefined));
  if (indicators.state === 'ready' && indicator === undefined) {
    return (
      <>
        <h1>{t('unknown', { code: params['code'] ?? '' })}</h1>
        <Link href="/indicators">{t('allIndicators')}</Link>
      </>
    );
  }
  return (
    <WhenLoaded loads={[indicators] as const}>
      {() => (indicator ? <IndicatorDetails indicator={indicator} /> : null)}
    </WhenLoaded>
  );
}

function IndicatorDetails({ indicator }: { indicator: Indicator }) {
  const { t, i18n } = useTranslation('indicators');
  const lang = i18n.language;
  const numerator = parseElementTerm(indicator.numerator);
  const denominator = indicator.denominator === null ? undefined : parseElementTerm(indicator.denominator);
  const elements = useApi(`elements:${indicator.code}`, () =>
    Promise.all([loadElement(numerator.element), denominator ? loadElement(denominator.element) : undefined]),
  );
  const sources = useApi(`reporting-sources:${indicator.code}`, () => reportingSources(indicator));
  const dimensions = useDimensions();
  const name = localized(indicator.name, lang);
  useDocumentTitle(name);
  // Ready once the definition and formula are drawn; the sources (one small query per source) follow.
  usePageReady(elements.state !== 'loading');

  const dimensionName = (code: string): string =>
    localized(dimensions.data?.find((d) => d.code === code)?.name, lang) || code;
  const categoryName = (dimension: string, category: string): string =>
    localized(
      dimensions.data?.find((d) => d.code === dimension)?.categories.find((c) => c.code === category)?.name,
      lang,
    ) || category;
  const term = (element: DataElement | undefined, parsed: typeof numerator): string => {
    const base = localized(element?.name, lang) || parsed.element;
    if (parsed.filters.length === 0) return base;
    return `${base} (${parsed.filters.map(([d, c]) => `${dimensionName(d)}: ${categoryName(d, c)}`).join('; ')})`;
  };

  return (
    <article className="indicator-page">
      <p className="breadcrumb">
        <Link href="/indicators">{t('allIndicators')}</Link>
      </p>
      <h1>{name}</h1>
      <p className="facets">
        <span className="facet">{t(`family.${indicator.family}`, { ns: 'common' })}</span>
        <span className="facet">{t(`kind.${indicator.kind}`, { ns: 'common' })}</span>
        <span className="facet">{t(`direction.${indicator.direction}`, { ns: 'common' })}</span>
      </p>
      <p>
        <Link href={`/explore?indicator=${indicator.code}`} className="button">
          {t('explore')}
        </Link>{' '}
        <Link href={`/?indicator=${indicator.code}`}>{t('onTheMap')}</Link>
      </p>
      <dl className="definition-list">
        <dt>{t('definition')}</dt>
        <dd>{localized(indicator.definition, lang)}</dd>
        <dt>{t('formula')}</dt>
        <dd data-testid="formula">
          <WhenLoaded loads={[elements] as const}>
            {([numeratorElement, denominatorElement]) =>
              denominator === undefined ? (
                <>
                  {term(numeratorElement, numerator)}
                  {indicator.factor === 1 ? null : ` × ${formatNumber(indicator.factor, lang)}`}
                </>
              ) : (
                <span className="fraction">
                  <span>{term(numeratorElement, numerator)}</span>
                  <span aria-hidden="true"> ÷ </span>
                  <span className="visually-hidden"> {t('dividedBy')} </span>
                  <span>{term(denominatorElement, denominator)}</span>
                  {indicator.factor === 1 ? null : <span> × {formatNumber(indicator.factor, lang)}</span>}
                </span>
              )
            }
          </WhenLoaded>
          {indicator.kind === 'rate' ? <p className="hint">{t('rateNote')}</p> : null}
        </dd>
        <dt>{t('unit', { ns: 'common' })}</dt>
        <dd>{localized(indicator.unitLabel, lang)}</dd>
        <dt>{t('breakdowns')}</dt>
        <dd>
          {indicator.dimensions.length === 0 ? t('none') : indicator.dimensions.map(dimensionName).join(', ')}
        </dd>
        <dt>{t('sdg')}</dt>
        <dd>
          {indicator.sdg.length === 0
            ? t('none')
            : indicator.sdg.map((code) => (
                <span key={code} className="mapping">
                  <strong>{code}</strong> {SDG_LABELS[code]?.[lang as 'en'] ?? ''}
                </span>
              ))}
        </dd>
        <dt>{t('iccs')}</dt>
        <dd>
          {indicator.iccs.length === 0
            ? t('none')
            : indicator.iccs.map((code) => (
                <span key={code} className="mapping">
                  <strong>{code}</strong> {ICCS_LABELS[code]?.[lang as 'en'] ?? ''}
                </span>
              ))}
        </dd>
        <dt>{t('sources')}</dt>
        <dd>
          <WhenLoaded loads={[sources] as const}>
            {(list) =>
              list.length === 0 ? (
                t('noSources')
              ) : (
                <>
                  <ul data-testid="sources">
                    {list.map((source) => (
                      <li key={source.code}>{localized(source.name, lang)}</li>
                    ))}
                  </ul>
                  {list.length > 1 ? <p className="hint">{t('severalSources')}</p> : null}
                </>
              )
            }
          </WhenLoaded>
        </dd>
        <dt>{t('caveats')}</dt>
        <dd>
          <ul>
            <li>{t(`caveat.${indicator.kind}`)}</li>
            <li>{t(`caveat.family_${indicator.family}`)}</li>
          </ul>
        </dd>
      </dl>
    </article>
  );
}
