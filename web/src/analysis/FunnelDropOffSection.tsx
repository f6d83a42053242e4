import { useEffect, useRef, useState } from 'react';
import { getFunnelDropOff } from '../api.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { customerPath, formatDateTime } from '../lib/customer.ts';
import { formatCount, formatRate } from '../lib/format.ts';
import { linkHandler } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import type { FunnelRequest } from '../types.ts';

const PAGE = 20;

/**
 * The drill-down of one funnel step: the customers who reached the previous step but not this
 * one (a page at a time, each linking to their 360° page), and what they did next instead.
 */
export function FunnelDropOffSection({
  journeyId,
  body,
  step,
  previousLabel,
  stepLabel,
  onClose,
}: {
  journeyId: string;
  body: FunnelRequest;
  step: number;
  previousLabel: string;
  stepLabel: string;
  onClose: () => void;
}) {
  const funnelKey = JSON.stringify(body);
  const [page, setPage] = useState({ key: `${funnelKey}:${step}`, offset: 0 });
  // Another funnel or step starts again from the first page.
  const offset = page.key === `${funnelKey}:${step}` ? page.offset : 0;
  const dropOff = useResource(
    `funnel-drop:${journeyId}:${funnelKey}:${step}:${offset}`,
    (signal) => getFunnelDropOff(journeyId, { ...body, step, limit: PAGE, offset }, signal),
    { keepPrevious: true },
  );
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening the drill-down moves the focus to it, so a keyboard user lands on what they asked for.
  useEffect(() => {
    void step;
    heading.current?.focus();
  }, [step]);

  const data = dropOff.data;
  const total = data?.total ?? 0;
  const goTo = (next: number) => setPage({ key: `${funnelKey}:${step}`, offset: next });

  return (
    <section
      className="panel insight-panel"
      aria-labelledby="funnel-drop-title"
      aria-busy={dropOff.loading}
    >
      <div className="panel-head">
        <h2 id="funnel-drop-title" ref={heading} tabIndex={-1}>
          Dropped off before {stepLabel}
        </h2>
        <button type="button" className="button button-quiet button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="help">
        Customers who reached step {step} ({previousLabel}) but not step {step + 1} ({stepLabel})
        within the window.
      </p>
      {dropOff.error && !data ? (
        <ErrorState
          title="The drop-offs could not be loaded"
          error={dropOff.error}
          onRetry={dropOff.reload}
        />
      ) : !data ? (
        <LoadingState label="Loading drop-offs…" />
      ) : total === 0 ? (
        <p className="empty">Nobody dropped off at this step.</p>
      ) : (
        <div className="drop-grid">
          <div>
            <h3>Customers</h3>
            <p className="list-status" aria-live="polite">
              {formatCount(offset + 1)}–{formatCount(offset + data.customers.length)} of{' '}
              {formatCount(total)} customers
            </p>
            <div className="table-wrap">
              <table className="data-table funnel-drop-table">
                <thead>
                  <tr>
                    <th scope="col">Customer</th>
                    <th scope="col">Reached {previousLabel}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.customers.map((c) => (
                    <tr key={c.customerId}>
                      <th scope="row">
                        <a
                          href={customerPath(c.customerId)}
                          onClick={linkHandler(customerPath(c.customerId))}
                        >
                          {c.label || c.customerId}
                        </a>
                      </th>
                      <td>
                        <time dateTime={c.reachedAt}>{formatDateTime(c.reachedAt)}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {total > PAGE && (
              <nav className="pager" aria-label="Pages of dropped-off customers">
                <button
                  type="button"
                  className="button"
                  disabled={offset === 0 || dropOff.loading}
                  onClick={() => goTo(Math.max(0, offset - PAGE))}
                >
                  Previous
                </button>
                <span>
                  Page {Math.floor(offset / PAGE) + 1} of {Math.ceil(total / PAGE)}
                </span>
                <button
                  type="button"
                  className="button"
                  disabled={offset + PAGE >= total || dropOff.loading}
                  onClick={() => goTo(offset + PAGE)}
                >
                  Next
                </button>
              </nav>
            )}
          </div>
          <div>
            <h3>What they did next</h3>
            {data.next.length === 0 ? (
              <p className="empty">Nothing recorded.</p>
            ) : (
              <table className="data-table funnel-next-table">
                <thead>
                  <tr>
                    <th scope="col">Next step</th>
                    <th scope="col">Customers</th>
                    <th scope="col">Of dropped</th>
                  </tr>
                </thead>
                <tbody>
                  {data.next.map((n) => (
                    <tr key={n.key}>
                      <th scope="row">{n.key === '$none' ? 'Nothing more' : n.label}</th>
                      <td>{formatCount(n.customers)}</td>
                      <td>{formatRate(n.customers / total)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
