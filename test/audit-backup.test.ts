/**
 * `atalaya audit`, `atalaya backup` and `atalaya restore` as a user runs them (child processes), on
 * each store: the audit trail of imports, a backup and restore round trip that brings values and
 * the audit chain back, refusals that leave the store untouched, and a tampered log found by seq.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listAudit } from '../src/access/audit-log.store.ts';
import { openStore } from '../src/store/store.ts';
import { runAtalaya } from './support/cli.ts';
import { HEADER } from './support/fixtures.ts';
import { createTestDatabase, describeStores } from './support/stores.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atalaya-backup-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ME = `cli:${userInfo().username}`;

describeStores('audit, backup and restore commands', (dialect) => {
  let db: string;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ location: db, drop } = await createTestDatabase(dialect));
  });
  afterAll(async () => drop());

  const file = (name: string, text: string): string => {
    const path = join(dir, `${dialect}-${name}`);
    writeFileSync(path, text);
    return path;
  };
  /** Every value and every audit entry, read directly (quicker than the command). */
  const contents = async () => {
    const store = openStore(db);
    try {
      const values = await store.db
        .selectFrom('data_value')
        .select(['element_id', 'org_unit_id', 'period', 'disaggregation', 'source_id', 'value', 'status'])
        .orderBy(['element_id', 'org_unit_id', 'period', 'disaggregation', 'source_id'])
        .execute();
      return { values, audit: await listAudit(store.db, { limit: 1000 }) };
    } finally {
      await store.close();
    }
  };

  it('records imports in the audit log, lists and verifies it', async () => {
    const imported = await runAtalaya([
      '--db',
      db,
      'import',
      file(
        'a.csv',
        `${HEADER}\nhomicide_victims,HND,2012,,police,7172\npopulation,HND,2012,,census,8640692\n`,
      ),
    ]);
    expect(imported.code).toBe(0);
    const batch = /as batch (\d+)/.exec(imported.stdout)![1];
    const list = await runAtalaya(['--db', db, 'audit', 'list', '--action', 'data.import']);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\d+\\t\\S+Z\\t${ME}\\tcli\\tdata\\.import\\tbatch:${batch}\\t\\{.*"file":"${dialect}-a\\.csv".*"inserted":2`,
        ),
      ),
    ]);
    expect((await contents()).audit.map((e) => e.action)).toEqual([
      'store.migrate',
      'store.seed',
      'data.import',
    ]);
    const none = await runAtalaya(['--db', db, 'audit', 'list', '--actor', 'user:nobody']);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('No audit entries match');
    const badSince = await runAtalaya(['--db', db, 'audit', 'list', '--since', 'yesterday-ish']);
    expect(badSince.code).toBe(1);
    const verify = await runAtalaya(['--db', db, 'audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^Audit log intact: 3 entries, seq 1–3\.\nHead .*: 3:[0-9a-f]{64}\n$/);
    const anchor = /3:[0-9a-f]{64}/.exec(verify.stdout)![0];
    expect((await runAtalaya(['--db', db, 'audit', 'verify', '--anchor', anchor])).code).toBe(0);
    const wrong = await runAtalaya(['--db', db, 'audit', 'verify', '--anchor', `3:${'0'.repeat(64)}`]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('BROKEN at seq 3 (anchor)');
  });

  it('backs up, and restore brings back the values and the audit chain', async () => {
    const before = await contents();
    const backupFile = join(dir, `${dialect}.backup`);
    const backup = await runAtalaya(['--db', db, 'backup', backupFile]);
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(
      /^Backed up .* to .*: [\d.]+ (bytes|KiB|MiB), 2 data values, 3 audit entries\.\n$/,
    );

    // Change one value, add another, delete a third behind the application's back.
    const changed = await runAtalaya([
      '--db',
      db,
      'import',
      file('b.csv', `${HEADER}\nhomicide_victims,HND,2012,,police,1\nhomicide_victims,SLV,2012,,police,2\n`),
    ]);
    expect(changed.code).toBe(0);
    const store = openStore(db);
    await store.db.deleteFrom('data_value').where('value', '=', 8640692).execute();
    await store.close();
    expect((await contents()).values).not.toEqual(before.values);

    const restored = await runAtalaya(['--db', db, 'restore', backupFile]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('2 data values, 4 audit entries; audit chain intact.');
    const after = await contents();
    expect(after.values).toEqual(before.values);
    // The chain as it was at the backup (the backup's own entry came after it), then the restore.
    expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
    expect(after.audit.slice(before.audit.length).map((e) => e.action)).toEqual(['store.restore']);
    expect((await runAtalaya(['--db', db, 'audit', 'verify'])).code).toBe(0);
  });

  it('refuses a file that is not a backup and leaves the store untouched', async () => {
    const before = await contents();
    for (const [name, content] of [
      ['garbage.backup', 'this is not a backup\n'.repeat(200)],
      ['empty.backup', ''],
    ] as const) {
      const refused = await runAtalaya(['--db', db, 'restore', file(name, content)]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        dialect === 'sqlite' ? /is not (a SQLite database|an Atalaya backup)/ : /is not a pg_dump archive/,
      );
    }
    const missing = await runAtalaya(['--db', db, 'restore', join(dir, 'nope.backup')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file');
    expect(await contents()).toEqual(before);
    expect((await runAtalaya(['--db', db, 'audit', 'verify'])).code).toBe(0);
  });

  if (dialect === 'sqlite') {
    it('refuses to restore over a database another process has open', async () => {
      const backupFile = join(dir, 'in-use.backup');
      expect((await runAtalaya(['--db', db, 'backup', backupFile])).code).toBe(0);
      const other = new Database(db);
      try {
        other.prepare('select count(*) from data_value').get();
        const refused = await runAtalaya(['--db', db, 'restore', backupFile]);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain('is in use by another process');
      } finally {
        other.close();
      }
      expect((await runAtalaya(['--db', db, 'restore', backupFile])).code).toBe(0);
    });
  }

  it('reports a tampered log with the seq of the damage and exit code 1', async () => {
    const store = openStore(db);
    try {
      if (dialect === 'sqlite') await sql`DROP TRIGGER audit_entry_no_update`.execute(store.db);
      else await sql`DROP TRIGGER audit_entry_append_only ON audit_entry`.execute(store.db);
      await sql`UPDATE audit_entry SET actor = 'someone else' WHERE seq = 2`.execute(store.db);
    } finally {
      await store.close();
    }
    const verify = await runAtalaya(['--db', db, 'audit', 'verify']);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/^Audit log BROKEN at seq 2 \(changed\): entry 2 was changed/);
    expect(verify.stderr).toContain('1 entries before it are intact (up to seq 1)');
  });
});
