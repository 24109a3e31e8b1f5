/**
 * A page about one org unit (the profile, the diagnosis): loads the unit from the address and the
 * catalogue, then draws the page; an unknown code gets a clear "no such unit" page.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Indicator, type OrgUnit } from '../../api/client.ts';
import { loadUnit, useIndicators } from '../../api/reference-data.ts';
import { useApi } from '../../api/use-api.ts';
import { WhenLoaded } from '../../components/load-state.tsx';
import { useDocumentTitle, usePageReady } from '../../page-ready.ts';
import { Link } from '../../router.tsx';

export function UnitPage(props: {
  code: string;
  children: (unit: OrgUnit, indicators: Indicator[]) => ReactNode;
}) {
  const unit = useApi(`unit:${props.code}`, () => loadUnit(props.code));
  const indicators = useIndicators();
  if (unit.state === 'failed' && unit.error instanceof ApiError && unit.error.status === 404) {
    return <NoSuchUnit code={props.code} />;
  }
  return <WhenLoaded loads={[unit, indicators] as const}>{props.children}</WhenLoaded>;
}

function NoSuchUnit({ code }: { code: string }) {
  const { t } = useTranslation('profile');
  useDocumentTitle(t('noSuchUnit'));
  usePageReady(true);
  return (
    <>
      <h1>{t('noSuchUnit')}</h1>
      <p role="alert" data-testid="no-such-unit">
        {t('noSuchUnitText', { code })}
      </p>
      <p>
        <Link href="/">{t('backHome', { ns: 'common' })}</Link>
      </p>
    </>
  );
}
