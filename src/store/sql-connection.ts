import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Schema } from './schema.ts';
import type { Dialect } from './store.ts';

/**
 * A connection that holds an open transaction, whichever driver holds it: a Kysely transaction, the
 * SQLite import writer's own better-sqlite3 connection, or the PostgreSQL import writer's client.
 * Lets a few statements (an audit entry) join someone else's transaction so both commit together.
 * Statements use `?` placeholders on both dialects; they must not contain a literal `?`.
 */
export interface SqlConnection {
  readonly dialect: Dialect;
  query<R>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

/** A Kysely transaction (or connection) as a SqlConnection. */
export function kyselyConnection(db: Kysely<Schema> | Transaction<Schema>, dialect: Dialect): SqlConnection {
  return {
    dialect,
    async query<R>(text: string, params: readonly unknown[] = []) {
      const sqlText = dialect === 'postgres' ? numbered(text) : text;
      const result = await db.executeQuery<R>(CompiledQuery.raw(sqlText, [...params]));
      return [...result.rows];
    },
  };
}

/** A better-sqlite3 connection (inside a transaction its owner opened) as a SqlConnection. */
export function sqliteConnection(database: Database.Database): SqlConnection {
  return {
    dialect: 'sqlite',
    query<R>(text: string, params: readonly unknown[] = []) {
      const statement = database.prepare(text);
      if (statement.reader) return Promise.resolve(statement.all(...params) as R[]);
      statement.run(...params);
      return Promise.resolve([]);
    },
  };
}

/** A pg client (inside a transaction its owner opened) as a SqlConnection. */
export function pgConnection(client: pg.ClientBase): SqlConnection {
  return {
    dialect: 'postgres',
    async query<R>(text: string, params: readonly unknown[] = []) {
      const result = await client.query(numbered(text), [...params]);
      return result.rows as R[];
    },
  };
}
