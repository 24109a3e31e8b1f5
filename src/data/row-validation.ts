/**
 * Checks one canonical row and turns its codes into store ids. Pure: the references (elements,
 * org units, sources) are loaded by the caller. Every problem is reported with its line, column
 * and field, and all problems of a row are reported, not only the first.
 */
import type { DataElement, Dimension } from '../catalogue/catalogue.ts';
import { canonicalDisaggregation, validateDisaggregation } from '../catalogue/disaggregation.ts';
import type { InputIssue } from '../kernel/errors.ts';
import { endDate, startDate, tryParsePeriod } from '../periods/period-code.ts';
import { CANONICAL_COLUMNS } from './canonical-row.ts';
import type { ResolvedRow } from './value-writer.ts';

export interface ImportReferences {
  readonly elements: ReadonlyMap<string, { readonly id: number; readonly element: DataElement }>;
  readonly orgUnits: ReadonlyMap<
    string,
    { readonly id: number; readonly validFrom: string | null; readonly validTo: string | null }
  >;
  readonly sources: ReadonlyMap<string, number>;
  readonly dimensions: readonly Dimension[];
}

const WHOLE_UNITS = new Set(['persons', 'cases', 'centres', 'firearms']);
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Where each canonical column sits in a file's header. */
export type ColumnMap = Readonly<Record<(typeof CANONICAL_COLUMNS)[number], number>>;

/** The columns of rows given as objects (`importRows`, readers' rows), in canonical order. */
export const ROW_COLUMNS: ColumnMap = {
  element: 0,
  org_unit: 1,
  period: 2,
  disaggregation: 3,
  source: 4,
  value: 5,
};

/** Reads the header line: every canonical column exactly once, in any order, nothing else. */
export function readHeader(
  fields: readonly string[],
  file?: string,
): { ok: true; columns: ColumnMap } | { ok: false; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const at = (column: number): Omit<InputIssue, 'message'> =>
    file === undefined ? { line: 1, column } : { file, line: 1, column };
  const columns: Partial<Record<string, number>> = {};
  fields.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (!(CANONICAL_COLUMNS as readonly string[]).includes(name)) {
      issues.push({
        ...at(index + 1),
        message: `unknown column "${raw}" (expected the columns ${CANONICAL_COLUMNS.join(', ')})`,
      });
    } else if (columns[name] !== undefined) {
      issues.push({ ...at(index + 1), message: `column "${name}" appears twice` });
    } else columns[name] = index;
  });
  for (const name of CANONICAL_COLUMNS) {
    if (columns[name] === undefined) {
      issues.push({ ...at(fields.length + 1), message: `missing column "${name}"` });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, columns: columns as ColumnMap };
}

interface PeriodSpan {
  readonly start: string;
  readonly end: string;
}

/** Validates rows against the references; keeps small caches because it runs per row. */
export class RowValidator {
  private readonly periods = new Map<string, PeriodSpan | null>();
  private readonly disaggregations = new Map<string, string | { message: string }>();

  constructor(
    private readonly references: ImportReferences,
    readonly columns: ColumnMap,
    readonly file?: string,
  ) {}

  /**
   * The resolved row, or every problem found in it. A `deletion` names a value by its key: its
   * value field is not read.
   */
  check(fields: readonly string[], line: number, deletion = false): ResolvedRow | InputIssue[] {
    const { columns, references } = this;
    const issues: InputIssue[] = [];
    const issue = (column: keyof ColumnMap, message: string): void => {
      issues.push({
        ...(this.file === undefined ? {} : { file: this.file }),
        line,
        column: columns[column] + 1,
        field: column,
        message,
      });
    };
    if (fields.length !== CANONICAL_COLUMNS.length) {
      return [
        {
          ...(this.file === undefined ? {} : { file: this.file }),
          line,
          message: `expected ${CANONICAL_COLUMNS.length} fields but found ${fields.length}`,
        },
      ];
    }
    const elementCode = fields[columns.element]!;
    const unitCode = fields[columns.org_unit]!;
    const periodCode = fields[columns.period]!;
    const disaggregationText = fields[columns.disaggregation]!;
    const sourceCode = fields[columns.source]!;
    const valueText = fields[columns.value]!;

    const element = references.elements.get(elementCode);
    if (element === undefined) issue('element', `unknown data element "${elementCode}"`);
    const unit = references.orgUnits.get(unitCode);
    if (unit === undefined) issue('org_unit', `unknown org unit "${unitCode}"`);
    const span = this.period(periodCode);
    if (span === null) {
      issue('period', `"${periodCode}" is not a period code (expected YYYY, YYYY-Qn or YYYY-MM)`);
    }
    if (unit !== undefined && span !== null) {
      if (
        (unit.validFrom !== null && span.start < unit.validFrom) ||
        (unit.validTo !== null && span.end > unit.validTo)
      ) {
        issue(
          'period',
          `org unit "${unitCode}" did not exist for all of ${periodCode} (valid ${unit.validFrom ?? '…'} to ${unit.validTo ?? '…'})`,
        );
      }
    }
    const sourceId = references.sources.get(sourceCode);
    if (sourceId === undefined) issue('source', `unknown source "${sourceCode}"`);

    let disaggregation = '';
    if (element !== undefined) {
      const checked = this.disaggregation(element.element, disaggregationText);
      if (typeof checked === 'string') disaggregation = checked;
      else issue('disaggregation', checked.message);
    }

    let value = Number.NaN;
    if (deletion) {
      // the key is all a deletion needs
    } else if (!DECIMAL.test(valueText)) {
      issue(
        'value',
        valueText === ''
          ? 'the value is empty (expected a number)'
          : `"${valueText}" is not a number (expected digits with an optional "." and exponent)`,
      );
    } else {
      value = Number(valueText);
      if (!Number.isFinite(value)) issue('value', `"${valueText}" is too large`);
      else if (element !== undefined) {
        const { valueType, unit: measure } = element.element;
        if (value < 0) issue('value', `${value} is negative (a ${valueType} cannot be)`);
        else if (valueType === 'share' && value > 100)
          issue('value', `${value} is not a percentage (expected 0–100)`);
        else if (WHOLE_UNITS.has(measure) && valueType !== 'share' && !Number.isInteger(value)) {
          issue('value', `${value} is not a whole number of ${measure}`);
        }
      }
    }
    if (issues.length > 0) return issues;
    return {
      elementId: element!.id,
      orgUnitId: unit!.id,
      period: periodCode,
      disaggregation,
      sourceId: sourceId!,
      value,
      ...(deletion ? { delete: true } : {}),
      line,
    };
  }

  private period(code: string): PeriodSpan | null {
    let span = this.periods.get(code);
    if (span === undefined) {
      const parsed = tryParsePeriod(code);
      span = parsed === undefined ? null : { start: startDate(parsed), end: endDate(parsed) };
      this.periods.set(code, span);
    }
    return span;
  }

  private disaggregation(element: DataElement, text: string): string | { message: string } {
    const key = `${element.code}\u0000${text}`;
    const cached = this.disaggregations.get(key);
    if (cached !== undefined) return cached;
    let result: string | { message: string };
    try {
      const canonical = canonicalDisaggregation(text);
      const problem = validateDisaggregation(canonical, element, this.references.dimensions);
      result = problem === undefined ? canonical : { message: problem };
    } catch (error) {
      result = { message: error instanceof Error ? error.message : String(error) };
    }
    this.disaggregations.set(key, result);
    return result;
  }
}
