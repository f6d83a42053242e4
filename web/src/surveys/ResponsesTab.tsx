import { useState } from 'react';
import { getCustomer, listSurveyResponses } from '../api.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { bestIdentity, customerPath, formatDateTime } from '../lib/customer.ts';
import { formatCount } from '../lib/format.ts';
import { linkHandler } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import type { Survey, SurveyChannel } from '../types.ts';
import { describeAnswers } from './delivery.ts';

const PAGE_SIZE = 25;

const CHANNEL_LABELS: Record<SurveyChannel, string> = {
  link: 'Link',
  email: 'Email',
  widget: 'Widget',
};

/**
 * A survey's responses, latest first, a page at a time: when, who (their best identity, linked
 * to their 360° view), the score, the other answers, the free-text comment and the channel.
 */
export function ResponsesTab({ survey }: { survey: Survey }) {
  const [page, setPage] = useState(1);
  const responses = useResource(
    `responses:${survey.id}:${page}`,
    (signal) =>
      listSurveyResponses(survey.id, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    { keepPrevious: true },
  );
  const ids = [...new Set((responses.data?.items ?? []).map((r) => r.customerId))];
  // Names for the page's customers; one that cannot be read is shown by its id.
  const names = useResource(
    ids.length > 0 ? `response-customers:${ids.join(',')}` : null,
    async (signal) => {
      const found = await Promise.all(
        ids.map((id) =>
          getCustomer(id, signal).then(
            (c) => [id, bestIdentity(c).value] as const,
            () => [id, id] as const,
          ),
        ),
      );
      return new Map(found);
    },
    { keepPrevious: true },
  );

  if (responses.error && !responses.data) {
    return <ErrorState error={responses.error} onRetry={responses.reload} />;
  }
  if (!responses.data) return <LoadingState label="Loading responses…" />;
  const { total, items } = responses.data;
  if (total === 0) {
    return (
      <p className="empty">
        No responses yet. Send a link from the Delivery tab, or put the widget on your site.
      </p>
    );
  }
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, page * PAGE_SIZE);
  const primaryId = survey.questions.find((q) => q.type === 'rating')?.id;
  // Free-text answers make the comment; the rest (choices, other ratings) are the answers.
  const textIds = new Set([
    ...survey.questions.filter((q) => q.type === 'text').map((q) => q.id),
    ...survey.followUps.map((f) => f.id),
  ]);

  return (
    <div className="survey-responses">
      <p className="list-status" aria-live="polite">
        {responses.loading
          ? 'Loading…'
          : `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)} response${total === 1 ? '' : 's'}`}
      </p>
      <div className="table-wrap" aria-busy={responses.loading}>
        <table className="data-table responses-table">
          <caption className="visually-hidden">Responses to {survey.name}, latest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Customer</th>
              <th scope="col" className="num">
                Score
              </th>
              <th scope="col">Answers</th>
              <th scope="col">Comment</th>
              <th scope="col">Channel</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => {
              const lines = describeAnswers(survey, r.answers).filter((l) => l.id !== primaryId);
              const answers = lines.filter((l) => !textIds.has(l.id));
              const comments = lines.filter((l) => textIds.has(l.id));
              return (
                <tr key={r.id}>
                  <td className="nowrap">{formatDateTime(r.createdAt)}</td>
                  <th scope="row">
                    <a
                      href={customerPath(r.customerId)}
                      onClick={linkHandler(customerPath(r.customerId))}
                    >
                      {names.data?.get(r.customerId) ?? r.customerId}
                    </a>
                  </th>
                  <td className="num">{r.score ?? '—'}</td>
                  <td>
                    {answers.length === 0 ? (
                      <span className="cell-note">—</span>
                    ) : (
                      <ul className="answer-list">
                        {answers.map((l) => (
                          <li key={l.id}>
                            <span className="trait-key">{l.question}</span> {l.answer}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    {comments.length > 0 ? (
                      <ul className="answer-list">
                        {comments.map((l) => (
                          <li key={l.id}>
                            <span className="trait-key">{l.question}</span> {l.answer}
                          </li>
                        ))}
                      </ul>
                    ) : r.comment ? (
                      r.comment
                    ) : (
                      <span className="cell-note">—</span>
                    )}
                  </td>
                  <td>
                    <span className="chip">{CHANNEL_LABELS[r.channel]}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav className="pager" aria-label="Pages of responses">
          <button
            type="button"
            className="button"
            disabled={page <= 1}
            onClick={() => setPage((p) => p - 1)}
          >
            Previous
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button
            type="button"
            className="button"
            disabled={page >= pages}
            onClick={() => setPage((p) => p + 1)}
          >
            Next
          </button>
        </nav>
      )}
    </div>
  );
}
