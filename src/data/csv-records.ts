/**
 * A streaming RFC 4180 CSV reader that knows where every record starts. Written by hand because
 * the importer needs two things libraries trade off: exact line and column positions for every
 * error, and several million records a second (the bench loads 10M values through it). Lines
 * without quotes take a fast path (`split`); quoted fields, doubled quotes and line breaks inside
 * quotes take the full state machine. A UTF-8 byte-order mark is dropped; CRLF and LF both end a
 * record; a last record without a line break is read too.
 */
import type { InputIssue } from '../kernel/errors.ts';

/** The longest record waited for before an open quote is reported as never closed. */
export const MAX_RECORD_CHARS = 1024 * 1024;

export interface CsvRecord {
  /** 1-based line on which the record starts */
  readonly line: number;
  readonly fields: string[];
}

export interface CsvOptions {
  readonly delimiter?: string;
  readonly file?: string;
}

/** Reads records from chunks of text as they arrive; `push` returns the complete ones. */
export class CsvRecordReader {
  private buffer = '';
  private line = 1;
  private started = false;
  private readonly delimiter: string;
  private readonly file: string | undefined;
  /** Problems found so far (stray or unclosed quotes); reading goes on after each. */
  readonly issues: InputIssue[] = [];

  constructor(options: CsvOptions = {}) {
    this.delimiter = options.delimiter ?? ',';
    this.file = options.file;
    if (this.delimiter.length !== 1 || this.delimiter === '"' || this.delimiter === '\n') {
      throw new Error(`CSV delimiter must be one character other than a quote or a line break`);
    }
  }

  /** Adds text and returns every record completed by it. */
  push(chunk: string): CsvRecord[] {
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    this.buffer = this.buffer === '' ? chunk : this.buffer + chunk;
    return this.drain(false);
  }

  /** Signals the end of the input and returns the last records. */
  end(): CsvRecord[] {
    const records = this.drain(true);
    this.buffer = '';
    return records;
  }

  private drain(final: boolean): CsvRecord[] {
    const records: CsvRecord[] = [];
    const buffer = this.buffer;
    const delimiter = this.delimiter;
    let start = 0;
    const length = buffer.length;
    // Position of the next quote at or after `start` (searched again only once passed, so that a
    // chunk without quotes is scanned once, not once per line).
    let quote = -2;
    while (start < length) {
      const newline = buffer.indexOf('\n', start);
      if (newline === -1 && !final) break;
      const lineEnd = newline === -1 ? length : newline;
      if (quote !== -1 && quote < start) quote = buffer.indexOf('"', start);
      if (quote === -1 || quote > lineEnd) {
        // Fast path: no quote on this line.
        let end = lineEnd;
        if (end > start && buffer.charCodeAt(end - 1) === 13) end -= 1;
        const text = buffer.slice(start, end);
        records.push({ line: this.line, fields: text.split(delimiter) });
        this.line += 1;
        start = lineEnd + 1;
        continue;
      }
      const parsed = this.parseQuoted(buffer, start, final);
      if (parsed === undefined) {
        // A quoted field runs past the data we have. Wait for more, up to a limit: a quote never
        // closed would otherwise swallow the rest of the file (and be parsed again on every push).
        if (length - start <= MAX_RECORD_CHARS) break;
        this.issues.push({
          ...this.where(this.line, quote - start + 1),
          message: `a record runs past ${MAX_RECORD_CHARS / 1024} KiB: the quote here is probably never closed (expected a closing ")`,
        });
        this.line += 1;
        start = newline === -1 ? length : newline + 1;
        continue;
      }
      this.issues.push(...parsed.issues);
      records.push({ line: this.line, fields: parsed.fields });
      this.line += parsed.lines;
      start = parsed.next;
    }
    this.buffer = start >= length ? '' : buffer.slice(start);
    // Drop a trailing empty record produced by a final line break.
    return records;
  }

  /**
   * Parses one record that contains a quote, from `start`. Returns undefined when the record is
   * not complete yet (and more input may come).
   */
  private parseQuoted(
    buffer: string,
    start: number,
    final: boolean,
  ): { fields: string[]; next: number; lines: number; issues: InputIssue[] } | undefined {
    // Issues are kept apart until the record is complete, so a record parsed again after more
    // input arrives does not report them twice.
    const issues: InputIssue[] = [];
    const fields: string[] = [];
    const delimiter = this.delimiter;
    let i = start;
    let lines = 1;
    let field = '';
    let lineStart = start;
    const length = buffer.length;
    for (;;) {
      // at the start of a field
      if (i < length && buffer[i] === '"') {
        const fieldLine = this.line + lines - 1;
        const fieldColumn = i - lineStart + 1;
        i += 1;
        let closed = false;
        while (i < length) {
          const c = buffer[i];
          if (c === '"') {
            if (buffer[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            if (i + 1 >= length && !final) return undefined; // might be a doubled quote
            i += 1;
            closed = true;
            break;
          }
          if (c === '\n') {
            lines += 1;
            lineStart = i + 1;
          }
          field += c;
          i += 1;
        }
        if (!closed) {
          if (!final) return undefined;
          issues.push({
            ...this.where(fieldLine, fieldColumn),
            message: 'a quoted field is never closed (expected a closing ")',
          });
          fields.push(field);
          return { fields, next: length, lines, issues };
        }
        // after the closing quote: a delimiter, a line end, or the end of the data
        while (i < length && buffer[i] !== delimiter && buffer[i] !== '\n' && buffer[i] !== '\r') {
          issues.push({
            ...this.where(this.line + lines - 1, i - lineStart + 1),
            message: `unexpected character ${JSON.stringify(buffer[i])} after a closing quote (expected "${delimiter}" or the end of the line)`,
          });
          // skip to the end of the field
          while (i < length && buffer[i] !== delimiter && buffer[i] !== '\n') i += 1;
        }
        // the field (or the record) may go on in the next chunk
        if (i >= length && !final) return undefined;
      } else {
        // an unquoted field: up to the delimiter or the line end
        while (i < length) {
          const c = buffer[i];
          if (c === delimiter || c === '\n') break;
          if (c === '"') {
            issues.push({
              ...this.where(this.line + lines - 1, i - lineStart + 1),
              message: 'a quote inside an unquoted field (quote the whole field and double the quote)',
            });
          }
          field += c;
          i += 1;
        }
        if (i >= length && !final) return undefined;
        if (field.endsWith('\r') && (i >= length || buffer[i] === '\n')) field = field.slice(0, -1);
      }
      if (i < length && buffer[i] === '\r' && buffer[i + 1] === '\n') i += 1;
      else if (i + 1 >= length && buffer[i] === '\r' && !final) return undefined;
      fields.push(field);
      field = '';
      if (i >= length) return { fields, next: length, lines, issues };
      if (buffer[i] === delimiter) {
        i += 1;
        if (i >= length) {
          if (!final) return undefined;
          fields.push('');
          return { fields, next: length, lines, issues };
        }
        continue;
      }
      if (buffer[i] === '\r') i += 1;
      // a line break ends the record
      return { fields, next: i + 1, lines, issues };
    }
  }

  private where(line: number, column: number): Omit<InputIssue, 'message'> {
    return this.file === undefined ? { line, column } : { file: this.file, line, column };
  }
}
