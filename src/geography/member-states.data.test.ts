import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEMBER_STATES } from './member-states.ts';
import { SUBREGIONS } from './subregions.ts';

/**
 * Checks the member-state codes against the shared ISO 3166 file with UN M49 regions
 * (lukes/ISO-3166-Countries-with-Regional-Codes, all/all.csv), which sits beside the repository:
 *
 *   name,alpha-2,alpha-3,country-code,iso_3166-2,region,sub-region,intermediate-region,
 *   region-code,sub-region-code,intermediate-region-code
 *
 * In M49, Northern America (021) is a sub-region of the Americas; the Caribbean (029), Central
 * America (013) and South America (005) are intermediate regions of the sub-region Latin America
 * and the Caribbean (419). So our subregion is the intermediate region when there is one, else the
 * sub-region.
 */
const CSV_PATH = join(process.cwd(), '..', 'shared', 'data', 'formats', 'iso3166', 'all.csv');
const present = existsSync(CSV_PATH);

/** Splits one CSV line with double-quoted fields ("" escapes a quote). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field);
  return fields;
}

function readRows(): Map<string, Record<string, string>> {
  const lines = readFileSync(CSV_PATH, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line !== '');
  const header = splitCsvLine(lines[0] ?? '');
  const rows = new Map<string, Record<string, string>>();
  for (const line of lines.slice(1)) {
    const fields = splitCsvLine(line);
    const row = Object.fromEntries(header.map((name, i) => [name, fields[i] ?? '']));
    rows.set(row['alpha-3'] ?? '', row);
  }
  return rows;
}

describe.skipIf(!present)(`member states against ISO 3166 / M49 (${CSV_PATH})`, () => {
  const rows = present ? readRows() : new Map<string, Record<string, string>>();

  it('has the columns this test reads', () => {
    const any = rows.values().next().value;
    expect(Object.keys(any ?? {})).toEqual(
      expect.arrayContaining([
        'alpha-2',
        'alpha-3',
        'country-code',
        'region',
        'sub-region',
        'intermediate-region',
        'sub-region-code',
        'intermediate-region-code',
      ]),
    );
  });

  it.each(MEMBER_STATES.map((state) => [state.code, state] as const))(
    '%s: ISO alpha-2, alpha-3, numeric and M49 subregion match',
    (code, state) => {
      const row = rows.get(code);
      expect(row, `${code} is not in the ISO 3166 file`).toBeDefined();
      if (row === undefined) return;
      expect(row['alpha-3']).toBe(state.code);
      expect(row['alpha-2']).toBe(state.externalCodes?.['iso2']);
      expect(row['country-code']).toBe(state.externalCodes?.['m49']);
      expect(row['region']).toBe('Americas');
      const regionCode =
        row['intermediate-region-code'] !== '' ? row['intermediate-region-code'] : row['sub-region-code'];
      const regionName = row['intermediate-region'] !== '' ? row['intermediate-region'] : row['sub-region'];
      const parent = SUBREGIONS.find((s) => s.code === state.parentCode);
      expect(parent?.externalCodes?.['m49']).toBe(regionCode);
      expect(parent?.name.en).toBe(regionName);
    },
  );
});

describe.skipIf(present)('member states against ISO 3166 / M49', () => {
  it.skip(`skipped: the shared ISO 3166 file is absent (${CSV_PATH})`, () => {});
});
