import type { Task } from '../types.ts';

/** Open (not done) and overdue tasks on one touchpoint, for the badge on its map card. */
export interface TaskCounts {
  open: number;
  overdue: number;
}

/** The counts per touchpoint of a journey's tasks; touchpoints without open tasks are left out. */
export function countTasksByTouchpoint(tasks: readonly Task[]): Map<string, TaskCounts> {
  const out = new Map<string, TaskCounts>();
  for (const t of tasks) {
    if (t.status === 'done') continue;
    const c = out.get(t.touchpointId) ?? { open: 0, overdue: 0 };
    c.open += 1;
    if (t.overdue) c.overdue += 1;
    out.set(t.touchpointId, c);
  }
  return out;
}

/** "2 open tasks, 1 overdue". */
export function describeTaskCounts(c: TaskCounts): string {
  const open = `${c.open} open task${c.open === 1 ? '' : 's'}`;
  return c.overdue > 0 ? `${open}, ${c.overdue} overdue` : open;
}
