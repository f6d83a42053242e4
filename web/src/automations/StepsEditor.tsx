import {
  createContext,
  type DragEvent,
  type ReactNode,
  useContext,
  useEffect,
  useRef,
  useState,
} from 'react';
import { Icon } from '../components/Icon.tsx';
import type { AutomationStepType, Member, Survey } from '../types.ts';
import { ConditionsEditor } from './ConditionsEditor.tsx';
import { DURATION_UNITS, describeStep, type Names, STEP_TYPES, stepNumber } from './describe.ts';
import type { DraftDefaults } from './draft.ts';
import {
  CheckboxField,
  NumberField,
  type OptionGroup,
  SelectField,
  TextAreaField,
  TextField,
} from './fields.tsx';
import { insertPlaceholder, placeholderGroups } from './placeholders.ts';
import {
  type BranchDraft,
  insertStep,
  listAt,
  moveStep,
  newStep,
  nudgeStep,
  pathIn,
  removeStep,
  type StepDraft,
  splitPath,
  updateStep,
} from './step-tree.ts';

/** The drag payload type, so that drops of anything else (files, text) are ignored. */
const STEP_DRAG_TYPE = 'application/x-waymark-step';

/** What every step of the tree needs: the lists to pick from and the tree's own operations. */
interface TreeContext {
  editable: boolean;
  names: Names;
  touchpoints: OptionGroup[];
  journeys: Array<{ value: string; label: string }>;
  surveys: Survey[];
  members: Member[];
  defaults: DraftDefaults;
  traitKeys: string[];
  propertyKeys: string[];
  webhookSecret: ReactNode;
  steps: StepDraft[];
  change: (next: StepDraft[], announce?: string, focus?: FocusRequest) => void;
  dragging: string | null;
  setDragging: (path: string | null) => void;
  focus: FocusRequest | null;
  focusHandled: () => void;
}

interface FocusRequest {
  key: string;
  control: string;
}

const Tree = createContext<TreeContext | null>(null);
const useTree = () => {
  const ctx = useContext(Tree);
  if (!ctx) throw new Error('step editor outside <StepsEditor>');
  return ctx;
};

/**
 * The steps as an editable tree: waits, if/else branches with their own step lists, emails,
 * webhooks, tasks, survey invitations, traits and tags. Steps are added at the end of any list,
 * removed, and reordered with the move buttons (keyboard: up and down, out of a branch at its
 * ends) or by dragging a step by its grip to any list.
 */
export function StepsEditor(
  props: Omit<TreeContext, 'change' | 'dragging' | 'setDragging' | 'focus' | 'focusHandled'> & {
    onChange: (next: StepDraft[]) => void;
  },
) {
  const [dragging, setDragging] = useState<string | null>(null);
  const [focus, setFocus] = useState<FocusRequest | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const { onChange, ...rest } = props;
  const ctx: TreeContext = {
    ...rest,
    dragging,
    setDragging,
    focus,
    focusHandled: () => setFocus(null),
    change: (next, announce, focusRequest) => {
      onChange(next);
      if (announce) setAnnouncement(announce);
      if (focusRequest) setFocus(focusRequest);
    },
  };
  return (
    <Tree.Provider value={ctx}>
      <section className="field-group auto-steps" aria-labelledby="auto-steps-title">
        <h2 id="auto-steps-title" className="auto-section-title">
          Steps
        </h2>
        <p className="help">
          Run one after the other for each customer. A branch runs its “yes” or “otherwise” steps,
          then goes on after it.
        </p>
        <StepList list="" label="the steps" />
        <p className="visually-hidden" aria-live="polite">
          {announcement}
        </p>
      </section>
    </Tree.Provider>
  );
}

/** The index a drop at `clientY` gives in a list, counting its items above the pointer. */
function dropIndex(listEl: HTMLElement, clientY: number): number {
  let index = 0;
  for (const item of listEl.querySelectorAll<HTMLElement>(':scope > li[data-step-path]')) {
    const rect = item.getBoundingClientRect();
    if (clientY > rect.top + rect.height / 2) index += 1;
  }
  return index;
}

function StepList({ list, label }: { list: string; label: string }) {
  const ctx = useTree();
  const items = listAt(ctx.steps, list) ?? [];
  const [dropAt, setDropAt] = useState<number | null>(null);
  const [adding, setAdding] = useState<AutomationStepType>('email');

  const onDragOver = (event: DragEvent<HTMLOListElement>) => {
    if (!ctx.dragging || !event.dataTransfer.types.includes(STEP_DRAG_TYPE)) return;
    // The innermost list under the pointer takes the drop.
    event.stopPropagation();
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    const at = dropIndex(event.currentTarget, event.clientY);
    if (at !== dropAt) setDropAt(at);
  };
  const onDrop = (event: DragEvent<HTMLOListElement>) => {
    if (!ctx.dragging) return;
    event.stopPropagation();
    event.preventDefault();
    const from = ctx.dragging;
    const moved = moveStep(ctx.steps, from, list, dropIndex(event.currentTarget, event.clientY));
    ctx.setDragging(null);
    setDropAt(null);
    if (moved)
      ctx.change(moved.steps, `Moved step ${stepNumber(from)} to ${stepNumber(moved.path)}.`);
  };

  const add = () => {
    const step = newStep(adding, ctx.defaults);
    ctx.change(
      insertStep(ctx.steps, list, items.length, step),
      `Added step ${stepNumber(pathIn(list, items.length))}.`,
      { key: step.key, control: 'heading' },
    );
  };

  return (
    <div className="auto-step-list-wrap">
      <ol
        className={`auto-step-list${dropAt !== null && dropAt >= items.length ? ' drop-at-end' : ''}`}
        aria-label={label}
        onDragOver={onDragOver}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropAt(null);
        }}
        onDrop={onDrop}
      >
        {items.map((step, index) => (
          <StepItem
            key={step.key}
            step={step}
            path={pathIn(list, index)}
            count={items.length}
            dropBefore={dropAt === index}
          />
        ))}
      </ol>
      {items.length === 0 && <p className="empty">No steps{list ? ' here' : ' yet'}.</p>}
      {ctx.editable && (
        <div className="auto-add-step">
          <label className="visually-hidden" htmlFor={`add-${list || 'top'}`}>
            Kind of step to add to {label}
          </label>
          <select
            id={`add-${list || 'top'}`}
            value={adding}
            onChange={(e) => setAdding(e.target.value as AutomationStepType)}
          >
            {STEP_TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
          <button type="button" className="button button-small" onClick={add}>
            <Icon name="plus" /> Add step<span className="visually-hidden"> to {label}</span>
          </button>
        </div>
      )}
    </div>
  );
}

function StepItem({
  step,
  path,
  count,
  dropBefore,
}: {
  step: StepDraft;
  path: string;
  count: number;
  dropBefore: boolean;
}) {
  const ctx = useTree();
  const item = useRef<HTMLLIElement>(null);
  const [grabbed, setGrabbed] = useState(false);
  const { list, index } = splitPath(path);
  const number = stepNumber(path);
  const heading = describeStep(step, ctx.names);
  const up = nudgeStep(ctx.steps, path, 'up');
  const down = nudgeStep(ctx.steps, path, 'down');
  const focus = ctx.focus?.key === step.key ? ctx.focus : null;
  const { focusHandled } = ctx;

  // After a keyboard move the step is drawn anew elsewhere: give the focus back to the button
  // that moved it (or to the step's heading when that button is now disabled).
  useEffect(() => {
    if (!focus || !item.current) return;
    const button = item.current.querySelector<HTMLButtonElement>(
      `:scope > .auto-step-head [data-control="${focus.control}"]`,
    );
    const target =
      button && !button.disabled
        ? button
        : item.current.querySelector<HTMLElement>(':scope > .auto-step-head h3');
    target?.focus();
    focusHandled();
  }, [focus, focusHandled]);

  const nudge = (direction: 'up' | 'down') => {
    const moved = direction === 'up' ? up : down;
    if (!moved) return;
    ctx.change(moved.steps, `Moved step ${number} to ${stepNumber(moved.path)}.`, {
      key: step.key,
      control: direction,
    });
  };
  const remove = () => {
    if (step.type === 'branch' && step.yes.length + step.no.length > 0) {
      if (!window.confirm(`Remove step ${number} and the steps inside it?`)) return;
    }
    ctx.change(removeStep(ctx.steps, path), `Removed step ${number}.`);
  };
  const update = (next: StepDraft) => ctx.change(updateStep(ctx.steps, path, () => next));

  return (
    <li
      ref={item}
      className={`auto-step auto-step-${step.type}${dropBefore ? ' drop-before' : ''}${ctx.dragging === path ? ' is-dragging' : ''}`}
      data-step-path={path}
      data-path={`steps.${path}`}
      draggable={ctx.editable && grabbed}
      onDragStart={(event) => {
        event.stopPropagation();
        event.dataTransfer.setData(STEP_DRAG_TYPE, path);
        event.dataTransfer.setData('text/plain', heading);
        event.dataTransfer.effectAllowed = 'move';
        ctx.setDragging(path);
      }}
      onDragEnd={() => {
        setGrabbed(false);
        ctx.setDragging(null);
      }}
    >
      <div className="auto-step-head">
        {ctx.editable && (
          <span
            className="tp-grip auto-grip"
            aria-hidden="true"
            title="Drag to move"
            onMouseDown={() => setGrabbed(true)}
            onMouseUp={() => setGrabbed(false)}
          >
            <Icon name="grip" />
          </span>
        )}
        <h3 tabIndex={-1}>
          <span className="auto-step-number">{number}</span> {heading}
        </h3>
        {ctx.editable && (
          <fieldset className="tp-move auto-step-tools">
            <legend className="visually-hidden">Step {number}</legend>
            <button
              type="button"
              className="icon-button"
              data-control="up"
              disabled={!up}
              title={index === 0 && list ? 'Move out of the branch, before it' : 'Move up'}
              onClick={() => nudge('up')}
            >
              <Icon name="up" />
              <span className="visually-hidden">Move step {number} up</span>
            </button>
            <button
              type="button"
              className="icon-button"
              data-control="down"
              disabled={!down}
              title={index === count - 1 && list ? 'Move out of the branch, after it' : 'Move down'}
              onClick={() => nudge('down')}
            >
              <Icon name="down" />
              <span className="visually-hidden">Move step {number} down</span>
            </button>
            <button
              type="button"
              className="icon-button icon-button-danger"
              data-control="remove"
              title="Remove step"
              onClick={remove}
            >
              <Icon name="trash" />
              <span className="visually-hidden">Remove step {number}</span>
            </button>
          </fieldset>
        )}
      </div>
      <StepFields step={step} path={`steps.${path}`} treePath={path} onChange={update} />
    </li>
  );
}

/** The fields of one step; `path` is its API path (`steps.2.yes.0`). */
function StepFields({
  step,
  path,
  treePath,
  onChange,
}: {
  step: StepDraft;
  path: string;
  treePath: string;
  onChange: (next: StepDraft) => void;
}) {
  const ctx = useTree();
  // The template field the placeholder helper writes into: the last one focused in this step.
  const target = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null);
  const track = (el: HTMLInputElement | HTMLTextAreaElement) => {
    target.current = el;
  };
  const helper = (fields: Record<string, (text: string) => void>) => (
    <PlaceholderHelper
      traits={ctx.traitKeys}
      properties={ctx.propertyKeys}
      onPick={(placeholder) => {
        const el = target.current;
        const field = el?.dataset.template;
        const write = field ? fields[field] : Object.values(fields)[0];
        if (!write) return;
        const { text, cursor } = insertPlaceholder(
          el && field ? el.value : '',
          placeholder,
          el && field ? (el.selectionStart ?? el.value.length) : 0,
        );
        write(text);
        if (el && field) {
          requestAnimationFrame(() => {
            el.focus();
            el.setSelectionRange(cursor, cursor);
          });
        }
      }}
    />
  );
  /** Marks the focused element with the template it holds, then remembers it. */
  const focusOf = (name: string) => (el: HTMLInputElement | HTMLTextAreaElement) => {
    el.dataset.template = name;
    track(el);
  };

  switch (step.type) {
    case 'wait':
      return (
        <div className="auto-fields">
          <CheckboxField
            label="For a time"
            path={`${path}.duration`}
            checked={step.duration !== undefined}
            onChange={(on) =>
              onChange({ ...step, duration: on ? { amount: 1, unit: 'days' } : undefined })
            }
          />
          {step.duration && (
            <>
              <NumberField
                label="How long"
                path={`${path}.duration.amount`}
                value={step.duration.amount}
                min={1}
                onChange={(amount) =>
                  onChange({ ...step, duration: { ...step.duration!, amount } })
                }
              />
              <SelectField
                label="Unit"
                path={`${path}.duration.unit`}
                value={step.duration.unit}
                onChange={(unit) =>
                  onChange({
                    ...step,
                    duration: { ...step.duration!, unit: unit as (typeof DURATION_UNITS)[number] },
                  })
                }
                options={DURATION_UNITS.map((u) => ({ value: u, label: u }))}
              />
            </>
          )}
          <TextField
            label="Then until (time of day, optional)"
            path={`${path}.untilTime`}
            type="time"
            value={step.untilTime ?? ''}
            onChange={(v) => onChange({ ...step, untilTime: v || undefined })}
          />
          <CheckboxField
            label="Then until business hours"
            path={`${path}.businessHours`}
            checked={step.businessHours === true}
            onChange={(on) => onChange({ ...step, businessHours: on || undefined })}
          />
        </div>
      );
    case 'branch':
      return <BranchFields step={step} path={path} treePath={treePath} onChange={onChange} />;
    case 'email':
      return (
        <div className="auto-fields auto-fields-wide">
          <TextField
            label="To (optional)"
            path={`${path}.to`}
            value={step.to ?? ''}
            placeholder="the customer's email"
            onChange={(v) => onChange({ ...step, to: v || undefined })}
            onFocusField={focusOf('to')}
          />
          <TextField
            label="Subject"
            path={`${path}.subject`}
            value={step.subject}
            onChange={(subject) => onChange({ ...step, subject })}
            onFocusField={focusOf('subject')}
          />
          <TextAreaField
            label="Plain text"
            path={`${path}.text`}
            value={step.text}
            rows={5}
            hint="An unsubscribe link is added below the text."
            onChange={(text) => onChange({ ...step, text })}
            onFocusField={focusOf('text')}
          />
          <TextAreaField
            label="HTML (optional)"
            path={`${path}.html`}
            value={step.html ?? ''}
            rows={4}
            hint="Values are HTML-escaped where they are inserted."
            onChange={(v) => onChange({ ...step, html: v || undefined })}
            onFocusField={focusOf('html')}
          />
          {helper({
            subject: (subject) => onChange({ ...step, subject }),
            text: (text) => onChange({ ...step, text }),
            to: (to) => onChange({ ...step, to }),
            html: (html) => onChange({ ...step, html }),
          })}
        </div>
      );
    case 'webhook':
      return (
        <div className="auto-fields auto-fields-wide">
          <TextField
            label="URL"
            path={`${path}.url`}
            value={step.url}
            placeholder="https://example.com/hooks/waymark"
            onChange={(url) => onChange({ ...step, url })}
          />
          <TextAreaField
            label="JSON body (optional)"
            path={`${path}.body`}
            value={step.bodyText}
            rows={5}
            hint="Strings are templates; a string that is exactly one {{path}} takes the value as it is. Without one, the automation, run, customer (with traits) and event are sent."
            onChange={(bodyText) => onChange({ ...step, bodyText })}
            onFocusField={focusOf('body')}
          />
          {helper({ body: (bodyText) => onChange({ ...step, bodyText }) })}
          <div className="auto-secret">{ctx.webhookSecret}</div>
        </div>
      );
    case 'task':
      return (
        <div className="auto-fields auto-fields-wide">
          <SelectField
            label="On touchpoint"
            path={`${path}.touchpointId`}
            value={step.touchpointId}
            onChange={(touchpointId) => onChange({ ...step, touchpointId })}
            groups={ctx.touchpoints}
          />
          <TextField
            label="Task title"
            path={`${path}.title`}
            value={step.title}
            onChange={(title) => onChange({ ...step, title })}
            onFocusField={focusOf('title')}
          />
          <TextAreaField
            label="Description (optional)"
            path={`${path}.description`}
            value={step.description ?? ''}
            rows={3}
            onChange={(v) => onChange({ ...step, description: v || undefined })}
            onFocusField={focusOf('description')}
          />
          <SelectField
            label="Owner"
            path={`${path}.ownerId`}
            value={step.ownerId ?? ''}
            empty="Nobody yet"
            onChange={(id) => onChange({ ...step, ownerId: id || null })}
            options={ctx.members.map((m) => ({ value: m.userId, label: m.name || m.email }))}
          />
          <NumberField
            label="Due in (days, optional)"
            path={`${path}.dueInDays`}
            value={step.dueInDays ?? undefined}
            min={0}
            max={365}
            onChange={(n) => onChange({ ...step, dueInDays: Number.isNaN(n) ? null : n })}
          />
          {helper({
            title: (title) => onChange({ ...step, title }),
            description: (description) => onChange({ ...step, description }),
          })}
        </div>
      );
    case 'survey':
      return (
        <div className="auto-fields auto-fields-wide">
          <SelectField
            label="Survey"
            path={`${path}.surveyId`}
            value={step.surveyId}
            onChange={(surveyId) => onChange({ ...step, surveyId })}
            options={ctx.surveys.map((s) => ({ value: s.id, label: `${s.name} (${s.kind})` }))}
          />
          <TextField
            label="Subject"
            path={`${path}.subject`}
            value={step.subject}
            onChange={(subject) => onChange({ ...step, subject })}
            onFocusField={focusOf('subject')}
          />
          <TextAreaField
            label="Introduction (optional)"
            path={`${path}.text`}
            value={step.text ?? ''}
            rows={3}
            onChange={(v) => onChange({ ...step, text: v || undefined })}
            onFocusField={focusOf('text')}
          />
          <NumberField
            label="Link valid for (days)"
            path={`${path}.ttlDays`}
            value={step.ttlDays}
            min={1}
            max={90}
            onChange={(n) => onChange({ ...step, ttlDays: Number.isNaN(n) ? undefined : n })}
          />
          {helper({
            subject: (subject) => onChange({ ...step, subject }),
            text: (text) => onChange({ ...step, text }),
          })}
        </div>
      );
    case 'set_trait': {
      const kind =
        step.value === null
          ? 'null'
          : typeof step.value === 'boolean'
            ? String(step.value)
            : typeof step.value === 'number'
              ? 'number'
              : 'text';
      return (
        <div className="auto-fields">
          <TextField
            label="Trait"
            path={`${path}.trait`}
            value={step.trait}
            placeholder="followed_up"
            onChange={(trait) => onChange({ ...step, trait })}
          />
          <SelectField
            label="Value is"
            path={`${path}.valueKind`}
            exact
            value={kind}
            onChange={(k) =>
              onChange({
                ...step,
                value:
                  k === 'null'
                    ? null
                    : k === 'true'
                      ? true
                      : k === 'false'
                        ? false
                        : k === 'number'
                          ? 0
                          : '',
              })
            }
            options={[
              { value: 'text', label: 'text (a template)' },
              { value: 'number', label: 'a number' },
              { value: 'true', label: 'true' },
              { value: 'false', label: 'false' },
              { value: 'null', label: 'empty (null)' },
            ]}
          />
          {kind === 'text' && (
            <TextField
              label="Value"
              path={`${path}.value`}
              value={String(step.value)}
              onChange={(value) => onChange({ ...step, value })}
              onFocusField={focusOf('value')}
            />
          )}
          {kind === 'number' && (
            <NumberField
              label="Value"
              path={`${path}.value`}
              value={step.value as number}
              onChange={(value) => onChange({ ...step, value })}
            />
          )}
          {kind === 'text' && helper({ value: (value) => onChange({ ...step, value }) })}
        </div>
      );
    }
    case 'add_tag':
      return (
        <div className="auto-fields">
          <TextField
            label="Tag"
            path={`${path}.tag`}
            value={step.tag}
            placeholder="vip"
            onChange={(tag) => onChange({ ...step, tag })}
          />
        </div>
      );
  }
}

function BranchFields({
  step,
  path,
  treePath,
  onChange,
}: {
  step: BranchDraft;
  path: string;
  treePath: string;
  onChange: (next: StepDraft) => void;
}) {
  const ctx = useTree();
  const number = stepNumber(treePath);
  return (
    <div className="auto-branch">
      <ConditionsEditor
        path={`${path}.if`}
        legend={`If (step ${number})`}
        value={step.if}
        onChange={(next) => onChange({ ...step, if: next })}
        editable={ctx.editable}
        touchpoints={ctx.touchpoints}
        journeys={ctx.journeys}
        defaults={ctx.defaults}
      />
      <div className="auto-branch-side" data-path={`${path}.yes`}>
        <h4>Yes: then</h4>
        <StepList list={`${treePath}.yes`} label={`the yes steps of step ${number}`} />
      </div>
      <div className="auto-branch-side" data-path={`${path}.no`}>
        <h4>Otherwise</h4>
        <StepList list={`${treePath}.no`} label={`the otherwise steps of step ${number}`} />
      </div>
    </div>
  );
}

/**
 * The placeholders a template can use, as buttons: a click writes `{{path}}` at the cursor of the
 * step's last focused template field (the focus stays there).
 */
function PlaceholderHelper({
  traits,
  properties,
  onPick,
}: {
  traits: string[];
  properties: string[];
  onPick: (path: string) => void;
}) {
  const ctx = useTree();
  if (!ctx.editable) return null;
  return (
    <details className="auto-placeholders">
      <summary>Placeholders</summary>
      <p className="help">
        Click one to insert it where the cursor is. A value that is missing is left empty.
      </p>
      {placeholderGroups(traits, properties).map((g) => (
        <div key={g.label} className="auto-placeholder-group">
          <span className="auto-placeholder-label">{g.label}</span>
          <ul>
            {g.items.map((item) => (
              <li key={item}>
                <button
                  type="button"
                  className="auto-placeholder"
                  // Keep the focus (and the cursor) in the field being written.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => onPick(item)}
                >
                  {`{{${item}}}`}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </details>
  );
}
