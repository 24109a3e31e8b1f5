/**
 * The demo's planted interventions (src/demo/planted-facts.ts) as entries of the register, so a
 * demo store can be evaluated from the register as it would be with real programmes: Barrios
 * Seguros (Honduras, 12 municipalities from January 2016) and Cuadrantes Comunitarios (Colombia,
 * three waves). Their comparison units are the generator's donors (the untreated municipalities
 * that exist over the whole generated range).
 */
import type { DemoOptions } from '../demo/demo-options.ts';
import { plantedFacts } from '../demo/planted-facts.ts';
import type { InterventionInput, InterventionType } from './intervention.ts';

const TYPES: Readonly<Record<string, InterventionType>> = {
  barrios_seguros: 'project',
  cuadrantes_comunitarios: 'strategy',
};

export function demoInterventionInputs(options: DemoOptions = {}): InterventionInput[] {
  return plantedFacts(options).interventions.map((planted) => ({
    code: planted.code,
    name: planted.name,
    description: planted.description,
    type: TYPES[planted.code] ?? 'project',
    country: planted.country,
    start: planted.treated.map((t) => t.start).reduce((a, b) => (b < a ? b : a)),
    indicators: ['homicide_rate'],
    units: planted.treated.map((t) => ({ unit: t.unit, start: t.start })),
    donors: planted.donors,
  }));
}
