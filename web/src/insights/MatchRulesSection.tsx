import { useState } from 'react';
import { type MetricsFilter, previewMatchRules, updateTouchpoint } from '../api.ts';
import { ErrorState, InlineError } from '../components/states.tsx';
import { customerPath, formatDateTime } from '../lib/customer.ts';
import { useDirtyGuard } from '../lib/dirty.ts';
import { formatCount } from '../lib/format.ts';
import { linkHandler } from '../lib/router.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { useResource } from '../lib/use-resource.ts';
import { MatchRulesEditor } from '../map/MatchRulesEditor.tsx';
import {
  draftProblems,
  type RuleDraft,
  ruleFromDraft,
  ruleToDraft,
  toDraft,
} from '../map/touchpoint-draft.ts';
import type { MatchPreview, Touchpoint } from '../types.ts';

/** How long typing must pause before the preview asks the server. */
const PREVIEW_DELAY_MS = 350;

/**
 * The touchpoint's match rules with a live preview: while the rules are edited, how many events
 * of the range the draft matches and the latest of them, with the touchpoint that claims each
 * now. Nothing is saved until Save (the touchpoint PATCH).
 */
export function MatchRulesSection({
  journeyId,
  touchpoint,
  touchpoints,
  filter,
  editable,
  onSaved,
}: {
  journeyId: string;
  touchpoint: Touchpoint;
  /** The journey's touchpoints in map order. */
  touchpoints: Touchpoint[];
  filter: MetricsFilter;
  editable: boolean;
  onSaved: (message: string) => void;
}) {
  const savedKey = JSON.stringify(touchpoint.matchRules.map(ruleToDraft));
  const [base, setBase] = useState(savedKey);
  const [rules, setRules] = useState<RuleDraft[]>(() => touchpoint.matchRules.map(ruleToDraft));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const dirty = JSON.stringify(rules) !== base;
  useDirtyGuard(dirty);
  // Someone saved other rules meanwhile (or this page did): follow them unless editing.
  if (savedKey !== base && !dirty) {
    setBase(savedKey);
    setRules(JSON.parse(savedKey) as RuleDraft[]);
  }

  const problems = draftProblems({ ...toDraft(touchpoint, touchpoint.stageId), matchRules: rules });
  const bodyKey = problems.length === 0 ? JSON.stringify(rules.map(ruleFromDraft)) : null;
  const settled = useDebounced(bodyKey, PREVIEW_DELAY_MS);
  const preview = useResource(
    settled === null ? null : `preview:${journeyId}:${JSON.stringify(filter)}:${settled}`,
    (signal) => previewMatchRules(journeyId, filter, JSON.parse(settled ?? '[]'), signal),
    { keepPrevious: true },
  );
  const updating = bodyKey !== null && (bodyKey !== settled || preview.loading);

  const save = async () => {
    if (bodyKey === null) return;
    setBusy(true);
    setError(null);
    try {
      const matchRules = JSON.parse(bodyKey);
      const saved = await updateTouchpoint(touchpoint.id, { matchRules });
      const next = JSON.stringify(saved.matchRules.map(ruleToDraft));
      setBase(next);
      setRules(JSON.parse(next) as RuleDraft[]);
      onSaved(`Saved the match rules of ${touchpoint.name}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel insight-panel rules-section" aria-labelledby="rules-title">
      <h2 id="rules-title">Match rules</h2>
      <div className="rules-layout">
        <div>
          <fieldset className="plain-fieldset" disabled={!editable || busy}>
            <MatchRulesEditor rules={rules} onChange={setRules} />
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
                type="button"
                className="button button-primary"
                disabled={!dirty || busy || problems.length > 0}
                onClick={() => void save()}
              >
                {busy ? 'Saving…' : 'Save rules'}
              </button>
              <button
                type="button"
                className="button button-quiet"
                disabled={!dirty || busy}
                onClick={() => setRules(JSON.parse(base) as RuleDraft[])}
              >
                Discard changes
              </button>
              {dirty && <span className="unsaved">Unsaved changes</span>}
            </div>
          )}
        </div>
        <div className="preview" aria-busy={updating}>
          <h3>{dirty ? 'Preview of the draft' : 'What these rules match'}</h3>
          {preview.error && !preview.data ? (
            <ErrorState
              title="The preview could not be computed"
              error={preview.error}
              onRetry={preview.reload}
            />
          ) : (
            <PreviewResult
              preview={preview.data}
              updating={updating}
              blocked={problems.length > 0}
              touchpoint={touchpoint}
              touchpoints={touchpoints}
            />
          )}
        </div>
      </div>
    </section>
  );
}

function PreviewResult({
  preview,
  updating,
  blocked,
  touchpoint,
  touchpoints,
}: {
  preview: MatchPreview | undefined;
  updating: boolean;
  blocked: boolean;
  touchpoint: Touchpoint;
  touchpoints: Touchpoint[];
}) {
  const here = touchpoints.findIndex((t) => t.id === touchpoint.id);
  const position = (id: string | null) => (id ? touchpoints.findIndex((t) => t.id === id) : -1);
  return (
    <>
      <p className="preview-status" role="status" aria-live="polite">
        {blocked ? (
          'Complete the rules to see what they match.'
        ) : !preview ? (
          'Counting matching events…'
        ) : (
          <>
            <strong className="preview-count">{formatCount(preview.count)}</strong>{' '}
            {preview.count === 1 ? 'event' : 'events'} in this range match
            {updating ? ' (updating…)' : ''}
          </>
        )}
      </p>
      {preview && preview.claimed.length > 0 && (
        <ul className="preview-claims">
          {preview.claimed.map((c) => {
            const at = position(c.touchpointId);
            const note =
              c.touchpointId === touchpoint.id
                ? 'already this touchpoint’s'
                : c.touchpointId === null
                  ? 'match no touchpoint now: they would become touches here'
                  : at < here
                    ? `claimed by ${c.name}, earlier on the map: they stay there`
                    : `claimed by ${c.name} now: they would move here`;
            return (
              <li key={c.touchpointId ?? 'none'}>
                <strong>{formatCount(c.count)}</strong> {note}
              </li>
            );
          })}
        </ul>
      )}
      {preview && preview.sample.length > 0 && (
        <div className="table-wrap">
          <table className="data-table preview-sample">
            <caption className="visually-hidden">The latest matching events</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Customer</th>
                <th scope="col">Event</th>
                <th scope="col">Claimed now by</th>
              </tr>
            </thead>
            <tbody>
              {preview.sample.map((e) => (
                <tr key={e.messageId}>
                  <td>
                    <time dateTime={e.timestamp}>{formatDateTime(e.timestamp)}</time>
                  </td>
                  <td>
                    <a
                      href={customerPath(e.customerId)}
                      onClick={linkHandler(customerPath(e.customerId))}
                    >
                      <code>{e.customerId}</code>
                    </a>
                  </td>
                  <td>
                    <span className="chip">{e.type}</span> {e.event || '—'}
                    {e.path && <span className="cell-note">{e.path}</span>}
                  </td>
                  <td>
                    {e.claimedBy ? (
                      e.claimedBy.touchpointId === touchpoint.id ? (
                        'This touchpoint'
                      ) : (
                        e.claimedBy.name
                      )
                    ) : (
                      <span className="muted">No touchpoint</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
