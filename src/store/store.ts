import { Kysely, PostgresDialect } from 'kysely';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Schema } from './schema.ts';
import { FifoMutex } from './fifo-mutex.ts';
import { SqliteFifoDialect } from './sqlite-fifo-dialect.ts';

export type Dialect = 'sqlite' | 'postgres';

/** An open store: Kysely for queries, plus the raw driver for the bulk paths that need it. */
export type Store = SqliteStore | PostgresStore;

interface StoreBase {
  readonly db: Kysely<Schema>;
  /** where the store is, with any password removed */
  readonly location: string;
  /** the writes of this process wait here, one at a time, in arrival order (the write queue: see fifo-mutex.ts) */
  readonly writes: FifoMutex;
  close(): Promise<void>;
}

export interface SqliteStore extends StoreBase {
  readonly dialect: 'sqlite';
  readonly sqlite: Database.Database;
}

export interface PostgresStore extends StoreBase {
  readonly dialect: 'postgres';
  readonly pool: pg.Pool;
  /**
   * Connections for the import writers, apart from the pool readers share: writes of a process
   * take turns (`writes`), and the one whose turn it is must not wait behind queued reads.
   */
  readonly writerPool: pg.Pool;
}

export const DEFAULT_SQLITE_PATH = './atalaya.db';

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Removes the password from a connection string so it can be printed or logged. */
export function redactLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const url = new URL(location);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'postgresql://(unparsable connection string)';
  }
}

// PostgreSQL returns bigint (int8) as strings by default: counts are safe as numbers here.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * Opens the store named by `location`: a PostgreSQL URL (`postgresql://…`) or a SQLite file path
 * (`:memory:` for a throwaway store). SQLite runs in WAL mode with foreign keys enforced.
 */
export function openStore(location: string = DEFAULT_SQLITE_PATH): Store {
  if (isPostgresUrl(location)) {
    const pool = new pg.Pool({ connectionString: location, max: 10 });
    // An idle client that errors (server restart) must not crash the process.
    pool.on('error', () => undefined);
    const writerPool = new pg.Pool({ connectionString: location, max: 2 });
    writerPool.on('error', () => undefined);
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    return {
      dialect: 'postgres',
      db,
      pool,
      writerPool,
      location: redactLocation(location),
      writes: new FifoMutex(),
      close: async () => {
        await db.destroy();
        await writerPool.end();
      },
    };
  }
  const sqlite = new Database(location);
  // WAL readers never wait; a writer waits up to this long for another (an import) to finish.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Schema>({ dialect: new SqliteFifoDialect({ database: sqlite }) });
  return {
    dialect: 'sqlite',
    db,
    sqlite,
    location,
    writes: new FifoMutex(),
    close: async () => {
      await db.destroy();
      if (sqlite.open) sqlite.close();
    },
  };
}

/** True for a store's "another writer holds the lock" error (SQLite busy, PostgreSQL lock not available). */
export function isBusyError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = error.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === '55P03';
}
