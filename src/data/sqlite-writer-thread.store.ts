/**
 * The worker thread's entry for `ThreadedValueWriter`: one SQLite import writer on its own
 * connection, driven by messages (begin, write, finish, rollback) handled strictly in order. Each
 * message is answered with its result or with the error's name and message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BusyError } from '../kernel/errors.ts';
import type { ValueWriterOptions } from './import-audit.store.ts';
import { unpackRows } from './resolved-row-transfer.ts';
import { SqliteValueWriter } from './sqlite-value-writer.store.ts';
import type { WriterRequest, WriterAnswer } from './threaded-value-writer.store.ts';

const port = parentPort;
if (port === null) throw new Error('sqlite-writer-thread.store.ts runs in a worker thread');
const { path, options } = workerData as { path: string; options: ValueWriterOptions };
const writer = new SqliteValueWriter({ path }, options);

async function handle(request: WriterRequest): Promise<WriterAnswer> {
  switch (request.kind) {
    case 'begin':
      return { ok: true, result: await writer.begin(request.batch) };
    case 'write':
      await writer.write(unpackRows(request.rows));
      return { ok: true, result: null };
    case 'finish':
      return { ok: true, result: await writer.finish(request.checksum, request.rowCount) };
    case 'rollback':
      await writer.rollback();
      return { ok: true, result: null };
  }
}

let queue = Promise.resolve();
port.on('message', (request: WriterRequest) => {
  queue = queue.then(async () => {
    let answer: WriterAnswer;
    try {
      answer = await handle(request);
    } catch (error) {
      answer = {
        ok: false,
        busy: error instanceof BusyError,
        message: error instanceof Error ? error.message : String(error),
      };
    }
    port.postMessage(answer);
  });
});
