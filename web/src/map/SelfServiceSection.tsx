import { Fragment, useState } from 'react';
import { createTaskFromGap, getSelfServiceGaps, type SelfServiceGap } from '../api.ts';
import { ErrorState, InlineError } from '../components/states.tsx';
import { formatCount } from '../lib/format.ts';
import { linkHandler } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';

/** "Add an article for *card activation*: …" with the starred words emphasised. */
function Suggestion({ text }: { text: string }) {
  return (
    <>
      {text.split('*').map((part, i) =>
        // Odd parts sat between stars. Parts never change order, so the index is a stable key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        i % 2 === 1 ? <em key={i}>{part}</em> : <Fragment key={i}>{part}</Fragment>,
      )}
    </>
  );
}

/**
 * Below the map: the recurring contact reasons at the journey's service touchpoints in the 30
 * days before the map's end date, as knowledge-base suggestions that editors can turn into a task
 * on the touchpoint where most of the contacts arrived. Nothing shows without a suggestion.
 */
export function SelfServiceSection({
  journeyId,
  to,
  personaId,
  editable,
}: {
  journeyId: string;
  to?: string;
  personaId?: string;
  editable: boolean;
}) {
  const gaps = useResource(`self-service:${journeyId}:${to ?? ''}:${personaId ?? ''}`, (signal) =>
    getSelfServiceGaps(journeyId, { to, personaId }, signal),
  );
  const [created, setCreated] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  if (gaps.error) {
    return (
      <section className="panel self-service" aria-labelledby="self-service-title">
        <h2 id="self-service-title">Self-service suggestions</h2>
        <ErrorState
          title="Suggestions could not be loaded"
          error={gaps.error}
          onRetry={gaps.reload}
        />
      </section>
    );
  }
  const data = gaps.data;
  if (!data || data.gaps.length === 0) return null;

  const createTask = async (gap: SelfServiceGap) => {
    setBusy(gap.key);
    setError(null);
    try {
      const task = await createTaskFromGap(journeyId, gap.key, {
        from: data.from,
        to: data.to,
        personaId,
      });
      setCreated((c) => ({ ...c, [gap.key]: task.id }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="panel self-service" aria-labelledby="self-service-title">
      <h2 id="self-service-title">Self-service suggestions</h2>
      <p className="cell-note">
        Contact {data.mode === 'reasons' ? 'reasons' : 'themes'} at the service touchpoints that
        recur (at least 10 contacts and 5% of the {formatCount(data.contacts)} in the 30 days to{' '}
        {data.to.slice(0, 10)}).
      </p>
      <ul className="self-service-list">
        {data.gaps.map((gap) => (
          <li key={gap.key} className="self-service-gap" data-gap-key={gap.key}>
            <p className="self-service-text">
              <Suggestion text={gap.suggestion} />
            </p>
            <p className="cell-note">
              At {gap.touchpoints.map((t) => `${t.name} (${t.volume})`).join(', ')}
              {gap.examples[0] ? ` · e.g. “${gap.examples[0]}”` : ''}
            </p>
            {created[gap.key] ? (
              <p className="self-service-done">
                Task created on {gap.touchpoints[0]?.name}.{' '}
                <a href="/tasks" onClick={linkHandler('/tasks')}>
                  Open tasks
                </a>
              </p>
            ) : (
              editable && (
                <button
                  type="button"
                  className="button button-small"
                  disabled={busy !== null}
                  onClick={() => void createTask(gap)}
                >
                  {busy === gap.key ? 'Creating…' : `Make it a task on ${gap.touchpoints[0]?.name}`}
                </button>
              )
            )}
          </li>
        ))}
      </ul>
      <InlineError error={error} onDismiss={() => setError(null)} />
    </section>
  );
}
