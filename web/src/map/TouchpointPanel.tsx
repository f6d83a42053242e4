import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { createTouchpoint, deleteTouchpoint, updateTouchpoint } from '../api.ts';
import { Icon } from '../components/Icon.tsx';
import { InlineError } from '../components/states.tsx';
import { touchpointPath } from '../insights/paths.ts';
import { useDirtyGuard } from '../lib/dirty.ts';
import { formatCount, formatHours, formatRate } from '../lib/format.ts';
import { linkHandler, useLocation } from '../lib/router.ts';
import { newSurveyPath, surveysPath } from '../surveys/paths.ts';
import {
  CHANNELS,
  DESIGNED_MARKERS,
  FOUR_KEYS,
  PHASES,
  type Stage,
  type Touchpoint,
  type TouchpointMetrics,
} from '../types.ts';
import { readFilters } from './filters.ts';
import { MatchRulesEditor } from './MatchRulesEditor.tsx';
import { designedMarkerLabel, MeasuredMarkerBadge } from './markers.tsx';
import {
  draftPatch,
  draftProblems,
  draftToBody,
  type TouchpointDraft,
  toDraft,
} from './touchpoint-draft.ts';

const PHASE_LABELS: Record<(typeof PHASES)[number], string> = {
  before: 'Before purchase',
  during: 'During purchase',
  after: 'After purchase',
  service: 'Service',
};

const KEY_LABELS: Record<(typeof FOUR_KEYS)[number], string> = {
  relevance: 'Relevance',
  usefulness: 'Usefulness',
  simplicity: 'Simplicity',
  attractiveness: 'Attractiveness',
};

/**
 * The side panel that adds or edits one touchpoint. Closing it with unsaved changes asks first,
 * and so does leaving the page.
 */
export function TouchpointPanel({
  journeyId,
  stages,
  touchpoint,
  defaultStageId,
  prefill,
  metrics,
  editable,
  onClose,
  onChanged,
}: {
  journeyId: string;
  stages: Stage[];
  touchpoint: Touchpoint | null;
  defaultStageId: string;
  /** A new touchpoint's fields filled in ahead (e.g. from a candidate the conformance found). */
  prefill?: Partial<TouchpointDraft>;
  metrics: TouchpointMetrics | undefined;
  editable: boolean;
  onClose: () => void;
  onChanged: (message: string, opts?: { close?: boolean }) => void;
}) {
  const [initial] = useState(() => ({
    ...toDraft(touchpoint, defaultStageId),
    ...(touchpoint ? {} : prefill),
  }));
  const [draft, setDraft] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const titleId = useId();
  const panel = useRef<HTMLElement>(null);
  const { query } = useLocation();
  const detailHref = touchpoint ? touchpointPath(journeyId, touchpoint.id, readFilters(query)) : '';
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  useDirtyGuard(dirty);

  // Focus moves into the panel when it opens and back to where it was when it closes.
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    panel.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  const requestClose = () => {
    if (dirty && !window.confirm('Discard the unsaved changes to this touchpoint?')) return;
    onClose();
  };

  const set = <K extends keyof TouchpointDraft>(key: K, value: TouchpointDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found = draftProblems(draft);
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    setError(null);
    try {
      if (touchpoint) {
        const patch = draftPatch(initial, draft);
        if (Object.keys(patch).length > 0) await updateTouchpoint(touchpoint.id, patch);
        onChanged(`Saved ${draft.name.trim()}.`, { close: true });
      } else {
        await createTouchpoint(journeyId, draftToBody(draft));
        onChanged(`Added ${draft.name.trim()}.`, { close: true });
      }
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!touchpoint) return;
    if (!window.confirm(`Delete the touchpoint "${touchpoint.name}"? Its events stay recorded.`))
      return;
    setBusy(true);
    setError(null);
    try {
      await deleteTouchpoint(touchpoint.id);
      onChanged(`Deleted ${touchpoint.name}.`, { close: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <aside
      ref={panel}
      className="side-panel"
      role="dialog"
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          requestClose();
        }
      }}
    >
      <header className="side-panel-head">
        <h2 id={titleId}>
          {touchpoint ? (editable ? 'Edit touchpoint' : touchpoint.name) : 'New touchpoint'}
        </h2>
        {dirty && <span className="unsaved">Unsaved changes</span>}
        <button type="button" className="icon-button" onClick={requestClose} title="Close">
          <Icon name="close" />
          <span className="visually-hidden">Close the panel</span>
        </button>
      </header>

      <form className="side-panel-body" onSubmit={(e) => void save(e)} noValidate>
        {touchpoint && (
          <a
            className="button button-small detail-link"
            href={detailHref}
            onClick={linkHandler(detailHref)}
          >
            Open details: trends, drop-offs, rule preview
          </a>
        )}
        {touchpoint && (
          <p className="button-row panel-surveys">
            <a
              className="button button-small"
              href={surveysPath({ journeyId, touchpointId: touchpoint.id })}
              onClick={linkHandler(surveysPath({ journeyId, touchpointId: touchpoint.id }))}
            >
              Surveys
            </a>
            {editable && (
              <a
                className="button button-small"
                href={newSurveyPath({ journeyId, touchpointId: touchpoint.id })}
                onClick={linkHandler(newSurveyPath({ journeyId, touchpointId: touchpoint.id }))}
              >
                Add survey
              </a>
            )}
          </p>
        )}
        {metrics && <MeasuredSection metrics={metrics} />}
        <fieldset disabled={!editable || busy} className="plain-fieldset">
          <label className="field">
            <span>Name</span>
            <input
              value={draft.name}
              maxLength={200}
              required
              onChange={(e) => set('name', e.target.value)}
            />
          </label>
          <div className="field-row">
            <label className="field">
              <span>Stage</span>
              <select value={draft.stageId} onChange={(e) => set('stageId', e.target.value)}>
                {stages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Channel</span>
              <select
                value={draft.channel}
                onChange={(e) => set('channel', e.target.value as TouchpointDraft['channel'])}
              >
                {CHANNELS.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="field-row">
            <label className="field">
              <span>Phase</span>
              <select
                value={draft.phase}
                onChange={(e) => set('phase', e.target.value as TouchpointDraft['phase'])}
              >
                {PHASES.map((p) => (
                  <option key={p} value={p}>
                    {PHASE_LABELS[p]}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Owner</span>
              <input
                value={draft.owner}
                maxLength={200}
                placeholder="Team or person"
                onChange={(e) => set('owner', e.target.value)}
              />
            </label>
          </div>
          <label className="field">
            <span>Description</span>
            <textarea
              value={draft.description}
              rows={2}
              maxLength={5000}
              onChange={(e) => set('description', e.target.value)}
            />
          </label>

          <fieldset className="field-group">
            <legend>Designed marker</legend>
            <div className="segmented">
              {DESIGNED_MARKERS.map((m) => (
                <label key={m} className={`segment designed-badge-${m}`}>
                  <input
                    type="radio"
                    name="designedMarker"
                    value={m}
                    checked={draft.designedMarker === m}
                    onChange={() => set('designedMarker', m)}
                  />
                  <span className="designed-shape" aria-hidden="true" />
                  {designedMarkerLabel(m)}
                </label>
              ))}
            </div>
          </fieldset>

          <fieldset className="field-group">
            <legend>The four keys (1 poor – 5 excellent)</legend>
            <div className="keys-grid">
              {FOUR_KEYS.map((k) => (
                <label key={k} className="field">
                  <span>{KEY_LABELS[k]}</span>
                  <select
                    value={draft.keys[k] ?? ''}
                    onChange={(e) =>
                      set('keys', {
                        ...draft.keys,
                        [k]: e.target.value === '' ? null : Number(e.target.value),
                      })
                    }
                  >
                    <option value="">Not scored</option>
                    {[1, 2, 3, 4, 5].map((n) => (
                      <option key={n} value={n}>
                        {n}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </div>
          </fieldset>

          <MatchRulesEditor
            rules={draft.matchRules}
            onChange={(rules) => set('matchRules', rules)}
          />
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
        <InlineError error={error} />

        {editable && (
          <footer className="side-panel-foot">
            <button
              type="submit"
              className="button button-primary"
              disabled={busy || (!!touchpoint && !dirty)}
            >
              {busy ? 'Saving…' : touchpoint ? 'Save changes' : 'Add touchpoint'}
            </button>
            <button
              type="button"
              className="button button-quiet"
              onClick={requestClose}
              disabled={busy}
            >
              Cancel
            </button>
            {touchpoint && (
              <button
                type="button"
                className="button button-danger push-right"
                onClick={() => void remove()}
                disabled={busy}
              >
                Delete
              </button>
            )}
          </footer>
        )}
      </form>
    </aside>
  );
}

function MeasuredSection({ metrics: m }: { metrics: TouchpointMetrics }) {
  return (
    <section className="measured-section" aria-label="Measured">
      <h3>
        Measured <MeasuredMarkerBadge marker={m.measuredMarker} reasons={m.markerReasons} />
      </h3>
      {m.markerReasons.length > 0 && (
        <ul className="reasons">
          {m.markerReasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <dl className="tp-figures tp-figures-wide">
        <div>
          <dt>Touches</dt>
          <dd>{formatCount(m.volume)}</dd>
        </div>
        <div>
          <dt>Reach</dt>
          <dd>
            {formatCount(m.reach)} <small>({formatRate(m.reachShare)})</small>
          </dd>
        </div>
        <div>
          <dt>Conversion</dt>
          <dd>{formatRate(m.conversionRate)}</dd>
        </div>
        <div>
          <dt>Drop-off</dt>
          <dd>{formatRate(m.dropOffRate)}</dd>
        </div>
        <div>
          <dt>Median to next</dt>
          <dd>{formatHours(m.medianHoursToNext)}</dd>
        </div>
      </dl>
    </section>
  );
}
