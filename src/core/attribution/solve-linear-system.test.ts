import { describe, expect, it } from 'vitest';
import {
  SingularSystemError,
  solveDense,
  solveGaussSeidel,
  type TSparseSystem,
} from './solve-linear-system.ts';

const dense = (a: number[][], b: number[]): TSparseSystem => ({
  n: a.length,
  rows: a.map((row) => ({ cols: row.map((_, j) => j), vals: row })),
  b: Float64Array.from(b),
});

describe('linear solvers', () => {
  it('solves a system that needs a row swap (zero on the first diagonal)', () => {
    const x = solveDense(
      dense(
        [
          [0, 2, 1],
          [1, 1, 1],
          [2, 1, 3],
        ],
        [5, 4, 7],
      ),
    );
    expect([...x].map((v) => Number(v.toFixed(12)))).toEqual([1, 2, 1]);
  });

  it('reports a singular system instead of dividing by zero', () => {
    expect(() =>
      solveDense(
        dense(
          [
            [1, 2],
            [2, 4],
          ],
          [1, 2],
        ),
      ),
    ).toThrow(SingularSystemError);
  });

  it('agrees with Gauss–Seidel on an absorbing-chain system I − Q', () => {
    // A random sub-stochastic Q with every row leaking some mass to absorption.
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const n = 40;
    const q = Array.from({ length: n }, () => {
      const row = Array.from({ length: n }, () => (rand() < 0.1 ? rand() : 0));
      const sum = row.reduce((a, b) => a + b, 0) + 0.2;
      return row.map((v) => v / sum);
    });
    const a = q.map((row, i) => row.map((v, j) => (i === j ? 1 - v : -v)));
    const b = Array.from({ length: n }, () => rand());
    const x1 = solveDense(dense(a, b));
    const x2 = solveGaussSeidel(dense(a, b));
    for (let i = 0; i < n; i++) expect(x2[i]).toBeCloseTo(x1[i]!, 12);
  });
});
