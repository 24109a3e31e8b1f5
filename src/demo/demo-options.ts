import { DEMO_COUNTRY_CODES } from './country-profiles.ts';

/** What to generate. Every field is optional; the defaults give the standard demo. */
export interface DemoOptions {
  /** seed of every random stream (default 20240601) */
  readonly seed?: number;
  /** first year generated (default 2000) */
  readonly startYear?: number;
  /** last year generated, inclusive (default 2024) */
  readonly endYear?: number;
  /**
   * multiplies the number of municipalities of every division (default 1; at least 2 per
   * division are always kept); at most 64
   */
  readonly scale?: number;
  /** restrict to these member states (ISO3); default all 35 */
  readonly countries?: readonly string[];
}

export const DEFAULT_DEMO_SEED = 20240601;
export const DEFAULT_START_YEAR = 2000;
export const DEFAULT_END_YEAR = 2024;
export const MAX_DEMO_SCALE = 64;

export interface ResolvedDemoOptions {
  readonly seed: number;
  readonly startYear: number;
  readonly endYear: number;
  readonly scale: number;
  /** in the order of the profile table, without duplicates */
  readonly countries: readonly string[];
}

/** Fills the defaults and checks the options; throws `RangeError` on a bad value. */
export function resolveDemoOptions(options: DemoOptions = {}): ResolvedDemoOptions {
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  const startYear = options.startYear ?? DEFAULT_START_YEAR;
  const endYear = options.endYear ?? DEFAULT_END_YEAR;
  const scale = options.scale ?? 1;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, not ${seed}`);
  if (!Number.isInteger(startYear) || !Number.isInteger(endYear) || startYear > endYear) {
    throw new RangeError(`bad year range ${startYear}–${endYear}`);
  }
  if (startYear < 1990 || endYear > 2100) {
    throw new RangeError(`years must lie within 1990–2100, not ${startYear}–${endYear}`);
  }
  if (!(scale > 0 && scale <= MAX_DEMO_SCALE)) {
    throw new RangeError(`scale must be in (0, ${MAX_DEMO_SCALE}], not ${scale}`);
  }
  let countries = DEMO_COUNTRY_CODES;
  if (options.countries !== undefined) {
    const wanted = new Set(options.countries);
    for (const code of wanted) {
      if (!DEMO_COUNTRY_CODES.includes(code)) {
        throw new RangeError(`"${code}" is not an OAS member state code`);
      }
    }
    countries = DEMO_COUNTRY_CODES.filter((code) => wanted.has(code));
  }
  return { seed, startYear, endYear, scale, countries };
}
