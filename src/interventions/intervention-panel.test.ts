/** The panel builder on hand-made rows, without a store. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../kernel/errors.ts';
import type { InterventionDraft } from './intervention.ts';
import { buildInterventionPanel, periodOfMonth, type PanelSourceRow } from './intervention-panel.ts';

const IV: InterventionDraft = {
  code: 'p',
  name: 'P',
  description: '',
  type: 'project',
  country: 'HND',
  start: '2016-01',
  end: null,
  indicators: ['homicide_rate'],
  units: [
    { unit: 'A', start: '2016-01' },
    { unit: 'B', start: '2017-04' },
  ],
  donors: [],
};
const RATE = { code: 'homicide_rate', factor: 100_000, countNumerator: true };

function rows(periods: string[], units: string[]): PanelSourceRow[] {
  return units.flatMap((unit, u) =>
    periods.map((period, i) => ({
      orgUnit: unit,
      period,
      numerator: 10 + u + i,
      denominator: 1000,
      exposure: 1000,
      value: ((10 + u + i) / 1000) * 100_000,
    })),
  );
}

const YEARS = ['2010', '2011', '2012', '2013', '2014', '2015', '2016', '2017', '2018'];
const QUARTERS = YEARS.flatMap((y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`));

describe('intervention panel', () => {
  it('maps months to quarters and years', () => {
    expect(periodOfMonth('2016-08', 'quarter')).toBe('2016-Q3');
    expect(periodOfMonth('2016-08', 'year')).toBe('2016');
  });

  it('ITS: sums the treated counts and exposures, or takes the donors’ counts as exposure', () => {
    const data = rows(YEARS, ['A', 'B', 'C']);
    const plain = buildInterventionPanel(IV, ['C'], RATE, data, { method: 'its', periodType: 'year' });
    expect(plain.job.method).toBe('its');
    if (!('table' in plain.job)) throw new Error('expected a table');
    expect(plain.job.table.columns).toEqual(['period', 'count', 'exposure']);
    expect(plain.job.table.rows[0]!.fields).toEqual(['2010', String(10 + 11), '2000']);
    expect(plain.description).toMatchObject({ start: '2016', control: 'population', donors: ['C'] });
    const controlled = buildInterventionPanel(IV, ['C'], RATE, data, {
      method: 'its',
      periodType: 'year',
      control: 'donors',
    });
    if (!('table' in controlled.job)) throw new Error('expected a table');
    expect(controlled.job.table.rows[0]!.fields).toEqual(['2010', '21', '12']);
  });

  it('SCM: the treated aggregate from summed numerators and denominators, three pre-period blocks', () => {
    const data = rows(YEARS, ['A', 'B', 'C', 'D']);
    const panel = buildInterventionPanel(IV, ['C', 'D'], RATE, data, { method: 'scm', periodType: 'year' });
    if (panel.job.method !== 'scm' || !('table' in panel.job)) throw new Error('expected an SCM table');
    expect(panel.job.table.rows[0]!.fields).toEqual(['p', '2010', String((21 / 2000) * 100_000)]);
    expect(panel.job.request.special).toEqual([
      { variable: 'value', window: '2010-2011' },
      { variable: 'value', window: '2012-2013' },
      { variable: 'value', window: '2014-2015' },
    ]);
    expect(panel.job.request.optimizeWindow).toBe('2010-2015');
    expect(panel.job.request.treatmentTime).toBe(2016);
  });

  it('DiD: per-unit log counts with each unit’s first treated quarter; donors never treated', () => {
    const data = rows(QUARTERS, ['A', 'B', 'C']);
    const panel = buildInterventionPanel(IV, ['C'], RATE, data, { method: 'did', periodType: 'quarter' });
    if (panel.job.method !== 'did' || !('table' in panel.job)) throw new Error('expected a DiD table');
    const groups = new Map(panel.job.table.rows.map((r) => [r.fields[0], r.fields[3]]));
    expect(groups).toEqual(
      new Map([
        ['A', String(2016 * 4)],
        ['B', String(2017 * 4 + 1)],
        ['C', '0'],
      ]),
    );
    expect(panel.job.table.rows[0]!.fields[2]).toBe(String(Math.log(10.5)));
    expect(() =>
      buildInterventionPanel(IV, ['C'], RATE, data, { method: 'did', periodType: 'month' }),
    ).toThrow(ValidationError);
  });

  it('leaves out donors with missing periods and refuses a panel without donors', () => {
    const data = rows(YEARS, ['A', 'B', 'C']).filter((r) => !(r.orgUnit === 'C' && r.period === '2012'));
    expect(() =>
      buildInterventionPanel(IV, ['C'], RATE, data, { method: 'scm', periodType: 'year' }),
    ).toThrow(/has none \(1 left out for missing periods\)/);
    const its = buildInterventionPanel(IV, ['C'], RATE, data, { method: 'its', periodType: 'year' });
    expect(its.description.droppedDonors).toEqual(['C']);
  });
});
