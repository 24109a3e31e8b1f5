/**
 * Synthetic boundaries for the demo's first-level divisions, so the subnational map has something
 * to draw: each country's bounding box (approximate, hand-entered) cut into rows and, in each row,
 * into cells, one per division, their edges jittered by a seeded stream. **Not real borders**: the
 * shapes follow no coastline nor any real division, and the store flags them synthetic, which the
 * API and the map say. Deterministic: the same cells come back for every data seed and scale.
 *
 * The cells go through the ordinary GeoJSON reader (`ingest/geojson-boundaries.ts`), so they are
 * checked and wound exactly as an imported file would be. Neighbouring cells of two rows share the
 * vertices of their common edge, so no sliver opens between them when a map draws the edges as
 * arcs of great circles.
 */
import { readGeoJsonBoundaries, type BoundingBox, type ReadBoundary } from '../ingest/geojson-boundaries.ts';
import { countryGeography } from './demo-geography.ts';
import { resolveDemoOptions, type DemoOptions } from './demo-options.ts';
import { mixSeed, Rng } from './random.ts';

/** Approximate bounding boxes [west, south, east, north] of the countries given demo boundaries. */
export const DEMO_BOUNDARY_BOXES: Readonly<Record<string, BoundingBox>> = {
  MEX: [-117.1, 14.5, -86.7, 32.7],
  GTM: [-92.2, 13.7, -88.2, 17.8],
  HND: [-89.35, 12.98, -83.15, 16.5],
  SLV: [-90.13, 13.15, -87.68, 14.45],
  COL: [-79.0, -4.23, -66.85, 12.46],
};

/** The file name the demo's boundaries are recorded under. */
export const DEMO_BOUNDARY_FILE = 'synthetic demo boundaries';

type Position = [number, number];

/** `n` cells tessellating `box`: rows of near-square cells, edges jittered; ordered row by row. */
export function tessellate(box: BoundingBox, n: number, rng: Rng): Position[][] {
  const [west, south, east, north] = box;
  const km = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const width = (east - west) * km;
  const height = north - south;
  const rows = Math.min(n, Math.max(1, Math.round(Math.sqrt((n * height) / width))));
  const perRow = Array.from({ length: rows }, (_, r) => Math.floor(n / rows) + (r < n % rows ? 1 : 0));
  const rowHeight = height / rows;
  const ys = Array.from({ length: rows + 1 }, (_, r) =>
    r === 0 ? south : r === rows ? north : south + r * rowHeight + rng.uniform(-0.25, 0.25) * rowHeight,
  );
  // each row's column edges, from west to east
  const xs = perRow.map((k) => {
    const cell = (east - west) / k;
    return Array.from({ length: k + 1 }, (_, j) =>
      j === 0 ? west : j === k ? east : west + j * cell + rng.uniform(-0.3, 0.3) * cell,
    );
  });
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  const cells: Position[][] = [];
  for (let r = 0; r < rows; r++) {
    const edges = xs[r]!;
    const below = r === 0 ? [] : xs[r - 1]!;
    const above = r === rows - 1 ? [] : xs[r + 1]!;
    const y0 = round(ys[r]!);
    const y1 = round(ys[r + 1]!);
    for (let j = 0; j + 1 < edges.length; j++) {
      const x0 = edges[j]!;
      const x1 = edges[j + 1]!;
      const inside = (x: number) => x > x0 && x < x1;
      // counter-clockwise: along the bottom eastwards, up, along the top westwards, down
      const ring: Position[] = [[round(x0), y0]];
      for (const x of below.filter(inside)) ring.push([round(x), y0]);
      ring.push([round(x1), y0], [round(x1), y1]);
      for (const x of above.filter(inside).reverse()) ring.push([round(x), y1]);
      ring.push([round(x0), y1], [round(x0), y0]);
      cells.push(ring);
    }
  }
  return cells;
}

/** The demo's synthetic boundaries of the divisions of the selected countries that have a box. */
export function demoBoundaries(options: DemoOptions = {}): ReadBoundary[] {
  const { countries, scale } = resolveDemoOptions(options);
  const features: unknown[] = [];
  for (const iso3 of countries) {
    const box = DEMO_BOUNDARY_BOXES[iso3];
    if (box === undefined) continue;
    const divisions = countryGeography(iso3, scale).divisions;
    const cells = tessellate(box, divisions.length, new Rng(mixSeed('demo-boundaries', iso3)));
    divisions.forEach((division, k) => {
      features.push({
        type: 'Feature',
        properties: { code: division.code },
        geometry: { type: 'Polygon', coordinates: [cells[k]] },
      });
    });
  }
  const read = readGeoJsonBoundaries(
    JSON.stringify({ type: 'FeatureCollection', features }),
    { codeProperty: 'code' },
    { file: DEMO_BOUNDARY_FILE },
  );
  if (read.issues.length > 0) throw new Error(`demo boundaries: ${read.issues[0]?.message ?? ''}`);
  return read.boundaries;
}
