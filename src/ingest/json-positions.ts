/**
 * Where things are in a JSON text, for errors a person can find: the line and column of a syntax
 * error, and of the value at a path (`features[3].geometry.coordinates[0][5]`) once the text is
 * known to be valid. Pure.
 *
 * `JSON.parse` does the parsing (it is fast, and its messages name no line); this file only
 * scans: `jsonSyntaxError` walks the text as a strict RFC 8259 checker when `JSON.parse` refused
 * it, and `JsonLocator` skips over values to reach a path, remembering the elements of arrays it
 * walked so that locating many features of one large file stays linear.
 */

export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

export type JsonPath = readonly (string | number)[];

/** `features[3].geometry.coordinates[0]` */
export function formatJsonPath(path: JsonPath): string {
  let text = '';
  for (const step of path) {
    text += typeof step === 'number' ? `[${step}]` : text === '' ? step : `.${step}`;
  }
  return text;
}

/** Line and column (both from 1) of offsets in a text; columns count UTF-16 code units. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  at(offset: number): TextPosition {
    if (this.starts === undefined) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  }
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

/**
 * The first syntax error of a text that is not JSON: its offset and what was expected there.
 * Undefined when the text is valid JSON. Iterative, so deep nesting cannot overflow the stack.
 */
export function jsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  const fail = (offset: number, message: string) => ({ offset, message });
  const describe = (at: number): string =>
    at >= text.length ? 'the end of the file' : `"${text.slice(at, at + 12).split(/\r?\n/)[0] ?? ''}"`;
  // containers open: '{' or '['
  const stack: number[] = [];
  let at = skipSpace(text, 0);
  if (text.charCodeAt(0) === 0xfeff) at = skipSpace(text, 1);
  for (;;) {
    // a value starts at `at`
    at = skipSpace(text, at);
    const c = text.charCodeAt(at);
    if (c === 0x7b || c === 0x5b) {
      stack.push(c);
      at = skipSpace(text, at + 1);
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (text.charCodeAt(at) === close) {
        stack.pop();
        at += 1;
      } else if (c === 0x7b) {
        const key = scanString(text, at);
        if (typeof key === 'object') return key;
        at = skipSpace(text, key);
        if (text.charCodeAt(at) !== 0x3a)
          return fail(at, `expected ':' after the key, found ${describe(at)}`);
        at += 1;
        continue;
      } else continue;
    } else if (c === 0x22) {
      const end = scanString(text, at);
      if (typeof end === 'object') return end;
      at = end;
    } else {
      const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(
        text.slice(at, at + 400),
      );
      if (literal === null) return fail(at, `expected a value, found ${describe(at)}`);
      at += literal[0].length;
    }
    // after a value: close containers, or a comma and the next member
    for (;;) {
      at = skipSpace(text, at);
      const open = stack.at(-1);
      if (open === undefined) {
        return at < text.length
          ? fail(at, `unexpected ${describe(at)} after the end of the JSON value`)
          : undefined;
      }
      const d = text.charCodeAt(at);
      const close = open === 0x7b ? 0x7d : 0x5d;
      if (d === close) {
        stack.pop();
        at += 1;
        continue;
      }
      if (d !== 0x2c) {
        return fail(at, `expected ',' or '${open === 0x7b ? '}' : ']'}', found ${describe(at)}`);
      }
      at = skipSpace(text, at + 1);
      if (open === 0x7b) {
        const key = scanString(text, at);
        if (typeof key === 'object') return key;
        at = skipSpace(text, key);
        if (text.charCodeAt(at) !== 0x3a)
          return fail(at, `expected ':' after the key, found ${describe(at)}`);
        at += 1;
      }
      break;
    }
  }
}

/** The offset after a string starting at `at`, or the error in it. */
function scanString(text: string, at: number): number | { offset: number; message: string } {
  if (text.charCodeAt(at) !== 0x22) {
    return {
      offset: at,
      message: `expected a double-quoted string, found ${at >= text.length ? 'the end of the file' : `"${text.slice(at, at + 12).split(/\r?\n/)[0] ?? ''}"`}`,
    };
  }
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { offset: i, message: 'a control character (such as a line break) inside a string' };
    if (c === 0x5c) {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
          return { offset: i, message: 'a bad \\u escape' };
        i += 5;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 1;
      else return { offset: i, message: `a bad escape \\${e ?? ''}` };
    }
  }
  return { offset: at, message: 'a string that never ends' };
}

/** The offset just after the (valid) JSON value starting at `at`. */
function skipValue(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 0x22) return endOfString(text, at);
  if (c !== 0x7b && c !== 0x5b) {
    while (at < text.length) {
      const d = text.charCodeAt(at);
      if (d === 0x2c || d === 0x7d || d === 0x5d || isSpace(d)) break;
      at++;
    }
    return at;
  }
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === 0x22) i = endOfString(text, i) - 1;
    else if (d === 0x7b || d === 0x5b) depth++;
    else if (d === 0x7d || d === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

function endOfString(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i + 1;
  }
  return text.length;
}

/** The offsets of a valid JSON text's values by path. */
export class JsonLocator {
  private readonly lines: LineIndex;
  /** element offsets of arrays already walked, by the array's offset */
  private readonly arrays = new Map<number, number[]>();
  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  /** The offset of the value at `path`, or of the deepest value on the way that exists. */
  offset(path: JsonPath): number {
    let at = skipSpace(this.text, this.text.charCodeAt(0) === 0xfeff ? 1 : 0);
    for (const step of path) {
      const next = typeof step === 'number' ? this.element(at, step) : this.member(at, step);
      if (next === undefined) return at;
      at = next;
    }
    return at;
  }

  position(path: JsonPath): TextPosition {
    return this.lines.at(this.offset(path));
  }

  positionAt(offset: number): TextPosition {
    return this.lines.at(offset);
  }

  private element(at: number, index: number): number | undefined {
    if (this.text.charCodeAt(at) !== 0x5b) return undefined;
    let elements = this.arrays.get(at);
    if (elements === undefined) {
      elements = [];
      let i = skipSpace(this.text, at + 1);
      if (this.text.charCodeAt(i) !== 0x5d) {
        for (;;) {
          elements.push(i);
          i = skipSpace(this.text, skipValue(this.text, i));
          if (this.text.charCodeAt(i) !== 0x2c) break;
          i = skipSpace(this.text, i + 1);
        }
      }
      this.arrays.set(at, elements);
    }
    return elements[index];
  }

  private member(at: number, key: string): number | undefined {
    if (this.text.charCodeAt(at) !== 0x7b) return undefined;
    let found: number | undefined;
    let i = skipSpace(this.text, at + 1);
    while (this.text.charCodeAt(i) === 0x22) {
      const keyEnd = endOfString(this.text, i);
      const name = JSON.parse(this.text.slice(i, keyEnd)) as string;
      i = skipSpace(this.text, keyEnd);
      i = skipSpace(this.text, i + 1); // ':'
      if (name === key) found = i; // the last one, as JSON.parse keeps it
      i = skipSpace(this.text, skipValue(this.text, i));
      if (this.text.charCodeAt(i) !== 0x2c) break;
      i = skipSpace(this.text, i + 1);
    }
    return found;
  }
}
