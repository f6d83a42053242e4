import { type FormEvent, useEffect, useId, useState } from 'react';
import { getSurveySettings, updateSurveySettings } from '../api.ts';
import { InlineError } from '../components/states.tsx';
import { useDirtyGuard } from '../lib/dirty.ts';
import { useResource } from '../lib/use-resource.ts';
import { LIMITS, wholeNumber } from './survey-draft.ts';

/**
 * The workspace's fatigue window: at most one survey per customer in this many days, across all
 * surveys. Editors change it; viewers read it.
 */
export function FatigueSettings({ editable }: { editable: boolean }) {
  const id = useId();
  const settings = useResource('survey-settings', (signal) => getSurveySettings(signal));
  const saved = settings.data ? String(settings.data.fatigueDays) : '';
  const [text, setText] = useState(saved);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState('');
  const [status, setStatus] = useState('');
  useEffect(() => setText(saved), [saved]);
  const dirty = settings.data !== undefined && text !== saved;
  useDirtyGuard(dirty);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const days = wholeNumber(text);
    if (Number.isNaN(days) || days < 0 || days > LIMITS.fatigueDays) {
      setProblem(`A whole number of days from 0 to ${LIMITS.fatigueDays}.`);
      return;
    }
    setProblem('');
    setBusy(true);
    setError(null);
    try {
      await updateSurveySettings({ fatigueDays: days });
      setStatus(`Saved: ${days === 0 ? 'no limit' : `one survey per ${days} days`}.`);
      settings.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const days = settings.data?.fatigueDays;
  return (
    <section className="panel survey-fatigue" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Survey fatigue</h2>
      <p className="help">
        Customers are asked at most once in this many days across every survey of the workspace (0:
        no limit), and never the same survey twice within its own repeat interval. Links made with
        “send anyway” still count.
      </p>
      {settings.error ? (
        <InlineError error={settings.error} />
      ) : !editable ? (
        <p>
          {days === undefined
            ? '…'
            : days === 0
              ? 'No limit across surveys.'
              : `At most one survey per customer every ${days} days.`}
        </p>
      ) : (
        <form className="button-row" onSubmit={(e) => void save(e)} noValidate>
          <label className="field field-inline" htmlFor={`${id}-days`}>
            <span>One survey per customer every</span>
            <input
              id={`${id}-days`}
              type="number"
              min={0}
              max={LIMITS.fatigueDays}
              step={1}
              className="input-days"
              value={text}
              disabled={settings.data === undefined || busy}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-problem` : undefined}
              onChange={(e) => {
                setText(e.target.value);
                setStatus('');
              }}
            />
            <span>days</span>
          </label>
          <button type="submit" className="button" disabled={!dirty || busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
          <span className="copy-state" aria-live="polite">
            {status}
          </span>
          {problem && (
            <span id={`${id}-problem`} className="field-error">
              {problem}
            </span>
          )}
        </form>
      )}
      <InlineError error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
