/**
 * Worker thread of `bench/synthetic-control.ts`: receives the panel and the fit options once (as
 * `workerData`), then fits one synthetic control per message `{ id, spec }` and answers
 * `{ id, fit }` or `{ id, error }`. Each fit is an independent call on plain data, which is what
 * lets the in-space placebo set spread over threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fitSyntheticControl } from '../src/evaluation/synthetic-control.ts';
import type { SyntheticControlOptions, SyntheticControlSpec } from '../src/evaluation/synthetic-control.ts';
import type { SyntheticControlPanel } from '../src/evaluation/synthetic-control-panel.ts';

const { panel, options } = workerData as { panel: SyntheticControlPanel; options: SyntheticControlOptions };
const port = parentPort!;

port.on('message', (message: { id: number; spec: SyntheticControlSpec }) => {
  try {
    port.postMessage({ id: message.id, fit: fitSyntheticControl(panel, message.spec, options) });
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
