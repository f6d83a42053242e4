import { Icon } from '../components/Icon.tsx';
import type { AutomationTrigger, Persona, Survey } from '../types.ts';
import { PROPERTY_OPS, SCORE_OPS, SURVEY_KINDS, TRIGGER_TYPES, WEEKDAYS } from './describe.ts';
import { conditionText, type DraftDefaults, newTrigger } from './draft.ts';
import { NumberField, type OptionGroup, SelectField, TextField } from './fields.tsx';

type EventTrigger = Extract<AutomationTrigger, { type: 'event' }>;
type PropertyCondition = NonNullable<EventTrigger['properties']>[number];

/**
 * What starts a run: an event at a touchpoint (with property conditions), a survey response
 * with a score condition, silence after a touchpoint, entering a persona, or a schedule.
 */
export function TriggerEditor({
  value: t,
  onChange,
  editable,
  touchpoints,
  personas,
  surveys,
  defaults,
}: {
  value: AutomationTrigger;
  onChange: (next: AutomationTrigger) => void;
  editable: boolean;
  touchpoints: OptionGroup[];
  personas: Persona[];
  surveys: Survey[];
  defaults: DraftDefaults;
}) {
  const personaOptions = personas.map((p) => ({ value: p.id, label: p.name }));
  return (
    <fieldset className="field-group auto-trigger">
      <legend>Trigger</legend>
      <SelectField
        label="Starts when"
        path="trigger.type"
        exact
        value={t.type}
        onChange={(type) => onChange(newTrigger(type as AutomationTrigger['type'], defaults))}
        options={TRIGGER_TYPES.map((o) => ({ value: o.type, label: o.label }))}
      />
      <div className="auto-fields">
        {t.type === 'event' && (
          <>
            <SelectField
              label="Touchpoint"
              path="trigger.touchpointId"
              value={t.touchpointId}
              onChange={(id) => onChange({ ...t, touchpointId: id })}
              groups={touchpoints}
            />
            <TextField
              label="Only the event named (optional)"
              path="trigger.event"
              value={t.event ?? ''}
              placeholder="any of the touchpoint's events"
              onChange={(name) => onChange({ ...t, event: name.trim() ? name : undefined })}
            />
          </>
        )}
        {t.type === 'survey_response' && (
          <>
            <SelectField
              label="Survey"
              path="trigger.surveyId"
              value={t.surveyId ?? ''}
              empty="Any survey of a kind"
              onChange={(id) =>
                onChange(
                  id
                    ? { ...t, surveyId: id, kind: undefined }
                    : { ...t, surveyId: undefined, kind: t.kind ?? 'nps' },
                )
              }
              options={surveys.map((s) => ({ value: s.id, label: `${s.name} (${s.kind})` }))}
            />
            {!t.surveyId && (
              <SelectField
                label="Kind"
                path="trigger.kind"
                value={t.kind ?? 'nps'}
                onChange={(kind) => onChange({ ...t, kind: kind as typeof t.kind })}
                options={SURVEY_KINDS.map((k) => ({ value: k, label: k.toUpperCase() }))}
              />
            )}
            <SelectField
              label="Score is"
              path="trigger.op"
              value={t.op}
              onChange={(op) => onChange({ ...t, op: op as typeof t.op })}
              options={SCORE_OPS.map((o) => ({ value: o.op, label: o.label }))}
            />
            <NumberField
              label="Score"
              path="trigger.value"
              value={t.value}
              onChange={(value) => onChange({ ...t, value })}
            />
          </>
        )}
        {t.type === 'silence' && (
          <>
            <SelectField
              label="Reached touchpoint"
              path="trigger.touchpointId"
              value={t.touchpointId}
              onChange={(id) => onChange({ ...t, touchpointId: id })}
              groups={touchpoints}
            />
            <NumberField
              label="Then nothing for (days)"
              path="trigger.days"
              value={t.days}
              min={1}
              max={365}
              onChange={(days) => onChange({ ...t, days })}
            />
          </>
        )}
        {t.type === 'segment_entered' && (
          <SelectField
            label="Persona"
            path="trigger.personaId"
            value={t.personaId}
            onChange={(id) => onChange({ ...t, personaId: id })}
            options={personaOptions}
          />
        )}
        {t.type === 'schedule' && (
          <>
            <SelectField
              label="Every"
              path="trigger.every"
              value={t.every}
              onChange={(every) =>
                onChange(
                  every === 'week'
                    ? { ...t, every, weekday: t.weekday ?? 1 }
                    : { ...t, every: 'day', weekday: undefined },
                )
              }
              options={[
                { value: 'day', label: 'day' },
                { value: 'week', label: 'week' },
              ]}
            />
            {t.every === 'week' && (
              <SelectField
                label="On"
                path="trigger.weekday"
                value={String(t.weekday ?? 1)}
                onChange={(d) => onChange({ ...t, weekday: Number(d) })}
                options={WEEKDAYS.map((d, i) => ({ value: String(i), label: d }))}
              />
            )}
            <TextField
              label="At (workspace time)"
              path="trigger.at"
              type="time"
              value={t.at}
              onChange={(at) => onChange({ ...t, at })}
            />
            <SelectField
              label="For"
              path="trigger.personaId"
              value={t.personaId ?? ''}
              empty="Every customer"
              onChange={(id) => onChange({ ...t, personaId: id || null })}
              options={personaOptions}
            />
          </>
        )}
      </div>
      {t.type === 'event' && (
        <PropertyConditions
          value={t.properties ?? []}
          editable={editable}
          onChange={(properties) =>
            onChange({ ...t, properties: properties.length ? properties : undefined })
          }
        />
      )}
    </fieldset>
  );
}

/** The trigger event's property conditions (all must hold). */
function PropertyConditions({
  value,
  onChange,
  editable,
}: {
  value: PropertyCondition[];
  onChange: (next: PropertyCondition[]) => void;
  editable: boolean;
}) {
  const set = (i: number, patch: Partial<PropertyCondition>) =>
    onChange(value.map((c, k) => (k === i ? { ...c, ...patch } : c)));
  return (
    <div className="auto-properties">
      <p className="help">
        {value.length === 0
          ? 'Any such event starts a run. Add property conditions to narrow it.'
          : 'The event must meet all of these:'}
      </p>
      <ol className="auto-condition-list">
        {value.map((c, i) => {
          const p = `trigger.properties.${i}`;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity but their place
            <li key={i} className="auto-condition">
              <TextField
                label={`Property ${i + 1}`}
                path={`${p}.key`}
                value={c.key}
                placeholder="order_total"
                onChange={(key) => set(i, { key })}
              />
              <SelectField
                label="Test"
                path={`${p}.op`}
                value={c.op ?? 'eq'}
                onChange={(op) =>
                  set(i, {
                    op: op as PropertyCondition['op'],
                    value: op === 'exists' ? undefined : (c.value ?? ''),
                  })
                }
                options={PROPERTY_OPS.map((o) => ({ value: o.op, label: o.label }))}
              />
              {c.op !== 'exists' && (
                <TextField
                  label="Value"
                  path={`${p}.value`}
                  value={conditionText(c.value)}
                  onChange={(v) => set(i, { value: v })}
                />
              )}
              {editable && (
                <button
                  type="button"
                  className="icon-button icon-button-danger"
                  title="Remove property condition"
                  onClick={() => onChange(value.filter((_, k) => k !== i))}
                >
                  <Icon name="trash" />
                  <span className="visually-hidden">Remove property condition {i + 1}</span>
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {editable && (
        <button
          type="button"
          className="button button-small"
          onClick={() => onChange([...value, { key: '', op: 'eq', value: '' }])}
        >
          <Icon name="plus" /> Add property condition
        </button>
      )}
    </div>
  );
}
