import type { MetricsFilter } from '../api.ts';

/**
 * The map's filters as they appear in the URL: `?persona=per_…&from=2025-01-01&to=2025-03-31`.
 * Dates are whole UTC days and `to` is inclusive, as a person reads a date range.
 */
export interface MapFilters {
  personaId: string;
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function readFilters(query: URLSearchParams): MapFilters {
  const day = (v: string | null) => (v && DAY.test(v) ? v : '');
  return {
    personaId: query.get('persona') ?? '',
    from: day(query.get('from')),
    to: day(query.get('to')),
  };
}

export function filtersToQuery(filters: MapFilters): string {
  const params = new URLSearchParams();
  if (filters.personaId) params.set('persona', filters.personaId);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/** Why the range cannot be asked for, or null when it can. */
export function rangeProblem(filters: MapFilters): string | null {
  if (filters.from && filters.to && filters.from > filters.to) {
    return 'The start date is after the end date.';
  }
  return null;
}

/** The API's filter: `from` inclusive at 00:00 UTC, `to` exclusive (the day after the last day). */
export function toMetricsFilter(filters: MapFilters): MetricsFilter {
  const out: MetricsFilter = {};
  if (filters.personaId) out.personaId = filters.personaId;
  if (filters.from) out.from = `${filters.from}T00:00:00Z`;
  if (filters.to) {
    const end = new Date(`${filters.to}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    out.to = end.toISOString();
  }
  return out;
}

/** An API `to` (exclusive instant) as the last day it covers, for a date input. */
export function lastDayOf(exclusiveTo: string): string {
  return new Date(new Date(exclusiveTo).getTime() - 1).toISOString().slice(0, 10);
}
