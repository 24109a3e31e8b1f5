import { describe, expect, it } from 'vitest';
import { design } from './least-squares.ts';
import { seededNormal } from './staggered-panel-simulation.ts';
import { twoPeriodDid, type TwoPeriodMethod, type TwoPeriodPanel } from './two-period-did-estimators.ts';

const METHODS: readonly TwoPeriodMethod[] = ['dr', 'dr-improved', 'reg', 'ipw'];

/**
 * Two-period panel where parallel trends hold only given X: ΔY = τ·D + θ·X + noise, with X
 * shifted in the treated group (true ATT τ; ignoring X biases the plain comparison by θ·shift).
 */
function conditionalPanel(
  seed: number,
  n: number,
  tau: number,
  theta: number,
  shift: number,
): TwoPeriodPanel {
  const normal = seededNormal(seed);
  const deltaY = new Float64Array(n);
  const treated = new Uint8Array(n);
  const covariates = design(n, 2);
  for (let i = 0; i < n; i++) {
    const d = i % 3 === 0 ? 1 : 0;
    const x = d * shift + normal();
    treated[i] = d;
    covariates.values.set([1, x], i * 2);
    deltaY[i] = tau * d + theta * x + 0.5 + normal();
  }
  return { deltaY, treated, covariates };
}

describe('two-period panel DiD estimators', () => {
  it('without covariates all four are the plain 2×2 difference, with its unit-level standard error', () => {
    const deltaY = Float64Array.from([5, 7, 6.5, 2, 4, 3.5, 1]);
    const treated = Uint8Array.from([1, 1, 1, 0, 0, 0, 0]);
    const covariates = design(7, 1, new Float64Array(7).fill(1));
    const mT = (5 + 7 + 6.5) / 3;
    const mC = (2 + 4 + 3.5 + 1) / 4;
    const sT = [5, 7, 6.5].reduce((s, v) => s + (v - mT) ** 2, 0);
    const sC = [2, 4, 3.5, 1].reduce((s, v) => s + (v - mC) ** 2, 0);
    for (const method of METHODS) {
      const est = twoPeriodDid({ deltaY, treated, covariates }, method);
      expect(est.att, method).toBeCloseTo(mT - mC, 12);
      const sum = est.influence.reduce((a, b) => a + b, 0);
      expect(Math.abs(sum), method).toBeLessThan(1e-12);
      const ss = est.influence.reduce((a, b) => a + b * b, 0);
      // √(Σψ²)/n = √(S_T/n_T² + S_C/n_C²): the two-sample (unit-clustered) standard error
      expect(Math.sqrt(ss) / 7, method).toBeCloseTo(Math.sqrt(sT / 9 + sC / 16), 12);
    }
  });

  it('with the covariate that drives the trends, all four recover the ATT the plain comparison misses', () => {
    const panel = conditionalPanel(11, 3000, 1, 1, 1);
    const noCov = twoPeriodDid(
      { ...panel, covariates: design(3000, 1, new Float64Array(3000).fill(1)) },
      'dr',
    );
    // the unconditional comparison is off by θ·shift = 1
    expect(Math.abs(noCov.att - 2)).toBeLessThan(4 * noCov.se);
    for (const method of METHODS) {
      const est = twoPeriodDid(panel, method);
      expect(Math.abs(est.att - 1), method).toBeLessThan(4 * est.se);
    }
  });

  it('influence-function standard errors match the spread of the estimates over replications', () => {
    const reps = 300;
    for (const method of METHODS) {
      const estimates: number[] = [];
      const ses: number[] = [];
      for (let r = 0; r < reps; r++) {
        const est = twoPeriodDid(conditionalPanel(1000 + r, 300, 1, 1, 0.8), method);
        estimates.push(est.att);
        ses.push(est.se);
      }
      const mean = estimates.reduce((a, b) => a + b, 0) / reps;
      const sd = Math.sqrt(estimates.reduce((s, v) => s + (v - mean) ** 2, 0) / (reps - 1));
      const meanSe = ses.reduce((a, b) => a + b, 0) / reps;
      expect(Math.abs(mean - 1), method).toBeLessThan(3 * (sd / Math.sqrt(reps)) + 0.01);
      expect(meanSe / sd, method).toBeGreaterThan(0.85);
      expect(meanSe / sd, method).toBeLessThan(1.15);
    }
  });

  it('refuses a sample without comparison units', () => {
    const panel = {
      deltaY: Float64Array.from([1, 2]),
      treated: Uint8Array.from([1, 1]),
      covariates: design(2, 1, Float64Array.from([1, 1])),
    };
    expect(() => twoPeriodDid(panel, 'dr')).toThrow(/both treated and comparison/);
  });
});
