/**
 * Country names and codes as received files write them, to the ISO 3166 alpha-3 code of an OAS
 * member state: ISO3, ISO2 and M49 codes, the OAS names in en, es, pt and fr (accents, case and
 * a parenthetical ignored: "Bolivia (Plurinational State of)" is Bolivia), and a small table of
 * the other spellings UN and World Bank files use. A name that is none of these is not a member
 * state (readers skip it and count it).
 */
import { MEMBER_STATES } from '../geography/member-states.ts';

/** Other spellings seen in UN, World Bank and national files. */
const ALIASES: Readonly<Record<string, string>> = {
  'united states of america': 'USA',
  'estados unidos de america': 'USA',
  'etats-unis d amerique': 'USA',
  usa: 'USA',
  'bahamas the': 'BHS',
  'the bahamas': 'BHS',
  'st kitts and nevis': 'KNA',
  'saint christopher and nevis': 'KNA',
  'st lucia': 'LCA',
  'st vincent and the grenadines': 'VCT',
  'trinidad & tobago': 'TTO',
  'antigua & barbuda': 'ATG',
  'venezuela rb': 'VEN',
  'bolivarian republic of venezuela': 'VEN',
  'plurinational state of bolivia': 'BOL',
  mexique: 'MEX',
  'republica dominicana': 'DOM',
};

/** Lower case, no accents, no parenthetical, punctuation as spaces. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[.,']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const BY_KEY = new Map<string, string>();
for (const state of MEMBER_STATES) {
  BY_KEY.set(state.code.toLowerCase(), state.code);
  const external = state.externalCodes ?? {};
  for (const code of Object.values(external))
    if (typeof code === 'string') BY_KEY.set(code.toLowerCase(), state.code);
  for (const name of Object.values(state.name)) BY_KEY.set(normalizeName(name), state.code);
}
for (const [alias, code] of Object.entries(ALIASES)) BY_KEY.set(normalizeName(alias), code);

/** The member state a name or code denotes, or undefined. */
export function memberStateOf(nameOrCode: string): string | undefined {
  const trimmed = nameOrCode.trim();
  return BY_KEY.get(trimmed.toLowerCase()) ?? BY_KEY.get(normalizeName(trimmed));
}

const ISO3 = new Set(MEMBER_STATES.map((state) => state.code));

/** Whether a code is the ISO alpha-3 code of a member state. */
export function isMemberStateIso3(code: string): boolean {
  return ISO3.has(code);
}
