import type { AutomationRun, DryRunStep, RunStep } from '../types.ts';

/** Run history in words: statuses, the trigger, what is due next, a step's details. */

export const RUN_STATUS_LABELS: Record<AutomationRun['status'], string> = {
  active: 'Running',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const STEP_STATUS_LABELS: Record<RunStep['status'], string> = {
  pending: 'Pending',
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
};

export const DRY_RUN_LABELS: Record<DryRunStep['outcome'], string> = {
  would_run: 'Would run',
  would_skip: 'Would be skipped',
};

/** The trigger of a run, in a few words: the event's name, else what started it. */
export function triggerText(run: Pick<AutomationRun, 'trigger' | 'triggerKey'>): string {
  if (run.trigger.event) return run.trigger.event;
  const kind = run.triggerKey.split(':')[0];
  return kind ? `${kind.replace(/_/g, ' ')} trigger` : 'Trigger';
}

/** When the run's next pending step is due; null when nothing is pending. */
export function nextDue(steps: readonly Pick<RunStep, 'status' | 'dueAt'>[]): string | null {
  let best: string | null = null;
  for (const s of steps) {
    if (s.status !== 'pending') continue;
    if (best === null || Date.parse(s.dueAt) < Date.parse(best)) best = s.dueAt;
  }
  return best;
}

/** How many runs started within `days` days before `now`. */
export function countSince(
  runs: readonly Pick<AutomationRun, 'startedAt'>[],
  now: Date,
  days: number,
): number {
  const since = now.getTime() - days * 86_400_000;
  return runs.filter((r) => Date.parse(r.startedAt) >= since).length;
}

/** A value of a step's detail as one line of text. */
export function detailText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const DETAIL_LABELS: Record<string, string> = {
  error: 'Error',
  reason: 'Why',
  to: 'To',
  subject: 'Subject',
  text: 'Text',
  html: 'HTML',
  url: 'URL',
  status: 'HTTP status',
  body: 'Body',
  waitUntil: 'Waits until',
  took: 'Took the branch',
  taskId: 'Task',
  title: 'Title',
  trait: 'Trait',
  value: 'Value',
  tag: 'Tag',
  skipped: 'Skipped',
  touchpointId: 'Touchpoint',
  surveyId: 'Survey',
};

/** How a step's detail names things: touchpoints and surveys by name, times readably. */
export interface DetailFormat {
  touchpoint?: (id: string) => string | undefined;
  survey?: (id: string) => string | undefined;
  dateTime?: (iso: string) => string;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A step's detail as label/value pairs, the error and the reason first (they are why a person
 * opens a run), the rest in the server's order.
 */
export function detailEntries(
  detail: Record<string, unknown>,
  format: DetailFormat = {},
): Array<[string, string]> {
  const first = ['error', 'reason'];
  const keys = [
    ...first.filter((k) => k in detail),
    ...Object.keys(detail).filter((k) => !first.includes(k)),
  ];
  return keys.map((k) => {
    const v = detail[k];
    let text = detailText(v);
    if (typeof v === 'string') {
      if (k === 'touchpointId') text = format.touchpoint?.(v) ?? v;
      else if (k === 'surveyId') text = format.survey?.(v) ?? v;
      else if (format.dateTime && ISO_TIME.test(v)) text = format.dateTime(v);
    }
    return [DETAIL_LABELS[k] ?? k, text];
  });
}
