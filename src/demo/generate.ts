/**
 * The demo data generator: a lazy, deterministic stream of canonical rows for the 35 member
 * states and their synthetic divisions and municipalities (see `demo-geography.ts`), following
 * the magnitudes of `country-profiles.ts` and hiding the facts of `planted-facts.ts`.
 *
 * Determinism: every member state, municipality and topic draws from its own stream, seeded from
 * (seed, unit code, topic). Restricting `countries` therefore leaves the rows of the remaining
 * member states unchanged, and a planted missing cell consumes its random numbers like any other.
 *
 * Memory stays bounded: apart from the yielded row, the generator keeps per member state only
 * arrays of its units × years and months (a few MB at most, even at scale 64).
 *
 * Order of the stream, member state by member state: population; monthly municipal homicides;
 * member-state homicides (yearly police breakdowns, monthly forensic); monthly division arrests;
 * monthly drug seizures; yearly police, prisons and the wider-outcome elements; survey shares.
 */
import type { CanonicalRow } from '../data/canonical-row.ts';
import { logValueAt, valueAt, type CountryProfile, type Trajectory } from './country-profiles.ts';
import { countryGeography, type CountryGeography, type DemoMunicipality } from './demo-geography.ts';
import { resolveDemoOptions, type DemoOptions, type ResolvedDemoOptions } from './demo-options.ts';
import { monthCode, plantedFacts, type PlantedFacts } from './planted-facts.ts';
import { Rng, mixSeed, multinomial, streamRng } from './random.ts';

export { DEFAULT_DEMO_SEED, type DemoOptions } from './demo-options.ts';

// ---------------------------------------------------------------------------------------------
// Codes

export const AGE_GROUPS = ['0-14', '15-29', '30-44', '45-59', '60+'] as const;
export const WEAPONS = ['firearm', 'sharp_object', 'other'] as const;
export const DRUGS = [
  'cocaine_hydrochloride',
  'cocaine_base',
  'cannabis_herb',
  'cannabis_resin',
  'heroin',
  'methamphetamine',
  'synthetic_other',
  'other',
] as const;
export const OFFENCES = ['drug', 'violent', 'property', 'other'] as const;
export const DETENTIONS = ['sentenced', 'unsentenced'] as const;
export const SURVEY_ELEMENTS = [
  'trust_police_share',
  'trust_justice_share',
  'feel_safe_night_share',
  'victimisation_share',
] as const;

/** Every data element the demo writes. */
export const DEMO_ELEMENTS = [
  'population',
  'homicide_victims',
  'police_officers',
  'police_officers_trained',
  'arrests',
  'drug_seizures',
  'prisoners',
  'released_prisoners',
  'reconvicted',
  'social_workers',
  'prevention_centres',
  'treatment_centres',
  'private_security_guards',
  ...SURVEY_ELEMENTS,
  'firearms_marked',
  'firearms_destroyed',
] as const;
export type DemoElement = (typeof DEMO_ELEMENTS)[number];

const SEX_F = 'sex=F';
const SEX_M = 'sex=M';
const AGE_KEYS = AGE_GROUPS.map((a) => `age_group=${a}`);
const WEAPON_KEYS = WEAPONS.map((w) => `weapon=${w}`);
const OFFENCE_KEYS = OFFENCES.map((o) => `offence=${o}`);
const DETENTION_KEYS = DETENTIONS.map((d) => `detention=${d}`);
const DRUG_OFFENCE_WOMEN = 'offence=drug;sex=F';

const AGE_PROFILES = {
  young: [0.04, 0.45, 0.3, 0.14, 0.07],
  older: [0.04, 0.34, 0.3, 0.2, 0.12],
} as const;

/** Amplitude of the summer peak of homicides (±6%) and arrests (±3%). */
const HOMICIDE_SEASONALITY = 0.06;
const ARREST_SEASONALITY = 0.03;

// ---------------------------------------------------------------------------------------------
// Structure shared by the generator and the row-count estimate

/** Which drugs a member state reports seizures of (fixed by its profile). */
export function reportedDrugs(profile: CountryProfile): (typeof DRUGS)[number][] {
  const s = profile.seizures;
  return DRUGS.filter((drug) => {
    switch (drug) {
      case 'cocaine_base':
        return s.cocaineBaseShare > 0;
      case 'cannabis_resin':
        return s.cannabisResinShare > 0;
      case 'heroin':
        return s.heroin !== undefined;
      case 'methamphetamine':
        return s.methamphetamine !== undefined;
      case 'synthetic_other':
        return s.syntheticOther !== undefined;
      default:
        return true;
    }
  });
}

/**
 * The years a member state runs its victimisation and trust survey: every second year from a
 * first year in 2002–2005, with one round skipped (a gap), independent of the seed.
 */
export function surveyYears(iso3: string, startYear: number, endYear: number): number[] {
  const rng = new Rng(mixSeed('atalaya-demo-survey', iso3));
  const first = 2002 + rng.int(4);
  const rounds: number[] = [];
  for (let year = first; year <= 2100; year += 2) rounds.push(year);
  const skipped = first + 2 * (2 + rng.int(6));
  return rounds.filter((year) => year !== skipped && year >= startYear && year <= endYear);
}

/** The last release year whose 24-month reconviction outcome is known by the end of `endYear`. */
function lastReconvictionYear(endYear: number): number {
  return endYear - 2;
}

function validWholeYear(unit: DemoMunicipality, year: number): boolean {
  return unit.firstMonth <= year * 12 && unit.lastMonth >= year * 12 + 11;
}

function validMonth(unit: DemoMunicipality, month: number): boolean {
  return month >= unit.firstMonth && month <= unit.lastMonth;
}

/** Exact row counts by data element (cheap: walks the geography, draws no random numbers). */
export function estimateDemoRowCounts(options: DemoOptions = {}): Record<DemoElement, number> {
  const o = resolveDemoOptions(options);
  const facts = plantedFacts(options);
  const counts = Object.fromEntries(DEMO_ELEMENTS.map((e) => [e, 0])) as Record<DemoElement, number>;
  const years = o.endYear - o.startYear + 1;
  const missingCells = facts.missing.reduce((sum, m) => sum + m.periods.length, 0);
  for (const iso3 of o.countries) {
    const geo = countryGeography(iso3, o.scale);
    const profile = geo.profile;
    const divisions = geo.divisions.length;
    let unitYears = 0;
    let unitMonths = 0;
    for (const unit of geo.municipalities) {
      for (let year = o.startYear; year <= o.endYear; year++) {
        if (validWholeYear(unit, year)) unitYears++;
        for (let m = 0; m < 12; m++) if (validMonth(unit, year * 12 + m)) unitMonths++;
      }
    }
    counts.population += unitYears + (divisions + 3) * years;
    counts.homicide_victims += 3 * unitMonths + (1 + AGE_GROUPS.length + WEAPONS.length) * years;
    counts.homicide_victims += 12 * years;
    counts.arrests += 3 * 12 * years * divisions;
    counts.drug_seizures += 12 * years * (1 + reportedDrugs(profile).length);
    counts.police_officers += 3 * years * (divisions + 1);
    counts.police_officers_trained += 3 * years;
    counts.prisoners += 3 * years * divisions + years * (3 + OFFENCES.length + DETENTIONS.length + 1);
    counts.released_prisoners += years;
    counts.reconvicted += Math.max(0, lastReconvictionYear(o.endYear) - o.startYear + 1);
    counts.social_workers += years;
    counts.prevention_centres += years;
    counts.treatment_centres += years;
    counts.private_security_guards += years;
    const firearmYears = Math.max(0, o.endYear - Math.max(o.startYear, profile.firearmsFrom) + 1);
    counts.firearms_marked += firearmYears;
    counts.firearms_destroyed += firearmYears;
    const surveys = surveyYears(iso3, o.startYear, o.endYear).length;
    for (const element of SURVEY_ELEMENTS) counts[element] += 3 * surveys;
  }
  counts.homicide_victims -= 3 * missingCells;
  return counts;
}

/** The exact number of rows `generateDemoRows(options)` yields. */
export function estimateDemoRowCount(options: DemoOptions = {}): number {
  let total = 0;
  for (const count of Object.values(estimateDemoRowCounts(options))) total += count;
  return total;
}

// ---------------------------------------------------------------------------------------------
// Generation

interface Calendar {
  readonly startYear: number;
  readonly endYear: number;
  readonly years: number;
  readonly yearCodes: readonly string[];
  /** month codes, index `(year - startYear) * 12 + month - 1` */
  readonly monthCodes: readonly string[];
}

function calendar(o: ResolvedDemoOptions): Calendar {
  const years = o.endYear - o.startYear + 1;
  const yearCodes: string[] = [];
  const monthCodes: string[] = [];
  for (let y = 0; y < years; y++) {
    yearCodes.push(String(o.startYear + y));
    for (let m = 0; m < 12; m++) monthCodes.push(monthCode((o.startYear + y) * 12 + m));
  }
  return { startYear: o.startYear, endYear: o.endYear, years, yearCodes, monthCodes };
}

/** The planted facts turned into lookups by unit and absolute month index. */
interface PlantedLookup {
  /** unit → [first treated month, effect] */
  readonly treatment: ReadonlyMap<string, readonly [number, number]>;
  /** unit → missing months */
  readonly missing: ReadonlyMap<string, ReadonlySet<number>>;
  /** unit → (month → multiplier) */
  readonly outliers: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** country → [ratio, first year] */
  readonly disagreement: ReadonlyMap<string, readonly [number, number]>;
}

function monthIndexOfCode(period: string): number {
  return Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;
}

function plantedLookup(facts: PlantedFacts): PlantedLookup {
  const treatment = new Map<string, readonly [number, number]>();
  for (const intervention of facts.interventions) {
    for (const { unit, start } of intervention.treated) {
      treatment.set(unit, [monthIndexOfCode(start), intervention.effect]);
    }
  }
  const missing = new Map<string, Set<number>>();
  for (const cells of facts.missing) {
    const set = missing.get(cells.unit) ?? new Set<number>();
    for (const period of cells.periods) set.add(monthIndexOfCode(period));
    missing.set(cells.unit, set);
  }
  const outliers = new Map<string, Map<number, number>>();
  for (const outlier of facts.outliers) {
    const map = outliers.get(outlier.unit) ?? new Map<number, number>();
    map.set(monthIndexOfCode(outlier.period), outlier.multiplier);
    outliers.set(outlier.unit, map);
  }
  const disagreement = new Map<string, readonly [number, number]>();
  for (const d of facts.disagreements) disagreement.set(d.country, [d.ratio, d.fromYear]);
  return { treatment, missing, outliers, disagreement };
}

function row(
  element: string,
  orgUnit: string,
  period: string,
  disaggregation: string,
  source: string,
  value: number,
): CanonicalRow {
  return { element, orgUnit, period, disaggregation, source, value };
}

/** Trajectory values for each generated year. */
function yearly(trajectory: Trajectory, cal: Calendar): Float64Array {
  const out = new Float64Array(cal.years);
  for (let y = 0; y < cal.years; y++) out[y] = valueAt(trajectory, cal.startYear + y);
  return out;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}

/**
 * Streams the demo data set as canonical rows (see the module comment). Deterministic for a
 * given seed; `estimateDemoRowCount` gives the exact length without generating it.
 */
export function* generateDemoRows(options: DemoOptions = {}): Generator<CanonicalRow> {
  const o = resolveDemoOptions(options);
  const cal = calendar(o);
  const lookup = plantedLookup(plantedFacts(options));
  for (const iso3 of o.countries) {
    yield* countryRows(countryGeography(iso3, o.scale), o.seed, cal, lookup);
  }
}

/** Populations of one member state, bottom-up: units, divisions and the member state. */
interface Populations {
  /** raw (unrounded) population of lineage l in year y at `l * years + y` */
  readonly lineage: Float64Array;
  /** rounded population of municipality u in year y at `u * years + y` (0 when not valid) */
  readonly municipality: Float64Array;
  readonly division: Float64Array;
  readonly country: Float64Array;
  readonly countryFemale: Float64Array;
}

function populations(geo: CountryGeography, seed: number, cal: Calendar): Populations {
  const { profile, lineages, municipalities, divisions } = geo;
  const years = cal.years;
  const rng = streamRng(seed, profile.iso3, 'population');
  const lineage = new Float64Array(lineages.length * years);
  for (let y = 0; y < years; y++) {
    const year = cal.startYear + y;
    const target = logValueAt(profile.population, year);
    let z = 0;
    for (const l of lineages) z += l.weight * Math.exp(l.growth * (year - 2000));
    for (const l of lineages) {
      const share = (l.weight * Math.exp(l.growth * (year - 2000))) / z;
      lineage[l.index * years + y] = target * share * (1 + 0.002 * rng.normal());
    }
  }
  const municipality = new Float64Array(municipalities.length * years);
  const division = new Float64Array(divisions.length * years);
  const country = new Float64Array(years);
  const countryFemale = new Float64Array(years);
  municipalities.forEach((unit, u) => {
    for (let y = 0; y < years; y++) {
      if (!validWholeYear(unit, cal.startYear + y)) continue;
      let value = 0;
      for (const part of unit.parts) value += part.fraction * lineage[part.lineage * years + y]!;
      const rounded = Math.max(1, Math.round(value));
      municipality[u * years + y] = rounded;
      division[unit.divisionIndex * years + y]! += rounded;
    }
  });
  for (let d = 0; d < divisions.length; d++) {
    for (let y = 0; y < years; y++) country[y]! += division[d * years + y]!;
  }
  for (let y = 0; y < years; y++) {
    const drift = 0.0005 * Math.sin((cal.startYear + y) / 3);
    countryFemale[y] = Math.round(country[y]! * (profile.femalePopulationShare + drift));
  }
  return { lineage, municipality, division, country, countryFemale };
}

/**
 * One log-normal factor per division, normalised so that their population-weighted mean in the
 * first year is 1 (the member state then keeps the rate of its profile).
 */
function divisionFactors(
  rng: Rng,
  sigma: number,
  pop: Populations,
  divisions: number,
  years: number,
): Float64Array {
  const factors = new Float64Array(divisions);
  let weighted = 0;
  let total = 0;
  for (let d = 0; d < divisions; d++) {
    factors[d] = rng.logNormal(0, sigma);
    weighted += factors[d]! * pop.division[d * years]!;
    total += pop.division[d * years]!;
  }
  for (let d = 0; d < divisions; d++) factors[d] = (factors[d]! * total) / weighted;
  return factors;
}

function* countryRows(
  geo: CountryGeography,
  seed: number,
  cal: Calendar,
  lookup: PlantedLookup,
): Generator<CanonicalRow> {
  const { profile, municipalities, divisions } = geo;
  const iso3 = profile.iso3;
  const years = cal.years;
  const { yearCodes, monthCodes } = cal;
  const pop = populations(geo, seed, cal);

  // --- population (census) -------------------------------------------------------------------
  for (let u = 0; u < municipalities.length; u++) {
    const code = municipalities[u]!.code;
    for (let y = 0; y < years; y++) {
      const value = pop.municipality[u * years + y]!;
      if (value > 0) yield row('population', code, yearCodes[y]!, '', 'census', value);
    }
  }
  for (let d = 0; d < divisions.length; d++) {
    const code = divisions[d]!.code;
    for (let y = 0; y < years; y++) {
      yield row('population', code, yearCodes[y]!, '', 'census', pop.division[d * years + y]!);
    }
  }
  for (let y = 0; y < years; y++) {
    const total = pop.country[y]!;
    const female = pop.countryFemale[y]!;
    yield row('population', iso3, yearCodes[y]!, '', 'census', total);
    yield row('population', iso3, yearCodes[y]!, SEX_F, 'census', female);
    yield row('population', iso3, yearCodes[y]!, SEX_M, 'census', total - female);
  }

  // --- homicide victims, municipal monthly (police) -------------------------------------------
  const rateRng = streamRng(seed, iso3, 'homicide-rate');
  const rate = new Float64Array(years);
  for (let y = 0; y < years; y++) {
    rate[y] = valueAt(profile.homicideRate, cal.startYear + y) * rateRng.noiseFactor(0.04);
  }
  const riskRng = streamRng(seed, iso3, 'homicide-risk');
  const risk = new Float64Array(geo.lineages.length);
  let riskWeighted = 0;
  let weightTotal = 0;
  for (const l of geo.lineages) {
    risk[l.index] = riskRng.logNormal(0, 0.45);
    riskWeighted += l.weight * risk[l.index]!;
    weightTotal += l.weight;
  }
  for (let i = 0; i < risk.length; i++) risk[i] = (risk[i]! * weightTotal) / riskWeighted;
  const season = new Float64Array(12);
  const peak = profile.southern ? 0 : 6;
  for (let m = 0; m < 12; m++) {
    season[m] = 1 + HOMICIDE_SEASONALITY * Math.cos((2 * Math.PI * (m - peak)) / 12);
  }
  const femaleVictim = yearly(profile.femaleVictimShare, cal);
  const truth = new Float64Array(years * 12);
  const monthBase = cal.startYear * 12;

  for (const unit of municipalities) {
    const rng = streamRng(seed, unit.code, 'homicides');
    const code = unit.code;
    const treatment = lookup.treatment.get(code);
    const treatedFrom = treatment === undefined ? Infinity : treatment[0];
    const effect = treatment === undefined ? 1 : treatment[1];
    const missing = lookup.missing.get(code);
    const outliers = lookup.outliers.get(code);
    for (let y = 0; y < years; y++) {
      let riskPopulation = 0;
      for (const part of unit.parts) {
        riskPopulation += part.fraction * pop.lineage[part.lineage * years + y]! * risk[part.lineage]!;
      }
      const base = (rate[y]! / 100_000 / 12) * riskPopulation * rng.noiseFactor(0.07);
      const pf = femaleVictim[y]!;
      for (let m = 0; m < 12; m++) {
        const month = monthBase + y * 12 + m;
        if (month < unit.firstMonth || month > unit.lastMonth) continue;
        const mean = base * season[m]! * (month >= treatedFrom ? effect : 1);
        const count = rng.poisson(mean);
        const female = rng.binomial(count, pf);
        truth[y * 12 + m]! += count;
        if (missing !== undefined && missing.has(month)) continue;
        const period = monthCodes[y * 12 + m]!;
        const multiplier = outliers?.get(month);
        if (multiplier === undefined) {
          yield row('homicide_victims', code, period, '', 'police', count);
          yield row('homicide_victims', code, period, SEX_F, 'police', female);
          yield row('homicide_victims', code, period, SEX_M, 'police', count - female);
        } else {
          const recorded = multiplier * Math.max(1, count);
          yield row('homicide_victims', code, period, '', 'police', recorded);
          yield row('homicide_victims', code, period, SEX_F, 'police', multiplier * female);
          yield row('homicide_victims', code, period, SEX_M, 'police', recorded - multiplier * female);
        }
      }
    }
  }

  // --- homicide victims, member state: yearly police breakdowns, monthly forensic ------------
  const splitRng = streamRng(seed, iso3, 'homicide-breakdowns');
  const ageShares = AGE_PROFILES[profile.ageProfile];
  const firearm = yearly(profile.firearmShare, cal);
  const parts = [0, 0, 0, 0, 0];
  const weaponShares = [0, 0, 0];
  for (let y = 0; y < years; y++) {
    let total = 0;
    for (let m = 0; m < 12; m++) total += truth[y * 12 + m]!;
    const period = yearCodes[y]!;
    yield row('homicide_victims', iso3, period, '', 'police', total);
    multinomial(splitRng, total, ageShares, parts);
    for (let a = 0; a < AGE_KEYS.length; a++) {
      yield row('homicide_victims', iso3, period, AGE_KEYS[a]!, 'police', parts[a]!);
    }
    weaponShares[0] = firearm[y]!;
    weaponShares[1] = (1 - firearm[y]!) * profile.sharpObjectShare;
    weaponShares[2] = 1 - weaponShares[0] - weaponShares[1];
    multinomial(splitRng, total, weaponShares, parts);
    for (let w = 0; w < WEAPON_KEYS.length; w++) {
      yield row('homicide_victims', iso3, period, WEAPON_KEYS[w]!, 'police', parts[w]!);
    }
  }
  const forensicRng = streamRng(seed, iso3, 'forensic');
  const disagreement = lookup.disagreement.get(iso3);
  const allocated = new Float64Array(12);
  const remainders = new Float64Array(12);
  for (let y = 0; y < years; y++) {
    let total = 0;
    for (let m = 0; m < 12; m++) total += truth[y * 12 + m]!;
    const planted = disagreement !== undefined && cal.startYear + y >= disagreement[1];
    const ratio = planted
      ? disagreement[0] * forensicRng.uniform(0.99, 1.01)
      : forensicRng.uniform(0.98, 1.02);
    const target = Math.round(total * ratio);
    // largest-remainder allocation of the yearly forensic count over the months
    let assigned = 0;
    for (let m = 0; m < 12; m++) {
      const exact = total > 0 ? (target * truth[y * 12 + m]!) / total : target / 12;
      allocated[m] = Math.floor(exact);
      remainders[m] = exact - allocated[m]!;
      assigned += allocated[m]!;
    }
    for (let left = target - assigned; left > 0; left--) {
      let best = 0;
      for (let m = 1; m < 12; m++) if (remainders[m]! > remainders[best]!) best = m;
      allocated[best]!++;
      remainders[best] = -1;
    }
    for (let m = 0; m < 12; m++) {
      yield row('homicide_victims', iso3, monthCodes[y * 12 + m]!, '', 'forensic', allocated[m]!);
    }
  }

  // --- arrests, division monthly (police) ----------------------------------------------------
  const arrestRng = streamRng(seed, iso3, 'arrests');
  const arrestRate = yearly(profile.arrestRate, cal);
  const arrestFactors = divisionFactors(arrestRng, 0.2, pop, divisions.length, years);
  for (let d = 0; d < divisions.length; d++) {
    const code = divisions[d]!.code;
    const divisionFactor = arrestFactors[d]!;
    for (let y = 0; y < years; y++) {
      const base =
        (arrestRate[y]! / 100_000 / 12) *
        pop.division[d * years + y]! *
        divisionFactor *
        arrestRng.noiseFactor(0.08);
      const pf = profile.femaleArrestShare * arrestRng.noiseFactor(0.05);
      for (let m = 0; m < 12; m++) {
        const mean = base * (1 + ARREST_SEASONALITY * Math.cos((2 * Math.PI * (m - peak)) / 12));
        const count = arrestRng.poisson(mean);
        const female = arrestRng.binomial(count, pf);
        const period = monthCodes[y * 12 + m]!;
        yield row('arrests', code, period, '', 'police', count);
        yield row('arrests', code, period, SEX_F, 'police', female);
        yield row('arrests', code, period, SEX_M, 'police', count - female);
      }
    }
  }

  // --- drug seizures, member state monthly (ministry), kg with 3 decimals ---------------------
  yield* seizureRows(profile, seed, cal);

  // --- police, prisons and the yearly member-state elements -----------------------------------
  yield* yearlyRows(geo, pop, seed, cal);

  // --- survey shares -----------------------------------------------------------------------
  yield* surveyRows(profile, pop, seed, cal);
}

function* seizureRows(profile: CountryProfile, seed: number, cal: Calendar): Generator<CanonicalRow> {
  const iso3 = profile.iso3;
  const rng = streamRng(seed, iso3, 'seizures');
  const drugs = reportedDrugs(profile);
  const drugKeys = drugs.map((drug) => `drug=${drug}`);
  const s = profile.seizures;
  const grams = new Float64Array(drugs.length);
  const sigma = 1.5;
  for (let y = 0; y < cal.years; y++) {
    const year = cal.startYear + y;
    const cocaine = logValueAt(s.cocaine, year);
    const cannabis = logValueAt(s.cannabis, year);
    const annual = drugs.map((drug) => {
      switch (drug) {
        case 'cocaine_hydrochloride':
          return cocaine * (1 - s.cocaineBaseShare);
        case 'cocaine_base':
          return cocaine * s.cocaineBaseShare;
        case 'cannabis_herb':
          return cannabis * (1 - s.cannabisResinShare);
        case 'cannabis_resin':
          return cannabis * s.cannabisResinShare;
        case 'heroin':
          return s.heroin === undefined ? 0 : logValueAt(s.heroin, year);
        case 'methamphetamine':
          return s.methamphetamine === undefined ? 0 : logValueAt(s.methamphetamine, year);
        case 'synthetic_other':
          return s.syntheticOther === undefined ? 0 : logValueAt(s.syntheticOther, year);
        case 'other':
          return 0.01 * (cocaine + cannabis) + 5;
      }
    });
    const yearFactor = drugs.map(() => rng.noiseFactor(0.2));
    for (let m = 0; m < 12; m++) {
      let total = 0;
      for (let i = 0; i < drugs.length; i++) {
        const monthly = (annual[i]! * yearFactor[i]!) / 12;
        // a Poisson number of seizures, each log-normal in size: heavy-tailed monthly totals
        const events = Math.max(0.3, Math.min(25, 0.6 * Math.pow(monthly * 12, 0.35)));
        const meanSize = monthly / events;
        const mu = Math.log(meanSize) - 0.5 * sigma * sigma;
        const n = rng.poisson(events);
        let g = 0;
        for (let e = 0; e < n; e++) g += Math.round(1000 * Math.exp(mu + sigma * rng.normal()));
        grams[i] = g;
        total += g;
      }
      const period = cal.monthCodes[y * 12 + m]!;
      yield row('drug_seizures', iso3, period, '', 'ministry', total / 1000);
      for (let i = 0; i < drugs.length; i++) {
        yield row('drug_seizures', iso3, period, drugKeys[i]!, 'ministry', grams[i]! / 1000);
      }
    }
  }
}

function offenceShares(drugShare: number, women: boolean): number[] {
  const drug = women ? Math.min(0.6, 2.2 * drugShare) : drugShare;
  const rest = 1 - drug;
  return women ? [drug, rest * 0.4, rest * 0.38, rest * 0.22] : [drug, rest * 0.52, rest * 0.33, rest * 0.15];
}

function* yearlyRows(
  geo: CountryGeography,
  pop: Populations,
  seed: number,
  cal: Calendar,
): Generator<CanonicalRow> {
  const { profile, divisions } = geo;
  const iso3 = profile.iso3;
  const years = cal.years;
  const { yearCodes } = cal;
  const divisionCount = divisions.length;

  // police officers: divisions bottom-up, then the member state; trained at member-state level
  const policeRng = streamRng(seed, iso3, 'police');
  const policeRate = yearly(profile.policeRate, cal);
  const femalePolice = yearly(profile.femalePoliceShare, cal);
  const trainedShare = yearly(profile.trainedShare, cal);
  const officers = new Float64Array(years);
  const officersF = new Float64Array(years);
  const policeFactors = divisionFactors(policeRng, 0.15, pop, divisionCount, years);
  for (let d = 0; d < divisionCount; d++) {
    const code = divisions[d]!.code;
    const factor = policeFactors[d]!;
    for (let y = 0; y < years; y++) {
      const total = Math.round(
        ((pop.division[d * years + y]! * policeRate[y]!) / 100_000) * factor * policeRng.noiseFactor(0.02),
      );
      const female = policeRng.binomial(total, femalePolice[y]!);
      officers[y]! += total;
      officersF[y]! += female;
      yield row('police_officers', code, yearCodes[y]!, '', 'ministry', total);
      yield row('police_officers', code, yearCodes[y]!, SEX_F, 'ministry', female);
      yield row('police_officers', code, yearCodes[y]!, SEX_M, 'ministry', total - female);
    }
  }
  for (let y = 0; y < years; y++) {
    const period = yearCodes[y]!;
    const total = officers[y]!;
    const female = officersF[y]!;
    yield row('police_officers', iso3, period, '', 'ministry', total);
    yield row('police_officers', iso3, period, SEX_F, 'ministry', female);
    yield row('police_officers', iso3, period, SEX_M, 'ministry', total - female);
    const trainedF = policeRng.binomial(female, clamp(trainedShare[y]! * 1.03, 0, 1));
    const trainedM = policeRng.binomial(total - female, trainedShare[y]!);
    yield row('police_officers_trained', iso3, period, '', 'ministry', trainedF + trainedM);
    yield row('police_officers_trained', iso3, period, SEX_F, 'ministry', trainedF);
    yield row('police_officers_trained', iso3, period, SEX_M, 'ministry', trainedM);
  }

  // prisoners: divisions bottom-up, the member state with sex, offence and detention breakdowns
  const prisonRng = streamRng(seed, iso3, 'prisons');
  const prisonRate = yearly(profile.prisonRate, cal);
  const femalePrisoners = yearly(profile.femalePrisonerShare, cal);
  const unsentenced = yearly(profile.unsentencedShare, cal);
  const prisoners = new Float64Array(years);
  const prisonersF = new Float64Array(years);
  const prisonFactors = divisionFactors(prisonRng, 0.25, pop, divisionCount, years);
  for (let d = 0; d < divisionCount; d++) {
    const code = divisions[d]!.code;
    const factor = prisonFactors[d]!;
    for (let y = 0; y < years; y++) {
      const total = Math.round(
        ((pop.division[d * years + y]! * prisonRate[y]!) / 100_000) * factor * prisonRng.noiseFactor(0.03),
      );
      const female = prisonRng.binomial(total, femalePrisoners[y]!);
      prisoners[y]! += total;
      prisonersF[y]! += female;
      yield row('prisoners', code, yearCodes[y]!, '', 'prisons', total);
      yield row('prisoners', code, yearCodes[y]!, SEX_F, 'prisons', female);
      yield row('prisoners', code, yearCodes[y]!, SEX_M, 'prisons', total - female);
    }
  }
  const sharesF = offenceShares(profile.drugOffenceShare, true);
  const sharesM = offenceShares(profile.drugOffenceShare, false);
  const partsF = [0, 0, 0, 0];
  const partsM = [0, 0, 0, 0];
  const release = streamRng(seed, iso3, 'releases');
  const recidivism = yearly(profile.reconvictionRate, cal);
  for (let y = 0; y < years; y++) {
    const period = yearCodes[y]!;
    const total = prisoners[y]!;
    const female = prisonersF[y]!;
    yield row('prisoners', iso3, period, '', 'prisons', total);
    yield row('prisoners', iso3, period, SEX_F, 'prisons', female);
    yield row('prisoners', iso3, period, SEX_M, 'prisons', total - female);
    multinomial(prisonRng, female, sharesF, partsF);
    multinomial(prisonRng, total - female, sharesM, partsM);
    for (let k = 0; k < OFFENCE_KEYS.length; k++) {
      yield row('prisoners', iso3, period, OFFENCE_KEYS[k]!, 'prisons', partsF[k]! + partsM[k]!);
    }
    const waiting = prisonRng.binomial(total, clamp(unsentenced[y]!, 0, 1));
    yield row('prisoners', iso3, period, DETENTION_KEYS[0]!, 'prisons', total - waiting);
    yield row('prisoners', iso3, period, DETENTION_KEYS[1]!, 'prisons', waiting);
    yield row('prisoners', iso3, period, DRUG_OFFENCE_WOMEN, 'prisons', partsF[0]!);

    const released = release.binomial(total, clamp(profile.releaseRate * release.noiseFactor(0.05), 0, 1));
    yield row('released_prisoners', iso3, period, '', 'prisons', released);
    const reconvicted = release.binomial(released, clamp(recidivism[y]! * release.noiseFactor(0.04), 0, 1));
    if (cal.startYear + y <= lastReconvictionYear(cal.endYear)) {
      yield row('reconvicted', iso3, period, '', 'justice', reconvicted);
    }
  }

  // wider outcomes and firearms, member state yearly
  const wider = streamRng(seed, iso3, 'wider-outcomes');
  const socialWorkers = yearly(profile.socialWorkerRate, cal);
  const prevention = yearly(profile.preventionCentreRate, cal);
  const treatment = yearly(profile.treatmentCentreRate, cal);
  const guards = yearly(profile.privateSecurityRate, cal);
  const marked = yearly(profile.firearmsMarkedRate, cal);
  const destroyed = yearly(profile.firearmsDestroyedRate, cal);
  for (let y = 0; y < years; y++) {
    const period = yearCodes[y]!;
    const people = pop.country[y]!;
    const perMillion = people / 1_000_000;
    const sw = Math.round(((people * socialWorkers[y]!) / 100_000) * wider.noiseFactor(0.03));
    yield row('social_workers', iso3, period, '', 'ministry', sw);
    const pc = Math.max(1, Math.round(perMillion * prevention[y]! * wider.noiseFactor(0.05)));
    yield row('prevention_centres', iso3, period, '', 'ministry', pc);
    const tc = Math.max(1, Math.round(perMillion * treatment[y]! * wider.noiseFactor(0.05)));
    yield row('treatment_centres', iso3, period, '', 'health', tc);
    const pg = Math.round(((people * guards[y]!) / 100_000) * wider.noiseFactor(0.04));
    yield row('private_security_guards', iso3, period, '', 'ministry', pg);
    const markedMean = perMillion * marked[y]! * wider.noiseFactor(0.25);
    const events = wider.poisson(1.2);
    const eventMean = (perMillion * destroyed[y]!) / 1.2;
    let destroyedCount = 0;
    for (let e = 0; e < events; e++) destroyedCount += Math.round(eventMean * wider.logNormal(-0.32, 0.8));
    if (cal.startYear + y >= profile.firearmsFrom) {
      yield row('firearms_marked', iso3, period, '', 'ministry', wider.poisson(markedMean));
      yield row('firearms_destroyed', iso3, period, '', 'ministry', destroyedCount);
    }
  }
}

function* surveyRows(
  profile: CountryProfile,
  pop: Populations,
  seed: number,
  cal: Calendar,
): Generator<CanonicalRow> {
  const iso3 = profile.iso3;
  const rng = streamRng(seed, iso3, 'survey');
  const trajectories = [
    profile.trustPolice,
    profile.trustJustice,
    profile.feelSafeNight,
    profile.victimisation,
  ];
  /** women's gap to men, percentage points (women − men) */
  const gaps = [2, 1, -14, -3];
  const sampling = (share: number): number => 100 * Math.sqrt(((share / 100) * (1 - share / 100)) / 750);
  for (const year of surveyYears(iso3, cal.startYear, cal.endYear)) {
    const y = year - cal.startYear;
    const period = cal.yearCodes[y]!;
    const womenShare = pop.countryFemale[y]! / pop.country[y]!;
    for (let e = 0; e < SURVEY_ELEMENTS.length; e++) {
      const level = valueAt(trajectories[e]!, year) + 1.5 * rng.normal();
      const gap = gaps[e]!;
      const men = clamp(level - gap * womenShare, 1, 99);
      const women = clamp(men + gap, 1, 99);
      const f = round1(clamp(women + sampling(women) * rng.normal(), 0.5, 99.5));
      const m = round1(clamp(men + sampling(men) * rng.normal(), 0.5, 99.5));
      const total = round1(womenShare * f + (1 - womenShare) * m);
      const element = SURVEY_ELEMENTS[e]!;
      yield row(element, iso3, period, '', 'survey', total);
      yield row(element, iso3, period, SEX_F, 'survey', f);
      yield row(element, iso3, period, SEX_M, 'survey', m);
    }
  }
}
