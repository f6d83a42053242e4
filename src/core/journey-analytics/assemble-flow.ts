import {
  END_STEP,
  type FlowDirection,
  type FlowLink,
  type FlowNode,
  OTHER_STEP,
  START_STEP,
} from './types.ts';

/** What the flow query counts, with step keys in their public form (`$end`, `$start` included). */
export interface FlowCounts {
  anchor: string;
  direction: FlowDirection;
  /** Sequences holding the anchor: the anchor node's count. */
  sequences: number;
  /**
   * Sequences going from `from` at step `step` to `to` at step `step + 1`. Forward, steps run
   * 0, 1, …; backward, -1, -2, …, each link from the earlier step (-1 → 0 reaches the anchor).
   */
  links: ReadonlyArray<{ step: number; from: string; to: string; count: number }>;
}

/** Labels of the keys that are no step of the data. */
const SPECIAL_LABELS: Record<string, string> = {
  [OTHER_STEP]: 'Other',
  [END_STEP]: 'End',
  [START_STEP]: 'Start',
};

/** Where a sequence ran out: never merged into `$other`, whatever its count. */
const isBoundary = (key: string) => key === END_STEP || key === START_STEP;

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The Sankey nodes and links of a flow: per step, the `top` most frequent keys are kept (ties by
 * key) and the rest merge into `$other`; `$end` and `$start` are always kept and never counted
 * among the top. A node's count is the number of sequences that are at that key at that step;
 * links between merged nodes add up. Nodes come by step, then most frequent first (`$other` and
 * the boundaries after the keys); links by step, then value.
 *
 * @example assembleFlow({ anchor: 'a', direction: 'forward', sequences: 2,
 *   links: [{ step: 0, from: 'a', to: 'b', count: 2 }] }, 8, (k) => k)
 *   // nodes 0:a (2), 1:b (2); links 0:a → 1:b (2)
 */
export function assembleFlow(
  counts: FlowCounts,
  top: number,
  label: (key: string) => string,
): { nodes: FlowNode[]; links: FlowLink[] } {
  if (counts.sequences === 0) return { nodes: [], links: [] };
  const forward = counts.direction === 'forward';
  // Sequences at each (step, key): the anchor, then each link's far end from the anchor.
  const at = new Map<number, Map<string, number>>([
    [0, new Map([[counts.anchor, counts.sequences]])],
  ]);
  const add = (step: number, key: string, n: number) => {
    const m = at.get(step) ?? new Map<string, number>();
    m.set(key, (m.get(key) ?? 0) + n);
    at.set(step, m);
  };
  for (const l of counts.links) {
    if (forward) add(l.step + 1, l.to, l.count);
    else add(l.step, l.from, l.count);
  }
  // Per step, the key each key is shown as.
  const shownAs = new Map<number, Map<string, string>>();
  for (const [step, keys] of at) {
    const ranked = [...keys]
      .filter(([key]) => !isBoundary(key))
      .sort((a, b) => b[1] - a[1] || compare(a[0], b[0]));
    const kept = new Set(ranked.slice(0, step === 0 ? ranked.length : top).map(([k]) => k));
    shownAs.set(
      step,
      new Map([...keys.keys()].map((k) => [k, isBoundary(k) || kept.has(k) ? k : OTHER_STEP])),
    );
  }
  const show = (step: number, key: string) => shownAs.get(step)?.get(key) ?? key;
  const id = (step: number, key: string) => `${step}:${key}`;

  const nodeCounts = new Map<string, FlowNode>();
  for (const [step, keys] of at) {
    for (const [key, n] of keys) {
      const shown = show(step, key);
      const node = nodeCounts.get(id(step, shown)) ?? {
        id: id(step, shown),
        step,
        key: shown,
        label: SPECIAL_LABELS[shown] ?? label(shown),
        count: 0,
      };
      node.count += n;
      nodeCounts.set(node.id, node);
    }
  }
  const rank = (key: string) => (key === OTHER_STEP ? 1 : isBoundary(key) ? 2 : 0);
  const nodes = [...nodeCounts.values()].sort(
    (a, b) =>
      a.step - b.step || rank(a.key) - rank(b.key) || b.count - a.count || compare(a.key, b.key),
  );

  const linkValues = new Map<string, FlowLink & { step: number }>();
  for (const l of counts.links) {
    const source = id(l.step, show(l.step, l.from));
    const target = id(l.step + 1, show(l.step + 1, l.to));
    const key = `${source}\u0000${target}`;
    const link = linkValues.get(key) ?? { source, target, value: 0, step: l.step };
    link.value += l.count;
    linkValues.set(key, link);
  }
  const links = [...linkValues.values()]
    .sort(
      (a, b) =>
        a.step - b.step ||
        b.value - a.value ||
        compare(a.source, b.source) ||
        compare(a.target, b.target),
    )
    .map(({ source, target, value }) => ({ source, target, value }));
  return { nodes, links };
}
