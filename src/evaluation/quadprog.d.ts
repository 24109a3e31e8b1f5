/**
 * Types for `quadprog` (Goldfarb–Idnani dual QP, a port of R's `quadprog::solve.QP`), which ships
 * none. Arrays are 1-based as in the Fortran original: index 0 is unused. Minimises
 * ½ b'Db − d'b subject to A'b ≥ b0, the first `meq` constraints as equalities.
 */
declare module 'quadprog' {
  export interface QuadprogResult {
    readonly solution: number[];
    readonly value: number[];
    readonly Lagrangian: number[];
    readonly iterations: number[];
    readonly iact: number[];
    readonly message: string;
  }
  export function solveQP(
    Dmat: number[][],
    dvec: number[],
    Amat: number[][],
    bvec: number[],
    meq?: number,
  ): QuadprogResult;
}
