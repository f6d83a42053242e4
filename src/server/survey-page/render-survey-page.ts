import type { TFollowUp, TSurvey, TSurveyQuestion } from '../../core/schemas/survey.ts';
import { escapeHtml as h } from '../../core/surveys/escape-html.ts';

/** A field error to show beside its question: the question id and the message. */
export interface PageError {
  id: string;
  message: string;
}

export interface SurveyPageInput {
  survey: Pick<TSurvey, 'name' | 'questions' | 'followUps'>;
  /** Where the form posts: the page's own path. */
  action: string;
  /** A score to pre-select (an email's one-click link), already checked to be on the scale. */
  preselect?: number;
  /** Values to put back after a refused submission, by question id. */
  values?: Record<string, unknown>;
  errors?: PageError[];
  /** The nonce that lets the page's one inline script run under the CSP. */
  scriptNonce: string;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1d2330;background:#f5f6f8}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem}h1{font-size:1.4rem;margin:0 0 1rem}
fieldset{border:0;margin:0 0 1.5rem;padding:0}legend{font-weight:600;margin-bottom:.5rem;padding:0}
.scale{display:flex;flex-wrap:wrap;gap:.35rem}.scale label{position:relative}
.scale input{position:absolute;opacity:0;width:100%;height:100%;margin:0;cursor:pointer}
.scale span{display:inline-block;min-width:2.75rem;padding:.6rem .5rem;text-align:center;border:2px solid #8a93a6;border-radius:.4rem;background:#fff}
.scale input:checked+span{background:#1f5fd6;border-color:#1f5fd6;color:#fff}
.scale input:focus-visible+span{outline:3px solid #f2b705;outline-offset:2px}
.ends{display:flex;justify-content:space-between;font-size:.85rem;color:#4a5266;margin-top:.25rem}
.choice label{display:block;padding:.3rem 0}textarea{width:100%;min-height:6rem;font:inherit;padding:.5rem;border:2px solid #8a93a6;border-radius:.4rem}
.error{color:#a4161a;font-weight:600}.summary{border:2px solid #a4161a;padding:.75rem;border-radius:.4rem;background:#fff}
button{font:inherit;font-weight:600;padding:.7rem 1.5rem;border:0;border-radius:.4rem;background:#1f5fd6;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #f2b705;outline-offset:2px}.hint{font-size:.85rem;color:#4a5266}`;

/** The page frame: language, viewport for phones, styles, and no referrer (the URL is a key). */
export function renderDocument(title: string, body: string, scriptNonce?: string, script = '') {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${h(title)}</title>
<style>${STYLE}</style></head>
<body><main>${body}</main>${script && scriptNonce ? `<script nonce="${h(scriptNonce)}">${script}</script>` : ''}</body></html>`;
}

const chosen = (values: Record<string, unknown> | undefined, id: string): string[] => {
  const v = values?.[id];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
};

function renderQuestion(
  q: TSurveyQuestion,
  input: SurveyPageInput,
  error: string | undefined,
  primaryId: string | undefined,
): string {
  const id = `q-${q.id}`;
  const errorId = `${id}-error`;
  const err = error ? `<p class="error" id="${errorId}">${h(error)}</p>` : '';
  const described = error ? ` aria-describedby="${errorId}"` : '';
  const required = q.required ? ' <span class="hint">(required)</span>' : '';
  const values = chosen(input.values, q.id);
  switch (q.type) {
    case 'rating': {
      const pre =
        values[0] ??
        (q.id === primaryId && input.preselect !== undefined ? String(input.preselect) : '');
      const ends =
        q.minLabel || q.maxLabel
          ? `<div class="ends" id="${id}-ends" aria-hidden="true"><span>${h(q.minLabel)}</span><span>${h(q.maxLabel)}</span></div>`
          : '';
      const radios = [];
      for (let n = q.min; n <= q.max; n++) {
        const label =
          n === q.min && q.minLabel
            ? `${n}, ${q.minLabel}`
            : n === q.max && q.maxLabel
              ? `${n}, ${q.maxLabel}`
              : `${n}`;
        radios.push(
          `<label><input type="radio" name="${h(q.id)}" value="${n}" aria-label="${h(label)}"${pre === String(n) ? ' checked' : ''}${q.required ? ' required' : ''}><span aria-hidden="true">${n}</span></label>`,
        );
      }
      return `<fieldset id="${id}"${described}${error ? ' aria-invalid="true"' : ''}><legend>${h(q.text)}${required}</legend>${err}<div class="scale" data-rating="${q.id === primaryId ? 'primary' : ''}">${radios.join('')}</div>${ends}</fieldset>`;
    }
    case 'single_choice':
    case 'multiple_choice': {
      const type = q.type === 'single_choice' ? 'radio' : 'checkbox';
      const options = q.options
        .map(
          (o) =>
            `<label><input type="${type}" name="${h(q.id)}" value="${h(o)}"${values.includes(o) ? ' checked' : ''}${q.required && type === 'radio' ? ' required' : ''}> ${h(o)}</label>`,
        )
        .join('');
      return `<fieldset id="${id}" class="choice"${described}><legend>${h(q.text)}${required}</legend>${err}${options}</fieldset>`;
    }
    case 'text':
      return `<p><label for="${id}"><strong>${h(q.text)}</strong>${required}</label>${err}<textarea id="${id}" name="${h(q.id)}" maxlength="2000"${described}${q.required ? ' required' : ''}>${h(values[0] ?? '')}</textarea></p>`;
  }
}

function renderFollowUp(f: TFollowUp, input: SurveyPageInput, error: string | undefined): string {
  const id = `f-${f.id}`;
  const err = error ? `<p class="error" id="${id}-error">${h(error)}</p>` : '';
  const band = f.minScore === f.maxScore ? `${f.minScore}` : `${f.minScore}–${f.maxScore}`;
  return `<p class="followup" data-min="${f.minScore}" data-max="${f.maxScore}"><label for="${id}"><strong>${h(f.text)}</strong> <span class="hint band">(if you chose ${band})</span></label>${err}<textarea id="${id}" name="${h(f.id)}" maxlength="2000">${h(chosen(input.values, f.id)[0] ?? '')}</textarea></p>`;
}

/**
 * Shows only the follow-up whose band holds the chosen score. Without JavaScript every follow-up
 * stays visible, labelled with its band, and the server accepts whatever is filled in.
 */
const FOLLOW_UP_SCRIPT = `(function(){var f=document.querySelectorAll('.followup');if(!f.length)return;
function show(){var c=document.querySelector('[data-rating=primary] input:checked');var s=c?Number(c.value):NaN;
for(var i=0;i<f.length;i++){var p=f[i];var on=s>=Number(p.dataset.min)&&s<=Number(p.dataset.max);p.hidden=!on;
var b=p.querySelector('.band');if(b)b.hidden=true;}}
document.addEventListener('change',show);show();})();`;

/**
 * The hosted survey page: a plain HTML form that works without JavaScript, posts to itself, and is
 * readable by screen readers (fieldsets with legends, labelled controls, errors linked to their
 * questions and summarised at the top with role=alert).
 */
export function renderSurveyPage(input: SurveyPageInput): string {
  const { survey } = input;
  const errorOf = new Map((input.errors ?? []).map((e) => [e.id, e.message]));
  const primaryId = survey.questions.find((q) => q.type === 'rating')?.id;
  const summary =
    input.errors && input.errors.length > 0
      ? `<div class="summary" role="alert"><p class="error">Please check your answers:</p><ul>${input.errors
          .map((e) => `<li>${h(e.message)}</li>`)
          .join('')}</ul></div>`
      : '';
  const body = `<h1>${h(survey.name)}</h1>${summary}
<form method="post" action="${h(input.action)}" novalidate>
${survey.questions.map((q) => renderQuestion(q, input, errorOf.get(q.id), primaryId)).join('\n')}
${survey.followUps.map((f) => renderFollowUp(f, input, errorOf.get(f.id))).join('\n')}
<button type="submit">Send</button>
</form>`;
  return renderDocument(
    survey.name,
    body,
    input.scriptNonce,
    survey.followUps.length > 0 ? FOLLOW_UP_SCRIPT : '',
  );
}

/** The page after an answer was recorded. */
export function renderThankYouPage(survey: Pick<TSurvey, 'name' | 'thankYou'>): string {
  return renderDocument(
    survey.name,
    `<h1>${h(survey.name)}</h1><p role="status">${h(survey.thankYou)}</p>`,
  );
}

/** A refused link or request, as a page: what happened in plain words. */
export function renderErrorPage(title: string, message: string): string {
  return renderDocument(title, `<h1>${h(title)}</h1><p>${h(message)}</p>`);
}
