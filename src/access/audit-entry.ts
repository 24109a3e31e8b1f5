/**
 * An audit entry: who did what to which records, when and from where. Entries are written once and
 * never changed; `audit-chain.ts` links them by hash. This file holds the entry's shape, the
 * actions Atalaya writes, and the canonical JSON of an entry's detail.
 */

/** What a writer says about an action; the log adds the sequence number, the time and the hashes. */
export interface AuditDraft {
  /** who: `user:<id or name>`, `token:<name>`, `cli:<os user>`, `system` */
  readonly actor: string;
  /** what, as `area.verb`: see AUDIT_ACTIONS */
  readonly action: string;
  /** which record(s): `batch:12`, `org_unit:HND period:2012`, `user:ana@example.org` */
  readonly target: string;
  /** anything else worth keeping (counts, file name); stored as canonical JSON */
  readonly detail?: Readonly<Record<string, unknown>>;
  /** where from: the client's IP address, `cli`, or `unknown` */
  readonly origin: string;
}

/** The fields of a stored entry that its hash covers (with `prevHash`). */
export interface AuditFields {
  /** 1, 2, 3 … with no gaps: the entry's place in the chain */
  readonly seq: number;
  /** UTC ISO 8601 timestamp with milliseconds, as `Date.prototype.toISOString` writes it */
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string;
  /** canonical JSON text (`canonicalJson`), hashed as stored */
  readonly detail: string;
  readonly origin: string;
}

export interface AuditEntry extends AuditFields {
  /** the hash of the previous entry (the genesis hash for seq 1) */
  readonly prevHash: string;
  /** SHA-256 (hex) of the canonical serialization of the fields and `prevHash` */
  readonly hash: string;
}

/**
 * The actions Atalaya writes today. Not a closed list: a new
 * feature may add its own `area.verb` (checked by `isAuditAction`).
 */
export const AUDIT_ACTIONS = [
  'data.import',
  'data.status',
  'data.rollback',
  'demo.load',
  'store.migrate',
  'store.seed',
  'store.backup',
  'store.restore',
  'user.add',
  'user.update',
  'user.disable',
  'user.enable',
  'user.grants',
  'user.reset_password',
  'token.create',
  'token.revoke',
  'session.sign_in',
  'session.sign_in_failed',
  'session.sign_out',
  'session.sign_out_everywhere',
  'intervention.create',
  'intervention.update',
  'intervention.delete',
  'source.prefer',
  'source.unprefer',
  'quality.rule.save',
  'quality.rule.remove',
] as const;

const ACTION = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;

export function isAuditAction(action: string): boolean {
  return ACTION.test(action);
}

export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * JSON with object keys in code-point order at every depth, no whitespace, and only finite
 * numbers: the same value always gives the same text. (The chain hashes the stored text, so this
 * matters for readers comparing details, not for verification.)
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value, 'detail'));
}

function sortKeys(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path}: ${value} cannot be written as JSON`);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => sortKeys(item, `${path}[${i}]`));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = sortKeys(item, `${path}.${key}`);
    }
    return out;
  }
  throw new Error(`${path}: a ${typeof value} cannot be written as JSON`);
}

/** Replaces lone UTF-16 surrogates, which no store keeps as they are, so the hash survives a round trip. */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
