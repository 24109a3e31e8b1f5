/**
 * The boundaries of org units from a GeoJSON file (RFC 7946): a FeatureCollection of Polygon and
 * MultiPolygon features, each carrying its unit's code in a property. Pure: bytes in, checked and
 * normalized boundaries out, with every problem at its feature's line and column.
 *
 * Mapping (JSON), like the org unit of the table format:
 *
 * ```json
 * { "codeProperty": "CVE_ENT", "prefix": "MEX.", "pad": 2, "nameProperty": "NOMGEO" }
 * ```
 *
 * - `codeProperty`: the property holding the unit's code in the file (a string or a whole number);
 *   `pad` left-pads digits with zeros to that width, `prefix` goes in front (`9` → `MEX.09`);
 *   `codes` maps file codes to store codes instead (features whose code it lacks are skipped and
 *   counted, as in the table format).
 * - `nameProperty`: optional, the property holding the unit's name in the file; kept beside the
 *   boundary (the unit's own names stay those of the store).
 *
 * Checked: the file is JSON (a syntax error at its line and column), a FeatureCollection, each
 * feature a Feature with a Polygon or MultiPolygon geometry whose positions are numbers in range
 * (longitude −180…180, latitude −90…90), whose rings are closed, have at least four positions and
 * enclose some area, and do not cross the antimeridian (RFC 7946 asks such polygons to be split
 * there); the code is present and no unit appears twice. Whether the codes are units of
 * the store is the import's check (it needs the store).
 *
 * Winding: d3-geo (and so the web app's maps) reads a polygon's exterior ring as clockwise and
 * its holes as counter-clockwise, on the sphere; RFC 7946 asks for the opposite, and files come
 * either way. A ring drawn the wrong way round for d3 is the rest of the globe, so every ring is
 * rewound here to d3's order, as d3 itself measures it (the ring alone, as a polygon, encloses
 * less than half the sphere when clockwise: a planar signed area in longitude/latitude disagrees
 * for long rings, whose edges are great circles), and stored that way.
 * Positions keep longitude and latitude (an altitude is dropped). No simplification: no
 * simplification library is installed, and files of first-level divisions are small.
 */
import { geoArea } from 'd3-geo';
import type { InputIssue } from '../kernel/errors.ts';
import { formatJsonPath, JsonLocator, jsonSyntaxError, LineIndex, type JsonPath } from './json-positions.ts';
import type { SkipCount } from './reader-result.ts';
import { decodeText, type TextEncodingName } from './text-encoding.ts';

export interface GeoJsonMapping {
  readonly codeProperty: string;
  readonly prefix?: string;
  readonly pad?: number;
  readonly codes?: Readonly<Record<string, string>>;
  readonly nameProperty?: string;
}

export type Position = [number, number];
export type BoundaryGeometry =
  | { readonly type: 'Polygon'; readonly coordinates: Position[][] }
  | { readonly type: 'MultiPolygon'; readonly coordinates: Position[][][] };

/** [west, south, east, north] in degrees */
export type BoundingBox = readonly [number, number, number, number];

export interface ReadBoundary {
  /** the store's code of the unit, e.g. `MEX.09` */
  readonly code: string;
  /** the unit's name in the file, when the mapping names its property */
  readonly label: string | null;
  readonly geometry: BoundaryGeometry;
  readonly bbox: BoundingBox;
  /** the feature's index in `features`, and where it starts in the file */
  readonly feature: number;
  readonly line: number;
  readonly column: number;
}

export interface BoundaryReadResult {
  readonly boundaries: ReadBoundary[];
  readonly issues: InputIssue[];
  readonly skipped: SkipCount[];
  readonly encoding: TextEncodingName;
  /** how many features the file holds */
  readonly features: number;
}

/** A problem found in a geometry, at its path below the feature. */
class GeometryProblem extends Error {
  constructor(
    readonly path: JsonPath,
    message: string,
  ) {
    super(message);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/** Twice the signed area of a ring in the longitude/latitude plane: > 0 counter-clockwise. */
export function ringSignedArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x1, y1] = ring[j]!;
    const [x2, y2] = ring[i]!;
    sum += (x1 - x2) * (y1 + y2);
  }
  return sum;
}

/** A ring's positions checked and reduced to [longitude, latitude]. */
function readRing(raw: unknown, path: JsonPath): Position[] {
  if (!Array.isArray(raw))
    throw new GeometryProblem(path, `a ring must be an array of positions, found ${show(raw)}`);
  if (raw.length < 4) {
    throw new GeometryProblem(
      path,
      `a ring needs at least 4 positions (the first repeated last), found ${raw.length}`,
    );
  }
  const ring: Position[] = [];
  for (let k = 0; k < raw.length; k++) {
    const at = [...path, k];
    const position: unknown = raw[k];
    if (!Array.isArray(position) || position.length < 2) {
      throw new GeometryProblem(at, `a position must be [longitude, latitude], found ${show(position)}`);
    }
    const [lon, lat] = position as unknown[];
    if (typeof lon !== 'number' || !Number.isFinite(lon)) {
      throw new GeometryProblem([...at, 0], `the longitude must be a number, found ${show(lon)}`);
    }
    if (typeof lat !== 'number' || !Number.isFinite(lat)) {
      throw new GeometryProblem([...at, 1], `the latitude must be a number, found ${show(lat)}`);
    }
    if (lon < -180 || lon > 180)
      throw new GeometryProblem([...at, 0], `longitude ${lon} is outside −180…180`);
    if (lat < -90 || lat > 90) throw new GeometryProblem([...at, 1], `latitude ${lat} is outside −90…90`);
    const previous = ring[ring.length - 1];
    if (previous !== undefined && Math.abs(lon - previous[0]) > 180) {
      throw new GeometryProblem(
        [...at, 0],
        `the ring crosses the antimeridian (longitude ${previous[0]} to ${lon}): split the polygon at 180° (RFC 7946, 3.1.9)`,
      );
    }
    ring.push([lon, lat]);
  }
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    throw new GeometryProblem(
      path,
      `the ring is not closed: it starts at ${show(first)} and ends at ${show(last)} (the first position must be repeated last)`,
    );
  }
  if (ringSignedArea(ring) === 0)
    throw new GeometryProblem(path, 'the ring encloses no area (its positions are on a line)');
  return ring;
}

/** A polygon's rings, rewound for d3-geo: the exterior clockwise, holes counter-clockwise. */
function readPolygon(raw: unknown, path: JsonPath): Position[][] {
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new GeometryProblem(path, `a polygon must be a non-empty array of rings, found ${show(raw)}`);
  }
  let exterior: { ring: Position[]; area: number } | undefined;
  return raw.map((rawRing, r) => {
    const ring = readRing(rawRing, [...path, r]);
    // d3's own reading of the ring alone: clockwise encloses less than half the sphere
    const area = geoArea({ type: 'Polygon', coordinates: [ring] });
    const clockwise = area <= 2 * Math.PI;
    const inside = Math.min(area, 4 * Math.PI - area);
    if (exterior === undefined) exterior = { ring, area: inside };
    else if (inside >= exterior.area || !withinBounds(ring, exterior.ring)) {
      throw new GeometryProblem([...path, r], "the hole is not inside its polygon's exterior ring");
    }
    const wantClockwise = r === 0;
    return clockwise === wantClockwise ? ring : ring.reverse();
  });
}

/** Whether every position of `ring` lies within the longitude/latitude box of `outer`. */
function withinBounds(ring: readonly Position[], outer: readonly Position[]): boolean {
  const lons = outer.map((p) => p[0]);
  const lats = outer.map((p) => p[1]);
  const [west, east, south, north] = [
    Math.min(...lons),
    Math.max(...lons),
    Math.min(...lats),
    Math.max(...lats),
  ];
  return ring.every(([lon, lat]) => lon >= west && lon <= east && lat >= south && lat <= north);
}

function readGeometry(raw: unknown): BoundaryGeometry {
  if (!isObject(raw)) throw new GeometryProblem([], `a feature needs a geometry, found ${show(raw)}`);
  const coordinates = raw['coordinates'];
  if (raw['type'] === 'Polygon')
    return { type: 'Polygon', coordinates: readPolygon(coordinates, ['coordinates']) };
  if (raw['type'] === 'MultiPolygon') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) {
      throw new GeometryProblem(
        ['coordinates'],
        `a MultiPolygon needs a non-empty array of polygons, found ${show(coordinates)}`,
      );
    }
    return {
      type: 'MultiPolygon',
      coordinates: coordinates.map((polygon, p) => readPolygon(polygon, ['coordinates', p])),
    };
  }
  throw new GeometryProblem(
    ['type'],
    `the geometry is a ${show(raw['type'])}: a boundary must be a Polygon or a MultiPolygon`,
  );
}

export function boundingBox(geometry: BoundaryGeometry): BoundingBox {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const [lon, lat] of polygon[0] ?? []) {
      if (lon < west) west = lon;
      if (lon > east) east = lon;
      if (lat < south) south = lat;
      if (lat > north) north = lat;
    }
  }
  return [west, south, east, north];
}

/** The store's code of a file's code, or undefined when the mapping's `codes` lacks it. */
export function boundaryCode(mapping: GeoJsonMapping, fileCode: string): string | undefined {
  let raw = fileCode.trim();
  if (mapping.pad !== undefined && /^[0-9]+$/.test(raw)) raw = raw.padStart(mapping.pad, '0');
  const mapped = mapping.codes === undefined ? raw : mapping.codes[raw];
  if (mapped === undefined) return undefined;
  return mapping.prefix === undefined ? mapped : `${mapping.prefix}${mapped}`;
}

/** Reads a GeoJSON file of boundaries; never throws on bad input (problems come back as issues). */
export function readGeoJsonBoundaries(
  input: Uint8Array | string,
  mapping: GeoJsonMapping,
  options: { readonly file?: string } = {},
): BoundaryReadResult {
  const { text, encoding } = decodeText(input);
  const file = options.file;
  const issues: InputIssue[] = [];
  const issue = (position: { line: number; column: number }, message: string, field?: string): void => {
    issues.push({
      ...(file === undefined ? {} : { file }),
      ...position,
      ...(field === undefined ? {} : { field }),
      message,
    });
  };
  const result = (
    boundaries: ReadBoundary[],
    skipped: SkipCount[],
    features: number,
  ): BoundaryReadResult => ({
    boundaries,
    issues,
    skipped,
    encoding,
    features,
  });

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const error = jsonSyntaxError(text) ?? { offset: 0, message: 'not JSON' };
    issue(new LineIndex(text).at(error.offset), `the file is not JSON: ${error.message}`);
    return result([], [], 0);
  }
  const locator = new JsonLocator(text);
  if (!isObject(json) || json['type'] !== 'FeatureCollection') {
    const found = isObject(json) ? `a ${show(json['type'])} object` : show(json);
    issue(
      locator.position(isObject(json) ? ['type'] : []),
      `expected a GeoJSON FeatureCollection, found ${found}`,
      'type',
    );
    return result([], [], 0);
  }
  const features = json['features'];
  if (!Array.isArray(features)) {
    issue(
      locator.position(['features']),
      `"features" must be an array of features, found ${show(features)}`,
      'features',
    );
    return result([], [], 0);
  }

  const boundaries: ReadBoundary[] = [];
  const firstOf = new Map<string, ReadBoundary>();
  let skipped = 0;
  features.forEach((feature: unknown, index) => {
    const base: JsonPath = ['features', index];
    const where = locator.position(base);
    const at = (path: JsonPath, message: string): void =>
      issue(locator.position([...base, ...path]), message, formatJsonPath([...base, ...path]));
    if (!isObject(feature) || feature['type'] !== 'Feature') {
      at(
        isObject(feature) ? ['type'] : [],
        `expected a Feature, found ${isObject(feature) ? `type ${show(feature['type'])}` : show(feature)}`,
      );
      return;
    }
    let geometry: BoundaryGeometry | undefined;
    try {
      geometry = readGeometry(feature['geometry']);
    } catch (error) {
      if (!(error instanceof GeometryProblem)) throw error;
      at(['geometry', ...error.path], error.message);
    }
    const properties = feature['properties'];
    const rawCode = isObject(properties) ? properties[mapping.codeProperty] : undefined;
    const codePath: JsonPath = ['properties', mapping.codeProperty];
    let code: string | undefined;
    if (typeof rawCode === 'string' && rawCode.trim() !== '') code = rawCode;
    else if (typeof rawCode === 'number' && Number.isSafeInteger(rawCode) && rawCode >= 0)
      code = String(rawCode);
    else {
      at(
        isObject(properties) && rawCode !== undefined ? codePath : ['properties'],
        rawCode === undefined
          ? `the feature has no "${mapping.codeProperty}" property (the mapping's codeProperty)`
          : `"${mapping.codeProperty}" must be a code (text or a whole number), found ${show(rawCode)}`,
      );
    }
    if (code === undefined || geometry === undefined) return;
    const unit = boundaryCode(mapping, code);
    if (unit === undefined) {
      skipped += 1;
      return;
    }
    const first = firstOf.get(unit);
    if (first !== undefined) {
      at(
        codePath,
        `${unit} appears twice: its first boundary is feature ${first.feature} (line ${first.line}); a unit has one boundary`,
      );
      return;
    }
    const rawName =
      mapping.nameProperty === undefined || !isObject(properties)
        ? undefined
        : properties[mapping.nameProperty];
    const boundary: ReadBoundary = {
      code: unit,
      label: typeof rawName === 'string' && rawName.trim() !== '' ? rawName.trim() : null,
      geometry,
      bbox: boundingBox(geometry),
      feature: index,
      ...where,
    };
    firstOf.set(unit, boundary);
    boundaries.push(boundary);
  });
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return result(
    boundaries,
    skipped === 0 ? [] : [{ code: 'code-not-mapped', count: skipped }],
    features.length,
  );
}
