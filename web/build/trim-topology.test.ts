import { describe, expect, it } from 'vitest';
import { trimTopology, type Topology } from './trim-topology.ts';

describe('trimTopology', () => {
  it('keeps the wanted geometries and only their arcs, renumbered, reversed arcs included', () => {
    const world: Topology = {
      type: 'Topology',
      transform: { scale: [1, 1], translate: [0, 0] },
      arcs: [[[0, 0]], [[1, 1]], [[2, 2]], [[3, 3]]],
      objects: {
        countries: {
          type: 'GeometryCollection',
          geometries: [
            { type: 'Polygon', id: '484', arcs: [[2, ~3]] },
            { type: 'Polygon', id: '250', arcs: [[0, 1]] },
            { type: 'MultiPolygon', id: '076', arcs: [[[~2]], [[3]]] },
          ],
        },
        land: { type: 'GeometryCollection', geometries: [] },
      },
    };
    const trimmed = trimTopology(world, 'countries', (id) => id !== '250');
    expect(Object.keys(trimmed.objects)).toEqual(['countries']);
    expect(trimmed.arcs).toEqual([[[2, 2]], [[3, 3]]]);
    expect(trimmed.objects['countries']!.geometries).toEqual([
      { type: 'Polygon', id: '484', arcs: [[0, ~1]] },
      { type: 'MultiPolygon', id: '076', arcs: [[[~0]], [[1]]] },
    ]);
    expect(() => trimTopology(world, 'rivers', () => true)).toThrow(/no object named rivers/);
  });
});
