/**
 * The worker thread's entry: runs one evaluation job (evaluation-job.ts) and posts back the
 * outcome, or the error with its name, message and input issues so the server can answer 400.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ValidationError } from '../kernel/errors.ts';
import { runEvaluationJob, type EvaluationJob } from './evaluation-job.ts';

const port = parentPort;
if (port === null) throw new Error('evaluation-worker.ts runs in a worker thread');
try {
  port.postMessage({ ok: true, outcome: runEvaluationJob(workerData as EvaluationJob) });
} catch (error) {
  port.postMessage({
    ok: false,
    validation: error instanceof ValidationError,
    message: error instanceof Error ? error.message.split('\n')[0] : String(error),
    issues: error instanceof ValidationError ? error.issues : [],
  });
}
