import Database from 'better-sqlite3';
import type { InputIssue } from '../kernel/errors.ts';
import type { SqliteStore } from '../store/store.ts';
import type { BatchInfo, ResolvedRow, ValueWriter, WriteCounts } from './value-writer.ts';

/**
 * The SQLite import path: its own connection (so readers on the main connection never see an
 * import half done), `BEGIN IMMEDIATE`, one prepared upsert per row. The upsert leaves a row alone
 * when its value is unchanged or when this batch already wrote it; the second case is a duplicate
 * key in the file, found by a point lookup only for rows the upsert skipped.
 *
 * Counting new vs changed rows without `RETURNING` (which costs a quarter of the import's time):
 * an insert moves `last_insert_rowid`, an upsert's update does not (the revision trigger's own
 * insert is undone when the trigger ends). The first row of a batch uses `RETURNING` to set the
 * starting point, since its rowid could equal the one last inserted into another table.
 */
export class SqliteValueWriter implements ValueWriter {
  private readonly connection: Database.Database;
  private readonly ownsConnection: boolean;
  private batchId = 0;
  private counts = { inserted: 0, updated: 0, unchanged: 0 };
  private readonly duplicates: InputIssue[] = [];
  private duplicateCount = 0;
  private upsert!: Database.Statement;
  private upsertReturning!: Database.Statement;
  private lastRowid: number | bigint | undefined;
  private lookup!: Database.Statement;
  private readonly file: string | undefined;

  constructor(store: SqliteStore, options: { file?: string } = {}) {
    const path = store.sqlite.name;
    this.ownsConnection = path !== ':memory:' && path !== '';
    this.connection = this.ownsConnection ? new Database(path) : store.sqlite;
    if (this.ownsConnection) {
      this.connection.pragma('foreign_keys = ON');
      this.connection.pragma('busy_timeout = 10000');
      this.connection.pragma('synchronous = NORMAL');
    }
    this.file = options.file;
  }

  begin(batch: BatchInfo): Promise<number> {
    this.connection.exec('BEGIN IMMEDIATE');
    const result = this.connection
      .prepare(
        `INSERT INTO import_batch (created_at, kind, file_name, created_by, note) VALUES (?, ?, ?, ?, ?)`,
      )
      .run(new Date().toISOString(), batch.kind, batch.fileName, batch.createdBy, batch.note);
    this.batchId = Number(result.lastInsertRowid);
    const upsert = `INSERT INTO data_value (element_id, org_unit_id, period, disaggregation, source_id, value, status, batch_id, row_number, revision)
       VALUES (?, ?, ?, ?, ?, ?, '${batch.status}', ${this.batchId}, ?, 1)
       ON CONFLICT (element_id, org_unit_id, period, disaggregation, source_id) DO UPDATE SET
         value = excluded.value, status = excluded.status, batch_id = excluded.batch_id,
         row_number = excluded.row_number, revision = data_value.revision + 1
       WHERE data_value.batch_id IS NOT excluded.batch_id AND data_value.value IS NOT excluded.value`;
    this.upsert = this.connection.prepare(upsert);
    this.upsertReturning = this.connection.prepare(`${upsert} RETURNING revision`).pluck(true);
    this.lastRowid = undefined;
    this.lookup = this.connection
      .prepare(
        `SELECT batch_id, row_number FROM data_value
         WHERE element_id = ? AND org_unit_id = ? AND period = ? AND disaggregation = ? AND source_id = ?`,
      )
      .raw(true);
    return Promise.resolve(this.batchId);
  }

  write(rows: readonly ResolvedRow[]): Promise<void> {
    const upsert = this.upsert;
    for (const row of rows) {
      if (this.lastRowid === undefined) {
        this.writeFirst(row);
        continue;
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
    if (revision === 1) this.counts.inserted += 1;
    else if (revision !== undefined) this.counts.updated += 1;
    else this.skipped(row);
    this.lastRowid = this.connection.prepare('SELECT last_insert_rowid()').pluck(true).get() as number;
  }

  /** A row the upsert left alone: unchanged, or a second row with the same key in this batch. */
  private skipped(row: ResolvedRow): void {
    const existing = this.lookup.get(
      row.elementId,
      row.orgUnitId,
      row.period,
      row.disaggregation,
      row.sourceId,
    ) as [number, number | null] | undefined;
    if (existing !== undefined && existing[0] === this.batchId) {
      this.duplicateCount += 1;
      if (this.duplicates.length < 1000) {
        this.duplicates.push({
          ...(this.file === undefined ? {} : { file: this.file }),
          line: row.line,
          message: `the same value (element, org unit, period, disaggregation, source) is already on line ${existing[1] ?? '?'}`,
        });
      }
    } else this.counts.unchanged += 1;
  }

  finish(
    checksum: string | null,
    rowCount: number,
  ): Promise<{ ok: true; counts: WriteCounts } | { ok: false; issues: InputIssue[] }> {
    if (this.duplicateCount > 0) {
      this.rollbackNow();
      return Promise.resolve({ ok: false, issues: this.duplicates });
    }
    this.connection
      .prepare(
        `UPDATE import_batch SET checksum = ?, row_count = ?, inserted = ?, updated = ?, unchanged = ? WHERE id = ?`,
      )
      .run(
        checksum,
        rowCount,
        this.counts.inserted,
        this.counts.updated,
        this.counts.unchanged,
        this.batchId,
      );
    this.connection.exec('COMMIT');
    this.close();
    return Promise.resolve({ ok: true, counts: { ...this.counts } });
  }

  rollback(): Promise<void> {
    this.rollbackNow();
    return Promise.resolve();
  }

  private rollbackNow(): void {
    if (this.connection.inTransaction) this.connection.exec('ROLLBACK');
    this.close();
  }

  private close(): void {
    if (this.ownsConnection && this.connection.open) this.connection.close();
  }
}
