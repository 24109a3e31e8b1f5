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
