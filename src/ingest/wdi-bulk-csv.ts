/**
 * World Bank WDI bulk CSV (`API_<indicator>_DS2_en_csv_v2_*.csv`): a UTF-8 BOM, metadata lines
 * ("Data Source", "Last Updated Date") before the header `Country Name,Country Code,Indicator
 * Name,Indicator Code,1960,…,2021,` (one column per year, and a trailing comma: an empty last
 * column), one row per country or aggregate and indicator.
 *
 * Mapping (JSON, see reader-mapping.ts): Indicator Code → target, e.g.
 * `{ "SP.POP.TOTL": { "element": "population", "source": "world_bank" } }`.
 *
 * - Rows are kept for the 35 member states (Country Code is ISO alpha-3), or for the codes of
 *   `orgUnits` (WDI code → store code) when given. Aggregates (LCN, WLD, income groups, …) are
 *   skipped and counted, as are other countries.
 * - **Rates are not imported as counts.** An indicator whose name says it is a rate or a share
 *   ("per 100,000 people", "(%)") is skipped and counted: Atalaya stores counts (homicide
 *   victims, population) and computes the rate itself with its interval. Import the count and
 *   `SP.POP.TOTL` instead. `acceptRates` overrides this for an element that is itself a rate.
 * - Blank years are not reported, not zeros: skipped and counted.
 */
import type { CanonicalRow } from '../data/canonical-row.ts';
import { isMemberStateIso3 } from './country-names.ts';
import { parseNumberCell } from './number-format.ts';
import { targetRow, type IndicatorMapping } from './reader-mapping.ts';
import {
  cell,
  columnIndex,
  readDelimited,
  type ReaderInput,
  type ReaderOptions,
  type ReaderResult,
} from './reader-result.ts';

export interface WdiOptions extends ReaderOptions {
  /** WDI country code → store org unit code; when given, only these codes are read */
  readonly orgUnits?: Readonly<Record<string, string>>;
  /** read indicators whose name says they are rates or shares (default false) */
  readonly acceptRates?: boolean;
}

/** The World Bank's aggregate codes (regions, income and lending groups, demographic groups). */
export const WDI_AGGREGATES: ReadonlySet<string> = new Set(
  (
    'AFE AFW ARB CEB CSS EAP EAR EAS ECA ECS EMU EUU FCS HIC HPC IBD IBT IDA IDB IDX INX LAC LCN LDC LIC ' +
    'LMC LMY LTE MEA MIC MNA NAC OED OSS PRE PSS PST SAS SSA SSF SST TEA TEC TLA TMN TSA TSS UMC WLD'
  ).split(' '),
);

const RATE_NAME = /per 1(?:00)?,?0{3}|per 100 |\(%|% of |rate\b/i;

export function readWdiBulkCsv(
  input: ReaderInput,
  mapping: IndicatorMapping,
  options: WdiOptions = {},
): ReaderResult {
  const { records, out } = readDelimited(input, options);
  const headerAt = records.findIndex((record) => cell(record, 0) === 'Country Name');
  const header = records[headerAt];
  if (header === undefined) {
    out.issue(
      records[0]?.line ?? 1,
      'no header "Country Name,Country Code,Indicator Name,Indicator Code,…" found: is this a WDI bulk CSV?',
      1,
    );
    return out.result();
  }
  const codeAt = columnIndex(header.fields, 'Country Code');
  const indicatorAt = columnIndex(header.fields, 'Indicator Code');
  const nameAt = columnIndex(header.fields, 'Indicator Name');
  if (codeAt < 0 || indicatorAt < 0) {
    out.issue(header.line, 'the header lacks "Country Code" or "Indicator Code"', 1);
    return out.result();
  }
  const years: { index: number; year: string }[] = [];
  header.fields.forEach((name, index) => {
    if (/^[0-9]{4}$/.test(name.trim())) years.push({ index, year: name.trim() });
  });
  const refusedRates = new Set<string>();
  for (const record of records.slice(headerAt + 1)) {
    const code = cell(record, codeAt);
    const indicator = cell(record, indicatorAt);
    const target = mapping[indicator];
    if (target === undefined) {
      out.skip('indicator-not-mapped');
      continue;
    }
    if (!options.acceptRates && RATE_NAME.test(cell(record, nameAt))) {
      if (!refusedRates.has(indicator)) {
        refusedRates.add(indicator);
        out.issue(
          record.line,
          `${indicator} ("${cell(record, nameAt)}") is a rate or share, not a count: Atalaya computes rates from counts and population, so map the count indicator and SP.POP.TOTL instead`,
          indicatorAt + 1,
          'Indicator Code',
        );
      }
      out.skip('not-a-count');
      continue;
    }
    let orgUnit: string | undefined;
    if (options.orgUnits !== undefined) orgUnit = options.orgUnits[code];
    else if (isMemberStateIso3(code)) orgUnit = code;
    if (orgUnit === undefined) {
      out.skip(WDI_AGGREGATES.has(code) ? 'aggregate' : 'not-member-state');
      continue;
    }
    for (const { index, year } of years) {
      const parsed = parseNumberCell(cell(record, index), '.');
      if (parsed.kind === 'number')
        out.add(targetRow(target, orgUnit, year, parsed.value) satisfies CanonicalRow, record.line);
      else if (parsed.kind === 'invalid') out.issue(record.line, parsed.message, index + 1, year);
      else out.skip(parsed.kind === 'blank' ? 'blank' : 'not-applicable');
    }
  }
  return out.result();
}
