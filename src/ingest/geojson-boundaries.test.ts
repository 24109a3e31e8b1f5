import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { geoArea, geoContains } from 'd3-geo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  readGeoJsonBoundaries,
  ringSignedArea,
  type GeoJsonMapping,
  type Position,
} from './geojson-boundaries.ts';
import { jsonSyntaxError } from './json-positions.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'ingest');
const MAPPING: GeoJsonMapping = { codeProperty: 'code', prefix: 'MEX.', pad: 2 };

/** Where `needle` (its `nth` occurrence) is in `text`, counted independently of the reader. */
function where(text: string, needle: string, nth = 0): { line: number; column: number } {
  let offset = -1;
  for (let k = 0; k <= nth; k++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`${needle} not in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

const square = (west: number, south: number, size: number): Position[] => [
  [west, south],
  [west + size, south],
  [west + size, south + size],
  [west, south + size],
  [west, south],
]; // counter-clockwise, as RFC 7946 asks of exterior rings

const feature = (code: unknown, geometry: unknown) => ({ type: 'Feature', properties: { code }, geometry });
const collection = (...features: unknown[]) =>
  JSON.stringify({ type: 'FeatureCollection', features }, null, 2);
const polygon = (...rings: Position[][]) => ({ type: 'Polygon', coordinates: rings });

function read(text: string, mapping: GeoJsonMapping = MAPPING) {
  return readGeoJsonBoundaries(text, mapping, { file: 'f.geojson' });
}

describe('readGeoJsonBoundaries', () => {
  it('reads the hand-written fixture: codes padded and prefixed, names, bounding boxes, positions', () => {
    const text = readFileSync(join(FIXTURES, 'mex-estados.geojson'), 'utf8');
    const mapping = JSON.parse(
      readFileSync(join(FIXTURES, 'mex-estados.mapping.json'), 'utf8'),
    ) as GeoJsonMapping;
    const result = read(text, mapping);
    expect(result.issues).toEqual([]);
    expect(result.features).toBe(3);
    expect(result.boundaries.map((b) => [b.code, b.label, b.feature, b.line, b.column])).toEqual([
      ['MEX.09', 'Ciudad de México', 0, 5, 5],
      ['MEX.15', 'México', 1, 21, 5],
      ['MEX.17', 'Morelos', 2, 44, 5],
    ]);
    expect(result.boundaries[1]?.bbox).toEqual([-100.61, 18.37, -98.6, 20.29]);
    // Morelos' bounding box spans both of its polygons
    expect(result.boundaries[2]?.bbox).toEqual([-99.49, 18.2, -98.63, 19.13]);
  });

  it('winds every ring as d3-geo reads it: small areas, not the rest of the globe, holes kept out', () => {
    const text = readFileSync(join(FIXTURES, 'mex-estados.geojson'), 'utf8');
    const mapping = JSON.parse(
      readFileSync(join(FIXTURES, 'mex-estados.mapping.json'), 'utf8'),
    ) as GeoJsonMapping;
    const [cdmx, mexico, morelos] = read(text, mapping).boundaries;
    // as written (RFC 7946 order) d3 would read Mexico City as the whole globe but itself
    const raw = (JSON.parse(text) as { features: { geometry: GeoJSON.Geometry }[] }).features;
    expect(geoArea(raw[0]!.geometry as GeoJSON.Polygon)).toBeGreaterThan(2 * Math.PI);
    for (const boundary of [cdmx, mexico, morelos]) {
      expect(geoArea(boundary!.geometry as GeoJSON.Geometry)).toBeLessThan(2e-3); // at most 2°×2°
      const polygons =
        boundary!.geometry.type === 'Polygon'
          ? [boundary!.geometry.coordinates]
          : boundary!.geometry.coordinates;
      for (const rings of polygons) {
        expect(ringSignedArea(rings[0]!)).toBeLessThan(0); // exterior clockwise
        for (const hole of rings.slice(1)) expect(ringSignedArea(hole)).toBeGreaterThan(0);
      }
    }
    // the State of Mexico is its outline less the hole where Mexico City is
    const mexicoArea = geoArea(mexico!.geometry);
    const cdmxArea = geoArea(cdmx!.geometry);
    const outer = geoArea({
      type: 'Polygon',
      coordinates: [mexico!.geometry.coordinates[0] as Position[]],
    });
    expect(mexicoArea).toBeCloseTo(outer - cdmxArea, 12);
    expect(geoContains(mexico!.geometry as GeoJSON.Geometry, [-99.1, 19.3])).toBe(false);
    expect(geoContains(mexico!.geometry as GeoJSON.Geometry, [-100, 19.8])).toBe(true);
    expect(geoContains(morelos!.geometry as GeoJSON.Geometry, [-99.15, 18.25])).toBe(true);
  });

  it('a one-degree square comes out the same whichever way it was wound', () => {
    const ccw = square(-90, 15, 1);
    const cw = [...ccw].reverse();
    const a = read(collection(feature('1', polygon(ccw)))).boundaries[0]!;
    const b = read(collection(feature('1', polygon(cw)))).boundaries[0]!;
    expect(a.geometry).toEqual(b.geometry);
    const area = geoArea(a.geometry);
    // a 1°×1° cell at 15°N: about 1.19e4 km² of the 5.1e8 km² of the Earth, of 4π steradians
    expect(area).toBeGreaterThan(2.8e-4);
    expect(area).toBeLessThan(3.0e-4);
    expect(area).toBeLessThan(2 * Math.PI);
  });

  it('keeps longitude and latitude only, drops altitudes', () => {
    const ring = square(-90, 15, 1).map(([x, y]) => [x, y, 100]);
    const boundary = read(collection(feature('1', { type: 'Polygon', coordinates: [ring] }))).boundaries[0]!;
    expect(boundary.geometry.coordinates[0]![0]).toHaveLength(2);
  });

  it('says where the file is not JSON, by line and column', () => {
    const text = '{\n  "type": "FeatureCollection",\n  "features": [\n    { "type": "Feature", }\n  ]\n}';
    const result = read(text);
    expect(result.boundaries).toEqual([]);
    expect(result.issues).toEqual([
      {
        file: 'f.geojson',
        ...where(text, '}'),
        message: 'the file is not JSON: expected a double-quoted string, found "}"',
      },
    ]);
  });

  it('refuses what is not a FeatureCollection', () => {
    const text = JSON.stringify(feature('1', polygon(square(0, 0, 1))), null, 2);
    expect(read(text).issues).toEqual([
      {
        file: 'f.geojson',
        ...where(text, '"Feature"'),
        field: 'type',
        message: 'expected a GeoJSON FeatureCollection, found a "Feature" object',
      },
    ]);
    expect(read('[1, 2]').issues[0]?.message).toBe('expected a GeoJSON FeatureCollection, found [1,2]');
  });

  const cases: [string, () => string, string, string, string][] = [
    [
      'a geometry that is not a polygon',
      () =>
        collection(
          feature('1', polygon(square(0, 0, 1))),
          feature('2', { type: 'Point', coordinates: [1, 2] }),
        ),
      '"Point"',
      'features[1].geometry.type',
      'the geometry is a "Point": a boundary must be a Polygon or a MultiPolygon',
    ],
    [
      'a longitude out of range',
      () =>
        collection(
          feature(
            '1',
            polygon([
              [0, 0],
              [181.5, 0],
              [1, 1],
              [0, 0],
            ]),
          ),
        ),
      '181.5',
      'features[0].geometry.coordinates[0][1][0]',
      'longitude 181.5 is outside −180…180',
    ],
    [
      'a latitude out of range',
      () =>
        collection(
          feature('1', {
            type: 'MultiPolygon',
            coordinates: [
              [square(0, 0, 1)],
              [
                [
                  [0, 0],
                  [1, -91],
                  [1, 1],
                  [0, 0],
                ],
              ],
            ],
          }),
        ),
      '-91',
      'features[0].geometry.coordinates[1][0][1][1]',
      'latitude -91 is outside −90…90',
    ],
    [
      'a position that is not a number',
      () =>
        collection(
          feature('1', {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                ['1.5', 0],
                [1, 1],
                [0, 0],
              ],
            ],
          }),
        ),
      '"1.5"',
      'features[0].geometry.coordinates[0][1][0]',
      'the longitude must be a number, found "1.5"',
    ],
    [
      'an unclosed ring',
      () =>
        collection(
          feature(
            '1',
            polygon([
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
            ]),
          ),
        ),
      '[\n',
      'features[0].geometry.coordinates[0]',
      'the ring is not closed: it starts at [0,0] and ends at [0,1] (the first position must be repeated last)',
    ],
    [
      'a ring of three positions',
      () =>
        collection(
          feature(
            '1',
            polygon([
              [0, 0],
              [1, 0],
              [0, 0],
            ]),
          ),
        ),
      '[\n',
      'features[0].geometry.coordinates[0]',
      'a ring needs at least 4 positions (the first repeated last), found 3',
    ],
    [
      'a ring with no area',
      () =>
        collection(
          feature(
            '1',
            polygon([
              [0, 0],
              [1, 1],
              [2, 2],
              [0, 0],
            ]),
          ),
        ),
      '[\n',
      'features[0].geometry.coordinates[0]',
      'the ring encloses no area (its positions are on a line)',
    ],
    [
      'a ring across the antimeridian',
      () =>
        collection(
          feature('1', {
            type: 'Polygon',
            coordinates: [
              [
                [179.5, 51],
                [-179.5, 51],
                [-179.5, 52],
                [179.5, 52],
                [179.5, 51],
              ],
            ],
          }),
        ),
      '-179.5',
      'features[0].geometry.coordinates[0][1][0]',
      'the ring crosses the antimeridian (longitude 179.5 to -179.5): split the polygon at 180° (RFC 7946, 3.1.9)',
    ],
    [
      'a feature without its code',
      () => collection({ type: 'Feature', properties: { name: 'x' }, geometry: polygon(square(0, 0, 1)) }),
      '{\n        "name"',
      'features[0].properties',
      'the feature has no "code" property (the mapping\'s codeProperty)',
    ],
    [
      'a code that is not a code',
      () => collection(feature(true, polygon(square(0, 0, 1)))),
      'true',
      'features[0].properties.code',
      '"code" must be a code (text or a whole number), found true',
    ],
    [
      'a unit twice',
      () => collection(feature('7', polygon(square(0, 0, 1))), feature(7, polygon(square(2, 0, 1)))),
      '7',
      'features[1].properties.code',
      'MEX.07 appears twice: its first boundary is feature 0 (line 4); a unit has one boundary',
    ],
    [
      'not a feature',
      () => collection(feature('1', polygon(square(0, 0, 1))), { type: 'Polygon', coordinates: [] }),
      '"Polygon",\n      "coordinates": []',
      'features[1].type',
      'expected a Feature, found type "Polygon"',
    ],
  ];
  for (const [name, make, needle, field, message] of cases) {
    it(`names the feature, its line and column, and the property path: ${name}`, () => {
      const text = make();
      const result = read(text);
      const nth = needle === '7' ? 1 : needle === '[\n' ? 2 : 0;
      expect(result.issues).toEqual([{ file: 'f.geojson', ...where(text, needle, nth), field, message }]);
      expect(result.boundaries.every((b) => b.code !== 'MEX.' + field)).toBe(true);
    });
  }

  it('skips and counts features whose code the mapping’s codes lack', () => {
    const text = collection(feature('A', polygon(square(0, 0, 1))), feature('B', polygon(square(1, 0, 1))));
    const result = read(text, { codeProperty: 'code', codes: { A: 'MEX.01' } });
    expect(result.boundaries.map((b) => b.code)).toEqual(['MEX.01']);
    expect(result.skipped).toEqual([{ code: 'code-not-mapped', count: 1 }]);
    expect(result.issues).toEqual([]);
  });

  it('reads bytes with a BOM, and Windows line ends, at the right lines', () => {
    const text = collection(feature('1', { type: 'Point', coordinates: [0, 0] })).replaceAll('\n', '\r\n');
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const result = readGeoJsonBoundaries(bytes, MAPPING, { file: 'f.geojson' });
    expect(result.encoding).toBe('utf-8-bom');
    expect(result.issues[0]).toMatchObject({
      ...where(text.replaceAll('\r\n', '\n'), '"Point"'),
      field: 'features[0].geometry.type',
    });
  });

  it('never throws, whatever the damage, and every problem has a line (property)', () => {
    const fixture = readFileSync(join(FIXTURES, 'mex-estados.geojson'), 'utf8');
    const mapping = { codeProperty: 'CVE_ENT', prefix: 'MEX.', pad: 2 };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(fixture.length), fc.nat(8), fc.string({ maxLength: 6 })), {
          minLength: 1,
          maxLength: 5,
        }),
        (edits) => {
          let text = fixture;
          for (const [at, cut, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + cut);
          const result = read(text, mapping);
          for (const issue of result.issues) {
            expect(issue.line).toBeGreaterThanOrEqual(1);
            expect(issue.column).toBeGreaterThanOrEqual(1);
          }
          // JSON or not is decided the same way as JSON.parse decides it
          let valid = true;
          try {
            JSON.parse(text);
          } catch {
            valid = false;
          }
          expect(jsonSyntaxError(text) === undefined).toBe(valid);
          if (result.issues.length === 0) {
            for (const b of result.boundaries)
              expect(geoArea(b.geometry as GeoJSON.Geometry)).toBeLessThan(2 * Math.PI);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
