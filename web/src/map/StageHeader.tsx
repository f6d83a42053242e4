import { type FormEvent, useState } from 'react';
import { Icon } from '../components/Icon.tsx';
import { useDirtyGuard } from '../lib/dirty.ts';
import { formatCount, formatRate } from '../lib/format.ts';
import type { Stage, StageFunnelStep } from '../types.ts';
import type { StageActions } from './MapGrid.tsx';

export function StageHeader({
  stage,
  index,
  count,
  funnel,
  touchpointCount,
  editable,
  actions,
}: {
  stage: Stage;
  index: number;
  count: number;
  funnel: StageFunnelStep | undefined;
  touchpointCount: number;
  editable: boolean;
  actions: StageActions;
}) {
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(stage.name);
  const [busy, setBusy] = useState(false);
  useDirtyGuard(renaming && name.trim() !== stage.name);

  const startRename = () => {
    setName(stage.name);
    setRenaming(true);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || trimmed === stage.name) {
      setRenaming(false);
      return;
    }
    setBusy(true);
    const ok = await actions.rename(stage.id, trimmed);
    setBusy(false);
    if (ok) setRenaming(false);
  };

  const remove = () => {
    if (touchpointCount > 0) {
      window.alert(
        `"${stage.name}" still holds ${touchpointCount} touchpoint${touchpointCount === 1 ? '' : 's'}. Move or delete them before deleting the stage.`,
      );
      return;
    }
    if (window.confirm(`Delete the stage "${stage.name}" and its lane notes?`)) {
      void actions.remove(stage.id, stage.name);
    }
  };

  return (
    <div className="map-cell stage-head">
      <div className="stage-head-top">
        <span className="stage-number" aria-hidden="true">
          {index + 1}
        </span>
        {renaming ? (
          <form className="stage-rename" onSubmit={(e) => void submit(e)}>
            <label className="visually-hidden" htmlFor={`rename-${stage.id}`}>
              Stage name
            </label>
            <input
              id={`rename-${stage.id}`}
              value={name}
              maxLength={200}
              disabled={busy}
              onChange={(e) => setName(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setRenaming(false);
              }}
              // biome-ignore lint/a11y/noAutofocus: the field appears because the person asked for it
              autoFocus
            />
            <button type="submit" className="button button-primary button-small" disabled={busy}>
              Save
            </button>
          </form>
        ) : (
          <h2 className="stage-name">{stage.name}</h2>
        )}
      </div>
      <p className="stage-figure">
        {funnel ? (
          <>
            <strong>{formatCount(funnel.reached)}</strong> customers
            {index > 0 && (
              <span title="Customers who reached this stage after every stage before it, in the designed order">
                {' '}
                · {formatCount(funnel.customers)} in order ({formatRate(funnel.fromPrevious)} of
                previous)
              </span>
            )}
          </>
        ) : (
          ' '
        )}
      </p>
      {editable && !renaming && (
        <fieldset className="stage-tools">
          <legend className="visually-hidden">Stage {stage.name}</legend>
          <button type="button" className="icon-button" onClick={startRename} title="Rename">
            <Icon name="edit" />
            <span className="visually-hidden">Rename stage {stage.name}</span>
          </button>
          <button
            type="button"
            className="icon-button"
            disabled={index === 0}
            onClick={() => void actions.move(stage.id, index - 1)}
            title="Move stage left"
          >
            <Icon name="left" />
            <span className="visually-hidden">Move stage {stage.name} left</span>
          </button>
          <button
            type="button"
            className="icon-button"
            disabled={index === count - 1}
            onClick={() => void actions.move(stage.id, index + 1)}
            title="Move stage right"
          >
            <Icon name="right" />
            <span className="visually-hidden">Move stage {stage.name} right</span>
          </button>
          <button
            type="button"
            className="icon-button icon-button-danger"
            aria-disabled={touchpointCount > 0}
            onClick={remove}
            title={
              touchpointCount > 0
                ? 'Move or delete its touchpoints before deleting the stage'
                : 'Delete stage'
            }
          >
            <Icon name="trash" />
            <span className="visually-hidden">Delete stage {stage.name}</span>
          </button>
        </fieldset>
      )}
    </div>
  );
}
