/**
 * The addresses of the survey pages:
 * `/surveys?journey=&from=&to=&touchpoint=` the list, `/surveys/new?touchpoint=&journey=` the
 * editor of a new survey, `/surveys/:id?tab=` one survey, `/surveys/:id/edit` its editor.
 */

export type SurveyRoute =
  | { kind: 'list' }
  | { kind: 'new' }
  | { kind: 'survey'; surveyId: string }
  | { kind: 'edit'; surveyId: string };

/** The tabs of a survey's page, as `?tab=` names them; the first is the default. */
export const SURVEY_TABS = ['responses', 'scores', 'delivery', 'questions'] as const;
export type SurveyTab = (typeof SURVEY_TABS)[number];

export const readSurveyTab = (query: URLSearchParams): SurveyTab =>
  SURVEY_TABS.find((t) => t === query.get('tab')) ?? SURVEY_TABS[0];

const decode = (part: string) => {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
};

/** The survey page a path names, or undefined for any other path. */
export function surveyRouteOf(path: string): SurveyRoute | undefined {
  if (/^\/surveys\/?$/.test(path)) return { kind: 'list' };
  if (/^\/surveys\/new\/?$/.test(path)) return { kind: 'new' };
  const m = /^\/surveys\/([^/]+)(\/edit)?\/?$/.exec(path);
  const surveyId = m ? decode(m[1]!) : undefined;
  if (!m || !surveyId) return undefined;
  return m[2] ? { kind: 'edit', surveyId } : { kind: 'survey', surveyId };
}

/** The list's filters as the URL holds them; dates are whole UTC days, `to` inclusive. */
export interface SurveyListFilters {
  journeyId: string;
  touchpointId: string;
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function readListFilters(query: URLSearchParams): SurveyListFilters {
  const day = (v: string | null) => (v && DAY.test(v) ? v : '');
  return {
    journeyId: query.get('journey') ?? '',
    touchpointId: query.get('touchpoint') ?? '',
    from: day(query.get('from')),
    to: day(query.get('to')),
  };
}

const withQuery = (base: string, params: Record<string, string | undefined>) => {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
  const s = qs.toString();
  return s ? `${base}?${s}` : base;
};

export const surveysPath = (f: Partial<SurveyListFilters> = {}) =>
  withQuery('/surveys', {
    journey: f.journeyId,
    touchpoint: f.touchpointId,
    from: f.from,
    to: f.to,
  });

export const newSurveyPath = (at: { touchpointId?: string; journeyId?: string } = {}) =>
  withQuery('/surveys/new', { journey: at.journeyId, touchpoint: at.touchpointId });

export const surveyPath = (id: string, tab?: SurveyTab) =>
  withQuery(`/surveys/${encodeURIComponent(id)}`, {
    tab: tab && tab !== SURVEY_TABS[0] ? tab : undefined,
  });

export const editSurveyPath = (id: string) => `/surveys/${encodeURIComponent(id)}/edit`;
