/**
 * The formula language of indicator numerators and denominators. A hand-written tokenizer and
 * recursive-descent parser build an AST; nothing is ever evaluated as JavaScript.
 *
 *     expr    := term (('+' | '-') term)*
 *     term    := unary (('*' | '/') unary)*
 *     unary   := '-' unary | primary
 *     primary := number | ref | '(' expr ')'
 *     ref     := identifier ('[' dim '=' cat (',' dim '=' cat)* ']')?
 *
 * e.g. `homicide_victims[weapon=firearm]`, `prisoners[offence=drug,sex=F]`,
 * `police_officers + private_security_guards`. Numbers are decimal (`100000`, `2.5`, `1e5`).
 * Columns in errors are 1-based.
 */
import { ValidationError, type InputIssue } from '../kernel/errors.ts';
import type { DataElement, Dimension, MeasureUnit } from './catalogue.ts';
import {
  CATEGORY_CODE,
  DIMENSION_CODE,
  disaggregationPairIssue,
  formatDisaggregation,
  type DisaggregationPair,
} from './disaggregation.ts';
import { closestMatch } from './edit-distance.ts';

export type BinaryOperator = '+' | '-' | '*' | '/';

/** One `dim=cat` of a reference's filter, with the column of its dimension code. */
export interface FilterPair {
  readonly dimension: string;
  readonly category: string;
  readonly column: number;
}

export interface NumberNode {
  readonly kind: 'number';
  /** never negative from the parser: `-2` is a `negate` of `2` */
  readonly value: number;
  readonly column: number;
}

/** A data element, optionally restricted to some categories: `prisoners[detention=unsentenced]`. */
export interface RefNode {
  readonly kind: 'ref';
  readonly element: string;
  /** in the order written */
  readonly filter: readonly FilterPair[];
  readonly column: number;
}

export interface NegateNode {
  readonly kind: 'negate';
  readonly operand: FormulaNode;
  readonly column: number;
}

export interface BinaryNode {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly left: FormulaNode;
  readonly right: FormulaNode;
  /** the column of the operator */
  readonly column: number;
}

export type FormulaNode = NumberNode | RefNode | NegateNode | BinaryNode;

/** A value a formula needs: a data element and a canonical disaggregation key. */
export interface FormulaReference {
  readonly element: string;
  readonly disaggregation: string;
}

/** Longer formulas are refused: no indicator needs them, and it bounds the parser's work. */
export const MAX_FORMULA_LENGTH = 2000;
/** Deeper nesting of parentheses and unary minus is refused (keeps recursion shallow). */
export const MAX_FORMULA_DEPTH = 64;

// ---------------------------------------------------------------------------------------------
// Tokenizer

type TokenType = 'number' | 'name' | 'operator' | '(' | ')' | '[' | ']' | ',' | '=' | 'end' | 'invalid';

interface Token {
  readonly type: TokenType;
  readonly text: string;
  /** 0-based index of the first character */
  readonly start: number;
  /** 0-based index after the last character */
  readonly end: number;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isNameStart = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isNamePart = (c: string | undefined): boolean => isNameStart(c) || isDigit(c);
const isCategoryPart = (c: string | undefined): boolean =>
  isNamePart(c) || c === '.' || c === '+' || c === '-';
const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

const PUNCTUATION: ReadonlySet<string> = new Set(['(', ')', '[', ']', ',', '=']);

/** Reads tokens on demand; the parser asks for a category code where one is expected. */
class Scanner {
  private position = 0;

  constructor(readonly text: string) {}

  private skipSpace(): void {
    while (isSpace(this.text[this.position])) this.position++;
  }

  peek(): Token {
    this.skipSpace();
    return this.tokenAt(this.position);
  }

  take(): Token {
    const token = this.peek();
    this.position = token.end;
    return token;
  }

  /** A category code (`F`, `15-29`, `60+`, `cannabis_herb`), or an error token if there is none. */
  takeCategory(): Token {
    this.skipSpace();
    const start = this.position;
    let end = start;
    while (isCategoryPart(this.text[end])) end++;
    if (end === start) return this.tokenAt(start);
    this.position = end;
    return { type: 'name', text: this.text.slice(start, end), start, end };
  }

  private tokenAt(start: number): Token {
    const text = this.text;
    const c = text[start];
    const token = (type: TokenType, end: number): Token => ({
      type,
      text: text.slice(start, end),
      start,
      end,
    });
    if (c === undefined) return token('end', start);
    if (isDigit(c)) {
      let end = start;
      while (isDigit(text[end])) end++;
      if (text[end] === '.' && isDigit(text[end + 1])) {
        end++;
        while (isDigit(text[end])) end++;
      }
      if (text[end] === 'e' || text[end] === 'E') {
        const sign = text[end + 1] === '+' || text[end + 1] === '-' ? 1 : 0;
        if (isDigit(text[end + 1 + sign])) {
          end += 1 + sign;
          while (isDigit(text[end])) end++;
        }
      }
      return token('number', end);
    }
    if (isNameStart(c)) {
      let end = start;
      while (isNamePart(text[end])) end++;
      return token('name', end);
    }
    if (c === '+' || c === '-' || c === '*' || c === '/') return token('operator', start + 1);
    if (PUNCTUATION.has(c)) return token(c as TokenType, start + 1);
    const codePoint = text.codePointAt(start)!;
    return token('invalid', start + String.fromCodePoint(codePoint).length);
  }
}

function describe(token: Token): string {
  return token.type === 'end' ? 'end of formula' : `'${token.text}'`;
}

// ---------------------------------------------------------------------------------------------
// Parser

class Parser {
  private readonly scanner: Scanner;
  private depth = 0;

  constructor(private readonly text: string) {
    this.scanner = new Scanner(text);
  }

  parse(): FormulaNode {
    const node = this.expression();
    const next = this.scanner.peek();
    if (next.type !== 'end') this.expected(next, 'an operator or end of formula');
    return node;
  }

  private fail(column: number, message: string): never {
    throw new ValidationError(`invalid formula "${this.text}"`, [{ column, message }]);
  }

  private expected(found: Token, what: string): never {
    this.fail(found.start + 1, `expected ${what} but found ${describe(found)}`);
  }

  private enter(token: Token): void {
    this.depth++;
    if (this.depth > MAX_FORMULA_DEPTH) {
      this.fail(token.start + 1, `the formula is nested too deeply (more than ${MAX_FORMULA_DEPTH} levels)`);
    }
  }

  private expression(): FormulaNode {
    let left = this.term();
    for (;;) {
      const next = this.scanner.peek();
      if (next.type !== 'operator' || (next.text !== '+' && next.text !== '-')) return left;
      this.scanner.take();
      const right = this.term();
      left = { kind: 'binary', operator: next.text, left, right, column: next.start + 1 };
    }
  }

  private term(): FormulaNode {
    let left = this.unary();
    for (;;) {
      const next = this.scanner.peek();
      if (next.type !== 'operator' || (next.text !== '*' && next.text !== '/')) return left;
      this.scanner.take();
      const right = this.unary();
      left = { kind: 'binary', operator: next.text, left, right, column: next.start + 1 };
    }
  }

  private unary(): FormulaNode {
    const next = this.scanner.peek();
    if (next.type === 'operator' && next.text === '-') {
      this.scanner.take();
      this.enter(next);
      const operand = this.unary();
      this.depth--;
      return { kind: 'negate', operand, column: next.start + 1 };
    }
    return this.primary();
  }

  private primary(): FormulaNode {
    const token = this.scanner.take();
    switch (token.type) {
      case 'number': {
        const value = Number(token.text);
        if (!Number.isFinite(value)) this.fail(token.start + 1, `the number ${token.text} is too large`);
        return { kind: 'number', value, column: token.start + 1 };
      }
      case 'name':
        return this.reference(token);
      case '(': {
        this.enter(token);
        const inner = this.expression();
        const close = this.scanner.take();
        if (close.type !== ')') this.expected(close, "')'");
        this.depth--;
        return inner;
      }
      default:
        return this.expected(token, "a number, a data element code, '-' or '('");
    }
  }

  private reference(name: Token): RefNode {
    const column = name.start + 1;
    if (this.scanner.peek().type !== '[') {
      return { kind: 'ref', element: name.text, filter: [], column };
    }
    this.scanner.take();
    const filter: FilterPair[] = [];
    for (;;) {
      const dimension = this.scanner.take();
      if (dimension.type !== 'name') this.expected(dimension, 'a dimension code');
      if (!DIMENSION_CODE.test(dimension.text)) {
        this.fail(
          dimension.start + 1,
          `'${dimension.text}' is not a dimension code (lowercase letters, digits and '_')`,
        );
      }
      if (filter.some((pair) => pair.dimension === dimension.text)) {
        this.fail(dimension.start + 1, `dimension '${dimension.text}' appears twice in the filter`);
      }
      const equals = this.scanner.take();
      if (equals.type !== '=') this.expected(equals, "'='");
      const category = this.scanner.takeCategory();
      if (category.type !== 'name' || !CATEGORY_CODE.test(category.text)) {
        this.expected(category, 'a category code');
      }
      filter.push({
        dimension: dimension.text,
        category: category.text,
        column: dimension.start + 1,
      });
      const next = this.scanner.take();
      if (next.type === ']') break;
      if (next.type !== ',') this.expected(next, "']'");
    }
    return { kind: 'ref', element: name.text, filter, column };
  }
}

/**
 * Parses a formula. Throws a ValidationError whose single issue has the 1-based column and what
 * was expected, e.g. `column 14: expected ']' but found end of formula`.
 */
export function parseFormula(text: string): FormulaNode {
  if (text.length > MAX_FORMULA_LENGTH) {
    throw new ValidationError(`invalid formula`, [
      { message: `the formula is longer than ${MAX_FORMULA_LENGTH} characters` },
    ]);
  }
  return new Parser(text).parse();
}

// ---------------------------------------------------------------------------------------------
// Formatting

const PRECEDENCE: Readonly<Record<BinaryOperator, number>> = { '+': 1, '-': 1, '*': 2, '/': 2 };
const UNARY_PRECEDENCE = 3;
const ATOM_PRECEDENCE = 4;

function precedence(node: FormulaNode): number {
  if (node.kind === 'binary') return PRECEDENCE[node.operator];
  return node.kind === 'negate' ? UNARY_PRECEDENCE : ATOM_PRECEDENCE;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`a formula cannot hold the number ${value}`);
  return value < 0 || Object.is(value, -0) ? `(-${String(-value)})` : String(value);
}

function formatNode(node: FormulaNode): string {
  const wrap = (inner: FormulaNode, parenthesise: boolean): string =>
    parenthesise ? `(${formatNode(inner)})` : formatNode(inner);
  switch (node.kind) {
    case 'number':
      return formatNumber(node.value);
    case 'ref':
      return node.filter.length === 0
        ? node.element
        : `${node.element}[${node.filter.map((p) => `${p.dimension}=${p.category}`).join(',')}]`;
    case 'negate':
      return `-${wrap(node.operand, precedence(node.operand) < UNARY_PRECEDENCE)}`;
    case 'binary': {
      const own = PRECEDENCE[node.operator];
      // left-associative: a right operand of the same precedence needs parentheses
      const left = wrap(node.left, precedence(node.left) < own);
      const right = wrap(node.right, precedence(node.right) <= own);
      return `${left} ${node.operator} ${right}`;
    }
  }
}

/**
 * The text of a formula, with only the parentheses it needs; `parseFormula(formatFormula(ast))`
 * gives back the same tree (up to columns).
 */
export function formatFormula(ast: FormulaNode): string {
  return formatNode(ast);
}

// ---------------------------------------------------------------------------------------------
// References

const refKeys = new WeakMap<RefNode, string>();

/** The canonical disaggregation key of a reference's filter (cached per node). */
export function referenceKey(ref: RefNode): string {
  let key = refKeys.get(ref);
  if (key === undefined) {
    key = formatDisaggregation(ref.filter.map((p): DisaggregationPair => [p.dimension, p.category]));
    refKeys.set(ref, key);
  }
  return key;
}

function collectRefs(node: FormulaNode, into: RefNode[]): RefNode[] {
  switch (node.kind) {
    case 'ref':
      into.push(node);
      break;
    case 'negate':
      collectRefs(node.operand, into);
      break;
    case 'binary':
      collectRefs(node.left, into);
      collectRefs(node.right, into);
      break;
    case 'number':
      break;
  }
  return into;
}

/** The values a formula reads, each once, in order of first appearance. */
export function formulaReferences(ast: FormulaNode): readonly FormulaReference[] {
  const seen = new Set<string>();
  const references: FormulaReference[] = [];
  for (const ref of collectRefs(ast, [])) {
    const disaggregation = referenceKey(ref);
    const id = `${ref.element}\u0000${disaggregation}`;
    if (seen.has(id)) continue;
    seen.add(id);
    references.push({ element: ref.element, disaggregation });
  }
  return references;
}

/** The data element codes a formula reads, each once. */
export function formulaElements(ast: FormulaNode): readonly string[] {
  return [...new Set(collectRefs(ast, []).map((ref) => ref.element))];
}

/** Every reference node of a formula, in order (with columns and filters as written). */
export function formulaRefNodes(ast: FormulaNode): readonly RefNode[] {
  return collectRefs(ast, []);
}

// ---------------------------------------------------------------------------------------------
// Validation and units

interface Facts {
  /** `null`: a pure number, or not known */
  readonly unit: MeasureUnit | null;
  /** false when an unknown element makes the unit unknowable */
  readonly known: boolean;
  /** whether the expression reads a data element */
  readonly refs: boolean;
  /** the value when the expression is made of numbers only */
  readonly constant: number | undefined;
}

type Report = (column: number, message: string) => void;

function describeSide(node: FormulaNode): string {
  const text = formatFormula(node);
  return `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;
}

function analyse(
  node: FormulaNode,
  elements: ReadonlyMap<string, Pick<DataElement, 'code' | 'unit' | 'dimensions'>>,
  dimensions: readonly Dimension[] | undefined,
  report: Report | undefined,
): Facts {
  switch (node.kind) {
    case 'number':
      return { unit: null, known: true, refs: false, constant: node.value };
    case 'ref': {
      const element = elements.get(node.element);
      if (element === undefined) {
        if (report !== undefined) {
          const suggestion = closestMatch(node.element, elements.keys());
          report(
            node.column,
            `unknown data element "${node.element}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`,
          );
        }
        return { unit: null, known: false, refs: true, constant: undefined };
      }
      if (report !== undefined && dimensions !== undefined) {
        for (const pair of node.filter) {
          const issue = disaggregationPairIssue(pair.dimension, pair.category, element, dimensions);
          if (issue !== undefined) report(pair.column, issue);
        }
      }
      return { unit: element.unit, known: true, refs: true, constant: undefined };
    }
    case 'negate': {
      const operand = analyse(node.operand, elements, dimensions, report);
      return {
        ...operand,
        constant: operand.constant === undefined ? undefined : -operand.constant,
      };
    }
    case 'binary': {
      const left = analyse(node.left, elements, dimensions, report);
      const right = analyse(node.right, elements, dimensions, report);
      const known = left.known && right.known;
      const refs = left.refs || right.refs;
      const constant =
        left.constant === undefined || right.constant === undefined
          ? undefined
          : applyOperator(node.operator, left.constant, right.constant);
      if (node.operator === '+' || node.operator === '-') {
        if (known && left.unit !== null && right.unit !== null && left.unit !== right.unit) {
          report?.(
            node.column,
            `unit mismatch: ${describeSide(node.left)} is in ${left.unit} but ${describeSide(node.right)} is in ${right.unit}; only values in the same unit can be ${node.operator === '+' ? 'added' : 'subtracted'}`,
          );
        }
        return { unit: left.unit ?? right.unit, known, refs, constant };
      }
      const verb = node.operator === '*' ? 'multiply' : 'divide';
      if (left.refs && right.refs) {
        report?.(
          node.column,
          `cannot ${verb} ${describeSide(node.left)} by ${describeSide(node.right)}: both read data elements; a ratio between data elements is written as an indicator's numerator and denominator`,
        );
      } else if (node.operator === '/' && right.refs) {
        report?.(
          node.column,
          `cannot divide by ${describeSide(node.right)}: it reads a data element; put it in the indicator's denominator`,
        );
      } else if (node.operator === '/' && right.constant === 0) {
        report?.(node.column, `division by zero: ${describeSide(node.right)} is 0`);
      }
      const unit = node.operator === '*' ? (left.unit ?? right.unit) : left.unit;
      return { unit, known, refs, constant };
    }
  }
}

function applyOperator(operator: BinaryOperator, left: number, right: number): number {
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
  }
}

/**
 * Every problem of a parsed formula against a catalogue, each with its column: unknown data element
 * (with the closest code as a suggestion), unknown dimension or category, a dimension the element
 * is not broken down by, adding or subtracting different units, multiplying or dividing two
 * expressions that read data elements (or dividing by one), and division by zero.
 */
export function validateFormula(
  ast: FormulaNode,
  elementsByCode: ReadonlyMap<string, Pick<DataElement, 'code' | 'unit' | 'dimensions'>>,
  dimensions: readonly Dimension[],
): InputIssue[] {
  const issues: InputIssue[] = [];
  analyse(ast, elementsByCode, dimensions, (column, message) => issues.push({ column, message }));
  return issues;
}

/**
 * The unit of a formula's result: that of the data elements it reads (a number scales it), or
 * `null` for a formula of numbers only or one that reads an unknown element. Meaningful for a
 * formula that validates.
 */
export function formulaUnit(
  ast: FormulaNode,
  elementsByCode: ReadonlyMap<string, Pick<DataElement, 'code' | 'unit' | 'dimensions'>>,
): MeasureUnit | null {
  const facts = analyse(ast, elementsByCode, undefined, undefined);
  return facts.known ? facts.unit : null;
}

// ---------------------------------------------------------------------------------------------
// Disaggregating and evaluating

/**
 * The formula for one breakdown: each reference to an element broken down by a dimension of
 * `pairs` is restricted to that category; references to elements not broken down by it keep their
 * total (a homicide rate by weapon divides by the whole population). Throws a ValidationError if a
 * reference already fixes the dimension to another category.
 */
export function disaggregateFormula(
  ast: FormulaNode,
  pairs: readonly DisaggregationPair[],
  elementsByCode: ReadonlyMap<string, Pick<DataElement, 'dimensions'>>,
): FormulaNode {
  if (pairs.length === 0) return ast;
  const rewrite = (node: FormulaNode): FormulaNode => {
    switch (node.kind) {
      case 'number':
        return node;
      case 'negate':
        return { ...node, operand: rewrite(node.operand) };
      case 'binary':
        return { ...node, left: rewrite(node.left), right: rewrite(node.right) };
      case 'ref': {
        const element = elementsByCode.get(node.element);
        if (element === undefined) return node;
        const filter = [...node.filter];
        for (const [dimension, category] of pairs) {
          if (!element.dimensions.includes(dimension)) continue;
          const fixed = filter.find((p) => p.dimension === dimension);
          if (fixed === undefined) filter.push({ dimension, category, column: node.column });
          else if (fixed.category !== category) {
            throw new ValidationError(
              `cannot break "${formatFormula(node)}" down by ${dimension}=${category}: it is fixed to ${dimension}=${fixed.category}`,
            );
          }
        }
        return filter.length === node.filter.length ? node : { ...node, filter };
      }
    }
  };
  return rewrite(ast);
}

/**
 * The value of a formula, reading each reference through `lookup(element, disaggregationKey)`.
 * `undefined` if a value it reads is missing, or if the result is not a finite number (a division
 * by zero).
 */
export function evaluateFormula(
  ast: FormulaNode,
  lookup: (element: string, disaggregation: string) => number | undefined,
): number | undefined {
  const result = evaluateNode(ast, lookup);
  return result === undefined || !Number.isFinite(result) ? undefined : result;
}

function evaluateNode(
  node: FormulaNode,
  lookup: (element: string, disaggregation: string) => number | undefined,
): number | undefined {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'ref':
      return lookup(node.element, referenceKey(node));
    case 'negate': {
      const operand = evaluateNode(node.operand, lookup);
      return operand === undefined ? undefined : -operand;
    }
    case 'binary': {
      const left = evaluateNode(node.left, lookup);
      if (left === undefined) return undefined;
      const right = evaluateNode(node.right, lookup);
      if (right === undefined) return undefined;
      return applyOperator(node.operator, left, right);
    }
  }
}
