/**
 * Validation rules: `left operator right`, each side a formula of the catalogue's formula language
 * (`catalogue/formula.ts`: data elements with optional filters, numbers, + − × ÷), e.g.
 * `homicide_victims[weapon=firearm] <= homicide_victims` or `trust_police_share <= 100`.
 *
 * A rule is evaluated per org unit and period, where both sides have data (a side that reads a
 * missing value is undefined, and the rule is then not checked there). Sources:
 * - `same` (the default): every reference of both sides reads one source, and the rule is checked
 *   once per source that has data. Parts and totals of one figure (firearm homicides and all
 *   homicides) must agree within one source's count; two sources count differently, so a police
 *   firearm count above a forensic total is not an inconsistency of either.
 * - `across`: each side reads one source, but the two sides may read different ones (population
 *   comes from the census, prisoners from the prison administration); every pair of a left source
 *   and a right source with data is checked. A side of numbers only reads no source.
 * Values are compared as stored, for one period code: a rule never mixes a month with a year.
 */
import type { DataElement, Dimension } from '../catalogue/catalogue.ts';
import {
  formatFormula,
  formulaElements,
  formulaUnit,
  parseFormula,
  validateFormula,
  evaluateFormula,
  type FormulaNode,
} from '../catalogue/formula.ts';
import { ValidationError, type InputIssue } from '../kernel/errors.ts';
import type { LocalizedText } from '../kernel/i18n.ts';
import type { PeriodType } from '../periods/period.ts';

export const COMPARISON_OPERATORS = ['<=', '<', '>=', '>', '==', '!='] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type SourceMode = 'same' | 'across';

/** A rule as written (in the default set, or given by a user). */
export interface ValidationRuleDefinition {
  /** stable snake_case identifier */
  readonly code: string;
  readonly name: LocalizedText;
  readonly description: LocalizedText;
  readonly left: string;
  readonly operator: ComparisonOperator;
  readonly right: string;
  readonly severity: Severity;
  /**
   * For `==` and `!=`: two values are equal when |left − right| ≤ tolerance × max(|left|, |right|);
   * 0 (the default) asks for exact equality.
   */
  readonly tolerance?: number;
  readonly sources?: SourceMode;
  /** the period types the rule applies to (default: all) */
  readonly periodTypes?: readonly PeriodType[];
}

/** A rule checked against the catalogue, with its sides parsed. */
export interface ValidationRule extends ValidationRuleDefinition {
  readonly leftAst: FormulaNode;
  readonly rightAst: FormulaNode;
  readonly tolerance: number;
  readonly sources: SourceMode;
  /** the data elements the rule reads */
  readonly elements: readonly string[];
}

const RULE_CODE = /^[a-z][a-z0-9_]*$/;

/**
 * Parses and checks a rule against a catalogue: both sides parse and validate (known elements,
 * categories, dimensions, units), the two sides are in the same unit (unless one is a pure number),
 * at least one side reads data, the tolerance is in [0, 1). Throws a ValidationError listing every
 * problem, each prefixed with the side it concerns.
 */
export function compileRule(
  definition: ValidationRuleDefinition,
  elements: readonly DataElement[],
  dimensions: readonly Dimension[],
): ValidationRule {
  const byCode = new Map(elements.map((e) => [e.code, e]));
  const issues: InputIssue[] = [];
  if (!RULE_CODE.test(definition.code)) {
    issues.push({ field: 'code', message: `"${definition.code}" is not a snake_case rule code` });
  }
  if (!(COMPARISON_OPERATORS as readonly string[]).includes(definition.operator)) {
    issues.push({
      field: 'operator',
      message: `"${definition.operator}" is not one of ${COMPARISON_OPERATORS.join(' ')}`,
    });
  }
  if (!(SEVERITIES as readonly string[]).includes(definition.severity)) {
    issues.push({
      field: 'severity',
      message: `"${definition.severity}" is not one of ${SEVERITIES.join(', ')}`,
    });
  }
  const tolerance = definition.tolerance ?? 0;
  if (!(Number.isFinite(tolerance) && tolerance >= 0 && tolerance < 1)) {
    issues.push({ field: 'tolerance', message: `the tolerance must be a share in [0, 1), not ${tolerance}` });
  } else if (tolerance > 0 && definition.operator !== '==' && definition.operator !== '!=') {
    issues.push({ field: 'tolerance', message: 'a tolerance applies to == and != only' });
  }
  const side = (field: 'left' | 'right', text: string): FormulaNode | undefined => {
    let ast: FormulaNode;
    try {
      ast = parseFormula(text);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const issue of error.issues) issues.push({ ...issue, field });
      return undefined;
    }
    for (const issue of validateFormula(ast, byCode, dimensions)) issues.push({ ...issue, field });
    return ast;
  };
  const leftAst = side('left', definition.left);
  const rightAst = side('right', definition.right);
  if (leftAst !== undefined && rightAst !== undefined && issues.length === 0) {
    const leftElements = formulaElements(leftAst);
    const rightElements = formulaElements(rightAst);
    if (leftElements.length === 0 && rightElements.length === 0) {
      issues.push({ message: 'neither side reads a data element' });
    }
    const leftUnit = formulaUnit(leftAst, byCode);
    const rightUnit = formulaUnit(rightAst, byCode);
    if (leftUnit !== null && rightUnit !== null && leftUnit !== rightUnit) {
      issues.push({
        message: `the left side is in ${leftUnit} but the right side in ${rightUnit}; only values in the same unit can be compared`,
      });
    }
  }
  if (issues.length > 0 || leftAst === undefined || rightAst === undefined) {
    throw new ValidationError(`invalid validation rule "${definition.code}"`, issues);
  }
  return {
    ...definition,
    leftAst,
    rightAst,
    tolerance,
    sources: definition.sources ?? 'same',
    elements: [...new Set([...formulaElements(leftAst), ...formulaElements(rightAst)])],
  };
}

/** Whether `left operator right` holds. */
export function compare(left: number, operator: ComparisonOperator, right: number, tolerance = 0): boolean {
  const equal = (): boolean =>
    tolerance === 0
      ? left === right
      : Math.abs(left - right) <= tolerance * Math.max(Math.abs(left), Math.abs(right));
  switch (operator) {
    case '<=':
      return left <= right;
    case '<':
      return left < right;
    case '>=':
      return left >= right;
    case '>':
      return left > right;
    case '==':
      return equal();
    case '!=':
      return !equal();
  }
}

/** One stored value, as the rules read it. */
export interface RuleValue {
  readonly element: string;
  readonly disaggregation: string;
  readonly source: string;
  readonly value: number;
}

/** The values of one org unit in one period. */
export interface RuleCell {
  readonly orgUnit: string;
  readonly period: string;
  readonly periodType: PeriodType;
  readonly values: readonly RuleValue[];
}

export interface RuleViolation {
  readonly rule: string;
  readonly severity: Severity;
  readonly orgUnit: string;
  readonly period: string;
  /** the source of the left side's values; `null` for a side of numbers only */
  readonly leftSource: string | null;
  readonly rightSource: string | null;
  readonly leftValue: number;
  readonly rightValue: number;
}

/** How often each rule could be checked, and how often it failed. */
export interface RuleTally {
  readonly rule: string;
  checked: number;
  violations: number;
}

/** Index of one cell: source → `element \0 disaggregation` → value. */
function indexCell(values: readonly RuleValue[]): Map<string, Map<string, number>> {
  const bySource = new Map<string, Map<string, number>>();
  for (const v of values) {
    let index = bySource.get(v.source);
    if (index === undefined) bySource.set(v.source, (index = new Map<string, number>()));
    index.set(`${v.element}\u0000${v.disaggregation}`, v.value);
  }
  return bySource;
}

function evaluateSide(ast: FormulaNode, index: Map<string, number> | undefined): number | undefined {
  return evaluateFormula(ast, (element, disaggregation) => index?.get(`${element}\u0000${disaggregation}`));
}

/**
 * Checks every rule in one cell (org unit × period): returns the violations and adds to the
 * tallies (one tally per rule, created on first use).
 */
export function checkCell(
  rules: readonly ValidationRule[],
  cell: RuleCell,
  tallies: Map<string, RuleTally>,
): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const bySource = indexCell(cell.values);
  const sources = [...bySource.keys()].sort();
  for (const rule of rules) {
    if (rule.periodTypes !== undefined && !rule.periodTypes.includes(cell.periodType)) continue;
    let tally = tallies.get(rule.code);
    if (tally === undefined) tallies.set(rule.code, (tally = { rule: rule.code, checked: 0, violations: 0 }));
    const check = (
      leftSource: string | null,
      left: number | undefined,
      rightSource: string | null,
      right: number | undefined,
    ) => {
      if (left === undefined || right === undefined) return;
      tally.checked += 1;
      if (compare(left, rule.operator, right, rule.tolerance)) return;
      tally.violations += 1;
      violations.push({
        rule: rule.code,
        severity: rule.severity,
        orgUnit: cell.orgUnit,
        period: cell.period,
        leftSource,
        rightSource,
        leftValue: left,
        rightValue: right,
      });
    };
    const leftReads = formulaElements(rule.leftAst).length > 0;
    const rightReads = formulaElements(rule.rightAst).length > 0;
    const leftSources = leftReads ? sources : [null];
    const rightSources = rightReads ? sources : [null];
    if (rule.sources === 'same' && leftReads && rightReads) {
      for (const source of sources) {
        const index = bySource.get(source);
        check(source, evaluateSide(rule.leftAst, index), source, evaluateSide(rule.rightAst, index));
      }
      continue;
    }
    const rights = rightSources.map((s) => ({
      source: s,
      value: evaluateSide(rule.rightAst, s === null ? undefined : bySource.get(s)),
    }));
    for (const ls of leftSources) {
      const left = evaluateSide(rule.leftAst, ls === null ? undefined : bySource.get(ls));
      if (left === undefined) continue;
      for (const r of rights) check(ls, left, r.source, r.value);
    }
  }
  return violations;
}

/** The text of a rule: `left <= right` (with the tolerance of an equality). */
export function ruleText(rule: ValidationRule): string {
  const tolerance = rule.tolerance > 0 ? ` (±${Number((rule.tolerance * 100).toPrecision(6))}%)` : '';
  return `${formatFormula(rule.leftAst)} ${rule.operator} ${formatFormula(rule.rightAst)}${tolerance}`;
}
