/**
 * The report's charts as inline SVG strings (pure, no script): a trend line with its 95% interval
 * band, and a bar chart of the peers with the unit highlighted and the peers' median marked.
 * Coordinates are rounded to one decimal so the output is stable; every text is escaped.
 */
import type { Language } from '../kernel/i18n.ts';
import type { PeerPoint, SeriesPoint } from './diagnosis-model.ts';
import { formatNumber } from './finding-text.ts';

/** Escapes text for HTML and SVG content and attribute values. */
export const escapeXml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const r1 = (v: number): string => (Math.round(v * 10) / 10).toString();

const HIGHLIGHT = '#c0392b';
const MUTED = '#7f8c8d';
const LINE = '#1f4e79';
const BAND = '#aec6e8';

/** A trend line of yearly values with its interval band (where the values have one). */
export function trendChart(series: readonly SeriesPoint[], label: string, language: Language): string {
  const width = 480;
  const height = 200;
  const left = 56;
  const right = 16;
  const top = 16;
  const bottom = 32;
  const points = [...series].sort((a, b) => a.year - b.year);
  if (points.length < 2) return '';
  const highs = points.map((p) => p.upper ?? p.value);
  const lows = points.map((p) => p.lower ?? p.value);
  let min = Math.min(0, ...lows);
  let max = Math.max(...highs);
  if (max === min) max = min + 1;
  max += (max - min) * 0.05;
  min = Math.min(min, 0);
  const first = points[0]!.year;
  const last = points[points.length - 1]!.year;
  const x = (year: number) => left + ((year - first) / Math.max(1, last - first)) * (width - left - right);
  const y = (v: number) => top + (1 - (v - min) / (max - min)) * (height - top - bottom);
  const banded = points.filter((p) => p.lower !== null && p.upper !== null);
  const band =
    banded.length >= 2
      ? `<polygon fill="${BAND}" fill-opacity="0.6" stroke="none" points="${[
          ...banded.map((p) => `${r1(x(p.year))},${r1(y(p.upper!))}`),
          ...[...banded].reverse().map((p) => `${r1(x(p.year))},${r1(y(p.lower!))}`),
        ].join(' ')}"/>`
      : '';
  const line = `<polyline fill="none" stroke="${LINE}" stroke-width="2" points="${points
    .map((p) => `${r1(x(p.year))},${r1(y(p.value))}`)
    .join(' ')}"/>`;
  const dots = points
    .map((p) => `<circle cx="${r1(x(p.year))}" cy="${r1(y(p.value))}" r="3" fill="${LINE}"/>`)
    .join('');
  const axis =
    `<line x1="${left}" y1="${r1(y(min))}" x2="${width - right}" y2="${r1(y(min))}" stroke="#444"/>` +
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${r1(y(min))}" stroke="#444"/>` +
    `<text x="${left - 6}" y="${r1(y(max) + 4)}" text-anchor="end">${escapeXml(formatNumber(max, language))}</text>` +
    `<text x="${left - 6}" y="${r1(y(min) + 4)}" text-anchor="end">${escapeXml(formatNumber(min, language))}</text>` +
    points
      .map((p, i) =>
        i === 0 || i === points.length - 1 || points.length <= 6
          ? `<text x="${r1(x(p.year))}" y="${height - 10}" text-anchor="middle">${p.year}</text>`
          : '',
      )
      .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(label)}" font-family="sans-serif" font-size="11">` +
    `<title>${escapeXml(label)}</title>${band}${line}${dots}${axis}</svg>`
  );
}

/** Horizontal bars of the peers' values, highest first, the unit in colour, the median dashed. */
export function peerBarChart(
  values: readonly PeerPoint[],
  highlight: string,
  median: number | null,
  label: string,
  language: Language,
): string {
  if (values.length < 2) return '';
  const width = 480;
  const bar = 16;
  const gap = 4;
  const left = 110;
  const right = 64;
  const top = 8;
  const height = top + values.length * (bar + gap) + 8;
  const max = Math.max(...values.map((v) => v.value), median ?? 0) || 1;
  const w = (v: number) => (Math.max(0, v) / max) * (width - left - right);
  const bars = values
    .map((v, i) => {
      const y = top + i * (bar + gap);
      const own = v.orgUnit === highlight;
      return (
        `<text x="${left - 6}" y="${r1(y + bar - 4)}" text-anchor="end"${own ? ' font-weight="bold"' : ''}>${escapeXml(v.orgUnit)}</text>` +
        `<rect x="${left}" y="${y}" width="${r1(w(v.value))}" height="${bar}" fill="${own ? HIGHLIGHT : MUTED}"/>` +
        `<text x="${r1(left + w(v.value) + 4)}" y="${r1(y + bar - 4)}">${escapeXml(formatNumber(v.value, language))}</text>`
      );
    })
    .join('');
  const medianLine =
    median === null
      ? ''
      : `<line x1="${r1(left + w(median))}" y1="${top - 4}" x2="${r1(left + w(median))}" y2="${height - 4}" stroke="#222" stroke-dasharray="4 3"/>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(label)}" font-family="sans-serif" font-size="11">` +
    `<title>${escapeXml(label)}</title>${bars}${medianLine}</svg>`
  );
}
