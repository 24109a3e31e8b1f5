import { beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalRow } from '../data/canonical-row.ts';
import { demoOrgUnits } from './demo-geography.ts';
import type { DemoOptions } from './demo-options.ts';
import { generateDemoRows } from './generate.ts';
import { plantedFacts, type PlantedIntervention } from './planted-facts.ts';

/** Rows of some member states, indexed by `element|unit|period|disaggregation|source`. */
function index(options: DemoOptions): Map<string, number> {
  const rows = new Map<string, number>();
  for (const r of generateDemoRows(options)) rows.set(key(r), r.value);
  return rows;
}

function key(r: Omit<CanonicalRow, 'value'>): string {
  return `${r.element}|${r.orgUnit}|${r.period}|${r.disaggregation}|${r.source}`;
}

function homicides(unit: string, period: string, disaggregation = '', source = 'police'): string {
  return key({ element: 'homicide_victims', orgUnit: unit, period, disaggregation, source });
}

function monthsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

const ALL_MONTHS = Array.from({ length: 25 }, (_, i) => monthsOf(2000 + i)).flat();

describe('the manifest', () => {
  const facts = plantedFacts();

  it('plants Barrios Seguros: 12 Honduran municipalities, −25% from January 2016', () => {
    const barrios = facts.interventions.find((i) => i.name === 'Barrios Seguros')!;
    expect(barrios.country).toBe('HND');
    expect(barrios.effect).toBe(0.75);
    expect(barrios.staggered).toBe(false);
    expect(barrios.treated).toHaveLength(12);
    expect(new Set(barrios.treated.map((t) => t.start))).toEqual(new Set(['2016-01']));
    const treated = new Set(barrios.treated.map((t) => t.unit));
    const hondurans = demoOrgUnits({ countries: ['HND'] }).filter((u) => u.level === 'municipality');
    expect(barrios.donors.length + treated.size).toBe(hondurans.length);
    for (const donor of barrios.donors) expect(treated.has(donor)).toBe(false);
  });

  it('plants a second, staggered programme with a 15% effect elsewhere', () => {
    const second = facts.interventions.find((i) => i.name !== 'Barrios Seguros')!;
    expect(second.country).not.toBe('HND');
    expect(second.effect).toBe(0.85);
    expect(second.staggered).toBe(true);
    const starts = new Set(second.treated.map((t) => t.start));
    expect(starts.size).toBeGreaterThan(1);
    expect(starts.has('2016-01')).toBe(false);
  });

  it('lists missing cells, outliers, disagreements and boundary changes', () => {
    expect(facts.missing).toHaveLength(6);
    for (const cells of facts.missing) {
      expect(cells.periods.length).toBeGreaterThanOrEqual(3);
      expect(cells.periods.length).toBeLessThanOrEqual(8);
    }
    expect(facts.outliers.length).toBeGreaterThanOrEqual(4);
    for (const outlier of facts.outliers) {
      expect(outlier.multiplier).toBeGreaterThanOrEqual(5);
      expect(outlier.multiplier).toBeLessThanOrEqual(10);
    }
    expect(facts.disagreements.map((d) => d.ratio)).toEqual([1.18, 1.25, 1.32]);
    expect(facts.boundaryChanges.map((c) => c.event)).toEqual(['split', 'merger']);
    const leaving = new Map<string, number>();
    for (const entry of facts.crosswalk) {
      leaving.set(entry.fromCode, (leaving.get(entry.fromCode) ?? 0) + entry.share);
    }
    for (const share of leaving.values()) expect(share).toBeCloseTo(1, 12);
  });

  it('names only units that exist, at every scale', () => {
    for (const scale of [0.2, 1, 3]) {
      const units = new Map(demoOrgUnits({ scale }).map((u) => [u.code, u]));
      const named = [
        ...facts.interventions.flatMap((i) => i.treated.map((t) => t.unit)),
        ...facts.missing.map((m) => m.unit),
        ...facts.outliers.map((o) => o.unit),
        ...facts.boundaryChanges.flatMap((c) => [...c.fromCodes, ...c.toCodes]),
      ];
      for (const code of named) expect(units.has(code), `${code} at scale ${scale}`).toBe(true);
    }
  });

  it('keeps only the facts of the generated member states and years', () => {
    const some = plantedFacts({ countries: ['SLV'], startYear: 2010, endYear: 2019 });
    expect(some.interventions).toEqual([]);
    expect(some.disagreements).toEqual([]);
    expect(some.missing.map((m) => m.unit).sort()).toEqual(['SLV.02001', 'SLV.04002', 'SLV.06001']);
    expect(some.outliers.map((o) => o.unit)).toEqual(['SLV.03001']);
  });
});

/**
 * Treated post/pre rate ratio over the donors' post/pre rate ratio, pooled over the treated units
 * starting in the same month, with rates as victims per person-month (so that population growth
 * does not bias the comparison).
 */
function effectRatios(rows: Map<string, number>, intervention: PlantedIntervention): number[] {
  const population = (unit: string, month: string): number =>
    rows.get(
      key({
        element: 'population',
        orgUnit: unit,
        period: month.slice(0, 4),
        disaggregation: '',
        source: 'census',
      }),
    )! / 12;
  const rate = (units: readonly string[], post: boolean, start: string): number => {
    let victims = 0;
    let exposure = 0;
    for (const unit of units) {
      for (const month of ALL_MONTHS) {
        if (month >= start !== post) continue;
        victims += rows.get(homicides(unit, month))!;
        exposure += population(unit, month);
      }
    }
    return victims / exposure;
  };
  const starts = [...new Set(intervention.treated.map((t) => t.start))];
  return starts.map((start) => {
    const units = intervention.treated.filter((t) => t.start === start).map((t) => t.unit);
    const treated = rate(units, true, start) / rate(units, false, start);
    const donors = rate(intervention.donors, true, start) / rate(intervention.donors, false, start);
    return treated / donors;
  });
}

describe('the planted facts in the data', () => {
  let honduras: Map<string, number>;
  let colombia: Map<string, number>;
  let others: Map<string, number>;
  const facts = plantedFacts();

  beforeAll(() => {
    honduras = index({ countries: ['HND'] });
    colombia = index({ countries: ['COL'] });
    others = index({ countries: ['SLV', 'GTM', 'JAM', 'MEX', 'PAN', 'DOM', 'PER'] });
  });

  it('shows the 25% cut of Barrios Seguros against the donors', () => {
    const barrios = facts.interventions.find((i) => i.country === 'HND')!;
    const [ratio] = effectRatios(honduras, barrios);
    expect(ratio).toBeGreaterThan(0.75 - 0.03);
    expect(ratio).toBeLessThan(0.75 + 0.03);
  });

  it('shows the 15% cut of the staggered programme, wave by wave', () => {
    const second = facts.interventions.find((i) => i.country === 'COL')!;
    const ratios = effectRatios(colombia, second);
    expect(ratios).toHaveLength(3);
    const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    expect(mean).toBeGreaterThan(0.85 - 0.03);
    expect(mean).toBeLessThan(0.85 + 0.03);
    for (const ratio of ratios) expect(Math.abs(ratio - 0.85)).toBeLessThan(0.07);
  });

  it('leaves the missing cells out, with their neighbours present', () => {
    for (const cells of facts.missing) {
      for (const period of cells.periods) {
        for (const d of ['', 'sex=F', 'sex=M'])
          expect(others.has(homicides(cells.unit, period, d))).toBe(false);
      }
      const present = ALL_MONTHS.filter((m) => others.has(homicides(cells.unit, m)));
      expect(present.length).toBe(ALL_MONTHS.length - cells.periods.length);
    }
  });

  it('multiplies the outlier cells', () => {
    for (const outlier of facts.outliers) {
      const value = others.get(homicides(outlier.unit, outlier.period))!;
      expect(value % outlier.multiplier).toBe(0);
      expect(value).toBeGreaterThanOrEqual(outlier.multiplier);
      const women = others.get(homicides(outlier.unit, outlier.period, 'sex=F'))!;
      const men = others.get(homicides(outlier.unit, outlier.period, 'sex=M'))!;
      expect(women + men).toBe(value);
      const series = ALL_MONTHS.map((m) => others.get(homicides(outlier.unit, m)))
        .filter((v): v is number => v !== undefined)
        .sort((a, b) => a - b);
      const median = series[Math.floor(series.length / 2)]!;
      expect(value).toBeGreaterThan(3 * Math.max(1, median));
    }
  });

  it('makes forensic exceed police by the planted ratio from the planted year', () => {
    for (const d of facts.disagreements) {
      for (let year = 2000; year <= 2024; year++) {
        const police = others.get(homicides(d.country, String(year)))!;
        const forensic = monthsOf(year).reduce(
          (sum, month) => sum + others.get(homicides(d.country, month, '', 'forensic'))!,
          0,
        );
        const expected = year >= d.fromYear ? d.ratio : 1;
        expect(Math.abs(forensic / police - expected), `${d.country} ${year}`).toBeLessThanOrEqual(
          0.03 * expected,
        );
      }
    }
  });

  it('puts data on the units valid in each period across the split and the merger', () => {
    const count = (unit: string, year: number): number =>
      monthsOf(year).filter((m) => others.has(homicides(unit, m))).length;
    const pop = (unit: string, year: number): number | undefined =>
      others.get(
        key({
          element: 'population',
          orgUnit: unit,
          period: String(year),
          disaggregation: '',
          source: 'census',
        }),
      );

    const split = facts.boundaryChanges.find((c) => c.event === 'split')!;
    const [old] = split.fromCodes as [string];
    const [north, south] = split.toCodes as [string, string];
    expect(count(old, 2009)).toBe(12);
    expect(count(old, 2010)).toBe(0);
    expect(count(north, 2009) + count(south, 2009)).toBe(0);
    expect(count(north, 2010)).toBe(12);
    expect(pop(old, 2010)).toBeUndefined();
    const shareNorth = pop(north, 2010)! / (pop(north, 2010)! + pop(south, 2010)!);
    expect(shareNorth).toBeCloseTo(split.shares[0]!, 4);
    const growth = (pop(north, 2010)! + pop(south, 2010)!) / pop(old, 2009)!;
    expect(Math.abs(growth - 1)).toBeLessThan(0.05);

    const merger = facts.boundaryChanges.find((c) => c.event === 'merger')!;
    const [a, b] = merger.fromCodes as [string, string];
    const [merged] = merger.toCodes as [string];
    expect(count(a, 2015) + count(b, 2015)).toBe(24);
    expect(count(a, 2016) + count(b, 2016) + count(merged, 2015)).toBe(0);
    expect(count(merged, 2016)).toBe(12);
    const continuity = pop(merged, 2016)! / (pop(a, 2015)! + pop(b, 2015)!);
    expect(Math.abs(continuity - 1)).toBeLessThan(0.05);
  });
});
