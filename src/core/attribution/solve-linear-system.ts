/**
 * A square sparse system A x = b: row i holds the non-zero entries of A's row i as parallel
 * `cols`/`vals` arrays.
 */
export interface TSparseSystem {
  n: number;
  rows: ReadonlyArray<{ cols: readonly number[]; vals: readonly number[] }>;
  b: Float64Array;
}

/** Thrown when a system has no unique solution (a zero pivot after partial pivoting). */
export class SingularSystemError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SingularSystemError';
  }
}

/**
 * Solves A x = b by Gaussian elimination with partial pivoting on a dense copy of A: exact up to
 * floating-point rounding, O(n³) time and n² memory, fine up to a few thousand unknowns.
 *
 * @example
 * solveDense({ n: 2, rows: [{ cols: [0, 1], vals: [2, 1] }, { cols: [0, 1], vals: [1, 3] }],
 *   b: Float64Array.of(3, 5) }) // Float64Array [0.8, 1.4]
 */
export function solveDense(system: TSparseSystem): Float64Array {
  const { n } = system;
  const a = new Float64Array(n * n);
  const b = Float64Array.from(system.b);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const { cols, vals } = system.rows[i]!;
    for (let k = 0; k < cols.length; k++) {
      a[i * n + cols[k]!]! += vals[k]!;
      scale = Math.max(scale, Math.abs(vals[k]!));
    }
  }
  // A pivot this small relative to the matrix's entries means A is singular to working precision.
  const tiny = scale * n * Number.EPSILON;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    let best = Math.abs(a[col * n + col]!);
    for (let r = col + 1; r < n; r++) {
      const v = Math.abs(a[r * n + col]!);
      if (v > best) {
        best = v;
        pivot = r;
      }
    }
    if (!(best > tiny)) throw new SingularSystemError(`the system is singular (column ${col})`);
    if (pivot !== col) {
      for (let k = col; k < n; k++) {
        const t = a[col * n + k]!;
        a[col * n + k] = a[pivot * n + k]!;
        a[pivot * n + k] = t;
      }
      const t = b[col]!;
      b[col] = b[pivot]!;
      b[pivot] = t;
    }
    const p = a[col * n + col]!;
    const pivotRow = col * n;
    for (let r = col + 1; r < n; r++) {
      const row = r * n;
      const f = a[row + col]! / p;
      if (f === 0) continue;
      a[row + col] = 0;
      for (let k = col + 1; k < n; k++) a[row + k]! -= f * a[pivotRow + k]!;
      b[r]! -= f * b[col]!;
    }
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    const row = i * n;
    for (let k = i + 1; k < n; k++) s -= a[row + k]! * x[k]!;
    x[i] = s / a[row + i]!;
  }
  return x;
}

/**
 * Solves A x = b by Gauss–Seidel sweeps over the sparse rows, for systems too large to hold
 * densely. It converges when A is (weakly chained) diagonally dominant, as I − Q is for the
 * transient part Q of an absorbing Markov chain whose every state can reach absorption. Sweeps
 * stop when no unknown moves by more than `tolerance` (relative to 1); throws when `maxSweeps`
 * pass first, rather than return a rough answer.
 */
export function solveGaussSeidel(
  system: TSparseSystem,
  options: { tolerance?: number; maxSweeps?: number } = {},
): Float64Array {
  const tolerance = options.tolerance ?? 1e-14;
  const maxSweeps = options.maxSweeps ?? 100_000;
  const { n, rows, b } = system;
  const diag = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const { cols, vals } = rows[i]!;
    for (let k = 0; k < cols.length; k++) if (cols[k] === i) diag[i]! += vals[k]!;
    if (diag[i] === 0) throw new SingularSystemError(`row ${i} has no diagonal entry`);
  }
  const x = new Float64Array(n);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let change = 0;
    for (let i = 0; i < n; i++) {
      const { cols, vals } = rows[i]!;
      let s = b[i]!;
      for (let k = 0; k < cols.length; k++) if (cols[k] !== i) s -= vals[k]! * x[cols[k]!]!;
      const next = s / diag[i]!;
      change = Math.max(change, Math.abs(next - x[i]!));
      x[i] = next;
    }
    if (change <= tolerance) return x;
  }
  throw new SingularSystemError(`Gauss–Seidel did not converge in ${maxSweeps} sweeps`);
}

/** Unknown counts up to which solveLinearSystem eliminates densely. */
export const DENSE_LIMIT = 2000;

/**
 * Solves A x = b: exactly by Gaussian elimination up to DENSE_LIMIT unknowns, by Gauss–Seidel
 * iteration to 1e-14 beyond (a dense n = 2000 elimination already takes about a second and
 * 32 MB; the chains here have few non-zeros per row, which the iteration exploits).
 */
export function solveLinearSystem(system: TSparseSystem): Float64Array {
  return system.n <= DENSE_LIMIT ? solveDense(system) : solveGaussSeidel(system);
}
