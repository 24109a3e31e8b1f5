/** Tests of the UNODC drug seizures JSON reader: the hand-written fixture, the real file, damage. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../catalogue/dimensions.ts';
import { checkReaderUnderDamage, formatsPresent, sharedFile } from '../../test/support/ingest.ts';
import { DRUG_CATEGORIES, readUnodcDrugSeizures } from './unodc-drug-seizures.ts';

const FIXTURE = readFileSync(join(import.meta.dirname, '../../test/fixtures/ingest/unodc-seizures.json'));
const row = (orgUnit: string, drug: string, value: number) => ({
  element: 'drug_seizures',
  orgUnit,
  period: '2021',
  disaggregation: `drug=${drug}`,
  source: 'unodc',
  value,
});

describe('readUnodcDrugSeizures', () => {
  it('maps drugs to the catalogue, sums the rows of one country, year and category, counts what it leaves out', () => {
    const result = readUnodcDrugSeizures(FIXTURE, {}, { file: 'unodc-seizures.json' });
    expect(result.issues).toEqual([]);
    expect(result.rows).toEqual([
      row('HND', 'cocaine_hydrochloride', 17547.1007),
      row('HND', 'cocaine_base', 0.3), // 0.1 + 0.2, without the binary noise
      row('COL', 'cocaine_hydrochloride', 669340.0479),
    ]);
    // each sum keeps the line its first object starts on
    expect(result.lines).toEqual([13, 35, 79]);
    expect(result.skipped).toEqual([
      { code: 'not-member-state', count: 2 },
      { code: 'unodc-total', count: 1 },
      { code: 'drug-outside-catalogue', count: 1 },
      { code: 'blank', count: 1 },
    ]);
  });

  it('takes a mapping that adds, overrides or leaves out drugs, and another element or source', () => {
    const result = readUnodcDrugSeizures(FIXTURE, {
      source: 'police',
      drugs: { 'Cannabis plants': 'other', 'Cocaine hydrochloride': null },
    });
    expect(result.rows.map((r) => [r.orgUnit, r.disaggregation, r.source, r.value])).toEqual([
      ['HND', 'drug=cocaine_base', 'police', 0.3],
      ['HND', 'drug=other', 'police', 5120],
    ]);
    expect(result.skipped).toContainEqual({ code: 'drug-not-mapped', count: 3 });
  });

  it('maps only to categories of the drug dimension', () => {
    const codes = DIMENSIONS.find((d) => d.code === 'drug')?.categories.map((c) => c.code);
    expect(codes).toEqual(expect.arrayContaining(Object.keys(DRUG_CATEGORIES)));
  });

  it('names the line of bad JSON and of bad objects', () => {
    const broken = readUnodcDrugSeizures(
      '[\n {"msCode": "HND",\n  "Year": 2021 x\n }\n]',
      {},
      { file: 's.json' },
    );
    expect(broken.issues).toHaveLength(1);
    expect(broken.issues[0]).toMatchObject({ file: 's.json', line: 3 });
    expect(broken.issues[0]?.message).toMatch(/^not valid JSON/);
    const text = JSON.stringify(
      [
        { msCode: 'HND', Drug: 'Heroin', Year: 2021, Kilograms: -3 },
        { msCode: 'HND', Drug: 'Heroin', Year: '20x1', Kilograms: 3 },
        { msCode: 'HND', Drug: 'Heroin', Year: 2020, Kilograms: 'lots' },
        { msCode: 'HND', Drug: 'Heroin', Year: 2019 },
        7,
      ],
      null,
      1,
    );
    expect(readUnodcDrugSeizures(text).issues.map((i) => [i.line, i.field, i.message])).toEqual([
      [2, 'Kilograms', '-3 kg is not a quantity seized'],
      [8, 'Year', '"20x1" is not a year'],
      [14, 'Kilograms', '"lots" is not a number'],
      [20, undefined, 'the object lacks "Kilograms"'],
      [25, undefined, 'element 5 is not an object'],
    ]);
    expect(readUnodcDrugSeizures('{"a": 1}').issues[0]?.message).toMatch(/expected a JSON array/);
  });

  it('never throws on damaged input, and every problem has a line', () => {
    checkReaderUnderDamage(FIXTURE.toString('utf8'), (input) => readUnodcDrugSeizures(input), 300);
  });

  it.skipIf(!formatsPresent)('reads the real 2018–2022 export (skipped without ../shared/data)', () => {
    const result = readUnodcDrugSeizures(
      sharedFile('unodc_drug_seizures', 'Drug_seizures_2018_2022.json'),
      {},
      { file: 'Drug_seizures_2018_2022.json' },
    );
    expect(result.issues).toEqual([]);
    expect(result.rows).toContainEqual(row('COL', 'cocaine_hydrochloride', 669340.0479));
    // Canada's cannabis herb in 2022: three rows (1 200.177782, 52 079.9514, 28.284261 kg), summed
    expect(
      result.rows.find(
        (r) => r.orgUnit === 'CAN' && r.period === '2022' && r.disaggregation === 'drug=cannabis_herb',
      )?.value,
    ).toBe(53308.413443);
    const keys = result.rows.map((r) => `${r.orgUnit}|${r.period}|${r.disaggregation}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
