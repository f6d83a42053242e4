import { filtersToQuery, type MapFilters } from '../map/filters.ts';

/**
 * The addresses of the journey's pages. Each carries the map's filters (`?persona=&from=&to=`),
 * so that moving between the map, a touchpoint and the dashboard keeps the same range and persona.
 */
const journeyBase = (journeyId: string) => `/journeys/${encodeURIComponent(journeyId)}`;

export const mapPath = (journeyId: string, filters: MapFilters) =>
  `${journeyBase(journeyId)}${filtersToQuery(filters)}`;

export const dashboardPath = (journeyId: string, filters: MapFilters) =>
  `${journeyBase(journeyId)}/dashboard${filtersToQuery(filters)}`;

export const touchpointPath = (journeyId: string, touchpointId: string, filters: MapFilters) =>
  `${journeyBase(journeyId)}/touchpoints/${encodeURIComponent(touchpointId)}${filtersToQuery(filters)}`;

/** The tabs of the analysis page, as `?tab=` names them; the first is the default. */
export const ANALYSIS_TABS = ['paths', 'flow', 'funnel', 'attribution'] as const;
export type AnalysisTab = (typeof ANALYSIS_TABS)[number];

/** `?tab=` as a known tab, else the default (so an old or mistyped link still opens the page). */
export const readAnalysisTab = (query: URLSearchParams): AnalysisTab =>
  ANALYSIS_TABS.find((t) => t === query.get('tab')) ?? ANALYSIS_TABS[0];

/** `/journeys/<id>/analysis?tab=…&persona=…`: the default tab stays out of the address. */
export function analysisPath(journeyId: string, filters: MapFilters, tab?: AnalysisTab): string {
  const qs = filtersToQuery(filters);
  const tabPart = tab && tab !== ANALYSIS_TABS[0] ? `tab=${tab}` : '';
  const query = tabPart ? (qs ? `${qs}&${tabPart}` : `?${tabPart}`) : qs;
  return `${journeyBase(journeyId)}/analysis${query}`;
}

export type InsightRoute =
  | { kind: 'touchpoint'; journeyId: string; touchpointId: string }
  | { kind: 'dashboard'; journeyId: string }
  | { kind: 'analysis'; journeyId: string };

const decode = (part: string) => {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
};

/**
 * `/journeys/<id>/touchpoints/<id>`, `/journeys/<id>/dashboard` or `/journeys/<id>/analysis`;
 * undefined for other paths.
 */
export function insightRouteOf(path: string): InsightRoute | undefined {
  const tp = /^\/journeys\/([^/]+)\/touchpoints\/([^/]+)\/?$/.exec(path);
  if (tp) {
    const journeyId = decode(tp[1]!);
    const touchpointId = decode(tp[2]!);
    return journeyId && touchpointId ? { kind: 'touchpoint', journeyId, touchpointId } : undefined;
  }
  const analysis = /^\/journeys\/([^/]+)\/analysis\/?$/.exec(path);
  if (analysis) {
    const journeyId = decode(analysis[1]!);
    return journeyId ? { kind: 'analysis', journeyId } : undefined;
  }
  const dash = /^\/journeys\/([^/]+)\/dashboard\/?$/.exec(path);
  const journeyId = dash ? decode(dash[1]!) : undefined;
  return journeyId ? { kind: 'dashboard', journeyId } : undefined;
}
