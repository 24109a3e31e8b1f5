/**
 * Any delimited table, read through a declared column mapping: which column holds the org unit
 * and the period (or a constant for either), and one entry per value column with the element,
 * source and disaggregation it carries. A long table (one value column, the element in a column)
 * and a wide one (several value columns) are both one mapping away. XLSX is not read: no
 * spreadsheet package is installed; save the sheet as CSV.
 *
 * Mapping (JSON):
 *
 * ```json
 * { "delimiter": ",", "decimal": ",",
 *   "orgUnit": { "column": "codigo_mun", "prefix": "COL.", "pad": 5 },
 *   "period": { "constant": "2024" },
 *   "values": [ { "column": "total_homicidios", "element": "homicide_victims", "source": "forensic" },
 *               { "column": "poblacion", "element": "population", "source": "census" } ] }
 * ```
 *
 * - `orgUnit`, `period`: `{ "column": name }` or `{ "constant": text }`; an org unit may take a
 *   `prefix` and `pad` (left-pad digits with zeros to that width) and `codes` (file code → store
 *   code; codes absent from it are skipped and counted). Periods must be SDMX codes (`2013`,
 *   `2013-Q4`, `2013-11`); a whole number such as `2013.0` is read as the year.
 * - `values[]`: `column`, `element`, `source`, optional `disaggregation`; or, for a long table,
 *   `elementColumn` (and optional `elementCodes`) instead of `element`.
 * - `decimal`: `.` or `,`; detected from the values when absent. `delimiter`: default `,`
 *   (`;` and tab are common).
 */
import { isPeriodCode } from '../periods/period-code.ts';
import { detectDecimalSeparator, parseNumberCell, type DecimalSeparator } from './number-format.ts';
import {
  cell,
  columnIndex,
  readDelimited,
  type ReaderInput,
  type ReaderOptions,
  type ReaderResult,
} from './reader-result.ts';

export type TablePart = { readonly column: string } | { readonly constant: string };

export interface TableValue {
  readonly column: string;
  readonly element?: string;
  readonly elementColumn?: string;
  readonly elementCodes?: Readonly<Record<string, string>>;
  readonly source: string;
  readonly disaggregation?: string;
}

export interface TableMapping {
  readonly delimiter?: string;
  readonly decimal?: DecimalSeparator;
  readonly orgUnit: TablePart & {
    readonly prefix?: string;
    readonly pad?: number;
    readonly codes?: Readonly<Record<string, string>>;
  };
  readonly period: TablePart;
  readonly values: readonly TableValue[];
}

export function readGenericTable(
  input: ReaderInput,
  mapping: TableMapping,
  options: ReaderOptions = {},
): ReaderResult {
  const { records, out } = readDelimited(input, { ...options, delimiter: mapping.delimiter ?? ',' });
  const [header, ...data] = records;
  if (header === undefined) return out.result();
  const missing: string[] = [];
  const find = (name: string | undefined): number => {
    if (name === undefined) return -1;
    const index = columnIndex(header.fields, name);
    if (index < 0) missing.push(name);
    return index;
  };
  const unitAt = 'column' in mapping.orgUnit ? find(mapping.orgUnit.column) : -1;
  const periodAt = 'column' in mapping.period ? find(mapping.period.column) : -1;
  const values = mapping.values.map((value) => ({
    value,
    at: find(value.column),
    elementAt: find(value.elementColumn),
  }));
  if (values.some(({ value }) => value.element === undefined && value.elementColumn === undefined)) {
    out.issue(header.line, 'every value of the mapping needs an "element" or an "elementColumn"');
  }
  if (missing.length > 0)
    out.issue(header.line, `the header lacks ${missing.map((name) => `"${name}"`).join(', ')}`, 1);
  if (out.issues.length > 0 && missing.length > 0) return out.result();
  const decimal =
    mapping.decimal ??
    detectDecimalSeparator(data.flatMap((record) => values.map(({ at }) => cell(record, at)))) ??
    '.';
  const unit = mapping.orgUnit;
  for (const record of data) {
    let raw = 'constant' in unit ? unit.constant : cell(record, unitAt);
    if (unit.pad !== undefined && /^[0-9]+$/.test(raw)) raw = raw.padStart(unit.pad, '0');
    const mapped = unit.codes === undefined ? raw : unit.codes[raw];
    if (mapped === undefined || mapped === '') {
      out.skip(mapped === undefined ? 'org unit not in the mapping' : 'blank org unit');
      continue;
    }
    const orgUnit = `${unit.prefix ?? ''}${mapped}`;
    let period = 'constant' in mapping.period ? mapping.period.constant : cell(record, periodAt);
    if (/^[0-9]{4}\.0+$/.test(period)) period = period.slice(0, 4);
    if (!isPeriodCode(period)) {
      out.issue(
        record.line,
        `"${period}" is not a period (2013, 2013-Q4, 2013-11)`,
        periodAt < 0 ? undefined : periodAt + 1,
        'period',
      );
      continue;
    }
    for (const { value, at, elementAt } of values) {
      let element = value.element;
      if (element === undefined) {
        const code = cell(record, elementAt);
        element = value.elementCodes === undefined ? code : value.elementCodes[code];
        if (element === undefined || element === '') {
          out.skip('element not in the mapping');
          continue;
        }
      }
      const parsed = parseNumberCell(cell(record, at), decimal);
      if (parsed.kind === 'number') {
        out.add(
          {
            element,
            orgUnit,
            period,
            disaggregation: value.disaggregation ?? '',
            source: value.source,
            value: parsed.value,
          },
          record.line,
        );
      } else if (parsed.kind === 'invalid') out.issue(record.line, parsed.message, at + 1, value.column);
      else out.skip(parsed.kind === 'blank' ? 'blank value (not reported)' : 'not applicable');
    }
  }
  return out.result();
}
