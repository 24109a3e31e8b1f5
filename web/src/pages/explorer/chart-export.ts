/**
 * Saves the chart on screen as a file: an SVG that stands alone (the chart's computed styles
 * written onto its elements, with a title, the legend and the source line around it), and a PNG
 * drawn from that SVG on a canvas at twice the size.
 *
 * The page's CSP allows images from 'self' and data: only, so the SVG goes into the <img> as a
 * data: URL; a blob: URL is used only as the address of the download link, which is not an image.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Presentation properties copied from the computed style (CSS classes do not travel with a file). */
const STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'visibility',
] as const;

export interface ExportParts {
  readonly title: string;
  readonly legend: readonly { readonly name: string; readonly color: string }[];
  readonly source: string;
}

export interface ExportedSvg {
  readonly markup: string;
  readonly width: number;
  readonly height: number;
}

function inlineStyles(original: Element, copy: Element): void {
  const style = getComputedStyle(original);
  const declarations = STYLE_PROPERTIES.map((name) => `${name}:${style.getPropertyValue(name)}`).filter(
    (declaration) => !declaration.endsWith(':'),
  );
  copy.setAttribute('style', declarations.join(';'));
  const originals = original.children;
  const copies = copy.children;
  for (let i = 0; i < originals.length && i < copies.length; i++) {
    const a = originals[i];
    const b = copies[i];
    if (a !== undefined && b !== undefined) inlineStyles(a, b);
  }
}

/** Splits a title into lines of at most `limit` characters, at spaces. */
function wrap(text: string, limit: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > limit) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function text(
  x: number,
  y: number,
  content: string,
  attributes: Record<string, string> = {},
): SVGTextElement {
  const element = document.createElementNS(SVG_NS, 'text');
  element.setAttribute('x', String(x));
  element.setAttribute('y', String(y));
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.textContent = content;
  return element;
}

/** The chart inside `container` (its first <svg>) as a standalone SVG document. */
export function exportSvg(container: Element, parts: ExportParts): ExportedSvg {
  const chart = container.querySelector('svg');
  if (chart === null) throw new Error('No chart to save');
  const box = chart.getBoundingClientRect();
  const width = Math.max(320, Math.round(box.width));
  const chartHeight = Math.round(box.height);
  const copy = chart.cloneNode(true) as SVGSVGElement;
  inlineStyles(chart, copy);
  // Plot's own stylesheet and tips are for the page, not the file
  copy.querySelectorAll('style, [aria-label="tip"], [data-mark="tip"]').forEach((node) => node.remove());
  if (!copy.hasAttribute('viewBox')) copy.setAttribute('viewBox', `0 0 ${box.width} ${box.height}`);

  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('font-family', 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif');
  const background = document.createElementNS(SVG_NS, 'rect');
  background.setAttribute('width', '100%');
  background.setAttribute('height', '100%');
  background.setAttribute('fill', '#ffffff');
  root.append(background);

  let y = 12;
  for (const line of wrap(parts.title, Math.max(20, Math.floor((width - 24) / 9)))) {
    y += 20;
    root.append(text(12, y, line, { 'font-size': '16', 'font-weight': '600', fill: '#1b1f24' }));
  }
  y += 10;
  copy.setAttribute('x', '0');
  copy.setAttribute('y', String(y));
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(chartHeight));
  copy.style.removeProperty('max-width');
  root.append(copy);
  y += chartHeight + 8;

  // the legend, in rows of columns wide enough for the longest name
  const longest = Math.max(0, ...parts.legend.map((item) => item.name.length));
  const column = Math.min(width - 24, 28 + longest * 7);
  const perRow = Math.max(1, Math.floor((width - 24) / column));
  parts.legend.forEach((item, i) => {
    const x = 12 + (i % perRow) * column;
    const top = y + Math.floor(i / perRow) * 20;
    const swatch = document.createElementNS(SVG_NS, 'rect');
    swatch.setAttribute('x', String(x));
    swatch.setAttribute('y', String(top + 3));
    swatch.setAttribute('width', '14');
    swatch.setAttribute('height', '10');
    swatch.setAttribute('fill', item.color);
    root.append(swatch, text(x + 20, top + 12, item.name, { 'font-size': '12', fill: '#1b1f24' }));
  });
  if (parts.legend.length > 0) y += Math.ceil(parts.legend.length / perRow) * 20 + 6;
  y += 2;
  for (const line of wrap(parts.source, Math.max(30, Math.floor((width - 24) / 6)))) {
    y += 15;
    root.append(text(12, y, line, { 'font-size': '11', fill: '#4d5560' }));
  }
  const height = y + 12;
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const markup = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}`;
  return { markup, width, height };
}

/** Draws the SVG on a canvas at `scale` times its size and returns it as a PNG. */
export async function svgToPng(svg: ExportedSvg, scale = 2): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.markup)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = svg.width * scale;
  canvas.height = svg.height * scale;
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('No canvas');
  context.scale(scale, scale);
  context.drawImage(image, 0, 0, svg.width, svg.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob === null ? reject(new Error('No PNG')) : resolve(blob)), 'image/png'),
  );
}

/** Starts the download of `blob` as `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
