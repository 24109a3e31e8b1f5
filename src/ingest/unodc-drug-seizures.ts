/**
 * The UNODC drug seizures export as JSON (`Drug_seizures_2018_2022.json`): an array of objects
 * `{ "Region", "SubRegion", "Country/Territory", "msCode", "Drug group", "DrugSubGroup", "Drug",
 * "Year", "Kilograms" }`, kilograms of seized material by country, year and drug. Read whole (the
 * file is about 3 MB); problems name the line where their object starts.
 *
 * Each `Drug` goes to a category of the catalogue's `drug` dimension by `DRUG_CATEGORIES` below
 * (the element `drug_seizures`, source `unodc`, unless the mapping says otherwise). Drugs the
 * table does not place are skipped and counted; so are UNODC's own totals ("Total …", "Cocaine
 * (total of the above …)": their parts are rows too, so they would count twice), rows of codes that
 * are not ISO alpha-3 and of countries that are not OAS member states, and blank quantities.
 *
 * Several rows for one country, year and drug are the norm, not an accident: 376 such groups in
 * the Americas alone, adjacent, with different figures (Canada's cannabis herb in 2022 is three rows:
 * 1 200, 52 080 and 28 kg; Honduras' cocaine hydrochloride in 2021 is 17 545 and 2.1 kg). They are
 * the separate quantities a country reported (by agency, or by unit converted to kilograms), so
 * they are summed, as are the drugs that fall in one category (crack and coca paste both in
 * `cocaine_base`). Rows that repeat another's figure are summed too: the export has no identifier
 * that would tell a copy from a second seizure of the same weight. A sum is rounded to 15
 * significant digits, so binary noise (0.1 + 0.2) does not reach the store.
 *
 * Mapping (JSON, optional): `{ "element"?: "drug_seizures", "source"?: "unodc", "drugs"?: { "Opium":
 * "other", "Heroin": null } }`; `drugs` adds to or overrides the table (`null` leaves a drug out).
 */
import type { CanonicalRow } from '../data/canonical-row.ts';
import { isMemberStateIso3 } from './country-names.ts';
import { parseNumberCell } from './number-format.ts';
import { ReadCollector, type ReaderInput, type ReaderOptions, type ReaderResult } from './reader-result.ts';
import { decodeText } from './text-encoding.ts';

export interface SeizuresMapping {
  readonly element?: string;
  readonly source?: string;
  /** UNODC `Drug` → category of the `drug` dimension (`null`: left out); added to `DRUG_CATEGORIES` */
  readonly drugs?: Readonly<Record<string, string | null>>;
}

/**
 * The UNODC drugs each category of the catalogue's `drug` dimension holds, by their exact `Drug`
 * name in the export. `synthetic_other` is the synthetic drugs the other categories leave out
 * (amphetamine-type stimulants other than methamphetamine, "ecstasy", fentanyls, synthetic new
 * psychoactive substances); `other` the opiates other than heroin. Cannabis plants and seeds, coca
 * leaf, medicines, precursors and solvents are left out: weighed as plants or chemicals, in
 * kilograms they would swamp the drugs themselves.
 */
export const DRUG_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  cocaine_hydrochloride: ['Cocaine hydrochloride'],
  cocaine_base: [
    'Coca paste/refined cocaine base (intermediate products) (please specify)',
    'Other smokable forms of cocaine (consumer products such as basuco, merla, paco, pasta base, etc.) (please specify)',
    '"Crack" cocaine',
  ],
  cannabis_herb: ['Cannabis herb (marijuana)'],
  cannabis_resin: ['Cannabis resin (hashish)'],
  heroin: ['Heroin'],
  methamphetamine: ['Methamphetamine', '“Yaba”'],
  synthetic_other: [
    'Amphetamine',
    '"Captagon"',
    '3,4-methylenedioxymethamphetamine (MDMA)',
    'Tenamfetamine (MDA)',
    'Non-specified “ecstasy”-type substances',
    'Fentanyl',
    'Carfentanil',
    'Mephedrone (4-methylmethcathinone, 4-MMC)',
    'Synthetic cathinones',
    'Synthetic cannabinoids (Spice)',
    'Synthetic cannabinoids (“Spice”)',
    'Ketamine and phencyclidine-type substances',
  ],
  other: ['Opium', 'Illicit morphine'],
};

const CATEGORY_OF = new Map(
  Object.entries(DRUG_CATEGORIES).flatMap(([category, drugs]) => drugs.map((drug) => [drug, category])),
);

/** UNODC's totals of other rows (`Total "ecstasy"-type …`, `Cocaine (total of the above …)`). */
const isTotal = (drug: string): boolean =>
  /^total\b/i.test(drug) || /\(total of\b/i.test(drug) || drug === 'Cannabis-type';

/** The line on which each element of a top-level JSON array starts (1-based). */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  /** after the array's `[` or a `,` between its elements: the next character starts one */
  let expecting = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 10) line += 1;
    if (inString) {
      if (c === 92)
        i += 1; // a backslash escapes the next character
      else if (c === 34) inString = false;
      continue;
    }
    if (c <= 32) continue;
    if (expecting && c !== 93) {
      lines.push(line);
      expecting = false;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth += 1;
      if (depth === 1) expecting = true;
    } else if (c === 125 || c === 93) depth -= 1;
    else if (c === 44 && depth === 1) expecting = true;
  }
  return lines;
}

/** Where a JSON.parse error happened, from its message's position (`at position 123`). */
function parsePosition(text: string, message: string): { line: number; column: number } {
  const found = /position (\d+)/.exec(message);
  if (found === null) return { line: 1, column: 1 };
  const before = text.slice(0, Number(found[1]));
  const line = before.split('\n').length;
  return { line, column: before.length - before.lastIndexOf('\n') };
}

export function readUnodcDrugSeizures(
  input: ReaderInput,
  mapping: SeizuresMapping = {},
  options: ReaderOptions = {},
): ReaderResult {
  const { text, encoding } = decodeText(input);
  const out = new ReadCollector(options.file, encoding);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const { line, column } = parsePosition(text, message);
    out.issue(line, `not valid JSON: ${message}`, column);
    return out.result();
  }
  if (!Array.isArray(json)) {
    out.issue(
      1,
      'expected a JSON array of objects (Region, msCode, Drug, Year, Kilograms…): is this the UNODC drug seizures export?',
    );
    return out.result();
  }
  const lines = elementLines(text);
  const element = mapping.element ?? 'drug_seizures';
  const source = mapping.source ?? 'unodc';
  const sums = new Map<
    string,
    { row: Omit<CanonicalRow, 'value'>; value: number; line: number; parts: number }
  >();
  json.forEach((item: unknown, index) => {
    const line = lines[index] ?? 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      out.issue(line, `element ${index + 1} is not an object`);
      return;
    }
    const record = item as Record<string, unknown>;
    const missing = ['msCode', 'Drug', 'Year', 'Kilograms'].filter((key) => !(key in record));
    if (missing.length > 0) {
      out.issue(line, `the object lacks ${missing.map((key) => `"${key}"`).join(', ')}`);
      return;
    }
    const code = typeof record.msCode === 'string' ? record.msCode.trim() : '';
    if (!/^[A-Z]{3}$/.test(code)) return out.skip('not-iso3');
    if (!isMemberStateIso3(code)) return out.skip('not-member-state');
    const drug = typeof record.Drug === 'string' ? record.Drug.trim() : '';
    const declared = mapping.drugs === undefined ? undefined : mapping.drugs[drug];
    const category = declared === undefined ? CATEGORY_OF.get(drug) : declared;
    if (category === null) return out.skip('drug-not-mapped');
    if (category === undefined) {
      out.skip(isTotal(drug) ? 'unodc-total' : 'drug-outside-catalogue');
      return;
    }
    const year =
      typeof record.Year === 'number' || typeof record.Year === 'string'
        ? String(record.Year).trim()
        : JSON.stringify(record.Year);
    if (!/^[0-9]{4}$/.test(year)) {
      out.issue(line, `"${year}" is not a year`, undefined, 'Year');
      return;
    }
    const kilograms = record.Kilograms;
    const parsed =
      typeof kilograms === 'number'
        ? { kind: 'number' as const, value: kilograms }
        : kilograms === null
          ? { kind: 'blank' as const }
          : typeof kilograms === 'string'
            ? parseNumberCell(kilograms, '.')
            : { kind: 'invalid' as const, message: `${JSON.stringify(kilograms)} is not a number` };
    if (parsed.kind === 'blank' || parsed.kind === 'not_applicable') {
      out.skip(parsed.kind === 'blank' ? 'blank' : 'not-applicable');
      return;
    }
    if (parsed.kind === 'invalid') return out.issue(line, parsed.message, undefined, 'Kilograms');
    if (!Number.isFinite(parsed.value) || parsed.value < 0) {
      out.issue(line, `${parsed.value} kg is not a quantity seized`, undefined, 'Kilograms');
      return;
    }
    const key = `${code}\t${year}\t${category}`;
    const sum = sums.get(key);
    if (sum === undefined) {
      const row = { element, orgUnit: code, period: year, disaggregation: `drug=${category}`, source };
      sums.set(key, { row, value: parsed.value, line, parts: 1 });
    } else {
      sum.value += parsed.value;
      sum.parts += 1;
    }
  });
  for (const { row, value, line, parts } of sums.values()) {
    out.add({ ...row, value: parts === 1 ? value : Number(value.toPrecision(15)) }, line);
  }
  return out.result();
}
