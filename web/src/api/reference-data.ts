/** The catalogue, the geography and the server's status, loaded once and shared by every page. */
import {
  api,
  unwrap,
  type Dimension,
  type Health,
  type Indicator,
  type OrgUnit,
  type Source,
} from './client.ts';
import type { paths } from './schema';
import { cached, useApi, type Loaded } from './use-api.ts';

export function loadIndicators(): Promise<Indicator[]> {
  return cached('indicators', async () => unwrap(await api.GET('/api/catalogue/indicators')).indicators);
}

type UnitsQuery = NonNullable<paths['/api/geography/units']['get']['parameters']['query']>;

export function loadUnits(query: Pick<UnitsQuery, 'level' | 'parent'>): Promise<OrgUnit[]> {
  const key = `units:${query.level ?? ''}:${query.parent ?? ''}`;
  return cached(key, async () => unwrap(await api.GET('/api/geography/units', { params: { query } })).units);
}

export function loadUnit(code: string): Promise<OrgUnit> {
  return cached(`unit:${code}`, async () =>
    unwrap(await api.GET('/api/geography/units/{code}', { params: { path: { code } } })),
  );
}

export function loadDimensions(): Promise<Dimension[]> {
  return cached('dimensions', async () => unwrap(await api.GET('/api/catalogue/dimensions')).dimensions);
}

export function loadSources(): Promise<Source[]> {
  return cached('sources', async () => unwrap(await api.GET('/api/sources')).sources);
}

export function loadHealth(): Promise<Health> {
  return cached('health', async () => unwrap(await api.GET('/api/health')));
}

export const useIndicators = (): Loaded<Indicator[]> => useApi('indicators', loadIndicators);
export const useMemberStates = (): Loaded<OrgUnit[]> =>
  useApi('units:member_state:', () => loadUnits({ level: 'member_state' }));
export const useSubregions = (): Loaded<OrgUnit[]> =>
  useApi('units:subregion:', () => loadUnits({ level: 'subregion' }));
export const useDimensions = (): Loaded<Dimension[]> => useApi('dimensions', loadDimensions);
export const useHealth = (): Loaded<Health> => useApi('health', loadHealth);
