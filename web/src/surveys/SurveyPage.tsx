import { useState } from 'react';
import { TabPanel, Tabs } from '../analysis/Tabs.tsx';
import { deleteSurvey, getJourneyMap, getSurvey, updateSurvey } from '../api.ts';
import { ErrorState, InlineError, LoadingState } from '../components/states.tsx';
import { touchpointPath } from '../insights/paths.ts';
import { formatCount } from '../lib/format.ts';
import { linkHandler, navigate, useLocation } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import { rangeProblem, toMetricsFilter } from '../map/filters.ts';
import { canEdit, useSession } from '../session.tsx';
import { DeliveryTab } from './DeliveryTab.tsx';
import {
  editSurveyPath,
  readListFilters,
  readSurveyTab,
  SURVEY_TABS,
  type SurveyTab,
  surveyPath,
  surveysPath,
} from './paths.ts';
import { QuestionsTab } from './QuestionsTab.tsx';
import { ResponsesTab } from './ResponsesTab.tsx';
import { ScoresPanel } from './ScoresPanel.tsx';
import { useSurveyScores } from './SurveyTable.tsx';
import {
  formatInterval,
  formatMetric,
  METRIC_LABELS,
  metricOfKind,
  metricValue,
} from './scores.ts';
import { KIND_LABELS } from './survey-draft.ts';

const TAB_LABELS: Record<SurveyTab, string> = {
  responses: 'Responses',
  scores: 'Scores',
  delivery: 'Delivery',
  questions: 'Questions',
};

/**
 * `/surveys/:id?tab=&from=&to=`: one survey with its figures over the range, and tabs for its
 * responses, its scores over time, delivery (links, email, widget) and its questions.
 */
export function SurveyPage({ surveyId }: { surveyId: string }) {
  const session = useSession();
  const editable = canEdit(session);
  const { query } = useLocation();
  const tab = readSurveyTab(query);
  const range = readListFilters(query);
  const problem = rangeProblem({ personaId: '', ...range });
  const filter = problem
    ? null
    : toMetricsFilter({ personaId: '', from: range.from, to: range.to });
  const [round, setRound] = useState(0);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const survey = useResource(
    `survey:${surveyId}:${round}`,
    (signal) => getSurvey(surveyId, signal),
    {
      keepPrevious: true,
    },
  );
  const s = survey.data;
  const map = useResource(s ? `map:${s.journeyId}` : null, (signal) =>
    getJourneyMap(s!.journeyId, signal),
  );
  const list = s ? [s] : undefined;
  const scores = useSurveyScores(list, filter);

  /** The page's address with some of its query changed (tab, range). */
  const here = (next: { tab?: SurveyTab; from?: string; to?: string }) => {
    const params = new URLSearchParams(query);
    for (const [k, v] of Object.entries(next)) {
      if (v && !(k === 'tab' && v === SURVEY_TABS[0])) params.set(k, v);
      else params.delete(k);
    }
    const qs = params.toString();
    return `${surveyPath(surveyId)}${qs ? `?${qs}` : ''}`;
  };
  const go = (next: { tab?: SurveyTab; from?: string; to?: string }) =>
    navigate(here(next), { replace: true, keepEdits: true });

  const back = (
    <a className="back-link" href={surveysPath()} onClick={linkHandler(surveysPath())}>
      ← Surveys
    </a>
  );
  if (survey.error && !s) {
    return (
      <main className="page" id="main">
        {back}
        <ErrorState
          title="This survey could not be opened"
          error={survey.error}
          onRetry={survey.reload}
        />
      </main>
    );
  }
  if (!s) {
    return (
      <main className="page" id="main">
        <LoadingState label="Loading the survey…" />
      </main>
    );
  }

  const tp = map.data?.touchpoints.find((t) => t.id === s.touchpointId);
  const stage = tp && map.data?.stages.find((st) => st.id === tp.stageId);
  const tpHref = touchpointPath(s.journeyId, s.touchpointId, { personaId: '', from: '', to: '' });
  const g = scores.data?.get(s.id);
  const metric = metricOfKind(s.kind);
  const score = g ? metricValue(g, metric) : undefined;
  const rate = g ? metricValue(g, 'responseRate') : undefined;
  const figure = (text: string | undefined) => text ?? (scores.error ? '—' : '…');

  const run = async (work: () => Promise<unknown>, after?: () => void) => {
    setBusy(true);
    setActionError(null);
    try {
      await work();
      after?.();
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  };
  const toggle = () =>
    run(
      () => updateSurvey(s.id, { active: !s.active }),
      () => setRound((r) => r + 1),
    );
  const remove = () => {
    if (
      !window.confirm(
        `Delete the survey "${s.name}" with its links and responses? The answers stay on the customers’ timelines.`,
      )
    )
      return;
    void run(
      () => deleteSurvey(s.id),
      () => navigate(surveysPath({ journeyId: s.journeyId }), { replace: true }),
    );
  };

  return (
    <main className="page insight-page survey-page" id="main">
      {back}
      <div className="page-head">
        <div>
          <h1>{s.name}</h1>
          <p className="lead">
            <span className="chip">{KIND_LABELS[s.kind]}</span>{' '}
            <span className={`chip survey-status${s.active ? '' : ' survey-status-off'}`}>
              {s.active ? 'Active' : 'Off'}
            </span>{' '}
            at{' '}
            <a href={tpHref} onClick={linkHandler(tpHref)}>
              {tp?.name ?? 'its touchpoint'}
            </a>
            {stage && ` · Stage ${stage.position + 1}: ${stage.name}`}
            {map.data && ` · ${map.data.name}`}
            {' · '}asked again after {s.repeatIntervalDays} days at the least
          </p>
        </div>
        {editable && (
          <div className="button-row survey-actions">
            <a
              className="button button-primary"
              href={editSurveyPath(s.id)}
              onClick={linkHandler(editSurveyPath(s.id))}
            >
              Edit survey
            </a>
            <button type="button" className="button" onClick={() => void toggle()} disabled={busy}>
              {s.active ? 'Switch off' : 'Switch on'}
            </button>
            <button type="button" className="button button-danger" onClick={remove} disabled={busy}>
              Delete
            </button>
          </div>
        )}
      </div>
      <InlineError error={actionError} onDismiss={() => setActionError(null)} />

      <form className="map-filters" aria-label="Range" onSubmit={(e) => e.preventDefault()}>
        <label className="field field-inline">
          <span>From</span>
          <input
            type="date"
            value={range.from}
            max={range.to || undefined}
            onChange={(e) => go({ from: e.target.value })}
          />
        </label>
        <label className="field field-inline">
          <span>To</span>
          <input
            type="date"
            value={range.to}
            min={range.from || undefined}
            onChange={(e) => go({ to: e.target.value })}
          />
        </label>
        <p className="filters-status" aria-live="polite">
          {problem ??
            (range.from || range.to
              ? 'Figures over the chosen days (UTC).'
              : 'Figures over the last 180 days.')}
        </p>
      </form>

      <section aria-label="Survey figures" className="insight-kpis">
        <dl className="kpis kpis-wide">
          <div className="kpi">
            <dt>Responses</dt>
            <dd data-testid="survey-responses">{figure(g && formatCount(g.responses))}</dd>
          </div>
          {metric !== 'responseRate' && (
            <div className="kpi">
              <dt>{METRIC_LABELS[metric]}</dt>
              <dd data-testid="survey-score">
                {figure(score && formatMetric(metric, score.value))}
                {score?.ci && <small> 95% interval {formatInterval(metric, score.ci)}</small>}
              </dd>
            </div>
          )}
          <div className="kpi">
            <dt>Response rate</dt>
            <dd data-testid="survey-rate">
              {figure(rate && formatMetric('responseRate', rate.value))}
              {g && g.responseRate.invited > 0 && (
                <small>
                  {' '}
                  {formatCount(g.responseRate.responses)} of {formatCount(g.responseRate.invited)}{' '}
                  invitations
                </small>
              )}
            </dd>
          </div>
        </dl>
      </section>

      <Tabs
        label="Survey"
        idPrefix="survey"
        tabs={SURVEY_TABS.map((t) => ({ id: t, label: TAB_LABELS[t] }))}
        selected={tab}
        onSelect={(t) => go({ tab: t })}
      />
      <TabPanel idPrefix="survey" tab={tab}>
        {tab === 'responses' && <ResponsesTab survey={s} />}
        {tab === 'scores' && (
          <ScoresPanel
            title="Scores over time"
            surveyId={s.id}
            range={filter}
            initialGroupBy="week"
            initialMetric={metric}
            fileName={s.name}
          />
        )}
        {tab === 'delivery' && (
          <DeliveryTab survey={s} editable={editable} onSent={scores.reload} />
        )}
        {tab === 'questions' && <QuestionsTab survey={s} />}
      </TabPanel>
    </main>
  );
}
