/**
 * Checks a whole catalogue — dimensions, data elements, indicators — and lists every problem at
 * once, each with the field it is in (e.g. `indicators.homicide_rate.numerator`) and, for
 * formulas, the column.
 */
import { ValidationError, type InputIssue } from '../kernel/errors.ts';
import { LANGUAGES, type Language, type LocalizedText } from '../kernel/i18n.ts';
import type { DataElement, Dimension, Indicator, MeasureUnit } from './catalogue.ts';
import { CATEGORY_CODE, DIMENSION_CODE } from './disaggregation.ts';
import {
  formulaElements,
  formulaRefNodes,
  formulaUnit,
  parseFormula,
  validateFormula,
  type FormulaNode,
} from './formula.ts';

/** Dimension, element and indicator codes: snake_case, usable as formula identifiers. */
export const CATALOGUE_CODE = DIMENSION_CODE;
/** ICCS codes: section (2 digits), division (4), group (5) or class (6). */
export const ICCS_CODE = /^\d{2}(?:\d{2}(?:\d{1,2})?)?$/;
/** SDG indicator codes, e.g. `16.1.1`, `16.a.1`. */
export const SDG_CODE = /^\d{1,2}\.[0-9a-z]{1,2}\.\d{1,2}$/;

const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  es: 'Spanish',
  pt: 'Portuguese',
  fr: 'French',
};

class Issues {
  readonly list: InputIssue[] = [];

  add(field: string, message: string, column?: number): void {
    this.list.push(column === undefined ? { field, message } : { field, column, message });
  }

  text(field: string, text: LocalizedText | undefined): void {
    for (const language of LANGUAGES) {
      const value: unknown = text?.[language];
      if (typeof value !== 'string' || value.trim() === '') {
        this.add(`${field}.${language}`, `missing ${LANGUAGE_NAMES[language]} text`);
      }
    }
  }

  /** Reports codes that appear more than once in a list. */
  unique(field: string, codes: readonly string[], what: string): void {
    const seen = new Set<string>();
    for (const code of codes) {
      if (seen.has(code)) this.add(field, `${what} "${code}" is listed twice`);
      seen.add(code);
    }
  }
}

/** First occurrence of each code; later duplicates are reported, not indexed. */
function indexByCode<T extends { readonly code: string }>(
  items: readonly T[],
  kind: string,
  section: string,
  issues: Issues,
): Map<string, T> {
  const byCode = new Map<string, T>();
  items.forEach((item, index) => {
    if (!CATALOGUE_CODE.test(item.code)) {
      issues.add(
        `${section}[${index}].code`,
        `"${item.code}" is not a valid ${kind} code (lowercase letters, digits and '_', starting with a letter)`,
      );
    }
    if (byCode.has(item.code)) {
      issues.add(`${section}.${item.code}`, `duplicate ${kind} code "${item.code}"`);
    } else byCode.set(item.code, item);
  });
  return byCode;
}

function checkDimensions(dimensions: readonly Dimension[], issues: Issues): void {
  indexByCode(dimensions, 'dimension', 'dimensions', issues);
  for (const dimension of dimensions) {
    const field = `dimensions.${dimension.code}`;
    issues.text(`${field}.name`, dimension.name);
    if (dimension.categories.length === 0) issues.add(field, 'the dimension has no categories');
    issues.unique(
      `${field}.categories`,
      dimension.categories.map((c) => c.code),
      'category',
    );
    for (const category of dimension.categories) {
      if (!CATEGORY_CODE.test(category.code)) {
        issues.add(
          `${field}.categories.${category.code}`,
          `"${category.code}" is not a valid category code (letters, digits and '_', '.', '+', '-')`,
        );
      }
      issues.text(`${field}.categories.${category.code}.name`, category.name);
    }
  }
}

function checkElements(
  elements: readonly DataElement[],
  elementsByCode: ReadonlyMap<string, DataElement>,
  dimensionCodes: ReadonlySet<string>,
  issues: Issues,
): void {
  for (const element of elements) {
    const field = `elements.${element.code}`;
    issues.text(`${field}.name`, element.name);
    issues.text(`${field}.definition`, element.definition);
    issues.unique(`${field}.dimensions`, element.dimensions, 'dimension');
    for (const dimension of element.dimensions) {
      if (!dimensionCodes.has(dimension)) {
        issues.add(`${field}.dimensions`, `unknown dimension "${dimension}"`);
      }
    }
    const { valueType, unit, timeAggregation, spaceAggregation } = element;
    if (valueType === 'count' && timeAggregation !== 'sum') {
      issues.add(
        `${field}.timeAggregation`,
        `a count is additive over time: its time aggregation must be "sum", not "${timeAggregation}"`,
      );
    }
    if (valueType === 'stock' && timeAggregation === 'sum') {
      issues.add(
        `${field}.timeAggregation`,
        'a stock is a level at a date: it cannot be summed over time (use "last" or "average")',
      );
    }
    if (valueType === 'share') {
      if (unit !== 'percent') {
        issues.add(`${field}.unit`, `a share is measured in percent, not in ${unit}`);
      }
      if (timeAggregation === 'sum') {
        issues.add(`${field}.timeAggregation`, 'a share cannot be summed over time');
      }
      if (spaceAggregation.kind === 'sum') {
        issues.add(
          `${field}.spaceAggregation`,
          'a share cannot be summed over space: weight it by a data element (e.g. population)',
        );
      }
    } else if (unit === 'percent') {
      issues.add(`${field}.unit`, `only a share is measured in percent (this is a ${valueType})`);
    }
    if (spaceAggregation.kind === 'weighted') {
      const weight = elementsByCode.get(spaceAggregation.weightElement);
      if (weight === undefined) {
        issues.add(
          `${field}.spaceAggregation`,
          `weighted by unknown data element "${spaceAggregation.weightElement}"`,
        );
      } else if (weight.code === element.code) {
        issues.add(`${field}.spaceAggregation`, 'a data element cannot be weighted by itself');
      } else if (weight.valueType === 'share') {
        issues.add(
          `${field}.spaceAggregation`,
          `weighted by "${weight.code}", which is a share; the weight must be a count or a stock`,
        );
      }
    }
    if (element.iccs !== null && !ICCS_CODE.test(element.iccs)) {
      issues.add(`${field}.iccs`, `"${element.iccs}" is not an ICCS code (2, 4, 5 or 6 digits)`);
    }
  }
}

interface ParsedSide {
  readonly ast: FormulaNode;
  readonly unit: MeasureUnit | null;
  readonly elements: readonly DataElement[];
}

/** Parses and validates one side of an indicator; `undefined` if it has problems (reported). */
function checkFormula(
  text: string,
  field: string,
  elementsByCode: ReadonlyMap<string, DataElement>,
  dimensions: readonly Dimension[],
  issues: Issues,
): ParsedSide | undefined {
  let ast: FormulaNode;
  try {
    ast = parseFormula(text);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const issue of error.issues) issues.add(field, issue.message, issue.column);
    return undefined;
  }
  const problems = validateFormula(ast, elementsByCode, dimensions);
  for (const problem of problems) issues.add(field, problem.message, problem.column);
  if (problems.length > 0) return undefined;
  return {
    ast,
    unit: formulaUnit(ast, elementsByCode),
    elements: formulaElements(ast).map((code) => elementsByCode.get(code)!),
  };
}

function checkIndicatorDimensions(
  indicator: Indicator,
  numerator: ParsedSide | undefined,
  denominator: ParsedSide | undefined,
  dimensionCodes: ReadonlySet<string>,
  issues: Issues,
): void {
  const field = `indicators.${indicator.code}.dimensions`;
  issues.unique(field, indicator.dimensions, 'dimension');
  for (const dimension of new Set(indicator.dimensions)) {
    if (!dimensionCodes.has(dimension)) {
      issues.add(field, `unknown dimension "${dimension}"`);
      continue;
    }
    if (numerator !== undefined) {
      for (const element of numerator.elements) {
        if (!element.dimensions.includes(dimension)) {
          issues.add(
            field,
            `cannot be shown by "${dimension}": data element "${element.code}" in the numerator is not broken down by it`,
          );
        }
      }
    }
    if (denominator !== undefined) {
      // A denominator not broken down by the dimension keeps its total (homicides by weapon per
      // 100 000 inhabitants); one broken down by it only in part would be ambiguous.
      const carrying = denominator.elements.filter((e) => e.dimensions.includes(dimension));
      if (carrying.length > 0 && carrying.length < denominator.elements.length) {
        const missing = denominator.elements.filter((e) => !e.dimensions.includes(dimension));
        issues.add(
          field,
          `cannot be shown by "${dimension}": in the denominator, ${carrying.map((e) => `"${e.code}"`).join(', ')} is broken down by it but ${missing.map((e) => `"${e.code}"`).join(', ')} is not`,
        );
      }
    }
    for (const side of [numerator, denominator]) {
      if (side === undefined) continue;
      for (const ref of formulaRefNodes(side.ast)) {
        const fixed = ref.filter.find((pair) => pair.dimension === dimension);
        if (fixed !== undefined) {
          issues.add(
            field,
            `cannot be shown by "${dimension}": the formula already fixes ${ref.element}[${dimension}=${fixed.category}]`,
          );
        }
      }
    }
  }
}

function checkIndicators(
  indicators: readonly Indicator[],
  indicatorsByCode: ReadonlyMap<string, Indicator>,
  elementsByCode: ReadonlyMap<string, DataElement>,
  dimensions: readonly Dimension[],
  issues: Issues,
): void {
  const dimensionCodes = new Set(dimensions.map((d) => d.code));
  for (const indicator of indicators) {
    const field = `indicators.${indicator.code}`;
    issues.text(`${field}.name`, indicator.name);
    issues.text(`${field}.definition`, indicator.definition);
    issues.text(`${field}.unitLabel`, indicator.unitLabel);

    if (!Number.isFinite(indicator.factor) || indicator.factor <= 0) {
      issues.add(`${field}.factor`, `the factor must be a positive number, not ${indicator.factor}`);
    }
    for (const sdg of indicator.sdg) {
      if (!SDG_CODE.test(sdg)) {
        issues.add(`${field}.sdg`, `"${sdg}" is not an SDG indicator code (e.g. 16.1.1)`);
      }
    }
    issues.unique(`${field}.sdg`, indicator.sdg, 'SDG indicator');
    for (const iccs of indicator.iccs) {
      if (!ICCS_CODE.test(iccs)) {
        issues.add(`${field}.iccs`, `"${iccs}" is not an ICCS code (2, 4, 5 or 6 digits)`);
      }
    }
    issues.unique(`${field}.iccs`, indicator.iccs, 'ICCS code');

    const numerator = checkFormula(
      indicator.numerator,
      `${field}.numerator`,
      elementsByCode,
      dimensions,
      issues,
    );
    const denominator =
      indicator.denominator === null
        ? undefined
        : checkFormula(indicator.denominator, `${field}.denominator`, elementsByCode, dimensions, issues);

    const { kind } = indicator;
    if (kind === 'level' && indicator.denominator !== null) {
      issues.add(
        `${field}.denominator`,
        `a level has no denominator (found "${indicator.denominator}"); use kind rate, share or ratio`,
      );
    }
    if ((kind === 'rate' || kind === 'share' || kind === 'ratio') && indicator.denominator === null) {
      issues.add(`${field}.denominator`, `a ${kind} needs a denominator`);
    }
    if (kind === 'rate' && denominator !== undefined && denominator.unit !== 'persons') {
      issues.add(
        `${field}.denominator`,
        `a rate is per population: its denominator must be in persons, not ${denominator.unit ?? 'a pure number'}`,
      );
    }
    if (kind === 'share') {
      if (numerator !== undefined && denominator !== undefined && numerator.unit !== denominator.unit) {
        issues.add(
          field,
          `a share needs numerator and denominator in the same unit, but the numerator is in ${numerator.unit ?? 'no unit'} and the denominator in ${denominator.unit ?? 'no unit'}`,
        );
      }
      if (indicator.factor !== 100) {
        issues.add(
          `${field}.factor`,
          `a share is a percentage: its factor must be 100, not ${indicator.factor}`,
        );
      }
    }
    if (kind === 'rate' || kind === 'share' || kind === 'ratio') {
      for (const side of [numerator, denominator]) {
        for (const element of side?.elements ?? []) {
          if (element.valueType === 'share') {
            issues.add(
              field,
              `data element "${element.code}" is already a percentage: show it as a level, not inside a ${kind}`,
            );
          }
        }
      }
    }
    if (kind === 'change') checkChange(indicator, indicatorsByCode, issues);
    else if (indicator.changeOf !== undefined) {
      issues.add(`${field}.changeOf`, `only an indicator of kind "change" has changeOf (this is a ${kind})`);
    }

    checkIndicatorDimensions(indicator, numerator, denominator, dimensionCodes, issues);
  }
}

function checkChange(
  indicator: Indicator,
  indicatorsByCode: ReadonlyMap<string, Indicator>,
  issues: Issues,
): void {
  const field = `indicators.${indicator.code}.changeOf`;
  if (indicator.changeOf === undefined || indicator.changeOf === '') {
    issues.add(field, 'a change needs changeOf: the indicator whose change it is');
    return;
  }
  const base = indicatorsByCode.get(indicator.changeOf);
  if (base === undefined) {
    issues.add(field, `unknown indicator "${indicator.changeOf}"`);
    return;
  }
  if (base.code === indicator.code) {
    issues.add(field, 'an indicator cannot be the change of itself');
    return;
  }
  if (base.kind === 'change') {
    issues.add(field, `"${base.code}" is itself a change; a change must be of a rate, share, ratio or level`);
    return;
  }
  if (
    base.numerator !== indicator.numerator ||
    base.denominator !== indicator.denominator ||
    base.factor !== indicator.factor
  ) {
    issues.add(
      `indicators.${indicator.code}`,
      `a change repeats the numerator, denominator and factor of "${base.code}" (${base.numerator} / ${base.denominator ?? '—'} × ${base.factor})`,
    );
  }
  for (const dimension of indicator.dimensions) {
    if (!base.dimensions.includes(dimension)) {
      issues.add(
        `indicators.${indicator.code}.dimensions`,
        `cannot be shown by "${dimension}": "${base.code}" is not`,
      );
    }
  }
}

/** Every problem of a catalogue, or an empty list. */
export function catalogueIssues(
  elements: readonly DataElement[],
  indicators: readonly Indicator[],
  dimensions: readonly Dimension[],
): InputIssue[] {
  const issues = new Issues();
  checkDimensions(dimensions, issues);
  const elementsByCode = indexByCode(elements, 'data element', 'elements', issues);
  const indicatorsByCode = indexByCode(indicators, 'indicator', 'indicators', issues);
  checkElements(elements, elementsByCode, new Set(dimensions.map((d) => d.code)), issues);
  checkIndicators(indicators, indicatorsByCode, elementsByCode, dimensions, issues);
  return issues.list;
}

/** Throws a ValidationError listing every problem of the catalogue. */
export function validateCatalogue(
  elements: readonly DataElement[],
  indicators: readonly Indicator[],
  dimensions: readonly Dimension[],
): void {
  const issues = catalogueIssues(elements, indicators, dimensions);
  if (issues.length > 0) {
    throw new ValidationError(
      `The catalogue has ${issues.length} problem${issues.length === 1 ? '' : 's'}:`,
      issues,
    );
  }
}
