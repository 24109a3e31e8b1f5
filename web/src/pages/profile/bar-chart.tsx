/** Horizontal bars of units by value, highest first, one unit highlighted, an optional median rule. */
import type { PlotOptions } from '@observablehq/plot';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../format.ts';
import { compactFormat, PlotChart, type PlotModule } from '../../components/plot-chart.tsx';

export interface Bar {
  readonly code: string;
  readonly name: string;
  readonly value: number;
  readonly highlight: boolean;
}

const BAR = '#8aa6c4';
const HIGHLIGHT = '#0b5cad';

export function BarChart(props: {
  bars: readonly Bar[];
  median?: number | null;
  medianLabel?: string;
  label: string;
  testId: string;
}) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const { median, medianLabel } = props;
  // Callers build the bars on every render: redraw only when their content changes.
  const signature = props.bars.map((b) => `${b.code}\t${b.name}\t${b.value}\t${b.highlight}`).join('\n');
  const bars = useMemo(() => props.bars, [signature]);
  const options = useCallback(
    (Plot: PlotModule, width: number): PlotOptions => {
      const sorted = [...bars].sort((a, b) => b.value - a.value);
      const names = new Map(sorted.map((bar) => [bar.code, bar.name]));
      const longest = Math.max(0, ...sorted.map((bar) => bar.name.length));
      const marginLeft = Math.min(Math.max(60, longest * 6.5 + 10), Math.floor(width * 0.4));
      return {
        height: sorted.length * 20 + 40,
        marginLeft,
        marginRight: 48,
        marginTop: 24,
        marginBottom: 20,
        style: { fontSize: '11px', color: '#1b1f24', background: 'transparent' },
        x: {
          label: null,
          grid: true,
          axis: 'top',
          ticks: Math.max(2, Math.floor((width - marginLeft) / 80)),
          tickFormat: compactFormat(lang),
        },
        y: {
          label: null,
          domain: sorted.map((bar) => bar.code),
          tickSize: 0,
          tickFormat: (code: string) => names.get(code) ?? code,
        },
        marks: [
          Plot.barX(sorted, {
            x: 'value',
            y: 'code',
            fill: (bar: Bar) => (bar.highlight ? HIGHLIGHT : BAR),
          }),
          ...[false, true].map((bold) =>
            Plot.text(
              sorted.filter((bar) => bar.highlight === bold),
              {
                x: 'value',
                y: 'code',
                text: (bar: Bar) => formatNumber(bar.value, lang),
                textAnchor: 'start',
                dx: 4,
                fontWeight: bold ? 'bold' : 'normal',
              },
            ),
          ),
          ...(median === undefined || median === null
            ? []
            : [
                Plot.ruleX([median], { stroke: '#1b1f24', strokeDasharray: '4,3' }),
                Plot.text([median], {
                  x: (m: number) => m,
                  frameAnchor: 'bottom',
                  dy: 14,
                  text: () => medianLabel ?? '',
                  fill: '#1b1f24',
                }),
              ]),
          Plot.ruleX([0]),
        ],
      };
    },
    [bars, median, medianLabel, lang],
  );
  return <PlotChart options={options} label={props.label} className="bar-chart" testId={props.testId} />;
}
