import { useTranslation } from 'react-i18next';
import { Link } from '../router.tsx';
import { usePageReady } from '../page-ready.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageReady(true);
  return (
    <>
      <h1>{t('notFound')}</h1>
      <p>
        <Link href="/">{t('backHome')}</Link>
      </p>
    </>
  );
}
