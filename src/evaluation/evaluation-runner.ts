/**
 * Runs evaluation jobs in worker threads for the server: one thread per job, at most
 * `MAX_RUNNING` at a time (more are refused as busy, to be retried), each stopped after
 * `TIME_LIMIT_MS`. A synthetic control with its placebos can take seconds of CPU; in a thread it
 * never holds up other requests.
 */
import type { Worker } from 'node:worker_threads';
import { BusyError, ValidationError, type InputIssue } from '../kernel/errors.ts';
import { typeScriptWorker } from '../kernel/typescript-worker.ts';
import type { EvaluationJob, EvaluationOutcome } from './evaluation-job.ts';

export const MAX_RUNNING = 2;
export const TIME_LIMIT_MS = 120_000;

let running = 0;

type WorkerAnswer =
  | { ok: true; outcome: EvaluationOutcome }
  | { ok: false; validation: boolean; message: string; issues: InputIssue[] };

export async function runEvaluationInWorker(
  job: EvaluationJob,
  timeLimitMs = TIME_LIMIT_MS,
): Promise<EvaluationOutcome> {
  if (running >= MAX_RUNNING) {
    throw new BusyError(`${MAX_RUNNING} evaluations are running; try again in a few seconds.`);
  }
  running += 1;
  let worker: Worker | undefined;
  try {
    // inside the try: a thread that cannot start must give its place back
    worker = typeScriptWorker(new URL('./evaluation-worker.ts', import.meta.url), job);
    const thread = worker;
    const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new ValidationError(`The evaluation took longer than ${timeLimitMs / 1000} s and was stopped.`),
        );
      }, timeLimitMs);
      thread.once('message', (message: WorkerAnswer) => {
        clearTimeout(timer);
        resolve(message);
      });
      thread.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      thread.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the evaluation thread stopped (exit code ${code})`));
      });
    });
    if (answer.ok) return answer.outcome;
    if (answer.validation) throw new ValidationError(answer.message, answer.issues);
    throw new ValidationError(`The evaluation failed: ${answer.message}`);
  } finally {
    running -= 1;
    void worker?.terminate();
  }
}
