/**
 * The hash chain of the audit log. Each entry's hash covers its own fields and the hash of the entry
 * before it, so changing, removing or reordering any entry breaks every link after it.
 *
 * Canonical serialization (version 1): the JSON array
 *
 *     ["atalaya-audit-v1", seq, at, actor, action, target, detail, origin, prevHash]
 *
 * written by `JSON.stringify` (no whitespace; strings escaped as ECMAScript specifies), encoded as
 * UTF-8, hashed with SHA-256, written as 64 lower-case hex digits. Fields sit at fixed positions
 * (no key order to agree on); `seq` is a safe integer (no floating-point formats); `at` is an ISO
 * UTC timestamp with milliseconds; `detail` is hashed as the JSON text stored, never re-parsed.
 * The first entry's `prevHash` is the genesis hash, 64 zeros.
 */
import { createHash } from 'node:crypto';
import { ISO_UTC, type AuditEntry, type AuditFields } from './audit-entry.ts';

export const AUDIT_FORMAT = 'atalaya-audit-v1';
export const GENESIS_HASH = '0'.repeat(64);

/** The exact text whose SHA-256 is an entry's hash. */
export function canonicalAuditText(fields: AuditFields, prevHash: string): string {
  if (!Number.isSafeInteger(fields.seq) || fields.seq < 1) {
    throw new Error(`audit seq must be a positive whole number, not ${fields.seq}`);
  }
  return JSON.stringify([
    AUDIT_FORMAT,
    fields.seq,
    fields.at,
    fields.actor,
    fields.action,
    fields.target,
    fields.detail,
    fields.origin,
    prevHash,
  ]);
}

export function auditHash(fields: AuditFields, prevHash: string): string {
  return createHash('sha256').update(canonicalAuditText(fields, prevHash), 'utf8').digest('hex');
}

/** The last link of a chain: what the next entry follows. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** Links new fields to the chain after `head` (undefined for an empty chain). */
export function chainEntry(head: ChainHead | undefined, fields: Omit<AuditFields, 'seq'>): AuditEntry {
  if (!ISO_UTC.test(fields.at)) throw new Error(`audit time must be an ISO UTC timestamp, not ${fields.at}`);
  const prevHash = head?.hash ?? GENESIS_HASH;
  const linked = { ...fields, seq: (head?.seq ?? 0) + 1 };
  return { ...linked, prevHash, hash: auditHash(linked, prevHash) };
}

export type AuditProblemKind =
  | 'changed' // the entry's fields do not hash to its stored hash
  | 'unlinked' // its prev_hash is not the previous entry's hash
  | 'missing' // a seq is missing in the middle or at the start
  | 'truncated' // the chain ends before the recorded head
  | 'head' // the recorded head is missing or does not match the last entry
  | 'anchor'; // an anchor given by the operator does not match

/** The first broken place in a chain. */
export interface AuditProblem {
  readonly seq: number;
  readonly kind: AuditProblemKind;
  readonly message: string;
}

/**
 * Walks a chain in seq order and stops at the first broken place. Feed it every entry with
 * `next`, then call `end` with the head recorded beside the chain (which catches a removed tail, which
 * the chain alone cannot show). `anchors` are (seq, hash) pairs kept outside the store, e.g. the
 * head printed by an earlier `atalaya audit verify`; a chain rewritten from some entry on,
 * recomputing every hash, is caught only by such an anchor.
 */
export class AuditChainVerifier {
  private last: ChainHead | undefined;
  private problem: AuditProblem | undefined;
  private readonly anchors: Map<number, string>;
  private readonly anchorsSeen = new Set<number>();
  count = 0;

  constructor(anchors: readonly ChainHead[] = []) {
    this.anchors = new Map(anchors.map((a) => [a.seq, a.hash]));
  }

  get broken(): AuditProblem | undefined {
    return this.problem;
  }

  get head(): ChainHead | undefined {
    return this.last;
  }

  /** Checks the next entry; returns the problem once one is found (and ignores later entries). */
  next(entry: AuditEntry): AuditProblem | undefined {
    if (this.problem !== undefined) return this.problem;
    const expectedSeq = (this.last?.seq ?? 0) + 1;
    const expectedPrev = this.last?.hash ?? GENESIS_HASH;
    if (entry.seq > expectedSeq) {
      const range =
        entry.seq - 1 === expectedSeq
          ? `entry ${expectedSeq} is`
          : `entries ${expectedSeq}–${entry.seq - 1} are`;
      return this.fail(
        expectedSeq,
        'missing',
        `${range} missing: the chain goes from ${this.last === undefined ? 'its start' : `seq ${this.last.seq}`} to seq ${entry.seq} (deleted entries)`,
      );
    }
    if (entry.seq < expectedSeq) {
      return this.fail(
        entry.seq,
        'missing',
        `seq ${entry.seq} appears out of order after seq ${expectedSeq - 1}`,
      );
    }
    let recomputed: string;
    try {
      recomputed = auditHash(entry, entry.prevHash);
    } catch (error) {
      return this.fail(entry.seq, 'changed', `entry ${entry.seq} cannot be hashed: ${String(error)}`);
    }
    if (recomputed !== entry.hash) {
      return this.fail(
        entry.seq,
        'changed',
        `entry ${entry.seq} was changed: its fields hash to ${short(recomputed)}, not to the stored ${short(entry.hash)}`,
      );
    }
    if (entry.prevHash !== expectedPrev) {
      return this.fail(
        entry.seq,
        'unlinked',
        entry.seq === 1
          ? `entry 1 does not start the chain: its prev_hash is ${short(entry.prevHash)}, not the genesis hash`
          : `entry ${entry.seq} does not follow entry ${entry.seq - 1}: its prev_hash is ${short(entry.prevHash)}, but entry ${entry.seq - 1} hashes to ${short(expectedPrev)} (entry ${entry.seq - 1} was replaced)`,
      );
    }
    const anchored = this.anchors.get(entry.seq);
    if (anchored !== undefined) {
      this.anchorsSeen.add(entry.seq);
      if (anchored !== entry.hash) {
        return this.fail(
          entry.seq,
          'anchor',
          `entry ${entry.seq} hashes to ${short(entry.hash)}, not to the anchor ${short(anchored)}: the chain was rewritten up to here`,
        );
      }
    }
    this.last = { seq: entry.seq, hash: entry.hash };
    this.count += 1;
    return undefined;
  }

  /** After the last entry: compares the chain's end with the head recorded beside it. */
  end(recorded: ChainHead | undefined): AuditProblem | undefined {
    if (this.problem !== undefined) return this.problem;
    const last = this.last;
    if (recorded === undefined) {
      if (last !== undefined) {
        return this.fail(
          last.seq,
          'head',
          `the chain has ${last.seq} entries but no recorded head (store_meta audit_head was removed)`,
        );
      }
    } else if (last === undefined || recorded.seq > last.seq) {
      const from = (last?.seq ?? 0) + 1;
      const range = from === recorded.seq ? `entry ${from} is` : `entries ${from}–${recorded.seq} are`;
      return this.fail(
        from,
        'truncated',
        `${range} missing at the end: the chain stops at ${last === undefined ? 'nothing' : `seq ${last.seq}`} but the recorded head is seq ${recorded.seq}`,
      );
    } else if (recorded.seq < last.seq) {
      return this.fail(
        recorded.seq + 1,
        'head',
        `entries after seq ${recorded.seq} are not in the recorded head (written around the audit log)`,
      );
    } else if (recorded.hash !== last.hash) {
      return this.fail(
        last.seq,
        'head',
        `the last entry, seq ${last.seq}, hashes to ${short(last.hash)}, but the recorded head says ${short(recorded.hash)}`,
      );
    }
    for (const [seq] of this.anchors) {
      if (!this.anchorsSeen.has(seq)) {
        return this.fail(
          seq,
          'anchor',
          `the anchor at seq ${seq} is beyond the end of the chain (seq ${last?.seq ?? 0})`,
        );
      }
    }
    return undefined;
  }

  private fail(seq: number, kind: AuditProblemKind, message: string): AuditProblem {
    this.problem = { seq, kind, message };
    return this.problem;
  }
}

/** Checks a whole chain held in memory (tests, small logs). */
export function verifyAuditChain(
  entries: Iterable<AuditEntry>,
  head: ChainHead | undefined,
  anchors: readonly ChainHead[] = [],
): AuditProblem | undefined {
  const verifier = new AuditChainVerifier(anchors);
  for (const entry of entries) if (verifier.next(entry) !== undefined) return verifier.broken;
  return verifier.end(head);
}

const short = (hash: string): string => hash.slice(0, 12) + '…';

/** Parses an anchor written as `SEQ:HASH` (what `audit verify` prints as the head). */
export function parseAnchor(text: string): ChainHead {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (match === null) throw new Error(`"${text}" is not an anchor: expected SEQ:HASH (64 hex digits)`);
  return { seq: Number(match[1]), hash: match[2]! };
}
