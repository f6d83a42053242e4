import { useState } from 'react';
import { listDroppedOff, type MetricsFilter } from '../api.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { customerPath, formatDateTime } from '../lib/customer.ts';
import { formatCount } from '../lib/format.ts';
import { linkHandler } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';

const PAGE = 20;

/** The customers whose touch here was their last before a lapse, latest first, a page at a time. */
export function DroppedOffSection({
  touchpointId,
  filter,
  inactivityDays,
  round,
}: {
  touchpointId: string;
  filter: MetricsFilter;
  inactivityDays: number;
  /** Bumped when the rules change, to load again. */
  round: number;
}) {
  // The page keys this by range and persona: a new filter starts again from the first page.
  const [offset, setOffset] = useState(0);
  const page = useResource(
    `dropped:${touchpointId}:${JSON.stringify(filter)}:${offset}:${round}`,
    (signal) => listDroppedOff(touchpointId, filter, { limit: PAGE, offset }, signal),
    { keepPrevious: true },
  );
  const data = page.data;
  const total = data?.total ?? 0;
  return (
    <section
      className="panel insight-panel"
      aria-labelledby="dropped-title"
      aria-busy={page.loading}
    >
      <h2 id="dropped-title">Dropped off after it</h2>
      <p className="help">
        Customers whose touch here was followed by {inactivityDays} days without any journey event,
        before they reached the goal. Latest first.
      </p>
      {page.error && !data ? (
        <ErrorState
          title="Drop-offs could not be loaded"
          error={page.error}
          onRetry={page.reload}
        />
      ) : !data ? (
        <LoadingState label="Loading drop-offs…" />
      ) : total === 0 ? (
        <p className="empty">Nobody dropped off after this touchpoint in this range.</p>
      ) : (
        <>
          <p className="list-status" aria-live="polite">
            {formatCount(offset + 1)}–{formatCount(offset + data.items.length)} of{' '}
            {formatCount(total)} customers
          </p>
          <div className="table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  <th scope="col">Last touch</th>
                  <th scope="col">Came back</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((c) => (
                  <tr key={c.customerId}>
                    <th scope="row">
                      <a
                        href={customerPath(c.customerId)}
                        onClick={linkHandler(customerPath(c.customerId))}
                      >
                        {c.label ?? c.customerId}
                      </a>
                    </th>
                    <td>
                      <time dateTime={c.lastTouchAt}>{formatDateTime(c.lastTouchAt)}</time>
                    </td>
                    <td>
                      {c.returnedAt ? (
                        <time dateTime={c.returnedAt}>{formatDateTime(c.returnedAt)}</time>
                      ) : (
                        <span className="muted">Not yet</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {total > PAGE && (
            <nav className="pager" aria-label="Pages of drop-offs">
              <button
                type="button"
                className="button"
                disabled={offset === 0 || page.loading}
                onClick={() => setOffset(Math.max(0, offset - PAGE))}
              >
                Previous
              </button>
              <span>
                Page {Math.floor(offset / PAGE) + 1} of {Math.ceil(total / PAGE)}
              </span>
              <button
                type="button"
                className="button"
                disabled={offset + PAGE >= total || page.loading}
                onClick={() => setOffset(offset + PAGE)}
              >
                Next
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
