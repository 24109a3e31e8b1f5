/**
 * The demo's subnational geography: first-level divisions (`HND.01`) and municipalities
 * (`HND.01001`) under every member state.
 *
 * Everything here is **synthetic**: the division counts follow the real ones (capped at 32), but
 * the names are built from syllables of each country's main language and match no real place,
 * and the municipalities are a demo-sized sample (2–12 per division at scale 1). The map does not
 * depend on the data seed, only on the scale: the same codes and names come back for every seed,
 * so one geography can be loaded once and several demo data sets put on it.
 *
 * Two boundary changes are planted (see `DEMO_BOUNDARY_CHANGES`): a municipal split in Guatemala
 * on 2010-01-01 and a merger in Peru on 2016-01-01. The old units end (exclusive `validTo`) the day
 * the new ones start, and the demo data sit on the units valid in each period.
 */
import type { LocalizedText } from '../kernel/i18n.ts';
import type { CrosswalkEntry, OrgUnit } from '../geography/org-unit.ts';
import { countryProfile, type CountryProfile, type NameLanguage } from './country-profiles.ts';
import { resolveDemoOptions, type DemoOptions } from './demo-options.ts';
import { Rng, mixSeed } from './random.ts';

/** A planted boundary change, in the terms of `CrosswalkEntry`. */
export interface DemoBoundaryChange {
  readonly event: 'split' | 'merger';
  readonly country: string;
  /** ISO date the new units start and the old ones end (exclusive) */
  readonly date: string;
  readonly fromCodes: readonly string[];
  readonly toCodes: readonly string[];
  /**
   * split: the population share of each new unit (in `toCodes` order; the population is divided
   * in exactly these proportions, to the person); merger: 1 for each old unit
   */
  readonly shares: readonly number[];
}

/** The national code given to units created by a boundary change (never a regular index). */
const FIRST_NEW_INDEX = 901;

export const DEMO_SPLIT: DemoBoundaryChange = {
  event: 'split',
  country: 'GTM',
  date: '2010-01-01',
  fromCodes: ['GTM.05002'],
  toCodes: ['GTM.05901', 'GTM.05902'],
  shares: [0.58, 0.42],
};

export const DEMO_MERGER: DemoBoundaryChange = {
  event: 'merger',
  country: 'PER',
  date: '2016-01-01',
  fromCodes: ['PER.10001', 'PER.10002'],
  toCodes: ['PER.10901'],
  shares: [1, 1],
};

export const DEMO_BOUNDARY_CHANGES: readonly DemoBoundaryChange[] = [DEMO_SPLIT, DEMO_MERGER];

/**
 * A population line followed through time: a regular municipality is one lineage; a split
 * municipality's children are fractions of their parent's lineage; a merged unit is the sum of
 * its parents' lineages.
 */
export interface DemoLineage {
  readonly index: number;
  /** relative population weight in 2000 within the country */
  readonly weight: number;
  /** yearly log-growth relative to the country */
  readonly growth: number;
}

export interface DemoMunicipality {
  readonly code: string;
  readonly name: string;
  readonly divisionCode: string;
  /** position of the division in `CountryGeography.divisions` */
  readonly divisionIndex: number;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** first valid month as `year * 12 + month - 1`; -Infinity when open */
  readonly firstMonth: number;
  /** last valid month (inclusive) as `year * 12 + month - 1`; +Infinity when open */
  readonly lastMonth: number;
  /** the lineages whose population the unit holds, with the fraction of each */
  readonly parts: readonly { readonly lineage: number; readonly fraction: number }[];
  /** the division's seat (its first municipality, the largest by construction) */
  readonly seat: boolean;
}

export interface DemoDivision {
  readonly code: string;
  readonly name: string;
  readonly index: number;
  /** every municipality that ever belonged to it, including ended and new ones */
  readonly municipalities: readonly DemoMunicipality[];
}

export interface CountryGeography {
  readonly profile: CountryProfile;
  readonly scale: number;
  readonly divisions: readonly DemoDivision[];
  /** all municipalities, division by division */
  readonly municipalities: readonly DemoMunicipality[];
  readonly lineages: readonly DemoLineage[];
}

/** Month index of an ISO date on the first of a month. */
export function monthIndexOfDate(date: string): number {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (date.slice(8, 10) !== '01') throw new RangeError(`boundary dates fall on the 1st: ${date}`);
  return year * 12 + month - 1;
}

// ---------------------------------------------------------------------------------------------
// Synthetic names

interface NameStyle {
  readonly prefixes: readonly string[];
  readonly syllables: readonly string[];
  readonly endings: readonly string[];
  readonly splitSuffixes: readonly [string, string];
}

const NAME_STYLES: Record<NameLanguage, NameStyle> = {
  es: {
    prefixes: [
      'San ',
      'Santa ',
      'Villa ',
      'Puerto ',
      'La ',
      'El ',
      'Nueva ',
      'Santo ',
      'Valle de ',
      'Cerro ',
    ],
    syllables:
      'ca la ma ri to se ba pe dro gua na co lo vi sa ta qui mo ra ne mi ten go tu cha ya zu be ga lle val ro mar sol pal ji bo cu du fe al es or'.split(
        ' ',
      ),
    endings: ',,ña,les,nes,co,ral,dero,llo,rí,tán,pa,lar,zal'.split(','),
    splitSuffixes: [' Norte', ' Sur'],
  },
  pt: {
    prefixes: ['São ', 'Santa ', 'Nova ', 'Porto ', 'Vila ', 'Campo ', 'Rio ', 'Bom ', 'Serra ', 'Barra '],
    syllables:
      'ja ra bu ti ca pi ta ma ri no gua çu ba lo ve ro sa mi do tu be ju pa qua ne ga co ita ara'.split(' '),
    endings: ',,inho,ópolis,ense,ão,ema,tuba,ara,ena,eira,al'.split(','),
    splitSuffixes: [' do Norte', ' do Sul'],
  },
  en: {
    prefixes: ['Port ', 'St. ', 'North ', 'South ', 'New ', 'East ', 'West ', 'Mount ', 'Upper ', 'Lower '],
    syllables:
      'ash bel ber brook car clar dal elm fair glen ham hart king lang mar mil nor oak red rich shel stan thorn wes har lin ches bur gran mor pem'.split(
        ' ',
      ),
    endings:
      'ton field ville wood ford bury dale port view town land ham ley worth bridge mouth by stead'.split(
        ' ',
      ),
    splitSuffixes: [' North', ' South'],
  },
  fr: {
    prefixes: 'Saint- Port- Petit- Grand- Anse- Mont- Fort- Cap- Belle- Trou-'.split(' '),
    syllables: 'ca ro mi be la jac ma ri ton ver gon que ba dé lo pi ché sou mar cel fon dar lé ga'.split(
      ' ',
    ),
    endings: ',,ville,mont,court,ais,ette,ière,elle,ac,in'.split(','),
    splitSuffixes: ['-Nord', '-Sud'],
  },
  nl: {
    prefixes: ['Nieuw ', 'Groot ', 'Klein ', 'Oost ', 'West ', 'Noord ', 'Zuid '],
    syllables: 'com me wij sa ra ma ka pa ni ti ko war bro mo pe le'.split(' '),
    endings: 'wijk dam burg hof kerk dorp veld rust lust zorg ina'.split(' '),
    splitSuffixes: [' Noord', ' Zuid'],
  },
};

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)]!;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function syntheticName(rng: Rng, style: NameStyle, withPrefix: boolean): string {
  const syllables = 2 + rng.int(2);
  let stem = '';
  for (let i = 0; i < syllables; i++) stem += pick(rng, style.syllables);
  stem += pick(rng, style.endings);
  const word = capitalise(stem);
  return withPrefix && rng.next() < 0.3 ? pick(rng, style.prefixes) + word : word;
}

/** A name generator that never repeats a name within one country. */
function nameSource(iso3: string, language: NameLanguage): (withPrefix: boolean) => string {
  const rng = new Rng(mixSeed('atalaya-demo-names', iso3));
  const style = NAME_STYLES[language];
  const used = new Set<string>();
  return (withPrefix) => {
    for (let attempt = 0; ; attempt++) {
      let name = syntheticName(rng, style, withPrefix);
      if (attempt > 20) name += ` ${attempt}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Structure

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Municipalities of a division at a scale: the fixed base count times the scale, at least 2. */
export function scaledMunicipalityCount(base: number, scale: number): number {
  return Math.max(2, Math.round(base * scale));
}

/** Base (scale 1) municipality counts of each division of a country; fixed, seed-independent. */
export function baseMunicipalityCounts(profile: CountryProfile): number[] {
  const rng = new Rng(mixSeed('atalaya-demo-structure', profile.iso3));
  const [min, max] = profile.municipalitiesPerDivision;
  const counts: number[] = [];
  for (let d = 0; d < profile.divisions; d++) counts.push(min + rng.int(max - min + 1));
  return counts;
}

const geographyCache = new Map<string, CountryGeography>();

/** The demo geography of one member state at one scale (cached: it is immutable). */
export function countryGeography(iso3: string, scale: number): CountryGeography {
  const key = `${iso3}@${scale}`;
  const cached = geographyCache.get(key);
  if (cached !== undefined) return cached;
  const built = buildCountryGeography(countryProfile(iso3), scale);
  if (geographyCache.size >= 140) geographyCache.clear(); // a few scales of all 35 at most
  geographyCache.set(key, built);
  return built;
}

function buildCountryGeography(profile: CountryProfile, scale: number): CountryGeography {
  const iso3 = profile.iso3;
  const names = nameSource(iso3, profile.language);
  const style = NAME_STYLES[profile.language];
  const structure = new Rng(mixSeed('atalaya-demo-weights', iso3));
  const baseCounts = baseMunicipalityCounts(profile);
  const lineages: DemoLineage[] = [];
  const divisions: DemoDivision[] = [];
  const municipalities: DemoMunicipality[] = [];
  const changes = DEMO_BOUNDARY_CHANGES.filter((change) => change.country === iso3);
  const byCode = new Map<string, { municipality: DemoMunicipality; list: DemoMunicipality[] }>();

  for (let d = 0; d < profile.divisions; d++) {
    const divisionCode = `${iso3}.${pad(d + 1, 2)}`;
    const divisionName = names(false);
    const divisionWeight = structure.logNormal(0, 0.6);
    const count = scaledMunicipalityCount(baseCounts[d]!, scale);
    // weights at scale 1 are kept for the first municipalities so that scaling up adds units
    // rather than reshuffling: each municipality's own stream decides its weight
    const list: DemoMunicipality[] = [];
    let divisionTotal = 0;
    const raw: number[] = [];
    const growths: number[] = [];
    for (let m = 0; m < count; m++) {
      const own = new Rng(mixSeed('atalaya-demo-municipality', divisionCode, m));
      const seat = m === 0;
      const weight = (seat ? 3 * Math.max(1, Math.sqrt(scale)) : 1) * own.logNormal(0, seat ? 0.35 : 0.7);
      raw.push(weight);
      growths.push(own.normal() * 0.004 + (seat ? 0.002 : 0));
      divisionTotal += weight;
    }
    for (let m = 0; m < count; m++) {
      const lineage = lineages.length;
      lineages.push({
        index: lineage,
        weight: (divisionWeight * raw[m]!) / divisionTotal,
        growth: growths[m]!,
      });
      const municipality: DemoMunicipality = {
        code: `${divisionCode}${pad(m + 1, 3)}`,
        name: names(true),
        divisionCode,
        divisionIndex: d,
        validFrom: null,
        validTo: null,
        firstMonth: -Infinity,
        lastMonth: Infinity,
        parts: [{ lineage, fraction: 1 }],
        seat: m === 0,
      };
      list.push(municipality);
      byCode.set(municipality.code, { municipality, list });
    }
    divisions.push({ code: divisionCode, name: divisionName, index: d, municipalities: list });
  }

  for (const change of changes) {
    const month = monthIndexOfDate(change.date);
    const olds = change.fromCodes.map((code) => {
      const found = byCode.get(code);
      if (found === undefined) throw new Error(`planted change refers to unknown ${code}`);
      return found;
    });
    const first = olds[0]!;
    const ended = olds.map(({ municipality, list }) => {
      const closed: DemoMunicipality = {
        ...municipality,
        validTo: change.date,
        lastMonth: month - 1,
      };
      list[list.indexOf(municipality)] = closed;
      return closed;
    });
    const divisionCode = first.municipality.divisionCode;
    const divisionIndex = first.municipality.divisionIndex;
    change.toCodes.forEach((code, i) => {
      if (!code.startsWith(divisionCode) || Number(code.slice(divisionCode.length)) < FIRST_NEW_INDEX) {
        throw new Error(`planted unit ${code} must be numbered from ${FIRST_NEW_INDEX} in ${divisionCode}`);
      }
      const name =
        change.event === 'split'
          ? first.municipality.name + style.splitSuffixes[i % 2]!
          : ended.map((unit) => unit.name).join('-');
      const parts =
        change.event === 'split'
          ? [{ lineage: first.municipality.parts[0]!.lineage, fraction: change.shares[i]! }]
          : ended.flatMap((unit) => unit.parts);
      first.list.push({
        code,
        name,
        divisionCode,
        divisionIndex,
        validFrom: change.date,
        validTo: null,
        firstMonth: month,
        lastMonth: Infinity,
        parts,
        seat: false,
      });
    });
  }

  for (const division of divisions) municipalities.push(...division.municipalities);
  return { profile, scale, divisions, municipalities, lineages };
}

// ---------------------------------------------------------------------------------------------
// Public API

function text(name: string): LocalizedText {
  return { en: name, es: name, pt: name, fr: name };
}

/**
 * The synthetic divisions and municipalities of the selected member states, parents first
 * (each division followed by its municipalities). Names are synthetic and identical in the four
 * languages. Member states themselves come from `geography/member-states.ts`.
 */
export function demoOrgUnits(options: DemoOptions = {}): OrgUnit[] {
  const { countries, scale } = resolveDemoOptions(options);
  const units: OrgUnit[] = [];
  for (const iso3 of countries) {
    for (const division of countryGeography(iso3, scale).divisions) {
      units.push({
        code: division.code,
        parentCode: iso3,
        level: 'division',
        name: text(division.name),
        validFrom: null,
        validTo: null,
      });
      for (const municipality of division.municipalities) {
        units.push({
          code: municipality.code,
          parentCode: division.code,
          level: 'municipality',
          name: text(municipality.name),
          validFrom: municipality.validFrom,
          validTo: municipality.validTo,
        });
      }
    }
  }
  return units;
}

/** The crosswalk of the planted split and merger (for the selected member states). */
export function demoCrosswalk(options: DemoOptions = {}): CrosswalkEntry[] {
  const { countries } = resolveDemoOptions(options);
  const entries: CrosswalkEntry[] = [];
  for (const change of DEMO_BOUNDARY_CHANGES) {
    if (!countries.includes(change.country)) continue;
    if (change.event === 'split') {
      change.toCodes.forEach((toCode, i) => {
        entries.push({
          fromCode: change.fromCodes[0]!,
          toCode,
          date: change.date,
          share: change.shares[i]!,
          event: 'split',
        });
      });
    } else {
      for (const fromCode of change.fromCodes) {
        entries.push({
          fromCode,
          toCode: change.toCodes[0]!,
          date: change.date,
          share: 1,
          event: 'merger',
        });
      }
    }
  }
  return entries;
}
