/**
 * Observable Plot charts: one component draws every chart of the app, at the width of its box
 * (redrawn when the box resizes by more than a few pixels).
 *
 * Plot and the parts of d3 it uses are loaded on first use (`loadPlot`), not with the page: a page
 * asks the API for its data first, and Plot's chunk downloads and is parsed while the answers come
 * (parsing it took about a quarter of a second before the profile page could send its first
 * request). Pages that always draw a chart call `usePlot()` so their ready mark waits for it.
 */
import type * as Plot from '@observablehq/plot';
import { useLayoutEffect, useRef, useState } from 'react';
import { locale } from '../format.ts';

export type PlotModule = typeof Plot;

let plotModule: Promise<PlotModule> | undefined;
let loadedPlot: PlotModule | undefined;

/** Observable Plot, loaded once. */
export function loadPlot(): Promise<PlotModule> {
  plotModule ??= import('@observablehq/plot').then((module) => (loadedPlot = module));
  return plotModule;
}

/** Plot once it is loaded (it starts loading at the first call). */
export function usePlot(): PlotModule | undefined {
  const [plot, setPlot] = useState<PlotModule | undefined>(loadedPlot);
  useLayoutEffect(() => {
    if (plot !== undefined) return;
    let live = true;
    void loadPlot().then((module) => {
      if (live) setPlot(() => module);
    });
    return () => {
      live = false;
    };
  }, [plot]);
  return plot;
}

/**
 * Plot names each mark's <g> with an aria-label, which ARIA does not allow on an element without a
 * role: the name moves to `data-mark` (kept for tests and styling). The chart is one image, named
 * by `label` (or by the aria-label its options gave it), or hidden when its figure is the image.
 */
function describe(chart: Element, label: string | undefined, hidden: boolean): void {
  const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector('svg');
  for (const part of chart.querySelectorAll('[aria-label]')) {
    if (part === svg) continue;
    if (part.tagName.toLowerCase() === 'g')
      part.setAttribute('data-mark', part.getAttribute('aria-label') ?? '');
    part.removeAttribute('aria-label');
  }
  for (const part of chart.querySelectorAll('[aria-description]')) part.removeAttribute('aria-description');
  if (hidden) {
    chart.setAttribute('aria-hidden', 'true');
    return;
  }
  svg?.setAttribute('role', 'img');
  if (label !== undefined) svg?.setAttribute('aria-label', label);
}

export function PlotChart(props: {
  /**
   * Draws the chart for a width in pixels (`draw`), or gives the options Plot draws it with at that
   * width (`options`); memoize it, the chart is redrawn when it changes.
   */
  draw?: (plot: PlotModule, width: number) => Element;
  options?: (plot: PlotModule, width: number) => Plot.PlotOptions;
  /** what the chart shows, in a sentence (its numbers are also in a table or the text beside it) */
  label?: string;
  /** the chart is decoration of a figure that is itself the image */
  hidden?: boolean;
  className?: string;
  testId?: string;
  /** called each time the chart is on the page */
  onDrawn?: () => void;
}) {
  const { draw, options, label, hidden = false, onDrawn } = props;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const plot = usePlot();
  useLayoutEffect(() => {
    const element = box.current;
    if (element === null) return;
    setWidth(Math.floor(element.clientWidth));
    const observer = new ResizeObserver((entries) => {
      const next = Math.floor(entries[0]?.contentRect.width ?? 0);
      setWidth((previous) => (Math.abs(previous - next) >= 4 ? next : previous));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  useLayoutEffect(() => {
    const element = box.current;
    if (element === null || plot === undefined || width === 0) return;
    const chart = draw !== undefined ? draw(plot, width) : plot.plot({ ...options?.(plot, width), width });
    describe(chart, label, hidden);
    element.replaceChildren(chart);
    onDrawn?.();
    return () => chart.remove();
  }, [plot, draw, options, width, label, hidden, onDrawn]);
  return <div ref={box} className={`plot-chart ${props.className ?? ''}`} data-testid={props.testId} />;
}

/** Axis ticks in the reader's language, short for large numbers (250 k). */
export function compactFormat(lang: string): (value: number) => string {
  const format = new Intl.NumberFormat(locale(lang), { notation: 'compact', maximumFractionDigits: 1 });
  return (value: number) => format.format(value);
}
