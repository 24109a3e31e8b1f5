import { NotFoundError, ValidationError, type InputIssue } from '../kernel/errors.ts';
import {
  ORG_UNIT_LEVELS,
  levelDepth,
  type OrgUnit,
  type OrgUnitGroup,
  type OrgUnitLevel,
} from './org-unit.ts';
import { assertIsoDate, formatValidity, isIsoDate, isValidAt, isWithin, overlaps } from './validity.ts';

export { isValidAt } from './validity.ts';
export {
  carryValues,
  findCrosswalkIssues,
  indexCrosswalk,
  mapToCurrentUnits,
  validateCrosswalk,
} from './crosswalk.ts';

// ---------------------------------------------------------------------------------------------
// Validation of the hierarchy
// ---------------------------------------------------------------------------------------------

/** The rule a hierarchy problem breaks, stable for tests and for the UI. */
export type HierarchyRule =
  | 'duplicate_code'
  | 'code_format'
  | 'code_prefix'
  | 'date_format'
  | 'validity_order'
  | 'root_parent'
  | 'missing_parent'
  | 'unknown_parent'
  | 'parent_level'
  | 'validity_outside_parent'
  | 'cycle';

export interface HierarchyIssue extends InputIssue {
  readonly rule: HierarchyRule;
  /** The code of the unit the problem is about. */
  readonly unitCode: string;
}

/** The code of the root unit, the Americas. */
const ROOT_CODE = 'AME';
const THREE_LETTERS = /^[A-Z]{3}$/;
/** `ISO3.national-code`: the national code is upper-case letters, digits, `_` or `-`. */
const SUBNATIONAL = /^([A-Z]{3})\.[A-Z0-9][A-Z0-9_-]*$/;

function codeFormatProblem(unit: OrgUnit): string | undefined {
  switch (unit.level) {
    case 'americas':
      return unit.code === ROOT_CODE ? undefined : `the Americas must have the code ${ROOT_CODE}`;
    case 'subregion':
    case 'member_state':
      if (unit.code === ROOT_CODE) return `${ROOT_CODE} is reserved for the Americas`;
      return THREE_LETTERS.test(unit.code)
        ? undefined
        : `a ${unit.level.replace('_', ' ')} code must be three capital letters (ISO 3166 alpha-3 for member states)`;
    case 'division':
    case 'municipality':
      return SUBNATIONAL.test(unit.code)
        ? undefined
        : `a ${unit.level} code must be the member state's code, a dot and the national code (e.g. MEX.09015)`;
  }
}

/**
 * Every problem in a list of units, in input order (empty when the hierarchy is sound):
 *
 * - `duplicate_code`: a code used more than once (reported on the second and later uses);
 * - `code_format`: `AME` for the Americas, three capital letters for subregions and member states,
 *   `ISO3.national` for divisions and municipalities;
 * - `code_prefix`: a subnational code whose `ISO3.` prefix is not its member-state ancestor's code;
 * - `date_format`, `validity_order`: dates must be `YYYY-MM-DD` and validFrom < validTo;
 * - `root_parent`, `missing_parent`, `unknown_parent`: only the Americas has no parent, and
 *   parents must exist;
 * - `parent_level`: the parent's level must be exactly one above (`levelDepth` − 1);
 * - `validity_outside_parent`: a unit must not be valid on any day its parent is not;
 * - `cycle`: following parents must reach the root.
 */
export function findHierarchyIssues(units: readonly OrgUnit[]): HierarchyIssue[] {
  const issues: HierarchyIssue[] = [];
  const add = (unit: OrgUnit, rule: HierarchyRule, field: string, message: string): void => {
    issues.push({ rule, unitCode: unit.code, field, message: `${unit.code}: ${message}` });
  };

  const byCode = new Map<string, OrgUnit>();
  for (const unit of units) {
    if (byCode.has(unit.code)) {
      add(unit, 'duplicate_code', 'code', 'the code is used by more than one unit');
    } else {
      byCode.set(unit.code, unit);
    }
  }

  for (const unit of units) {
    const formatProblem = codeFormatProblem(unit);
    if (formatProblem !== undefined) add(unit, 'code_format', 'code', formatProblem);

    let datesOk = true;
    for (const field of ['validFrom', 'validTo'] as const) {
      const value = unit[field];
      if (value !== null && !isIsoDate(value)) {
        datesOk = false;
        add(unit, 'date_format', field, `${field} ${JSON.stringify(value)} is not a date YYYY-MM-DD`);
      }
    }
    if (datesOk && unit.validFrom !== null && unit.validTo !== null) {
      if (unit.validFrom >= unit.validTo) {
        add(
          unit,
          'validity_order',
          'validTo',
          `validFrom ${unit.validFrom} must be before validTo ${unit.validTo} (validTo is exclusive)`,
        );
      }
    }

    if (unit.level === 'americas') {
      if (unit.parentCode !== null) {
        add(unit, 'root_parent', 'parentCode', 'the Americas is the root and has no parent');
      }
      continue;
    }
    if (unit.parentCode === null) {
      add(unit, 'missing_parent', 'parentCode', `a ${unit.level} must have a parent`);
      continue;
    }
    const parent = byCode.get(unit.parentCode);
    if (parent === undefined) {
      add(unit, 'unknown_parent', 'parentCode', `the parent ${unit.parentCode} does not exist`);
      continue;
    }
    const expected = levelDepth(unit.level) - 1;
    if (levelDepth(parent.level) !== expected) {
      add(
        unit,
        'parent_level',
        'parentCode',
        `the parent of a ${unit.level} must be a ${String(levelName(expected))}, but ${parent.code} is a ${parent.level}`,
      );
    }
    if (!isWithin(unit, parent)) {
      add(
        unit,
        'validity_outside_parent',
        'validFrom',
        `valid ${formatValidity(unit)}, outside its parent ${parent.code} valid ${formatValidity(parent)}`,
      );
    }
  }

  // Cycles: walk up from every unit; a unit met twice on one walk closes a cycle.
  const state = new Map<string, 'visiting' | 'done'>();
  for (const start of byCode.values()) {
    const path: OrgUnit[] = [];
    let unit: OrgUnit | undefined = start;
    while (unit !== undefined && state.get(unit.code) === undefined) {
      state.set(unit.code, 'visiting');
      path.push(unit);
      unit = unit.parentCode === null ? undefined : byCode.get(unit.parentCode);
    }
    if (unit !== undefined && state.get(unit.code) === 'visiting') {
      const from = path.findIndex((u) => u.code === unit?.code);
      const cycle = path.slice(from).map((u) => u.code);
      add(unit, 'cycle', 'parentCode', `parents form a cycle: ${[...cycle, unit.code].join(' → ')}`);
    }
    for (const u of path) state.set(u.code, 'done');
  }

  // Subnational prefixes, once parents are known to lead somewhere.
  const index = new OrgUnitIndex([...byCode.values()]);
  for (const unit of units) {
    if (unit.level !== 'division' && unit.level !== 'municipality') continue;
    const match = SUBNATIONAL.exec(unit.code);
    if (match === null) continue;
    const state = safeMemberStateOf(index, unit.code);
    if (state !== undefined && state.code !== match[1]) {
      add(unit, 'code_prefix', 'code', `the code must start with its member state's code ${state.code}.`);
    }
  }
  return issues;
}

function levelName(depth: number): OrgUnitLevel | undefined {
  return ORG_UNIT_LEVELS[depth];
}

function safeMemberStateOf(index: OrgUnitIndex, code: string): OrgUnit | undefined {
  try {
    return index.memberStateOf(code);
  } catch {
    return undefined; // a cycle or a broken chain, reported by its own rule
  }
}

/** Throws a ValidationError listing every problem of `findHierarchyIssues`; returns otherwise. */
export function validateHierarchy(units: readonly OrgUnit[]): void {
  const issues = findHierarchyIssues(units);
  if (issues.length > 0) {
    throw new ValidationError(
      `The org-unit hierarchy has ${issues.length} problem${issues.length === 1 ? '' : 's'}:`,
      issues,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Navigation
// ---------------------------------------------------------------------------------------------

/** The units of `units` valid on `date` (validFrom ≤ date < validTo, nulls open), in order. */
export function unitsValidAt(units: readonly OrgUnit[], date: string): OrgUnit[] {
  assertIsoDate(date);
  return units.filter((unit) => isValidAt(unit, date));
}

/**
 * Read-only navigation over a list of units. Build it once (O(n)) and query it many times. It does
 * not validate: run `validateHierarchy` first; on a broken list the walks stop at unknown parents
 * and throw on cycles. Unknown codes throw NotFoundError; malformed dates throw ValidationError.
 * Lists keep the input order of `units`.
 */
export class OrgUnitIndex {
  readonly #byCode = new Map<string, OrgUnit>();
  readonly #children = new Map<string, OrgUnit[]>();
  readonly #units: readonly OrgUnit[];

  constructor(units: readonly OrgUnit[]) {
    this.#units = units;
    for (const unit of units) {
      if (this.#byCode.has(unit.code)) continue; // first one wins; validateHierarchy reports it
      this.#byCode.set(unit.code, unit);
      if (unit.parentCode !== null) {
        const siblings = this.#children.get(unit.parentCode);
        if (siblings === undefined) this.#children.set(unit.parentCode, [unit]);
        else siblings.push(unit);
      }
    }
  }

  /** Validates `units` (throwing every problem at once) and indexes them. */
  static validated(units: readonly OrgUnit[]): OrgUnitIndex {
    validateHierarchy(units);
    return new OrgUnitIndex(units);
  }

  get size(): number {
    return this.#byCode.size;
  }

  has(code: string): boolean {
    return this.#byCode.has(code);
  }

  /** The unit with this code, or `undefined`. */
  find(code: string): OrgUnit | undefined {
    return this.#byCode.get(code);
  }

  /** The unit with this code; throws NotFoundError when there is none. */
  get(code: string): OrgUnit {
    const unit = this.#byCode.get(code);
    if (unit === undefined) throw new NotFoundError(`There is no org unit with the code ${code}.`);
    return unit;
  }

  /** The direct children of a unit, only those valid on `at` when it is given. */
  children(code: string, at?: string): OrgUnit[] {
    this.get(code);
    if (at !== undefined) assertIsoDate(at);
    const all = this.#children.get(code) ?? [];
    return at === undefined ? [...all] : all.filter((unit) => isValidAt(unit, at));
  }

  /** The parent, the grandparent, … up to the root (the unit itself is not included). */
  ancestors(code: string): OrgUnit[] {
    const result: OrgUnit[] = [];
    const seen = new Set<string>([code]);
    let unit = this.get(code);
    while (unit.parentCode !== null) {
      const parent = this.#byCode.get(unit.parentCode);
      if (parent === undefined) break;
      if (seen.has(parent.code)) {
        throw new ValidationError(`The parents of ${code} form a cycle through ${parent.code}.`);
      }
      seen.add(parent.code);
      result.push(parent);
      unit = parent;
    }
    return result;
  }

  /**
   * All units below `code` (not the unit itself), depth first, parents before their children.
   * `level` keeps only that level; `at` keeps only units valid on that date.
   */
  descendants(code: string, level?: OrgUnitLevel, at?: string): OrgUnit[] {
    this.get(code);
    if (at !== undefined) assertIsoDate(at);
    const result: OrgUnit[] = [];
    const seen = new Set<string>([code]);
    const visit = (parentCode: string): void => {
      for (const child of this.#children.get(parentCode) ?? []) {
        if (seen.has(child.code)) continue; // a cycle; validateHierarchy reports it
        seen.add(child.code);
        if ((level === undefined || child.level === level) && (at === undefined || isValidAt(child, at))) {
          result.push(child);
        }
        visit(child.code);
      }
    };
    visit(code);
    return result;
  }

  /**
   * The member state a unit belongs to: the unit itself at member-state level, its member-state
   * ancestor below it, `undefined` for the Americas and the subregions.
   */
  memberStateOf(code: string): OrgUnit | undefined {
    const unit = this.get(code);
    if (levelDepth(unit.level) < levelDepth('member_state')) return undefined;
    if (unit.level === 'member_state') return unit;
    return this.ancestors(code).find((ancestor) => ancestor.level === 'member_state');
  }

  /** Every unit valid on `date`, in input order. */
  unitsValidAt(date: string): OrgUnit[] {
    return unitsValidAt([...this.#byCode.values()], date);
  }

  /** All units, in input order (without later duplicates). */
  all(): OrgUnit[] {
    return this.#units.filter((unit) => this.#byCode.get(unit.code) === unit);
  }
}

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------

/** The codes of the units that belong to `group` on `date`, in membership order, once each. */
export function groupMembersAt(group: OrgUnitGroup, date: string): string[] {
  assertIsoDate(date);
  const members: string[] = [];
  for (const membership of group.members) {
    if (isValidAt(membership, date) && !members.includes(membership.unitCode)) {
      members.push(membership.unitCode);
    }
  }
  return members;
}

export type GroupRule =
  'duplicate_group' | 'unknown_unit' | 'date_format' | 'validity_order' | 'overlapping_membership';

export interface GroupIssue extends InputIssue {
  readonly rule: GroupRule;
  readonly groupCode: string;
  readonly unitCode?: string;
}

/**
 * Every problem in a list of groups: a group code used twice, a member that is not a unit, a bad
 * date, validFrom ≥ validTo, or two membership rows of one unit that overlap in time (a unit that
 * left and rejoined has two rows that do not overlap).
 */
export function findGroupIssues(groups: readonly OrgUnitGroup[], units: readonly OrgUnit[]): GroupIssue[] {
  const issues: GroupIssue[] = [];
  const codes = new Set(units.map((unit) => unit.code));
  const seenGroups = new Set<string>();
  for (const group of groups) {
    if (seenGroups.has(group.code)) {
      issues.push({
        rule: 'duplicate_group',
        groupCode: group.code,
        field: 'code',
        message: `${group.code}: the group code is used more than once`,
      });
    }
    seenGroups.add(group.code);
    group.members.forEach((membership, i) => {
      const add = (rule: GroupRule, field: string, message: string): void => {
        issues.push({
          rule,
          groupCode: group.code,
          unitCode: membership.unitCode,
          field,
          message: `${group.code}, member ${membership.unitCode}: ${message}`,
        });
      };
      if (!codes.has(membership.unitCode)) add('unknown_unit', 'unitCode', 'no such org unit');
      let datesOk = true;
      for (const field of ['validFrom', 'validTo'] as const) {
        const value = membership[field];
        if (value !== null && !isIsoDate(value)) {
          datesOk = false;
          add('date_format', field, `${field} ${JSON.stringify(value)} is not a date YYYY-MM-DD`);
        }
      }
      if (!datesOk) return;
      if (
        membership.validFrom !== null &&
        membership.validTo !== null &&
        membership.validFrom >= membership.validTo
      ) {
        add('validity_order', 'validTo', `validFrom must be before validTo (validTo is exclusive)`);
        return;
      }
      for (const earlier of group.members.slice(0, i)) {
        if (earlier.unitCode === membership.unitCode && overlaps(earlier, membership)) {
          add(
            'overlapping_membership',
            'validFrom',
            `membership ${formatValidity(membership)} overlaps ${formatValidity(earlier)}`,
          );
        }
      }
    });
  }
  return issues;
}

/** Throws a ValidationError listing every problem of `findGroupIssues`. */
export function validateGroups(groups: readonly OrgUnitGroup[], units: readonly OrgUnit[]): void {
  const issues = findGroupIssues(groups, units);
  if (issues.length > 0) {
    throw new ValidationError(
      `The org-unit groups have ${issues.length} problem${issues.length === 1 ? '' : 's'}:`,
      issues,
    );
  }
}
