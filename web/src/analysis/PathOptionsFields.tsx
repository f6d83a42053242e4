import { useState } from 'react';
import type { PathOptions } from '../api.ts';
import type { GoalFilter, PathLevel } from '../types.ts';
import { GOAL_FILTERS, readWholeNumber } from './options.ts';

/**
 * The options paths and flows share: the level of a step, whether repeats collapse, where
 * sessions are cut, and whose customers count.
 */
export function PathOptionsFields<O extends PathOptions>({
  options,
  onOptions,
}: {
  options: O;
  onOptions: (next: O) => void;
}) {
  const [gapText, setGapText] = useState(
    options.sessionGapMinutes === null ? '' : String(options.sessionGapMinutes),
  );
  const gap = readWholeNumber(gapText);
  const gapInvalid = gapText.trim() !== '' && (gap === null || gap < 1);
  return (
    <>
      <label className="field field-inline">
        <span>Steps</span>
        <select
          value={options.level}
          onChange={(e) => onOptions({ ...options, level: e.target.value as PathLevel })}
        >
          <option value="touchpoint">Touchpoints</option>
          <option value="event">Events</option>
        </select>
      </label>
      <label className="field field-inline">
        <span>Customers</span>
        <select
          value={options.goal}
          onChange={(e) => onOptions({ ...options, goal: e.target.value as GoalFilter })}
        >
          {GOAL_FILTERS.map((g) => (
            <option key={g.id} value={g.id}>
              {g.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-inline">
        <span>Session gap (minutes)</span>
        <input
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          className="input-narrow"
          placeholder="none"
          value={gapText}
          aria-invalid={gapInvalid || undefined}
          aria-describedby={gapInvalid ? 'session-gap-error' : undefined}
          onChange={(e) => {
            setGapText(e.target.value);
            const n = readWholeNumber(e.target.value);
            if (e.target.value.trim() === '') onOptions({ ...options, sessionGapMinutes: null });
            else if (n !== null && n >= 1) onOptions({ ...options, sessionGapMinutes: n });
          }}
        />
      </label>
      <label className="field field-inline field-check">
        <input
          type="checkbox"
          checked={options.collapseRepeats}
          onChange={(e) => onOptions({ ...options, collapseRepeats: e.target.checked })}
        />
        <span>Collapse repeats</span>
      </label>
      {gapInvalid && (
        <p className="inline-error options-error" id="session-gap-error">
          The session gap is a whole number of minutes, 1 or more (empty: no cut).
        </p>
      )}
    </>
  );
}
