/**
 * The explorer's charts, drawn with Observable Plot: a line per unit over time (with 95% interval
 * bands when few units are shown) and bars for the last period (with interval whiskers). Plot
 * draws into a container sized to its parent; tips come from Plot's `tip` mark with the pointer.
 */
import type { PlotModule } from '../../components/plot-chart.tsx';
import { locale } from '../../format.ts';

/** One point of a chart: a unit's value in a period, with its interval and a tip text. */
export interface ChartDatum {
  readonly unit: string;
  readonly name: string;
  readonly period: string;
  readonly date: Date;
  /** The value shown: smoothed when asked for, crude otherwise. */
  readonly value: number;
  /** The crude value (the same as `value` unless smoothed rates are shown). */
  readonly crude: number;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly tip: string;
}

export interface ChartOptions {
  readonly data: readonly ChartDatum[];
  /** Unit names in the order of the selection, and their colours. */
  readonly names: readonly string[];
  readonly colors: readonly string[];
  readonly yLabel: string;
  readonly ariaLabel: string;
  readonly language: string;
  readonly width: number;
}

const numberTick = (language: string) => {
  const format = new Intl.NumberFormat(locale(language), { maximumFractionDigits: 2 });
  return (value: number): string => format.format(value);
};

/** Years on January ticks, short month names otherwise, in the reader's language. */
const timeTick = (language: string) => {
  const month = new Intl.DateTimeFormat(locale(language), { month: 'short', timeZone: 'UTC' });
  return (date: Date): string =>
    date.getUTCMonth() === 0 ? String(date.getUTCFullYear()) : month.format(date);
};

export function lineChart(Plot: PlotModule, options: ChartOptions & { bands: boolean }): Element {
  const { data, width } = options;
  const periods = new Set(data.map((d) => d.period)).size;
  const withInterval = data.filter((d) => d.lower !== null && d.upper !== null);
  const narrow = width < 520;
  return Plot.plot({
    width,
    height: narrow ? 300 : 420,
    marginLeft: 56,
    marginRight: 16,
    ariaLabel: options.ariaLabel,
    style: { fontSize: '12px' },
    x: {
      type: 'utc',
      label: null,
      ticks: Math.max(2, Math.floor(width / 90)),
      tickFormat: timeTick(options.language),
    },
    y: { zero: true, grid: true, label: options.yLabel, tickFormat: numberTick(options.language) },
    color: { domain: [...options.names], range: [...options.colors] },
    marks: [
      options.bands
        ? Plot.areaY(withInterval, {
            x: 'date',
            y1: 'lower',
            y2: 'upper',
            z: 'name',
            fill: 'name',
            fillOpacity: 0.15,
          })
        : null,
      Plot.ruleY([0]),
      Plot.lineY(data, { x: 'date', y: 'value', z: 'name', stroke: 'name', strokeWidth: 2 }),
      periods <= 30 ? Plot.dot(data, { x: 'date', y: 'value', fill: 'name', r: 2.5 }) : null,
      Plot.tip(data, Plot.pointer({ x: 'date', y: 'value', title: 'tip', fontSize: 12 })),
    ],
  });
}

/** Bars for one period, with interval whiskers; open circles mark the crude rates under smoothed bars. */
export function barChart(Plot: PlotModule, options: ChartOptions & { crudeDots: boolean }): Element {
  const { data, width } = options;
  const sorted = [...data].sort((a, b) => b.value - a.value);
  const longest = Math.max(0, ...data.map((d) => d.name.length));
  // names up to about 42% of the width; longer ones are cut (the tip gives them whole)
  const marginLeft = Math.round(Math.min(width * 0.42, 16 + longest * 6.5));
  const fits = Math.max(6, Math.floor((marginLeft - 16) / 6.5));
  const cut = (name: string): string =>
    name.length <= fits ? name : `${name.slice(0, fits - 1).trimEnd()}…`;
  const color = new Map(options.names.map((name, i) => [name, options.colors[i] ?? '#1f77b4']));
  return Plot.plot({
    width,
    height: 60 + 30 * sorted.length,
    marginLeft,
    marginRight: 24,
    ariaLabel: options.ariaLabel,
    style: { fontSize: '12px' },
    x: {
      zero: true,
      grid: true,
      label: options.yLabel,
      ticks: Math.max(2, Math.floor((width - marginLeft) / 70)),
      tickFormat: numberTick(options.language),
    },
    y: { domain: sorted.map((d) => d.name), label: null, tickSize: 0, tickFormat: cut },
    marks: [
      Plot.barX(sorted, {
        y: 'name',
        x: 'value',
        fill: (d: ChartDatum) => color.get(d.name),
        insetTop: 4,
        insetBottom: 4,
      }),
      Plot.ruleX([0]),
      Plot.ruleY(
        sorted.filter((d) => d.lower !== null && d.upper !== null),
        { y: 'name', x1: 'lower', x2: 'upper', stroke: '#1b1f24', strokeWidth: 1.5 },
      ),
      Plot.tickX(
        sorted.flatMap((d) =>
          d.lower === null || d.upper === null
            ? []
            : [
                { name: d.name, x: d.lower },
                { name: d.name, x: d.upper },
              ],
        ),
        { y: 'name', x: 'x', stroke: '#1b1f24', strokeWidth: 1.5, insetTop: 9, insetBottom: 9 },
      ),
      options.crudeDots
        ? Plot.dot(sorted, {
            y: 'name',
            x: 'crude',
            r: 3.5,
            stroke: '#1b1f24',
            fill: '#ffffff',
            strokeWidth: 1.5,
          })
        : null,
      Plot.tip(sorted, Plot.pointerY({ y: 'name', x: 'value', title: 'tip', fontSize: 12 })),
    ],
  });
}
