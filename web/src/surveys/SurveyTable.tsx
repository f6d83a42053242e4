import type { MetricsFilter } from '../api.ts';
import { getSurveyScores } from '../api.ts';
import { formatCount } from '../lib/format.ts';
import { linkHandler } from '../lib/router.ts';
import { type Resource, useResource } from '../lib/use-resource.ts';
import type { Survey, SurveyGroupScores } from '../types.ts';
import { surveyPath } from './paths.ts';
import {
  emptyGroup,
  formatInterval,
  formatMetric,
  METRIC_LABELS,
  metricOfKind,
  metricValue,
} from './scores.ts';
import { KIND_LABELS } from './survey-draft.ts';

/**
 * Each survey's figures over the range: one scores request per survey (the scores API groups by
 * touchpoint, and a touchpoint may hold several surveys).
 */
export function useSurveyScores(
  surveys: readonly Survey[] | undefined,
  filter: MetricsFilter | null,
): Resource<Map<string, SurveyGroupScores>> {
  const ids = surveys?.map((s) => s.id) ?? [];
  const key =
    surveys && filter && ids.length > 0
      ? `survey-scores:${ids.join(',')}:${JSON.stringify(filter)}`
      : null;
  return useResource(
    key,
    async (signal) => {
      const answers = await Promise.all(
        ids.map((surveyId) =>
          getSurveyScores(
            { groupBy: 'touchpoint', surveyId, from: filter?.from, to: filter?.to },
            signal,
          ),
        ),
      );
      return new Map(ids.map((id, i) => [id, answers[i]!.groups[0] ?? emptyGroup(id)]));
    },
    { keepPrevious: true },
  );
}

/**
 * Surveys as a table: name, kind, on or off, and their figures over the range (responses, the
 * kind's score with its 95% interval, response rate). `touchpoints` adds a touchpoint column.
 */
export function SurveyTable({
  caption,
  surveys,
  scores,
  touchpoints,
}: {
  caption: string;
  surveys: readonly Survey[];
  scores: Resource<Map<string, SurveyGroupScores>>;
  touchpoints?: ReadonlyMap<string, { name: string; stage: string }>;
}) {
  const figure = (s: Survey) => scores.data?.get(s.id);
  const pending = scores.loading && !scores.data ? '…' : '—';
  return (
    <div className="table-wrap" aria-busy={scores.loading}>
      <table className="data-table survey-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Survey</th>
            {touchpoints && <th scope="col">Touchpoint</th>}
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Responses
            </th>
            <th scope="col" className="num">
              Score
            </th>
            <th scope="col" className="num">
              95% interval
            </th>
            <th scope="col" className="num">
              Response rate
            </th>
          </tr>
        </thead>
        <tbody>
          {surveys.map((s) => {
            const g = figure(s);
            const metric = metricOfKind(s.kind);
            const v = g ? metricValue(g, metric) : undefined;
            const rate = g ? metricValue(g, 'responseRate') : undefined;
            const tp = touchpoints?.get(s.touchpointId);
            return (
              <tr key={s.id}>
                <th scope="row">
                  <a href={surveyPath(s.id)} onClick={linkHandler(surveyPath(s.id))}>
                    {s.name}
                  </a>
                </th>
                {touchpoints && (
                  <td>
                    {tp?.name ?? 'A deleted touchpoint'}
                    {tp?.stage && <span className="cell-note">{tp.stage}</span>}
                  </td>
                )}
                <td>{KIND_LABELS[s.kind]}</td>
                <td>
                  <span className={`chip survey-status${s.active ? '' : ' survey-status-off'}`}>
                    {s.active ? 'Active' : 'Off'}
                  </span>
                </td>
                <td className="num">{g ? formatCount(g.responses) : pending}</td>
                <td className="num">
                  {v && metric !== 'responseRate' ? (
                    <>
                      <span className="visually-hidden">{METRIC_LABELS[metric]} </span>
                      {formatMetric(metric, v.value)}
                    </>
                  ) : g ? (
                    '—'
                  ) : (
                    pending
                  )}
                </td>
                <td className="num">
                  {v && metric !== 'responseRate'
                    ? formatInterval(metric, v.ci)
                    : g
                      ? '—'
                      : pending}
                </td>
                <td className="num">
                  {rate ? (
                    <>
                      {formatMetric('responseRate', rate.value)}
                      {rate.n > 0 && (
                        <span className="cell-note">of {formatCount(rate.n)} invited</span>
                      )}
                    </>
                  ) : (
                    pending
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
