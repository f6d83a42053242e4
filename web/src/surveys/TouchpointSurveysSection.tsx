import { useId } from 'react';
import type { MetricsFilter } from '../api.ts';
import { listSurveysAt } from '../api.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { linkHandler } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import { newSurveyPath, surveysPath } from './paths.ts';
import { SurveyTable, useSurveyScores } from './SurveyTable.tsx';

/**
 * The surveys at one touchpoint, with their figures over the page's range, on the touchpoint's
 * detail page; editors add one from here.
 */
export function TouchpointSurveysSection({
  journeyId,
  touchpointId,
  filter,
  editable,
}: {
  journeyId: string;
  touchpointId: string;
  /** The page's range (the persona does not narrow survey figures here). */
  filter: MetricsFilter | null;
  editable: boolean;
}) {
  const id = useId();
  const surveys = useResource(`touchpoint-surveys:${touchpointId}`, (signal) =>
    listSurveysAt({ touchpointId }, signal),
  );
  const range = filter && { from: filter.from, to: filter.to };
  const scores = useSurveyScores(surveys.data, range);
  const add = newSurveyPath({ journeyId, touchpointId });
  const all = surveysPath({ journeyId, touchpointId });

  return (
    <section className="panel insight-panel touchpoint-surveys" aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>Surveys</h2>
        <div className="button-row">
          {surveys.data && surveys.data.length > 0 && (
            <a className="button button-small" href={all} onClick={linkHandler(all)}>
              Open in Surveys
            </a>
          )}
          {editable && (
            <a className="button button-small" href={add} onClick={linkHandler(add)}>
              Add survey
            </a>
          )}
        </div>
      </div>
      {surveys.error ? (
        <ErrorState
          title="Surveys could not be loaded"
          error={surveys.error}
          onRetry={surveys.reload}
        />
      ) : !surveys.data ? (
        <LoadingState label="Loading surveys…" />
      ) : surveys.data.length === 0 ? (
        <p className="empty">
          No survey at this touchpoint yet.
          {editable ? ' Add one to ask customers how it went.' : ''}
        </p>
      ) : (
        <SurveyTable caption="Surveys at this touchpoint" surveys={surveys.data} scores={scores} />
      )}
    </section>
  );
}
