/** What a page shows while its data loads, when loading failed, or when there is nothing. */
import { useTranslation } from 'react-i18next';
import type { Loaded } from '../api/use-api.ts';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('loading')}
    </p>
  );
}

export function Failed({ error }: { error: Error }) {
  const { t } = useTranslation();
  return (
    <p className="failed" role="alert">
      {t('failed', { message: error.message })}
    </p>
  );
}

export function NoData() {
  const { t } = useTranslation();
  return <p className="no-data">{t('noData')}</p>;
}

/** Renders `children(data)` once every load is ready; the first failure or a spinner otherwise. */
export function WhenLoaded<T extends readonly Loaded<unknown>[]>({
  loads,
  children,
}: {
  loads: T;
  children: (...data: { [K in keyof T]: T[K] extends Loaded<infer D> ? D : never }) => React.ReactNode;
}) {
  const failed = loads.find((load) => load.state === 'failed');
  if (failed?.error !== undefined) return <Failed error={failed.error} />;
  if (loads.some((load) => load.state !== 'ready')) return <Loading />;
  const data = loads.map((load) => load.data) as { [K in keyof T]: T[K] extends Loaded<infer D> ? D : never };
  return <>{children(...data)}</>;
}
