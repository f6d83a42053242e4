import { z } from 'zod';
import { toPatchSchema, ZId } from './common.ts';

export const TASK_STATUSES = ['todo', 'doing', 'done'] as const;
export const ZTaskStatus = z.enum(TASK_STATUSES);
export type TTaskStatus = z.infer<typeof ZTaskStatus>;

/**
 * Where a task came from: typed by hand, a catalog starter checklist, a suggestion, or an
 * automation's task step.
 */
export const ZTaskSource = z.enum(['manual', 'catalog', 'suggestion', 'automation']);

export const ZChecklistItem = z.object({
  text: z.string().min(1).max(300),
  done: z.boolean().default(false),
});

const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-03-01')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
      new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'must be a real date',
  );

/**
 * Work on a touchpoint. `completedAt` is set by the server when the status becomes `done` (and
 * cleared when it leaves `done`): the task's impact compares the touchpoint before and after it.
 */
export const ZTask = z.object({
  id: ZId,
  journeyId: ZId,
  touchpointId: ZId,
  title: z.string().min(1).max(300),
  description: z.string().max(5000).default(''),
  ownerId: ZId.nullable()
    .default(null)
    .meta({ description: 'A member of the workspace (user id)' }),
  dueDate: ZDay.nullable().default(null).meta({ description: 'A day, YYYY-MM-DD (UTC)' }),
  status: ZTaskStatus.default('todo'),
  checklist: z.array(ZChecklistItem).max(50).default([]),
  source: ZTaskSource.default('manual'),
  completedAt: z.string().nullable().default(null),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TTask = z.infer<typeof ZTask>;

export const ZTaskCreate = ZTask.pick({
  touchpointId: true,
  title: true,
  description: true,
  ownerId: true,
  dueDate: true,
  status: true,
  checklist: true,
  source: true,
});
export type TTaskCreate = z.input<typeof ZTaskCreate>;
export const ZTaskUpdate = toPatchSchema(ZTaskCreate.omit({ touchpointId: true, source: true }));
export type TTaskPatch = z.input<typeof ZTaskUpdate>;

/**
 * Whether a task is overdue on `today` (a YYYY-MM-DD day): not done and due before today.
 *
 * @example isOverdue({ status: 'todo', dueDate: '2025-01-01' }, '2025-01-02') === true
 */
export function isOverdue(task: Pick<TTask, 'status' | 'dueDate'>, today: string): boolean {
  return task.status !== 'done' && task.dueDate !== null && task.dueDate < today;
}

/** The completion time a task should carry after a change of status. */
export function completionAfter(
  before: Pick<TTask, 'status' | 'completedAt'> | null,
  status: TTaskStatus,
  now: Date,
): string | null {
  if (status !== 'done') return null;
  return before?.status === 'done' && before.completedAt ? before.completedAt : now.toISOString();
}
