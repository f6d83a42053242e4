import { type FormEvent, useMemo, useState } from 'react';
import { ApiError, createAutomation, rotateWebhookSecret, updateAutomation } from '../api.ts';
import { InlineError } from '../components/states.tsx';
import { useDirtyGuard } from '../lib/dirty.ts';
import type { Automation } from '../types.ts';
import { ConditionsEditor } from './ConditionsEditor.tsx';
import { describeTrigger } from './describe.ts';
import { type AutomationDraft, draftToBody, toDraft } from './draft.ts';
import { collectFieldErrors, type FieldErrors, fieldErrorsOf, NO_ERRORS } from './field-errors.ts';
import {
  CheckboxField,
  FieldErrorsContext,
  type OptionGroup,
  SelectField,
  TextField,
} from './fields.tsx';
import { collectPropertyKeys } from './placeholders.ts';
import { type BuilderRefs, defaultsOf, namesOf, touchpointOf } from './refs.ts';
import { StepsEditor } from './StepsEditor.tsx';
import { TriggerEditor } from './TriggerEditor.tsx';

/**
 * The automation builder: name, trigger, conditions and the steps, saved as one. The server
 * judges the whole; its 400 shows at the fields it names (`body.steps.2.yes.0.subject`). Viewers
 * see the same form, read-only.
 */
export function AutomationBuilder({
  automation,
  refs,
  editable,
  onSaved,
}: {
  automation: Automation | undefined;
  refs: BuilderRefs;
  editable: boolean;
  onSaved: (saved: Automation, created: boolean) => void;
}) {
  const defaults = useMemo(() => defaultsOf(refs), [refs]);
  const names = useMemo(() => namesOf(refs), [refs]);
  const [initial, setInitial] = useState<AutomationDraft>(() => toDraft(automation, defaults));
  const [draft, setDraft] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [saved, setSaved] = useState('');
  const [secret, setSecret] = useState(automation?.webhookSecret);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  useDirtyGuard(editable && dirty);

  const touchpointGroups: OptionGroup[] = refs.journeys.map((j) => ({
    label: j.name,
    options: j.touchpoints.map((t) => ({ value: t.id, label: t.name })),
  }));
  const journeyOptions = refs.journeys.map((j) => ({ value: j.id, label: j.name }));
  const triggerTouchpoint =
    draft.trigger.type === 'event' || draft.trigger.type === 'silence'
      ? touchpointOf(refs, draft.trigger.touchpointId)
      : undefined;
  const propertyKeys = useMemo(
    () => collectPropertyKeys(refs.events, triggerTouchpoint),
    [refs.events, triggerTouchpoint],
  );

  const set = <K extends keyof AutomationDraft>(key: K, value: AutomationDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setSaved('');
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const { body, problems } = draftToBody(draft);
    if (problems.length > 0) {
      setErrors(collectFieldErrors(problems));
      setError(
        new ApiError(
          400,
          'invalid',
          'Please correct these fields:',
          problems.map((p) => ({
            path: `body.${p.path}`,
            message: p.message,
          })),
        ),
      );
      return;
    }
    setBusy(true);
    setError(null);
    setErrors(NO_ERRORS);
    try {
      const { enabled: _enabled, ...patch } = body;
      const result = automation
        ? await updateAutomation(automation.id, patch)
        : await createAutomation(body);
      // Kept as it is: the saved automation is what the form holds now.
      setInitial(draft);
      setSecret(result.webhookSecret);
      setSaved(automation ? 'Saved.' : 'Created.');
      onSaved(result, !automation);
    } catch (err) {
      setError(err);
      setErrors(fieldErrorsOf(err));
    } finally {
      setBusy(false);
    }
  };

  const rotate = async () => {
    if (!automation) return;
    if (!window.confirm('Replace the signing secret? Receivers must use the new one at once.'))
      return;
    try {
      const next = await rotateWebhookSecret(automation.id);
      setSecret(next.webhookSecret);
    } catch (err) {
      setError(err);
    }
  };

  const webhookSecret = (
    <WebhookSecret
      secret={secret}
      saved={Boolean(automation)}
      onRotate={editable ? rotate : undefined}
    />
  );

  return (
    <FieldErrorsContext.Provider value={errors}>
      <form className="auto-builder" onSubmit={(e) => void save(e)} noValidate>
        <fieldset className="plain-fieldset" disabled={!editable || busy}>
          <div className="auto-fields auto-fields-wide">
            <TextField
              label="Name"
              path="name"
              value={draft.name}
              maxLength={200}
              onChange={(v) => set('name', v)}
            />
            <TextField
              label="Description (optional)"
              path="description"
              value={draft.description}
              onChange={(v) => set('description', v)}
            />
            <SelectField
              label="Measure the outcome on the goal of"
              path="journeyId"
              value={draft.journeyId ?? ''}
              empty="The trigger touchpoint's journey"
              onChange={(id) => set('journeyId', id || null)}
              options={journeyOptions}
            />
            {!automation && (
              <CheckboxField
                label="Switch it on when saved"
                path="enabled"
                checked={draft.enabled}
                onChange={(on) => set('enabled', on)}
              />
            )}
          </div>

          <p className="auto-summary">
            <strong>When:</strong> {describeTrigger(draft.trigger, names)}
          </p>
          <TriggerEditor
            value={draft.trigger}
            onChange={(t) => set('trigger', t)}
            editable={editable}
            touchpoints={touchpointGroups}
            personas={refs.personas}
            surveys={refs.surveys}
            defaults={defaults}
          />
          <ConditionsEditor
            path="conditions"
            legend="Conditions"
            value={draft.conditions}
            onChange={(c) => set('conditions', c)}
            editable={editable}
            touchpoints={touchpointGroups}
            journeys={journeyOptions}
            defaults={defaults}
          />
          <StepsEditor
            steps={draft.steps}
            onChange={(steps) => set('steps', steps)}
            editable={editable}
            names={names}
            touchpoints={touchpointGroups}
            journeys={journeyOptions}
            surveys={refs.surveys}
            members={refs.members}
            defaults={defaults}
            traitKeys={refs.traitKeys}
            propertyKeys={propertyKeys}
            webhookSecret={webhookSecret}
          />
        </fieldset>
        <InlineError error={error} onDismiss={() => setError(null)} />
        {editable && (
          <div className="button-row auto-save-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Saving…' : automation ? 'Save changes' : 'Create automation'}
            </button>
            {dirty && automation && (
              <button
                type="button"
                className="button button-quiet"
                onClick={() => {
                  setDraft(initial);
                  setErrors(NO_ERRORS);
                  setError(null);
                }}
              >
                Undo changes
              </button>
            )}
            <span role="status" className="muted">
              {saved || (dirty ? 'Unsaved changes' : '')}
            </span>
          </div>
        )}
      </form>
    </FieldErrorsContext.Provider>
  );
}

/** The webhook signing secret: hidden until asked for; editors may replace it. */
function WebhookSecret({
  secret,
  saved,
  onRotate,
}: {
  secret: string | undefined;
  saved: boolean;
  onRotate?: () => void;
}) {
  const [shown, setShown] = useState(false);
  if (!saved) {
    return (
      <p className="help">
        Calls are signed: the header <code>X-Waymark-Signature: t=…,v1=…</code> holds the
        HMAC-SHA256 of <code>t.body</code>. The secret is shown here once the automation is saved.
      </p>
    );
  }
  if (!secret) {
    return <p className="help">Calls are signed; editors see the signing secret.</p>;
  }
  return (
    <div className="help auto-secret-row">
      Signed in <code>X-Waymark-Signature: t=…,v1=…</code> (HMAC-SHA256 of <code>t.body</code>) with
      the secret <code className="auto-secret-value">{shown ? secret : '•'.repeat(16)}</code>{' '}
      <button type="button" className="link-button" onClick={() => setShown(!shown)}>
        {shown ? 'Hide' : 'Show'}
      </button>
      {onRotate && (
        <>
          {' · '}
          <button type="button" className="link-button" onClick={onRotate}>
            Replace the secret
          </button>
        </>
      )}
    </div>
  );
}
