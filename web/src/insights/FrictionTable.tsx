import { formatCount, formatRate } from '../lib/format.ts';
import { linkHandler } from '../lib/router.ts';
import type { MapFilters } from '../map/filters.ts';
import { DesignedMarkerBadge, MeasuredMarkerBadge } from '../map/markers.tsx';
import type { MetricsReport, Stage, Touchpoint, TouchpointMetrics } from '../types.ts';
import { touchpointPath } from './paths.ts';

/**
 * Highest drop-off rate first; at equal rates the one that lost more customers first, then map
 * order. Touchpoints nobody reached have no rate to rank by and come last.
 */
export function rankByFriction(
  touchpoints: Touchpoint[],
  metrics: TouchpointMetrics[],
): Array<{ touchpoint: Touchpoint; metrics: TouchpointMetrics | undefined }> {
  const byId = new Map(metrics.map((m) => [m.touchpointId, m]));
  return touchpoints
    .map((touchpoint, order) => ({ touchpoint, metrics: byId.get(touchpoint.id), order }))
    .sort((a, b) => {
      const ra = a.metrics && a.metrics.reach > 0 ? a.metrics.dropOffRate : -1;
      const rb = b.metrics && b.metrics.reach > 0 ? b.metrics.dropOffRate : -1;
      return (
        rb - ra || (b.metrics?.droppedOff ?? 0) - (a.metrics?.droppedOff ?? 0) || a.order - b.order
      );
    })
    .map(({ touchpoint, metrics: m }) => ({ touchpoint, metrics: m }));
}

export function FrictionTable({
  journeyId,
  filters,
  report,
  stages,
  touchpoints,
}: {
  journeyId: string;
  filters: MapFilters;
  report: MetricsReport;
  stages: Stage[];
  touchpoints: Touchpoint[];
}) {
  const ranked = rankByFriction(touchpoints, report.touchpoints);
  const baseline = report.journey.baselineDropOffRate;
  const stageName = new Map(stages.map((s) => [s.id, s.name]));
  if (ranked.length === 0) return <p className="empty">This journey has no touchpoints yet.</p>;
  return (
    <div className="table-wrap">
      <table className="data-table friction-table">
        <caption className="visually-hidden">Touchpoints ranked by drop-off rate</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Touchpoint</th>
            <th scope="col">Stage</th>
            <th scope="col">Reached</th>
            <th scope="col">Dropped off</th>
            <th scope="col">Drop-off rate</th>
            <th scope="col">Measured</th>
            <th scope="col">Designed</th>
          </tr>
        </thead>
        <tbody>
          {ranked.map(({ touchpoint: t, metrics: m }, i) => {
            const href = touchpointPath(journeyId, t.id, filters);
            const measured = m && m.reach > 0;
            return (
              <tr key={t.id}>
                <td>{measured ? i + 1 : '—'}</td>
                <th scope="row">
                  <a href={href} onClick={linkHandler(href)}>
                    {t.name}
                  </a>
                </th>
                <td>{stageName.get(t.stageId) ?? '—'}</td>
                <td>{formatCount(m?.reach ?? 0)}</td>
                <td>{formatCount(m?.droppedOff ?? 0)}</td>
                <td>
                  {measured ? (
                    <span className="share">
                      <span
                        className={`share-bar${m.dropOffRate > baseline ? ' share-bar-high' : ''}`}
                        style={{ width: `${Math.round(m.dropOffRate * 100)}%` }}
                        aria-hidden="true"
                      />
                      <span className="share-text">{formatRate(m.dropOffRate)}</span>
                    </span>
                  ) : (
                    <span className="muted">not reached</span>
                  )}
                </td>
                <td>
                  {m ? (
                    <MeasuredMarkerBadge marker={m.measuredMarker} reasons={m.markerReasons} />
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <DesignedMarkerBadge marker={t.designedMarker} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
