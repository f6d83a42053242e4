import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ApiError,
  type CustomerSurveyResponse,
  getCustomer,
  getCustomerSentiment,
  isAbort,
  listCustomerEvents,
  listCustomerMerges,
  listCustomerSurveyResponses,
  undoMerge,
} from '../api.ts';
import { ErrorState, InlineError, LoadingState } from '../components/states.tsx';
import {
  bestIdentity,
  customerPath,
  eventTitle,
  formatDateTime,
  IDENTITY_LABELS,
  IDENTITY_ORDER,
  traitText,
} from '../lib/customer.ts';
import { formatCount } from '../lib/format.ts';
import { linkHandler } from '../lib/router.ts';
import { formatSentiment, sentimentClass } from '../lib/sentiment.ts';
import { useResource } from '../lib/use-resource.ts';
import { canEdit, useSession } from '../session.tsx';
import type { Customer, Merge, ScoredMessage, SentimentSummary, StoredEvent } from '../types.ts';

const TIMELINE_PAGE = 50;
/** Scored messages fetched for the timeline's badges: the latest this many. */
const SCORED_MESSAGES = 1000;

/** `/customers/<id>`: the 360° view of one customer. */
export function CustomerPage({ customerId }: { customerId: string }) {
  const customer = useResource(`customer:${customerId}`, (signal) =>
    getCustomer(customerId, signal),
  );
  const merges = useResource(`merges:${customerId}`, (signal) =>
    listCustomerMerges(customerId, signal),
  );
  const sentiment = useResource(`sentiment:${customerId}`, (signal) =>
    getCustomerSentiment(customerId, SCORED_MESSAGES, signal),
  );
  const surveys = useResource(`survey-responses:${customerId}`, (signal) =>
    listCustomerSurveyResponses(customerId, signal),
  );
  const [timelineRound, setTimelineRound] = useState(0);

  // An undone merge moves identities and events back to the other profile: reload everything.
  const refreshAll = () => {
    customer.reload();
    merges.reload();
    sentiment.reload();
    surveys.reload();
    setTimelineRound((r) => r + 1);
  };
  const scored = new Map((sentiment.data?.messages ?? []).map((m) => [m.messageId, m]));

  const back = (
    <a className="back-link" href="/customers" onClick={linkHandler('/customers')}>
      ← All customers
    </a>
  );

  if (customer.error) {
    const gone = customer.error instanceof ApiError && customer.error.status === 404;
    return (
      <main className="page" id="main">
        {back}
        <ErrorState
          title={gone ? 'This customer does not exist' : 'This customer could not be loaded'}
          error={
            gone
              ? new Error('It may have been merged into another profile. Search for it instead.')
              : customer.error
          }
          onRetry={gone ? undefined : customer.reload}
        />
      </main>
    );
  }
  if (!customer.data) {
    return (
      <main className="page" id="main">
        {back}
        <LoadingState label="Loading customer…" />
      </main>
    );
  }

  const c = customer.data;
  const best = bestIdentity(c);
  return (
    <main className="page customer-page" id="main">
      {back}
      <div className="page-head">
        <div>
          <h1>{best.value}</h1>
          <p className="lead">
            {best.kind ? IDENTITY_LABELS[best.kind] : 'No identity'} · customer <code>{c.id}</code>
            <br />
            First seen {formatDateTime(c.firstSeen)} · last seen {formatDateTime(c.lastSeen)}
          </p>
        </div>
      </div>

      <div className="customer-grid">
        <div className="customer-side">
          <Identities customer={c} />
          <MessageSentiment
            summary={sentiment.data?.summary}
            error={sentiment.error}
            onRetry={sentiment.reload}
          />
          <SurveyAnswers
            answers={surveys.data?.items}
            total={surveys.data?.total ?? 0}
            error={surveys.error}
            onRetry={surveys.reload}
          />
          <Traits customer={c} />
          <Merges
            customerId={customerId}
            merges={merges.data}
            error={merges.error}
            onRetry={merges.reload}
            onUndone={refreshAll}
          />
        </div>
        <Timeline key={timelineRound} customerId={customerId} scored={scored} />
      </div>
    </main>
  );
}

function Identities({ customer }: { customer: Customer }) {
  const kinds = IDENTITY_ORDER.filter((k) => customer.identities.some((i) => i.kind === k));
  return (
    <section className="panel" aria-labelledby="identities-title">
      <h2 id="identities-title">Identities</h2>
      {kinds.length === 0 ? (
        <p className="empty">No identities recorded.</p>
      ) : (
        <dl className="identity-list">
          {kinds.map((kind) => (
            <div key={kind}>
              <dt>{IDENTITY_LABELS[kind]}</dt>
              {customer.identities
                .filter((i) => i.kind === kind)
                .map((i) => (
                  <dd key={i.value}>{i.value}</dd>
                ))}
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function Traits({ customer }: { customer: Customer }) {
  const entries = Object.entries(customer.traits).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className="panel" aria-labelledby="traits-title">
      <h2 id="traits-title">Traits</h2>
      {entries.length === 0 ? (
        <p className="empty">No traits yet. Identify calls set them.</p>
      ) : (
        <table className="data-table kv-table">
          <caption className="visually-hidden">Traits</caption>
          <thead>
            <tr>
              <th scope="col">Trait</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([key, value]) => (
              <tr key={key}>
                <th scope="row">{key}</th>
                <td>{traitText(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Merges({
  customerId,
  merges,
  error,
  onRetry,
  onUndone,
}: {
  customerId: string;
  merges: Merge[] | undefined;
  error: unknown;
  onRetry: () => void;
  onUndone: () => void;
}) {
  const session = useSession();
  const editable = canEdit(session);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const undo = async (merge: Merge) => {
    if (!window.confirm('Undo this merge? The other profile becomes a separate customer again.')) {
      return;
    }
    setBusy(merge.id);
    setActionError(null);
    try {
      await undoMerge(merge.id);
      onUndone();
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="panel" aria-labelledby="merges-title">
      <h2 id="merges-title">Merged profiles</h2>
      {error ? (
        <ErrorState title="Merges could not be loaded" error={error} onRetry={onRetry} />
      ) : !merges ? (
        <LoadingState label="Loading merges…" />
      ) : merges.length === 0 ? (
        <p className="empty">No other profile has been merged into this one.</p>
      ) : (
        <ul className="merge-list">
          {merges.map((m) => {
            const other = m.fromCustomerId === customerId ? m.intoCustomerId : m.fromCustomerId;
            const into = m.intoCustomerId === customerId;
            return (
              <li key={m.id} className="merge">
                <p>
                  {m.undoneAt ? 'Was merged ' : 'Merged '}
                  {into ? 'in ' : 'into '}
                  {m.undoneAt ? (
                    <a href={customerPath(other)} onClick={linkHandler(customerPath(other))}>
                      <code>{other}</code>
                    </a>
                  ) : (
                    <code>{other}</code>
                  )}
                </p>
                <p className="cell-note">
                  {m.reason} · {formatDateTime(m.createdAt)}
                </p>
                {m.undoneAt ? (
                  <span className="chip">Undone {formatDateTime(m.undoneAt)}</span>
                ) : (
                  editable && (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={busy !== null}
                      onClick={() => void undo(m)}
                    >
                      {busy === m.id ? 'Undoing…' : 'Undo merge'}
                    </button>
                  )
                )}
              </li>
            );
          })}
        </ul>
      )}
      <InlineError error={actionError} onDismiss={() => setActionError(null)} />
    </section>
  );
}

/** The average sentiment of everything the customer wrote, with the label counts. */
function MessageSentiment({
  summary,
  error,
  onRetry,
}: {
  summary: SentimentSummary | undefined;
  error: unknown;
  onRetry: () => void;
}) {
  return (
    <section className="panel" aria-labelledby="sentiment-title">
      <h2 id="sentiment-title">Message sentiment</h2>
      {error ? (
        <ErrorState title="Sentiment could not be loaded" error={error} onRetry={onRetry} />
      ) : !summary ? (
        <LoadingState label="Loading sentiment…" />
      ) : summary.n === 0 || summary.average === null ? (
        <p className="empty">No messages with text from this customer.</p>
      ) : (
        <>
          <p className="sentiment-average">
            <span className={sentimentClass(summary.label)}>
              {formatSentiment(summary.average)} {summary.label}
            </span>{' '}
            average of {formatCount(summary.n)} message{summary.n === 1 ? '' : 's'}
          </p>
          <p className="cell-note">
            {summary.labels.positive} positive · {summary.labels.neutral} neutral ·{' '}
            {summary.labels.negative} negative (scores −1 to +1)
          </p>
        </>
      )}
    </section>
  );
}

/** The customer's survey answers, latest first: score, comment and its sentiment. */
function SurveyAnswers({
  answers,
  total,
  error,
  onRetry,
}: {
  answers: CustomerSurveyResponse[] | undefined;
  total: number;
  error: unknown;
  onRetry: () => void;
}) {
  return (
    <section className="panel" aria-labelledby="survey-answers-title">
      <h2 id="survey-answers-title">Survey answers</h2>
      {error ? (
        <ErrorState title="Survey answers could not be loaded" error={error} onRetry={onRetry} />
      ) : !answers ? (
        <LoadingState label="Loading survey answers…" />
      ) : answers.length === 0 ? (
        <p className="empty">This customer has not answered a survey.</p>
      ) : (
        <>
          <ul className="survey-answer-list">
            {answers.map((a) => (
              <li key={a.id} className="survey-answer">
                <p>
                  <strong>{a.surveyName ?? a.surveyId}</strong>
                  {a.kind && <span className="chip">{a.kind.toUpperCase()}</span>}
                  {a.score !== null && (
                    <span className="survey-answer-score">
                      {' '}
                      score <strong>{a.score}</strong>
                    </span>
                  )}
                </p>
                {a.comment && <blockquote className="survey-comment">{a.comment}</blockquote>}
                {a.commentSentiment && (
                  <p className="timeline-sentiment">
                    <SentimentBadge
                      score={a.commentSentiment.score}
                      label={a.commentSentiment.label}
                    />
                  </p>
                )}
                <p className="cell-note">
                  {a.touchpointName ?? a.touchpointId} · {a.channel} · {formatDateTime(a.createdAt)}
                </p>
              </li>
            ))}
          </ul>
          {total > answers.length && (
            <p className="cell-note">
              The latest {answers.length} of {formatCount(total)} answers.
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** A message's sentiment, as a badge with its score. */
function SentimentBadge({ score, label }: Pick<ScoredMessage, 'score' | 'label'>) {
  return (
    <span
      className={sentimentClass(label)}
      title={`Sentiment ${formatSentiment(score)} (−1 to +1)`}
    >
      {label} {formatSentiment(score)}
    </span>
  );
}

/** Every interaction, newest first, loaded a page at a time. */
function Timeline({
  customerId,
  scored,
}: {
  customerId: string;
  /** Sentiment of the customer's messages by message id (for the badges). */
  scored: Map<string, ScoredMessage>;
}) {
  const [events, setEvents] = useState<StoredEvent[]>([]);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const controller = useRef<AbortController | null>(null);

  const load = useCallback(
    async (offset: number) => {
      controller.current?.abort();
      const ctrl = new AbortController();
      controller.current = ctrl;
      setLoading(true);
      setError(null);
      try {
        const page = await listCustomerEvents(
          customerId,
          { limit: TIMELINE_PAGE, offset },
          ctrl.signal,
        );
        if (ctrl.signal.aborted) return;
        // Events arriving meanwhile shift the pages: skip what is already on screen.
        setEvents((prev) => {
          if (offset === 0) return page;
          const seen = new Set(prev.map((e) => e.messageId));
          return [...prev, ...page.filter((e) => !seen.has(e.messageId))];
        });
        setDone(page.length < TIMELINE_PAGE);
        setLoading(false);
      } catch (err) {
        if (ctrl.signal.aborted || isAbort(err)) return;
        setError(err);
        setLoading(false);
      }
    },
    [customerId],
  );

  useEffect(() => {
    void load(0);
    return () => controller.current?.abort();
  }, [load]);

  return (
    <section className="panel timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {events.length === 0 && error ? (
        <ErrorState
          title="The timeline could not be loaded"
          error={error}
          onRetry={() => void load(0)}
        />
      ) : events.length === 0 && loading ? (
        <LoadingState label="Loading timeline…" />
      ) : events.length === 0 ? (
        <p className="empty">No events recorded for this customer.</p>
      ) : (
        <>
          <p className="cell-note">
            {formatCount(events.length)} {done ? '' : 'most recent '}interaction
            {events.length === 1 ? '' : 's'}, newest first
          </p>
          <ol className="timeline-list">
            {events.map((e) => (
              <TimelineEntry key={e.messageId} event={e} sentiment={scored.get(e.messageId)} />
            ))}
          </ol>
          {error ? <InlineError error={error} /> : null}
          {!done && (
            <button
              type="button"
              className="button"
              disabled={loading}
              onClick={() => void load(events.length)}
            >
              {loading ? 'Loading…' : 'Load more'}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function TimelineEntry({
  event,
  sentiment,
}: {
  event: StoredEvent;
  sentiment: ScoredMessage | undefined;
}) {
  const where = [
    event.channel && { label: 'channel', value: event.channel },
    event.path && { label: 'path', value: event.path },
    event.utmSource && { label: 'utm source', value: event.utmSource },
  ].filter((x): x is { label: string; value: string } => Boolean(x));
  return (
    <li className={`timeline-entry timeline-${event.type}`}>
      <time dateTime={event.timestamp}>{formatDateTime(event.timestamp)}</time>
      <div className="timeline-body">
        <p className="timeline-title">
          <span className="chip">{event.type}</span> <strong>{eventTitle(event)}</strong>
          {event.value !== null && (
            <span className="timeline-value">
              {' '}
              · value <strong>{event.value}</strong>
            </span>
          )}
        </p>
        {where.length > 0 && (
          <p className="timeline-where">
            {where.map((w) => (
              <span key={w.label}>
                <span className="trait-key">{w.label}</span> {w.value}
              </span>
            ))}
          </p>
        )}
        {event.text && <blockquote className="timeline-text">{event.text}</blockquote>}
        {sentiment && (
          <p className="timeline-sentiment">
            <SentimentBadge score={sentiment.score} label={sentiment.label} />
          </p>
        )}
        {event.touchpointId && (
          <p className="timeline-touchpoint">
            Touchpoint{' '}
            <strong title={event.touchpointId}>{event.touchpointName ?? event.touchpointId}</strong>
          </p>
        )}
      </div>
    </li>
  );
}
