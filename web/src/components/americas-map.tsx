/**
 * A choropleth of the member states: Natural Earth 1:50m boundaries (world-atlas, trimmed to the
 * Americas at build time), an equal-area projection centred on the hemisphere, quantile classes.
 * Each state is a link to its profile, reachable by keyboard; hovering or focusing one shows its
 * value and interval. States too small to see at this scale get a dot of their colour.
 */
import { geoAzimuthalEqualArea, geoPath } from 'd3-geo';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { OrgUnit } from '../api/client.ts';
import { cached, useApi } from '../api/use-api.ts';
import { formatNumber } from '../format.ts';
import { navigate } from '../router.tsx';
import { colorScale, NO_DATA_COLOR } from './color-scale.ts';
import { localized } from './names.ts';

export interface MapValue {
  readonly value: number;
  readonly lower: number | null;
  readonly upper: number | null;
}

type Country = GeoJSON.Feature<GeoJSON.Geometry, Record<string, unknown>> & { id?: string | number };

const WIDTH = 560;
const HEIGHT = 620;
const SMALL_AREA = 60;

function loadAtlas(): Promise<Country[]> {
  return cached('atlas', async () => {
    const response = await fetch('/atlas/americas-50m.json');
    if (!response.ok) throw new Error(`HTTP ${response.status} for the map`);
    const topology = (await response.json()) as Topology<{ countries: GeometryCollection }>;
    return (feature(topology, topology.objects.countries) as GeoJSON.FeatureCollection).features as Country[];
  });
}

export function AmericasMap(props: {
  units: readonly OrgUnit[];
  values: ReadonlyMap<string, MapValue>;
  direction: string;
  label: string;
  unitLabel: string;
}) {
  const { t, i18n } = useTranslation();
  const atlas = useApi('atlas', loadAtlas);
  const [focus, setFocus] = useState<string | null>(null);
  const byM49 = useMemo(
    () =>
      new Map(props.units.map((unit) => [(unit.externalCodes as Record<string, string>)['m49'] ?? '', unit])),
    [props.units],
  );
  const scale = useMemo(
    () =>
      colorScale(
        [...props.values.values()].map((v) => v.value),
        props.direction,
      ),
    [props.values, props.direction],
  );
  const drawing = useMemo(() => {
    if (atlas.data === undefined) return undefined;
    const members = atlas.data.filter((c) => byM49.has(String(c.id)));
    const projection = geoAzimuthalEqualArea()
      .rotate([78, -8])
      .fitExtent(
        [
          [8, 8],
          [WIDTH - 8, HEIGHT - 8],
        ],
        { type: 'FeatureCollection', features: members },
      );
    const path = geoPath(projection);
    return atlas.data.map((country) => {
      const unit = byM49.get(String(country.id));
      const d = path(country) ?? '';
      const area = path.area(country);
      const [cx, cy] = path.centroid(country);
      return { key: String(country.id), unit, d, small: unit !== undefined && area < SMALL_AREA, cx, cy };
    });
  }, [atlas.data, byM49]);

  if (atlas.state === 'failed') return <p role="alert">{t('failed', { message: atlas.error.message })}</p>;
  if (drawing === undefined) return <div className="map-placeholder" aria-busy="true" />;

  const describe = (unit: OrgUnit): string => {
    const value = props.values.get(unit.code);
    const name = localized(unit.name, i18n.language);
    if (value === undefined) return `${name}: ${t('noData')}`;
    const interval =
      value.lower === null || value.upper === null
        ? ''
        : ` (${t('interval')} ${t('intervalRange', {
            lower: formatNumber(value.lower, i18n.language),
            upper: formatNumber(value.upper, i18n.language),
          })})`;
    return `${name}: ${formatNumber(value.value, i18n.language)} ${props.unitLabel}${interval}`;
  };
  const focused = drawing.find((shape) => shape.unit?.code === focus);

  return (
    <figure className="americas-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label={props.label}>
        {drawing
          .filter((shape) => shape.unit === undefined)
          .map((shape) => (
            <path key={shape.key} d={shape.d} className="context-land" aria-hidden="true" />
          ))}
        {drawing.map((shape) => {
          const unit = shape.unit;
          if (unit === undefined) return null;
          const fill = scale.color(props.values.get(unit.code)?.value);
          const href = `/country/${unit.code}`;
          return (
            <a
              key={shape.key}
              href={href}
              aria-label={describe(unit)}
              data-unit={unit.code}
              className={focus === unit.code ? 'member focused' : 'member'}
              onClick={(event) => {
                event.preventDefault();
                navigate(href);
              }}
              onMouseEnter={() => setFocus(unit.code)}
              onMouseLeave={() => setFocus(null)}
              onFocus={() => setFocus(unit.code)}
              onBlur={() => setFocus(null)}
            >
              <path d={shape.d} fill={fill} />
              {shape.small ? <circle cx={shape.cx} cy={shape.cy} r={5} fill={fill} /> : null}
            </a>
          );
        })}
      </svg>
      {focused?.unit !== undefined ? (
        <div
          className="map-tooltip"
          role="status"
          style={{ left: `${(focused.cx / WIDTH) * 100}%`, top: `${(focused.cy / HEIGHT) * 100}%` }}
        >
          {describe(focused.unit)}
        </div>
      ) : null}
      <MapLegend scale={scale} unitLabel={props.unitLabel} />
    </figure>
  );
}

export function MapLegend({ scale, unitLabel }: { scale: ReturnType<typeof colorScale>; unitLabel: string }) {
  const { t, i18n } = useTranslation();
  const bounds = [scale.min, ...scale.breaks, scale.max];
  return (
    <figcaption className="map-legend">
      <span className="legend-title">
        {t('legend')} ({unitLabel})
      </span>
      <ul>
        {scale.colors.map((color, k) => (
          <li key={color}>
            <span className="swatch" style={{ background: color }} aria-hidden="true" />
            {formatNumber(bounds[k], i18n.language)} – {formatNumber(bounds[k + 1], i18n.language)}
          </li>
        ))}
        <li>
          <span className="swatch" style={{ background: NO_DATA_COLOR }} aria-hidden="true" />
          {t('noValue')}
        </li>
      </ul>
    </figcaption>
  );
}
