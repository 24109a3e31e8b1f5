/**
 * The observed-against-counterfactual charts of an evaluation, drawn with Observable Plot into one
 * SVG (so it downloads as it is shown): ITS observed, fitted and counterfactual with the start
 * marked; SCM treated against synthetic, and the placebo gaps; DiD the event study with intervals
 * and a zero line. Each chart carries an aria-label, an HTML legend, and its data as a table.
 */
import type { Markish } from '@observablehq/plot';
import { useCallback, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PlotChart, type PlotModule } from '../../components/plot-chart.tsx';
import { formatNumber } from '../../format.ts';

export interface Series {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly dashed?: boolean;
  readonly faint?: boolean;
}

const INK = '#1b1f24';
const ACCENT = '#0b5cad';
const ALERT = '#b3261e';
const FAINT = '#aab2bc';
export const COLORS = { ink: INK, accent: ACCENT, alert: ALERT, faint: FAINT } as const;

/** Draws `make(width)` (a Plot chart) into a figure with a caption, a legend and a download button. */
export function PlotFigure({
  title,
  label,
  legend,
  make,
  fileName,
  table,
  testId,
}: {
  title: string;
  label: string;
  legend: readonly Series[];
  make: (plot: PlotModule, width: number) => Element;
  fileName: string;
  table: ReactNode;
  testId: string;
}) {
  const { t } = useTranslation('interventions');
  const chart = useRef<HTMLDivElement>(null);
  // between 280 and 960 pixels, whatever the figure's width
  const draw = useCallback(
    (plot: PlotModule, width: number) => make(plot, Math.max(280, Math.min(960, width))),
    [make],
  );
  const download = () => {
    const svg = chart.current?.querySelector('svg');
    if (svg === null || svg === undefined) return;
    const copy = svg.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    saveFile(`${fileName}.svg`, new XMLSerializer().serializeToString(copy), 'image/svg+xml');
  };
  return (
    <figure className="evaluation-chart" data-testid={testId}>
      <figcaption>
        <h3>{title}</h3>
      </figcaption>
      <ul className="chart-legend">
        {legend.map((series) => (
          <li key={series.key}>
            <svg width="24" height="10" aria-hidden="true">
              <line
                x1="0"
                x2="24"
                y1="5"
                y2="5"
                stroke={series.color}
                strokeWidth={series.faint === true ? 1.5 : 2.5}
                strokeDasharray={series.dashed === true ? '5 3' : undefined}
              />
            </svg>
            {series.label}
          </li>
        ))}
      </ul>
      <div className="chart-area" role="img" aria-label={label} ref={chart}>
        <PlotChart draw={draw} hidden />
      </div>
      <details className="chart-data">
        <summary>{t('result.chartData')}</summary>
        <div className="table-scroll">{table}</div>
      </details>
      <p>
        <button type="button" className="secondary" onClick={download}>
          {t('result.downloadChart')}
        </button>
      </p>
    </figure>
  );
}

/** Offers `text` as a file to save. */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export interface LinePoint {
  readonly x: number;
  readonly y: number;
  readonly series: string;
  /** the line a point belongs to within a faint series (one per placebo) */
  readonly group?: string;
}

/** Lines by series over a numeric x, with a vertical rule at `start` and optionally one at y = 0. */
export function lineChart(
  Plot: PlotModule,
  options: {
    readonly width: number;
    readonly points: readonly LinePoint[];
    readonly series: readonly Series[];
    readonly start?: number | undefined;
    readonly zeroLine?: boolean;
    readonly xLabel: string;
    readonly yLabel: string;
    readonly tickFormat: (x: number) => string;
    readonly language: string;
  },
): SVGSVGElement | HTMLElement {
  const { points, series } = options;
  const marks: Markish[] = [];
  if (options.zeroLine === true) marks.push(Plot.ruleY([0], { stroke: INK, strokeOpacity: 0.6 }));
  for (const s of series) {
    marks.push(
      Plot.line(
        points.filter((p) => p.series === s.key),
        {
          x: 'x',
          y: 'y',
          ...(s.faint === true ? { z: 'group' } : {}),
          stroke: s.color,
          strokeWidth: s.faint === true ? 1 : 2,
          strokeOpacity: s.faint === true ? 0.6 : 1,
          ...(s.dashed === true ? { strokeDasharray: '5 3' } : {}),
        },
      ),
    );
  }
  if (options.start !== undefined) {
    marks.push(Plot.ruleX([options.start], { stroke: ALERT, strokeDasharray: '2 2' }));
  }
  return Plot.plot({
    width: options.width,
    height: Math.round(Math.min(380, Math.max(240, options.width * 0.5))),
    marginLeft: 56,
    style: { fontSize: '12px', color: INK, background: 'transparent' },
    x: {
      label: options.xLabel,
      tickFormat: options.tickFormat,
      ticks: Math.max(3, Math.floor(options.width / 110)),
    },
    y: { label: options.yLabel, grid: true, tickFormat: (v: number) => formatNumber(v, options.language) },
    marks,
  });
}

export interface IntervalPoint {
  readonly x: number;
  readonly y: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

/** Estimates with their intervals (the event study), a zero line and a rule before period 0. */
export function intervalChart(
  Plot: PlotModule,
  options: {
    readonly width: number;
    readonly points: readonly IntervalPoint[];
    readonly xLabel: string;
    readonly yLabel: string;
    readonly language: string;
  },
): SVGSVGElement | HTMLElement {
  const withInterval = options.points.filter((p) => p.lower !== null && p.upper !== null);
  return Plot.plot({
    width: options.width,
    height: Math.round(Math.min(380, Math.max(240, options.width * 0.5))),
    marginLeft: 56,
    style: { fontSize: '12px', color: INK, background: 'transparent' },
    x: { label: options.xLabel },
    y: { label: options.yLabel, grid: true, tickFormat: (v: number) => formatNumber(v, options.language) },
    marks: [
      Plot.ruleY([0], { stroke: INK }),
      Plot.ruleX([-0.5], { stroke: ALERT, strokeDasharray: '2 2' }),
      Plot.ruleX(withInterval, { x: 'x', y1: 'lower', y2: 'upper', stroke: FAINT, strokeWidth: 2 }),
      Plot.dot(options.points, {
        x: 'x',
        y: 'y',
        r: 2.5,
        fill: (p: IntervalPoint) => (p.x < 0 ? INK : ACCENT),
      }),
    ],
  });
}
