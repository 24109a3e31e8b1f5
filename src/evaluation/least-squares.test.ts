import { describe, expect, it } from 'vitest';
import { Matrix } from 'ml-matrix';
import {
  crossProduct,
  design,
  inverseSpd,
  linearPredictor,
  reciprocalCondition,
  selectRows,
  weightedLeastSquares,
} from './least-squares.ts';

describe('least squares', () => {
  it('reproduces the closed-form simple regression line', () => {
    const xs = [1, 2, 3, 4, 5];
    const ys = [2.1, 3.9, 6.2, 7.8, 10.1];
    const x = design(5, 2, Float64Array.from(xs.flatMap((v) => [1, v])));
    const beta = weightedLeastSquares(x, ys);
    const mx = 3;
    const my = ys.reduce((a, b) => a + b) / 5;
    const sxy = xs.reduce((s, v, i) => s + (v - mx) * ((ys[i] as number) - my), 0);
    const sxx = xs.reduce((s, v) => s + (v - mx) ** 2, 0);
    expect(beta[1]).toBeCloseTo(sxy / sxx, 12);
    expect(beta[0]).toBeCloseTo(my - (sxy / sxx) * mx, 12);
    expect(Array.from(linearPredictor(x, beta))[2]).toBeCloseTo(my, 12);
  });

  it('weights rows and restricts to a subset', () => {
    // weighted mean of y by an intercept-only regression; row 3 excluded
    const x = design(4, 1, Float64Array.from([1, 1, 1, 1]));
    const beta = weightedLeastSquares(x, [1, 2, 3, 100], [1, 1, 2, 5], (i) => i < 3);
    expect(beta[0]).toBeCloseTo((1 + 2 + 6) / 4, 12);
  });

  it('refuses a rank-deficient design', () => {
    const x = design(3, 2, Float64Array.from([1, 2, 1, 2, 1, 2]));
    expect(() => weightedLeastSquares(x, [1, 2, 3])).toThrow(/rank deficient/);
  });

  it("computes X'WX, its inverse and the 1-norm reciprocal condition number", () => {
    const x = design(3, 2, Float64Array.from([1, 0, 1, 1, 1, 2]));
    const xtx = crossProduct(x, [1, 2, 1]);
    expect(xtx.to2DArray()).toEqual([
      [4, 4],
      [4, 6],
    ]);
    const inv = inverseSpd(xtx);
    const id = xtx.mmul(inv);
    expect(id.get(0, 0)).toBeCloseTo(1, 12);
    expect(id.get(0, 1)).toBeCloseTo(0, 12);
    // ‖A‖₁ = 10, A⁻¹ = [[0.75, −0.5], [−0.5, 0.5]], ‖A⁻¹‖₁ = 1.25
    expect(reciprocalCondition(xtx)).toBeCloseTo(1 / 12.5, 12);
    expect(reciprocalCondition(Matrix.eye(3, 3))).toBe(1);
    expect(
      reciprocalCondition(
        new Matrix([
          [1, 2],
          [2, 4],
        ]),
      ),
    ).toBe(0);
    expect(selectRows(x, [2, 0]).values).toEqual(Float64Array.from([1, 2, 1, 0]));
  });
});
