/**
 * Reproduces published rates from their parts: World Bank WDI intentional homicides per 100 000
 * (VC.IHR.PSRC.P5) × WDI population (SP.POP.TOTL), loaded as counts and denominators, must give
 * back every published country-year rate; the Americas must come out as Σ counts / Σ population,
 * flagged incomplete in the years some member state did not report.
 * Reads the WDI bulk files from ../shared/data and skips when they are absent.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_ELEMENTS } from '../catalogue/data-elements.ts';
import { INDICATORS } from '../catalogue/indicators.ts';
import { CsvRecordReader } from '../data/csv-records.ts';
import { OAS_ORG_UNITS } from '../geography/member-states.ts';
import { AnalyticsCube, cubeUnitsOf, type CubeRow } from './analytics-cube.ts';
import { compileIndicator, indicatorValue } from './indicator-values.ts';

const WDI = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'formats', 'worldbank_wdi_2022');
const present = existsSync(WDI);
if (!present) console.warn(`skipping the WDI reproduction: ${WDI} is absent`);

/** country code → year → value, from a WDI bulk CSV (BOM, 4 metadata lines, wide years). */
function readWdi(prefix: string): Map<string, Map<number, number>> {
  const file = readdirSync(WDI).find((f) => f.startsWith(prefix) && f.endsWith('.csv'))!;
  const reader = new CsvRecordReader({ file });
  const records = [...reader.push(readFileSync(join(WDI, file), 'utf8')), ...reader.end()];
  const header = records.find((r) => r.fields[0] === 'Country Name')!.fields;
  const out = new Map<string, Map<number, number>>();
  for (const record of records.slice(
    records.indexOf(records.find((r) => r.fields[0] === 'Country Name')!) + 1,
  )) {
    const years = new Map<number, number>();
    header.forEach((name, i) => {
      const cell = record.fields[i];
      if (/^\d{4}$/.test(name) && cell !== undefined && cell !== '') years.set(Number(name), Number(cell));
    });
    out.set(record.fields[1]!, years);
  }
  return out;
}

describe.runIf(present)('WDI homicide rates reproduced from counts and population', () => {
  it('gives back every published country-year rate, and the Americas as Σ counts / Σ population', () => {
    const rates = readWdi('API_VC.IHR.PSRC.P5');
    const population = readWdi('API_SP.POP.TOTL');
    const units = OAS_ORG_UNITS.map((u, id) => ({ ...u, id }));
    const idOf = new Map(units.map((u) => [u.code, u.id]));
    const cube = new AnalyticsCube({
      units: cubeUnitsOf(OAS_ORG_UNITS),
      groups: [],
      elements: DATA_ELEMENTS.map((e, id) => ({ ...e, id })),
      sources: [
        { id: 1, code: 'wdi_counts' },
        { id: 2, code: 'wdi_population' },
      ],
    });
    const element = (code: string) => DATA_ELEMENTS.findIndex((e) => e.code === code);
    const rows: CubeRow[] = [];
    const published: [string, number, number][] = [];
    for (const unit of units.filter((u) => u.level === 'member_state')) {
      for (const [year, rate] of rates.get(unit.code) ?? []) {
        const people = population.get(unit.code)?.get(year);
        if (people === undefined) continue;
        const common = { orgUnitId: unit.id, period: String(year), disaggregation: '', status: 'published' };
        rows.push({
          ...common,
          elementId: element('homicide_victims'),
          sourceId: 1,
          value: (rate * people) / 1e5,
        });
        rows.push({ ...common, elementId: element('population'), sourceId: 2, value: people });
        published.push([unit.code, year, rate]);
      }
    }
    cube.apply(rows);
    const homicideRate = compileIndicator(
      INDICATORS.find((i) => i.code === 'homicide_rate')!,
      cube.elementsByCode,
    );
    expect(published.length).toBeGreaterThan(500);
    for (const [code, year, rate] of published) {
      const value = indicatorValue(
        cube,
        'published',
        homicideRate,
        { unitIds: [idOf.get(code)!] },
        cube.periodKey(String(year))!,
      );
      expect(Math.abs(value!.value - rate) / rate, `${code} ${year}`).toBeLessThan(1e-12);
    }
    // The Americas, every year, from the summed parts of the member states that reported (population
    // is loaded only beside a rate, so numerator and denominator cover the same states).
    const years = [...new Set(published.map(([, y]) => y))];
    for (const year of years) {
      const parts = published.filter(([, y]) => y === year);
      const count = parts.reduce((s, [c, , r]) => s + (r * population.get(c)!.get(year)!) / 1e5, 0);
      const people = parts.reduce((s, [c]) => s + population.get(c)!.get(year)!, 0);
      const americas = indicatorValue(
        cube,
        'published',
        homicideRate,
        { unitIds: [idOf.get('AME')!] },
        cube.periodKey(String(year))!,
      );
      expect(americas!.complete).toBe(parts.length === 35);
      expect(americas!.value).toBeCloseTo((count / people) * 1e5, 9);
    }
  });
});
