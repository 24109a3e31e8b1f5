/**
 * Inference for the synthetic control method by re-running it (Abadie, Diamond & Hainmueller
 * 2010, JASA 105(490) §2.4 and §4; Abadie, Diamond & Hainmueller 2015, AJPS 59(2), robustness):
 *
 * - In-space placebos: every donor in turn plays the treated unit, with the other donors as its
 *   pool (the treated unit left out). The test statistic is the ratio of post- to pre-period
 *   RMSPE; the permutation p-value is the share of all units, treated included, whose ratio is at
 *   least the treated unit's. As in the 2010 paper (Figures 5–7), placebos whose pre-period fit is
 *   much worse than the treated unit's can be set aside: those with a pre-period MSPE above k
 *   times the treated unit's (k = 20, 5, 2 there) — or, on request, RMSPE above k times.
 * - Leave-one-out: the fit re-run without each donor that had a positive weight.
 *
 * Each re-run is one independent `fitSyntheticControl(panel, spec, options)` call on plain data
 * (`placeboSpecs`, `leaveOneOutSpecs`), so a caller can spread them over worker threads and
 * combine the fits with `placeboInference`; `placeboInSpace` and `leaveOneOut` run them in turn.
 */
import { fitSyntheticControl } from './synthetic-control.ts';
import type {
  SyntheticControlFit,
  SyntheticControlOptions,
  SyntheticControlSpec,
} from './synthetic-control.ts';
import type { SyntheticControlPanel } from './synthetic-control-panel.ts';

export interface PlaceboUnit {
  readonly id: string;
  readonly name: string;
  readonly preMspe: number;
  readonly preRmspe: number;
  readonly postRmspe: number;
  /** postRmspe / preRmspe */
  readonly ratio: number;
  readonly gaps: readonly { readonly time: number; readonly gap: number }[];
}

export interface PlaceboFailure {
  readonly id: string;
  readonly message: string;
}

export interface PlaceboFilter {
  /** k: placebos whose pre-period fit measure exceeds k × the treated unit's are set aside */
  readonly cutoff: number;
  readonly measure: 'mspe' | 'rmspe';
  /** ids of the placebos kept and set aside */
  readonly kept: readonly string[];
  readonly dropped: readonly string[];
  /** units compared (kept placebos + the treated unit) */
  readonly n: number;
  /** position of the treated unit's ratio from the top (1 = largest) */
  readonly rank: number;
  readonly pValue: number;
}

export interface PlaceboInSpaceResult {
  readonly treated: PlaceboUnit;
  readonly placebos: readonly PlaceboUnit[];
  /** placebos that could not be fitted (e.g. a predictor constant across their pool) */
  readonly failed: readonly PlaceboFailure[];
  /** units compared: the treated unit and every fitted placebo */
  readonly n: number;
  readonly rank: number;
  /** share of units whose post/pre RMSPE ratio is ≥ the treated unit's */
  readonly pValue: number;
  readonly filtered: readonly PlaceboFilter[];
}

export interface PlaceboOptions {
  /** pre-period fit cutoffs k (Abadie et al. 2010 use 20, 5 and 2); none by default */
  readonly cutoffs?: readonly number[];
  /** what the cutoff is applied to; the 2010 paper uses the MSPE */
  readonly cutoffMeasure?: 'mspe' | 'rmspe';
}

/** One spec per donor: that donor treated, the other donors as its pool, the treated unit out. */
export function placeboSpecs(spec: SyntheticControlSpec): SyntheticControlSpec[] {
  return spec.donors.map((id) => ({
    ...spec,
    treated: id,
    donors: spec.donors.filter((d) => d !== id),
  }));
}

export function placeboUnit(fit: SyntheticControlFit): PlaceboUnit {
  return {
    id: fit.treated.id,
    name: fit.treated.name,
    preMspe: fit.preMspe,
    preRmspe: fit.preRmspe,
    postRmspe: fit.postRmspe,
    ratio: fit.rmspeRatio,
    gaps: fit.series.map((p) => ({ time: p.time, gap: p.gap })),
  };
}

function rankAmong(treated: PlaceboUnit, placebos: readonly PlaceboUnit[]): { n: number; rank: number } {
  const n = placebos.length + 1;
  // the treated unit counts itself; ties count against it (conservative)
  const rank = 1 + placebos.filter((p) => p.ratio >= treated.ratio).length;
  return { n, rank };
}

/** Combines the treated fit and the placebo fits (from `placeboSpecs`, in any order) into the test. */
export function placeboInference(
  treatedFit: SyntheticControlFit,
  placeboFits: readonly SyntheticControlFit[],
  options: PlaceboOptions = {},
  failed: readonly PlaceboFailure[] = [],
): PlaceboInSpaceResult {
  const treated = placeboUnit(treatedFit);
  const placebos = placeboFits.map(placeboUnit);
  const { n, rank } = rankAmong(treated, placebos);
  const measure = options.cutoffMeasure ?? 'mspe';
  const filtered = (options.cutoffs ?? []).map((cutoff): PlaceboFilter => {
    const limit = cutoff * (measure === 'mspe' ? treated.preMspe : treated.preRmspe);
    const keep = (p: PlaceboUnit): boolean => (measure === 'mspe' ? p.preMspe : p.preRmspe) <= limit;
    const kept = placebos.filter(keep);
    const result = rankAmong(treated, kept);
    return {
      cutoff,
      measure,
      kept: kept.map((p) => p.id),
      dropped: placebos.filter((p) => !keep(p)).map((p) => p.id),
      n: result.n,
      rank: result.rank,
      pValue: result.rank / result.n,
    };
  });
  return { treated, placebos, failed, n, rank, pValue: rank / n, filtered };
}

/** In-space placebo test, every fit run here in turn (see `placeboSpecs` to run them elsewhere). */
export function placeboInSpace(
  panel: SyntheticControlPanel,
  spec: SyntheticControlSpec,
  options: SyntheticControlOptions = {},
  placeboOptions: PlaceboOptions = {},
): PlaceboInSpaceResult {
  const treatedFit = fitSyntheticControl(panel, spec, options);
  const fits: SyntheticControlFit[] = [];
  const failed: PlaceboFailure[] = [];
  for (const placebo of placeboSpecs(spec)) {
    try {
      fits.push(fitSyntheticControl(panel, placebo, options));
    } catch (error) {
      failed.push({ id: placebo.treated, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return placeboInference(treatedFit, fits, placeboOptions, failed);
}

export interface LeaveOneOutRun {
  /** the donor left out */
  readonly dropped: string;
  readonly fit: SyntheticControlFit;
}

/** One spec per donor whose weight in `fit` exceeds `minWeight`, that donor removed from the pool. */
export function leaveOneOutSpecs(
  spec: SyntheticControlSpec,
  fit: SyntheticControlFit,
  minWeight = 1e-6,
): { dropped: string; spec: SyntheticControlSpec }[] {
  return fit.weights
    .filter((w) => w.weight > minWeight)
    .map((w) => ({ dropped: w.id, spec: { ...spec, donors: spec.donors.filter((d) => d !== w.id) } }));
}

/** Leave-one-out robustness: the fit re-run without each donor that had a positive weight. */
export function leaveOneOut(
  panel: SyntheticControlPanel,
  spec: SyntheticControlSpec,
  options: SyntheticControlOptions = {},
  minWeight = 1e-6,
): { fit: SyntheticControlFit; runs: LeaveOneOutRun[]; failed: PlaceboFailure[] } {
  const fit = fitSyntheticControl(panel, spec, options);
  const runs: LeaveOneOutRun[] = [];
  const failed: PlaceboFailure[] = [];
  for (const { dropped, spec: run } of leaveOneOutSpecs(spec, fit, minWeight)) {
    try {
      runs.push({ dropped, fit: fitSyntheticControl(panel, run, options) });
    } catch (error) {
      failed.push({ id: dropped, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { fit, runs, failed };
}
