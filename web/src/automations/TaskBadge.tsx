import { linkHandler } from '../lib/router.ts';
import { touchpointTasksPath } from './paths.ts';
import { describeTaskCounts, type TaskCounts } from './task-counts.ts';

/**
 * A map card's task badge: the touchpoint's open and overdue tasks, linking to the task board
 * filtered to it. Nothing when it has no open task.
 */
export function TaskBadge({
  journeyId,
  touchpointId,
  touchpointName,
  counts,
}: {
  journeyId: string;
  touchpointId: string;
  touchpointName: string;
  counts: TaskCounts | undefined;
}) {
  if (!counts || counts.open === 0) return null;
  const href = touchpointTasksPath(journeyId, touchpointId);
  return (
    <p className="tp-tasks">
      <a
        href={href}
        onClick={linkHandler(href)}
        className={`task-badge${counts.overdue > 0 ? ' task-badge-overdue' : ''}`}
      >
        {counts.open} task{counts.open === 1 ? '' : 's'}
        {counts.overdue > 0 && <> · {counts.overdue} overdue</>}
        <span className="visually-hidden">
          {' '}
          on {touchpointName}: {describeTaskCounts(counts)}. Open the task board
        </span>
      </a>
    </p>
  );
}
