import { type FormEvent, useState } from 'react';
import { testRunAutomation } from '../api.ts';
import { InlineError } from '../components/states.tsx';
import { bestIdentity, customerPath, formatDateTime } from '../lib/customer.ts';
import { linkHandler } from '../lib/router.ts';
import { CustomerPicker } from '../surveys/CustomerPicker.tsx';
import type { Automation, Customer, TestRunResult } from '../types.ts';
import { describeStep, type Names, stepNumber, stepTypeLabel } from './describe.ts';
import { automationPath } from './paths.ts';
import { DRY_RUN_LABELS, detailEntries, STEP_STATUS_LABELS } from './runs.ts';
import { stepAt, toStepDrafts } from './step-tree.ts';

/**
 * A test run against one customer, of the saved automation: a dry run (the default) says what
 * each step would do, with the templates filled in; a real run does it (emails, webhooks, tasks),
 * with waits ending at once, and is kept as a run marked "test".
 */
export function TestRunPanel({
  automation,
  names,
  editable,
}: {
  automation: Automation;
  names: Names;
  editable: boolean;
}) {
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [real, setReal] = useState(false);
  const [eventName, setEventName] = useState('');
  const [propertiesText, setPropertiesText] = useState('');
  const [propertiesError, setPropertiesError] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<{ for: Customer; answer: TestRunResult } | null>(null);

  const run = async (event: FormEvent) => {
    event.preventDefault();
    if (!customer) return;
    let properties: Record<string, unknown> = {};
    if (propertiesText.trim()) {
      try {
        const parsed: unknown = JSON.parse(propertiesText);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw 0;
        properties = parsed as Record<string, unknown>;
      } catch {
        setPropertiesError('Write the properties as a JSON object, e.g. {"order_id": "A-1"}.');
        return;
      }
    }
    setPropertiesError('');
    setBusy(true);
    setError(null);
    try {
      const answer = await testRunAutomation(automation.id, {
        customerId: customer.id,
        dryRun: !real,
        event: { name: eventName.trim() || undefined, properties },
      });
      setResult({ for: customer, answer });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auto-test">
      <p className="lead">
        Try the saved automation on one customer. A dry run changes nothing and shows what each step
        would do for them.
      </p>
      <form className="auto-test-form" onSubmit={(e) => void run(e)}>
        <CustomerPicker selected={customer} onSelect={setCustomer} disabled={busy} />
        <fieldset className="field-group" disabled={busy}>
          <legend>Pretend trigger event (optional)</legend>
          <div className="auto-fields">
            <label className="field">
              <span>Event name</span>
              <input
                value={eventName}
                placeholder="Test Run"
                onChange={(e) => setEventName(e.target.value)}
              />
            </label>
            <label className="field">
              <span>Properties (JSON object)</span>
              <textarea
                rows={2}
                value={propertiesText}
                placeholder='{"order_id": "A-1"}'
                aria-invalid={propertiesError ? true : undefined}
                onChange={(e) => setPropertiesText(e.target.value)}
              />
              {propertiesError && <small className="field-error">{propertiesError}</small>}
            </label>
          </div>
          {editable && (
            <label className="checkbox">
              <input type="checkbox" checked={real} onChange={(e) => setReal(e.target.checked)} />
              Run it for real: send the emails, call the webhooks, create the tasks (waits end at
              once)
            </label>
          )}
        </fieldset>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={!customer || busy}>
            {busy ? 'Running…' : real ? 'Run for real' : 'Dry run'}
          </button>
        </div>
      </form>
      <InlineError error={error} onDismiss={() => setError(null)} />
      {result && <TestRunResultView result={result} automation={automation} names={names} />}
    </div>
  );
}

function TestRunResultView({
  result,
  automation,
  names,
}: {
  result: { for: Customer; answer: TestRunResult };
  automation: Automation;
  names: Names;
}) {
  // Headings come from the definition the run used (a real run keeps its own copy server-side).
  const tree = toStepDrafts(automation.steps);
  const heading = (path: string, type: string) => {
    const step = stepAt(tree, path);
    return step ? describeStep(step, names) : stepTypeLabel(type);
  };
  const who = bestIdentity(result.for).value;
  const { answer } = result;
  const rows =
    answer.steps?.map((s) => ({
      path: s.path,
      heading: heading(s.path, s.type),
      status: DRY_RUN_LABELS[s.outcome],
      statusClass: s.outcome === 'would_run' ? 'done' : 'skipped',
      detail: s.detail,
      attempts: null as number | null,
    })) ??
    answer.run?.steps.map((s) => ({
      path: s.path,
      heading: heading(s.path, s.type),
      status: STEP_STATUS_LABELS[s.status],
      statusClass: s.status,
      detail: s.detail,
      attempts: s.attempts,
    })) ??
    [];

  return (
    <section className="panel auto-test-result" aria-labelledby="test-result-title">
      <h2 id="test-result-title">
        {answer.dryRun ? 'Dry run' : 'Test run'} for{' '}
        <a href={customerPath(result.for.id)} onClick={linkHandler(customerPath(result.for.id))}>
          {who}
        </a>
      </h2>
      {answer.run && (
        <p className="help">
          Recorded as a test run ({answer.run.status}).{' '}
          <a
            href={automationPath(automation.id, 'runs', answer.run.id)}
            onClick={linkHandler(automationPath(automation.id, 'runs', answer.run.id))}
          >
            Open it in the run history
          </a>
        </p>
      )}
      {rows.length === 0 ? (
        <p className="empty">No step ran.</p>
      ) : (
        <ol className="auto-run-steps">
          {rows.map((r) => (
            <li key={r.path} className="auto-run-step" data-step-path={r.path}>
              <div className="auto-run-step-head">
                <span className="auto-step-number">{stepNumber(r.path)}</span>
                <strong>{r.heading}</strong>
                <span className={`run-status run-status-${r.statusClass}`}>{r.status}</span>
                {r.attempts !== null && r.attempts > 1 && (
                  <span className="muted">{r.attempts} attempts</span>
                )}
              </div>
              <DetailList detail={r.detail} names={names} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** A step's detail as a definition list (the error and the reason first). */
export function DetailList({ detail, names }: { detail: Record<string, unknown>; names: Names }) {
  const entries = detailEntries(detail, {
    touchpoint: names.touchpoint,
    survey: names.survey,
    dateTime: formatDateTime,
  });
  if (entries.length === 0) return null;
  return (
    <dl className="auto-detail">
      {entries.map(([label, text]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{text}</dd>
        </div>
      ))}
    </dl>
  );
}
