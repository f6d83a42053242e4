import { type FormEvent, useState } from 'react';
import { Icon } from '../components/Icon.tsx';
import { useDirtyGuard } from '../lib/dirty.ts';

/** The last column of the map: a button that becomes a name field for a new stage. */
export function AddStage({ onAdd }: { onAdd: (name: string) => Promise<boolean> }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  useDirtyGuard(open && name.trim() !== '');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    setBusy(true);
    const ok = await onAdd(trimmed);
    setBusy(false);
    if (ok) {
      setName('');
      setOpen(false);
    }
  };

  return (
    <div className="map-cell add-stage">
      {open ? (
        <form onSubmit={(e) => void submit(e)} className="add-stage-form">
          <label className="field">
            <span>New stage</span>
            <input
              value={name}
              maxLength={200}
              placeholder="e.g. Renewal"
              onChange={(e) => setName(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  setName('');
                  setOpen(false);
                }
              }}
              // biome-ignore lint/a11y/noAutofocus: the field appears because the person asked for it
              autoFocus
            />
          </label>
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy || !name.trim()}>
              Add
            </button>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                setName('');
                setOpen(false);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          className="add-stage-button"
          onClick={() => setOpen(true)}
          title="Add a stage"
        >
          <Icon name="plus" size={20} />
          <span className="visually-hidden">Add a stage</span>
        </button>
      )}
    </div>
  );
}
