/**
 * The dataUNODC export (`Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,
 * Year,Unit of measurement,VALUE,Source`): one value a row. Files re-saved by spreadsheets carry
 * decimal commas in quotes (`"0,7839998582"`): the decimal separator is detected from the file's
 * VALUE column.
 *
 * Mapping (JSON): a list of rules, the first that matches a row wins; every field but the target
 * is an exact match (case and surrounding spaces ignored), an absent field matches anything, and
 * `unit` defaults to `Counts` (rates are not imported as counts: Atalaya computes them):
 *
 * ```json
 * [ { "indicator": "Persons arrested/suspected for intentional homicide", "dimension": "Total",
 *     "category": "Total", "sex": "Total", "age": "Total", "element": "arrests", "source": "unodc" },
 *   { "indicator": "Victims of intentional homicide", "dimension": "by sex", "sex": "Female",
 *     "element": "homicide_victims", "source": "unodc", "disaggregation": "sex=F" } ]
 * ```
 *
 * Rows with codes that are not ISO alpha-3 (`GBR_E_W`, `GBR_NI`, `XKX`…) and rows of countries
 * that are not OAS member states are skipped and counted, as are rows no rule matches.
 */
import { isMemberStateIso3 } from './country-names.ts';
import { detectDecimalSeparator, parseNumberCell } from './number-format.ts';
import { targetRow, type ElementTarget } from './reader-mapping.ts';
import {
  cell,
  columnIndex,
  readDelimited,
  type ReaderInput,
  type ReaderOptions,
  type ReaderResult,
} from './reader-result.ts';

export interface UnodcRule extends ElementTarget {
  readonly indicator: string;
  readonly dimension?: string;
  readonly category?: string;
  readonly sex?: string;
  readonly age?: string;
  /** `Unit of measurement`; default `Counts` */
  readonly unit?: string;
}

const MATCHED = ['indicator', 'dimension', 'category', 'sex', 'age', 'unit'] as const;
const COLUMNS: Record<(typeof MATCHED)[number], string> = {
  indicator: 'Indicator',
  dimension: 'Dimension',
  category: 'Category',
  sex: 'Sex',
  age: 'Age',
  unit: 'Unit of measurement',
};

export function readUnodcDataPortal(
  input: ReaderInput,
  rules: readonly UnodcRule[],
  options: ReaderOptions = {},
): ReaderResult {
  const { records, out } = readDelimited(input, options);
  const [header, ...data] = records;
  if (header === undefined) return out.result();
  const codeAt = columnIndex(header.fields, 'Iso3_code');
  const yearAt = columnIndex(header.fields, 'Year');
  const valueAt = columnIndex(header.fields, 'VALUE');
  const matchAt = Object.fromEntries(
    MATCHED.map((key) => [key, columnIndex(header.fields, COLUMNS[key])]),
  ) as Record<(typeof MATCHED)[number], number>;
  const missing = [
    ['Iso3_code', codeAt],
    ['Year', yearAt],
    ['VALUE', valueAt],
    ['Indicator', matchAt.indicator],
  ].filter(([, at]) => at === -1);
  if (missing.length > 0) {
    out.issue(
      header.line,
      `the header lacks ${missing.map(([name]) => `"${name}"`).join(', ')}: is this a dataUNODC export?`,
      1,
    );
    return out.result();
  }
  const decimal = detectDecimalSeparator(data.map((record) => cell(record, valueAt))) ?? '.';
  const lowered = rules.map((rule) => ({
    rule,
    want: MATCHED.map((key) => (key === 'unit' ? (rule.unit ?? 'Counts') : rule[key])?.trim().toLowerCase()),
  }));
  for (const record of data) {
    const code = cell(record, codeAt);
    const have = MATCHED.map((key) => cell(record, matchAt[key]).toLowerCase());
    const rule = lowered.find(({ want }) =>
      want.every((wanted, i) => wanted === undefined || wanted === have[i]),
    )?.rule;
    if (rule === undefined) {
      out.skip('no-rule');
      continue;
    }
    if (!/^[A-Z]{3}$/.test(code)) {
      out.skip('not-iso3');
      continue;
    }
    if (!isMemberStateIso3(code)) {
      out.skip('not-member-state');
      continue;
    }
    const year = cell(record, yearAt);
    if (!/^[0-9]{4}$/.test(year)) {
      out.issue(record.line, `"${year}" is not a year`, yearAt + 1, 'Year');
      continue;
    }
    const parsed = parseNumberCell(cell(record, valueAt), decimal);
    if (parsed.kind === 'number') out.add(targetRow(rule, code, year, parsed.value), record.line);
    else if (parsed.kind === 'invalid') out.issue(record.line, parsed.message, valueAt + 1, 'VALUE');
    else out.skip(parsed.kind === 'blank' ? 'blank' : 'not-applicable');
  }
  return out.result();
}
