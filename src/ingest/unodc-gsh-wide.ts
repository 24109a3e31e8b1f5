/**
 * The tables of the UNODC Global Study on Homicide (2019 annex, as its Shiny app ships them).
 * Countries come by M49 name ("Bolivia (Plurinational State of)", "United States of America"),
 * never by code: names go to ISO codes through country-names.ts. Two layouts are read:
 *
 * - wide: `Country,[Region,Subregion,]Indicator,1990,…,2017` (`Shiny_DT.csv`,
 *   `Homicide_in_Prisons_Shiny.csv`, whose numbers are quoted with thousands separators,
 *   `"2,279,100"`): the indicator is the `Indicator` cell;
 * - long: `Territory,Year,Region,Subregion,Homicide_Rate,…,Level` (`TS_plot_countries.csv`,
 *   Latin-1): every column other than the country, year, region, subregion and level is an
 *   indicator, named by its header.
 *
 * Mapping (JSON, see reader-mapping.ts): indicator name → target, e.g.
 * `{ "Homicide Total Count": { "element": "homicide_victims", "source": "unodc" },
 *    "Female Homicide Count": { "element": "homicide_victims", "source": "unodc", "disaggregation": "sex=F" },
 *    "Total Prison Population": { "element": "prisoners", "source": "unodc" } }`.
 * Indicators whose name says they are rates are refused (an issue, once) unless `acceptRates`:
 * Atalaya computes rates. Regions, aggregates and countries that are not member states are
 * skipped and counted; blank cells are not reported (never zeros).
 */
import { memberStateOf } from './country-names.ts';
import { detectDecimalSeparator, parseNumberCell } from './number-format.ts';
import { targetRow, type IndicatorMapping } from './reader-mapping.ts';
import {
  cell,
  columnIndex,
  readDelimited,
  type ReaderInput,
  type ReaderOptions,
  type ReaderResult,
} from './reader-result.ts';

export interface GshOptions extends ReaderOptions {
  readonly acceptRates?: boolean;
}

const DESCRIPTORS = new Set([
  'country',
  'territory',
  'year',
  'region',
  'subregion',
  'level',
  'indicator',
  'region/subregion',
]);

export function readUnodcGshWide(
  input: ReaderInput,
  mapping: IndicatorMapping,
  options: GshOptions = {},
): ReaderResult {
  const { records, out } = readDelimited(input, options);
  const [header, ...data] = records;
  if (header === undefined) return out.result();
  const countryAt = columnIndex(header.fields, 'Country', 'Territory');
  const indicatorAt = columnIndex(header.fields, 'Indicator');
  const yearAt = columnIndex(header.fields, 'Year');
  if (countryAt < 0 || (indicatorAt < 0 && yearAt < 0)) {
    out.issue(
      header.line,
      'expected a "Country" (or "Territory") column and an "Indicator" or "Year" column',
      1,
    );
    return out.result();
  }
  const wide = indicatorAt >= 0;
  // wide: one column a year; long: one column an indicator
  const valueColumns = header.fields.flatMap((name, index) => {
    const trimmed = name.trim();
    if (wide ? !/^[0-9]{4}$/.test(trimmed) : DESCRIPTORS.has(trimmed.toLowerCase()) || trimmed === '')
      return [];
    return [{ index, name: trimmed }];
  });
  const decimal =
    detectDecimalSeparator(data.flatMap((record) => valueColumns.map(({ index }) => cell(record, index)))) ??
    '.';
  const refused = new Set<string>();
  const rateRefused = (indicator: string, line: number, column: number): boolean => {
    if (options.acceptRates || !/rate/i.test(indicator)) return false;
    if (!refused.has(indicator)) {
      refused.add(indicator);
      out.issue(
        line,
        `"${indicator}" is a rate: Atalaya computes rates from counts and population, so map the count instead`,
        column,
        wide ? 'Indicator' : indicator,
      );
    }
    out.skip('not-a-count');
    return true;
  };
  for (const record of data) {
    const orgUnit = memberStateOf(cell(record, countryAt));
    if (wide) {
      const indicator = cell(record, indicatorAt);
      const target = mapping[indicator];
      if (target === undefined) {
        out.skip('indicator-not-mapped');
        continue;
      }
      if (rateRefused(indicator, record.line, indicatorAt + 1)) continue;
      if (orgUnit === undefined) {
        out.skip('not-member-state');
        continue;
      }
      for (const { index, name } of valueColumns) {
        const parsed = parseNumberCell(cell(record, index), decimal);
        if (parsed.kind === 'number') out.add(targetRow(target, orgUnit, name, parsed.value), record.line);
        else if (parsed.kind === 'invalid') out.issue(record.line, parsed.message, index + 1, name);
        else out.skip(parsed.kind === 'blank' ? 'blank' : 'not-applicable');
      }
      continue;
    }
    const year = cell(record, yearAt);
    for (const { index, name } of valueColumns) {
      const target = mapping[name];
      if (target === undefined) {
        out.skip('indicator-not-mapped');
        continue;
      }
      if (rateRefused(name, header.line, index + 1)) continue;
      if (orgUnit === undefined) {
        out.skip('not-member-state');
        continue;
      }
      if (!/^[0-9]{4}$/.test(year)) {
        out.issue(record.line, `"${year}" is not a year`, yearAt + 1, 'Year');
        break;
      }
      const parsed = parseNumberCell(cell(record, index), decimal);
      if (parsed.kind === 'number') out.add(targetRow(target, orgUnit, year, parsed.value), record.line);
      else if (parsed.kind === 'invalid') out.issue(record.line, parsed.message, index + 1, name);
      else out.skip(parsed.kind === 'blank' ? 'blank' : 'not-applicable');
    }
  }
  return out.result();
}
