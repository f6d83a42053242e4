import type { ReactNode } from 'react';
import { describeError } from '../components/states.tsx';
import { formatDay } from '../lib/format.ts';
import type { MetricsReport, Persona } from '../types.ts';
import type { MapFilters } from './filters.ts';

export function MapFiltersBar({
  filters,
  problem,
  personas,
  personasError,
  metrics,
  loading,
  onChange,
  children,
}: {
  filters: MapFilters;
  problem: string | null;
  personas: Persona[];
  personasError: unknown;
  /** The range the figures on screen cover (any report that names its range). */
  metrics: Pick<MetricsReport, 'from' | 'to'> | undefined;
  loading: boolean;
  onChange: (next: MapFilters) => void;
  /** More controls of the page's toolbar (e.g. the map's conformance toggle). */
  children?: ReactNode;
}) {
  const active = filters.personaId || filters.from || filters.to;
  const range = metrics
    ? `${formatDay(metrics.from)} – ${formatDay(new Date(new Date(metrics.to).getTime() - 1).toISOString())}`
    : '';
  return (
    <form className="map-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <label className="field field-inline">
        <span>Persona</span>
        <select
          value={filters.personaId}
          onChange={(e) => onChange({ ...filters, personaId: e.target.value })}
        >
          <option value="">All customers</option>
          {personas.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
          {filters.personaId && !personas.some((p) => p.id === filters.personaId) && (
            <option value={filters.personaId}>{filters.personaId}</option>
          )}
        </select>
      </label>
      <label className="field field-inline">
        <span>From</span>
        <input
          type="date"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(e) => onChange({ ...filters, from: e.target.value })}
        />
      </label>
      <label className="field field-inline">
        <span>To</span>
        <input
          type="date"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(e) => onChange({ ...filters, to: e.target.value })}
        />
      </label>
      {active && (
        <button
          type="button"
          className="button button-quiet"
          onClick={() => onChange({ personaId: '', from: '', to: '' })}
        >
          Reset
        </button>
      )}
      {children}
      <p className="filters-status" aria-live="polite">
        {problem ? (
          <span className="inline-error">{problem}</span>
        ) : loading ? (
          'Updating figures…'
        ) : metrics ? (
          <>
            Events of {range}
            {!filters.from && !filters.to && ' (the last 180 days)'}
          </>
        ) : null}
        {personasError ? (
          <span className="inline-error"> Personas: {describeError(personasError)}</span>
        ) : null}
      </p>
    </form>
  );
}
