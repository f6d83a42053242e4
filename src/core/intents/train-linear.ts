import type { TSparseVector } from './featurize.ts';
import { createRandom } from './random.ts';

/**
 * One-vs-rest linear support vector machines (L2-regularized, squared hinge loss) trained by dual
 * coordinate descent with shrinking (Hsieh, Chang, Lin, Keerthi & Sundararajan, "A Dual
 * Coordinate Descent Method for Large-scale Linear SVM", ICML 2008 — the method of LIBLINEAR's
 * default solver). Chosen because on sparse, high-dimensional text features it reaches the exact
 * optimum in a few passes over the data, deterministically given the seed of its visiting order;
 * SGD would need a learning-rate schedule and many more passes for the same accuracy.
 */

export interface TLinearOptions {
  /** Inverse regularization strength: larger fits the training data more closely. */
  c: number;
  /** Stop when the projected gradient's spread is below this (LIBLINEAR's default 0.1). */
  tolerance: number;
  maxPasses: number;
  seed: number;
}

export const DEFAULT_LINEAR_OPTIONS: TLinearOptions = {
  c: 1,
  tolerance: 0.1,
  maxPasses: 200,
  seed: 1,
};

/** Weights by class: `dim` feature weights, then the bias (a constant feature of value 1). */
export interface TLinearModel {
  dim: number;
  weights: Float32Array[];
}

/**
 * Trains one binary SVM per class (that class against all others).
 *
 * @example const model = trainLinearSvm(vectors, labels, 77, vectorizer.features.length);
 */
export function trainLinearSvm(
  xs: readonly TSparseVector[],
  ys: ArrayLike<number>,
  classes: number,
  dim: number,
  options: TLinearOptions = DEFAULT_LINEAR_OPTIONS,
): TLinearModel {
  const data = packRows(xs);
  const n = xs.length;
  const diag = 1 / (2 * options.c);
  // The squared norm of each row, plus 1 for the bias feature and the L2-loss diagonal.
  const qd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1 + diag;
    for (let k = data.offsets[i]!; k < data.offsets[i + 1]!; k++) s += data.values[k]! ** 2;
    qd[i] = s;
  }
  const labels = Int32Array.from(ys);
  const weights: Float32Array[] = [];
  for (let c = 0; c < classes; c++) {
    const random = createRandom(options.seed * 7919 + c);
    weights.push(trainBinary(data, labels, c, dim, qd, diag, options, random));
  }
  return { dim, weights };
}

/** Rows in one compressed sparse row block: contiguous memory for the inner loops. */
interface Rows {
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

function packRows(xs: readonly TSparseVector[]): Rows {
  const offsets = new Int32Array(xs.length + 1);
  for (let i = 0; i < xs.length; i++) offsets[i + 1] = offsets[i]! + xs[i]!.indices.length;
  const indices = new Int32Array(offsets[xs.length]!);
  const values = new Float32Array(offsets[xs.length]!);
  for (let i = 0; i < xs.length; i++) {
    indices.set(xs[i]!.indices, offsets[i]!);
    values.set(xs[i]!.values, offsets[i]!);
  }
  return { offsets, indices, values };
}

/** One class against the rest: dual coordinate descent on the L2-loss SVM dual, with shrinking. */
function trainBinary(
  data: Rows,
  labels: Int32Array,
  positive: number,
  dim: number,
  qd: Float64Array,
  diag: number,
  o: TLinearOptions,
  random: () => number,
): Float32Array {
  const { offsets, indices, values } = data;
  const n = labels.length;
  const w = new Float64Array(dim + 1);
  const alpha = new Float64Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let active = n;
  let pgMaxOld = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < o.maxPasses; pass++) {
    let pgMax = Number.NEGATIVE_INFINITY;
    let pgMin = Number.POSITIVE_INFINITY;
    // Visit the active points in a fresh random order each pass.
    for (let k = active - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      const t = order[k]!;
      order[k] = order[j]!;
      order[j] = t;
    }
    for (let s = 0; s < active; s++) {
      const i = order[s]!;
      const y = labels[i] === positive ? 1 : -1;
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      let dot = w[dim]!;
      for (let k = start; k < end; k++) dot += w[indices[k]!]! * values[k]!;
      const g = y * dot - 1 + alpha[i]! * diag;
      let pg = g;
      if (alpha[i] === 0) {
        // Shrinking: a point comfortably outside the margin is set aside until convergence.
        if (g > pgMaxOld) {
          active--;
          order[s] = order[active]!;
          order[active] = i;
          s--;
          continue;
        }
        if (g > 0) pg = 0;
      }
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i]!;
        const next = Math.max(old - g / qd[i]!, 0);
        alpha[i] = next;
        const d = (next - old) * y;
        for (let k = start; k < end; k++) w[indices[k]!] += d * values[k]!;
        w[dim] += d;
      }
    }
    if (pgMax - pgMin <= o.tolerance) {
      if (active === n) break;
      // Converged on the active points: check all of them once more before stopping.
      active = n;
      pgMaxOld = Number.POSITIVE_INFINITY;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Number.POSITIVE_INFINITY : pgMax;
  }
  return Float32Array.from(w);
}

/**
 * The decision value of every class for one vector (higher is more likely).
 *
 * @example decide(model, transform(vectorizer, 'where is my card')).indexOf(max)
 */
export function decide(model: TLinearModel, x: TSparseVector): Float64Array {
  const scores = new Float64Array(model.weights.length);
  for (let c = 0; c < model.weights.length; c++) {
    const w = model.weights[c]!;
    let s = w[model.dim]!;
    for (let k = 0; k < x.indices.length; k++) s += w[x.indices[k]!]! * x.values[k]!;
    scores[c] = s;
  }
  return scores;
}
