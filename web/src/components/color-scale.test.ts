import { describe, expect, it } from 'vitest';
import { colorScale, NO_DATA_COLOR, quantileBreaks } from './color-scale.ts';

describe('choropleth classes', () => {
  it('cuts at the quantiles, so each class holds a fifth of the units', () => {
    const values = Array.from({ length: 101 }, (_, i) => i);
    expect(quantileBreaks(values)).toEqual([20, 40, 60, 80]);
    const scale = colorScale(values, 'down');
    const counts = new Map<string, number>();
    for (const v of values) counts.set(scale.color(v), (counts.get(scale.color(v)) ?? 0) + 1);
    expect([...counts.values()].every((n) => n >= 20 && n <= 21)).toBe(true);
  });

  it('greys out missing values and keeps a lone value in one class', () => {
    const scale = colorScale([5], 'up');
    expect(scale.color(undefined)).toBe(NO_DATA_COLOR);
    expect(scale.color(Number.NaN)).toBe(NO_DATA_COLOR);
    expect(scale.color(5)).toBe(scale.colors[0]);
  });
});
