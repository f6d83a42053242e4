import { useContext } from 'react';
import { Icon } from '../components/Icon.tsx';
import { FieldError, FieldErrorsContext, useFieldProps } from './field-errors.tsx';
import {
  type FollowUpDraft,
  LIMITS,
  QUESTION_TYPE_LABELS,
  QUESTION_TYPES,
  type QuestionDraft,
  type QuestionType,
} from './survey-draft.ts';
import { otherErrors } from './validate-survey.ts';

/** Move up, move down and remove, with names that say which item they act on. */
function ItemTools({
  what,
  index,
  count,
  onMove,
  onRemove,
}: {
  what: string;
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  return (
    <div className="item-tools">
      <button
        type="button"
        className="icon-button"
        title="Move up"
        disabled={index === 0}
        onClick={() => onMove(index - 1)}
      >
        <Icon name="up" />
        <span className="visually-hidden">Move {what} up</span>
      </button>
      <button
        type="button"
        className="icon-button"
        title="Move down"
        disabled={index === count - 1}
        onClick={() => onMove(index + 1)}
      >
        <Icon name="down" />
        <span className="visually-hidden">Move {what} down</span>
      </button>
      <button
        type="button"
        className="icon-button icon-button-danger"
        title="Remove"
        onClick={onRemove}
      >
        <Icon name="trash" />
        <span className="visually-hidden">Remove {what}</span>
      </button>
    </div>
  );
}

/** One question of the survey: its type, words, answer id, and the type's own fields. */
export function QuestionEditor({
  question: q,
  index,
  count,
  primary,
  onChange,
  onMove,
  onRemove,
}: {
  question: QuestionDraft;
  index: number;
  count: number;
  /** The survey's score: its first rating question. */
  primary: boolean;
  onChange: (next: QuestionDraft) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { errors } = useContext(FieldErrorsContext);
  const at = `questions.${index}`;
  const what = `question ${index + 1}`;
  const set = <K extends keyof QuestionDraft>(k: K, v: QuestionDraft[K]) =>
    onChange({ ...q, [k]: v });
  const shown = [
    `${at}.id`,
    `${at}.text`,
    `${at}.type`,
    `${at}.required`,
    `${at}.min`,
    `${at}.max`,
    `${at}.minLabel`,
    `${at}.maxLabel`,
    `${at}.options`,
  ];
  const rest = otherErrors(errors, at, shown);
  const textProps = useFieldProps(`${at}.text`);
  const idProps = useFieldProps(`${at}.id`);
  const scaleProps = useFieldProps(`${at}.min`, `${at}.max`);
  const minLabelProps = useFieldProps(`${at}.minLabel`);
  const maxLabelProps = useFieldProps(`${at}.maxLabel`);
  const requiredProps = useFieldProps(`${at}.required`);

  return (
    <fieldset className="field-group question-card" data-testid={`question-${index}`}>
      <legend>
        Question {index + 1}
        {primary && <span className="chip">The score</span>}
      </legend>
      <ItemTools what={what} index={index} count={count} onMove={onMove} onRemove={onRemove} />
      <div className="field-row">
        <label className="field">
          <span>Type</span>
          <select value={q.type} onChange={(e) => set('type', e.target.value as QuestionType)}>
            {QUESTION_TYPES.map((t) => (
              <option key={t} value={t}>
                {QUESTION_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Answer id</span>
          <input
            value={q.id}
            maxLength={40}
            spellCheck={false}
            onChange={(e) => set('id', e.target.value)}
            {...idProps}
          />
          <FieldError paths={[`${at}.id`]} />
        </label>
      </div>
      <label className="field">
        <span>Question</span>
        <input
          value={q.text}
          maxLength={LIMITS.text}
          onChange={(e) => set('text', e.target.value)}
          {...textProps}
        />
        <FieldError paths={[`${at}.text`]} />
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={q.required}
          onChange={(e) => set('required', e.target.checked)}
          {...requiredProps}
        />
        An answer is required
      </label>
      <FieldError paths={[`${at}.required`]} />

      {q.type === 'rating' && (
        <>
          <fieldset className="plain-fieldset scale-fields">
            <legend className="field-legend">Scale</legend>
            <div className="field-row">
              <label className="field">
                <span>From</span>
                <input
                  type="number"
                  min={LIMITS.scaleMin}
                  max={LIMITS.scaleMax}
                  step={1}
                  value={q.min}
                  onChange={(e) => set('min', e.target.value)}
                  {...scaleProps}
                />
              </label>
              <label className="field">
                <span>To</span>
                <input
                  type="number"
                  min={1}
                  max={LIMITS.scaleMax}
                  step={1}
                  value={q.max}
                  onChange={(e) => set('max', e.target.value)}
                  {...scaleProps}
                />
              </label>
            </div>
            <FieldError paths={[`${at}.min`, `${at}.max`]} />
          </fieldset>
          <div className="field-row">
            <label className="field">
              <span>Label of the lowest</span>
              <input
                value={q.minLabel}
                maxLength={LIMITS.label}
                onChange={(e) => set('minLabel', e.target.value)}
                {...minLabelProps}
              />
              <FieldError paths={[`${at}.minLabel`]} />
            </label>
            <label className="field">
              <span>Label of the highest</span>
              <input
                value={q.maxLabel}
                maxLength={LIMITS.label}
                onChange={(e) => set('maxLabel', e.target.value)}
                {...maxLabelProps}
              />
              <FieldError paths={[`${at}.maxLabel`]} />
            </label>
          </div>
        </>
      )}

      {(q.type === 'single_choice' || q.type === 'multiple_choice') && (
        <fieldset className="plain-fieldset option-fields">
          <legend className="field-legend">Options</legend>
          {q.options.map((o, k) => (
            <OptionRow
              // biome-ignore lint/suspicious/noArrayIndexKey: options are plain strings; the row is its position
              key={k}
              path={`${at}.options.${k}`}
              label={`Option ${k + 1} of ${what}`}
              value={o}
              removable={q.options.length > LIMITS.minOptions}
              onChange={(v) =>
                set(
                  'options',
                  q.options.map((x, j) => (j === k ? v : x)),
                )
              }
              onRemove={() =>
                set(
                  'options',
                  q.options.filter((_, j) => j !== k),
                )
              }
            />
          ))}
          <FieldError paths={[`${at}.options`]} />
          {q.options.length < LIMITS.maxOptions && (
            <button
              type="button"
              className="button button-small"
              onClick={() => set('options', [...q.options, ''])}
            >
              Add option<span className="visually-hidden"> to {what}</span>
            </button>
          )}
        </fieldset>
      )}
      {rest.map((m) => (
        <span key={m} className="field-error">
          {m}
        </span>
      ))}
    </fieldset>
  );
}

function OptionRow({
  path,
  label,
  value,
  removable,
  onChange,
  onRemove,
}: {
  path: string;
  label: string;
  value: string;
  removable: boolean;
  onChange: (v: string) => void;
  onRemove: () => void;
}) {
  const props = useFieldProps(path);
  return (
    <div className="option-row">
      <input
        aria-label={label}
        value={value}
        maxLength={LIMITS.option}
        onChange={(e) => onChange(e.target.value)}
        {...props}
      />
      {removable && (
        <button
          type="button"
          className="icon-button icon-button-danger"
          title="Remove"
          onClick={onRemove}
        >
          <Icon name="close" />
          <span className="visually-hidden">Remove {label.toLowerCase()}</span>
        </button>
      )}
      <FieldError paths={[path]} />
    </div>
  );
}

/** One follow-up: a free-text question asked when the score falls in its band. */
export function FollowUpEditor({
  followUp: f,
  index,
  count,
  scale,
  onChange,
  onMove,
  onRemove,
}: {
  followUp: FollowUpDraft;
  index: number;
  count: number;
  /** The score's scale, to say what the band may be; null without a rating question. */
  scale: [number, number] | null;
  onChange: (next: FollowUpDraft) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { errors } = useContext(FieldErrorsContext);
  const at = `followUps.${index}`;
  const what = `follow-up ${index + 1}`;
  const set = <K extends keyof FollowUpDraft>(k: K, v: FollowUpDraft[K]) =>
    onChange({ ...f, [k]: v });
  const rest = otherErrors(errors, at, [
    `${at}.id`,
    `${at}.text`,
    `${at}.minScore`,
    `${at}.maxScore`,
  ]);
  const bandProps = useFieldProps(`${at}.minScore`, `${at}.maxScore`);
  const textProps = useFieldProps(`${at}.text`);
  const idProps = useFieldProps(`${at}.id`);
  const min = scale?.[0] ?? LIMITS.scaleMin;
  const max = scale?.[1] ?? LIMITS.scaleMax;
  return (
    <fieldset className="field-group question-card" data-testid={`follow-up-${index}`}>
      <legend>Follow-up {index + 1}</legend>
      <ItemTools what={what} index={index} count={count} onMove={onMove} onRemove={onRemove} />
      <div className="field-row">
        <label className="field">
          <span>When the score is from</span>
          <input
            type="number"
            min={min}
            max={max}
            step={1}
            value={f.minScore}
            onChange={(e) => set('minScore', e.target.value)}
            {...bandProps}
          />
        </label>
        <label className="field">
          <span>to</span>
          <input
            type="number"
            min={min}
            max={max}
            step={1}
            value={f.maxScore}
            onChange={(e) => set('maxScore', e.target.value)}
            {...bandProps}
          />
        </label>
      </div>
      <FieldError paths={[`${at}.minScore`, `${at}.maxScore`]} />
      <label className="field">
        <span>Ask</span>
        <input
          value={f.text}
          maxLength={LIMITS.text}
          onChange={(e) => set('text', e.target.value)}
          {...textProps}
        />
        <FieldError paths={[`${at}.text`]} />
      </label>
      <label className="field">
        <span>Answer id</span>
        <input
          value={f.id}
          maxLength={40}
          spellCheck={false}
          onChange={(e) => set('id', e.target.value)}
          {...idProps}
        />
        <FieldError paths={[`${at}.id`]} />
      </label>
      {rest.map((m) => (
        <span key={m} className="field-error">
          {m}
        </span>
      ))}
    </fieldset>
  );
}
