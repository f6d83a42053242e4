import { useMemo } from 'react';
import { getJourneyMap, listJourneys, listSurveysAt } from '../api.ts';
import { describeError, ErrorState, LoadingState } from '../components/states.tsx';
import { linkHandler, navigate, useLocation } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import { rangeProblem, toMetricsFilter } from '../map/filters.ts';
import { canEdit, useSession } from '../session.tsx';
import type { JourneyMap, Survey } from '../types.ts';
import { FatigueSettings } from './FatigueSettings.tsx';
import { newSurveyPath, readListFilters, type SurveyListFilters, surveysPath } from './paths.ts';
import { ScoresPanel } from './ScoresPanel.tsx';
import { SurveyTable, useSurveyScores } from './SurveyTable.tsx';

/** Where each touchpoint sits on its map: for sorting surveys in map order and naming stages. */
export function touchpointPlaces(maps: readonly JourneyMap[]) {
  const places = new Map<string, { name: string; stage: string; order: number }>();
  for (const map of maps) {
    const stages = [...map.stages].sort((a, b) => a.position - b.position);
    for (const tp of map.touchpoints) {
      const s = stages.findIndex((st) => st.id === tp.stageId);
      places.set(tp.id, {
        name: tp.name,
        stage: s >= 0 ? `Stage ${s + 1}: ${stages[s]!.name}` : '',
        order: Math.max(s, 0) * 10_000 + tp.position,
      });
    }
  }
  return places;
}

/**
 * `/surveys`: the workspace's surveys by journey, in map order, with their figures over the
 * range (`?journey=&from=&to=&touchpoint=`), the workspace's fatigue window, and the scores of
 * all of them per touchpoint, stage, persona or over time.
 */
export function SurveysPage() {
  const session = useSession();
  const editable = canEdit(session);
  const { query } = useLocation();
  const filters = readListFilters(query);
  const problem = rangeProblem({ personaId: '', from: filters.from, to: filters.to });
  const filter = problem ? null : toMetricsFilter({ personaId: '', ...filters });

  const journeys = useResource('journeys', (signal) => listJourneys(signal));
  const surveys = useResource(
    `surveys:${filters.journeyId}:${filters.touchpointId}`,
    (signal) =>
      listSurveysAt(
        {
          journeyId: filters.journeyId || undefined,
          touchpointId: filters.touchpointId || undefined,
        },
        signal,
      ),
    { keepPrevious: true },
  );
  const journeyIds = [...new Set((surveys.data ?? []).map((s) => s.journeyId))].sort();
  const maps = useResource(
    surveys.data ? `survey-maps:${journeyIds.join(',')}` : null,
    (signal) => Promise.all(journeyIds.map((id) => getJourneyMap(id, signal))),
    { keepPrevious: true },
  );
  const scores = useSurveyScores(surveys.data, filter);
  const places = useMemo(() => touchpointPlaces(maps.data ?? []), [maps.data]);

  const setFilters = (next: Partial<SurveyListFilters>) =>
    navigate(surveysPath({ ...filters, ...next }), { replace: true, keepEdits: true });

  const byJourney = useMemo(() => {
    const groups = new Map<string, Survey[]>();
    for (const s of surveys.data ?? []) {
      const list = groups.get(s.journeyId) ?? [];
      list.push(s);
      groups.set(s.journeyId, list);
    }
    const order = (s: Survey) => places.get(s.touchpointId)?.order ?? Number.MAX_SAFE_INTEGER;
    for (const list of groups.values()) list.sort((a, b) => order(a) - order(b));
    return [...groups.entries()];
  }, [surveys.data, places]);
  const journeyName = (id: string) =>
    journeys.data?.find((j) => j.id === id)?.name ?? maps.data?.find((m) => m.id === id)?.name;
  const touchpointName = filters.touchpointId ? places.get(filters.touchpointId)?.name : undefined;
  const create = newSurveyPath({
    journeyId: filters.journeyId || undefined,
    touchpointId: filters.touchpointId || undefined,
  });

  return (
    <main className="page surveys-page" id="main">
      <div className="page-head">
        <div>
          <h1>Surveys</h1>
          <p className="lead">
            CSAT, NPS, CES and custom questions at touchpoints, sent as links, in emails or by the
            widget on your site. Every answer lands on the customer’s timeline.
          </p>
        </div>
        {editable && (
          <a className="button button-primary" href={create} onClick={linkHandler(create)}>
            New survey
          </a>
        )}
      </div>

      <form className="map-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label className="field field-inline">
          <span>Journey</span>
          <select
            value={filters.journeyId}
            onChange={(e) => setFilters({ journeyId: e.target.value, touchpointId: '' })}
          >
            <option value="">All journeys</option>
            {(journeys.data ?? []).map((j) => (
              <option key={j.id} value={j.id}>
                {j.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-inline">
          <span>From</span>
          <input
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(e) => setFilters({ from: e.target.value })}
          />
        </label>
        <label className="field field-inline">
          <span>To</span>
          <input
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(e) => setFilters({ to: e.target.value })}
          />
        </label>
        {filters.touchpointId && (
          <span className="chip filter-chip">
            Touchpoint: {touchpointName ?? filters.touchpointId}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => setFilters({ touchpointId: '' })}
            >
              Show all<span className="visually-hidden"> touchpoints</span>
            </button>
          </span>
        )}
        <p className="filters-status" aria-live="polite">
          {problem ??
            (filters.from || filters.to
              ? 'Figures over the chosen days (UTC).'
              : 'Figures over the last 180 days.')}
        </p>
      </form>
      {journeys.error ? (
        <p className="inline-error">Journeys: {describeError(journeys.error)}</p>
      ) : null}

      {surveys.error ? (
        <ErrorState error={surveys.error} onRetry={surveys.reload} />
      ) : !surveys.data ? (
        <LoadingState label="Loading surveys…" />
      ) : surveys.data.length === 0 ? (
        <p className="empty">
          {filters.journeyId || filters.touchpointId ? 'No survey here yet.' : 'No surveys yet.'}{' '}
          {editable
            ? 'Create one here, or from a touchpoint on a journey map (“Add survey”).'
            : 'Editors create them at touchpoints.'}
        </p>
      ) : (
        byJourney.map(([journeyId, list]) => (
          <section key={journeyId} className="survey-journey" aria-labelledby={`sj-${journeyId}`}>
            <h2 id={`sj-${journeyId}`}>{journeyName(journeyId) ?? 'Journey'}</h2>
            <SurveyTable
              caption={`Surveys of ${journeyName(journeyId) ?? 'the journey'}`}
              surveys={list}
              scores={scores}
              touchpoints={places}
            />
          </section>
        ))
      )}
      {scores.error ? (
        <p className="inline-error" role="alert">
          Scores: {describeError(scores.error)}{' '}
          <button type="button" className="link-button" onClick={scores.reload}>
            Try again
          </button>
        </p>
      ) : null}

      {surveys.data && surveys.data.length > 0 && (
        <div className="survey-section">
          <ScoresPanel
            key={`${filters.journeyId}`}
            title="Scores"
            journeyId={filters.journeyId || undefined}
            range={filter}
            initialGroupBy="touchpoint"
            fileName={journeyName(filters.journeyId) ?? 'surveys'}
          />
        </div>
      )}

      <div className="survey-section">
        <FatigueSettings editable={editable} />
      </div>
    </main>
  );
}
