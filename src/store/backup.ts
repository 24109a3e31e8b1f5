/**
 * Backup and restore of a whole store, on either dialect.
 *
 * SQLite: an online backup (SQLite's backup API through better-sqlite3: consistent while the
 * server keeps writing) into a temporary file, made self-contained (rollback journal, no WAL
 * beside it) and renamed into place. Restore checks the file (it opens, passes `quick_check`, holds
 * Atalaya's `store_migration` rows, none newer than this code), copies it beside the target, makes
 * sure no other connection has the target open (an exclusive lock: a running server holds it
 * open, so restore refuses), keeps the old file as `<target>.pre-restore`, and renames the copy
 * over the target: a reader sees the old database or the new one, never half of one.
 *
 * PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists --no-owner
 * --no-privileges --single-transaction --exit-on-error`: a bad archive changes nothing. The tools
 * come from PATH or /usr/lib/postgresql/<major>/bin; pg_dump and pg_restore must be at least the
 * server's major version (pg_dump refuses newer servers). The password travels in PGPASSWORD,
 * never on the command line.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { MIGRATIONS } from './migrations.ts';
import { isPostgresUrl, openStore, redactLocation, type Store } from './store.ts';

/** A backup or restore that could not be done; the message says why and what to do. */
export class BackupError extends Error {}

export interface BackupResult {
  readonly file: string;
  readonly bytes: number;
  /** rows of the tables asked for: in the backup file (SQLite), or as the dump began (PostgreSQL) */
  readonly rows: Readonly<Record<string, number>>;
}

export interface RestoreResult {
  readonly file: string;
  /** the migrations recorded in the backup */
  readonly migrations: readonly string[];
  /** SQLite: where the replaced database was kept */
  readonly previous?: string;
}

/** Writes a backup of the store to `file` (replacing it). `location` is the store's unredacted location. */
export async function backupStore(
  store: Store,
  location: string,
  file: string,
  countTables: readonly string[] = [],
): Promise<BackupResult> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    let rows: Record<string, number>;
    if (store.dialect === 'sqlite') {
      await store.sqlite.backup(temp);
      const copy = new Database(temp);
      try {
        copy.pragma('journal_mode = DELETE');
        rows = countRows(copy, countTables);
      } finally {
        copy.close();
      }
    } else {
      const target = connectionOf(location);
      const server = await serverMajor(store);
      const pgDump = await findPgTool('pg_dump', server);
      rows = {};
      for (const table of countTables) {
        const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(
          store.db,
        );
        rows[table] = Number(result.rows[0]?.n ?? 0);
      }
      await run(pgDump, ['--format=custom', `--file=${temp}`, `--dbname=${target.url}`], target.env);
    }
    renameSync(temp, file);
    return { file, bytes: statSync(file).size, rows };
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Replaces the store at `location` with the backup in `file`. Refuses (changing nothing) a file that
 * is not an Atalaya backup of the same dialect, one made by newer code, and, on SQLite, a database
 * that another process has open. Run the migrations afterwards (any `atalaya` command does).
 */
export async function restoreStore(location: string, file: string): Promise<RestoreResult> {
  if (!existsSync(file)) throw new BackupError(`${file}: no such file`);
  return isPostgresUrl(location)
    ? restorePostgres(location, file)
    : Promise.resolve(restoreSqlite(location, file));
}

function countRows(db: Database.Database, tables: readonly string[]): Record<string, number> {
  const rows: Record<string, number> = {};
  for (const table of tables) {
    rows[table] = db
      .prepare(`SELECT count(*) FROM "${table.replace(/"/g, '""')}"`)
      .pluck(true)
      .get() as number;
  }
  return rows;
}

/** The migration names in an Atalaya store, checked against the code's. */
function checkMigrations(file: string, names: readonly string[]): string[] {
  if (names.length === 0)
    throw new BackupError(`${file} is not an Atalaya backup: it records no migrations.`);
  const unknown = names.filter((n) => !(n in MIGRATIONS));
  if (unknown.length > 0) {
    throw new BackupError(
      `${file} was made by a newer Atalaya (unknown migrations: ${unknown.join(', ')}); upgrade Atalaya first.`,
    );
  }
  return [...names].sort();
}

function checkSqliteFile(path: string, shownAs: string): string[] {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (error) {
    throw new BackupError(`${shownAs} cannot be opened as a SQLite database: ${message(error)}`);
  }
  try {
    let check: unknown;
    try {
      check = db.pragma('quick_check', { simple: true });
    } catch (error) {
      throw new BackupError(`${shownAs} is not a SQLite database (${message(error)}).`);
    }
    if (check !== 'ok') throw new BackupError(`${shownAs} is damaged: quick_check says ${String(check)}.`);
    let names: string[];
    try {
      names = db.prepare('SELECT name FROM store_migration').pluck(true).all() as string[];
    } catch {
      throw new BackupError(`${shownAs} is not an Atalaya backup: it has no store_migration table.`);
    }
    const checked = checkMigrations(shownAs, names);
    // Self-contained: no WAL file beside it when it is renamed into place.
    db.pragma('journal_mode = DELETE');
    return checked;
  } finally {
    db.close();
  }
}

function restoreSqlite(target: string, file: string): RestoreResult {
  if (target === ':memory:') throw new BackupError('Cannot restore into an in-memory store.');
  const temp = join(dirname(target), `.${basename(target)}.restore-${process.pid}.tmp`);
  try {
    try {
      copyFileSync(file, temp);
    } catch (error) {
      throw new BackupError(`Cannot copy ${file} beside ${target}: ${message(error)}`);
    }
    const migrations = checkSqliteFile(temp, file);
    let previous: string | undefined;
    if (existsSync(target)) {
      closeExclusively(target);
      previous = `${target}.pre-restore`;
      rmSync(previous, { force: true });
      linkSync(target, previous);
    }
    for (const side of ['-wal', '-shm', '-journal']) rmSync(target + side, { force: true });
    renameSync(temp, target);
    return { file, migrations, ...(previous === undefined ? {} : { previous }) };
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Takes an exclusive lock on the database (which fails while any other connection, e.g. a running
 * server, has it open), folds its WAL into the file and closes it, leaving no WAL behind.
 */
function closeExclusively(path: string): void {
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: 0, fileMustExist: true });
  } catch (error) {
    throw new BackupError(`Cannot open ${path}: ${message(error)}`);
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    if (db.pragma('journal_mode', { simple: true }) === 'wal') db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (error) {
    db.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw new BackupError(
        `${path} is in use by another process (a running \`atalaya serve\`?): stop it, then restore.`,
      );
    }
    if (code === 'SQLITE_NOTADB') return; // not a database: replaced without a checkpoint
    throw error;
  }
  db.close();
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

function connectionOf(location: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(location);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return {
    url: url.toString(),
    env: { ...process.env, ...(password === '' ? {} : { PGPASSWORD: password }) },
  };
}

async function serverMajor(store: Store): Promise<number> {
  const result = await sql<{ v: string }>`show server_version_num`.execute(store.db);
  return Math.floor(Number(result.rows[0]?.v ?? 0) / 10000);
}

/** pg_dump / pg_restore of at least the server's major version, from PATH or /usr/lib/postgresql. */
async function findPgTool(name: 'pg_dump' | 'pg_restore', minMajor: number): Promise<string> {
  const candidates: string[] = [];
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) candidates.push(join(root, major, 'bin', name));
  }
  for (const dir of (process.env['PATH'] ?? '').split(delimiter))
    if (dir !== '') candidates.push(join(dir, name));
  const found: string[] = [];
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    let version: string;
    try {
      version = await run(path, ['--version'], process.env);
    } catch {
      continue;
    }
    const major = Number(/\(PostgreSQL\)\s+(\d+)/.exec(version)?.[1] ?? 0);
    if (major >= minMajor) return path;
    found.push(`${path} (${major})`);
  }
  if (found.length === 0) {
    throw new BackupError(
      `${name} not found in PATH or /usr/lib/postgresql/*/bin: install the PostgreSQL client tools (Debian: postgresql-client-${minMajor}).`,
    );
  }
  throw new BackupError(
    `${name} must be at least the server's major version (PostgreSQL ${minMajor}), but only ${found.join(', ')} were found: install postgresql-client-${minMajor}.`,
  );
}

async function archiveMigrations(pgRestore: string, file: string): Promise<string[]> {
  try {
    await run(pgRestore, ['--list', file], process.env);
  } catch (error) {
    throw new BackupError(`${file} is not a pg_dump archive (custom format): ${firstLine(message(error))}`);
  }
  let copy: string;
  try {
    copy = await run(pgRestore, ['--data-only', '--table=store_migration', '--file=-', file], process.env);
  } catch (error) {
    throw new BackupError(`${file} cannot be read: ${firstLine(message(error))}`);
  }
  const lines = copy.split('\n');
  const start = lines.findIndex((l) => /^COPY\s+\S*store_migration\s/.test(l));
  if (start < 0) throw new BackupError(`${file} is not an Atalaya backup: it has no store_migration data.`);
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '\\.') break;
    names.push(line.split('\t')[0]!);
  }
  return checkMigrations(file, names);
}

async function restorePostgres(location: string, file: string): Promise<RestoreResult> {
  const store = openStore(location);
  let pgRestore: string;
  let current: string[] = [];
  try {
    pgRestore = await findPgTool('pg_restore', await serverMajor(store));
    const exists = await sql<{ t: string | null }>`select to_regclass('store_migration')::text as t`.execute(
      store.db,
    );
    if (exists.rows[0]?.t !== null && exists.rows[0]?.t !== undefined) {
      const rows = await sql<{ name: string }>`select name from store_migration`.execute(store.db);
      current = rows.rows.map((r) => r.name);
    }
  } finally {
    await store.close();
  }
  const migrations = await archiveMigrations(pgRestore, file);
  // --clean drops only what the archive holds: tables of later migrations would stay behind.
  const later = current.filter((n) => !migrations.includes(n));
  if (later.length > 0) {
    throw new BackupError(
      `${file} is older than the database ${redactLocation(location)} (which also has ${later.join(', ')}): restore it into an empty database.`,
    );
  }
  const target = connectionOf(location);
  try {
    await run(
      pgRestore,
      [
        '--clean',
        '--if-exists',
        '--no-owner',
        '--no-privileges',
        '--single-transaction',
        '--exit-on-error',
        `--dbname=${target.url}`,
        file,
      ],
      target.env,
    );
  } catch (error) {
    throw new BackupError(`pg_restore failed; the database is unchanged: ${firstLine(message(error))}`);
  }
  return { file, migrations };
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) {
        const detail = stderr.trim() === '' ? error.message : stderr.trim();
        reject(new Error(`${basename(command)}: ${detail}`));
      } else resolve(stdout);
    });
  });
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const firstLine = (text: string): string => text.split('\n')[0] ?? text;
