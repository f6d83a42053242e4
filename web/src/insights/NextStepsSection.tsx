import { getNextSteps, type MetricsFilter } from '../api.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { formatCount, formatHours, formatRate } from '../lib/format.ts';
import { linkHandler } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import type { MapFilters } from '../map/filters.ts';
import { touchpointPath } from './paths.ts';

/** Where customers went after this touchpoint: the next touchpoint, the goal, or nothing yet. */
export function NextStepsSection({
  journeyId,
  touchpointId,
  filters,
  filter,
  round,
}: {
  journeyId: string;
  touchpointId: string;
  filters: MapFilters;
  filter: MetricsFilter;
  round: number;
}) {
  const next = useResource(
    `next:${touchpointId}:${JSON.stringify(filter)}:${round}`,
    (signal) => getNextSteps(touchpointId, filter, signal),
    { keepPrevious: true },
  );
  const data = next.data;
  return (
    <section className="panel insight-panel" aria-labelledby="next-title" aria-busy={next.loading}>
      <h2 id="next-title">What customers did next</h2>
      <p className="help">
        The next journey event after a visit here (repeated touches in a row count as one visit),
        and the median time it took.
      </p>
      {next.error && !data ? (
        <ErrorState
          title="Next steps could not be loaded"
          error={next.error}
          onRetry={next.reload}
        />
      ) : !data ? (
        <LoadingState label="Loading next steps…" />
      ) : data.total === 0 ? (
        <p className="empty">No touches of this touchpoint in this range.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table next-steps">
            <caption className="visually-hidden">
              Next steps after {formatCount(data.total)} visits
            </caption>
            <thead>
              <tr>
                <th scope="col">Next</th>
                <th scope="col">Visits</th>
                <th scope="col">Share</th>
                <th scope="col">Customers</th>
                <th scope="col">Median time</th>
              </tr>
            </thead>
            <tbody>
              {data.steps.map((s) => {
                const key = `${s.kind}:${s.touchpointId ?? ''}`;
                const href = s.touchpointId
                  ? touchpointPath(journeyId, s.touchpointId, filters)
                  : '';
                return (
                  <tr key={key} className={`next-${s.kind}`}>
                    <th scope="row">
                      {s.touchpointId ? (
                        <a href={href} onClick={linkHandler(href)}>
                          {s.name}
                        </a>
                      ) : s.kind === 'goal' ? (
                        <>
                          <span className="chip">Goal</span> {s.name}
                        </>
                      ) : (
                        <span className="muted">{s.name}</span>
                      )}
                    </th>
                    <td>{formatCount(s.count)}</td>
                    <td>
                      <span className="share">
                        <span
                          className="share-bar"
                          style={{ width: `${Math.round(s.share * 100)}%` }}
                          aria-hidden="true"
                        />
                        <span className="share-text">{formatRate(s.share)}</span>
                      </span>
                    </td>
                    <td>{formatCount(s.customers)}</td>
                    <td>{formatHours(s.medianHours)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
