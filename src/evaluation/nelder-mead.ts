/**
 * Nelder–Mead simplex minimiser as R's `optim(method = "Nelder-Mead")` runs it: the algorithm of
 * Nash (1990), *Compact Numerical Methods for Computers*, 2nd ed., Algorithm 19, which R's
 * `nmmin` (src/appl/optim.c) implements. Reflection 1, contraction 0.5, expansion 2; the first
 * simplex steps every coordinate by 10% of the largest |start| (0.1 when the start is all zeros);
 * stops when the spread of function values falls under `reltol · (|f(start)| + reltol)`, after
 * `maxEvaluations` calls, or when a shrink no longer reduces the simplex. Same steps, same
 * tie-breaking and same counts as R, so R's published runs can be reproduced (Rosenbrock from
 * (−1.2, 1): 195 evaluations, minimum 8.825241e-08 at (1.000260, 1.000506)).
 *
 * Written by hand: R's variant (start simplex, shrink rule, tolerance on the first value) is what
 * R `Synth` relies on and no JavaScript library reproduces it.
 */

export interface NelderMeadOptions {
  /** relative tolerance on the spread of function values; R's default `sqrt(.Machine$double.eps)` */
  readonly reltol?: number;
  /** stop as soon as the best value is at or below this; R's default `-Inf` */
  readonly abstol?: number;
  /** budget of function evaluations (R's `maxit`, default 500) */
  readonly maxEvaluations?: number;
}

export interface NelderMeadResult {
  readonly par: Float64Array;
  readonly value: number;
  readonly evaluations: number;
  /** 0 converged, 1 evaluation budget spent, 10 the simplex stopped shrinking (R's codes) */
  readonly code: 0 | 1 | 10;
}

/** R's `optim` replaces non-finite values by this, so the search moves away from them. */
const BIG = 1.0e35;
const REFLECT = 1;
const CONTRACT = 0.5;
const EXPAND = 2;

export function nelderMead(
  fn: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const reltol = options.reltol ?? Math.sqrt(Number.EPSILON);
  const abstol = options.abstol ?? -Infinity;
  const maxEvaluations = options.maxEvaluations ?? 500;
  const n = start.length;
  if (n === 0) throw new Error('Nelder–Mead needs at least one parameter');
  const x = Float64Array.from(start);
  const first = fn(x);
  if (!Number.isFinite(first)) throw new Error('Nelder–Mead: the function is not finite at the start');
  if (maxEvaluations <= 0) return { par: x, value: first, evaluations: 0, code: 0 };
  const evaluate = (point: Float64Array): number => {
    const value = fn(point);
    return Number.isFinite(value) ? value : BIG;
  };

  // vertices[j] holds n coordinates; values[j] the function value; centroid is scratch space
  const vertices: Float64Array[] = [];
  const values = new Float64Array(n + 1);
  const centroid = new Float64Array(n);
  const trial = new Float64Array(n);
  let evaluations = 1;
  const convtol = reltol * (Math.abs(first) + reltol);
  vertices.push(Float64Array.from(x));
  values[0] = first;
  let step = 0;
  for (let i = 0; i < n; i++) step = Math.max(step, 0.1 * Math.abs(x[i]!));
  if (step === 0) step = 0.1;
  let size = 0;
  for (let j = 1; j <= n; j++) {
    const vertex = Float64Array.from(x);
    let trystep = step;
    // a step too small to change the coordinate is grown tenfold until it does
    while (vertex[j - 1] === x[j - 1]) {
      vertex[j - 1] = x[j - 1]! + trystep;
      trystep *= 10;
    }
    size += trystep;
    vertices.push(vertex);
  }
  let oldsize = size;
  let recompute = true;
  let best = 0;
  let code: 0 | 1 | 10 = 0;

  for (;;) {
    if (recompute) {
      for (let j = 0; j <= n; j++) {
        if (j === best) continue;
        values[j] = evaluate(vertices[j]!);
        evaluations++;
      }
      recompute = false;
    }
    // lowest and highest vertex; the lowest keeps its place on ties (R scans from the old best)
    let low = values[best]!;
    let high = low;
    let worst = best;
    for (let j = 0; j <= n; j++) {
      if (j === best) continue;
      const f = values[j]!;
      if (f < low) {
        best = j;
        low = f;
      }
      if (f > high) {
        worst = j;
        high = f;
      }
    }
    if (high <= low + convtol || low <= abstol) break;

    const worstVertex = vertices[worst]!;
    for (let i = 0; i < n; i++) {
      let sum = -worstVertex[i]!;
      for (let j = 0; j <= n; j++) sum += vertices[j]![i]!;
      centroid[i] = sum / n;
    }
    for (let i = 0; i < n; i++) trial[i] = (1 + REFLECT) * centroid[i]! - REFLECT * worstVertex[i]!;
    const reflected = evaluate(trial);
    evaluations++;
    if (reflected < low) {
      // expansion: the reflected point is kept in `centroid` in case the expansion fails
      for (let i = 0; i < n; i++) {
        const expanded = EXPAND * trial[i]! + (1 - EXPAND) * centroid[i]!;
        centroid[i] = trial[i]!;
        trial[i] = expanded;
      }
      const f = evaluate(trial);
      evaluations++;
      if (f < reflected) {
        worstVertex.set(trial);
        values[worst] = f;
      } else {
        worstVertex.set(centroid);
        values[worst] = reflected;
      }
    } else {
      if (reflected < high) {
        worstVertex.set(trial);
        values[worst] = reflected;
      }
      for (let i = 0; i < n; i++) trial[i] = (1 - CONTRACT) * worstVertex[i]! + CONTRACT * centroid[i]!;
      const f = evaluate(trial);
      evaluations++;
      if (f < values[worst]!) {
        worstVertex.set(trial);
        values[worst] = f;
      } else if (reflected >= high) {
        // shrink every vertex towards the best one
        recompute = true;
        size = 0;
        const bestVertex = vertices[best]!;
        for (let j = 0; j <= n; j++) {
          if (j === best) continue;
          const vertex = vertices[j]!;
          for (let i = 0; i < n; i++) {
            vertex[i] = CONTRACT * (vertex[i]! - bestVertex[i]!) + bestVertex[i]!;
            size += Math.abs(vertex[i]! - bestVertex[i]!);
          }
        }
        if (size < oldsize) {
          oldsize = size;
        } else {
          code = 10;
          break;
        }
      }
    }
    if (evaluations > maxEvaluations) break;
  }
  if (evaluations > maxEvaluations) code = 1;
  return { par: Float64Array.from(vertices[best]!), value: values[best]!, evaluations, code };
}
