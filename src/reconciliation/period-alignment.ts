/**
 * Two sources of one figure reported at different period types (the forensic institute monthly,
 * the police yearly) are compared at the coarser type: for each period some source reports, every
 * other source that reports it only at a finer type gets a value built from its finer periods by
 * the element's time aggregation — `sum` (counts) only when the finer series is complete (all 12
 * months or all 4 quarters of a year, all 3 months of a quarter), `average` (weighted by days) on
 * the same condition, `last` from the last finer period. Shares are never combined over time (a
 * yearly survey share is not the mean of monthly ones). What could not be built is listed, so the
 * reader knows which periods were not compared and why. Pure: values in, aligned values out.
 */
import type { TimeAggregation, ValueType } from '../catalogue/catalogue.ts';
import {
  childPeriods,
  comparePeriods,
  daysIn,
  formatPeriod,
  tryParsePeriod,
  type Period,
  type PeriodType,
} from '../periods/period-code.ts';
import type { SourcedValue } from './source-comparison.ts';

/** How a compared value was obtained: reported as is, or built from `count` finer periods. */
export interface Obtained {
  readonly method: 'reported' | 'sum' | 'average' | 'last';
  /** the type of the periods it was read from (the compared period's own type when reported) */
  readonly periodType: PeriodType;
  /** how many of them (1 when reported) */
  readonly count: number;
}

export interface AlignedValue extends SourcedValue {
  readonly obtained: Obtained;
}

/** A period a source reports that another source covers only partly, or not combinably. */
export interface NotCompared {
  readonly orgUnit: string;
  readonly period: string;
  readonly disaggregation: string;
  /** the source whose finer periods could not be combined */
  readonly source: string;
  readonly periodType: PeriodType;
  readonly reason: 'incomplete' | 'not_combinable';
  /** finer periods it reports within the period, and how many the period has */
  readonly found: number;
  readonly expected: number;
  /** the finer periods that were needed and are missing */
  readonly missing: readonly string[];
}

export interface ElementTime {
  readonly timeAggregation: TimeAggregation;
  readonly valueType: ValueType;
}

/** Result of combining a source's finer periods into one coarser period. */
export type Combined =
  | { readonly kind: 'value'; readonly value: number; readonly obtained: Obtained }
  | {
      readonly kind: 'incomplete' | 'not_combinable';
      readonly found: number;
      readonly expected: number;
      readonly missing: readonly string[];
    };

/**
 * Combines the values of one finer period type within `period` (`values`: code → value, any
 * codes; only the children of `period` of type `type` are read).
 */
export function combinePeriods(
  period: Period,
  type: PeriodType,
  values: ReadonlyMap<string, number>,
  element: ElementTime,
): Combined {
  const children = childPeriods(period, type);
  const codes = children.map(formatPeriod);
  const found = codes.filter((code) => values.has(code)).length;
  const expected = codes.length;
  const absent = codes.filter((code) => !values.has(code));
  if (element.valueType === 'share') {
    return { kind: 'not_combinable', found, expected, missing: [] };
  }
  switch (element.timeAggregation) {
    case 'sum': {
      if (absent.length > 0) return { kind: 'incomplete', found, expected, missing: absent };
      const value = codes.reduce((total, code) => total + values.get(code)!, 0);
      return { kind: 'value', value, obtained: { method: 'sum', periodType: type, count: expected } };
    }
    case 'average': {
      if (absent.length > 0) return { kind: 'incomplete', found, expected, missing: absent };
      // a level averaged over the period: each finer period weighs by its days
      let weighted = 0;
      let days = 0;
      children.forEach((child, i) => {
        weighted += daysIn(child) * values.get(codes[i]!)!;
        days += daysIn(child);
      });
      return {
        kind: 'value',
        value: weighted / days,
        obtained: { method: 'average', periodType: type, count: expected },
      };
    }
    case 'last': {
      const last = codes[codes.length - 1]!;
      const value = values.get(last);
      if (value === undefined) return { kind: 'incomplete', found, expected, missing: [last] };
      return { kind: 'value', value, obtained: { method: 'last', periodType: type, count: 1 } };
    }
  }
}

const FINER: Record<PeriodType, readonly PeriodType[]> = {
  year: ['quarter', 'month'],
  quarter: ['month'],
  month: [],
};

/**
 * Every value a source reports, plus, for each period another source of the same org unit and
 * disaggregation reports, a value built from this source's finer periods when it does not report
 * that period itself (quarters tried before months; the first complete one is used). With
 * `periodType`, only periods of that type are compared (finer ones are read to build them).
 */
export function alignPeriods(
  values: readonly SourcedValue[],
  element: ElementTime,
  options: { readonly periodType?: PeriodType } = {},
): { values: AlignedValue[]; notCompared: NotCompared[] } {
  // org unit + disaggregation → source → period code → value
  const groups = new Map<string, Map<string, Map<string, number>>>();
  for (const v of values) {
    const key = `${v.orgUnit}\t${v.disaggregation}`;
    let bySource = groups.get(key);
    if (bySource === undefined) groups.set(key, (bySource = new Map<string, Map<string, number>>()));
    let byPeriod = bySource.get(v.source);
    if (byPeriod === undefined) bySource.set(v.source, (byPeriod = new Map<string, number>()));
    byPeriod.set(v.period, v.value);
  }
  const aligned: AlignedValue[] = [];
  const notCompared: NotCompared[] = [];
  for (const [key, bySource] of groups) {
    const [orgUnit, disaggregation] = key.split('\t') as [string, string];
    // the periods compared: those some source reports (of the asked type)
    const targets = new Map<string, Period>();
    for (const byPeriod of bySource.values()) {
      for (const code of byPeriod.keys()) {
        const period = tryParsePeriod(code);
        if (period === undefined) continue;
        if (options.periodType !== undefined && period.type !== options.periodType) continue;
        targets.set(code, period);
      }
    }
    const ordered = [...targets].sort(([, a], [, b]) => comparePeriods(a, b));
    for (const [code, period] of ordered) {
      for (const [source, byPeriod] of bySource) {
        const reported = byPeriod.get(code);
        const base = { orgUnit, period: code, disaggregation, source };
        if (reported !== undefined) {
          aligned.push({
            ...base,
            value: reported,
            obtained: { method: 'reported', periodType: period.type, count: 1 },
          });
          continue;
        }
        let best: Combined | undefined;
        let bestType: PeriodType | undefined;
        for (const type of FINER[period.type]) {
          if (!hasChildIn(byPeriod, period, type)) continue;
          const combined = combinePeriods(period, type, byPeriod, element);
          if (combined.kind === 'value') {
            best = combined;
            bestType = type;
            break;
          }
          // among incomplete series, the one covering the larger share of the period
          if (best === undefined || (best.kind !== 'value' && share(combined) > share(best))) {
            best = combined;
            bestType = type;
          }
        }
        if (best === undefined) continue; // this source says nothing about the period
        if (best.kind === 'value') {
          aligned.push({ ...base, value: best.value, obtained: best.obtained });
        } else {
          notCompared.push({
            ...base,
            periodType: bestType!,
            reason: best.kind,
            found: best.found,
            expected: best.expected,
            missing: best.missing,
          });
        }
      }
    }
  }
  return { values: aligned, notCompared };
}

function share(c: { readonly found: number; readonly expected: number }): number {
  return c.found / c.expected;
}

function hasChildIn(byPeriod: ReadonlyMap<string, number>, period: Period, type: PeriodType): boolean {
  return childPeriods(period, type).some((child) => byPeriod.has(formatPeriod(child)));
}
