/**
 * Decoding the bytes of a received file. Files reach observatories as UTF-8 (with or without a
 * byte-order mark), as UTF-16 from some spreadsheet exports, or as Latin-1 / windows-1252 from
 * older systems (the UNODC `TS_plot_countries.csv`, some SESNSP exports). The rule is the one
 * editors use: a BOM decides; otherwise valid UTF-8 is UTF-8 and anything else is windows-1252
 * (the superset of Latin-1 that browsers use for "latin1"). Which one was used is reported, so a
 * reader can say it in its result.
 */

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncodingName;
}

/** Decodes a file's bytes, detecting the encoding; a string is returned as it is (a BOM dropped). */
export function decodeText(input: Uint8Array | string): DecodedText {
  if (typeof input === 'string') {
    return input.charCodeAt(0) === 0xfeff
      ? { text: input.slice(1), encoding: 'utf-8-bom' }
      : { text: input, encoding: 'utf-8' };
  }
  if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) {
    // A BOM promises UTF-8; a broken byte after it is replaced (U+FFFD) rather than re-read as
    // windows-1252, and the reader reports the value that holds it.
    return { text: new TextDecoder('utf-8').decode(input.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (input[0] === 0xff && input[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(input.subarray(2)), encoding: 'utf-16le' };
  }
  if (input[0] === 0xfe && input[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(input.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(input), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(input), encoding: 'windows-1252' };
  }
}

// Bytes 0x80–0x9F of windows-1252 (U+FFFD where the code page leaves a byte undefined). Node 20's
// TextDecoder('windows-1252') decodes them as ISO-8859-1 control characters, hence this table.
const HIGH_CONTROLS =
  '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd' +
  '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';

/** windows-1252 (what "Latin-1" files really are). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => HIGH_CONTROLS[c.charCodeAt(0) - 0x80] ?? c);
}

/**
 * `decodeText` for a file that arrives in chunks, with the same answers: the first bytes decide
 * a BOM (held until there are three, or the input ends); without one the bytes are read as UTF-8
 * until one is not, and then as windows-1252. The switch gives what `decodeText` gives when every
 * character before the bad byte was ASCII (the same in both encodings), which is how Latin-1 files
 * look. When UTF-8 letters came first, the text already read cannot be read again: the rest is
 * read as UTF-8 with U+FFFD for the bad bytes, and `mixedFrom` says so, for the reader to report
 * (a whole-file decode would have read everything as windows-1252, mangling the UTF-8 letters).
 */
export class StreamingTextDecoder {
  encoding: TextEncodingName = 'utf-8';
  /** set when bytes that are not UTF-8 follow UTF-8 letters (then the file is in two encodings) */
  mixed = false;
  private state: 'start' | 'utf-8' | 'lenient' | 'windows-1252' = 'start';
  private head: Uint8Array = new Uint8Array(0);
  private decoder: InstanceType<typeof TextDecoder> | undefined;
  /** UTF-8 without a BOM: bytes given to the decoder, bytes it has turned into text, the last few */
  private fed = 0;
  private emitted = 0;
  private ascii = true;
  private tail: Uint8Array = new Uint8Array(0);

  /** The text of the next chunk (possibly empty: a character may be split across chunks). */
  push(chunk: Uint8Array): string {
    if (this.state === 'start') {
      const head = concatBytes(this.head, chunk);
      if (head.length < 3) {
        this.head = head;
        return '';
      }
      this.head = new Uint8Array(0);
      return this.begin(head, false);
    }
    return this.decode(chunk, false);
  }

  /** The last text (a character left incomplete at the end). */
  end(): string {
    if (this.state === 'start') {
      const head = this.head;
      this.head = new Uint8Array(0);
      return this.begin(head, true);
    }
    return this.decode(new Uint8Array(0), true);
  }

  private begin(head: Uint8Array, final: boolean): string {
    let body = head;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      this.encoding = 'utf-8-bom';
      this.decoder = new TextDecoder('utf-8');
      this.state = 'lenient';
      body = head.subarray(3);
    } else if (head[0] === 0xff && head[1] === 0xfe) {
      this.encoding = 'utf-16le';
      this.decoder = new TextDecoder('utf-16le');
      this.state = 'lenient';
      body = head.subarray(2);
    } else if (head[0] === 0xfe && head[1] === 0xff) {
      this.encoding = 'utf-16be';
      this.decoder = new TextDecoder('utf-16be');
      this.state = 'lenient';
      body = head.subarray(2);
    } else {
      this.decoder = new TextDecoder('utf-8', { fatal: true });
      this.state = 'utf-8';
    }
    return this.decode(body, final);
  }

  private decode(chunk: Uint8Array, final: boolean): string {
    if (this.state === 'windows-1252') return decodeWindows1252(chunk);
    if (this.state === 'lenient') return this.decoder!.decode(chunk, { stream: !final });
    let text: string;
    try {
      text = this.decoder!.decode(chunk, { stream: !final });
    } catch {
      // The bytes received but not yet turned into text (a character begun in an earlier chunk).
      const pending = this.tail.subarray(this.tail.length - (this.fed - this.emitted));
      const rest = concatBytes(pending, chunk);
      if (this.ascii) {
        this.encoding = 'windows-1252';
        this.state = 'windows-1252';
        return decodeWindows1252(rest);
      }
      this.mixed = true;
      this.state = 'lenient';
      this.decoder = new TextDecoder('utf-8');
      return this.decoder.decode(rest, { stream: !final });
    }
    this.fed += chunk.length;
    const bytes = Buffer.byteLength(text, 'utf8');
    this.emitted += bytes;
    if (this.ascii && bytes !== text.length) this.ascii = false;
    if (this.fed > this.emitted)
      this.tail = chunk.length >= 4 ? chunk.slice(-4) : concatBytes(this.tail, chunk).slice(-4);
    else if (this.tail.length > 0) this.tail = new Uint8Array(0);
    return text;
  }
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
