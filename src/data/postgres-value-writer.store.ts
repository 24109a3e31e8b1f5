import type { Writable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { InputIssue } from '../kernel/errors.ts';
import { pgConnection } from '../store/sql-connection.ts';
import type { PostgresStore } from '../store/store.ts';
import { DATA_WRITE_LOCK_SQL } from './data-change.store.ts';
import type { BatchInfo, ResolvedRow, ValueWriter, WriteCounts } from './value-writer.ts';
import { auditImport, type ValueWriterOptions } from './import-audit.store.ts';

/** Escapes a text value for COPY's text format. */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}

/**
 * The PostgreSQL import path: one client, one transaction; rows stream by COPY into a temporary
 * staging table, then one set-based upsert moves them into `data_value`. Duplicate keys in the
 * file are found in the staging table before the upsert. Deletions are staged rows without a value
 * (`deletion`), applied by one set-based DELETE before the upsert (the delete trigger keeps each
 * deleted value's last version).
 */
export class PostgresValueWriter implements ValueWriter {
  private client: pg.PoolClient | undefined;
  private batchId = 0;
  private copy: Writable | undefined;
  private copyDone: Promise<void> | undefined;
  private copyError: Error | undefined;
  private batch!: BatchInfo;
  private change = 0;
  private readonly file: string | undefined;

  constructor(
    private readonly store: PostgresStore,
    private readonly options: ValueWriterOptions = {},
  ) {
    this.file = options.file;
  }

  async begin(batch: BatchInfo): Promise<number> {
    const client = await this.store.writerPool.connect();
    this.client = client;
    this.batch = batch;
    // Round trips are the cost of a small import (and imports serialise on the lock): the
    // transaction, the lock and the staging table go in one simple query, the batch and its
    // change number in one statement.
    await client.query(
      `BEGIN; ${DATA_WRITE_LOCK_SQL}; CREATE TEMPORARY TABLE import_staging (
         element_id integer NOT NULL, org_unit_id integer NOT NULL, period text NOT NULL,
         disaggregation text NOT NULL, source_id integer NOT NULL, value double precision,
         row_number integer NOT NULL, deletion boolean NOT NULL
       ) ON COMMIT DROP`,
    );
    const now = new Date().toISOString();
    const opened = await client.query<{ batch_id: number; id: number }>(
      `WITH batch AS (
         INSERT INTO import_batch (created_at, kind, file_name, created_by, note) VALUES ($1, $2, $3, $4, $5) RETURNING id
       )
       INSERT INTO data_change (created_at, kind, batch_id) SELECT $1, 'import', id FROM batch RETURNING id, batch_id`,
      [now, batch.kind, batch.fileName, batch.createdBy, batch.note],
    );
    this.batchId = opened.rows[0]!.batch_id;
    this.change = opened.rows[0]!.id;
    const copy = client.query(copyFrom('COPY import_staging FROM STDIN'));
    this.copy = copy;
    this.copyDone = new Promise((resolve, reject) => {
      copy.on('finish', () => resolve());
      copy.on('error', (error: Error) => {
        this.copyError = error;
        reject(error);
      });
    });
    // Awaited in `finish`; until then a failed COPY must not surface as an unhandled rejection.
    this.copyDone.catch(() => undefined);
    return this.batchId;
  }

  async write(rows: readonly ResolvedRow[]): Promise<void> {
    const copy = this.copy;
    if (copy === undefined) throw new Error('write before begin');
    if (this.copyError !== undefined) throw this.copyError;
    let text = '';
    for (const row of rows) {
      const deletion = row.delete === true;
      text += `${row.elementId}\t${row.orgUnitId}\t${copyText(row.period)}\t${copyText(row.disaggregation)}\t${row.sourceId}\t${deletion ? '\\N' : row.value}\t${row.line}\t${deletion ? 't' : 'f'}\n`;
    }
    if (!copy.write(text)) {
      await new Promise<void>((resolve, reject) => {
        copy.once('drain', resolve);
        copy.once('error', reject);
      });
    }
  }

  async finish(
    checksum: string | null,
    rowCount: number,
  ): Promise<{ ok: true; counts: WriteCounts } | { ok: false; issues: InputIssue[] }> {
    const client = this.client;
    if (client === undefined || this.copy === undefined) throw new Error('finish before begin');
    try {
      this.copy.end();
      await this.copyDone;
      const duplicates = await client.query<{ first: number; line: number }>(
        `SELECT first, line FROM (
           SELECT row_number AS line,
                  min(row_number) OVER (PARTITION BY element_id, org_unit_id, period, disaggregation, source_id) AS first
           FROM import_staging
         ) d WHERE line > first ORDER BY line LIMIT 1000`,
      );
      if (duplicates.rows.length > 0) {
        await this.rollback();
        return {
          ok: false,
          issues: duplicates.rows.map((d) => ({
            ...(this.file === undefined ? {} : { file: this.file }),
            line: d.line,
            message: `the same value (element, org unit, period, disaggregation, source) is already on line ${d.first}`,
          })),
        };
      }
      const deleted = await client.query(
        `DELETE FROM data_value d USING import_staging s
         WHERE s.deletion AND d.element_id = s.element_id AND d.org_unit_id = s.org_unit_id
           AND d.period = s.period AND d.disaggregation = s.disaggregation AND d.source_id = s.source_id`,
      );
      const merged = await client.query<{ inserted: number; changed: number }>(
        `WITH merged AS (
           INSERT INTO data_value (element_id, org_unit_id, period, disaggregation, source_id, value, status, batch_id, row_number, revision, change_seq)
           SELECT element_id, org_unit_id, period, disaggregation, source_id, value, $1, $2, row_number, 1, $3
           FROM import_staging WHERE NOT deletion
           ON CONFLICT (element_id, org_unit_id, period, disaggregation, source_id) DO UPDATE SET
             value = excluded.value, status = excluded.status, batch_id = excluded.batch_id,
             row_number = excluded.row_number, revision = data_value.revision + 1, change_seq = excluded.change_seq
           WHERE data_value.value IS DISTINCT FROM excluded.value
           RETURNING revision
         )
         SELECT count(*) FILTER (WHERE revision = 1) AS inserted, count(*) AS changed FROM merged`,
        [this.batch.status, this.batchId, this.change],
      );
      const row = merged.rows[0]!;
      const counts = {
        inserted: row.inserted,
        updated: row.changed - row.inserted,
        unchanged: rowCount - row.changed - (deleted.rowCount ?? 0),
        deleted: deleted.rowCount ?? 0,
      };
      await client.query(
        `UPDATE import_batch SET checksum = $1, row_count = $2, inserted = $3, updated = $4, unchanged = $5, deleted = $6 WHERE id = $7`,
        [checksum, rowCount, counts.inserted, counts.updated, counts.unchanged, counts.deleted, this.batchId],
      );
      await auditImport(
        pgConnection(client),
        this.options.audit,
        this.batchId,
        this.batch,
        rowCount,
        counts,
        checksum,
      );
      await client.query('COMMIT');
      this.release();
      return { ok: true, counts };
    } catch (error) {
      await this.rollback();
      throw error;
    }
  }

  async rollback(): Promise<void> {
    const client = this.client;
    if (client === undefined) return;
    try {
      if (this.copy !== undefined && !this.copy.writableEnded) {
        // End the COPY cleanly so the connection can take the ROLLBACK.
        this.copy.end();
        await this.copyDone?.catch(() => undefined);
      }
      await client.query('ROLLBACK');
      this.release();
    } catch {
      this.release(true);
    }
  }

  private release(destroy = false): void {
    this.client?.release(destroy);
    this.client = undefined;
  }
}
