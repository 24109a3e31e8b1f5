/**
 * An Observable Plot chart as a React component: drawn at the width of its box (redrawn when the
 * box resizes), announced as one image with a sentence that describes it; the numbers are also in
 * a table or in the text beside every chart on the page.
 */
import * as Plot from '@observablehq/plot';
import { useEffect, useRef, useState } from 'react';
import { locale } from '../../format.ts';

export function PlotChart(props: {
  /** Builds the options for a width in pixels; memoize it, the chart redraws when it changes. */
  options: (width: number) => Plot.PlotOptions;
  label: string;
  className?: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const measure = () => setWidth(Math.floor(element.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const { options, label } = props;
  useEffect(() => {
    const element = box.current;
    if (element === null || width === 0) return;
    const chart = Plot.plot({ ...options(width), width });
    const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector('svg');
    // Plot names each mark's group (aria-label="line") without a role, which ARIA forbids; the
    // chart is one image described by `label`.
    for (const part of chart.querySelectorAll('[aria-label], [aria-description]')) {
      part.removeAttribute('aria-label');
      part.removeAttribute('aria-description');
    }
    svg?.setAttribute('role', 'img');
    svg?.setAttribute('aria-label', label);
    element.replaceChildren(chart);
    return () => chart.remove();
  }, [options, label, width]);
  return <div ref={box} className={`plot-chart ${props.className ?? ''}`} data-testid={props.testId} />;
}

/** Axis ticks in the reader's language, short for large numbers (250 k). */
export function compactFormat(lang: string): (value: number) => string {
  const format = new Intl.NumberFormat(locale(lang), { notation: 'compact', maximumFractionDigits: 1 });
  return (value: number) => format.format(value);
}
