/**
 * A small seeded pseudo-random generator (mulberry32), so that splits, shuffles and clustering
 * give the same result on every run and machine for the same seed.
 *
 * @example const next = createRandom(42); next(); // a number in [0, 1), the same for seed 42
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Shuffles a list in place (Fisher–Yates) with the given generator, and returns it.
 *
 * @example shuffleInPlace([1, 2, 3], createRandom(1))
 */
export function shuffleInPlace<T>(list: T[], random: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = list[i]!;
    list[i] = list[j]!;
    list[j] = tmp;
  }
  return list;
}
