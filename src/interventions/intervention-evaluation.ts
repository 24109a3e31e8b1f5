/**
 * Evaluating a registered intervention: picks the indicator, the period type and the comparison
 * units (the registered donors, or else the untreated units at the treated units' level in the
 * same member state), reads the indicator from the cube in the `published` view, and builds the
 * panel and the evaluation job (intervention-panel.ts). Pure given the cube: the route runs the
 * job in a worker thread, the CLI in process.
 */
import { chainOf } from '../access/access-scope.ts';
import type { AnalyticsCube, CubeView } from '../analytics/analytics-cube.ts';
import { runAnalyticsQuery } from '../analytics/analytics-query.ts';
import type { CompiledIndicator } from '../analytics/indicator-values.ts';
import type { EvaluationOutcome } from '../evaluation/evaluation-job.ts';
import { ValidationError } from '../kernel/errors.ts';
import type { PeriodType } from '../periods/period.ts';
import type { InterventionDraft } from './intervention.ts';
import {
  buildInterventionPanel,
  type EvaluationMethod,
  type InterventionPanel,
  type PanelDescription,
} from './intervention-panel.ts';

export const DEFAULT_INDICATOR = 'homicide_rate';

/** The view evaluations read: published values only, whoever asks (see the route's description). */
export const EVALUATION_VIEW: CubeView = 'published';

/** Years read before the start and after the end (or the start), when present in the cube. */
const YEARS_BEFORE = 25;
const YEARS_AFTER = 25;

export interface InterventionEvaluationRequest {
  readonly method: EvaluationMethod;
  /** default: the intervention's first target indicator, else homicide_rate */
  readonly indicator?: string;
  /** default: month for ITS, year for SCM (always), quarter for DiD */
  readonly periodType?: PeriodType;
  /** ITS: the exposure (population, the default, or the donors' counts) */
  readonly control?: 'population' | 'donors';
  /** SCM: in-space placebos */
  readonly placebos?: boolean;
}

/** What the API and the CLI answer: the panel's description and the method's run with its summary. */
export interface InterventionEvaluation {
  readonly intervention: string;
  readonly view: CubeView;
  readonly panel: PanelDescription;
  readonly outcome: EvaluationOutcome;
}

/** The untreated units at the treated units' level within the intervention's member state. */
export function defaultDonors(cube: AnalyticsCube, intervention: InterventionDraft): string[] {
  const treated = new Set(intervention.units.map((u) => u.unit));
  const level = cube.unitsByCode.get(intervention.units[0]?.unit ?? '')?.level;
  const parentOf = (code: string): string | undefined => {
    const parentId = cube.unitsByCode.get(code)?.parentId;
    return parentId === null || parentId === undefined ? undefined : cube.unitsById.get(parentId)?.code;
  };
  return cube.references.units
    .filter(
      (u) =>
        u.level === level && !treated.has(u.code) && chainOf(u.code, parentOf).includes(intervention.country),
    )
    .map((u) => u.code)
    .sort();
}

function periodTypeFor(request: InterventionEvaluationRequest): PeriodType {
  if (request.method === 'scm') {
    if (request.periodType !== undefined && request.periodType !== 'year') {
      throw new ValidationError(
        'periodType: a synthetic control runs on yearly values; leave it out or ask for year.',
      );
    }
    return 'year';
  }
  return request.periodType ?? (request.method === 'its' ? 'month' : 'quarter');
}

function rangeCodes(type: PeriodType, fromYear: number, toYear: number): { from: string; to: string } {
  if (type === 'year') return { from: String(fromYear), to: String(toYear) };
  if (type === 'quarter') return { from: `${fromYear}-Q1`, to: `${toYear}-Q4` };
  return { from: `${fromYear}-01`, to: `${toYear}-12` };
}

/** The panel and the job for an evaluation of the intervention, read from the cube. */
export function planInterventionEvaluation(
  cube: AnalyticsCube,
  compile: (code: string) => CompiledIndicator | undefined,
  intervention: InterventionDraft,
  request: InterventionEvaluationRequest,
): InterventionPanel {
  const code = request.indicator ?? intervention.indicators[0] ?? DEFAULT_INDICATOR;
  const compiled = compile(code);
  if (compiled === undefined) throw new ValidationError(`indicator: unknown indicator "${code}"`);
  const periodType = periodTypeFor(request);
  const donors =
    intervention.donors.length > 0 ? [...intervention.donors] : defaultDonors(cube, intervention);
  const startYear = Number(intervention.start.slice(0, 4));
  const lastYear = Number((intervention.end ?? intervention.start).slice(0, 4));
  const units = [...intervention.units.map((u) => u.unit), ...donors];
  const rows = runAnalyticsQuery(cube, EVALUATION_VIEW, compile, {
    indicators: [code],
    orgUnits: units,
    periodType,
    ...rangeCodes(periodType, startYear - YEARS_BEFORE, lastYear + YEARS_AFTER),
  }).filter((row) => row.complete);
  return buildInterventionPanel(
    intervention,
    donors,
    { code, factor: compiled.indicator.factor, countNumerator: compiled.countNumerator },
    rows,
    {
      method: request.method,
      periodType,
      ...(request.control === undefined ? {} : { control: request.control }),
      ...(request.placebos === undefined ? {} : { placebos: request.placebos }),
    },
  );
}
