import type { Stage, Touchpoint } from '../types.ts';

export type Direction = 'left' | 'right' | 'up' | 'down';

/** Where a touchpoint goes: a stage and its final index there (what `PATCH` takes). */
export interface MoveTarget {
  stageId: string;
  position: number;
}

/** The touchpoints of each stage, in map order. */
export function groupByStage(
  stages: Stage[],
  touchpoints: Touchpoint[],
): Map<string, Touchpoint[]> {
  const byStage = new Map<string, Touchpoint[]>(stages.map((s) => [s.id, []]));
  for (const tp of touchpoints) byStage.get(tp.stageId)?.push(tp);
  for (const list of byStage.values()) list.sort((a, b) => a.position - b.position);
  return byStage;
}

/**
 * The keyboard moves: up/down swap with a neighbour in the stage; left/right go to the
 * neighbouring stage at the same row (or its end). Null when the touchpoint is already at that edge.
 */
export function moveTarget(
  stages: Stage[],
  byStage: Map<string, Touchpoint[]>,
  tp: Touchpoint,
  direction: Direction,
): MoveTarget | null {
  const siblings = byStage.get(tp.stageId) ?? [];
  const index = siblings.findIndex((t) => t.id === tp.id);
  if (direction === 'up') return index > 0 ? { stageId: tp.stageId, position: index - 1 } : null;
  if (direction === 'down') {
    return index < siblings.length - 1 ? { stageId: tp.stageId, position: index + 1 } : null;
  }
  const stageIndex = stages.findIndex((s) => s.id === tp.stageId);
  const next = stages[stageIndex + (direction === 'left' ? -1 : 1)];
  if (stageIndex < 0 || !next) return null;
  const count = byStage.get(next.id)?.length ?? 0;
  return { stageId: next.id, position: Math.min(index, count) };
}

/**
 * The touchpoints after a move, renumbered as the server will (used to show a move at once,
 * before the server confirms it).
 */
export function applyMove(
  stages: Stage[],
  touchpoints: Touchpoint[],
  id: string,
  target: MoveTarget,
): Touchpoint[] {
  const moving = touchpoints.find((t) => t.id === id);
  if (!moving) return touchpoints;
  const byStage = groupByStage(
    stages,
    touchpoints.filter((t) => t.id !== id),
  );
  const list = byStage.get(target.stageId);
  if (!list) return touchpoints;
  list.splice(Math.min(target.position, list.length), 0, { ...moving, stageId: target.stageId });
  const out: Touchpoint[] = [];
  for (const stage of stages) {
    (byStage.get(stage.id) ?? []).forEach((t, position) => {
      out.push(t.position === position ? t : { ...t, position });
    });
  }
  return out;
}

/** True when the move would leave the touchpoint where it is. */
export function isNoOp(byStage: Map<string, Touchpoint[]>, tp: Touchpoint, target: MoveTarget) {
  if (target.stageId !== tp.stageId) return false;
  const index = (byStage.get(tp.stageId) ?? []).findIndex((t) => t.id === tp.id);
  return index === target.position;
}
