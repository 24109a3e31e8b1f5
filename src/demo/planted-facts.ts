/**
 * The manifest of what the demo data set hides on purpose: programme effects, missing cells,
 * data-entry errors, disagreeing sources and boundary changes. Later capabilities (analytics,
 * quality checks, evaluation) are tested on finding exactly these. The generator reads the same
 * manifest, so the facts and the data cannot drift apart.
 *
 * All planted cells concern `homicide_victims` from source `police` at municipality level,
 * monthly, unless stated otherwise. The member-state yearly `police` totals (and their age and
 * weapon breakdowns) and the `forensic` series are built from the *true* municipal counts: the
 * national register is right, the municipal breakdown carries the gaps and the typing errors.
 */
import type { CrosswalkEntry } from '../geography/org-unit.ts';
import {
  DEMO_BOUNDARY_CHANGES,
  countryGeography,
  demoCrosswalk,
  monthIndexOfDate,
  type DemoBoundaryChange,
} from './demo-geography.ts';
import { resolveDemoOptions, type DemoOptions } from './demo-options.ts';

export interface TreatedUnit {
  /** municipality code */
  readonly unit: string;
  /** first treated month, `YYYY-MM` */
  readonly start: string;
}

/**
 * A programme whose effect is planted: from its start month on, the Poisson mean of monthly
 * homicide victims in each treated municipality is multiplied by `effect` (0.75 = a 25% cut).
 * Nothing else differs between treated and donor municipalities: same national trend, same
 * seasonality, same noise.
 */
export interface PlantedIntervention {
  readonly code: string;
  readonly name: string;
  readonly description: string;
  readonly country: string;
  readonly element: 'homicide_victims';
  readonly source: 'police';
  /** multiplicative factor on the Poisson mean from the start month on */
  readonly effect: number;
  /** all units start together (false) or in waves (true) */
  readonly staggered: boolean;
  readonly treated: readonly TreatedUnit[];
  /** the untreated municipalities of the same country, valid over the whole generated range */
  readonly donors: readonly string[];
}

/** Monthly cells deliberately absent (the total and its sex parts are all missing). */
export interface PlantedMissingCells {
  readonly unit: string;
  readonly element: 'homicide_victims';
  readonly source: 'police';
  /** `YYYY-MM` periods */
  readonly periods: readonly string[];
}

/**
 * A data-entry error: the recorded total is `multiplier × max(1, true count)`, and both sex parts
 * are multiplied by `multiplier` (so F + M still equals the total).
 */
export interface PlantedOutlier {
  readonly unit: string;
  readonly period: string;
  readonly element: 'homicide_victims';
  readonly source: 'police';
  readonly multiplier: number;
}

/**
 * Two sources that disagree: from `fromYear` on, the yearly sum of `other` at member-state level
 * is `ratio` times the `reference` yearly total (within ±1% jitter plus rounding); before it, and
 * in every other member state, they agree within ±2% (plus rounding).
 */
export interface PlantedDisagreement {
  readonly country: string;
  readonly element: 'homicide_victims';
  readonly reference: 'police';
  readonly other: 'forensic';
  readonly ratio: number;
  readonly fromYear: number;
}

export interface PlantedFacts {
  readonly seed: number;
  readonly interventions: readonly PlantedIntervention[];
  readonly missing: readonly PlantedMissingCells[];
  readonly outliers: readonly PlantedOutlier[];
  readonly disagreements: readonly PlantedDisagreement[];
  readonly boundaryChanges: readonly DemoBoundaryChange[];
  readonly crosswalk: readonly CrosswalkEntry[];
}

// ---------------------------------------------------------------------------------------------
// The facts (codes use municipality indexes 001 and 002 only, which exist at every scale)

function months(from: string, count: number): string[] {
  const start = monthIndexOfDate(`${from}-01`);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(monthCode(start + i));
  return out;
}

/** `YYYY-MM` of a month index `year * 12 + month - 1`. */
export function monthCode(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${year}-${month < 10 ? '0' : ''}${month}`;
}

const BARRIOS_SEGUROS_UNITS = [
  'HND.01001',
  'HND.01002',
  'HND.02001',
  'HND.03001',
  'HND.03002',
  'HND.05001',
  'HND.05002',
  'HND.06001',
  'HND.08001',
  'HND.08002',
  'HND.12001',
  'HND.18001',
];

const CUADRANTES_WAVES: readonly (readonly [string, readonly string[]])[] = [
  ['2012-07', ['COL.01001', 'COL.02001', 'COL.03001', 'COL.04001', 'COL.05001', 'COL.06001']],
  ['2014-01', ['COL.07001', 'COL.08001', 'COL.09001', 'COL.10001', 'COL.11001', 'COL.12001']],
  ['2015-10', ['COL.13001', 'COL.14001', 'COL.15001', 'COL.16001', 'COL.17001', 'COL.18001']],
];

const INTERVENTIONS: readonly Omit<PlantedIntervention, 'donors'>[] = [
  {
    code: 'barrios_seguros',
    name: 'Barrios Seguros',
    description:
      'Violence-prevention programme (street outreach, lighting, youth centres) in 12 Honduran ' +
      'municipalities from January 2016: homicide victims cut by exactly 25% (factor 0.75 on the ' +
      'Poisson mean). Donors: the untreated municipalities of Honduras.',
    country: 'HND',
    element: 'homicide_victims',
    source: 'police',
    effect: 0.75,
    staggered: false,
    treated: BARRIOS_SEGUROS_UNITS.map((unit) => ({ unit, start: '2016-01' })),
  },
  {
    code: 'cuadrantes_comunitarios',
    name: 'Cuadrantes Comunitarios',
    description:
      'Community quadrant policing rolled out in three waves of 6 Colombian municipalities ' +
      '(July 2012, January 2014, October 2015): homicide victims cut by exactly 15% (factor 0.85) ' +
      'from each wave’s start. Donors: the never-treated municipalities of Colombia.',
    country: 'COL',
    element: 'homicide_victims',
    source: 'police',
    effect: 0.85,
    staggered: true,
    treated: CUADRANTES_WAVES.flatMap(([start, units]) => units.map((unit) => ({ unit, start }))),
  },
];

const MISSING: readonly PlantedMissingCells[] = [
  ['SLV.02001', months('2014-03', 3)],
  ['SLV.04002', months('2018-07', 6)],
  ['SLV.06001', ['2011-01', '2011-02', '2011-09', '2011-10']],
  ['SLV.09002', months('2020-04', 5)],
  ['SLV.11001', months('2007-10', 8)],
  ['SLV.13002', months('2022-01', 7)],
].map(([unit, periods]) => ({
  unit: unit as string,
  element: 'homicide_victims',
  source: 'police',
  periods: periods as string[],
}));

const OUTLIERS: readonly PlantedOutlier[] = (
  [
    ['GTM.01001', '2013-05', 7],
    ['GTM.07001', '2018-11', 5],
    ['SLV.03001', '2016-08', 9],
    ['JAM.01001', '2012-02', 6],
    ['MEX.09001', '2019-04', 8],
    ['MEX.15002', '2021-10', 10],
  ] as const
).map(([unit, period, multiplier]) => ({
  unit,
  period,
  element: 'homicide_victims',
  source: 'police',
  multiplier,
}));

const DISAGREEMENTS: readonly PlantedDisagreement[] = (
  [
    ['GTM', 1.18, 2010],
    ['PAN', 1.25, 2014],
    ['DOM', 1.32, 2008],
  ] as const
).map(([country, ratio, fromYear]) => ({
  country,
  element: 'homicide_victims',
  reference: 'police',
  other: 'forensic',
  ratio,
  fromYear,
}));

function countryOf(unit: string): string {
  return unit.slice(0, 3);
}

/**
 * The planted facts visible in the data set the options describe: facts about member states not
 * generated, and missing or outlier cells outside the year range, are left out.
 */
export function plantedFacts(options: DemoOptions = {}): PlantedFacts {
  const { seed, countries, startYear, endYear, scale } = resolveDemoOptions(options);
  const included = new Set(countries);
  const inYears = (period: string): boolean => {
    const year = Number(period.slice(0, 4));
    return year >= startYear && year <= endYear;
  };
  const firstMonth = startYear * 12;
  const lastMonth = endYear * 12 + 11;

  const interventions = INTERVENTIONS.filter((i) => included.has(i.country)).map((intervention) => {
    const treated = new Set(intervention.treated.map((t) => t.unit));
    const donors = countryGeography(intervention.country, scale)
      .municipalities.filter(
        (m) => !treated.has(m.code) && m.firstMonth <= firstMonth && m.lastMonth >= lastMonth,
      )
      .map((m) => m.code);
    return { ...intervention, donors };
  });
  const missing = MISSING.filter((m) => included.has(countryOf(m.unit)))
    .map((m) => ({ ...m, periods: m.periods.filter(inYears) }))
    .filter((m) => m.periods.length > 0);
  const outliers = OUTLIERS.filter((o) => included.has(countryOf(o.unit)) && inYears(o.period));
  const disagreements = DISAGREEMENTS.filter((d) => included.has(d.country));
  const boundaryChanges = DEMO_BOUNDARY_CHANGES.filter((c) => included.has(c.country));
  return {
    seed,
    interventions,
    missing,
    outliers,
    disagreements,
    boundaryChanges,
    crosswalk: demoCrosswalk({ countries }),
  };
}
