import { primaryQuestion, type TSurvey } from '../schemas/survey.ts';
import { escapeHtml } from './escape-html.ts';

export interface EmailSnippet {
  /** The survey link itself. */
  url: string;
  /** One link per score of the primary question, each pre-selecting it on the page. */
  scoreLinks: Array<{ score: number; url: string }>;
  /** Ready to paste into an HTML email: the question and a row of score buttons (inline CSS). */
  html: string;
  /** The plain-text part of the email. */
  text: string;
}

/**
 * Email snippets for a signed survey link. A score link only pre-selects the score: the answer is
 * recorded when the customer submits the page, so that mail scanners following every link
 * (they do) cannot answer for the customer.
 *
 * @example renderEmailSnippet(csat, 'https://x/s/t').scoreLinks[4].url === 'https://x/s/t?score=5'
 */
export function renderEmailSnippet(
  survey: Pick<TSurvey, 'name' | 'questions'>,
  url: string,
): EmailSnippet {
  const primary = primaryQuestion(survey);
  const scoreLinks = primary
    ? Array.from({ length: primary.max - primary.min + 1 }, (_, i) => {
        const score = primary.min + i;
        return { score, url: `${url}?score=${score}` };
      })
    : [];
  const question = primary?.text ?? survey.name;
  const button = (l: { score: number; url: string }) =>
    `<td style="padding:2px"><a href="${escapeHtml(l.url)}" style="display:inline-block;` +
    'min-width:28px;padding:8px 6px;border:1px solid #2f6fdf;border-radius:4px;color:#2f6fdf;' +
    `font:bold 14px sans-serif;text-align:center;text-decoration:none">${l.score}</a></td>`;
  const labels =
    primary && (primary.minLabel || primary.maxLabel)
      ? `<tr><td colspan="${scoreLinks.length}" style="font:12px sans-serif;color:#555">` +
        `<span style="float:left">${escapeHtml(primary.minLabel)}</span>` +
        `<span style="float:right">${escapeHtml(primary.maxLabel)}</span></td></tr>`
      : '';
  const html = primary
    ? `<p style="font:16px sans-serif">${escapeHtml(question)}</p>\n` +
      `<table role="presentation" cellspacing="0" cellpadding="0"><tr>${scoreLinks.map(button).join('')}</tr>${labels}</table>\n` +
      `<p style="font:12px sans-serif;color:#555"><a href="${escapeHtml(url)}">Open the survey</a></p>`
    : `<p style="font:16px sans-serif"><a href="${escapeHtml(url)}">${escapeHtml(question)}</a></p>`;
  const text = primary
    ? `${question}\n${scoreLinks.map((l) => `${l.score}: ${l.url}`).join('\n')}\n`
    : `${question}\n${url}\n`;
  return { url, scoreLinks, html, text };
}
