import {
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type TransactionSettings,
} from 'kysely';
import { FifoMutex } from './fifo-mutex.ts';

/**
 * Kysely's SQLite driver shares its one connection through a mutex that wakes every waiter at
 * each release: the first to run wins, the rest wait again behind newcomers. Under a few hundred
 * concurrent requests that costs O(waiters) at every query and starves some requests for seconds
 * (the load test timed out on them). This driver hands the connection out in arrival order; the
 * inner driver's mutex is then never contended.
 */
class FifoSqliteDriver implements Driver {
  private readonly turns = new FifoMutex();
  private release: (() => void) | undefined;

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.turns.acquire();
    try {
      const connection = await this.inner.acquireConnection();
      this.release = release;
      return connection;
    } catch (error) {
      release();
      throw error;
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const release = this.release;
    this.release = undefined;
    try {
      await this.inner.releaseConnection(connection);
    } finally {
      release?.();
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.savepoint?.(connection, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.(connection, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint?.(connection, name, compile);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** Kysely's SQLite dialect with a fair (first-in, first-out) hand-out of its one connection. */
export class SqliteFifoDialect extends SqliteDialect {
  override createDriver(): Driver {
    return new FifoSqliteDriver(super.createDriver());
  }
}
