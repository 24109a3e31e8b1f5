/**
 * SDMX-CSV, versions 1.0 (first column `DATAFLOW`) and 2.0 (`STRUCTURE,STRUCTURE_ID[,ACTION]`),
 * read into canonical rows, and Atalaya's rows written back as SDMX-CSV.
 *
 * Each observation carries its action (SDMX-CSV 2.0 `ACTION`): `I` (information) and `A`, `M`
 * (append, merge) are **merge**, `R` **replace**, `D` **delete**; version 1.0 and a file without
 * the column mean merge. A delete may leave `OBS_VALUE` blank, so its value is `null`; a blank
 * value on any other row is not reported (skipped and counted).
 *
 * Mapping (JSON; every part optional, the defaults are the layout `writeSdmxCsv` writes, so a
 * file written by Atalaya reads back with `{}`):
 *
 * ```json
 * { "element": { "column": "INDICATOR", "codes": { "VC_IHR_PSRC": "homicide_victims" } },
 *   "orgUnit": { "column": "REF_AREA" }, "period": { "column": "TIME_PERIOD" },
 *   "source": { "constant": "unodc" }, "value": "OBS_VALUE",
 *   "dimensions": { "SEX": { "dimension": "sex", "codes": { "M": "M", "F": "F" } } } }
 * ```
 *
 * A column's `codes`, when given, must hold every code the column uses (others are skipped and
 * counted). Dimension columns: `_T`, `_Z` and blank are the total; others become
 * `dimension=category` in the disaggregation key. Defaults: element `ELEMENT`, org unit
 * `REF_AREA`, period `TIME_PERIOD`, source `SOURCE`, value `OBS_VALUE`, and every column named
 * after a dimension code in upper case (`SEX`, `AGE_GROUP`, …) among the columns the writer
 * writes. `OBS_STATUS` is an attribute: Atalaya writes it (`A` published, `P` not yet) and does
 * not read it (imported values take the status the import gives).
 */
import type { CanonicalRow } from '../data/canonical-row.ts';
import { formatDisaggregation, type DisaggregationPair } from '../catalogue/disaggregation.ts';
import { ValidationError } from '../kernel/errors.ts';
import { isPeriodCode } from '../periods/period-code.ts';
import type { ValueStatus } from '../data/value-writer.ts';
import { parseNumberCell } from './number-format.ts';
import {
  cell,
  columnIndex,
  readDelimited,
  type ReaderInput,
  type ReaderOptions,
  type ReaderResult,
} from './reader-result.ts';

export type SdmxAction = 'merge' | 'replace' | 'delete';

/** An observation read from SDMX-CSV: a canonical row (value null for a delete without one). */
export type SdmxRow = Omit<CanonicalRow, 'value'> & {
  readonly value: number | null;
  readonly action: SdmxAction;
  readonly line: number;
};

export type SdmxColumn =
  | { readonly column: string; readonly codes?: Readonly<Record<string, string>> }
  | { readonly constant: string };

export interface SdmxMapping {
  readonly element?: SdmxColumn;
  readonly orgUnit?: SdmxColumn;
  readonly period?: SdmxColumn;
  readonly source?: SdmxColumn;
  readonly value?: string;
  /** column → the catalogue dimension it holds (and optionally its category codes) */
  readonly dimensions?: Readonly<
    Record<string, { readonly dimension: string; readonly codes?: Readonly<Record<string, string>> }>
  >;
}

const ACTIONS: Readonly<Record<string, SdmxAction>> = {
  I: 'merge',
  A: 'merge',
  M: 'merge',
  R: 'replace',
  D: 'delete',
};
const TOTALS = new Set(['', '_T', '_Z']);
const FIXED = new Set([
  'DATAFLOW',
  'STRUCTURE',
  'STRUCTURE_ID',
  'ACTION',
  'ELEMENT',
  'REF_AREA',
  'TIME_PERIOD',
  'SOURCE',
  'OBS_VALUE',
  // attributes, not dimensions
  'OBS_STATUS',
]);

export function readSdmxCsv(
  input: ReaderInput,
  mapping: SdmxMapping = {},
  options: ReaderOptions = {},
): ReaderResult<SdmxRow> {
  const { records, out } = readDelimited<SdmxRow>(input, options);
  const [header, ...data] = records;
  if (header === undefined) return out.result();
  const first = cell(header, 0).toUpperCase();
  if (first !== 'DATAFLOW' && first !== 'STRUCTURE') {
    out.issue(header.line, 'an SDMX-CSV file starts with a DATAFLOW (1.0) or STRUCTURE (2.0) column', 1);
    return out.result();
  }
  const actionAt = first === 'STRUCTURE' ? columnIndex(header.fields, 'ACTION') : -1;
  const parts = {
    element: mapping.element ?? { column: 'ELEMENT' },
    orgUnit: mapping.orgUnit ?? { column: 'REF_AREA' },
    period: mapping.period ?? { column: 'TIME_PERIOD' },
    source: mapping.source ?? { column: 'SOURCE' },
  };
  const missing: string[] = [];
  const at = Object.fromEntries(
    Object.entries(parts).map(([name, part]) => {
      if ('constant' in part) return [name, -1];
      const index = columnIndex(header.fields, part.column);
      if (index < 0) missing.push(part.column);
      return [name, index];
    }),
  ) as Record<keyof typeof parts, number>;
  const valueName = mapping.value ?? 'OBS_VALUE';
  const valueAt = columnIndex(header.fields, valueName);
  if (valueAt < 0) missing.push(valueName);
  const dimensions: NonNullable<SdmxMapping['dimensions']> =
    mapping.dimensions ??
    Object.fromEntries(
      header.fields
        .map((name) => name.trim())
        .filter((name) => /^[A-Z][A-Z0-9_]*$/.test(name) && !FIXED.has(name))
        .map((name) => [name, { dimension: name.toLowerCase() }]),
    );
  const dimensionAt = Object.entries(dimensions).map(([column, spec]) => ({
    column,
    spec,
    index: columnIndex(header.fields, column),
  }));
  for (const { column, index } of dimensionAt) if (index < 0) missing.push(column);
  if (missing.length > 0) {
    out.issue(header.line, `the header lacks ${missing.map((name) => `"${name}"`).join(', ')}`, 1);
    return out.result();
  }
  const resolve = (part: SdmxColumn, index: number, record: (typeof data)[number]): string | undefined => {
    if ('constant' in part) return part.constant;
    const raw = cell(record, index);
    return part.codes === undefined ? raw : part.codes[raw];
  };
  for (const record of data) {
    const actionCode = actionAt < 0 ? 'I' : cell(record, actionAt).toUpperCase() || 'I';
    const action = ACTIONS[actionCode];
    if (action === undefined) {
      out.issue(
        record.line,
        `"${actionCode}" is not an SDMX action (I, A, M, R or D)`,
        actionAt + 1,
        'ACTION',
      );
      continue;
    }
    const element = resolve(parts.element, at.element, record);
    const orgUnit = resolve(parts.orgUnit, at.orgUnit, record);
    const source = resolve(parts.source, at.source, record);
    const period = resolve(parts.period, at.period, record);
    if (element === undefined || orgUnit === undefined || source === undefined || period === undefined) {
      out.skip('code-not-mapped');
      continue;
    }
    if (!isPeriodCode(period)) {
      out.issue(
        record.line,
        `"${period}" is not a period (2013, 2013-Q4, 2013-11)`,
        at.period + 1,
        'TIME_PERIOD',
      );
      continue;
    }
    const pairs: DisaggregationPair[] = [];
    let unmapped = false;
    for (const { spec, index } of dimensionAt) {
      const raw = cell(record, index);
      if (TOTALS.has(raw)) continue;
      const category = spec.codes === undefined ? raw : spec.codes[raw];
      if (category === undefined) unmapped = true;
      else pairs.push([spec.dimension, category]);
    }
    if (unmapped) {
      out.skip('code-not-mapped');
      continue;
    }
    let disaggregation: string;
    try {
      disaggregation = formatDisaggregation(pairs);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      out.issue(record.line, error.message);
      continue;
    }
    const parsed = parseNumberCell(cell(record, valueAt), '.');
    if (parsed.kind === 'invalid') {
      out.issue(record.line, parsed.message, valueAt + 1, valueName);
      continue;
    }
    if (parsed.kind !== 'number' && action !== 'delete') {
      out.skip(parsed.kind === 'blank' ? 'blank' : 'not-applicable');
      continue;
    }
    out.add(
      {
        element,
        orgUnit,
        period,
        disaggregation,
        source,
        value: parsed.kind === 'number' ? parsed.value : null,
        action,
        line: record.line,
      },
      record.line,
    );
  }
  return out.result();
}

/** The actions a written file may carry (SDMX-CSV 2.0 `ACTION`): information, merge, replace, delete. */
export const SDMX_WRITE_ACTIONS = ['I', 'M', 'R', 'D'] as const;
export type SdmxWriteAction = (typeof SDMX_WRITE_ACTIONS)[number];
export const SDMX_VERSIONS = ['1.0', '2.0'] as const;
/** The media type of SDMX-CSV (SDMX REST), given with `version=1.0.0` or `2.0.0`. */
export const SDMX_CSV_MEDIA_TYPE = 'application/vnd.sdmx.data+csv';
export type SdmxVersion = (typeof SDMX_VERSIONS)[number];

/** `AGENCY:ID(VERSION)`, as SDMX-CSV names a dataflow, e.g. `OAS:ATALAYA(1.0)`. */
const DATAFLOW = /^[A-Za-z0-9_@$-]+(?:\.[A-Za-z0-9_@$-]+)*:[A-Za-z0-9_@$-]+\([0-9A-Za-z._+-]+\)$/;

export interface SdmxWriteOptions {
  readonly version?: SdmxVersion;
  /** default `OAS:ATALAYA(1.0)` */
  readonly dataflow?: string;
  /** SDMX-CSV 2.0 only; default `I` */
  readonly action?: SdmxWriteAction;
}

/**
 * Checks write options given by a caller: a dataflow that is not `AGENCY:ID(VERSION)`, or an
 * action other than `I` in version 1.0 (it has no `ACTION` column), is refused.
 */
export function checkSdmxWriteOptions(options: SdmxWriteOptions): void {
  if (options.dataflow !== undefined && !DATAFLOW.test(options.dataflow)) {
    throw new ValidationError(
      `dataflow "${options.dataflow}" is not AGENCY:ID(VERSION), e.g. OAS:ATALAYA(1.0)`,
    );
  }
  if (options.version === '1.0' && options.action !== undefined && options.action !== 'I') {
    throw new ValidationError(
      `action ${options.action} needs SDMX-CSV 2.0: version 1.0 has no ACTION column (its rows merge)`,
    );
  }
}

/** A row to write; with its status, `OBS_STATUS` says `A` (normal) when published, `P` (provisional) otherwise. */
export type SdmxWriteRow = CanonicalRow & { readonly status?: ValueStatus };

function quote(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The dimensions the disaggregation keys use, sorted: one column each. */
export function sdmxDimensions(keys: Iterable<string>): string[] {
  const dimensions = new Set<string>();
  for (const key of keys) {
    if (key === '') continue;
    for (const pair of key.split(';')) dimensions.add(pair.split('=')[0] ?? '');
  }
  return [...dimensions].sort();
}

/**
 * An SDMX-CSV writer for rows whose disaggregations use `dimensions` (at most): its header line,
 * then one line per row, each ending in CRLF. A dimension whose column would be a fixed column's
 * (`source` → `SOURCE`) or a category that reads as the total (`_T`, `_Z`) is refused, since the
 * file would not read back.
 */
export function sdmxCsvWriter(
  dimensions: readonly string[],
  options: SdmxWriteOptions = {},
): { readonly header: string; line(row: SdmxWriteRow): string } {
  checkSdmxWriteOptions(options);
  for (const dimension of dimensions) {
    if (FIXED.has(dimension.toUpperCase())) {
      throw new ValidationError(
        `dimension "${dimension}" cannot be an SDMX-CSV column: ${dimension.toUpperCase()} is a fixed column`,
      );
    }
  }
  const dataflow = options.dataflow ?? 'OAS:ATALAYA(1.0)';
  const v2 = (options.version ?? '2.0') === '2.0';
  const lead = v2 ? ['dataflow', dataflow, options.action ?? 'I'] : [dataflow];
  const header = [
    ...(v2 ? ['STRUCTURE', 'STRUCTURE_ID', 'ACTION'] : ['DATAFLOW']),
    'ELEMENT',
    'REF_AREA',
    'TIME_PERIOD',
    ...dimensions.map((d) => d.toUpperCase()),
    'SOURCE',
    'OBS_VALUE',
    'OBS_STATUS',
  ].join(',');
  return {
    header: `${header}\r\n`,
    line(row) {
      const categories = new Map<string, string>();
      if (row.disaggregation !== '') {
        for (const pair of row.disaggregation.split(';')) {
          const [dimension = '', category = ''] = pair.split('=');
          if (!dimensions.includes(dimension) || TOTALS.has(category)) {
            throw new ValidationError(
              `${row.element},${row.orgUnit},${row.period},${row.disaggregation},${row.source}: "${pair}" cannot be written as an SDMX-CSV column`,
            );
          }
          categories.set(dimension, category);
        }
      }
      const status = row.status === undefined ? '' : row.status === 'published' ? 'A' : 'P';
      return `${[
        ...lead,
        row.element,
        row.orgUnit,
        row.period,
        ...dimensions.map((d) => categories.get(d) ?? '_T'),
        row.source,
        String(row.value),
        status,
      ]
        .map(quote)
        .join(',')}\r\n`;
    },
  };
}

/**
 * Writes canonical rows as SDMX-CSV: one column per disaggregation dimension present (upper-case
 * code, `_T` for the total), so the file reads back with `readSdmxCsv(text)` unchanged.
 */
export function writeSdmxCsv(rows: readonly SdmxWriteRow[], options: SdmxWriteOptions = {}): string {
  const writer = sdmxCsvWriter(sdmxDimensions(rows.map((row) => row.disaggregation)), options);
  return writer.header + rows.map((row) => writer.line(row)).join('');
}
