import { type ContactReasonFigures, getContactReasons, type MetricsFilter } from '../api.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { formatCount, formatRate } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';

/** "+12 (+40%)", "−3", "no change": a reason's volume against the period before. */
export function describeTrend(t: ContactReasonFigures['trend']): string {
  if (t.direction === 'flat') return 'no change';
  const sign = t.change > 0 ? '+' : '−';
  const rel =
    t.relativeChange === null ? '' : ` (${sign}${Math.round(Math.abs(t.relativeChange) * 100)}%)`;
  return `${sign}${formatCount(Math.abs(t.change))}${rel}`;
}

/**
 * Why customers contacted this service touchpoint: the workspace's contact reasons (when a model
 * is trained) or themes found in the texts, with volume, trend against the period before, the
 * share of customers who came back with the same reason, and example texts.
 */
export function ContactReasonsSection({
  touchpointId,
  filter,
}: {
  touchpointId: string;
  filter: MetricsFilter;
}) {
  const res = useResource(
    `contact-reasons:${touchpointId}:${JSON.stringify(filter)}`,
    (signal) => getContactReasons(touchpointId, filter, signal),
    { keepPrevious: true },
  );
  const data = res.data;
  return (
    <section
      className="panel insight-panel"
      aria-labelledby="reasons-title"
      aria-busy={res.loading}
    >
      <h2 id="reasons-title">Why customers got in touch</h2>
      {data && (
        <p className="help">
          {data.mode === 'reasons'
            ? `Contact reasons from the workspace's trained model (held-out accuracy ${formatRate(data.model?.accuracy ?? 0)}).`
            : 'Themes found in the messages, named by their most telling words (train a contact-reason model to name reasons yourself).'}{' '}
          {formatCount(data.contacts)} messages from {formatCount(data.customers)} customers;{' '}
          {formatRate(data.repeatRate)} of them wrote more than once.
        </p>
      )}
      {res.error && !data ? (
        <ErrorState
          title="Contact reasons could not be loaded"
          error={res.error}
          onRetry={res.reload}
        />
      ) : !data ? (
        <LoadingState label="Loading contact reasons…" />
      ) : data.reasons.length === 0 ? (
        <p className="empty">No messages with text at this touchpoint in this range.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table contact-reasons">
            <caption className="visually-hidden">Contact reasons by volume</caption>
            <thead>
              <tr>
                <th scope="col">{data.mode === 'reasons' ? 'Reason' : 'Theme'}</th>
                <th scope="col">Messages</th>
                <th scope="col">Share</th>
                <th scope="col">Trend</th>
                <th scope="col">Repeat</th>
                <th scope="col">Example</th>
              </tr>
            </thead>
            <tbody>
              {data.reasons.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.name}</th>
                  <td className="num">{formatCount(r.volume)}</td>
                  <td className="num">{formatRate(r.share)}</td>
                  <td className="num">{describeTrend(r.trend)}</td>
                  <td className="num" title={`${r.repeatCustomers} of ${r.customers} customers`}>
                    {formatRate(r.repeatRate)}
                  </td>
                  <td className="example">{r.examples[0] ? `“${r.examples[0]}”` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
