import { useState } from 'react';
import { setAutomationEnabled } from '../api.ts';
import type { Automation } from '../types.ts';

/**
 * The on/off switch of an automation (a switch role, for screen readers); viewers see its state
 * as text. Switching on reacts to what happens from then on; switching off starts no new runs
 * and holds pending steps until it is on again.
 */
export function EnabledSwitch({
  automation,
  editable,
  onChanged,
  onError,
}: {
  automation: Automation;
  editable: boolean;
  onChanged: (next: Automation) => void;
  onError: (error: unknown) => void;
}) {
  const [busy, setBusy] = useState(false);
  if (!editable) {
    return (
      <span className={`auto-state ${automation.enabled ? 'is-on' : 'is-off'}`}>
        {automation.enabled ? 'On' : 'Off'}
      </span>
    );
  }
  const toggle = async () => {
    setBusy(true);
    try {
      onChanged(await setAutomationEnabled(automation.id, !automation.enabled));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button
      type="button"
      role="switch"
      aria-checked={automation.enabled}
      className={`auto-switch${automation.enabled ? ' is-on' : ''}`}
      disabled={busy}
      onClick={() => void toggle()}
    >
      <span className="auto-switch-track" aria-hidden="true">
        <span className="auto-switch-thumb" />
      </span>
      <span>
        {automation.enabled ? 'On' : 'Off'}
        <span className="visually-hidden">: {automation.name}</span>
      </span>
    </button>
  );
}
