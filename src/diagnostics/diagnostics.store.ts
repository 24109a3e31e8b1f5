/**
 * Reads the diagnosis of a unit and year from a store: the unit's names from the geography, the
 * indicators and their values from the live analytics cube (in the view asked for; the public
 * gets `published`), then the pure engine.
 */
import type { CubeView } from '../analytics/analytics-cube.ts';
import type { LiveCube } from '../analytics/analytics.store.ts';
import { getOrgUnit } from '../geography/geography.store.ts';
import type { Store } from '../store/store.ts';
import { gatherDiagnosisInput } from './diagnosis-evidence.ts';
import type { Diagnosis } from './diagnosis-model.ts';
import { diagnose } from './diagnosis.ts';

export async function readDiagnosis(
  store: Store,
  live: LiveCube,
  orgUnit: string,
  year: number,
  view: CubeView = 'published',
): Promise<Diagnosis> {
  const unit = await getOrgUnit(store.db, orgUnit);
  const cube = await live.fresh();
  const input = gatherDiagnosisInput(cube, view, (code) => live.compiledIndicator(code), {
    orgUnit: unit.code,
    orgUnitName: unit.name,
    year,
    indicators: [...live.indicators.values()].sort((a, b) => a.code.localeCompare(b.code)),
  });
  return diagnose(input);
}
