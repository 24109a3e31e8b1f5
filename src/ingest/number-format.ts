/**
 * Numbers as files write them: `2,279,100` and `669340.048` (dot decimals, comma thousands),
 * `1.234,5` and `"0,7839"` (comma decimals), `1 234` (spaces, also no-break and thin spaces),
 * `1.5E+07`. A cell is one of: a number, blank (not reported: never a zero), not applicable
 * (`..`, `NA`, `N/A`, `n.a.`, `-`, `–`, `—`, `:`, `x`), or invalid (with the reason). Thousands
 * separators must group by three, so `1,2,3` is refused rather than read as 123. Formulas
 * (`=cmd|…`) and non-finite results (`1e400`) are invalid.
 *
 * Which separator is the decimal one is a property of a file: `detectDecimalSeparator` looks at
 * its values (`4,657` is ambiguous, `26.8` or `0,78` is not) and readers parse every value with
 * the answer. Without a declared or detected separator, a lone separator before exactly three
 * digits is read as the English convention (`1,234` = 1234, `1.234` = 1.234).
 */

export type DecimalSeparator = '.' | ',';

export type ParsedCell =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'blank' }
  | { readonly kind: 'not_applicable' }
  | { readonly kind: 'invalid'; readonly message: string };

const NOT_APPLICABLE = new Set([
  '..',
  '...',
  'na',
  'n/a',
  'n.a.',
  'n.a',
  '-',
  '–',
  '—',
  ':',
  'x',
  'nd',
  'n.d.',
  's.d.',
]);
const SPACES = /[\s\u00a0\u202f\u2009\u2007']/g;
const SHAPE = /^[+-]?[0-9.,]*[0-9][0-9.,]*$/;
const EXPONENT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]{1,4}$/;

/** Which decimal separator a value's text proves, if any. */
function evidence(text: string): DecimalSeparator | undefined {
  const t = text.replace(SPACES, '');
  if (!SHAPE.test(t)) return undefined;
  const lastDot = t.lastIndexOf('.');
  const lastComma = t.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) return lastDot > lastComma ? '.' : ',';
  const sep = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : undefined;
  if (sep === undefined) return undefined;
  const count = t.split(sep).length - 1;
  if (count > 1) return sep === '.' ? ',' : '.'; // repeated: thousands
  const after = t.length - (sep === '.' ? lastDot : lastComma) - 1;
  if (after !== 3) return sep;
  const before = t.slice(0, sep === '.' ? lastDot : lastComma).replace(/^[+-]/, '');
  // `0,500` or `0.500`: a leading zero is never grouped.
  if (before === '0' || before === '') return sep;
  return undefined;
}

/**
 * The decimal separator a file's values prove, by majority of unambiguous values; undefined when
 * none decides (every value an integer, or only `4,657`-like values).
 */
export function detectDecimalSeparator(values: Iterable<string>): DecimalSeparator | undefined {
  let dot = 0;
  let comma = 0;
  for (const value of values) {
    const found = evidence(value);
    if (found === '.') dot += 1;
    else if (found === ',') comma += 1;
  }
  if (dot === 0 && comma === 0) return undefined;
  return comma > dot ? ',' : '.';
}

function grouped(integer: string, separator: string): string | undefined {
  if (!integer.includes(separator)) return integer;
  const groups = integer.split(separator);
  const [first, ...rest] = groups;
  if (first === undefined || first.length < 1 || first.length > 3 || !/^[0-9]+$/.test(first))
    return undefined;
  if (!rest.every((group) => /^[0-9]{3}$/.test(group))) return undefined;
  return groups.join('');
}

/** Digits alone (read the same whatever the separator; 15 digits are always exact and finite). */
const PLAIN_INTEGER = /^-?[0-9]{1,15}$/;
const BLANK: ParsedCell = { kind: 'blank' };
const NOT_APPLICABLE_CELL: ParsedCell = { kind: 'not_applicable' };

/** Parses one cell; `decimal` is the file's separator when known. */
export function parseNumberCell(raw: string, decimal?: DecimalSeparator): ParsedCell {
  const trimmed = raw.trim();
  if (trimmed === '') return BLANK;
  // the common case first, as readers call this for every value of a file
  if (PLAIN_INTEGER.test(trimmed)) return { kind: 'number', value: Number(trimmed) };
  if (NOT_APPLICABLE.has(trimmed.toLowerCase())) return NOT_APPLICABLE_CELL;
  const text = trimmed.replace(SPACES, '');
  if (EXPONENT.test(text) && decimal !== ',') {
    const value = Number(text);
    return Number.isFinite(value) ? { kind: 'number', value } : tooLarge(trimmed);
  }
  if (!SHAPE.test(text)) return invalidCell(trimmed);
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[+-]/, '');
  const separator = decimal ?? evidence(text) ?? '.';
  const thousands = separator === '.' ? ',' : '.';
  const parts = body.split(separator);
  if (parts.length > 2) return invalidCell(trimmed);
  const integerText = grouped(parts[0] ?? '', thousands);
  const fraction = parts[1];
  if (integerText === undefined || (fraction !== undefined && !/^[0-9]*$/.test(fraction)))
    return invalidCell(trimmed);
  if (integerText === '' && (fraction === undefined || fraction === '')) return invalidCell(trimmed);
  const value =
    sign * Number(`${integerText === '' ? '0' : integerText}.${fraction ?? ''}`.replace(/\.$/, ''));
  return Number.isFinite(value) ? { kind: 'number', value } : tooLarge(trimmed);
}

function invalidCell(trimmed: string): ParsedCell {
  return {
    kind: 'invalid',
    message: `"${trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed}" is not a number`,
  };
}

function tooLarge(text: string): ParsedCell {
  return { kind: 'invalid', message: `"${text.slice(0, 40)}" is too large to be a number` };
}
