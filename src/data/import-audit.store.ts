import { appendAudit } from '../access/audit-log.store.ts';
import type { SqlConnection } from '../store/sql-connection.ts';
import type { BatchInfo, WriteCounts } from './value-writer.ts';

/** Who imports, for the audit entry the writer adds to the import's own transaction. */
export interface ImportAudit {
  readonly actor: string;
  readonly origin: string;
  /** `data.import` (default) or `demo.load` */
  readonly action?: string;
}

export interface ValueWriterOptions {
  readonly file?: string;
  /** how long to wait for another import to finish (SQLite; the server waits little) */
  readonly busyTimeoutMs?: number;
  /** when given, the import's audit entry commits with it (or not at all) */
  readonly audit?: ImportAudit;
}

/** Called by the writers just before COMMIT, on the connection that holds the import's transaction. */
export async function auditImport(
  connection: SqlConnection,
  audit: ImportAudit | undefined,
  batchId: number,
  batch: BatchInfo,
  rowCount: number,
  counts: WriteCounts,
  checksum: string | null,
): Promise<void> {
  if (audit === undefined) return;
  await appendAudit(connection, {
    actor: audit.actor,
    origin: audit.origin,
    action: audit.action ?? 'data.import',
    target: `batch:${batchId}`,
    detail: {
      kind: batch.kind,
      file: batch.fileName,
      status: batch.status,
      rows: rowCount,
      inserted: counts.inserted,
      updated: counts.updated,
      unchanged: counts.unchanged,
      deleted: counts.deleted,
      checksum,
    },
  });
}
