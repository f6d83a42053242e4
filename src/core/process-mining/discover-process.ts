/** The directly-follows view of an event log, in the shape `waymark discover --format json` prints. */
export interface TProcessSummary {
  cases: number;
  events: number;
  /** Number of distinct activities. */
  activities: number;
  /** Cases per first activity, most frequent first. */
  start: Record<string, number>;
  /** Cases per last activity, most frequent first. */
  end: Record<string, number>;
  /** How often `to` directly follows `from` within a case, most frequent first. */
  edges: Array<{ from: string; to: string; count: number }>;
  /** Distinct activity sequences with their case counts, most frequent first. */
  variants: Array<{ activities: string[]; count: number }>;
}

/**
 * A case's events ordered by timestamp. The sort is stable, so events with the same timestamp
 * keep their file order. A case with an event lacking a timestamp keeps file order entirely:
 * there is no sound place to put an undated event among dated ones.
 *
 * @example orderCaseEvents([{ a: 'x', timestamp: 2 }, { a: 'y', timestamp: 1 }, { a: 'z', timestamp: 1 }])
 * // y, z, x
 */
export function orderCaseEvents<T extends { timestamp: number | null }>(events: readonly T[]): T[] {
  if (events.some((e) => e.timestamp === null)) return [...events];
  let sorted = true;
  for (let i = 1; i < events.length && sorted; i++)
    sorted = events[i - 1]!.timestamp! <= events[i]!.timestamp!;
  if (sorted) return [...events];
  return [...events].sort((a, b) => a.timestamp! - b.timestamp!);
}

const byCountThenName =
  <T>(count: (x: T) => number, name: (x: T) => string) =>
  (a: T, b: T) =>
    count(b) - count(a) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);

/**
 * Accumulates the directly-follows graph and the variants of a log one case at a time, so that a
 * streamed log is summarized without holding its events. Activities are interned to integers and
 * variants keyed by their id sequence.
 *
 * @example
 * const d = new ProcessDiscovery();
 * d.addCase(['register', 'check', 'decide']);
 * d.addCase(['register', 'decide']);
 * d.summary().edges // [{ from: 'register', to: 'check', count: 1 }, …]
 */
export class ProcessDiscovery {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly edgeCounts = new Map<number, number>();
  private readonly startCounts = new Map<number, number>();
  private readonly endCounts = new Map<number, number>();
  private readonly variantCounts = new Map<string, number>();
  private cases = 0;
  private events = 0;

  addCase(activities: readonly string[]): void {
    this.cases++;
    this.events += activities.length;
    const seq = activities.map((a) => this.intern(a));
    const key = seq.join(',');
    this.variantCounts.set(key, (this.variantCounts.get(key) ?? 0) + 1);
    if (seq.length === 0) return;
    bump(this.startCounts, seq[0]!);
    bump(this.endCounts, seq[seq.length - 1]!);
    // Edges are keyed as from * 2^20 + to; a log with a million distinct activities is not a
    // process log.
    for (let i = 1; i < seq.length; i++) bump(this.edgeCounts, seq[i - 1]! * 1_048_576 + seq[i]!);
  }

  summary(): TProcessSummary {
    const name = (id: number) => this.names[id]!;
    const table = (m: Map<number, number>) =>
      Object.fromEntries(
        [...m]
          .sort(
            byCountThenName(
              ([, c]) => c,
              ([id]) => name(id),
            ),
          )
          .map(([id, c]) => [name(id), c]),
      );
    const edges = [...this.edgeCounts]
      .map(([key, count]) => ({
        from: name(Math.floor(key / 1_048_576)),
        to: name(key % 1_048_576),
        count,
      }))
      .sort(
        byCountThenName(
          (e) => e.count,
          (e) => `${e.from}\u0000${e.to}`,
        ),
      );
    const variants = [...this.variantCounts]
      .map(([key, count]) => ({
        activities: key === '' ? [] : key.split(',').map((id) => name(Number(id))),
        count,
      }))
      .sort(
        byCountThenName(
          (v) => v.count,
          (v) => v.activities.join('\u0000'),
        ),
      );
    return {
      cases: this.cases,
      events: this.events,
      activities: this.names.length,
      start: table(this.startCounts),
      end: table(this.endCounts),
      edges,
      variants,
    };
  }

  private intern(activity: string): number {
    let id = this.ids.get(activity);
    if (id === undefined) {
      id = this.names.length;
      if (id >= 1_048_576) throw new RangeError('more than 2^20 distinct activities');
      this.ids.set(activity, id);
      this.names.push(activity);
    }
    return id;
  }
}

function bump(m: Map<number, number>, key: number): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

/**
 * Summarizes a log given as activity sequences, one per case, already in order.
 *
 * @example discoverProcess([['a', 'b'], ['a', 'b'], ['a']])
 * // { cases: 3, events: 5, activities: 2, start: { a: 3 }, end: { b: 2, a: 1 },
 * //   edges: [{ from: 'a', to: 'b', count: 2 }],
 * //   variants: [{ activities: ['a', 'b'], count: 2 }, { activities: ['a'], count: 1 }] }
 */
export function discoverProcess(cases: Iterable<readonly string[]>): TProcessSummary {
  const d = new ProcessDiscovery();
  for (const c of cases) d.addCase(c);
  return d.summary();
}
