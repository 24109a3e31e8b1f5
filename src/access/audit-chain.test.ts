import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditHash,
  canonicalAuditText,
  chainEntry,
  GENESIS_HASH,
  parseAnchor,
  verifyAuditChain,
  type ChainHead,
} from './audit-chain.ts';
import { canonicalJson, wellFormed, type AuditEntry, type AuditFields } from './audit-entry.ts';

const AT = '2026-11-29T10:00:00.000Z';

function buildChain(fields: readonly Omit<AuditFields, 'seq'>[]): AuditEntry[] {
  const chain: AuditEntry[] = [];
  for (const f of fields) chain.push(chainEntry(chain.at(-1), f));
  return chain;
}

const headOf = (chain: readonly AuditEntry[]): ChainHead | undefined => {
  const last = chain.at(-1);
  return last === undefined ? undefined : { seq: last.seq, hash: last.hash };
};

const isoDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

const text = fc.string({ unit: 'binary', maxLength: 30 }).map(wellFormed);

const fieldsArb = fc.record({
  at: isoDate,
  actor: text,
  action: fc.constantFrom('data.import', 'data.status', 'user.add', 'session.sign_in'),
  target: text,
  detail: fc
    .dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), text, fc.boolean()))
    .map(canonicalJson),
  origin: fc.oneof(fc.constant('cli'), fc.ipV4(), fc.ipV6()),
});

describe('audit chain', () => {
  it('serializes an entry as a fixed JSON array and hashes it with SHA-256 (format v1, pinned)', () => {
    const fields: AuditFields = {
      seq: 1,
      at: AT,
      actor: 'cli:ana',
      action: 'data.import',
      target: 'batch:1',
      detail: '{"file":"a.csv","rows":2}',
      origin: 'cli',
    };
    expect(canonicalAuditText(fields, GENESIS_HASH)).toBe(
      `["atalaya-audit-v1",1,"${AT}","cli:ana","data.import","batch:1","{\\"file\\":\\"a.csv\\",\\"rows\\":2}","cli","${GENESIS_HASH}"]`,
    );
    // Pinned (computed with sha256sum over the text above): a change of the serialization must come
    // with a new format version.
    expect(auditHash(fields, GENESIS_HASH)).toBe(
      '1578dd41b2c1c4b274937480b5f697fdc085aa79144e0e7f0af149ef7425c4ec',
    );
    expect(() => canonicalAuditText({ ...fields, seq: 1.5 }, GENESIS_HASH)).toThrow(/positive whole number/);
  });

  it('writes details as canonical JSON: sorted keys at every depth, finite numbers only', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ skipped: undefined, kept: 0 })).toBe('{"kept":0}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/detail\.x/);
    expect(wellFormed('a\uD800b')).toBe('a\uFFFDb');
    expect(wellFormed('😀')).toBe('😀');
  });

  it('links entries from the genesis hash and verifies an intact chain', () => {
    fc.assert(
      fc.property(fc.array(fieldsArb, { maxLength: 10 }), (fields) => {
        const chain = buildChain(fields);
        expect(chain.map((e) => e.seq)).toEqual(fields.map((_, i) => i + 1));
        if (chain.length > 0) expect(chain[0]!.prevHash).toBe(GENESIS_HASH);
        expect(verifyAuditChain(chain, headOf(chain))).toBeUndefined();
      }),
    );
  });

  it('detects any single-field change of any entry, at that entry', () => {
    const fieldNames = [
      'seq',
      'at',
      'actor',
      'action',
      'target',
      'detail',
      'origin',
      'prevHash',
      'hash',
    ] as const;
    fc.assert(
      fc.property(
        fc.array(fieldsArb, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.constantFrom(...fieldNames),
        fc.oneof(text, fc.integer({ min: 1, max: 20 })),
        (fields, pick, field, replacement) => {
          const chain = buildChain(fields);
          const index = pick % chain.length;
          const original = chain[index]!;
          const value = field === 'seq' ? Number(replacement) || original.seq + 1 : String(replacement);
          fc.pre(value !== original[field]);
          const tampered = chain.map((e, i) => (i === index ? { ...e, [field]: value } : e));
          const problem = verifyAuditChain(tampered, headOf(chain));
          expect(problem).toBeDefined();
          if (field !== 'seq') expect(problem!.seq).toBe(original.seq);
        },
      ),
    );
  });

  it('detects a deleted entry anywhere: in the middle by the gap, at the end by the recorded head', () => {
    fc.assert(
      fc.property(fc.array(fieldsArb, { minLength: 1, maxLength: 8 }), fc.nat(), (fields, pick) => {
        const chain = buildChain(fields);
        const index = pick % chain.length;
        const problem = verifyAuditChain(
          chain.filter((_, i) => i !== index),
          headOf(chain),
        );
        expect(problem?.seq).toBe(index + 1);
        expect(problem?.kind).toBe(index === chain.length - 1 ? 'truncated' : 'missing');
      }),
    );
  });

  it('catches a rewritten chain only with an anchor kept elsewhere, and a removed head record', () => {
    const chain = buildChain(
      [1, 2, 3, 4].map((n) => ({
        at: AT,
        actor: 'a',
        action: 'x.y',
        target: `t${n}`,
        detail: '{}',
        origin: 'cli',
      })),
    );
    const anchor = { seq: 3, hash: chain[2]!.hash };
    // Entry 2 changed and every hash after it recomputed: consistent, except with the anchor.
    const rewritten = buildChain(chain.map((e, i) => (i === 1 ? { ...e, target: 'forged' } : e)));
    expect(verifyAuditChain(rewritten, headOf(rewritten))).toBeUndefined();
    expect(verifyAuditChain(rewritten, headOf(rewritten), [anchor])).toMatchObject({
      seq: 3,
      kind: 'anchor',
    });
    expect(verifyAuditChain(chain, headOf(chain), [anchor])).toBeUndefined();
    expect(verifyAuditChain(chain, headOf(chain), [{ seq: 9, hash: anchor.hash }])).toMatchObject({
      seq: 9,
      kind: 'anchor',
    });
    expect(verifyAuditChain(chain, undefined)).toMatchObject({ seq: 4, kind: 'head' });
    expect(verifyAuditChain([], { seq: 2, hash: chain[1]!.hash })).toMatchObject({
      seq: 1,
      kind: 'truncated',
    });
    expect(verifyAuditChain([], undefined)).toBeUndefined();
  });

  it('parses anchors as SEQ:HASH', () => {
    expect(parseAnchor(`12:${'a'.repeat(64)}`)).toEqual({ seq: 12, hash: 'a'.repeat(64) });
    expect(() => parseAnchor('12:abc')).toThrow(/not an anchor/);
  });
});
