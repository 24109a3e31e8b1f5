/**
 * A Vite plugin that serves and emits `atlas/americas-50m.json`: the countries of the Americas
 * from Natural Earth 1:50m (world-atlas), trimmed from the world topology at build time. The 1:50m
 * scale is needed because 1:110m leaves out seven Caribbean member states.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoCentroid } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology as ClientTopology } from 'topojson-specification';
import type { Plugin } from 'vite';
import { trimTopology, type Topology } from './trim-topology.ts';

export const ATLAS_PATH = 'atlas/americas-50m.json';

function inTheAmericas(lon: number, lat: number): boolean {
  return lon > -170 && lon < -30 && lat > -60;
}

export function americasTopology(): string {
  const require = createRequire(import.meta.url);
  const world = JSON.parse(
    readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'),
  ) as Topology;
  const countries = feature(
    world as unknown as ClientTopology,
    'countries',
  ) as unknown as GeoJSON.FeatureCollection;
  const wanted = new Set<string>();
  for (const country of countries.features) {
    const [lon, lat] = geoCentroid(country);
    if (country.id !== undefined && inTheAmericas(lon, lat)) wanted.add(String(country.id));
  }
  const trimmed = trimTopology(world, 'countries', (id) => wanted.has(id));
  return JSON.stringify(trimmed);
}

export function americasAtlas(): Plugin {
  let source: string | undefined;
  const atlas = (): string => (source ??= americasTopology());
  return {
    name: 'atalaya-americas-atlas',
    configureServer(server) {
      server.middlewares.use(`/${ATLAS_PATH}`, (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(atlas());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: ATLAS_PATH, source: atlas() });
    },
  };
}
