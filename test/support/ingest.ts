/**
 * Helpers for the ingest readers' tests: where the shared real files are (tests skip when the
 * folder is absent), and the property every reader must keep under random damage to its input:
 * it never throws, and every issue it reports names a line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { InputIssue } from '../../src/kernel/errors.ts';

export const FORMATS = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'formats');
export const formatsPresent = existsSync(FORMATS);

/** The bytes of a shared real file. */
export function sharedFile(...path: string[]): Uint8Array {
  return readFileSync(join(FORMATS, ...path));
}

type Mutation = (text: string, at: number) => string | Uint8Array;

const MUTATIONS: Mutation[] = [
  (text, at) => text.slice(0, at),
  (text, at) => `${text.slice(0, at)}"${text.slice(at)}`,
  (text, at) => `${text.slice(0, at)}=cmd|' /C calc'!A0${text.slice(at)}`,
  (text, at) => `${text.slice(0, at)}${'9'.repeat(400)}${text.slice(at)}`,
  (text, at) => `${text.slice(0, at)}1e999${text.slice(at)}`,
  (text, at) => `${text.slice(0, at)}${text.slice(at + 7)}`,
  (text, at) => `${text.slice(0, at)}\n${text.slice(at)}`,
  (text, at) => `${text.slice(0, at)};,\t${text.slice(at)}`,
  (text) => Buffer.from(text, 'latin1'),
  (text) => Buffer.from(text, 'utf16le'),
  (text, at) => {
    const bytes = Buffer.from(text, 'utf8');
    if (bytes.length > 0) bytes[at % bytes.length] = 0xff;
    return bytes;
  },
];

/** A fixture after 1–4 random mutations (cuts, stray quotes, formulas, other encodings…). */
export function damagedInput(fixture: string): fc.Arbitrary<string | Uint8Array> {
  return fc
    .tuple(
      fc.array(fc.tuple(fc.nat(MUTATIONS.length - 1), fc.nat()), { minLength: 1, maxLength: 4 }),
      fc.string({ maxLength: 12 }),
    )
    .map(([steps, junk]) => {
      let input: string | Uint8Array = fixture;
      for (const [which, position] of steps) {
        const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
        const at = text.length === 0 ? 0 : position % text.length;
        input = MUTATIONS[which]!(text, at);
      }
      if (typeof input === 'string' && junk !== '') input = `${input}\n${junk}`;
      return input;
    });
}

/** Applies 1–4 random mutations to a fixture and checks the reader's contract on the result. */
export function checkReaderUnderDamage(
  fixture: string,
  read: (input: string | Uint8Array) => { issues: readonly InputIssue[] },
  runs = 300,
): void {
  fc.assert(
    fc.property(damagedInput(fixture), (input) => {
      const result = read(input);
      for (const issue of result.issues) {
        expect(issue.line, issue.message).toBeGreaterThanOrEqual(1);
      }
    }),
    { numRuns: runs },
  );
}

/** One damaged copy of a fixture: mutations (index, position) applied in turn, then junk appended. */
export function damaged(
  fixture: string,
  steps: readonly (readonly [number, number])[],
  junk = '',
): string | Uint8Array {
  let input: string | Uint8Array = fixture;
  for (const [which, position] of steps) {
    const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
    const at = text.length === 0 ? 0 : position % text.length;
    input = MUTATIONS[which % MUTATIONS.length]!(text, at);
  }
  return typeof input === 'string' && junk !== '' ? `${input}\n${junk}` : input;
}

/** How many kinds of damage `damaged` knows. */
export const MUTATION_COUNT = MUTATIONS.length;

/** Splits bytes into chunks of the given sizes (cycled), as a file stream would deliver them. */
export function chunked(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes.length === 0 ? bytes.length : sizes[i % sizes.length]!);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}
