/**
 * One evaluation as plain data: the method, the panel (CSV text, or a table already built, as
 * the interventions register builds it from the cube) and the request. `runEvaluationJob`
 * does it all (read the panel, run the method, summarise) and is what the worker thread runs, so
 * the server's event loop never waits on an optimiser.
 */
import { summarizeDid, summarizeIts, summarizeScm, type EvaluationSummary } from './evaluation-summary.ts';
import {
  parseTimeWindow,
  runDidOnPanel,
  runItsOnPanel,
  runScmOnPanel,
  type DidRequest,
  type DidRun,
  type ItsRequest,
  type ItsRun,
  type ScmRequest,
  type ScmRun,
} from './panel-evaluation.ts';
import { readPanelCsv, type PanelTable } from './panel-table.ts';

/** The SCM request with its windows as text (`1960-1969`, `1961-1969:2`), as the API takes them. */
export type ScmJobRequest = Omit<ScmRequest, 'predictorsWindow' | 'special' | 'optimizeWindow'> & {
  readonly predictorsWindow?: string;
  readonly special?: readonly { readonly variable: string; readonly window: string }[];
  readonly optimizeWindow?: string;
};

/** The panel as CSV text to read, or as a table already read or built. */
export type EvaluationPanel =
  { readonly csv: string; readonly file: string } | { readonly table: PanelTable };

export type EvaluationJob = EvaluationPanel &
  (
    | { readonly method: 'its'; readonly request: ItsRequest }
    | { readonly method: 'scm'; readonly request: ScmJobRequest }
    | { readonly method: 'did'; readonly request: DidRequest }
  );

export type EvaluationOutcome = (ItsRun | ScmRun | DidRun) & { readonly summary: EvaluationSummary };

export function runEvaluationJob(job: EvaluationJob): EvaluationOutcome {
  const table = 'table' in job ? job.table : readPanelCsv(job.csv, job.file);
  switch (job.method) {
    case 'its': {
      const run = runItsOnPanel(table, job.request);
      return { ...run, summary: summarizeIts(run, job.request.outcome) };
    }
    case 'scm': {
      const { predictorsWindow, special, optimizeWindow, ...rest } = job.request;
      const run = runScmOnPanel(table, {
        ...rest,
        ...(predictorsWindow === undefined ? {} : { predictorsWindow: parseTimeWindow(predictorsWindow) }),
        ...(special === undefined
          ? {}
          : { special: special.map((s) => ({ variable: s.variable, window: parseTimeWindow(s.window) })) }),
        ...(optimizeWindow === undefined ? {} : { optimizeWindow: parseTimeWindow(optimizeWindow) }),
      });
      return { ...run, summary: summarizeScm(run, job.request.outcome) };
    }
    case 'did': {
      const run = runDidOnPanel(table, job.request);
      return { ...run, summary: summarizeDid(run, job.request.outcome) };
    }
  }
}
