import { Icon } from '../components/Icon.tsx';
import type { AutomationCondition, ConditionSet } from '../types.ts';
import { PROPERTY_OPS, TRAIT_OPS } from './describe.ts';
import { conditionText, conditionValue, type DraftDefaults, newCondition } from './draft.ts';
import { type OptionGroup, SelectField, TextField } from './fields.tsx';

const CONDITION_TYPES = [
  { value: 'trait', label: 'A trait of the customer' },
  { value: 'event_property', label: 'A property of the trigger event' },
  { value: 'touchpoint', label: 'Touchpoint reached so far' },
  { value: 'goal', label: "Journey's goal reached so far" },
] satisfies Array<{ value: AutomationCondition['type']; label: string }>;

/**
 * All or any of a list of conditions: on the customer's traits, the trigger event's properties,
 * and the journey so far (touchpoints and goals reached). Used for the automation's conditions
 * and for each branch's `if`.
 */
export function ConditionsEditor({
  path,
  value,
  onChange,
  editable,
  touchpoints,
  journeys,
  defaults,
  legend,
}: {
  /** The API path of the set (`conditions`, `steps.2.if`). */
  path: string;
  value: ConditionSet;
  onChange: (next: ConditionSet) => void;
  editable: boolean;
  touchpoints: OptionGroup[];
  journeys: Array<{ value: string; label: string }>;
  defaults: DraftDefaults;
  legend: string;
}) {
  const set = (i: number, c: AutomationCondition) =>
    onChange({ ...value, conditions: value.conditions.map((x, k) => (k === i ? c : x)) });
  const remove = (i: number) =>
    onChange({ ...value, conditions: value.conditions.filter((_, k) => k !== i) });
  const add = () =>
    onChange({ ...value, conditions: [...value.conditions, newCondition('trait', defaults)] });

  return (
    <fieldset className="field-group auto-conditions">
      <legend>{legend}</legend>
      {value.conditions.length === 0 ? (
        <p className="help">No conditions: it always holds.</p>
      ) : (
        <SelectField
          label="Must hold"
          path={`${path}.match`}
          value={value.match}
          onChange={(m) => onChange({ ...value, match: m as ConditionSet['match'] })}
          options={[
            { value: 'all', label: 'All of these' },
            { value: 'any', label: 'Any of these' },
          ]}
        />
      )}
      <ol className="auto-condition-list">
        {value.conditions.map((c, i) => {
          const p = `${path}.conditions.${i}`;
          return (
            // Conditions have no identity but their place in the list.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={i} className="auto-condition">
              <SelectField
                label={`Condition ${i + 1}`}
                path={`${p}.type`}
                exact
                value={c.type}
                onChange={(t) => set(i, newCondition(t as AutomationCondition['type'], defaults))}
                options={CONDITION_TYPES}
              />
              <ConditionFields
                path={p}
                condition={c}
                onChange={(next) => set(i, next)}
                touchpoints={touchpoints}
                journeys={journeys}
              />
              {editable && (
                <button
                  type="button"
                  className="icon-button icon-button-danger"
                  onClick={() => remove(i)}
                  title="Remove condition"
                >
                  <Icon name="trash" />
                  <span className="visually-hidden">
                    Remove condition {i + 1} of {legend}
                  </span>
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {editable && (
        <button type="button" className="button button-small" onClick={add}>
          <Icon name="plus" /> Add condition<span className="visually-hidden"> to {legend}</span>
        </button>
      )}
    </fieldset>
  );
}

function ConditionFields({
  path,
  condition: c,
  onChange,
  touchpoints,
  journeys,
}: {
  path: string;
  condition: AutomationCondition;
  onChange: (next: AutomationCondition) => void;
  touchpoints: OptionGroup[];
  journeys: Array<{ value: string; label: string }>;
}) {
  switch (c.type) {
    case 'trait':
    case 'event_property': {
      const keyField = c.type === 'trait' ? 'trait' : 'key';
      const key = c.type === 'trait' ? c.trait : c.key;
      const ops = c.type === 'trait' ? TRAIT_OPS : PROPERTY_OPS;
      const setKey = (k: string) =>
        onChange(c.type === 'trait' ? { ...c, trait: k } : { ...c, key: k });
      return (
        <>
          <TextField
            label={c.type === 'trait' ? 'Trait' : 'Property'}
            path={`${path}.${keyField}`}
            value={key}
            onChange={setKey}
            placeholder={c.type === 'trait' ? 'plan' : 'order_total'}
          />
          <SelectField
            label="Test"
            path={`${path}.op`}
            value={c.op}
            onChange={(op) =>
              onChange({ ...c, op, value: conditionValue(op, conditionText(c.value)) } as typeof c)
            }
            options={ops.map((o) => ({ value: o.op, label: o.label }))}
          />
          {c.op !== 'exists' && c.op !== 'not_exists' && (
            <TextField
              label={c.op === 'in' || c.op === 'not_in' ? 'Values (comma-separated)' : 'Value'}
              path={`${path}.value`}
              value={conditionText(c.value)}
              onChange={(text) => onChange({ ...c, value: conditionValue(c.op, text) } as typeof c)}
            />
          )}
        </>
      );
    }
    case 'touchpoint':
      return (
        <>
          <SelectField
            label="Has"
            path={`${path}.reached`}
            value={String(c.reached)}
            onChange={(v) => onChange({ ...c, reached: v === 'true' })}
            options={[
              { value: 'true', label: 'reached' },
              { value: 'false', label: 'not reached' },
            ]}
          />
          <SelectField
            label="Touchpoint"
            path={`${path}.touchpointId`}
            value={c.touchpointId}
            onChange={(id) => onChange({ ...c, touchpointId: id })}
            groups={touchpoints}
          />
        </>
      );
    case 'goal':
      return (
        <>
          <SelectField
            label="Has"
            path={`${path}.reached`}
            value={String(c.reached)}
            onChange={(v) => onChange({ ...c, reached: v === 'true' })}
            options={[
              { value: 'true', label: 'reached' },
              { value: 'false', label: 'not reached' },
            ]}
          />
          <SelectField
            label="The goal of"
            path={`${path}.journeyId`}
            value={c.journeyId}
            onChange={(id) => onChange({ ...c, journeyId: id })}
            options={journeys}
          />
        </>
      );
  }
}
