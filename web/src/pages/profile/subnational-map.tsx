/**
 * The choropleth of a unit's children: their boundaries (imported GeoJSON, or the demo's synthetic
 * cells) drawn by Observable Plot's geo mark in an equal-area projection fitted to them, coloured
 * by the same quantile classes and legend as the Americas map. The figure is one image named by a
 * sentence; its numbers are in the table beside it. Synthetic boundaries are said to be so.
 */
import type * as Plot from '@observablehq/plot';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { MapLegend } from '../../components/americas-map.tsx';
import { colorScale } from '../../components/color-scale.ts';
import { PlotChart, type PlotModule } from '../../components/plot-chart.tsx';
import { formatNumber } from '../../format.ts';
import type { BoundaryCollection } from './profile-data.ts';

export function SubnationalMap(props: {
  boundaries: BoundaryCollection;
  /** value of each child by code */
  values: ReadonlyMap<string, number>;
  /** name of each child by code */
  names: ReadonlyMap<string, string>;
  direction: string;
  unitLabel: string;
  label: string;
}) {
  const { t, i18n } = useTranslation('profile');
  const { boundaries, values, names, direction } = props;
  const lang = i18n.language;
  const scale = useMemo(() => colorScale([...values.values()], direction), [values, direction]);
  const draw = useCallback(
    (plot: PlotModule, width: number) => {
      const collection: GeoJSON.FeatureCollection = {
        type: 'FeatureCollection',
        features: [...boundaries.features],
      };
      const [[west, south], [east, north]] = bounds(boundaries);
      const options: Plot.PlotOptions = {
        width,
        projection: {
          type: 'azimuthal-equal-area',
          rotate: [-(west + east) / 2, -(south + north) / 2],
          domain: collection,
          inset: 6,
        },
        color: { type: 'identity' },
        marks: [
          plot.geo(boundaries.features, {
            fill: (feature: { id: string }) => scale.color(values.get(feature.id)),
            stroke: 'white',
            strokeWidth: 0.75,
            title: (feature: { id: string }) => {
              const value = values.get(feature.id);
              const name = names.get(feature.id) ?? feature.id;
              return value === undefined ? name : `${name}: ${formatNumber(value, lang)} ${props.unitLabel}`;
            },
          }),
        ],
      };
      return plot.plot(options);
    },
    [boundaries, values, names, scale, lang, props.unitLabel],
  );
  return (
    <figure className="subnational-map" data-testid="subnational-map">
      <PlotChart draw={draw} label={props.label} testId="subnational-map-chart" />
      {boundaries.synthetic ? (
        <p className="hint" data-testid="synthetic-boundaries">
          {t('syntheticBoundaries')}
        </p>
      ) : null}
      <MapLegend scale={scale} unitLabel={props.unitLabel} />
    </figure>
  );
}

/** [[west, south], [east, north]] of the features' bounding boxes. */
function bounds(boundaries: BoundaryCollection): [[number, number], [number, number]] {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  for (const feature of boundaries.features) {
    const [w, s, e, n] = feature.bbox ?? [0, 0, 0, 0];
    west = Math.min(west, w ?? 0);
    south = Math.min(south, s ?? 0);
    east = Math.max(east, e ?? 0);
    north = Math.max(north, n ?? 0);
  }
  return [
    [west, south],
    [east, north],
  ];
}
