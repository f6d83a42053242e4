import { useMemo, useState } from 'react';
import { TabPanel, Tabs } from '../analysis/Tabs.tsx';
import { deleteAutomation, getAutomation } from '../api.ts';
import { ErrorState, InlineError, LoadingState } from '../components/states.tsx';
import { linkHandler, navigate, useLocation } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import { canEdit, useSession } from '../session.tsx';
import type { Automation } from '../types.ts';
import { AutomationBuilder } from './AutomationBuilder.tsx';
import { describeTrigger } from './describe.ts';
import { EnabledSwitch } from './EnabledSwitch.tsx';
import { OutcomePanel } from './OutcomePanel.tsx';
import { type AutomationTab, automationPath, readAutomationTab } from './paths.ts';
import { RunsPanel } from './RunsPanel.tsx';
import { loadBuilderRefs, namesOf } from './refs.ts';
import { TestRunPanel } from './TestRunPanel.tsx';

const TABS: ReadonlyArray<{ id: AutomationTab; label: string }> = [
  { id: 'builder', label: 'Builder' },
  { id: 'test', label: 'Test run' },
  { id: 'runs', label: 'Run history' },
  { id: 'outcome', label: 'Outcome' },
];

/**
 * One automation (`/automations/<id>`) or a new one (`/automations/new`): the builder, and for a
 * saved one its test run, run history and outcome, as tabs (`?tab=`).
 */
export function AutomationPage({ id }: { id: string | null }) {
  const session = useSession();
  const editable = canEdit(session);
  const { query } = useLocation();
  const tab = id ? readAutomationTab(query) : 'builder';
  const runId = query.get('run');
  const refs = useResource('automation-refs', (signal) => loadBuilderRefs(signal));
  const loaded = useResource(id ? `automation:${id}` : null, (signal) =>
    getAutomation(id!, signal),
  );
  // The switch and the builder answer the saved automation; it replaces the loaded one.
  const [latest, setLatest] = useState<Automation | null>(null);
  const automation = latest && latest.id === id ? latest : loaded.data;
  const names = useMemo(() => namesOf(refs.data), [refs.data]);
  const [error, setError] = useState<unknown>(null);

  if ((id && loaded.error && !automation) || (refs.error && !refs.data)) {
    return (
      <main className="page" id="main">
        <BackLink />
        <ErrorState
          title={id ? 'This automation could not be opened' : 'The builder could not be loaded'}
          error={loaded.error ?? refs.error}
          onRetry={() => {
            loaded.reload();
            refs.reload();
          }}
        />
      </main>
    );
  }
  if (!refs.data || (id && !automation)) return <LoadingState label="Loading the automation…" />;

  const remove = async () => {
    if (!automation) return;
    if (!window.confirm(`Delete the automation "${automation.name}"? Its active runs stop.`))
      return;
    try {
      await deleteAutomation(automation.id);
      navigate('/automations');
    } catch (err) {
      setError(err);
    }
  };

  return (
    <main className="page auto-page" id="main">
      <BackLink />
      <div className="page-head">
        <div>
          <h1>{automation ? automation.name : 'New automation'}</h1>
          {automation && <p className="lead">{describeTrigger(automation.trigger, names)}</p>}
        </div>
        {automation && (
          <div className="button-row">
            <EnabledSwitch
              automation={automation}
              editable={editable}
              onChanged={setLatest}
              onError={setError}
            />
            {editable && (
              <button
                type="button"
                className="button button-danger button-small"
                onClick={() => void remove()}
              >
                Delete
              </button>
            )}
          </div>
        )}
      </div>
      <InlineError error={error} onDismiss={() => setError(null)} />
      {automation && (
        <Tabs
          label="Automation"
          idPrefix="automation"
          tabs={TABS}
          selected={tab}
          onSelect={(t) =>
            navigate(automationPath(automation.id, t), {
              replace: true,
              keepEdits: t !== 'builder' && tab !== 'builder',
            })
          }
        />
      )}
      {!automation ? (
        <AutomationBuilder
          key="new"
          automation={undefined}
          refs={refs.data}
          editable={editable}
          onSaved={(saved) => {
            setLatest(saved);
            navigate(automationPath(saved.id), { replace: true, keepEdits: true });
          }}
        />
      ) : (
        <TabPanel idPrefix="automation" tab={tab}>
          {tab === 'builder' && (
            <AutomationBuilder
              key={automation.id}
              automation={automation}
              refs={refs.data}
              editable={editable}
              onSaved={setLatest}
            />
          )}
          {tab === 'test' && (
            <TestRunPanel automation={automation} names={names} editable={editable} />
          )}
          {tab === 'runs' && (
            <RunsPanel automation={automation} runId={runId} names={names} editable={editable} />
          )}
          {tab === 'outcome' && <OutcomePanel automation={automation} />}
        </TabPanel>
      )}
    </main>
  );
}

function BackLink() {
  return (
    <a className="back-link" href="/automations" onClick={linkHandler('/automations')}>
      ← All automations
    </a>
  );
}
