/**
 * A SQLite import writer in a worker thread: the import's thread reads, decodes, parses and
 * validates the file while the writer thread stores the rows before, so a large file takes about
 * as long as its writes alone (on a machine with a second core). The writer thread runs the same
 * `SqliteValueWriter` on its own connection, as in-thread imports do; rows cross packed
 * (resolved-row-transfer.ts), at most `IN_FLIGHT` batches ahead of the writes, so memory stays
 * bounded whatever the file's size.
 *
 * A thread costs a few hundred milliseconds to start (it loads the writer's modules), so only
 * large files are worth it: `createValueWriter` chooses.
 */
import type { Worker } from 'node:worker_threads';
import { BusyError, type InputIssue } from '../kernel/errors.ts';
import { typeScriptWorker } from '../kernel/typescript-worker.ts';
import type { ValueWriterOptions } from './import-audit.store.ts';
import { packedBuffers, packRows, type PackedRows } from './resolved-row-transfer.ts';
import type { BatchInfo, ResolvedRow, ValueWriter, WriteCounts } from './value-writer.ts';

/** Batches of rows sent ahead of the writes before `write` waits. */
export const IN_FLIGHT = 4;

export type WriterRequest =
  | { readonly kind: 'begin'; readonly batch: BatchInfo }
  | { readonly kind: 'write'; readonly rows: PackedRows }
  | { readonly kind: 'finish'; readonly checksum: string | null; readonly rowCount: number }
  | { readonly kind: 'rollback' };

export type WriterAnswer =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly busy: boolean; readonly message: string };

type Finished = { ok: true; counts: WriteCounts } | { ok: false; issues: InputIssue[] };

export class ThreadedValueWriter implements ValueWriter {
  private worker: Worker | undefined;
  /** answers awaited, in the order the requests were sent (the thread answers in order) */
  private readonly waiting: { resolve: (result: unknown) => void; reject: (error: Error) => void }[] = [];
  private pendingWrites: Promise<unknown>[] = [];
  private failure: Error | undefined;
  /** set when the thread has stopped on its own (it then answers nothing more) */
  private stopped: Error | undefined;

  constructor(
    private readonly path: string,
    private readonly options: ValueWriterOptions = {},
  ) {}

  async begin(batch: BatchInfo): Promise<number> {
    const worker = typeScriptWorker(new URL('./sqlite-writer-thread.store.ts', import.meta.url), {
      path: this.path,
      options: this.options,
    });
    this.worker = worker;
    worker.on('message', (answer: WriterAnswer) => {
      const next = this.waiting.shift();
      if (next === undefined) return;
      if (answer.ok) next.resolve(answer.result);
      else next.reject(answer.busy ? new BusyError(answer.message) : new Error(answer.message));
    });
    const stopped = (error: Error): void => {
      this.stopped ??= error;
      this.failure ??= error;
      for (const next of this.waiting.splice(0)) next.reject(error);
    };
    worker.on('error', stopped);
    worker.on('exit', (code) => stopped(new Error(`the import's writer thread stopped (exit code ${code})`)));
    try {
      return (await this.request({ kind: 'begin', batch })) as number;
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async write(rows: readonly ResolvedRow[]): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (rows.length === 0) return;
    const packed = packRows(rows);
    const written = this.request({ kind: 'write', rows: packed }, packedBuffers(packed));
    // Seen at once, so that an unawaited failure is not reported as unhandled; thrown by `finish`.
    written.catch((error: unknown) => {
      this.failure ??= error as Error;
    });
    this.pendingWrites.push(written);
    if (this.pendingWrites.length >= IN_FLIGHT) await this.pendingWrites.shift();
  }

  async finish(checksum: string | null, rowCount: number): Promise<Finished> {
    await Promise.all(this.pendingWrites.splice(0));
    if (this.failure !== undefined) throw this.failure;
    const finished = (await this.request({ kind: 'finish', checksum, rowCount })) as Finished;
    await this.stop();
    return finished;
  }

  async rollback(): Promise<void> {
    if (this.worker === undefined) return;
    await Promise.allSettled(this.pendingWrites.splice(0));
    // A thread that stopped has rolled back with its connection; a live one rolls back now (also
    // after a failed write, whose error the thread answered).
    await this.request({ kind: 'rollback' }).catch(() => undefined);
    await this.stop();
  }

  private request(request: WriterRequest, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const worker = this.worker;
    if (worker === undefined) return Promise.reject(new Error('the import has not begun'));
    if (this.stopped !== undefined) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      worker.postMessage(request, transfer);
    });
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) {
      worker.removeAllListeners('exit');
      await worker.terminate();
    }
  }
}
