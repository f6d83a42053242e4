import { useState } from 'react';
import {
  getAutomationRun,
  getCustomer,
  listAutomationRuns,
  listDeadLetters,
  retryDeadLetter,
} from '../api.ts';
import { ErrorState, InlineError, LoadingState } from '../components/states.tsx';
import { bestIdentity, customerPath, formatDateTime } from '../lib/customer.ts';
import { linkHandler } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import type { Automation, AutomationRun, RunDetail } from '../types.ts';
import { describeStep, type Names, stepNumber, stepTypeLabel } from './describe.ts';
import { automationPath } from './paths.ts';
import { nextDue, RUN_STATUS_LABELS, STEP_STATUS_LABELS, triggerText } from './runs.ts';
import { stepAt, toStepDrafts } from './step-tree.ts';
import { DetailList } from './TestRunPanel.tsx';

const PAGE = 25;

/**
 * Run history: the automation's runs (customer, trigger, status, started, next due), one run's
 * steps (status, attempts, due time, error, idempotency key), and its dead letters, which editors
 * can retry.
 */
export function RunsPanel({
  automation,
  runId,
  names,
  editable,
}: {
  automation: Automation;
  runId: string | null;
  names: Names;
  editable: boolean;
}) {
  if (runId) return <RunDetailView automation={automation} runId={runId} names={names} />;
  return (
    <>
      <RunList automation={automation} />
      <DeadLetters automation={automation} editable={editable} />
    </>
  );
}

function RunList({ automation }: { automation: Automation }) {
  const [status, setStatus] = useState('');
  const [mode, setMode] = useState<'' | 'live' | 'test'>('');
  const [offset, setOffset] = useState(0);
  const runs = useResource(
    `runs:${automation.id}:${status}:${mode}:${offset}`,
    (signal) =>
      listAutomationRuns(
        automation.id,
        { status: status || undefined, mode: mode || undefined, limit: PAGE, offset },
        signal,
      ),
    { keepPrevious: true },
  );
  const items = runs.data?.items ?? [];
  // The list names customers by id and holds no due times: the page's customers and its active
  // runs' steps are fetched alongside (at most one page of each).
  const customerIds = [...new Set(items.map((r) => r.customerId))];
  const activeIds = items.filter((r) => r.status === 'active').map((r) => r.id);
  const extras = useResource(
    items.length ? `run-extras:${customerIds.join(',')}:${activeIds.join(',')}` : null,
    async (signal) => {
      const [customers, details] = await Promise.all([
        Promise.all(customerIds.map((id) => getCustomer(id, signal).catch(() => null))),
        Promise.all(activeIds.map((id) => getAutomationRun(id, signal).catch(() => null))),
      ]);
      const who = new Map<string, string>();
      for (const c of customers) if (c) who.set(c.id, bestIdentity(c).value);
      const due = new Map<string, string | null>();
      for (const d of details) if (d) due.set(d.id, nextDue(d.steps));
      return { who, due };
    },
    { keepPrevious: true },
  );

  return (
    <section className="panel auto-runs" aria-labelledby="runs-title" aria-busy={runs.loading}>
      <div className="panel-head">
        <h2 id="runs-title">Runs</h2>
        <div className="filters-bar auto-run-filters">
          <label>
            Status
            <select
              value={status}
              onChange={(e) => {
                setStatus(e.target.value);
                setOffset(0);
              }}
            >
              <option value="">Any</option>
              {Object.entries(RUN_STATUS_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Kind
            <select
              value={mode}
              onChange={(e) => {
                setMode(e.target.value as typeof mode);
                setOffset(0);
              }}
            >
              <option value="">Live and test</option>
              <option value="live">Live</option>
              <option value="test">Test</option>
            </select>
          </label>
          <button type="button" className="button button-small" onClick={runs.reload}>
            Refresh
          </button>
        </div>
      </div>
      {runs.error && !runs.data ? (
        <ErrorState error={runs.error} onRetry={runs.reload} />
      ) : !runs.data ? (
        <LoadingState label="Loading runs…" />
      ) : items.length === 0 ? (
        <p className="empty">
          No runs{status || mode ? ' match these filters' : ' yet'}.
          {!automation.enabled &&
            !status &&
            !mode &&
            ' The automation is off: switch it on to start runs.'}
        </p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="data-table auto-run-table">
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Trigger</th>
                  <th scope="col">Status</th>
                  <th scope="col">Started</th>
                  <th scope="col">Next due</th>
                  <th scope="col">
                    <span className="visually-hidden">Steps</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <RunRow
                    key={r.id}
                    run={r}
                    automationId={automation.id}
                    who={extras.data?.who.get(r.customerId)}
                    due={extras.data?.due.get(r.id)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          <Pager total={runs.data.total} offset={offset} onOffset={setOffset} />
        </>
      )}
    </section>
  );
}

function RunRow({
  run,
  automationId,
  who,
  due,
}: {
  run: AutomationRun;
  automationId: string;
  who: string | undefined;
  due: string | null | undefined;
}) {
  const href = automationPath(automationId, 'runs', run.id);
  return (
    <tr>
      <th scope="row">
        <a href={customerPath(run.customerId)} onClick={linkHandler(customerPath(run.customerId))}>
          {who ?? run.customerId}
        </a>
      </th>
      <td>
        {triggerText(run)}
        {run.mode === 'test' && <span className="chip auto-test-chip">test</span>}
      </td>
      <td>
        <span className={`run-status run-status-${run.status}`}>
          {RUN_STATUS_LABELS[run.status]}
        </span>
      </td>
      <td>{formatDateTime(run.startedAt)}</td>
      <td>{run.status === 'active' ? formatDateTime(due ?? null) : '—'}</td>
      <td>
        <a href={href} onClick={linkHandler(href)}>
          Steps
          <span className="visually-hidden">
            {' '}
            of the run started {formatDateTime(run.startedAt)}
          </span>
        </a>
      </td>
    </tr>
  );
}

function Pager({
  total,
  offset,
  onOffset,
}: {
  total: number;
  offset: number;
  onOffset: (offset: number) => void;
}) {
  if (total <= PAGE) return null;
  return (
    <nav className="pager" aria-label="Pages of runs">
      <button
        type="button"
        className="button button-small"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - PAGE))}
      >
        Newer
      </button>
      <span>
        {offset + 1}–{Math.min(total, offset + PAGE)} of {total}
      </span>
      <button
        type="button"
        className="button button-small"
        disabled={offset + PAGE >= total}
        onClick={() => onOffset(offset + PAGE)}
      >
        Older
      </button>
    </nav>
  );
}

function RunDetailView({
  automation,
  runId,
  names,
}: {
  automation: Automation;
  runId: string;
  names: Names;
}) {
  const run = useResource(`run:${runId}`, (signal) => getAutomationRun(runId, signal));
  const back = automationPath(automation.id, 'runs');
  return (
    <section className="panel auto-run-detail" aria-labelledby="run-title" aria-busy={run.loading}>
      <a className="back-link" href={back} onClick={linkHandler(back)}>
        ← All runs
      </a>
      {run.error && !run.data ? (
        <ErrorState title="This run could not be loaded" error={run.error} onRetry={run.reload} />
      ) : !run.data ? (
        <LoadingState label="Loading the run…" />
      ) : (
        <RunSteps run={run.data} automation={automation} names={names} onReload={run.reload} />
      )}
    </section>
  );
}

function RunSteps({
  run,
  automation,
  names,
  onReload,
}: {
  run: RunDetail;
  automation: Automation;
  names: Names;
  onReload: () => void;
}) {
  const customer = useResource(`customer:${run.customerId}`, (signal) =>
    getCustomer(run.customerId, signal),
  );
  // Steps are named from the current definition when their path and type still match it.
  const tree = toStepDrafts(automation.steps);
  const heading = (path: string, type: string) => {
    const step = stepAt(tree, path);
    return step && step.type === type ? describeStep(step, names) : stepTypeLabel(type);
  };
  const who = customer.data ? bestIdentity(customer.data).value : run.customerId;
  return (
    <>
      <div className="panel-head">
        <h2 id="run-title">
          Run for{' '}
          <a
            href={customerPath(run.customerId)}
            onClick={linkHandler(customerPath(run.customerId))}
          >
            {who}
          </a>
        </h2>
        <button type="button" className="button button-small" onClick={onReload}>
          Refresh
        </button>
      </div>
      <dl className="auto-run-facts">
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`run-status run-status-${run.status}`}>
              {RUN_STATUS_LABELS[run.status]}
            </span>
            {run.mode === 'test' && <span className="chip auto-test-chip">test</span>}
          </dd>
        </div>
        <div>
          <dt>Trigger</dt>
          <dd>
            {triggerText(run)} at {formatDateTime(run.trigger.timestamp)}
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(run.startedAt)}</dd>
        </div>
        <div>
          <dt>{run.finishedAt ? 'Finished' : 'Next due'}</dt>
          <dd>{formatDateTime(run.finishedAt ?? nextDue(run.steps))}</dd>
        </div>
      </dl>
      {run.steps.length === 0 ? (
        <p className="empty">No step has started yet.</p>
      ) : (
        <ol className="auto-run-steps">
          {run.steps.map((s) => (
            <li key={s.id} className="auto-run-step" data-step-path={s.path}>
              <div className="auto-run-step-head">
                <span className="auto-step-number">{stepNumber(s.path)}</span>
                <strong>{heading(s.path, s.type)}</strong>
                <span className={`run-status run-status-${s.status}`}>
                  {STEP_STATUS_LABELS[s.status]}
                </span>
              </div>
              <dl className="auto-detail auto-step-facts">
                <div>
                  <dt>Attempts</dt>
                  <dd>{s.attempts}</dd>
                </div>
                <div>
                  <dt>{s.status === 'pending' ? 'Due' : 'Was due'}</dt>
                  <dd>{formatDateTime(s.dueAt)}</dd>
                </div>
                <div>
                  <dt>Finished</dt>
                  <dd>{formatDateTime(s.finishedAt)}</dd>
                </div>
                <div>
                  <dt>Idempotency key</dt>
                  <dd>
                    <code>{s.idempotencyKey}</code>
                  </dd>
                </div>
              </dl>
              <DetailList detail={s.detail} names={names} />
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function DeadLetters({ automation, editable }: { automation: Automation; editable: boolean }) {
  const letters = useResource(`dead-letters:${automation.id}`, (signal) =>
    listDeadLetters({ automationId: automation.id, limit: 50 }, signal),
  );
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');

  const retry = async (id: string) => {
    setError(null);
    try {
      await retryDeadLetter(id);
      setDone('Retried: the run resumes with that step.');
      letters.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="panel auto-dead-letters" aria-labelledby="dead-title">
      <h2 id="dead-title">Dead letters</h2>
      <p className="help">
        Emails and webhook calls that failed every attempt. A retry sends them again with the same
        idempotency key, so a receiver that got one already can tell.
      </p>
      <InlineError error={error} onDismiss={() => setError(null)} />
      <p role="status" className="muted">
        {done}
      </p>
      {letters.error && !letters.data ? (
        <ErrorState error={letters.error} onRetry={letters.reload} />
      ) : !letters.data ? (
        <LoadingState label="Loading dead letters…" />
      ) : letters.data.items.length === 0 ? (
        <p className="empty">None: every delivery went through or is still being tried.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Target</th>
                <th scope="col">Error</th>
                <th scope="col">Attempts</th>
                <th scope="col">Failed</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {letters.data.items.map((d) => {
                const runHref = automationPath(automation.id, 'runs', d.runId);
                return (
                  <tr key={d.id}>
                    <th scope="row">{stepTypeLabel(d.kind)}</th>
                    <td className="auto-break">{d.target}</td>
                    <td className="auto-break">{d.error}</td>
                    <td className="num">{d.attempts}</td>
                    <td>{formatDateTime(d.createdAt)}</td>
                    <td>
                      <div className="button-row">
                        <a href={runHref} onClick={linkHandler(runHref)}>
                          Run
                        </a>
                        {d.retriedAt ? (
                          <span className="muted">Retried {formatDateTime(d.retriedAt)}</span>
                        ) : (
                          editable && (
                            <button
                              type="button"
                              className="button button-small"
                              onClick={() => void retry(d.id)}
                            >
                              Retry<span className="visually-hidden"> {d.target}</span>
                            </button>
                          )
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
