import { Worker } from 'node:worker_threads';

/**
 * A worker thread running a TypeScript module. Worker threads do not inherit tsx's loader hooks:
 * the thread registers tsx, then loads the entry.
 */
export function typeScriptWorker(entry: URL, workerData: unknown): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap =
    `import(${JSON.stringify(tsx)})` +
    `.then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
