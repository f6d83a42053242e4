import type { Survey, SurveyQuestion } from '../types.ts';
import { QUESTION_TYPE_LABELS } from './survey-draft.ts';

function describeQuestion(q: SurveyQuestion): string {
  switch (q.type) {
    case 'rating':
      return `${q.min} (${q.minLabel || 'lowest'}) to ${q.max} (${q.maxLabel || 'highest'})`;
    case 'single_choice':
    case 'multiple_choice':
      return q.options.join(' · ');
    case 'text':
      return 'Free text';
  }
}

/** What the survey asks, in order, as its customers see it (read-only; editors use the editor). */
export function QuestionsTab({ survey }: { survey: Survey }) {
  const primary = survey.questions.find((q) => q.type === 'rating');
  return (
    <div className="survey-questions">
      <ol className="question-list">
        {survey.questions.map((q) => (
          <li key={q.id}>
            <p className="question-text">
              {q.text}
              {q.required && <span className="chip">Required</span>}
              {q === primary && <span className="chip">The score</span>}
            </p>
            <p className="cell-note">
              {QUESTION_TYPE_LABELS[q.type]} · {describeQuestion(q)} · answer id <code>{q.id}</code>
            </p>
          </li>
        ))}
      </ol>
      <h3 className="subhead">Follow-ups</h3>
      {survey.followUps.length === 0 ? (
        <p className="empty">None: every customer sees the same questions.</p>
      ) : (
        <ul className="question-list">
          {survey.followUps.map((f) => (
            <li key={f.id}>
              <p className="question-text">{f.text}</p>
              <p className="cell-note">
                Asked when the score is {f.minScore}–{f.maxScore} · answer id <code>{f.id}</code>
              </p>
            </li>
          ))}
        </ul>
      )}
      <h3 className="subhead">After answering</h3>
      <p>{survey.thankYou}</p>
    </div>
  );
}
