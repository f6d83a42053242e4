import { useId, useMemo, useState } from 'react';
import { getSurveyScores, listPersonas } from '../api.ts';
import { ChartPanel } from '../insights/ChartPanel.tsx';
import { slug } from '../insights/TouchpointDetailPage.tsx';
import { formatCount } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import type { SurveyScoreGroupBy } from '../types.ts';
import {
  busiestMetric,
  describeScores,
  fillBuckets,
  formatInterval,
  formatMetric,
  groupLabel,
  METRIC_HELP,
  METRIC_LABELS,
  metricValue,
  SCORE_METRICS,
  type ScoreMetric,
  scoreBarsOption,
  scoreTrendOption,
} from './scores.ts';

const GROUPINGS: ReadonlyArray<{ by: SurveyScoreGroupBy; label: string }> = [
  { by: 'week', label: 'Week' },
  { by: 'month', label: 'Month' },
  { by: 'touchpoint', label: 'Touchpoint' },
  { by: 'stage', label: 'Stage' },
  { by: 'persona', label: 'Persona' },
];

/**
 * Survey scores per touchpoint, stage, persona, week or month (`GET /api/surveys/scores`): a
 * line over time with its 95% interval as a band (bars for the other groupings), and the table
 * of every figure beside it.
 */
export function ScoresPanel({
  title,
  journeyId,
  surveyId,
  range,
  initialGroupBy,
  initialMetric,
  fileName,
}: {
  title: string;
  journeyId?: string;
  surveyId?: string;
  /** ISO instants, `to` exclusive; null when the range cannot be asked for. */
  range: { from?: string; to?: string } | null;
  initialGroupBy: SurveyScoreGroupBy;
  /** The figure to show first; default: the one with the most answers. */
  initialMetric?: ScoreMetric;
  fileName: string;
}) {
  const id = useId();
  const [groupBy, setGroupBy] = useState<SurveyScoreGroupBy>(initialGroupBy);
  const [personaId, setPersonaId] = useState('');
  const [chosen, setChosen] = useState<ScoreMetric | undefined>(initialMetric);
  const personas = useResource('personas', (signal) => listPersonas(signal));
  const query = range && {
    groupBy,
    journeyId,
    surveyId,
    personaId: personaId || undefined,
    from: range.from,
    to: range.to,
  };
  const scores = useResource(
    query ? `survey-scores:${JSON.stringify(query)}` : null,
    (signal) => getSurveyScores(query!, signal),
    { keepPrevious: true },
  );

  const over = groupBy === 'week' || groupBy === 'month' ? groupBy : null;
  const groups = useMemo(() => {
    const raw = scores.data?.groups ?? [];
    return over ? fillBuckets(raw, over) : raw;
  }, [scores.data, over]);
  const metric = chosen ?? busiestMetric(groups);
  const option = useMemo(() => {
    if (!scores.data) return undefined;
    return over ? scoreTrendOption(groups, metric, over) : scoreBarsOption(groups, metric);
  }, [scores.data, groups, metric, over]);
  const what = metric === 'responseRate' ? 'Invited' : 'Scored';

  return (
    <ChartPanel
      id={`${id}-title`}
      title={title}
      intro={
        <>
          <form className="map-filters scores-options" onSubmit={(e) => e.preventDefault()}>
            <label className="field field-inline">
              <span>Per</span>
              <select
                value={groupBy}
                onChange={(e) => setGroupBy(e.target.value as SurveyScoreGroupBy)}
              >
                {GROUPINGS.map((g) => (
                  <option key={g.by} value={g.by}>
                    {g.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field-inline">
              <span>Figure</span>
              <select value={metric} onChange={(e) => setChosen(e.target.value as ScoreMetric)}>
                {SCORE_METRICS.map((m) => (
                  <option key={m} value={m}>
                    {METRIC_LABELS[m]}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field-inline">
              <span>Persona</span>
              <select value={personaId} onChange={(e) => setPersonaId(e.target.value)}>
                <option value="">All customers</option>
                {(personas.data ?? []).map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          </form>
          <p className="help">
            {METRIC_HELP[metric]}
            {over && ' The band is the 95% interval; weeks start on Monday (UTC).'}
          </p>
        </>
      }
      option={option}
      label={describeScores(groups, metric, groupBy)}
      fileName={`${slug(fileName)}-${metric}-per-${groupBy}`}
      loading={scores.loading}
      error={scores.error}
      onRetry={scores.reload}
      empty={
        range === null
          ? 'The start date is after the end date.'
          : scores.data && groups.length === 0
            ? 'No responses or invitations in this range.'
            : undefined
      }
    >
      <div className="table-wrap scores-table">
        <table className="data-table">
          <caption className="visually-hidden">
            {title}: {METRIC_LABELS[metric]} per {groupBy}
          </caption>
          <thead>
            <tr>
              <th scope="col">{GROUPINGS.find((g) => g.by === groupBy)?.label}</th>
              <th scope="col" className="num">
                Responses
              </th>
              <th scope="col" className="num">
                {what}
              </th>
              <th scope="col" className="num">
                {METRIC_LABELS[metric]}
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
            {groups.map((g) => {
              const v = metricValue(g, metric);
              const rate = metricValue(g, 'responseRate');
              return (
                <tr key={g.key}>
                  <th scope="row">{groupLabel(g, groupBy)}</th>
                  <td className="num">{formatCount(g.responses)}</td>
                  <td className="num">{formatCount(v.n)}</td>
                  <td className="num">{formatMetric(metric, v.value)}</td>
                  <td className="num">{formatInterval(metric, v.ci)}</td>
                  <td className="num">
                    {formatMetric('responseRate', rate.value)}
                    {rate.n > 0 && (
                      <span className="cell-note">
                        {formatCount(g.responseRate.responses)} of {formatCount(rate.n)}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </ChartPanel>
  );
}
