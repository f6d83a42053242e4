import { type FormEvent, useId, useMemo, useRef, useState } from 'react';
import {
  createSurvey,
  getJourneyMap,
  getSurvey,
  listJourneys,
  listSurveyResponses,
  updateSurvey,
} from '../api.ts';
import { ErrorState, InlineError, LoadingState } from '../components/states.tsx';
import { useDirtyGuard } from '../lib/dirty.ts';
import { linkHandler, navigate, useLocation } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';
import { canEdit, useSession } from '../session.tsx';
import type { JourneyMap, Survey } from '../types.ts';
import { FieldError, FieldErrorsContext, useFieldProps } from './field-errors.tsx';
import { surveyPath, surveysPath } from './paths.ts';
import { FollowUpEditor, QuestionEditor } from './QuestionEditor.tsx';
import {
  addFollowUp,
  addQuestion,
  changeKind,
  draftChanged,
  draftPatch,
  draftToBody,
  KIND_LABELS,
  LIMITS,
  moveItem,
  newDraft,
  QUESTION_TYPE_LABELS,
  QUESTION_TYPES,
  type QuestionType,
  SURVEY_KINDS,
  type SurveyDraft,
  toDraft,
  wholeNumber,
} from './survey-draft.ts';
import { type FieldErrors, fieldErrorsOf, fieldLabel, validateDraft } from './validate-survey.ts';

/**
 * `/surveys/new?journey=&touchpoint=` and `/surveys/:id/edit`: the survey editor. Loads what the
 * form needs (the survey, the journeys and the chosen journey's touchpoints), then hands over to
 * the form.
 */
export function SurveyEditorPage({ surveyId }: { surveyId?: string }) {
  const session = useSession();
  const { query } = useLocation();
  const survey = useResource(surveyId ? `survey:${surveyId}` : null, (signal) =>
    getSurvey(surveyId!, signal),
  );
  // Its kind is fixed once answered: the server refuses the change (409), so the form says so.
  const answered = useResource(surveyId ? `survey-answered:${surveyId}` : null, (signal) =>
    listSurveyResponses(surveyId!, { limit: 1, offset: 0 }, signal),
  );
  const back = surveyId ? surveyPath(surveyId) : surveysPath();

  if (!canEdit(session)) {
    return (
      <main className="page page-narrow" id="main">
        <a className="back-link" href={back} onClick={linkHandler(back)}>
          ← Back
        </a>
        <p className="notice">Only editors and owners create and change surveys.</p>
      </main>
    );
  }
  if (survey.error) {
    return (
      <main className="page" id="main">
        <ErrorState
          title="This survey could not be opened"
          error={survey.error}
          onRetry={survey.reload}
        />
      </main>
    );
  }
  if (surveyId && (!survey.data || answered.loading)) {
    return (
      <main className="page" id="main">
        <LoadingState label="Loading the survey…" />
      </main>
    );
  }
  return (
    <SurveyForm
      survey={survey.data}
      answers={answered.data?.total ?? 0}
      initialJourneyId={query.get('journey') ?? ''}
      initialTouchpointId={query.get('touchpoint') ?? ''}
    />
  );
}

/** Touchpoints of a map grouped by stage, in map order (for the touchpoint select). */
function stagesWithTouchpoints(map: JourneyMap | undefined) {
  if (!map) return [];
  return [...map.stages]
    .sort((a, b) => a.position - b.position)
    .map((s) => ({
      stage: s,
      touchpoints: map.touchpoints
        .filter((t) => t.stageId === s.id)
        .sort((a, b) => a.position - b.position),
    }))
    .filter((g) => g.touchpoints.length > 0);
}

function SurveyForm({
  survey,
  answers,
  initialJourneyId,
  initialTouchpointId,
}: {
  survey: Survey | undefined;
  answers: number;
  initialJourneyId: string;
  initialTouchpointId: string;
}) {
  const formId = useId();
  const [initial, setInitial] = useState<SurveyDraft>(() =>
    survey ? toDraft(survey) : newDraft('csat', initialTouchpointId),
  );
  const [draft, setDraft] = useState(initial);
  const [journeyId, setJourneyId] = useState(survey?.journeyId ?? initialJourneyId);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [newType, setNewType] = useState<QuestionType>('text');
  const summary = useRef<HTMLDivElement>(null);
  const dirty = draftChanged(initial, draft);
  useDirtyGuard(dirty);

  const journeys = useResource(survey ? null : 'journeys', (signal) => listJourneys(signal));
  const map = useResource(journeyId ? `map:${journeyId}` : null, (signal) =>
    getJourneyMap(journeyId, signal),
  );
  const groups = useMemo(() => stagesWithTouchpoints(map.data), [map.data]);
  const touchpoint = map.data?.touchpoints.find((t) => t.id === draft.touchpointId);

  /** Every change re-checks, once the person has tried to save: problems go as they are fixed. */
  const update = (next: SurveyDraft) => {
    setDraft(next);
    if (checked) setErrors(validateDraft(next));
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateDraft(draft);
    setChecked(true);
    setErrors(found);
    setError(null);
    if (Object.keys(found).length > 0) {
      summary.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const saved = survey
        ? await updateSurvey(survey.id, draftPatch(initial, draft))
        : await createSurvey(draftToBody(draft));
      setInitial(draft);
      // Saved: nothing is unsaved any more, so leaving needs no question.
      navigate(surveyPath(saved.id), { keepEdits: true });
    } catch (err) {
      const fields = fieldErrorsOf(err);
      setErrors(fields);
      setError(Object.keys(fields).length > 0 ? null : err);
      setBusy(false);
      summary.current?.focus();
    }
  };

  const cancel = () => {
    navigate(survey ? surveyPath(survey.id) : surveysPath({ journeyId: journeyId || undefined }));
  };

  const primaryAt = draft.questions.findIndex((q) => q.type === 'rating');
  const primary = primaryAt >= 0 ? draft.questions[primaryAt] : undefined;
  const scale: [number, number] | null = primary
    ? [wholeNumber(primary.min), wholeNumber(primary.max)]
    : null;
  const problems = Object.entries(errors);
  const title = survey ? `Edit ${survey.name}` : 'New survey';

  return (
    <main className="page survey-editor" id="main">
      <a
        className="back-link"
        href={survey ? surveyPath(survey.id) : surveysPath()}
        onClick={linkHandler(survey ? surveyPath(survey.id) : surveysPath())}
      >
        ← {survey ? survey.name : 'Surveys'}
      </a>
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p className="lead">
            The first rating question is the survey’s score. Follow-ups are asked only when the
            score falls in their band.
          </p>
        </div>
        {dirty && <span className="unsaved">Unsaved changes</span>}
      </div>

      <FieldErrorsContext.Provider value={{ errors, idPrefix: formId }}>
        <form className="survey-form" onSubmit={(e) => void save(e)} noValidate>
          <div
            ref={summary}
            tabIndex={-1}
            className={problems.length > 0 || error ? 'form-summary' : undefined}
            role={problems.length > 0 ? 'alert' : undefined}
          >
            {problems.length > 0 && (
              <div className="inline-error">
                <p>
                  {problems.length === 1
                    ? 'One field needs attention:'
                    : `${problems.length} fields need attention:`}
                </p>
                <ul>
                  {problems.map(([path, message]) => (
                    <li key={path}>
                      <strong>{fieldLabel(path)}:</strong> {message}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <InlineError error={error} />
          </div>

          <section className="panel" aria-labelledby={`${formId}-where`}>
            <h2 id={`${formId}-where`}>Where and what</h2>
            {survey ? (
              <p>
                At <strong>{touchpoint?.name ?? 'its touchpoint'}</strong>
                {map.data && ` on ${map.data.name}`} (a survey stays at its touchpoint).
              </p>
            ) : (
              <div className="field-row">
                <label className="field">
                  <span>Journey</span>
                  <select
                    value={journeyId}
                    onChange={(e) => {
                      setJourneyId(e.target.value);
                      update({ ...draft, touchpointId: '' });
                    }}
                  >
                    <option value="">Choose a journey</option>
                    {(journeys.data ?? []).map((j) => (
                      <option key={j.id} value={j.id}>
                        {j.name}
                      </option>
                    ))}
                  </select>
                </label>
                <TouchpointSelect
                  value={draft.touchpointId}
                  groups={groups}
                  disabled={!journeyId || !map.data}
                  onChange={(touchpointId) => update({ ...draft, touchpointId })}
                />
              </div>
            )}
            <NameField value={draft.name} onChange={(name) => update({ ...draft, name })} />
            <KindField
              kind={draft.kind}
              locked={survey !== undefined && answers > 0}
              answers={answers}
              onChange={(kind) => update(changeKind(draft, kind))}
            />
          </section>

          <section className="panel" aria-labelledby={`${formId}-questions`}>
            <h2 id={`${formId}-questions`}>Questions</h2>
            <FieldError paths={['questions']} />
            {draft.questions.length === 0 && <p className="empty">No question yet.</p>}
            <div className="question-stack">
              {draft.questions.map((q, i) => (
                <QuestionEditor
                  key={q.key}
                  question={q}
                  index={i}
                  count={draft.questions.length}
                  primary={i === primaryAt}
                  onChange={(next) =>
                    update({
                      ...draft,
                      questions: draft.questions.map((x, j) => (j === i ? next : x)),
                    })
                  }
                  onMove={(to) => update({ ...draft, questions: moveItem(draft.questions, i, to) })}
                  onRemove={() =>
                    update({ ...draft, questions: draft.questions.filter((_, j) => j !== i) })
                  }
                />
              ))}
            </div>
            {draft.questions.length < LIMITS.questions && (
              <div className="button-row add-row">
                <label className="field field-inline">
                  <span>New question</span>
                  <select
                    value={newType}
                    onChange={(e) => setNewType(e.target.value as QuestionType)}
                  >
                    {QUESTION_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {QUESTION_TYPE_LABELS[t]}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  className="button"
                  onClick={() => update(addQuestion(draft, newType))}
                >
                  Add question
                </button>
              </div>
            )}
          </section>

          <section className="panel" aria-labelledby={`${formId}-followups`}>
            <h2 id={`${formId}-followups`}>Follow-ups by score</h2>
            <p className="help">
              {scale && !Number.isNaN(scale[0]) && !Number.isNaN(scale[1])
                ? `A free-text question for the customers whose score falls in a band of ${scale[0]}–${scale[1]} (e.g. “What went wrong?” for the lowest).`
                : 'Follow-ups need a rating question: the score they follow.'}
            </p>
            <FieldError paths={['followUps']} />
            <div className="question-stack">
              {draft.followUps.map((f, i) => (
                <FollowUpEditor
                  key={f.key}
                  followUp={f}
                  index={i}
                  count={draft.followUps.length}
                  scale={scale}
                  onChange={(next) =>
                    update({
                      ...draft,
                      followUps: draft.followUps.map((x, j) => (j === i ? next : x)),
                    })
                  }
                  onMove={(to) => update({ ...draft, followUps: moveItem(draft.followUps, i, to) })}
                  onRemove={() =>
                    update({ ...draft, followUps: draft.followUps.filter((_, j) => j !== i) })
                  }
                />
              ))}
            </div>
            {draft.followUps.length < LIMITS.followUps && (
              <button type="button" className="button" onClick={() => update(addFollowUp(draft))}>
                Add follow-up
              </button>
            )}
          </section>

          <section className="panel" aria-labelledby={`${formId}-delivery`}>
            <h2 id={`${formId}-delivery`}>Asking and thanking</h2>
            <SettingsFields draft={draft} onChange={update} />
          </section>

          <div className="button-row form-foot">
            <button
              type="submit"
              className="button button-primary"
              disabled={busy || (survey && !dirty)}
            >
              {busy ? 'Saving…' : survey ? 'Save changes' : 'Create survey'}
            </button>
            <button type="button" className="button button-quiet" onClick={cancel} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      </FieldErrorsContext.Provider>
    </main>
  );
}

function NameField({ value, onChange }: { value: string; onChange: (name: string) => void }) {
  const props = useFieldProps('name');
  return (
    <label className="field">
      <span>Name</span>
      <input
        value={value}
        maxLength={LIMITS.name}
        placeholder="How did we do?"
        onChange={(e) => onChange(e.target.value)}
        {...props}
      />
      <FieldError paths={['name']} />
    </label>
  );
}

function TouchpointSelect({
  value,
  groups,
  disabled,
  onChange,
}: {
  value: string;
  groups: ReturnType<typeof stagesWithTouchpoints>;
  disabled: boolean;
  onChange: (touchpointId: string) => void;
}) {
  const props = useFieldProps('touchpointId');
  return (
    <label className="field">
      <span>Touchpoint</span>
      <select
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        {...props}
      >
        <option value="">Choose a touchpoint</option>
        {groups.map((g) => (
          <optgroup key={g.stage.id} label={`Stage ${g.stage.position + 1}: ${g.stage.name}`}>
            {g.touchpoints.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <FieldError paths={['touchpointId']} />
    </label>
  );
}

function KindField({
  kind,
  locked,
  answers,
  onChange,
}: {
  kind: SurveyDraft['kind'];
  locked: boolean;
  answers: number;
  onChange: (kind: SurveyDraft['kind']) => void;
}) {
  const name = useId();
  return (
    <fieldset className="field-group" disabled={locked}>
      <legend>Kind</legend>
      <div className="segmented">
        {SURVEY_KINDS.map((k) => (
          <label key={k} className="segment">
            <input
              type="radio"
              name={name}
              value={k}
              checked={kind === k}
              onChange={() => onChange(k)}
            />
            {KIND_LABELS[k]}
          </label>
        ))}
      </div>
      {locked && (
        <p className="help">
          The kind cannot change: the survey has {answers} response{answers === 1 ? '' : 's'}, and
          scores read the kind.
        </p>
      )}
      <FieldError paths={['kind']} />
    </fieldset>
  );
}

function SettingsFields({
  draft,
  onChange,
}: {
  draft: SurveyDraft;
  onChange: (next: SurveyDraft) => void;
}) {
  const repeatProps = useFieldProps('repeatIntervalDays');
  const thanksProps = useFieldProps('thankYou');
  return (
    <>
      <label className="checkbox survey-switch">
        <input
          type="checkbox"
          role="switch"
          aria-checked={draft.active}
          checked={draft.active}
          onChange={(e) => onChange({ ...draft, active: e.target.checked })}
        />
        Active: links work and the widget may show it
      </label>
      <FieldError paths={['active']} />
      <label className="field field-inline">
        <span>Ask the same customer again after at least</span>
        <input
          type="number"
          min={0}
          max={LIMITS.repeatIntervalDays}
          step={1}
          className="input-days"
          value={draft.repeatIntervalDays}
          onChange={(e) => onChange({ ...draft, repeatIntervalDays: e.target.value })}
          {...repeatProps}
        />
        <span>days</span>
      </label>
      <FieldError paths={['repeatIntervalDays']} />
      <label className="field">
        <span>Thank-you message</span>
        <input
          value={draft.thankYou}
          maxLength={LIMITS.thankYou}
          onChange={(e) => onChange({ ...draft, thankYou: e.target.value })}
          {...thanksProps}
        />
        <FieldError paths={['thankYou']} />
      </label>
    </>
  );
}
