import { geoArea, geoContains } from 'd3-geo';
import { describe, expect, it } from 'vitest';
import { DEMO_BOUNDARY_BOXES, demoBoundaries } from './demo-boundaries.ts';
import { countryGeography } from './demo-geography.ts';

describe('demo boundaries', () => {
  const mexico = demoBoundaries({ countries: ['MEX'] });

  it('gives every division of a boxed country one cell, the same every time', () => {
    expect(mexico.map((b) => b.code)).toEqual(countryGeography('MEX', 1).divisions.map((d) => d.code));
    expect(mexico).toHaveLength(32);
    expect(demoBoundaries({ countries: ['MEX'], scale: 3, seed: 7 })).toEqual(mexico);
    expect(demoBoundaries({ countries: ['ARG'] })).toEqual([]);
  });

  it('tessellates the box: every point of it lies in exactly one cell, each cell a small area', () => {
    const [west, south, east, north] = DEMO_BOUNDARY_BOXES['MEX']!;
    for (const b of mexico) expect(geoArea(b.geometry as GeoJSON.Polygon)).toBeLessThan(0.02);
    let points = 0;
    for (let i = 0; i < 23; i++) {
      for (let j = 0; j < 19; j++) {
        const point: [number, number] = [
          west + ((i + 0.37) / 23) * (east - west),
          south + ((j + 0.61) / 19) * (north - south),
        ];
        const holders = mexico.filter((b) => geoContains(b.geometry as GeoJSON.Polygon, point));
        expect(holders.length, `${point.join(',')}`).toBe(1);
        points += 1;
      }
    }
    expect(points).toBe(437);
    const total = mexico.reduce((sum, b) => sum + geoArea(b.geometry as GeoJSON.Polygon), 0);
    // the box is about 30.4° × 18.2° around 23.6°N: ≈ 0.154 sr
    expect(total).toBeGreaterThan(0.14);
    expect(total).toBeLessThan(0.17);
  });
});
