/**
 * An intervention of the register: a project, law, tactic or strategy of one member state, with
 * its months, the indicators it aims to move, the units it treated (each with its own start, for
 * staggered roll-outs) and optionally the comparison units (donors) to evaluate it against. Pure:
 * validation takes the org units and indicators it needs as lookups; who may write where is
 * decided from the principal's grants.
 */
import { covers, scopeOfGrants, type Scope } from '../access/access-scope.ts';
import type { Principal } from '../access/principal.ts';
import type { Role } from '../access/roles.ts';
import { ValidationError, type InputIssue } from '../kernel/errors.ts';
import { tryParsePeriod } from '../periods/period-code.ts';

export const INTERVENTION_TYPES = ['project', 'law', 'tactic', 'strategy'] as const;
export type InterventionType = (typeof INTERVENTION_TYPES)[number];

export const INTERVENTION_CODE = /^[a-z0-9_]+$/;
export const MAX_CODE_LENGTH = 64;
export const MAX_NAME_LENGTH = 200;
export const MAX_DESCRIPTION_LENGTH = 10_000;

/** A treated unit and its first treated month. */
export interface TreatedUnit {
  readonly unit: string;
  readonly start: string;
}

/** What a caller gives to register an intervention (a unit's start defaults to the intervention's). */
export interface InterventionInput {
  readonly code: string;
  readonly name: string;
  readonly description?: string;
  readonly type: string;
  readonly country: string;
  readonly start: string;
  readonly end?: string | null;
  readonly indicators?: readonly string[];
  readonly units: readonly (string | { readonly unit: string; readonly start?: string | undefined })[];
  readonly donors?: readonly string[];
}

/** The fields a change may give (the code stays). */
export type InterventionPatch = Partial<Omit<InterventionInput, 'code'>>;

/** A validated intervention, before the store adds who made it and when. */
export interface InterventionDraft {
  readonly code: string;
  readonly name: string;
  readonly description: string;
  readonly type: InterventionType;
  readonly country: string;
  readonly start: string;
  readonly end: string | null;
  readonly indicators: readonly string[];
  readonly units: readonly TreatedUnit[];
  /** empty: the evaluation takes the untreated units at the same level of the same country */
  readonly donors: readonly string[];
}

export interface Intervention extends InterventionDraft {
  /** registered by the demo loader */
  readonly synthetic: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** What validation needs to know of the store. */
export interface InterventionReferences {
  /** the unit's code then its ancestors' up to the root; empty for an unknown code */
  readonly chainOf: (code: string) => readonly string[];
  /** the unit's level (`member_state`, `municipality`, …), undefined when unknown */
  readonly levelOf: (code: string) => string | undefined;
  readonly indicatorExists: (code: string) => boolean;
}

function isMonth(code: string): boolean {
  return tryParsePeriod(code)?.type === 'month';
}

/** The input as an intervention, or a ValidationError listing every problem by field. */
export function validateIntervention(
  input: InterventionInput,
  references: InterventionReferences,
): InterventionDraft {
  const issues: InputIssue[] = [];
  const problem = (field: string, message: string) => issues.push({ field, message });
  const code = typeof input.code === 'string' ? input.code.trim() : '';
  if (!INTERVENTION_CODE.test(code) || code.length > MAX_CODE_LENGTH) {
    problem(
      'code',
      `"${String(input.code)}" is not a code: lower-case letters, digits and _ only, at most ${MAX_CODE_LENGTH}`,
    );
  }
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '' || name.length > MAX_NAME_LENGTH)
    problem('name', `a name of 1 to ${MAX_NAME_LENGTH} characters is required`);
  const description = (input.description ?? '').trim();
  if (description.length > MAX_DESCRIPTION_LENGTH)
    problem('description', `at most ${MAX_DESCRIPTION_LENGTH} characters`);
  if (!(INTERVENTION_TYPES as readonly string[]).includes(input.type)) {
    problem('type', `"${input.type}" is not a type (expected ${INTERVENTION_TYPES.join(', ')})`);
  }
  const country = input.country;
  if (references.levelOf(country) !== 'member_state') {
    problem('country', `"${country}" is not a member state code`);
  }
  const start = input.start;
  if (!isMonth(start)) problem('start', `"${start}" is not a month code such as 2016-01`);
  const end = input.end ?? null;
  if (end !== null) {
    if (!isMonth(end)) problem('end', `"${end}" is not a month code such as 2016-12`);
    else if (isMonth(start) && end < start) problem('end', `the end (${end}) is before the start (${start})`);
  }
  const indicators = [...new Set(input.indicators ?? [])];
  for (const indicator of indicators) {
    if (!references.indicatorExists(indicator))
      problem('indicators', `unknown indicator "${indicator}" (see the catalogue)`);
  }
  const inCountry = (unit: string): boolean => {
    const chain = references.chainOf(unit);
    return chain.length > 1 && chain.includes(country);
  };
  const units: TreatedUnit[] = [];
  const seen = new Set<string>();
  if (input.units.length === 0) problem('units', 'name at least one treated unit');
  for (const given of input.units) {
    const unit = typeof given === 'string' ? given.trim() : given.unit.trim();
    const unitStart = (typeof given === 'string' ? undefined : given.start) ?? start;
    if (seen.has(unit)) {
      problem('units', `${unit} is named twice`);
      continue;
    }
    seen.add(unit);
    if (references.chainOf(unit).length === 0) problem('units', `unknown org unit "${unit}"`);
    else if (!inCountry(unit)) problem('units', `${unit} is not a unit within ${country}`);
    if (!isMonth(unitStart)) problem('units', `${unit}: "${unitStart}" is not a month code such as 2016-01`);
    else if (isMonth(start) && unitStart < start)
      problem('units', `${unit} starts (${unitStart}) before the intervention (${start})`);
    else if (end !== null && isMonth(end) && unitStart > end)
      problem('units', `${unit} starts (${unitStart}) after the intervention ends (${end})`);
    units.push({ unit, start: unitStart });
  }
  const levels = new Set(units.map((u) => references.levelOf(u.unit)).filter((l) => l !== undefined));
  if (levels.size > 1) problem('units', `the treated units mix levels (${[...levels].join(', ')})`);
  const donors = [...new Set((input.donors ?? []).map((d) => d.trim()))];
  for (const donor of donors) {
    if (references.chainOf(donor).length === 0) problem('donors', `unknown org unit "${donor}"`);
    else if (!inCountry(donor)) problem('donors', `${donor} is not a unit within ${country}`);
    else if (seen.has(donor)) problem('donors', `${donor} is treated: it cannot also be a comparison unit`);
    else if (levels.size === 1 && !levels.has(references.levelOf(donor) ?? ''))
      problem('donors', `${donor} is not at the treated units' level`);
  }
  if (issues.length > 0) throw new ValidationError('The intervention is not valid.', issues);
  return {
    code,
    name,
    description,
    type: input.type as InterventionType,
    country,
    start,
    end,
    indicators,
    units,
    donors,
  };
}

/** The registered intervention with a change applied, as input to validate again. */
export function patchedInput(current: InterventionDraft, patch: InterventionPatch): InterventionInput {
  const startMoved = patch.start !== undefined && patch.start !== current.start;
  return {
    code: current.code,
    name: patch.name ?? current.name,
    description: patch.description ?? current.description,
    type: patch.type ?? current.type,
    country: patch.country ?? current.country,
    start: patch.start ?? current.start,
    end: patch.end === undefined ? current.end : patch.end,
    indicators: patch.indicators ?? current.indicators,
    // units that started with the intervention move with it
    units:
      patch.units ??
      current.units.map((u) => (startMoved && u.start === current.start ? { unit: u.unit } : u)),
    donors: patch.donors ?? current.donors,
  };
}

/** Roles that may write the register: analysts and administrators everywhere, approvers in their scope. */
export const REGISTER_WRITERS: readonly Role[] = ['analyst', 'approver', 'administrator'];

/** Where the principal may register, change or remove interventions. */
export function registerScope(principal: Principal): Scope {
  return principal.kind === 'anonymous'
    ? { kind: 'nowhere' }
    : scopeOfGrants(principal.grants, REGISTER_WRITERS);
}

/** Whether the scope covers a member state (given its chain: the code, then its ancestors). */
export function mayWriteIn(scope: Scope, countryChain: readonly string[]): boolean {
  return covers(scope, countryChain);
}
