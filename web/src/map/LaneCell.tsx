import { type KeyboardEvent, useState } from 'react';
import { Icon } from '../components/Icon.tsx';
import { useDirtyGuard } from '../lib/dirty.ts';
import type { Stage } from '../types.ts';

type TextLane = 'actions' | 'thoughts' | 'painPoints' | 'opportunities';

/**
 * One stage's notes in one lane. Editing turns the list into a text box, one note per line;
 * Ctrl+Enter saves, Escape cancels.
 */
export function LaneCell({
  lane,
  laneLabel,
  stage,
  editable,
  onSave,
}: {
  lane: TextLane;
  laneLabel: string;
  stage: Stage;
  editable: boolean;
  onSave: (items: string[]) => Promise<boolean>;
}) {
  const items = stage.lanes[lane];
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const original = items.join('\n');
  useDirtyGuard(editing && text !== original);

  const start = () => {
    setText(original);
    setEditing(true);
  };

  const cancel = () => {
    if (text !== original && !window.confirm('Discard your changes to these notes?')) return;
    setEditing(false);
  };

  const save = async () => {
    const next = text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    setBusy(true);
    const ok = await onSave(next);
    setBusy(false);
    if (ok) setEditing(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    }
  };

  const label = `${laneLabel} in ${stage.name}`;
  if (editing) {
    return (
      <div className={`map-cell lane-text lane-${lane} is-editing`}>
        <label className="visually-hidden" htmlFor={`${lane}-${stage.id}`}>
          {label}, one per line
        </label>
        <textarea
          id={`${lane}-${stage.id}`}
          value={text}
          rows={Math.max(4, text.split('\n').length + 1)}
          disabled={busy}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          // biome-ignore lint/a11y/noAutofocus: the box appears because the person asked for it
          autoFocus
        />
        <p className="lane-edit-hint">One per line · Ctrl+Enter saves</p>
        <div className="button-row">
          <button
            type="button"
            className="button button-primary button-small"
            disabled={busy}
            onClick={() => void save()}
          >
            Save
          </button>
          <button type="button" className="button button-quiet button-small" onClick={cancel}>
            Cancel
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className={`map-cell lane-text lane-${lane}`}>
      {items.length > 0 ? (
        <ul className="lane-items" aria-label={label}>
          {items.map((item, i) => (
            // Notes may repeat; their place is their identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={i}>{item}</li>
          ))}
        </ul>
      ) : (
        <p className="lane-empty">{editable ? '' : '—'}</p>
      )}
      {editable && (
        <button
          type="button"
          className="lane-edit"
          onClick={start}
          title={`Edit ${laneLabel.toLowerCase()}`}
        >
          <Icon name={items.length > 0 ? 'edit' : 'plus'} />
          <span className="visually-hidden">Edit {label}</span>
          {items.length === 0 && <span aria-hidden="true">Add</span>}
        </button>
      )}
    </div>
  );
}
