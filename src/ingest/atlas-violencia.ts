/**
 * Brazil's Atlas da Violência (IPEA) series export: `;`-separated `cod;nome;período;valor`, one
 * row per municipality (7-digit IBGE code) or state (2-digit code) and year. The decimal separator
 * is detected from the file (the site exports dots; spreadsheets re-save with commas).
 *
 * Mapping (JSON): `{ "element": "homicide_victims", "source": "health", "orgUnitPrefix": "BRA." }`
 * (`disaggregation` optional). Org units are `<orgUnitPrefix><IBGE code>` (default `BRA.2304400`
 * for Fortaleza): the store's Brazilian geography must use IBGE codes so, or the prefix be set.
 * **Series are either counts (`homicidios`) or rates (`taxa-homicidios`, per 100 000)**: import
 * counts; a rate series is refused unless `acceptRates` (Atalaya computes rates itself). The
 * reader tells them apart by the file name when given (`taxa`), or by `valueKind` in the mapping.
 */
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

export interface AtlasMapping extends ElementTarget {
  /** default `BRA.` */
  readonly orgUnitPrefix?: string;
  /** what the series holds; default: `rate` when the file name holds "taxa", else `count` */
  readonly valueKind?: 'count' | 'rate';
}

export interface AtlasOptions extends ReaderOptions {
  readonly acceptRates?: boolean;
}

export function readAtlasViolencia(
  input: ReaderInput,
  mapping: AtlasMapping,
  options: AtlasOptions = {},
): ReaderResult {
  const { records, out } = readDelimited(input, { ...options, delimiter: ';' });
  const [header, ...data] = records;
  if (header === undefined) return out.result();
  const codeAt = columnIndex(header.fields, 'cod');
  const periodAt = columnIndex(header.fields, 'período', 'periodo', 'ano');
  const valueAt = columnIndex(header.fields, 'valor');
  if (codeAt < 0 || periodAt < 0 || valueAt < 0) {
    out.issue(header.line, 'expected the Atlas da Violência columns cod;nome;período;valor', 1);
    return out.result();
  }
  const kind = mapping.valueKind ?? (/taxa/i.test(options.file ?? '') ? 'rate' : 'count');
  if (kind === 'rate' && !options.acceptRates) {
    out.issue(
      header.line,
      'this series is a rate per 100 000: Atalaya computes rates from counts and population, so import the count series (homicidios) instead',
      valueAt + 1,
      'valor',
    );
    out.skip('not-a-count', data.length);
    return out.result();
  }
  const prefix = mapping.orgUnitPrefix ?? 'BRA.';
  const decimal = detectDecimalSeparator(data.map((record) => cell(record, valueAt))) ?? '.';
  for (const record of data) {
    const code = cell(record, codeAt);
    const period = cell(record, periodAt);
    if (!/^(?:[0-9]{2}|[0-9]{7})$/.test(code)) {
      out.issue(
        record.line,
        `"${code}" is not an IBGE code (7 digits for a municipality, 2 for a state)`,
        codeAt + 1,
        'cod',
      );
      continue;
    }
    if (!/^[0-9]{4}$/.test(period)) {
      out.issue(record.line, `"${period}" is not a year`, periodAt + 1, 'período');
      continue;
    }
    const parsed = parseNumberCell(cell(record, valueAt), decimal);
    if (parsed.kind === 'number')
      out.add(targetRow(mapping, `${prefix}${code}`, period, parsed.value), record.line);
    else if (parsed.kind === 'invalid') out.issue(record.line, parsed.message, valueAt + 1, 'valor');
    else out.skip(parsed.kind === 'blank' ? 'blank' : 'not-applicable');
  }
  return out.result();
}
