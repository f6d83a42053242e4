import { Icon } from '../components/Icon.tsx';
import { emptyRule, type PropertyDraft, type RuleDraft } from './touchpoint-draft.ts';

const CALL_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;
const PROPERTY_OPS: { op: PropertyDraft['op']; label: string }[] = [
  { op: 'eq', label: 'equals' },
  { op: 'neq', label: 'differs from' },
  { op: 'contains', label: 'contains' },
  { op: 'exists', label: 'exists' },
  { op: 'gt', label: 'greater than' },
  { op: 'lt', label: 'less than' },
];

const MORE_FIELDS = [
  ['utmSource', 'UTM source', 'e.g. google'],
  ['utmMedium', 'UTM medium', 'e.g. cpc'],
  ['utmCampaign', 'UTM campaign', 'e.g. *spring*'],
  ['channel', 'Sent on channel', 'e.g. in-person'],
] as const;

/**
 * The rules that say which recorded events belong to the touchpoint: an event matches when any
 * rule matches, and a rule matches when all its filled-in fields do.
 */
export function MatchRulesEditor({
  rules,
  onChange,
}: {
  rules: RuleDraft[];
  onChange: (rules: RuleDraft[]) => void;
}) {
  const update = (index: number, patch: Partial<RuleDraft>) =>
    onChange(rules.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const remove = (index: number) => onChange(rules.filter((_, i) => i !== index));

  return (
    <fieldset className="field-group rules">
      <legend>Match rules</legend>
      <p className="help">
        An event belongs to this touchpoint when <strong>any</strong> rule matches it; a rule
        matches when <strong>all</strong> its filled-in fields do. <code>*</code> is a wildcard;
        names ignore case.
      </p>
      {rules.length === 0 && (
        <p className="help">No rules: this touchpoint matches no events yet.</p>
      )}
      <ol className="rule-list">
        {rules.map((rule, index) => {
          const more = MORE_FIELDS.some(([f]) => rule[f] !== '') || rule.properties.length > 0;
          return (
            // Rules have no identity of their own but their place in the list.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={index} className="rule">
              <div className="rule-head">
                <span className="rule-title">Rule {index + 1}</span>
                <button
                  type="button"
                  className="icon-button icon-button-danger"
                  onClick={() => remove(index)}
                  title="Remove rule"
                >
                  <Icon name="trash" />
                  <span className="visually-hidden">Remove rule {index + 1}</span>
                </button>
              </div>
              <div className="rule-fields">
                <label className="field">
                  <span>Call type</span>
                  <select
                    value={rule.type}
                    onChange={(e) => update(index, { type: e.target.value })}
                  >
                    <option value="">any</option>
                    {CALL_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {t}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>Event or page name</span>
                  <input
                    value={rule.event}
                    maxLength={200}
                    placeholder="e.g. Order Completed"
                    onChange={(e) => update(index, { event: e.target.value })}
                  />
                </label>
                <label className="field">
                  <span>Page path</span>
                  <input
                    value={rule.path}
                    maxLength={500}
                    placeholder="e.g. /checkout*"
                    onChange={(e) => update(index, { path: e.target.value })}
                  />
                </label>
              </div>
              <details open={more} className="rule-more">
                <summary>Campaign, channel and property conditions</summary>
                <div className="rule-fields">
                  {MORE_FIELDS.map(([field, label, placeholder]) => (
                    <label key={field} className="field">
                      <span>{label}</span>
                      <input
                        value={rule[field]}
                        maxLength={200}
                        placeholder={placeholder}
                        onChange={(e) => update(index, { [field]: e.target.value })}
                      />
                    </label>
                  ))}
                </div>
                <PropertyConditions
                  ruleNumber={index + 1}
                  conditions={rule.properties}
                  onChange={(properties) => update(index, { properties })}
                />
              </details>
            </li>
          );
        })}
      </ol>
      <button type="button" className="button" onClick={() => onChange([...rules, emptyRule()])}>
        <Icon name="plus" /> Add rule
      </button>
    </fieldset>
  );
}

function PropertyConditions({
  ruleNumber,
  conditions,
  onChange,
}: {
  ruleNumber: number;
  conditions: PropertyDraft[];
  onChange: (conditions: PropertyDraft[]) => void;
}) {
  const update = (index: number, patch: Partial<PropertyDraft>) =>
    onChange(conditions.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  return (
    <div className="property-conditions">
      {conditions.length > 0 && (
        <ul className="property-list">
          {conditions.map((c, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: conditions are identified by place
            <li key={index} className="property-row">
              <label className="field">
                <span className="visually-hidden">
                  Rule {ruleNumber}, condition {index + 1}: property
                </span>
                <input
                  value={c.key}
                  maxLength={200}
                  placeholder="property, e.g. email_type"
                  onChange={(e) => update(index, { key: e.target.value })}
                />
              </label>
              <label className="field">
                <span className="visually-hidden">comparison</span>
                <select
                  value={c.op}
                  onChange={(e) => update(index, { op: e.target.value as PropertyDraft['op'] })}
                >
                  {PROPERTY_OPS.map((o) => (
                    <option key={o.op} value={o.op}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span className="visually-hidden">value</span>
                <input
                  value={c.value}
                  maxLength={1000}
                  disabled={c.op === 'exists'}
                  inputMode={c.op === 'gt' || c.op === 'lt' ? 'decimal' : undefined}
                  placeholder={c.op === 'exists' ? '' : 'value'}
                  onChange={(e) => update(index, { value: e.target.value })}
                />
              </label>
              <button
                type="button"
                className="icon-button icon-button-danger"
                onClick={() => onChange(conditions.filter((_, i) => i !== index))}
                title="Remove condition"
              >
                <Icon name="close" />
                <span className="visually-hidden">Remove condition {index + 1}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="link-button"
        onClick={() => onChange([...conditions, { key: '', op: 'eq', value: '' }])}
      >
        + Add property condition
      </button>
    </div>
  );
}
