/** Tests of byte decoding: BOMs, valid UTF-8, and the windows-1252 fallback. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeText } from './text-encoding.ts';

describe('decodeText', () => {
  it('reads UTF-8 with and without a BOM and says which', () => {
    expect(decodeText(Buffer.from('\uFEFFCôte', 'utf8'))).toEqual({ text: 'Côte', encoding: 'utf-8-bom' });
    expect(decodeText(Buffer.from('Côte', 'utf8'))).toEqual({ text: 'Côte', encoding: 'utf-8' });
  });

  it('falls back to windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeText(Buffer.from('Año, Côte', 'latin1'))).toEqual({
      text: 'Año, Côte',
      encoding: 'windows-1252',
    });
    expect(decodeText(new Uint8Array([0x80, 0x41]))).toEqual({ text: '€A', encoding: 'windows-1252' });
  });

  it('reads UTF-16 with a BOM', () => {
    expect(decodeText(Buffer.from('\uFEFFAño', 'utf16le'))).toEqual({ text: 'Año', encoding: 'utf-16le' });
  });

  it('takes text as it is, dropping a BOM', () => {
    expect(decodeText('\uFEFFa,b')).toEqual({ text: 'a,b', encoding: 'utf-8-bom' });
  });

  it('round-trips any text written as UTF-8, and never throws on any bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const decoded = decodeText(Buffer.from(text, 'utf8'));
        expect(decoded.text).toBe(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      }),
    );
    fc.assert(fc.property(fc.uint8Array(), (bytes) => void decodeText(bytes)));
  });
});
