/**
 * The parts of an evaluation result the pages draw. The API documents the outcome as the method's
 * whole result (`EvaluationOutcome`, open-ended in the OpenAPI document; see docs/evaluation.md),
 * so its shape is restated here for the fields used, and read defensively.
 */
import type { components, paths } from '../../api/schema';

export type Intervention = components['schemas']['Intervention'];
export type InterventionEvaluation = components['schemas']['InterventionEvaluation'];
export type InterventionPanel = components['schemas']['InterventionPanel'];
export type EvaluateRequest = NonNullable<
  paths['/api/interventions/{code}/evaluate']['post']['requestBody']
>['content']['application/json'];
export type LocalizedSummary = components['schemas']['EvaluationOutcome']['summary'];

export interface Effect {
  readonly rateRatio: number;
  readonly lower: number;
  readonly upper: number;
  readonly pValue: number;
}

export interface ItsOutcome {
  readonly method: 'its';
  readonly labels: readonly string[];
  readonly summary: LocalizedSummary;
  readonly result: {
    readonly family: string;
    readonly interventionStart: number;
    readonly prePoints: number;
    readonly postPoints: number;
    readonly levelChange: Effect;
    readonly slopeChange: Effect | null;
    readonly underlyingTrend: Effect;
    readonly dispersion: number;
    readonly estimatedDispersion: number;
    readonly points: readonly {
      readonly time: number;
      readonly observed: number;
      readonly exposure: number;
      readonly post: boolean;
      readonly fitted: number;
      readonly counterfactual: number;
      readonly fittedDeseasonalised: number;
      readonly counterfactualDeseasonalised: number;
    }[];
    readonly autocorrelation: {
      readonly ljungBox: { readonly statistic: number; readonly df: number; readonly pValue: number };
      readonly durbinWatson: number;
    };
  };
}

export interface PlaceboUnit {
  readonly id: string;
  readonly name: string;
  readonly preRmspe: number;
  readonly ratio: number;
  readonly gaps: readonly { readonly time: number; readonly gap: number }[];
}

export interface ScmOutcome {
  readonly method: 'scm';
  readonly summary: LocalizedSummary;
  readonly fit: {
    readonly treated: { readonly id: string; readonly name: string };
    readonly weights: readonly { readonly id: string; readonly name: string; readonly weight: number }[];
    readonly preRmspe: number;
    readonly postRmspe: number;
    readonly rmspeRatio: number;
    readonly averagePostGap: number;
    readonly series: readonly {
      readonly time: number;
      readonly observed: number;
      readonly synthetic: number;
      readonly gap: number;
      readonly post: boolean;
    }[];
    readonly balance: readonly {
      readonly predictor: string;
      readonly v: number;
      readonly treated: number;
      readonly synthetic: number;
      readonly sampleMean: number;
    }[];
  };
  readonly placebos: {
    readonly treated: PlaceboUnit;
    readonly placebos: readonly PlaceboUnit[];
    readonly n: number;
    readonly rank: number;
    readonly pValue: number;
  } | null;
}

export interface Estimate {
  readonly att: number | null;
  readonly se: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

export interface DidAggregation {
  readonly overall: Estimate;
  readonly elements: readonly (Estimate & { readonly key: number })[];
}

export type DidOutcome =
  | {
      readonly method: 'did';
      readonly design: 'staggered';
      readonly summary: LocalizedSummary;
      readonly result: {
        readonly effects: readonly (Estimate & {
          readonly group: number;
          readonly time: number;
          readonly post: boolean;
          readonly treatedUnits: number;
          readonly comparisonUnits: number;
        })[];
        readonly preTest: { readonly statistic: number; readonly df: number; readonly pValue: number } | null;
        readonly notes: readonly string[];
      };
      readonly aggregations: {
        readonly simple: DidAggregation;
        readonly dynamic: DidAggregation;
      };
    }
  | {
      readonly method: 'did';
      readonly design: '2x2';
      readonly summary: LocalizedSummary;
      readonly result: Estimate & {
        readonly estimate: number;
        readonly pValue: number;
        readonly treatedUnits: number;
        readonly controlUnits: number;
        readonly preTrend: { readonly estimate: number; readonly pValue: number } | null;
      };
    };

export type Outcome = ItsOutcome | ScmOutcome | DidOutcome;

/** How the pages label times: the panel's period codes when known, else the numbers themselves. */
export type TimeLabel = (time: number) => string;

/** DiD and SCM times from the register: year, or year × 4 + quarter − 1, or year × 12 + month − 1. */
export function periodLabeller(periodType: string | undefined): TimeLabel {
  if (periodType === 'quarter') return (t) => `${Math.floor(t / 4)}-Q${(t % 4) + 1}`;
  if (periodType === 'month') return (t) => `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
  return (t) => String(t);
}
