/**
 * The mapping a reader is driven by: which indicator of the received file becomes which data
 * element, from which source, with which disaggregation. Kept as plain JSON so an observatory
 * writes one per file type, e.g.
 *
 * ```json
 * { "SP.POP.TOTL": { "element": "population", "source": "world_bank" },
 *   "Homicide Total Count": { "element": "homicide_victims", "source": "unodc" },
 *   "Male Homicide Count": { "element": "homicide_victims", "source": "unodc", "disaggregation": "sex=M" } }
 * ```
 *
 * The codes named (element, source, disaggregation categories) are checked by the import path
 * against the catalogue, not here: a reader only carries them.
 */
import { ValidationError, type InputIssue } from '../kernel/errors.ts';

export interface ElementTarget {
  /** data element code of the catalogue, e.g. `homicide_victims` */
  readonly element: string;
  /** source code, e.g. `world_bank`, `unodc`, `police` */
  readonly source: string;
  /** canonical disaggregation key, `''` (or absent) for the total */
  readonly disaggregation?: string;
}

/** Source indicator code or name → target. */
export type IndicatorMapping = Readonly<Record<string, ElementTarget>>;

/** Checks a parsed JSON value is an indicator mapping; every problem is listed. */
export function parseIndicatorMapping(json: unknown, file?: string): IndicatorMapping {
  const issues: InputIssue[] = [];
  const at = (field: string, message: string): void => {
    issues.push({ ...(file === undefined ? {} : { file }), field, message });
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ValidationError('a mapping must be a JSON object: indicator code → { element, source }');
  }
  const mapping: Record<string, ElementTarget> = {};
  for (const [code, target] of Object.entries(json)) {
    if (typeof target !== 'object' || target === null) {
      at(code, 'expected { "element": …, "source": … }');
      continue;
    }
    const { element, source, disaggregation } = target as Record<string, unknown>;
    if (typeof element !== 'string' || element === '') at(code, '"element" must be a data element code');
    if (typeof source !== 'string' || source === '') at(code, '"source" must be a source code');
    if (disaggregation !== undefined && typeof disaggregation !== 'string') {
      at(code, '"disaggregation" must be a disaggregation key such as "sex=F"');
    }
    if (typeof element === 'string' && typeof source === 'string') {
      mapping[code] = {
        element,
        source,
        ...(typeof disaggregation === 'string' ? { disaggregation } : {}),
      };
    }
  }
  if (issues.length > 0) throw new ValidationError('the mapping has problems', issues);
  return mapping;
}

/** The canonical row of a target. */
export function targetRow(
  target: ElementTarget,
  orgUnit: string,
  period: string,
  value: number,
): {
  element: string;
  orgUnit: string;
  period: string;
  disaggregation: string;
  source: string;
  value: number;
} {
  return {
    element: target.element,
    orgUnit,
    period,
    disaggregation: target.disaggregation ?? '',
    source: target.source,
    value,
  };
}
