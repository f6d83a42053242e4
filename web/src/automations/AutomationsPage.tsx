import { useMemo, useState } from 'react';
import { getAutomationOutcome, listAutomationRuns, listAutomations } from '../api.ts';
import { ErrorState, InlineError, LoadingState } from '../components/states.tsx';
import { formatDateTime } from '../lib/customer.ts';
import { linkHandler } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import { canEdit, useSession } from '../session.tsx';
import type { Automation } from '../types.ts';
import { describeTrigger, type Names } from './describe.ts';
import { EnabledSwitch } from './EnabledSwitch.tsx';
import { outcomeShort } from './outcome.ts';
import { automationPath } from './paths.ts';
import { loadBuilderRefs, namesOf } from './refs.ts';
import { countSince, RUN_STATUS_LABELS } from './runs.ts';

/** Live runs read per automation to count the last 30 days (a busier one shows "500+"). */
const RUN_SAMPLE = 500;

/**
 * The automations of the workspace: name, trigger, the on/off switch (editors), live runs in the
 * last 30 days, the last run, and the outcome in a few words.
 */
export function AutomationsPage() {
  const session = useSession();
  const editable = canEdit(session);
  const automations = useResource('automations', (signal) => listAutomations(signal));
  const refs = useResource('automation-refs', (signal) => loadBuilderRefs(signal));
  const names = useMemo(() => (refs.data ? namesOf(refs.data) : undefined), [refs.data]);
  const [changed, setChanged] = useState<Record<string, Automation>>({});
  const [error, setError] = useState<unknown>(null);

  return (
    <main className="page" id="main">
      <div className="page-head">
        <div>
          <h1>Automations</h1>
          <p className="lead">
            Touchpoint work that runs by itself: a trigger, conditions, then steps such as a wait,
            an email, a webhook or a task, for each customer who meets them.
          </p>
        </div>
        {editable && (
          <a
            className="button button-primary auto-new"
            href="/automations/new"
            onClick={linkHandler('/automations/new')}
          >
            New automation
          </a>
        )}
      </div>
      <InlineError error={error} onDismiss={() => setError(null)} />
      {automations.error ? (
        <ErrorState error={automations.error} onRetry={automations.reload} />
      ) : !automations.data ? (
        <LoadingState label="Loading automations…" />
      ) : automations.data.length === 0 ? (
        <p className="empty">
          No automations yet.
          {editable
            ? ' Create one: for example a thank-you email after a purchase.'
            : ' Editors can create them.'}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data-table auto-list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Trigger</th>
                <th scope="col">On</th>
                <th scope="col" className="num">
                  Runs, 30 days
                </th>
                <th scope="col">Last run</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {automations.data.map((a) => {
                const current = changed[a.id] ?? a;
                return (
                  <AutomationRow
                    key={a.id}
                    automation={current}
                    names={names}
                    editable={editable}
                    onChanged={(next) => setChanged((c) => ({ ...c, [next.id]: next }))}
                    onError={setError}
                  />
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

function AutomationRow({
  automation: a,
  names,
  editable,
  onChanged,
  onError,
}: {
  automation: Automation;
  names: Names | undefined;
  editable: boolean;
  onChanged: (next: Automation) => void;
  onError: (error: unknown) => void;
}) {
  // The list holds no figures: each row reads its live runs and its outcome.
  const runs = useResource(`list-runs:${a.id}`, (signal) =>
    listAutomationRuns(a.id, { mode: 'live', limit: RUN_SAMPLE }, signal),
  );
  const outcome = useResource(`list-outcome:${a.id}`, (signal) =>
    getAutomationOutcome(a.id, {}, signal),
  );
  const recent = runs.data ? countSince(runs.data.items, new Date(), 30) : undefined;
  const last = runs.data?.items[0];
  const href = automationPath(a.id);
  return (
    <tr>
      <th scope="row">
        <a href={href} onClick={linkHandler(href)}>
          {a.name}
        </a>
        {a.description && <span className="cell-note">{a.description}</span>}
      </th>
      {/* Until the names are in, an id would read as an unknown touchpoint. */}
      <td>{names ? describeTrigger(a.trigger, names) : '…'}</td>
      <td>
        <EnabledSwitch automation={a} editable={editable} onChanged={onChanged} onError={onError} />
      </td>
      <td className="num">
        {recent === undefined
          ? runs.error
            ? '—'
            : '…'
          : `${recent}${recent === RUN_SAMPLE ? '+' : ''}`}
      </td>
      <td>
        {last ? (
          <>
            {formatDateTime(last.startedAt)}
            <span className="cell-note">{RUN_STATUS_LABELS[last.status]}</span>
          </>
        ) : runs.data ? (
          'Never'
        ) : (
          '…'
        )}
      </td>
      <td>
        {outcome.data ? (
          <a
            href={automationPath(a.id, 'outcome')}
            onClick={linkHandler(automationPath(a.id, 'outcome'))}
          >
            {outcomeShort(outcome.data)}
          </a>
        ) : outcome.error ? (
          '—'
        ) : (
          '…'
        )}
      </td>
    </tr>
  );
}
