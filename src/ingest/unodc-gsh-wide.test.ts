/** Tests of the Global Study on Homicide tables reader: fixtures, the real files, damaged input. */
import { describe, expect, it } from 'vitest';
import { checkReaderUnderDamage, formatsPresent, sharedFile } from '../../test/support/ingest.ts';
import { readUnodcGshWide } from './unodc-gsh-wide.ts';

const COUNTS = {
  'Homicide Total Count': { element: 'homicide_victims', source: 'unodc' },
  'Female Homicide Count': { element: 'homicide_victims', source: 'unodc', disaggregation: 'sex=F' },
  'Total Prison Population': { element: 'prisoners', source: 'unodc' },
};

const WIDE = [
  '"Country","Region","Subregion","Indicator","2015","2016","2017"',
  '"Bolivia (Plurinational State of)","Americas","South America","Homicide Total Count",680,"1,006",',
  '"Bolivia (Plurinational State of)","Americas","South America","Female Homicide Count",..,222,230',
  '"United States of America","Americas","Northern America","Homicide Total Count","15,883","17,413","17,284"',
  '"United States Virgin Islands","Americas","Caribbean","Homicide Total Count",40,41,42',
  '"Saint Vincent and the Grenadines","Americas","Caribbean","Homicide Rate",42.2,36.5,37.8',
  '"Cabo Verde","Africa","Western Africa","Homicide Total Count",60,60,=1+1',
].join('\r\n');

const LONG_LATIN1 = Buffer.from(
  [
    '"Territory","Year","Region","Subregion","Homicide_Count","Male_Homicide_Count","Level"',
    '"Côte d\'Ivoire",2016,"Africa","Western Africa",1200,900,"Country"',
    '"Haïti",2016,"Americas","Caribbean",1000,800,"Country"',
    '"México",2016,"Americas","Central America",24559,,"Country"',
  ].join('\r\n'),
  'latin1',
);

describe('readUnodcGshWide', () => {
  it('reads the wide layout: names to ISO codes, thousands separators, regions skipped', () => {
    const result = readUnodcGshWide(WIDE, COUNTS, { file: 'dt.csv' });
    expect(result.rows.map((row) => [row.orgUnit, row.period, row.disaggregation, row.value])).toEqual([
      ['BOL', '2015', '', 680],
      ['BOL', '2016', '', 1006],
      ['BOL', '2016', 'sex=F', 222],
      ['BOL', '2017', 'sex=F', 230],
      ['USA', '2015', '', 15_883],
      ['USA', '2016', '', 17_413],
      ['USA', '2017', '', 17_284],
    ]);
    expect(result.issues).toEqual([]);
    expect(result.skipped).toEqual([
      { code: 'blank', count: 1 },
      { code: 'not-applicable', count: 1 },
      { code: 'not-member-state', count: 2 },
      { code: 'indicator-not-mapped', count: 1 },
    ]);
  });

  it('refuses a rate once, with its line, unless rates are accepted', () => {
    const mapping = { 'Homicide Rate': { element: 'rate', source: 'unodc' } };
    const refused = readUnodcGshWide(WIDE, mapping);
    expect(refused.rows).toEqual([]);
    expect(refused.issues).toMatchObject([{ line: 6, column: 4, field: 'Indicator' }]);
    expect(readUnodcGshWide(WIDE, mapping, { acceptRates: true }).rows.map((row) => row.value)).toEqual([
      42.2, 36.5, 37.8,
    ]);
  });

  it('reads the long layout in Latin-1, one indicator a column', () => {
    const result = readUnodcGshWide(LONG_LATIN1, {
      Homicide_Count: { element: 'homicide_victims', source: 'unodc' },
      Male_Homicide_Count: { element: 'homicide_victims', source: 'unodc', disaggregation: 'sex=M' },
    });
    expect(result.encoding).toBe('windows-1252');
    expect(result.issues).toEqual([]);
    expect(result.rows.map((row) => [row.orgUnit, row.disaggregation, row.value])).toEqual([
      ['HTI', '', 1000],
      ['HTI', 'sex=M', 800],
      ['MEX', '', 24559],
    ]);
  });

  it('never throws on damaged input and every issue names a line', () => {
    checkReaderUnderDamage(WIDE, (input) => readUnodcGshWide(input, COUNTS));
    checkReaderUnderDamage(Buffer.from(LONG_LATIN1).toString('latin1'), (input) =>
      readUnodcGshWide(input, { Homicide_Count: { element: 'homicide_victims', source: 'unodc' } }),
    );
  });
});

describe.skipIf(!formatsPresent)('readUnodcGshWide on the real GSH 2019 files', () => {
  it('reads Honduras 2012: count 7 172, and the rate 84.3 when rates are accepted', () => {
    const bytes = sharedFile('unodc_gsh2019_shiny', 'Shiny_DT.csv');
    const result = readUnodcGshWide(bytes, COUNTS);
    expect(result.issues).toEqual([]);
    expect(
      result.rows.find((row) => row.orgUnit === 'HND' && row.period === '2012' && row.disaggregation === '')
        ?.value,
    ).toBe(7172);
    expect(new Set(result.rows.map((row) => row.orgUnit)).size).toBeGreaterThanOrEqual(33);
    const rates = readUnodcGshWide(
      bytes,
      { 'Homicide Rate': { element: 'rate', source: 'unodc' } },
      { acceptRates: true },
    );
    expect(rates.rows.find((row) => row.orgUnit === 'HND' && row.period === '2012')?.value).toBe(84.3);
  });

  it('reads Brazil prison population 2016 = 726 712 from quoted thousands', () => {
    const result = readUnodcGshWide(
      sharedFile('unodc_gsh2019_shiny', 'Homicide_in_Prisons_Shiny.csv'),
      COUNTS,
    );
    expect(result.issues).toEqual([]);
    expect(result.rows.find((row) => row.orgUnit === 'BRA' && row.period === '2016')?.value).toBe(726_712);
  });

  it('reads the Latin-1 TS_plot_countries.csv (Honduras 2012 = 84.3205, firearm 70.2827)', () => {
    const result = readUnodcGshWide(
      sharedFile('unodc_gsh2019_shiny', 'TS_plot_countries.csv'),
      {
        Homicide_Rate: { element: 'rate', source: 'unodc' },
        Firearms_Rate: { element: 'rate', source: 'unodc', disaggregation: 'weapon=firearm' },
      },
      { acceptRates: true },
    );
    expect(result.encoding).toBe('windows-1252');
    expect(result.issues).toEqual([]);
    const honduras = result.rows.filter((row) => row.orgUnit === 'HND' && row.period === '2012');
    expect(honduras.map((row) => row.value)).toEqual([84.3205, 70.2827]);
  });
});
if (!formatsPresent) it.skip('real GSH files skipped: ../shared/data/formats is absent', () => {});
