import Database from 'better-sqlite3';
import { sqliteConnection } from '../store/sql-connection.ts';
import { isBusyError, type SqliteStore } from '../store/store.ts';
import { BusyError, type InputIssue } from '../kernel/errors.ts';
import {
  isValueStatus,
  type BatchInfo,
  type ResolvedRow,
  type ValueWriter,
  type WriteCounts,
} from './value-writer.ts';
import { auditImport, type ValueWriterOptions } from './import-audit.store.ts';

/**
 * The SQLite import path: its own connection (so readers on the main connection never see an
 * import half done), `BEGIN IMMEDIATE`, one prepared upsert per row. The upsert leaves a row alone
 * when its value is unchanged or when this batch already wrote it; the second case is a duplicate
 * key in the file, found by a point lookup only for rows the upsert skipped.
 *
 * Counting new vs changed rows without `RETURNING` (which costs a quarter of the import's time):
 * an insert moves `last_insert_rowid`, an upsert's update does not (the revision trigger's own
 * insert is undone when the trigger ends). Until the batch's first insert, rows use `RETURNING`,
 * since `last_insert_rowid` still holds the batch's own id, which a data value's rowid could equal.
 *
 * A key repeated in the file is caught three ways: the upsert skips a second write by this batch
 * (found by the point lookup); a row left unchanged is remembered in a temporary table, so a second
 * unchanged copy is caught there; and a row first left unchanged then rewritten by a later line is
 * caught by one join at the end.
 *
 * A deletion (`row.delete`) looks its key up, remembers the key in another temporary table (a
 * second row with the key, deletion or not, is a duplicate) and deletes the value; the delete
 * trigger keeps its last version. Those rows take negative rowids, so `last_insert_rowid` never
 * meets the rowid of a new value.
 */
export class SqliteValueWriter implements ValueWriter {
  /** opened by `begin`, closed by `finish` or `rollback` (so a file refused before `begin` opens nothing) */
  private connection!: Database.Database;
  private ownsConnection = false;
  private batchId = 0;
  private counts = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
  private readonly duplicates: InputIssue[] = [];
  private duplicateCount = 0;
  private upsert!: Database.Statement;
  /**
   * A plain insert that leaves an existing key alone: for new keys about 1.5 times as fast as the
   * upsert (which looks the key up before inserting). Tried first while most rows of the last
   * batch were new; a row whose key exists then goes through the upsert as before.
   */
  private insertNew!: Database.Statement;
  private mostlyNew = true;
  private upsertReturning!: Database.Statement;
  private lastRowid: number | bigint | undefined;
  private lookup!: Database.Statement;
  private rememberUnchanged!: Database.Statement;
  private firstUnchangedLine!: Database.Statement;
  private rememberDeleted!: Database.Statement;
  private firstDeletedLine!: Database.Statement;
  private isUnchanged!: Database.Statement;
  private deleteValue!: Database.Statement;
  private deletions = 0;
  private readonly file: string | undefined;
  private batch!: BatchInfo;

  private readonly busyTimeoutMs: number;

  /**
   * `target`: the store, or only its file's path (a writer thread has no store of its own).
   * `busyTimeoutMs`: how long to wait for another import to finish (the server waits little).
   */
  constructor(
    private readonly target: SqliteStore | { readonly path: string },
    private readonly options: ValueWriterOptions = {},
  ) {
    this.file = options.file;
    this.busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
  }

  private open(): void {
    const target = this.target;
    const path = 'path' in target ? target.path : target.sqlite.name;
    // An in-memory store has only the one connection.
    this.ownsConnection = path !== ':memory:' && path !== '';
    if (!this.ownsConnection && 'path' in target) throw new Error('an in-memory store has no path');
    this.connection = 'path' in target || this.ownsConnection ? new Database(path) : target.sqlite;
    if (this.ownsConnection) {
      this.connection.pragma('foreign_keys = ON');
      this.connection.pragma(`busy_timeout = ${Math.max(0, Math.floor(this.busyTimeoutMs))}`);
      this.connection.pragma('synchronous = NORMAL');
    }
  }

  begin(batch: BatchInfo): Promise<number> {
    if (!isValueStatus(batch.status)) throw new Error(`not a status: ${String(batch.status)}`);
    this.open();
    try {
      return Promise.resolve(this.prepare(batch));
    } catch (error) {
      this.rollbackNow();
      if (isBusyError(error)) {
        throw new BusyError('Another import is writing to the store; try again when it has finished.');
      }
      throw error;
    }
  }

  private prepare(batch: BatchInfo): number {
    this.batch = batch;
    this.connection.exec('BEGIN IMMEDIATE');
    const result = this.connection
      .prepare(
        `INSERT INTO import_batch (created_at, kind, file_name, created_by, note) VALUES (?, ?, ?, ?, ?)`,
      )
      .run(new Date().toISOString(), batch.kind, batch.fileName, batch.createdBy, batch.note);
    this.batchId = Number(result.lastInsertRowid);
    const change = Number(
      this.connection
        .prepare(`INSERT INTO data_change (created_at, kind, batch_id) VALUES (?, 'import', ?)`)
        .run(new Date().toISOString(), this.batchId).lastInsertRowid,
    );
    const insert = `INSERT INTO data_value (element_id, org_unit_id, period, disaggregation, source_id, value, status, batch_id, row_number, revision, change_seq)
       VALUES (?, ?, ?, ?, ?, ?, '${batch.status}', ${this.batchId}, ?, 1, ${change})`;
    this.insertNew = this.connection.prepare(insert.replace('INSERT INTO', 'INSERT OR IGNORE INTO'));
    const upsert = `${insert}
       ON CONFLICT (element_id, org_unit_id, period, disaggregation, source_id) DO UPDATE SET
         value = excluded.value, status = excluded.status, batch_id = excluded.batch_id,
         row_number = excluded.row_number, revision = data_value.revision + 1, change_seq = excluded.change_seq
       WHERE data_value.batch_id IS NOT excluded.batch_id AND data_value.value IS NOT excluded.value`;
    this.upsert = this.connection.prepare(upsert);
    this.upsertReturning = this.connection.prepare(`${upsert} RETURNING revision`).pluck(true);
    this.lastRowid = undefined;
    this.lookup = this.connection
      .prepare(
        `SELECT rowid, batch_id, row_number FROM data_value
         WHERE element_id = ? AND org_unit_id = ? AND period = ? AND disaggregation = ? AND source_id = ?`,
      )
      .raw(true);
    this.connection.exec(
      `CREATE TEMPORARY TABLE IF NOT EXISTS import_unchanged (value_rowid INTEGER PRIMARY KEY, line INTEGER NOT NULL);
       DELETE FROM temp.import_unchanged;`,
    );
    this.rememberUnchanged = this.connection.prepare(
      'INSERT INTO temp.import_unchanged (value_rowid, line) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    this.firstUnchangedLine = this.connection
      .prepare('SELECT line FROM temp.import_unchanged WHERE value_rowid = ?')
      .pluck(true);
    this.isUnchanged = this.connection
      .prepare('SELECT 1 FROM temp.import_unchanged WHERE value_rowid = ?')
      .pluck(true);
    this.connection.exec(
      `CREATE TEMPORARY TABLE IF NOT EXISTS import_deleted (
         id INTEGER PRIMARY KEY, element_id INTEGER NOT NULL, org_unit_id INTEGER NOT NULL, period TEXT NOT NULL,
         disaggregation TEXT NOT NULL, source_id INTEGER NOT NULL, line INTEGER NOT NULL,
         UNIQUE (element_id, org_unit_id, period, disaggregation, source_id));
       DELETE FROM temp.import_deleted;`,
    );
    this.deletions = 0;
    this.rememberDeleted = this.connection.prepare(
      `INSERT INTO temp.import_deleted (id, element_id, org_unit_id, period, disaggregation, source_id, line)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    this.firstDeletedLine = this.connection
      .prepare(
        `SELECT line FROM temp.import_deleted
         WHERE element_id = ? AND org_unit_id = ? AND period = ? AND disaggregation = ? AND source_id = ?`,
      )
      .pluck(true);
    this.deleteValue = this.connection.prepare('DELETE FROM data_value WHERE rowid = ?');
    return this.batchId;
  }

  write(rows: readonly ResolvedRow[]): Promise<void> {
    const upsert = this.upsert;
    const insertNew = this.insertNew;
    const tryInsert = this.mostlyNew;
    const insertedBefore = this.counts.inserted;
    for (const row of rows) {
      if (row.delete === true) {
        this.deleteRow(row);
        continue;
      }
      if (this.lastRowid === undefined) {
        this.writeFirst(row);
        continue;
      }
      if (tryInsert) {
        const inserted = insertNew.run(
          row.elementId,
          row.orgUnitId,
          row.period,
          row.disaggregation,
          row.sourceId,
          row.value,
          row.line,
        );
        if (inserted.changes === 1) {
          this.counts.inserted += 1;
          this.lastRowid = inserted.lastInsertRowid;
          continue;
        }
      }
      const result = upsert.run(
        row.elementId,
        row.orgUnitId,
        row.period,
        row.disaggregation,
        row.sourceId,
        row.value,
        row.line,
      );
      if (result.changes === 0) this.skipped(row);
      else if (result.lastInsertRowid !== this.lastRowid) {
        this.counts.inserted += 1;
        this.lastRowid = result.lastInsertRowid;
      } else this.counts.updated += 1;
    }
    this.mostlyNew = (this.counts.inserted - insertedBefore) * 2 >= rows.length;
    return Promise.resolve();
  }

  private writeFirst(row: ResolvedRow): void {
    const revision = this.upsertReturning.get(
      row.elementId,
      row.orgUnitId,
      row.period,
      row.disaggregation,
      row.sourceId,
      row.value,
      row.line,
    ) as number | undefined;
    if (revision === 1) {
      this.counts.inserted += 1;
      this.lastRowid = this.connection.prepare('SELECT last_insert_rowid()').pluck(true).get() as number;
    } else if (revision !== undefined) this.counts.updated += 1;
    else this.skipped(row);
  }

  /** A deletion: the value under the key goes (its last version kept by the trigger), if there is one. */
  private deleteRow(row: ResolvedRow): void {
    const key = [row.elementId, row.orgUnitId, row.period, row.disaggregation, row.sourceId] as const;
    this.deletions += 1;
    const remembered = this.rememberDeleted.run(-this.deletions, ...key, row.line);
    if (remembered.changes === 0) {
      this.duplicate(row.line, this.firstDeletedLine.get(...key) as number);
      return;
    }
    // follow last_insert_rowid (negative: no value's rowid), as `skipped` does
    this.lastRowid = remembered.lastInsertRowid;
    const existing = this.lookup.get(...key) as [number, number, number | null] | undefined;
    if (existing === undefined) {
      this.counts.unchanged += 1;
      return;
    }
    const [rowid, batchId, line] = existing;
    if (batchId === this.batchId) {
      this.duplicate(row.line, line);
      return;
    }
    if (this.isUnchanged.get(rowid) !== undefined) {
      this.duplicate(row.line, this.firstUnchangedLine.get(rowid) as number);
      return;
    }
    this.deleteValue.run(rowid);
    this.counts.deleted += 1;
  }

  /** A row the upsert left alone: unchanged, or a second row with the same key in this batch. */
  private skipped(row: ResolvedRow): void {
    const existing = this.lookup.get(
      row.elementId,
      row.orgUnitId,
      row.period,
      row.disaggregation,
      row.sourceId,
    ) as [number, number, number | null] | undefined;
    if (existing === undefined) return; // cannot happen: the upsert skips only existing rows
    const [rowid, batchId, line] = existing;
    if (batchId === this.batchId) {
      this.duplicate(row.line, line);
      return;
    }
    const remembered = this.rememberUnchanged.run(rowid, row.line);
    if (remembered.changes === 0) {
      this.duplicate(row.line, this.firstUnchangedLine.get(rowid) as number);
      return;
    }
    this.counts.unchanged += 1;
    // The temporary table's insert moved last_insert_rowid (to this value's rowid, an existing
    // one, which no new value can take): follow it, or the next update would count as an insert.
    this.lastRowid = remembered.lastInsertRowid;
  }

  private duplicate(line: number, firstLine: number | null): void {
    this.duplicateCount += 1;
    if (this.duplicates.length < 1000) {
      this.duplicates.push({
        ...(this.file === undefined ? {} : { file: this.file }),
        line,
        message: `the same value (element, org unit, period, disaggregation, source) is already on line ${firstLine ?? '?'}`,
      });
    }
  }

  /** Rows left unchanged by one line and rewritten by a later one. */
  private rewrittenAfterUnchanged(): void {
    const rows = this.connection
      .prepare(
        `SELECT d.row_number, u.line FROM temp.import_unchanged u JOIN data_value d ON d.rowid = u.value_rowid
         WHERE d.batch_id = ? ORDER BY d.row_number`,
      )
      .raw(true)
      .all(this.batchId) as [number, number][];
    for (const [line, firstLine] of rows) {
      this.duplicate(line, firstLine);
      this.counts.updated -= 1;
    }
    if (this.deletions === 0) return;
    // a key deleted, then written by a later line
    const written = this.connection
      .prepare(
        `SELECT d.row_number, x.line FROM temp.import_deleted x JOIN data_value d
           ON d.element_id = x.element_id AND d.org_unit_id = x.org_unit_id AND d.period = x.period
          AND d.disaggregation = x.disaggregation AND d.source_id = x.source_id
         WHERE d.batch_id = ? AND d.row_number > x.line ORDER BY d.row_number`,
      )
      .raw(true)
      .all(this.batchId) as [number, number][];
    for (const [line, firstLine] of written) this.duplicate(line, firstLine);
  }

  async finish(
    checksum: string | null,
    rowCount: number,
  ): Promise<{ ok: true; counts: WriteCounts } | { ok: false; issues: InputIssue[] }> {
    this.rewrittenAfterUnchanged();
    if (this.duplicateCount > 0) {
      this.duplicates.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      this.rollbackNow();
      return { ok: false, issues: this.duplicates };
    }
    this.connection
      .prepare(
        `UPDATE import_batch SET checksum = ?, row_count = ?, inserted = ?, updated = ?, unchanged = ?, deleted = ? WHERE id = ?`,
      )
      .run(
        checksum,
        rowCount,
        this.counts.inserted,
        this.counts.updated,
        this.counts.unchanged,
        this.counts.deleted,
        this.batchId,
      );
    await auditImport(
      sqliteConnection(this.connection),
      this.options.audit,
      this.batchId,
      this.batch,
      rowCount,
      this.counts,
      checksum,
    );
    this.connection.exec('COMMIT');
    this.close();
    return { ok: true, counts: { ...this.counts } };
  }

  rollback(): Promise<void> {
    this.rollbackNow();
    return Promise.resolve();
  }

  private rollbackNow(): void {
    const connection = this.connection as Database.Database | undefined;
    if (connection === undefined) return;
    if (connection.open && connection.inTransaction) connection.exec('ROLLBACK');
    this.close();
  }

  private close(): void {
    if (this.ownsConnection && this.connection.open) this.connection.close();
  }
}
