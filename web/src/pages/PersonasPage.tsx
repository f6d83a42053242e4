import { type FormEvent, useId, useState } from 'react';
import {
  countPersonaCustomers,
  createPersona,
  deletePersona,
  listPersonas,
  updatePersona,
} from '../api.ts';
import { Icon } from '../components/Icon.tsx';
import { ErrorState, InlineError, LoadingState } from '../components/states.tsx';
import { confirmDiscard, useDirtyGuard } from '../lib/dirty.ts';
import { formatCount } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import { canEdit, useSession } from '../session.tsx';
import type { Persona, PersonaCreate, TraitCondition } from '../types.ts';

type Op = TraitCondition['op'];

const OPS: { op: Op; label: string }[] = [
  { op: 'eq', label: 'equals' },
  { op: 'neq', label: 'differs from' },
  { op: 'in', label: 'is one of' },
  { op: 'not_in', label: 'is none of' },
  { op: 'contains', label: 'contains' },
  { op: 'gt', label: 'greater than' },
  { op: 'gte', label: 'at least' },
  { op: 'lt', label: 'less than' },
  { op: 'lte', label: 'at most' },
  { op: 'exists', label: 'exists' },
  { op: 'not_exists', label: 'does not exist' },
];

const NO_VALUE: readonly Op[] = ['exists', 'not_exists'];
const LIST_VALUE: readonly Op[] = ['in', 'not_in'];
const NUMBER_VALUE: readonly Op[] = ['gt', 'gte', 'lt', 'lte'];

interface ConditionDraft {
  trait: string;
  op: Op;
  /** As typed; comma-separated for `in` / `not_in`. */
  value: string;
}

interface PersonaDraft {
  name: string;
  description: string;
  /** One per line. */
  goals: string;
  frustrations: string;
  match: 'all' | 'any';
  conditions: ConditionDraft[];
}

const valueText = (value: TraitCondition['value']): string =>
  value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);

function toDraft(persona: Persona | null): PersonaDraft {
  return {
    name: persona?.name ?? '',
    description: persona?.description ?? '',
    goals: persona?.goals.join('\n') ?? '',
    frustrations: persona?.frustrations.join('\n') ?? '',
    match: persona?.segment.match ?? 'all',
    conditions: (persona?.segment.conditions ?? []).map((c) => ({
      trait: c.trait,
      op: c.op,
      value: valueText(c.value),
    })),
  };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The typed value as the server wants it: a list for in/not_in, a number to compare by size. */
function conditionToBody(c: ConditionDraft): TraitCondition {
  const trait = c.trait.trim();
  if (NO_VALUE.includes(c.op)) return { trait, op: c.op };
  if (LIST_VALUE.includes(c.op)) {
    return {
      trait,
      op: c.op,
      value: c.value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    };
  }
  const text = c.value.trim();
  if (NUMBER_VALUE.includes(c.op) && text !== '' && Number.isFinite(Number(text))) {
    return { trait, op: c.op, value: Number(text) };
  }
  return { trait, op: c.op, value: text };
}

function draftToBody(d: PersonaDraft): PersonaCreate {
  return {
    name: d.name.trim(),
    description: d.description.trim(),
    goals: lines(d.goals),
    frustrations: lines(d.frustrations),
    segment: { match: d.match, conditions: d.conditions.map(conditionToBody) },
  };
}

function draftProblems(d: PersonaDraft): string[] {
  const out: string[] = [];
  if (!d.name.trim()) out.push('Give the persona a name.');
  d.conditions.forEach((c, i) => {
    if (!c.trait.trim()) out.push(`Condition ${i + 1} needs a trait name.`);
    else if (NUMBER_VALUE.includes(c.op) && !Number.isFinite(Number(c.value.trim() || 'x'))) {
      out.push(`Condition ${i + 1} compares by size: its value must be a number.`);
    }
  });
  return out;
}

/** `saved`: the persona as the server answered, shown until the reloaded list has it. */
type Selection = { kind: 'edit'; id: string; saved?: Persona } | { kind: 'new' } | null;

/** Personas: who the journeys are for, each with a segment rule over customer traits. */
export function PersonasPage() {
  const session = useSession();
  const editable = canEdit(session);
  const personas = useResource('personas', (signal) => listPersonas(signal));
  const [selection, setSelection] = useState<Selection>(null);
  const [announcement, setAnnouncement] = useState('');

  const select = (next: Selection) => {
    if (!confirmDiscard('The persona you are editing has unsaved changes. Discard them?')) return;
    setSelection(next);
  };

  const list = personas.data ?? [];
  const selected =
    selection?.kind === 'edit'
      ? (list.find((p) => p.id === selection.id) ?? selection.saved)
      : undefined;

  return (
    <main className="page" id="main">
      <div className="page-head">
        <div>
          <h1>Personas</h1>
          <p className="lead">
            A persona describes a kind of customer. Its segment rule picks the customers that belong
            to it, so journey figures can be read for one persona at a time.
          </p>
        </div>
        {editable && (
          <div>
            <button
              type="button"
              className="button button-primary"
              onClick={() => select({ kind: 'new' })}
            >
              <Icon name="plus" /> New persona
            </button>
          </div>
        )}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>

      {personas.error && !personas.data ? (
        <ErrorState error={personas.error} onRetry={personas.reload} />
      ) : !personas.data ? (
        <LoadingState label="Loading personas…" />
      ) : (
        <div className="personas-layout">
          <nav aria-label="Personas">
            {list.length === 0 ? (
              <p className="empty">
                No personas yet.{editable ? ' Create one with “New persona”.' : ''}
              </p>
            ) : (
              <ul className="persona-list">
                {list.map((p) => (
                  <li key={p.id}>
                    <button
                      type="button"
                      className={`persona-item${selected?.id === p.id ? ' is-selected' : ''}`}
                      aria-current={selected?.id === p.id ? 'true' : undefined}
                      onClick={() => select({ kind: 'edit', id: p.id })}
                    >
                      <span className="persona-item-name">{p.name}</span>
                      <span className="persona-item-meta">
                        {p.segment.conditions.length === 0
                          ? 'All customers'
                          : `${p.segment.conditions.length} condition${p.segment.conditions.length === 1 ? '' : 's'}`}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </nav>
          <div>
            {selection?.kind === 'new' || selected ? (
              <PersonaEditor
                key={selected?.id ?? 'new'}
                persona={selected ?? null}
                editable={editable}
                onSaved={(saved, message) => {
                  setAnnouncement(message);
                  setSelection({ kind: 'edit', id: saved.id, saved });
                  personas.reload();
                }}
                onDeleted={(message) => {
                  setAnnouncement(message);
                  setSelection(null);
                  personas.reload();
                }}
                onClose={() => setSelection(null)}
              />
            ) : (
              <p className="empty persona-placeholder">
                {list.length > 0
                  ? `Choose a persona to ${editable ? 'edit it' : 'see its details'}.`
                  : ''}
              </p>
            )}
          </div>
        </div>
      )}
    </main>
  );
}

function PersonaEditor({
  persona,
  editable,
  onSaved,
  onDeleted,
  onClose,
}: {
  persona: Persona | null;
  editable: boolean;
  onSaved: (persona: Persona, message: string) => void;
  onDeleted: (message: string) => void;
  onClose: () => void;
}) {
  const [initial, setInitial] = useState(() => toDraft(persona));
  const [draft, setDraft] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const titleId = useId();
  const dirty = editable && JSON.stringify(draft) !== JSON.stringify(initial);
  useDirtyGuard(dirty);

  const count = useResource(
    persona ? `persona-count:${persona.id}:${persona.updatedAt}` : null,
    (signal) => countPersonaCustomers(persona?.id ?? '', signal),
  );

  const set = <K extends keyof PersonaDraft>(key: K, value: PersonaDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const setCondition = (index: number, patch: Partial<ConditionDraft>) =>
    set(
      'conditions',
      draft.conditions.map((c, i) => (i === index ? { ...c, ...patch } : c)),
    );

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found = draftProblems(draft);
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const body = draftToBody(draft);
      const saved = persona ? await updatePersona(persona.id, body) : await createPersona(body);
      // The saved draft is the new baseline, so the guard lets go before the list reloads.
      const next = toDraft(saved);
      setInitial(next);
      setDraft(next);
      setBusy(false);
      onSaved(saved, `Saved ${saved.name}.`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!persona) return;
    if (
      !window.confirm(
        `Delete the persona "${persona.name}"? Journeys that mention it keep the reference.`,
      )
    )
      return;
    setBusy(true);
    setError(null);
    try {
      await deletePersona(persona.id);
      setInitial(draft);
      onDeleted(`Deleted ${persona.name}.`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const requestClose = () => {
    if (dirty && !window.confirm('Discard the unsaved changes to this persona?')) return;
    onClose();
  };

  const valueDisabled = (op: Op) => NO_VALUE.includes(op);

  return (
    <form className="persona-editor" aria-labelledby={titleId} onSubmit={(e) => void save(e)}>
      <div className="persona-editor-head">
        <h2 id={titleId}>{persona ? persona.name : 'New persona'}</h2>
        {dirty && <span className="unsaved">Unsaved changes</span>}
        <button
          type="button"
          className="icon-button push-right"
          onClick={requestClose}
          title="Close"
        >
          <Icon name="close" />
          <span className="visually-hidden">Close</span>
        </button>
      </div>

      <div className="persona-count" role="status" aria-live="polite">
        {!persona ? (
          <span>The matching customers are counted once the persona is saved.</span>
        ) : count.error ? (
          <span>The matching customers could not be counted.</span>
        ) : count.data === undefined ? (
          <span>Counting matching customers…</span>
        ) : (
          <span>
            <strong className="persona-count-figure">{formatCount(count.data.customers)}</strong>{' '}
            {count.data.customers === 1 ? 'customer matches' : 'customers match'} the saved rule
            {dirty ? ' — save to count with your changes' : ''}.
          </span>
        )}
      </div>

      <fieldset className="plain-fieldset persona-fields" disabled={!editable || busy}>
        {!editable && (
          <p className="notice">You can read personas; changing them needs the editor role.</p>
        )}
        <label className="field">
          <span>Name</span>
          <input
            value={draft.name}
            maxLength={200}
            required
            onChange={(e) => set('name', e.target.value)}
          />
        </label>
        <label className="field">
          <span>Description</span>
          <textarea
            rows={3}
            value={draft.description}
            maxLength={5000}
            onChange={(e) => set('description', e.target.value)}
          />
        </label>
        <div className="field-row">
          <label className="field">
            <span>Goals</span>
            <textarea rows={4} value={draft.goals} onChange={(e) => set('goals', e.target.value)} />
            <small>One per line.</small>
          </label>
          <label className="field">
            <span>Frustrations</span>
            <textarea
              rows={4}
              value={draft.frustrations}
              onChange={(e) => set('frustrations', e.target.value)}
            />
            <small>One per line.</small>
          </label>
        </div>

        <fieldset className="field-group">
          <legend>Segment rule</legend>
          <p className="help">
            Which customers belong to this persona, judged on their current traits. Without
            conditions, every customer does. Values are compared as text; separate the values of “is
            one of” with commas.
          </p>
          <label className="field field-inline">
            <span>Customers match when</span>
            <select
              value={draft.match}
              onChange={(e) => set('match', e.target.value as PersonaDraft['match'])}
            >
              <option value="all">all conditions hold</option>
              <option value="any">any condition holds</option>
            </select>
          </label>
          <ol className="condition-list">
            {draft.conditions.map((c, index) => (
              // Conditions have no identity of their own but their place in the list.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={index} className="condition-row">
                <label className="field">
                  <span>Trait</span>
                  <input
                    value={c.trait}
                    maxLength={200}
                    placeholder="e.g. plan"
                    onChange={(e) => setCondition(index, { trait: e.target.value })}
                  />
                </label>
                <label className="field">
                  <span>Test</span>
                  <select
                    value={c.op}
                    onChange={(e) => setCondition(index, { op: e.target.value as Op })}
                  >
                    {OPS.map((o) => (
                      <option key={o.op} value={o.op}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>{LIST_VALUE.includes(c.op) ? 'Values (comma-separated)' : 'Value'}</span>
                  <input
                    value={valueDisabled(c.op) ? '' : c.value}
                    disabled={valueDisabled(c.op)}
                    maxLength={1000}
                    placeholder={
                      valueDisabled(c.op)
                        ? 'no value needed'
                        : LIST_VALUE.includes(c.op)
                          ? 'e.g. pro, team'
                          : 'e.g. pro'
                    }
                    onChange={(e) => setCondition(index, { value: e.target.value })}
                  />
                </label>
                {editable && (
                  <button
                    type="button"
                    className="icon-button icon-button-danger"
                    title="Remove condition"
                    onClick={() =>
                      set(
                        'conditions',
                        draft.conditions.filter((_, i) => i !== index),
                      )
                    }
                  >
                    <Icon name="trash" />
                    <span className="visually-hidden">Remove condition {index + 1}</span>
                  </button>
                )}
              </li>
            ))}
          </ol>
          {editable && (
            <button
              type="button"
              className="button button-small"
              onClick={() =>
                set('conditions', [...draft.conditions, { trait: '', op: 'eq', value: '' }])
              }
            >
              <Icon name="plus" /> Add condition
            </button>
          )}
        </fieldset>
      </fieldset>

      {problems.length > 0 && (
        <div className="inline-error" role="alert">
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <InlineError error={error} onDismiss={() => setError(null)} />

      {editable && (
        <div className="button-row">
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || (persona !== null && !dirty)}
          >
            {busy ? 'Saving…' : persona ? 'Save persona' : 'Create persona'}
          </button>
          {persona && (
            <button
              type="button"
              className="button button-danger push-right"
              onClick={() => void remove()}
              disabled={busy}
            >
              Delete persona
            </button>
          )}
        </div>
      )}
    </form>
  );
}
