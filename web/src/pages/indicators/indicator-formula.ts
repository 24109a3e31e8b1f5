/**
 * Reads an indicator's numerator or denominator as the catalogue writes it: an element code with
 * an optional breakdown, `prisoners[offence=drug,sex=F]`.
 */
export interface ElementTerm {
  readonly element: string;
  readonly filters: readonly (readonly [dimension: string, category: string])[];
}

export function parseElementTerm(term: string): ElementTerm {
  const match = /^([a-z0-9_]+)(?:\[([^\]]*)\])?$/.exec(term.trim());
  if (match === null) throw new Error(`Not an element term: ${term}`);
  const filters = (match[2] ?? '')
    .split(',')
    .filter((part) => part.length > 0)
    .map((part) => {
      const [dimension = '', category = ''] = part.split('=');
      return [dimension, category] as const;
    });
  return { element: match[1] ?? '', filters };
}
