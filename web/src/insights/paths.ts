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

export type InsightRoute =
  | { kind: 'touchpoint'; journeyId: string; touchpointId: string }
  | { kind: 'dashboard'; journeyId: string };

const decode = (part: string) => {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
};

/** `/journeys/<id>/touchpoints/<id>` or `/journeys/<id>/dashboard`; undefined for other paths. */
export function insightRouteOf(path: string): InsightRoute | undefined {
  const tp = /^\/journeys\/([^/]+)\/touchpoints\/([^/]+)\/?$/.exec(path);
  if (tp) {
    const journeyId = decode(tp[1]!);
    const touchpointId = decode(tp[2]!);
    return journeyId && touchpointId ? { kind: 'touchpoint', journeyId, touchpointId } : undefined;
  }
  const dash = /^\/journeys\/([^/]+)\/dashboard\/?$/.exec(path);
  const journeyId = dash ? decode(dash[1]!) : undefined;
  return journeyId ? { kind: 'dashboard', journeyId } : undefined;
}
