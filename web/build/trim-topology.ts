/**
 * Keeps the geometries of a TopoJSON object whose ids are wanted, and only the arcs they use
 * (renumbered), so the browser downloads the Americas instead of the world. No library trims a
 * topology this way (topojson-simplify filters rings, not objects), so it is written here.
 */
export interface Topology {
  type: 'Topology';
  transform?: { scale: [number, number]; translate: [number, number] };
  arcs: number[][][];
  objects: Record<string, GeometryCollection>;
  bbox?: number[];
}

export interface GeometryCollection {
  type: 'GeometryCollection';
  geometries: Geometry[];
}

export interface Geometry {
  type: string;
  id?: string | number;
  properties?: Record<string, unknown>;
  arcs?: unknown;
}

/** `keep(id)` decides for each geometry of `objectName`; other objects are dropped. */
export function trimTopology(
  topology: Topology,
  objectName: string,
  keep: (id: string) => boolean,
): Topology {
  const source = topology.objects[objectName];
  if (source === undefined) throw new Error(`The topology has no object named ${objectName}.`);
  const geometries = source.geometries.filter((g) => g.id !== undefined && keep(String(g.id)));
  const renumbered = new Map<number, number>();
  const arcs: number[][][] = [];
  const mapArc = (index: number): number => {
    const original = index < 0 ? ~index : index;
    let next = renumbered.get(original);
    if (next === undefined) {
      const arc = topology.arcs[original];
      if (arc === undefined) throw new Error(`The topology refers to a missing arc ${original}.`);
      next = arcs.length;
      arcs.push(arc);
      renumbered.set(original, next);
    }
    return index < 0 ? ~next : next;
  };
  const mapArcs = (value: unknown): unknown =>
    typeof value === 'number' ? mapArc(value) : Array.isArray(value) ? value.map(mapArcs) : value;
  return {
    type: 'Topology',
    ...(topology.transform === undefined ? {} : { transform: topology.transform }),
    arcs,
    objects: {
      [objectName]: {
        type: 'GeometryCollection',
        geometries: geometries.map((g) => (g.arcs === undefined ? g : { ...g, arcs: mapArcs(g.arcs) })),
      },
    },
  };
}
