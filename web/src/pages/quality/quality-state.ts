/**
 * The quality page's view as a URL query string, and back, so an analyst can share what they see.
 * Pure: no DOM, no fetch.
 *
 * Parameters (all optional; written in a fixed order and only when not the default, so one view
 * has one address):
 * - `section`   `rules` | `outliers` | `completeness` | `sources`
 * - `unit`      an org-unit code (`MEX`, `MEX.09001`); the page picks one from the reader's scope
 *               when absent
 * - `element`   a data element (`homicide_victims`)
 * - `from`,`to` a period range of one type (`2019`–`2023`, `2022-01`–`2022-12`); each section has
 *               its own default range when absent
 * - `severity`  the rules shown: `error` | `warning` | `info` (all when absent)
 * - `below`     completeness threshold in percent (units under it are highlighted), default 80
 * - `sort`      completeness table order: `unit` | `completeness` | `timeliness`, and `desc=1`
 * - `source`    the outliers' source (all sources when absent)
 */
export const SECTIONS = ['rules', 'outliers', 'completeness', 'sources'] as const;
export const SEVERITIES = ['error', 'warning', 'info'] as const;
export const SORT_KEYS = ['unit', 'completeness', 'timeliness'] as const;

export type Section = (typeof SECTIONS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type SortKey = (typeof SORT_KEYS)[number];

export interface QualityState {
  readonly section: Section;
  readonly unit: string | null;
  readonly element: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly severity: Severity | null;
  /** percent, 0–100 */
  readonly below: number;
  readonly sort: SortKey;
  readonly descending: boolean;
  readonly source: string | null;
}

export const DEFAULT_QUALITY_STATE: QualityState = {
  section: 'rules',
  unit: null,
  element: 'homicide_victims',
  from: null,
  to: null,
  severity: null,
  below: 80,
  sort: 'completeness',
  descending: false,
  source: null,
};

const UNIT_CODE = /^[A-Z][A-Z0-9_.-]{1,31}$/;
const CODE = /^[a-z][a-z0-9_]{0,63}$/;
const PERIOD = /^(\d{4})(?:-(Q[1-4]|0[1-9]|1[0-2]))?$/;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

/** The type of a period code: `year`, `quarter` or `month`; undefined when it is not one. */
export function periodKind(code: string): 'year' | 'quarter' | 'month' | undefined {
  const match = PERIOD.exec(code);
  if (match === null) return undefined;
  const year = Number(match[1]);
  if (year < 1900 || year > 2100) return undefined;
  return match[2] === undefined ? 'year' : match[2].startsWith('Q') ? 'quarter' : 'month';
}

/** Why a range cannot be asked for (`type`: not one type; `order`: runs backwards), or undefined. */
export function rangeProblem(from: string, to: string): 'format' | 'type' | 'order' | undefined {
  const a = periodKind(from);
  const b = periodKind(to);
  if (a === undefined || b === undefined) return 'format';
  if (a !== b) return 'type';
  // codes of one type sort as text
  return from > to ? 'order' : undefined;
}

/** Reads the query string; anything malformed falls back to the default. */
export function parseQualityQuery(query: URLSearchParams): QualityState {
  const unit = (query.get('unit') ?? '').trim().toUpperCase();
  const element = query.get('element') ?? '';
  let from = query.get('from');
  let to = query.get('to');
  if (from === null || to === null || rangeProblem(from, to) !== undefined) {
    // a range runs forwards: swapped ends are put right, anything else dropped
    if (from !== null && to !== null && rangeProblem(from, to) === 'order') [from, to] = [to, from];
    else [from, to] = [null, null];
  }
  const below = Number(query.get('below') ?? DEFAULT_QUALITY_STATE.below);
  const source = query.get('source');
  return {
    section: oneOf(SECTIONS, query.get('section')) ?? DEFAULT_QUALITY_STATE.section,
    unit: UNIT_CODE.test(unit) ? unit : null,
    element: CODE.test(element) ? element : DEFAULT_QUALITY_STATE.element,
    from,
    to,
    severity: oneOf(SEVERITIES, query.get('severity')),
    below:
      Number.isInteger(below) && below >= 0 && below <= 100 && query.get('below') !== ''
        ? below
        : DEFAULT_QUALITY_STATE.below,
    sort: oneOf(SORT_KEYS, query.get('sort')) ?? DEFAULT_QUALITY_STATE.sort,
    descending: query.get('desc') === '1',
    source: source !== null && CODE.test(source) ? source : null,
  };
}

/** The query string of a state (without `?`): defaults left out, keys in a fixed order. */
export function serialiseQualityState(state: QualityState): string {
  const d = DEFAULT_QUALITY_STATE;
  const params = new URLSearchParams();
  if (state.section !== d.section) params.set('section', state.section);
  if (state.unit !== null) params.set('unit', state.unit);
  if (state.element !== d.element) params.set('element', state.element);
  if (state.from !== null && state.to !== null) {
    params.set('from', state.from);
    params.set('to', state.to);
  }
  if (state.severity !== null) params.set('severity', state.severity);
  if (state.below !== d.below) params.set('below', String(state.below));
  if (state.sort !== d.sort) params.set('sort', state.sort);
  if (state.descending) params.set('desc', '1');
  if (state.source !== null) params.set('source', state.source);
  return params.toString();
}

export function qualityHref(state: QualityState): string {
  const query = serialiseQualityState(state);
  return query === '' ? '/quality' : `/quality?${query}`;
}

/**
 * The address of another section: the unit and element stay (an analyst follows one figure from
 * check to check); the range and the section's own settings go back to that section's defaults.
 */
export function sectionHref(state: QualityState, section: Section): string {
  return qualityHref({ ...DEFAULT_QUALITY_STATE, section, unit: state.unit, element: state.element });
}

/**
 * The range a section shows when the address names none, from today's date: the last five full
 * years for rules and sources, the last 24 full months for completeness (outliers read the
 * whole series).
 */
export function defaultRange(section: Section, today: Date): { from: string; to: string } | null {
  const year = today.getUTCFullYear();
  switch (section) {
    case 'rules':
    case 'sources':
      return { from: String(year - 5), to: String(year - 1) };
    case 'completeness': {
      // months counted from year 0: the last full month, and 23 before it
      const last = year * 12 + today.getUTCMonth() - 1;
      const code = (index: number) =>
        `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
      return { from: code(last - 23), to: code(last) };
    }
    case 'outliers':
      return null;
  }
}

/** The range in force: the address's, or the section's default. */
export function effectiveRange(state: QualityState, today: Date): { from: string; to: string } | null {
  if (state.from !== null && state.to !== null) return { from: state.from, to: state.to };
  return defaultRange(state.section, today);
}
