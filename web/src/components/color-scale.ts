/**
 * Choropleth classes: five quantile classes of the values shown (each class holds about a fifth of
 * the units, so a few extreme values do not wash out the rest) and colour-blind-safe sequential
 * palettes from ColorBrewer. Higher-is-better indicators use blues, the others oranges and reds.
 */
export const NO_DATA_COLOR = '#d9d9d9';
const WORSE_HIGH = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'] as const;
const BETTER_HIGH = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'] as const;

export interface ColorScale {
  /** Upper bounds of the first four classes. */
  readonly breaks: readonly number[];
  readonly colors: readonly string[];
  readonly min: number;
  readonly max: number;
  color(value: number | undefined): string;
}

export function quantileBreaks(values: readonly number[], classes = 5): number[] {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks: number[] = [];
  for (let k = 1; k < classes; k++) {
    const position = (k / classes) * (sorted.length - 1);
    const low = Math.floor(position);
    const high = Math.ceil(position);
    const a = sorted[low] ?? 0;
    const b = sorted[high] ?? a;
    breaks.push(a + (b - a) * (position - low));
  }
  return breaks;
}

export function colorScale(values: readonly number[], direction: string): ColorScale {
  const colors = direction === 'up' ? BETTER_HIGH : WORSE_HIGH;
  const breaks = quantileBreaks(values, colors.length);
  const finite = values.filter(Number.isFinite);
  return {
    breaks,
    colors,
    min: finite.length === 0 ? 0 : Math.min(...finite),
    max: finite.length === 0 ? 0 : Math.max(...finite),
    color(value) {
      if (value === undefined || !Number.isFinite(value)) return NO_DATA_COLOR;
      let k = 0;
      while (k < breaks.length && value > (breaks[k] ?? Infinity)) k++;
      return colors[k] ?? NO_DATA_COLOR;
    },
  };
}
