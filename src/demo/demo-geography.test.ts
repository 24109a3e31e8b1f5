import { describe, expect, it } from 'vitest';
import { COUNTRY_PROFILES, DEMO_COUNTRY_CODES, valueAt, logValueAt } from './country-profiles.ts';
import { demoCrosswalk, demoOrgUnits } from './demo-geography.ts';

describe('country profiles', () => {
  it('cover the 35 member states once each', () => {
    expect(new Set(DEMO_COUNTRY_CODES).size).toBe(35);
    expect(DEMO_COUNTRY_CODES).toContain('KNA');
    expect(DEMO_COUNTRY_CODES).toContain('VCT');
  });

  it('keep divisions real-sized and municipalities in 2–12', () => {
    for (const p of COUNTRY_PROFILES) {
      expect(p.divisions).toBeGreaterThan(0);
      expect(p.divisions).toBeLessThanOrEqual(32);
      const [min, max] = p.municipalitiesPerDivision;
      expect(min).toBeGreaterThanOrEqual(2);
      expect(max).toBeLessThanOrEqual(12);
      expect(min).toBeLessThanOrEqual(max);
    }
  });

  it('interpolate trajectories', () => {
    expect(valueAt([10, 34], 2012)).toBe(22);
    expect(valueAt([10, 34], 1995)).toBe(10);
    expect(
      valueAt(
        [
          [2000, 1],
          [2010, 11],
          [2020, 1],
        ],
        2005,
      ),
    ).toBe(6);
    expect(
      valueAt(
        [
          [2000, 1],
          [2010, 11],
          [2020, 1],
        ],
        2030,
      ),
    ).toBe(1);
    expect(logValueAt([100, 400], 2012)).toBeCloseTo(200, 9);
  });
});

describe('demo geography', () => {
  const units = demoOrgUnits();
  const byCode = new Map(units.map((u) => [u.code, u]));

  it('has unique codes whose parents come first', () => {
    expect(byCode.size).toBe(units.length);
    const seen = new Set<string>(DEMO_COUNTRY_CODES);
    for (const unit of units) {
      expect(seen.has(unit.parentCode!), unit.code).toBe(true);
      seen.add(unit.code);
    }
  });

  it('codes divisions ISO3.NN and municipalities ISO3.NNNNN under them', () => {
    for (const unit of units) {
      if (unit.level === 'division') {
        expect(unit.code).toMatch(/^[A-Z]{3}\.\d{2}$/);
        expect(unit.code.slice(0, 3)).toBe(unit.parentCode);
      } else {
        expect(unit.level).toBe('municipality');
        expect(unit.code).toMatch(/^[A-Z]{3}\.\d{5}$/);
        expect(unit.code.startsWith(unit.parentCode!)).toBe(true);
      }
    }
  });

  it('has about 2 000 municipalities at scale 1 and k times more at scale k', () => {
    const count = (scale: number): number =>
      demoOrgUnits({ scale }).filter((u) => u.level === 'municipality').length;
    const one = units.filter((u) => u.level === 'municipality').length;
    expect(one).toBeGreaterThan(1_800);
    expect(one).toBeLessThan(3_000);
    expect(count(3) / one).toBeCloseTo(3, 1);
  });

  it('names units in the four languages alike, uniquely within a member state', () => {
    const names = new Map<string, Set<string>>();
    for (const unit of units) {
      expect(unit.name.es).toBe(unit.name.en);
      expect(unit.name.pt).toBe(unit.name.en);
      expect(unit.name.fr).toBe(unit.name.en);
      expect(unit.name.en.length).toBeGreaterThan(2);
      const country = `${unit.code.slice(0, 3)}|${unit.level}`;
      const set = names.get(country) ?? new Set<string>();
      expect(set.has(unit.name.en), unit.name.en).toBe(false);
      set.add(unit.name.en);
      names.set(country, set);
    }
  });

  it('does not depend on the seed', () => {
    expect(demoOrgUnits({ seed: 1, countries: ['HND'] })).toEqual(demoOrgUnits({ countries: ['HND'] }));
  });

  it('plants a split in 2010 and a merger in 2016, with validity dates and a crosswalk', () => {
    const crosswalk = demoCrosswalk();
    const split = crosswalk.filter((e) => e.event === 'split');
    const merger = crosswalk.filter((e) => e.event === 'merger');
    expect(split).toHaveLength(2);
    expect(new Set(split.map((e) => e.fromCode)).size).toBe(1);
    expect(split.reduce((sum, e) => sum + e.share, 0)).toBeCloseTo(1, 12);
    expect(merger).toHaveLength(2);
    expect(new Set(merger.map((e) => e.toCode)).size).toBe(1);
    for (const entry of [...split, ...merger]) {
      const from = byCode.get(entry.fromCode)!;
      const to = byCode.get(entry.toCode)!;
      expect(from.validTo).toBe(entry.date);
      expect(to.validFrom).toBe(entry.date);
      expect(from.parentCode).toBe(to.parentCode);
    }
    expect(split[0]!.date).toBe('2010-01-01');
    expect(merger[0]!.date).toBe('2016-01-01');
    expect(demoCrosswalk({ countries: ['HND'] })).toEqual([]);
  });
});
