import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { HEADER, countBatches, importText } from '../../test/support/fixtures.ts';
import { createTestStore, describeStores } from '../../test/support/stores.ts';
import { moveStatus } from '../data/data-values.store.ts';
import { prepareStore } from '../setup/store-setup.ts';
import { openStore, type Store } from '../store/store.ts';
import {
  appendAudit,
  appendAuditIn,
  AuditLogDamagedError,
  countAudit,
  listAudit,
  verifyAuditLog,
} from './audit-log.store.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Lets a test play the attacker: without the triggers, rows can be changed and deleted. */
async function dropTriggers(store: Store): Promise<void> {
  if (store.dialect === 'sqlite') {
    await sql`DROP TRIGGER audit_entry_no_update`.execute(store.db);
    await sql`DROP TRIGGER audit_entry_no_delete`.execute(store.db);
  } else {
    await sql`DROP TRIGGER audit_entry_append_only ON audit_entry`.execute(store.db);
  }
}

interface AppendRun {
  readonly ready: Promise<void>;
  go(): void;
  readonly done: Promise<{ code: number | null; started: number; finished: number }>;
}

/** A child process that appends `count` entries when told to go. */
function appendInChild(location: string, count: number, actor: string): AppendRun {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test/support/append-audit.ts'), location, String(count), actor],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let out = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  const done = new Promise<{ code: number | null; started: number; finished: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      const times = last.startsWith('{')
        ? (JSON.parse(last) as { started: number; finished: number })
        : undefined;
      resolve({ code, started: times?.started ?? 0, finished: times?.finished ?? 0 });
    });
  });
  return { ready, go: () => child.stdin.write('go\n'), done };
}

const draft = (n: number) => ({
  actor: 'cli:tester',
  origin: 'cli',
  action: 'test.append',
  target: `n:${n}`,
  detail: { n, z: 'last', a: 'first' },
});

describeStores('audit log', (dialect) => {
  let store: Store;
  let location: string;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    ({ store, location, dispose } = await createTestStore(dialect));
  });
  afterEach(async () => dispose());

  it('appends a chain that verifies, lists entries by actor, action and time', async () => {
    for (let n = 1; n <= 5; n += 1) await appendAudit(store, draft(n));
    await appendAudit(store, {
      actor: 'user:ana',
      origin: '10.0.0.7',
      action: 'user.add',
      target: 'user:bo',
    });
    expect(await verifyAuditLog(store)).toMatchObject({ checked: 6, head: { seq: 6 }, problem: undefined });
    const all = await listAudit(store.db);
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(all[0]!.detail).toBe('{"a":"first","n":1,"z":"last"}');
    expect(all[1]!.prevHash).toBe(all[0]!.hash);
    expect((await listAudit(store.db, { actor: 'user:ana' })).map((e) => e.action)).toEqual(['user.add']);
    expect((await listAudit(store.db, { action: 'test.append', limit: 2 })).map((e) => e.seq)).toEqual([
      4, 5,
    ]);
    expect(await listAudit(store.db, { since: '2999-01-01T00:00:00.000Z' })).toEqual([]);
    expect(await listAudit(store.db, { since: all[0]!.at })).toHaveLength(6);
    await expect(appendAudit(store, { ...draft(0), action: 'Bad Action' })).rejects.toThrow(
      /not an audit action/,
    );
  });

  it('refuses UPDATE and DELETE of entries (triggers), and TRUNCATE on PostgreSQL', async () => {
    await appendAudit(store, draft(1));
    await expect(sql`UPDATE audit_entry SET detail = '{}'`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_entry`.execute(store.db)).rejects.toThrow(/append-only/);
    if (dialect === 'postgres') {
      await expect(sql`TRUNCATE audit_entry`.execute(store.db)).rejects.toThrow(/append-only/);
    }
    expect(await countAudit(store.db)).toBe(1);
    expect((await verifyAuditLog(store)).problem).toBeUndefined();
  });

  it('names the changed entry when a detail is rewritten behind the triggers', async () => {
    for (let n = 1; n <= 4; n += 1) await appendAudit(store, draft(n));
    await dropTriggers(store);
    await sql`UPDATE audit_entry SET detail = '{"n":99}' WHERE seq = 2`.execute(store.db);
    expect((await verifyAuditLog(store)).problem).toMatchObject({ seq: 2, kind: 'changed' });
  });

  it('names a deleted middle entry by the gap it leaves', async () => {
    for (let n = 1; n <= 4; n += 1) await appendAudit(store, draft(n));
    await dropTriggers(store);
    await sql`DELETE FROM audit_entry WHERE seq = 3`.execute(store.db);
    const result = await verifyAuditLog(store);
    expect(result).toMatchObject({ checked: 2, problem: { seq: 3, kind: 'missing' } });
  });

  it('names a deleted last entry by the head recorded beside the chain, and appends no more', async () => {
    for (let n = 1; n <= 4; n += 1) await appendAudit(store, draft(n));
    await dropTriggers(store);
    await sql`DELETE FROM audit_entry WHERE seq = 4`.execute(store.db);
    expect((await verifyAuditLog(store)).problem).toMatchObject({ seq: 4, kind: 'truncated' });
    // Extending the log would overwrite the evidence: refused.
    await expect(appendAudit(store, draft(5))).rejects.toThrow(AuditLogDamagedError);
    expect((await verifyAuditLog(store)).problem).toMatchObject({ seq: 4, kind: 'truncated' });
  });

  it('writes an entry with the change it records, or not at all (same transaction)', async () => {
    await expect(
      store.db.transaction().execute(async (trx) => {
        await appendAuditIn(trx, dialect, draft(1));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await countAudit(store.db)).toBe(0);
    // A rolled-back append leaves no gap: the next entry is seq 1.
    const entry = await appendAudit(store, draft(2));
    expect(entry.seq).toBe(1);
    expect((await verifyAuditLog(store)).problem).toBeUndefined();
  });

  it('records set-up, imports and status moves; a refused import records nothing', async () => {
    await prepareStore(store, { actor: 'cli:setup', origin: 'cli' });
    expect((await listAudit(store.db)).map((e) => [e.action, e.actor])).toEqual([
      ['store.seed', 'cli:setup'],
    ]);
    const audit = { actor: 'user:ana', origin: '192.0.2.1' };
    const good = `${HEADER}\nhomicide_victims,HND,2012,,police,7172\nhomicide_victims,HND,2012,sex=F,police,606\n`;
    const result = await importText(store, good, { file: 'good.csv', audit });
    const bad = `${HEADER}\nhomicide_victims,HND,2013,,police,1\nhomicide_victims,ZZZ,2013,,police,1\n`;
    await expect(importText(store, bad, { file: 'bad.csv', audit })).rejects.toThrow(/not imported/);
    expect(await moveStatus(store, { orgUnit: 'HND', period: '2012' }, 'submitted', 'forward', audit)).toBe(
      2,
    );
    const entries = await listAudit(store.db, { actor: 'user:ana' });
    expect(entries.map((e) => [e.action, e.target, e.origin])).toEqual([
      ['data.import', `batch:${result.batchId}`, '192.0.2.1'],
      ['data.status', 'org_unit:HND period:2012', '192.0.2.1'],
    ]);
    expect(JSON.parse(entries[0]!.detail)).toMatchObject({
      file: 'good.csv',
      rows: 2,
      inserted: 2,
      status: 'draft',
    });
    expect(JSON.parse(entries[1]!.detail)).toMatchObject({ from: 'draft', to: 'submitted', moved: 2 });
    expect((await verifyAuditLog(store)).problem).toBeUndefined();
  });

  it('rolls the import back when its audit entry cannot be written', async () => {
    await prepareStore(store);
    await dropTriggers(store);
    const last = (await listAudit(store.db)).at(-1)!;
    await sql`DELETE FROM audit_entry WHERE seq = ${last.seq}`.execute(store.db);
    await expect(
      importText(store, `${HEADER}\nhomicide_victims,HND,2012,,police,1\n`, {
        audit: { actor: 'cli:x', origin: 'cli' },
      }),
    ).rejects.toThrow(AuditLogDamagedError);
    expect(await countBatches(store)).toBe(0);
  });

  it('keeps one unbroken chain under appends from two processes at once', { timeout: 30_000 }, async () => {
    const runs = [appendInChild(location, 100, 'cli:a'), appendInChild(location, 100, 'cli:b')];
    await Promise.all(runs.map((r) => r.ready));
    for (const run of runs) run.go();
    const [a, b] = await Promise.all(runs.map((r) => r.done));
    expect([a!.code, b!.code]).toEqual([0, 0]);
    // They did append at the same time (each started before the other finished).
    expect(a!.started).toBeLessThan(b!.finished);
    expect(b!.started).toBeLessThan(a!.finished);
    const result = await verifyAuditLog(store);
    expect(result).toMatchObject({ checked: 200, head: { seq: 200 }, problem: undefined });
  });

  if (dialect === 'postgres') {
    it('keeps one unbroken chain under 20 parallel appends through separate connections', async () => {
      const stores = [store, openStore(location), openStore(location), openStore(location)];
      try {
        await Promise.all(
          Array.from({ length: 20 }, (_, n) => appendAudit(stores[n % stores.length]!, draft(n))),
        );
      } finally {
        for (const other of stores.slice(1)) await other.close();
      }
      const entries = await listAudit(store.db);
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
      expect(new Set(entries.map((e) => e.target)).size).toBe(20);
      expect((await verifyAuditLog(store)).problem).toBeUndefined();
    });
  }
});
