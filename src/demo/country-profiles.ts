/**
 * Per member state parameters of the demo data: realistic orders of magnitude for 2000–2024,
 * loosely following public figures (UN population estimates, UNODC homicide and prison series,
 * World Prison Brief, LAPOP/Latinobarómetro trust levels). They are *magnitudes for a demo*, not
 * statistics: every value the generator writes is synthetic.
 *
 * A trajectory is either `[value2000, value2024]` or a list of `[year, value]` knots; values in
 * between are interpolated (linearly, or log-linearly for population) and held flat outside.
 */

/** `[value in 2000, value in 2024]`, or `[year, value]` knots in increasing year order. */
export type Trajectory = readonly [number, number] | readonly (readonly [number, number])[];

export type DemoSubregion = 'NAM' | 'CAM' | 'CAR' | 'SAM';
/** The language the synthetic place names are built from. */
export type NameLanguage = 'es' | 'pt' | 'en' | 'fr' | 'nl';

/** Annual kilograms seized around 2000 and 2024, per drug family. */
export interface SeizureProfile {
  readonly cocaine: Trajectory;
  readonly cannabis: Trajectory;
  /** share of cocaine seized as base/paste rather than hydrochloride */
  readonly cocaineBaseShare: number;
  /** share of cannabis seized as resin rather than herb; 0 = no resin series */
  readonly cannabisResinShare: number;
  readonly heroin?: Trajectory;
  readonly methamphetamine?: Trajectory;
  readonly syntheticOther?: Trajectory;
}

export interface CountryProfile {
  readonly iso3: string;
  readonly name: string;
  readonly subregion: DemoSubregion;
  readonly language: NameLanguage;
  /** southern-hemisphere seasons (summer peak in January rather than July) */
  readonly southern: boolean;
  /** first-level divisions in the demo: the real count up to 32, capped at 32 above */
  readonly divisions: number;
  /** demo municipalities per division at scale 1 (each division draws a fixed count in range) */
  readonly municipalitiesPerDivision: readonly [number, number];
  /** persons (interpolated log-linearly) */
  readonly population: Trajectory;
  readonly femalePopulationShare: number;
  /** homicide victims per 100 000 inhabitants */
  readonly homicideRate: Trajectory;
  readonly femaleVictimShare: Trajectory;
  /** share of homicides committed with a firearm */
  readonly firearmShare: Trajectory;
  /** share of the non-firearm homicides committed with a sharp object (the rest is `other`) */
  readonly sharpObjectShare: number;
  readonly ageProfile: 'young' | 'older';
  /** police officers per 100 000 */
  readonly policeRate: Trajectory;
  readonly femalePoliceShare: Trajectory;
  /** share of officers who completed the network's professional training by the year's end */
  readonly trainedShare: Trajectory;
  /** arrests per 100 000 per year */
  readonly arrestRate: Trajectory;
  readonly femaleArrestShare: number;
  /** prisoners per 100 000 */
  readonly prisonRate: Trajectory;
  readonly femalePrisonerShare: Trajectory;
  readonly unsentencedShare: Trajectory;
  /** share of male prisoners held for drug offences (women: about twice, capped) */
  readonly drugOffenceShare: number;
  /** released per year as a share of the prison population */
  readonly releaseRate: number;
  /** share of a release cohort reconvicted within 24 months */
  readonly reconvictionRate: Trajectory;
  /** social workers per 100 000 */
  readonly socialWorkerRate: Trajectory;
  /** violence-prevention centres per million */
  readonly preventionCentreRate: Trajectory;
  /** drug-treatment centres per million */
  readonly treatmentCentreRate: Trajectory;
  /** private-security guards per 100 000 */
  readonly privateSecurityRate: Trajectory;
  /** survey shares, percent */
  readonly trustPolice: Trajectory;
  readonly trustJustice: Trajectory;
  readonly feelSafeNight: Trajectory;
  readonly victimisation: Trajectory;
  readonly seizures: SeizureProfile;
  /** first year with firearms marking and destruction reports (CIFTA) */
  readonly firearmsFrom: number;
  /** firearms marked per million inhabitants per year */
  readonly firearmsMarkedRate: Trajectory;
  /** firearms destroyed per million per year (in a few lumpy destruction events) */
  readonly firearmsDestroyedRate: Trajectory;
}

type Overrides = Partial<Omit<CountryProfile, 'iso3' | 'name' | 'subregion'>> &
  Pick<CountryProfile, 'divisions' | 'municipalitiesPerDivision' | 'population' | 'homicideRate'>;

/** `[year, value]` knots from a flat list `year, value, year, value, …` (compact to write). */
function knots(flat: readonly number[]): Trajectory {
  const out: (readonly [number, number])[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

const LATIN_DEFAULTS = {
  language: 'es',
  southern: false,
  femalePopulationShare: 0.506,
  femaleVictimShare: [0.1, 0.11],
  firearmShare: [0.62, 0.66],
  sharpObjectShare: 0.6,
  ageProfile: 'young',
  policeRate: [240, 290],
  femalePoliceShare: [0.09, 0.2],
  trainedShare: [0.15, 0.55],
  arrestRate: [650, 780],
  femaleArrestShare: 0.13,
  prisonRate: [150, 260],
  femalePrisonerShare: [0.06, 0.075],
  unsentencedShare: [0.5, 0.4],
  drugOffenceShare: 0.2,
  releaseRate: 0.38,
  reconvictionRate: [0.4, 0.34],
  socialWorkerRate: [12, 28],
  preventionCentreRate: [1.5, 6],
  treatmentCentreRate: [3, 7.5],
  privateSecurityRate: [320, 420],
  trustPolice: [36, 38],
  trustJustice: [30, 31],
  feelSafeNight: [44, 46],
  victimisation: [27, 23],
  seizures: {
    cocaine: [500, 2500],
    cannabis: [8000, 12000],
    cocaineBaseShare: 0.15,
    cannabisResinShare: 0,
  },
  firearmsFrom: 2008,
  firearmsMarkedRate: [40, 420],
  firearmsDestroyedRate: [60, 150],
} as const satisfies Partial<CountryProfile>;

const CARIBBEAN_DEFAULTS = {
  ...LATIN_DEFAULTS,
  language: 'en',
  femaleVictimShare: [0.1, 0.1],
  firearmShare: [0.6, 0.72],
  sharpObjectShare: 0.55,
  policeRate: [380, 420],
  arrestRate: [1100, 1200],
  prisonRate: [330, 320],
  unsentencedShare: [0.35, 0.38],
  drugOffenceShare: 0.25,
  releaseRate: 0.45,
  socialWorkerRate: [20, 35],
  privateSecurityRate: [300, 380],
  trustPolice: [42, 41],
  trustJustice: [38, 37],
  feelSafeNight: [52, 48],
  victimisation: [22, 21],
  seizures: {
    cocaine: [80, 250],
    cannabis: [2000, 3500],
    cocaineBaseShare: 0.02,
    cannabisResinShare: 0,
  },
  firearmsFrom: 2011,
  firearmsMarkedRate: [150, 900],
  firearmsDestroyedRate: [150, 500],
} as const satisfies Partial<CountryProfile>;

function country(
  iso3: string,
  name: string,
  subregion: DemoSubregion,
  defaults: Partial<CountryProfile>,
  overrides: Overrides,
): CountryProfile {
  return { iso3, name, subregion, ...defaults, ...overrides } as CountryProfile;
}

const L = LATIN_DEFAULTS;
const C = CARIBBEAN_DEFAULTS;

/** The 35 OAS member states, in alphabetical order of their English names. */
export const COUNTRY_PROFILES: readonly CountryProfile[] = [
  country('ATG', 'Antigua and Barbuda', 'CAR', C, {
    divisions: 8,
    municipalitiesPerDivision: [2, 2],
    population: [75_000, 94_000],
    homicideRate: knots([2000, 6, 2010, 7, 2012, 11, 2024, 10]),
  }),
  country('ARG', 'Argentina', 'SAM', L, {
    southern: true,
    divisions: 24,
    municipalitiesPerDivision: [2, 4],
    population: [37_100_000, 45_700_000],
    homicideRate: knots([2000, 7.2, 2003, 9, 2010, 5.8, 2019, 5.1, 2024, 3.8]),
    femaleVictimShare: [0.14, 0.15],
    firearmShare: [0.55, 0.5],
    ageProfile: 'older',
    policeRate: [420, 450],
    prisonRate: [100, 240],
    trustPolice: [32, 36],
    trustJustice: [25, 28],
    seizures: {
      cocaine: [2000, 9000],
      cannabis: [30_000, 180_000],
      cocaineBaseShare: 0.2,
      cannabisResinShare: 0.01,
      syntheticOther: [5, 60],
    },
  }),
  country('BHS', 'Bahamas', 'CAR', C, {
    divisions: 32,
    municipalitiesPerDivision: [2, 2],
    population: [325_000, 401_000],
    homicideRate: knots([2000, 24, 2011, 35, 2015, 37, 2019, 25, 2024, 28]),
    seizures: {
      cocaine: [2500, 1200],
      cannabis: [5000, 3000],
      cocaineBaseShare: 0.01,
      cannabisResinShare: 0,
    },
  }),
  country('BRB', 'Barbados', 'CAR', C, {
    divisions: 11,
    municipalitiesPerDivision: [2, 2],
    population: [270_000, 282_000],
    homicideRate: knots([2000, 7.5, 2010, 11, 2019, 14, 2024, 17]),
    ageProfile: 'older',
  }),
  country('BLZ', 'Belize', 'CAM', L, {
    divisions: 6,
    municipalitiesPerDivision: [2, 3],
    population: [250_000, 410_000],
    homicideRate: knots([2000, 16, 2010, 40, 2012, 44, 2018, 36, 2024, 25]),
    language: 'en',
    firearmShare: [0.6, 0.75],
    policeRate: [300, 330],
  }),
  country('BOL', 'Bolivia', 'SAM', L, {
    southern: true,
    divisions: 9,
    municipalitiesPerDivision: [4, 6],
    population: [8_600_000, 12_400_000],
    homicideRate: knots([2000, 8, 2012, 10, 2024, 4.2]),
    femaleVictimShare: [0.18, 0.2],
    firearmShare: [0.25, 0.3],
    sharpObjectShare: 0.6,
    prisonRate: [100, 210],
    unsentencedShare: [0.75, 0.65],
    trustPolice: [26, 24],
    trustJustice: [22, 20],
    seizures: {
      cocaine: [4000, 30_000],
      cannabis: [20_000, 400_000],
      cocaineBaseShare: 0.6,
      cannabisResinShare: 0,
    },
  }),
  country('BRA', 'Brazil', 'SAM', L, {
    language: 'pt',
    southern: true,
    divisions: 27,
    municipalitiesPerDivision: [3, 5],
    population: [175_000_000, 212_000_000],
    homicideRate: knots([2000, 27, 2012, 29, 2017, 31, 2019, 22, 2024, 19]),
    femaleVictimShare: [0.08, 0.09],
    firearmShare: [0.68, 0.72],
    policeRate: [250, 230],
    prisonRate: [135, 390],
    unsentencedShare: [0.35, 0.3],
    drugOffenceShare: 0.28,
    trustPolice: [38, 42],
    seizures: {
      cocaine: [9000, 80_000],
      cannabis: [200_000, 600_000],
      cocaineBaseShare: 0.25,
      cannabisResinShare: 0.005,
      syntheticOther: [10, 300],
    },
    firearmsMarkedRate: [30, 250],
  }),
  country('CAN', 'Canada', 'NAM', L, {
    language: 'en',
    divisions: 13,
    municipalitiesPerDivision: [3, 5],
    population: [30_700_000, 41_000_000],
    femalePopulationShare: 0.504,
    homicideRate: knots([2000, 1.8, 2013, 1.4, 2019, 1.8, 2022, 2.1, 2024, 1.9]),
    femaleVictimShare: [0.27, 0.25],
    firearmShare: [0.3, 0.4],
    sharpObjectShare: 0.55,
    ageProfile: 'older',
    policeRate: [185, 180],
    femalePoliceShare: [0.14, 0.23],
    trainedShare: [0.6, 0.85],
    arrestRate: [1800, 1500],
    prisonRate: [117, 104],
    unsentencedShare: [0.3, 0.42],
    drugOffenceShare: 0.12,
    releaseRate: 0.55,
    reconvictionRate: [0.3, 0.26],
    socialWorkerRate: [150, 210],
    preventionCentreRate: [8, 12],
    treatmentCentreRate: [15, 20],
    privateSecurityRate: [260, 300],
    trustPolice: [68, 64],
    trustJustice: [55, 52],
    feelSafeNight: [78, 76],
    victimisation: [18, 16],
    seizures: {
      cocaine: [1500, 3000],
      cannabis: [60_000, 20_000],
      cocaineBaseShare: 0,
      cannabisResinShare: 0.02,
      heroin: [100, 60],
      methamphetamine: [100, 1500],
      syntheticOther: [50, 400],
    },
    firearmsFrom: 2005,
  }),
  country('CHL', 'Chile', 'SAM', L, {
    southern: true,
    divisions: 16,
    municipalitiesPerDivision: [3, 5],
    population: [15_400_000, 19_700_000],
    homicideRate: knots([2000, 3.2, 2010, 2.8, 2018, 3.6, 2020, 4.6, 2022, 6.1, 2024, 6]),
    femaleVictimShare: [0.13, 0.12],
    firearmShare: [0.35, 0.55],
    sharpObjectShare: 0.65,
    ageProfile: 'older',
    policeRate: [200, 260],
    prisonRate: [220, 290],
    unsentencedShare: [0.45, 0.34],
    trustPolice: [58, 52],
    trustJustice: [33, 30],
    seizures: {
      cocaine: [3000, 15_000],
      cannabis: [10_000, 40_000],
      cocaineBaseShare: 0.45,
      cannabisResinShare: 0.005,
      syntheticOther: [2, 80],
    },
  }),
  country('COL', 'Colombia', 'SAM', L, {
    divisions: 32,
    municipalitiesPerDivision: [2, 4],
    population: [40_400_000, 52_900_000],
    homicideRate: knots([2000, 66, 2002, 70, 2005, 40, 2010, 33, 2015, 26, 2020, 24, 2024, 26]),
    femaleVictimShare: [0.08, 0.08],
    firearmShare: [0.8, 0.76],
    policeRate: [250, 330],
    prisonRate: [140, 200],
    trustPolice: [42, 34],
    trustJustice: [30, 27],
    seizures: {
      cocaine: [100_000, 880_000],
      cannabis: [70_000, 400_000],
      cocaineBaseShare: 0.3,
      cannabisResinShare: 0,
      heroin: [500, 300],
      syntheticOther: [1, 80],
    },
  }),
  country('CRI', 'Costa Rica', 'CAM', L, {
    divisions: 7,
    municipalitiesPerDivision: [3, 6],
    population: [3_960_000, 5_130_000],
    homicideRate: knots([2000, 6.5, 2010, 11, 2017, 12, 2023, 17, 2024, 16]),
    policeRate: [280, 300],
    prisonRate: [190, 370],
    trustPolice: [45, 43],
    feelSafeNight: [50, 44],
    seizures: {
      cocaine: [6000, 28_000],
      cannabis: [2000, 6000],
      cocaineBaseShare: 0.03,
      cannabisResinShare: 0,
    },
  }),
  country('CUB', 'Cuba', 'CAR', L, {
    divisions: 16,
    municipalitiesPerDivision: [2, 4],
    population: [11_100_000, 10_900_000],
    homicideRate: [5.2, 4.8],
    femaleVictimShare: [0.2, 0.21],
    firearmShare: [0.1, 0.1],
    sharpObjectShare: 0.65,
    ageProfile: 'older',
    prisonRate: [480, 500],
    policeRate: [350, 350],
    seizures: {
      cocaine: [1500, 800],
      cannabis: [3000, 2000],
      cocaineBaseShare: 0,
      cannabisResinShare: 0,
    },
  }),
  country('DMA', 'Dominica', 'CAR', C, {
    divisions: 10,
    municipalitiesPerDivision: [2, 2],
    population: [69_000, 66_000],
    homicideRate: knots([2000, 11, 2010, 21, 2024, 12]),
  }),
  country('DOM', 'Dominican Republic', 'CAR', L, {
    divisions: 32,
    municipalitiesPerDivision: [2, 3],
    population: [8_500_000, 11_400_000],
    homicideRate: knots([2000, 14, 2005, 26, 2011, 25, 2017, 11, 2024, 10]),
    firearmShare: [0.62, 0.6],
    prisonRate: [180, 230],
    seizures: {
      cocaine: [1300, 40_000],
      cannabis: [1000, 6000],
      cocaineBaseShare: 0.05,
      cannabisResinShare: 0,
    },
  }),
  country('ECU', 'Ecuador', 'SAM', L, {
    divisions: 24,
    municipalitiesPerDivision: [2, 4],
    population: [12_600_000, 18_100_000],
    homicideRate: knots([
      2000, 15, 2005, 17, 2011, 16, 2016, 5.8, 2019, 6.8, 2021, 14, 2022, 26, 2023, 45, 2024, 38,
    ]),
    firearmShare: [0.6, 0.85],
    prisonRate: [70, 205],
    trustPolice: [35, 33],
    seizures: {
      cocaine: [4000, 250_000],
      cannabis: [2000, 20_000],
      cocaineBaseShare: 0.15,
      cannabisResinShare: 0,
    },
  }),
  country('SLV', 'El Salvador', 'CAM', L, {
    divisions: 14,
    municipalitiesPerDivision: [3, 5],
    population: [5_900_000, 6_340_000],
    homicideRate: knots([
      2000, 60, 2005, 65, 2009, 71, 2011, 70, 2012, 41, 2014, 64, 2015, 105, 2016, 83, 2018, 52, 2019, 38,
      2020, 21, 2021, 18, 2022, 7.8, 2023, 2.4, 2024, 1.9,
    ]),
    femaleVictimShare: [0.1, 0.12],
    firearmShare: [0.72, 0.7],
    prisonRate: knots([2000, 130, 2010, 400, 2019, 590, 2021, 560, 2022, 1100, 2023, 1650, 2024, 1660]),
    unsentencedShare: knots([2000, 0.45, 2021, 0.3, 2022, 0.6, 2024, 0.7]),
    trustPolice: knots([2000, 38, 2018, 35, 2022, 58, 2024, 62]),
    feelSafeNight: knots([2000, 40, 2019, 38, 2022, 62, 2024, 75]),
    seizures: {
      cocaine: [500, 6000],
      cannabis: [1000, 2500],
      cocaineBaseShare: 0.02,
      cannabisResinShare: 0,
    },
  }),
  country('GRD', 'Grenada', 'CAR', C, {
    divisions: 7,
    municipalitiesPerDivision: [2, 2],
    population: [102_000, 117_000],
    homicideRate: knots([2000, 12, 2010, 10, 2024, 11]),
  }),
  country('GTM', 'Guatemala', 'CAM', L, {
    divisions: 22,
    municipalitiesPerDivision: [2, 5],
    population: [11_600_000, 18_400_000],
    homicideRate: knots([2000, 26, 2009, 46, 2014, 31, 2019, 21, 2024, 16]),
    femaleVictimShare: [0.1, 0.12],
    firearmShare: [0.78, 0.8],
    prisonRate: [70, 140],
    unsentencedShare: [0.55, 0.5],
    trustPolice: [30, 31],
    trustJustice: [26, 27],
    privateSecurityRate: [550, 650],
    seizures: {
      cocaine: [1500, 12_000],
      cannabis: [1500, 6000],
      cocaineBaseShare: 0.02,
      cannabisResinShare: 0,
      heroin: [10, 20],
    },
  }),
  country('GUY', 'Guyana', 'SAM', C, {
    divisions: 10,
    municipalitiesPerDivision: [2, 3],
    population: [750_000, 830_000],
    homicideRate: knots([2000, 10, 2006, 20, 2014, 19, 2024, 18]),
  }),
  country('HTI', 'Haiti', 'CAR', L, {
    language: 'fr',
    divisions: 10,
    municipalitiesPerDivision: [3, 6],
    population: [8_600_000, 11_800_000],
    femalePopulationShare: 0.503,
    homicideRate: knots([2000, 9, 2012, 10, 2020, 13, 2022, 18, 2023, 40, 2024, 45]),
    firearmShare: [0.55, 0.8],
    policeRate: [60, 100],
    prisonRate: [50, 100],
    unsentencedShare: [0.7, 0.83],
    trustPolice: [35, 30],
    trustJustice: [25, 20],
    feelSafeNight: [45, 25],
    seizures: {
      cocaine: [500, 800],
      cannabis: [1500, 3000],
      cocaineBaseShare: 0,
      cannabisResinShare: 0,
    },
  }),
  country('HND', 'Honduras', 'CAM', L, {
    divisions: 18,
    municipalitiesPerDivision: [3, 7],
    population: [6_600_000, 10_800_000],
    homicideRate: knots([
      2000, 50, 2005, 46, 2008, 60, 2011, 86, 2012, 85, 2013, 75, 2015, 57, 2017, 42, 2019, 38, 2021, 38,
      2024, 31,
    ]),
    femaleVictimShare: [0.08, 0.1],
    firearmShare: [0.75, 0.8],
    policeRate: [110, 230],
    prisonRate: [170, 210],
    unsentencedShare: [0.6, 0.55],
    trustPolice: [30, 33],
    trustJustice: [25, 27],
    privateSecurityRate: [600, 750],
    seizures: {
      cocaine: [2000, 8000],
      cannabis: [1000, 4000],
      cocaineBaseShare: 0.02,
      cannabisResinShare: 0,
    },
  }),
  country('JAM', 'Jamaica', 'CAR', C, {
    divisions: 14,
    municipalitiesPerDivision: [2, 3],
    population: [2_650_000, 2_830_000],
    homicideRate: knots([2000, 34, 2005, 62, 2009, 62, 2013, 43, 2017, 57, 2019, 47, 2022, 52, 2024, 40]),
    firearmShare: [0.7, 0.8],
    policeRate: [300, 400],
    prisonRate: [160, 130],
    seizures: {
      cocaine: [2000, 900],
      cannabis: [50_000, 30_000],
      cocaineBaseShare: 0.01,
      cannabisResinShare: 0.02,
    },
  }),
  country('MEX', 'Mexico', 'CAM', L, {
    divisions: 32,
    municipalitiesPerDivision: [3, 5],
    population: [98_600_000, 130_000_000],
    homicideRate: knots([2000, 10.9, 2007, 8.1, 2010, 22, 2011, 23, 2014, 17, 2018, 29, 2020, 29, 2024, 24]),
    femaleVictimShare: [0.12, 0.11],
    firearmShare: [0.5, 0.7],
    policeRate: [350, 280],
    prisonRate: [150, 180],
    unsentencedShare: [0.42, 0.38],
    trustPolice: [30, 32],
    trustJustice: [28, 30],
    feelSafeNight: [40, 38],
    victimisation: [30, 28],
    seizures: {
      cocaine: [23_000, 30_000],
      cannabis: [2_000_000, 200_000],
      cocaineBaseShare: 0,
      cannabisResinShare: 0.002,
      heroin: [300, 400],
      methamphetamine: [500, 40_000],
      syntheticOther: [5, 2500],
    },
  }),
  country('NIC', 'Nicaragua', 'CAM', L, {
    divisions: 17,
    municipalitiesPerDivision: [2, 4],
    population: [5_100_000, 6_900_000],
    homicideRate: knots([2000, 9, 2006, 13, 2015, 8, 2024, 7]),
    femaleVictimShare: [0.12, 0.14],
    policeRate: [130, 250],
    prisonRate: [120, 250],
    seizures: {
      cocaine: [2000, 5000],
      cannabis: [1000, 2000],
      cocaineBaseShare: 0.02,
      cannabisResinShare: 0,
    },
  }),
  country('PAN', 'Panama', 'CAM', L, {
    divisions: 13,
    municipalitiesPerDivision: [2, 4],
    population: [3_000_000, 4_500_000],
    homicideRate: knots([2000, 9, 2009, 23, 2014, 15, 2019, 11, 2024, 12]),
    firearmShare: [0.7, 0.75],
    policeRate: [400, 440],
    prisonRate: [300, 520],
    seizures: {
      cocaine: [3500, 110_000],
      cannabis: [2000, 20_000],
      cocaineBaseShare: 0.01,
      cannabisResinShare: 0,
    },
  }),
  country('PRY', 'Paraguay', 'SAM', L, {
    southern: true,
    divisions: 18,
    municipalitiesPerDivision: [2, 4],
    population: [5_300_000, 6_900_000],
    homicideRate: knots([2000, 20, 2010, 12, 2018, 6, 2024, 7]),
    prisonRate: [70, 240],
    unsentencedShare: [0.75, 0.7],
    seizures: {
      cocaine: [200, 6000],
      cannabis: [300_000, 1_200_000],
      cocaineBaseShare: 0.2,
      cannabisResinShare: 0,
    },
  }),
  country('PER', 'Peru', 'SAM', L, {
    southern: true,
    divisions: 26,
    municipalitiesPerDivision: [2, 5],
    population: [26_500_000, 34_200_000],
    homicideRate: knots([2000, 5, 2010, 7, 2024, 6.2]),
    femaleVictimShare: [0.15, 0.16],
    firearmShare: [0.35, 0.45],
    prisonRate: [100, 280],
    trustPolice: [28, 23],
    trustJustice: [20, 17],
    seizures: {
      cocaine: [11_000, 30_000],
      cannabis: [2000, 25_000],
      cocaineBaseShare: 0.55,
      cannabisResinShare: 0,
    },
  }),
  country('KNA', 'Saint Kitts and Nevis', 'CAR', C, {
    divisions: 14,
    municipalitiesPerDivision: [2, 2],
    population: [45_000, 47_000],
    homicideRate: knots([2000, 13, 2008, 45, 2011, 64, 2015, 60, 2019, 35, 2024, 40]),
  }),
  country('LCA', 'Saint Lucia', 'CAR', C, {
    divisions: 10,
    municipalitiesPerDivision: [2, 2],
    population: [157_000, 180_000],
    homicideRate: knots([2000, 15, 2010, 25, 2019, 15, 2022, 40, 2024, 36]),
  }),
  country('VCT', 'Saint Vincent and the Grenadines', 'CAR', C, {
    divisions: 6,
    municipalitiesPerDivision: [2, 2],
    population: [108_000, 101_000],
    homicideRate: knots([2000, 15, 2010, 22, 2020, 30, 2024, 50]),
  }),
  country('SUR', 'Suriname', 'SAM', C, {
    language: 'nl',
    divisions: 10,
    municipalitiesPerDivision: [2, 3],
    population: [470_000, 630_000],
    homicideRate: knots([2000, 8, 2010, 6, 2024, 5]),
  }),
  country('TTO', 'Trinidad and Tobago', 'CAR', C, {
    divisions: 15,
    municipalitiesPerDivision: [2, 2],
    population: [1_270_000, 1_500_000],
    homicideRate: knots([2000, 9.5, 2008, 42, 2013, 30, 2018, 37, 2022, 40, 2024, 41]),
    firearmShare: [0.6, 0.8],
  }),
  country('USA', 'United States', 'NAM', L, {
    language: 'en',
    divisions: 32,
    municipalitiesPerDivision: [3, 5],
    population: [282_000_000, 340_000_000],
    femalePopulationShare: 0.505,
    homicideRate: knots([2000, 5.5, 2014, 4.4, 2019, 5, 2020, 6.5, 2021, 6.8, 2024, 5]),
    femaleVictimShare: [0.22, 0.2],
    firearmShare: [0.66, 0.78],
    sharpObjectShare: 0.4,
    ageProfile: 'older',
    policeRate: [245, 210],
    femalePoliceShare: [0.11, 0.14],
    trainedShare: [0.7, 0.9],
    arrestRate: [4900, 2300],
    femaleArrestShare: 0.26,
    prisonRate: knots([2000, 685, 2008, 755, 2019, 630, 2021, 505, 2024, 540]),
    femalePrisonerShare: [0.08, 0.09],
    unsentencedShare: [0.22, 0.25],
    drugOffenceShare: 0.16,
    releaseRate: 0.6,
    reconvictionRate: [0.42, 0.36],
    socialWorkerRate: [180, 215],
    preventionCentreRate: [10, 14],
    treatmentCentreRate: [45, 50],
    privateSecurityRate: [340, 330],
    trustPolice: [58, 51],
    trustJustice: [48, 42],
    feelSafeNight: [72, 68],
    victimisation: [20, 16],
    seizures: {
      cocaine: [100_000, 120_000],
      cannabis: [1_100_000, 300_000],
      cocaineBaseShare: 0.05,
      cannabisResinShare: 0.01,
      heroin: [2000, 1500],
      methamphetamine: [3000, 80_000],
      syntheticOther: [200, 12_000],
    },
    firearmsFrom: 2003,
    firearmsMarkedRate: [100, 300],
  }),
  country('URY', 'Uruguay', 'SAM', L, {
    southern: true,
    divisions: 19,
    municipalitiesPerDivision: [2, 3],
    population: [3_320_000, 3_390_000],
    homicideRate: knots([2000, 6.4, 2012, 7.9, 2018, 12, 2024, 11]),
    femaleVictimShare: [0.15, 0.13],
    firearmShare: [0.5, 0.6],
    ageProfile: 'older',
    policeRate: [410, 450],
    prisonRate: [140, 430],
    trustPolice: [50, 55],
    trustJustice: [45, 44],
    feelSafeNight: [55, 48],
    seizures: {
      cocaine: [50, 4000],
      cannabis: [800, 3000],
      cocaineBaseShare: 0.35,
      cannabisResinShare: 0,
      syntheticOther: [1, 10],
    },
  }),
  country('VEN', 'Venezuela', 'SAM', L, {
    divisions: 24,
    municipalitiesPerDivision: [2, 5],
    population: knots([2000, 24_400_000, 2015, 30_100_000, 2020, 28_500_000, 2024, 28_400_000]),
    homicideRate: knots([2000, 33, 2005, 37, 2010, 45, 2015, 60, 2019, 40, 2024, 20]),
    femaleVictimShare: [0.07, 0.08],
    firearmShare: [0.8, 0.78],
    policeRate: [300, 330],
    prisonRate: [80, 180],
    unsentencedShare: [0.55, 0.6],
    trustPolice: [35, 26],
    trustJustice: [30, 20],
    feelSafeNight: [40, 30],
    seizures: {
      cocaine: [15_000, 40_000],
      cannabis: [10_000, 20_000],
      cocaineBaseShare: 0.1,
      cannabisResinShare: 0,
    },
  }),
];

/** The demo's member-state codes (ISO 3166 alpha-3), in table order. */
export const DEMO_COUNTRY_CODES: readonly string[] = COUNTRY_PROFILES.map((p) => p.iso3);

const PROFILES_BY_CODE: ReadonlyMap<string, CountryProfile> = new Map(
  COUNTRY_PROFILES.map((p) => [p.iso3, p]),
);

export function countryProfile(iso3: string): CountryProfile {
  const profile = PROFILES_BY_CODE.get(iso3);
  if (profile === undefined) throw new RangeError(`"${iso3}" is not an OAS member state code`);
  return profile;
}

function isPair(trajectory: Trajectory): trajectory is readonly [number, number] {
  return typeof trajectory[0] === 'number';
}

/** The value of a trajectory in `year` (linear interpolation, flat outside the knots). */
export function valueAt(trajectory: Trajectory, year: number): number {
  if (isPair(trajectory)) {
    const [a, b] = trajectory;
    if (year <= 2000) return a;
    if (year >= 2024) return b;
    return a + ((b - a) * (year - 2000)) / 24;
  }
  const knots = trajectory;
  const first = knots[0];
  if (first === undefined) return 0;
  if (year <= first[0]) return first[1];
  for (let i = 1; i < knots.length; i++) {
    const knot = knots[i]!;
    if (year <= knot[0]) {
      const previous = knots[i - 1]!;
      return previous[1] + ((knot[1] - previous[1]) * (year - previous[0])) / (knot[0] - previous[0]);
    }
  }
  return knots[knots.length - 1]![1];
}

/** Like `valueAt`, interpolating the logarithm (constant growth rates between knots). */
export function logValueAt(trajectory: Trajectory, year: number): number {
  const logged: Trajectory = isPair(trajectory)
    ? [Math.log(trajectory[0]), Math.log(trajectory[1])]
    : trajectory.map(([y, v]) => [y, Math.log(v)] as const);
  return Math.exp(valueAt(logged, year));
}
