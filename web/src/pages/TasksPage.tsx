import { type FormEvent, useEffect, useMemo, useState } from 'react';
import {
  createTask,
  createTaskFromCatalog,
  deleteTask,
  getJourneyMap,
  listJourneys,
  listMembers,
  listTasks,
  updateTask,
} from '../api.ts';
import { ErrorState, InlineError, LoadingState } from '../components/states.tsx';
import { formatDay } from '../lib/format.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import { canEdit, useSession } from '../session.tsx';
import type { Task, TaskStatus } from '../types.ts';

const COLUMNS: ReadonlyArray<{ status: TaskStatus; title: string }> = [
  { status: 'todo', title: 'To do' },
  { status: 'doing', title: 'Doing' },
  { status: 'done', title: 'Done' },
];

/**
 * The task board: a journey's tasks (or everyone's, or one owner's, or the overdue ones) in
 * three columns. Filters live in the URL (`/tasks?journey=…&owner=…&overdue=1`) so a board can
 * be shared as a link.
 */
export function TasksPage() {
  const session = useSession();
  const editable = canEdit(session);
  const { query } = useLocation();
  const journeyId = query.get('journey') ?? '';
  const ownerId = query.get('owner') ?? '';
  // `?touchpoint=` (with its journey): the board of one touchpoint, as its map badge links.
  const touchpointId = journeyId ? (query.get('touchpoint') ?? '') : '';
  const overdue = query.get('overdue') === '1';

  const journeys = useResource('journeys', (signal) => listJourneys(signal));
  const members = useResource('members', (signal) => listMembers(signal));
  const map = useResource(journeyId ? `map:${journeyId}` : null, (signal) =>
    getJourneyMap(journeyId, signal),
  );
  const tasks = useResource(`tasks:${journeyId}:${touchpointId}:${ownerId}:${overdue}`, (signal) =>
    listTasks({ journeyId, touchpointId, ownerId, overdue }, signal),
  );
  const [actionError, setActionError] = useState<unknown>(null);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(query);
    if (value) next.set(key, value);
    else next.delete(key);
    // Another journey's board has none of this one's touchpoints.
    if (key === 'journey') next.delete('touchpoint');
    const qs = next.toString();
    navigate(`/tasks${qs ? `?${qs}` : ''}`, { replace: true });
  };

  const touchpointName = useMemo(() => {
    const names = new Map<string, string>();
    for (const tp of map.data?.touchpoints ?? []) names.set(tp.id, tp.name);
    return names;
  }, [map.data]);
  const memberName = (id: string | null) =>
    id ? (members.data?.find((m) => m.userId === id)?.name ?? 'a former member') : 'Nobody';

  const change = async (run: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await run();
    } catch (err) {
      setActionError(err);
    } finally {
      tasks.reload();
    }
  };

  return (
    <main className="page" id="main">
      <div className="page-head">
        <div>
          <h1>Tasks</h1>
          <p className="lead">
            Work on touchpoints, with an owner and a due date. A task marked done starts its impact
            measurement: the touchpoint's figures 30 days before and after.
          </p>
        </div>
      </div>

      <div className="filters-bar task-filters">
        <label>
          Journey
          <select value={journeyId} onChange={(e) => setFilter('journey', e.target.value)}>
            <option value="">All journeys</option>
            {(journeys.data ?? []).map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
        </label>
        {journeyId && (
          <label>
            Touchpoint
            <select value={touchpointId} onChange={(e) => setFilter('touchpoint', e.target.value)}>
              <option value="">All touchpoints</option>
              {(map.data?.touchpoints ?? []).map((tp) => (
                <option key={tp.id} value={tp.id}>
                  {tp.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Owner
          <select value={ownerId} onChange={(e) => setFilter('owner', e.target.value)}>
            <option value="">Anyone</option>
            {(members.data ?? []).map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={overdue}
            onChange={(e) => setFilter('overdue', e.target.checked ? '1' : '')}
          />
          Overdue only
        </label>
      </div>

      {editable && journeyId && map.data && (
        <NewTask
          touchpoints={map.data.touchpoints}
          members={members.data ?? []}
          onCreate={(run) => change(run)}
        />
      )}
      {editable && !journeyId && (
        <p className="hint">Choose a journey to add tasks to its touchpoints.</p>
      )}
      <InlineError error={actionError} onDismiss={() => setActionError(null)} />

      {tasks.error ? (
        <ErrorState error={tasks.error} onRetry={tasks.reload} />
      ) : !tasks.data ? (
        <LoadingState label="Loading tasks…" />
      ) : (
        <div className="task-board">
          {COLUMNS.map((col) => {
            const items = tasks.data!.filter((t) => t.status === col.status);
            return (
              <section
                key={col.status}
                className="task-column"
                aria-labelledby={`col-${col.status}`}
              >
                <h2 id={`col-${col.status}`}>
                  {col.title} <span className="count">{items.length}</span>
                </h2>
                {items.length === 0 && <p className="empty">Nothing here.</p>}
                <ul>
                  {items.map((t) => (
                    <TaskCard
                      key={t.id}
                      task={t}
                      touchpoint={touchpointName.get(t.touchpointId)}
                      owner={memberName(t.ownerId)}
                      editable={editable}
                      onChange={change}
                    />
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
    </main>
  );
}

function TaskCard({
  task,
  touchpoint,
  owner,
  editable,
  onChange,
}: {
  task: Task;
  touchpoint: string | undefined;
  owner: string;
  editable: boolean;
  onChange: (run: () => Promise<unknown>) => Promise<void>;
}) {
  // Ticks show at once; the saved task replaces them when the board reloads.
  const [checklist, setChecklist] = useState(task.checklist);
  useEffect(() => setChecklist(task.checklist), [task.checklist]);
  const done = checklist.filter((c) => c.done).length;
  return (
    <li className={`task-card${task.overdue ? ' overdue' : ''}`}>
      <h3>{task.title}</h3>
      <p className="task-meta">
        {touchpoint ? <>{touchpoint} · </> : null}
        {owner}
        {task.dueDate && (
          <>
            {' · due '}
            {formatDay(`${task.dueDate}T00:00:00Z`)}
            {task.overdue && <strong className="overdue-label"> overdue</strong>}
          </>
        )}
      </p>
      {checklist.length > 0 && (
        <fieldset className="plain-fieldset checklist">
          <legend>
            Checklist {done}/{checklist.length}
          </legend>
          {checklist.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: items have no id; their order is stable
            <label key={`${i}:${item.text}`} className="checkbox">
              <input
                type="checkbox"
                checked={item.done}
                disabled={!editable}
                onChange={(e) => {
                  const next = checklist.map((c, k) =>
                    k === i ? { ...c, done: e.target.checked } : c,
                  );
                  setChecklist(next);
                  void onChange(() => updateTask(task.id, { checklist: next }));
                }}
              />
              {item.text}
            </label>
          ))}
        </fieldset>
      )}
      {editable && (
        <div className="button-row">
          <label className="visually-hidden" htmlFor={`status-${task.id}`}>
            Status of {task.title}
          </label>
          <select
            id={`status-${task.id}`}
            value={task.status}
            onChange={(e) =>
              void onChange(() => updateTask(task.id, { status: e.target.value as TaskStatus }))
            }
          >
            {COLUMNS.map((c) => (
              <option key={c.status} value={c.status}>
                {c.title}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-quiet button-small"
            onClick={() => {
              if (window.confirm(`Delete the task "${task.title}"?`)) {
                void onChange(() => deleteTask(task.id));
              }
            }}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

function NewTask({
  touchpoints,
  members,
  onCreate,
}: {
  touchpoints: ReadonlyArray<{ id: string; name: string }>;
  members: ReadonlyArray<{ userId: string; name: string }>;
  onCreate: (run: () => Promise<unknown>) => Promise<void>;
}) {
  const [touchpointId, setTouchpointId] = useState(touchpoints[0]?.id ?? '');
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [dueDate, setDueDate] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await onCreate(() =>
      createTask({
        touchpointId,
        title: title.trim(),
        ownerId: ownerId || null,
        dueDate: dueDate || null,
      }),
    );
    setTitle('');
  };

  return (
    <form className="new-task" onSubmit={(e) => void submit(e)}>
      <label>
        Touchpoint
        <select value={touchpointId} onChange={(e) => setTouchpointId(e.target.value)}>
          {touchpoints.map((tp) => (
            <option key={tp.id} value={tp.id}>
              {tp.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Task
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} />
      </label>
      <label>
        Owner
        <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
          <option value="">Nobody yet</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Due
        <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
      </label>
      <div className="button-row">
        <button
          type="submit"
          className="button button-primary"
          disabled={!title.trim() || !touchpointId}
        >
          Add task
        </button>
        <button
          type="button"
          className="button"
          disabled={!touchpointId}
          onClick={() => void onCreate(() => createTaskFromCatalog(touchpointId))}
        >
          Add starter checklist
        </button>
      </div>
    </form>
  );
}
