/**
 * The file formats `atalaya import --format` and `POST /api/imports` take, each with the mapping
 * file (JSON) that drives its reader, checked here so a bad mapping is refused with the path of
 * every problem before the file is read. Pure: bytes and parsed JSON in, canonical rows out.
 *
 * Mapping files, one shape per format:
 * - `wdi`: `{ "indicators": { "SP.POP.TOTL": { "element": "population", "source": "world_bank" } },
 *   "orgUnits"?: { "MEX": "MEX" }, "acceptRates"?: false }`
 * - `unodc-portal`: `{ "rules": [{ "indicator": "Victims of intentional homicide", "element": …,
 *   "source": …, "dimension"?, "category"?, "sex"?, "age"?, "unit"? }] }`
 * - `unodc-gsh`: `{ "indicators": { "Homicide Total Count": { … } }, "acceptRates"?: false }`
 * - `sdmx`: optional; which columns hold the element, area, period, source, value, dimensions
 * - `sesnsp`: `{ "rules": [{ "tipo"?, "subtipo"?, "modalidad"?, "element": …, "source": … }],
 *   "orgUnitPrefix"?: "MEX." }`
 * - `atlas`: `{ "element": …, "source": …, "orgUnitPrefix"?: "BRA.", "valueKind"?: "count" }`
 * - `unodc-seizures`: optional; `{ "element"?, "source"?, "drugs"?: { "Opium": "other" } }`
 * - `table`: `{ "orgUnit": { "column": … }, "period": { "column": …, "dates"? }, "values": [{ "column": …,
 *   "element": …, "source": … }], "delimiter"?, "decimal"?, "sheet"? }`; a CSV or an XLSX workbook
 * - `geojson` (boundaries of org units, not values): `{ "codeProperty": "CVE_ENT", "prefix"?: "MEX.",
 *   "pad"?: 2, "codes"?, "nameProperty"? }` (`src/ingest/geojson-boundaries.ts`)
 */
import { z } from 'zod';
import type { ImportRow } from '../data/canonical-row.ts';
import { ValidationError, type InputIssue } from '../kernel/errors.ts';
import { readAtlasViolencia, type AtlasMapping } from './atlas-violencia.ts';
import { readGenericTable, type TableMapping } from './generic-table.ts';
import type { IndicatorMapping } from './reader-mapping.ts';
import type { ReaderResult } from './reader-result.ts';
import { readSdmxCsv, type SdmxMapping } from './sdmx-csv.ts';
import { readSesnspMonthly, type SesnspMapping } from './sesnsp-monthly.ts';
import { readUnodcDataPortal, type UnodcRule } from './unodc-data-portal.ts';
import { readUnodcDrugSeizures, type SeizuresMapping } from './unodc-drug-seizures.ts';
import { readUnodcGshWide } from './unodc-gsh-wide.ts';
import { readWdiBulkCsv } from './wdi-bulk-csv.ts';
import { spreadsheetKind } from './xlsx-table.ts';

const code = z.string().min(1);
const target = z.strictObject({ element: code, source: code, disaggregation: z.string().optional() });
const codes = z.record(z.string(), z.string());
const indicators = z.record(z.string(), target);
const column = z.union([
  z.strictObject({ column: code, codes: codes.optional() }),
  z.strictObject({ constant: z.string() }),
]);

const MAPPINGS = {
  wdi: z.strictObject({
    indicators,
    orgUnits: codes.optional(),
    acceptRates: z.boolean().optional(),
  }),
  'unodc-portal': z.strictObject({
    rules: z.array(
      target.extend({
        indicator: code,
        dimension: z.string().optional(),
        category: z.string().optional(),
        sex: z.string().optional(),
        age: z.string().optional(),
        unit: z.string().optional(),
      }),
    ),
  }),
  'unodc-gsh': z.strictObject({ indicators, acceptRates: z.boolean().optional() }),
  'unodc-seizures': z.strictObject({
    element: code.optional(),
    source: code.optional(),
    drugs: z.record(z.string(), code.nullable()).optional(),
  }),
  sdmx: z.strictObject({
    element: column.optional(),
    orgUnit: column.optional(),
    period: column.optional(),
    source: column.optional(),
    value: z.string().optional(),
    dimensions: z.record(z.string(), z.strictObject({ dimension: code, codes: codes.optional() })).optional(),
  }),
  sesnsp: z.strictObject({
    orgUnitPrefix: z.string().optional(),
    rules: z.array(
      target.extend({
        tipo: z.string().optional(),
        subtipo: z.string().optional(),
        modalidad: z.string().optional(),
      }),
    ),
  }),
  atlas: target.extend({
    orgUnitPrefix: z.string().optional(),
    valueKind: z.enum(['count', 'rate']).optional(),
    acceptRates: z.boolean().optional(),
  }),
  table: z.strictObject({
    delimiter: z.string().length(1).optional(),
    sheet: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
    decimal: z.enum(['.', ',']).optional(),
    orgUnit: z.union([
      z.strictObject({
        column: code,
        prefix: z.string().optional(),
        pad: z.number().int().min(0).max(20).optional(),
        codes: codes.optional(),
      }),
      z.strictObject({ constant: code }),
    ]),
    period: z.union([
      z.strictObject({ column: code, dates: z.enum(['year', 'quarter', 'month']).optional() }),
      z.strictObject({ constant: code }),
    ]),
    values: z
      .array(
        z.strictObject({
          column: code,
          element: code.optional(),
          elementColumn: code.optional(),
          elementCodes: codes.optional(),
          source: code,
          disaggregation: z.string().optional(),
        }),
      )
      .min(1),
  }),
  geojson: z.strictObject({
    codeProperty: code,
    prefix: z.string().optional(),
    pad: z.number().int().min(0).max(20).optional(),
    codes: codes.optional(),
    nameProperty: code.optional(),
  }),
} as const;

type MappedFormat = keyof typeof MAPPINGS;
/** Formats that carry org units' boundaries, not data values. */
export type BoundaryFormat = 'geojson';
/** Formats read into data values. */
export type ValueFormat = Exclude<ImportFormat, BoundaryFormat>;

export function isBoundaryFormat(format: ImportFormat): format is BoundaryFormat {
  return format === 'geojson';
}

/** Every format, the canonical CSV first. */
export const IMPORT_FORMATS = ['canonical', ...(Object.keys(MAPPINGS) as MappedFormat[])] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Whether a format needs a mapping file (SDMX-CSV, UNODC seizures and the canonical CSV do not). */
export function needsMapping(format: ImportFormat): boolean {
  return format !== 'canonical' && format !== 'sdmx' && format !== 'unodc-seizures';
}

export function isImportFormat(name: string): name is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(name);
}

/** What a reader made of a file: import rows (values, or SDMX deletions), each with its line. */
export type FormatReadResult = ReaderResult<ImportRow>;

/** Checks a parsed mapping file against its format's shape; throws listing every problem. */
export function parseMapping(format: MappedFormat, json: unknown, file = 'the mapping'): unknown {
  if (json === undefined) {
    if (!needsMapping(format)) return {};
    throw new ValidationError(`The ${format} format needs a mapping file (--mapping): see docs/ingest.md.`);
  }
  const parsed = MAPPINGS[format].safeParse(json);
  if (parsed.success) return parsed.data;
  const issues: InputIssue[] = parsed.error.issues.map((issue) => ({
    file,
    ...(issue.path.length === 0 ? {} : { field: issue.path.join('.') }),
    message: issue.message,
  }));
  throw new ValidationError(`${file} is not a ${format} mapping: ${issues.length} problem(s).`, issues);
}

/**
 * Reads a file of a mapped format into import rows. An SDMX row with `ACTION` D becomes a deletion
 * of the value under its key (its `OBS_VALUE`, if any, is not compared); merge and replace rows
 * are values to write: a row names one observation, whose only measure Atalaya keeps is its value,
 * so replacing it and merging it write the same.
 */
export function readFormat(
  format: Exclude<MappedFormat, BoundaryFormat>,
  bytes: Uint8Array,
  mappingJson: unknown,
  file: string,
  mappingFile = 'the mapping',
): FormatReadResult {
  const options = { file };
  switch (format) {
    case 'wdi': {
      const m = parseMapping(format, mappingJson, mappingFile) as {
        indicators: IndicatorMapping;
        orgUnits?: Readonly<Record<string, string>>;
        acceptRates?: boolean;
      };
      return readWdiBulkCsv(bytes, m.indicators, {
        ...options,
        ...(m.orgUnits === undefined ? {} : { orgUnits: m.orgUnits }),
        ...(m.acceptRates === undefined ? {} : { acceptRates: m.acceptRates }),
      });
    }
    case 'unodc-portal': {
      const m = parseMapping(format, mappingJson, mappingFile) as { rules: readonly UnodcRule[] };
      return readUnodcDataPortal(bytes, m.rules, options);
    }
    case 'unodc-gsh': {
      const m = parseMapping(format, mappingJson, mappingFile) as {
        indicators: IndicatorMapping;
        acceptRates?: boolean;
      };
      return readUnodcGshWide(bytes, m.indicators, {
        ...options,
        ...(m.acceptRates === undefined ? {} : { acceptRates: m.acceptRates }),
      });
    }
    case 'unodc-seizures':
      return readUnodcDrugSeizures(
        bytes,
        parseMapping(format, mappingJson, mappingFile) as SeizuresMapping,
        options,
      );
    case 'sesnsp':
      return readSesnspMonthly(
        bytes,
        parseMapping(format, mappingJson, mappingFile) as SesnspMapping,
        options,
      );
    case 'atlas': {
      const m = parseMapping(format, mappingJson, mappingFile) as AtlasMapping & { acceptRates?: boolean };
      return readAtlasViolencia(bytes, m, {
        ...options,
        ...(m.acceptRates === undefined ? {} : { acceptRates: m.acceptRates }),
      });
    }
    case 'table':
      // a workbook is read by `readXlsxTable` (asynchronous), as `file-import.store.ts` does
      if (spreadsheetKind(bytes) !== undefined)
        throw new Error(`${file}: read a workbook with readXlsxTable`);
      return readGenericTable(bytes, parseMapping(format, mappingJson, mappingFile) as TableMapping, options);
    case 'sdmx': {
      const read = readSdmxCsv(bytes, parseMapping(format, mappingJson, mappingFile) as SdmxMapping, options);
      const rows: ImportRow[] = [];
      const lines: number[] = [];
      for (const row of read.rows) {
        const { action, line, value, ...rest } = row;
        if (action === 'delete') rows.push({ ...rest, value, delete: true });
        else if (value !== null) rows.push({ ...rest, value });
        else continue; // (the reader gives a value to every row but a deletion)
        lines.push(line);
      }
      return { rows, lines, issues: read.issues, skipped: read.skipped, encoding: read.encoding };
    }
  }
}
