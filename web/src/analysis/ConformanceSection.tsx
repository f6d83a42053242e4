import { useMemo } from 'react';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { ChartPanel } from '../insights/ChartPanel.tsx';
import { slug } from '../insights/TouchpointDetailPage.tsx';
import { formatCount, formatRate } from '../lib/format.ts';
import type { Resource } from '../lib/use-resource.ts';
import type { ConformanceReport, Touchpoint, UnmatchedEventKind } from '../types.ts';
import { binLabel, describeHistogram, fitnessHistogramOption } from './charts.ts';
import { describeRule, eventKindLabel } from './conformance.ts';

const fitness = (n: number | null) => (n === null ? '—' : n.toFixed(2));

/**
 * Below the map, with "Conformance" on: how far customers' real paths follow the designed order
 * (fitness), which touchpoints they skip, where they go back, and the event kinds no touchpoint
 * claims: candidate touchpoints missing from the map, each addable by an editor.
 */
export function ConformanceSection({
  journeyName,
  conformance,
  touchpoints,
  editable,
  canAdd,
  onAdd,
}: {
  journeyName: string;
  conformance: Resource<ConformanceReport>;
  touchpoints: Touchpoint[];
  editable: boolean;
  /** False when the map has no stage to put a touchpoint in. */
  canAdd: boolean;
  onAdd: (kind: UnmatchedEventKind) => void;
}) {
  const report = conformance.data;
  const names = useMemo(() => new Map(touchpoints.map((t) => [t.id, t.name])), [touchpoints]);
  const name = (id: string) => names.get(id) ?? 'Deleted touchpoint';
  const option = useMemo(
    () => (report && report.customers > 0 ? fitnessHistogramOption(report.histogram) : undefined),
    [report],
  );

  return (
    <section
      className="conformance"
      aria-labelledby="conformance-title"
      aria-busy={conformance.loading}
    >
      <h2 id="conformance-title">Conformance to the map</h2>
      {conformance.error && !report ? (
        <ErrorState
          title="Conformance could not be loaded"
          error={conformance.error}
          onRetry={conformance.reload}
        />
      ) : !report ? (
        <LoadingState label="Comparing paths with the map…" />
      ) : (
        <>
          <p className="help">
            Fitness is 1 for a customer whose touches follow the map's order without skipping a
            touchpoint, and falls with every step back and every touchpoint passed by. Skip rates
            and steps back also show on each card of the map.
          </p>
          <dl className="kpis kpis-wide">
            <div className="kpi">
              <dt>Customers</dt>
              <dd>{formatCount(report.customers)}</dd>
            </div>
            <div className="kpi">
              <dt>Mean fitness</dt>
              <dd>{fitness(report.meanFitness)}</dd>
            </div>
          </dl>

          <div className="insight-grid">
            <ChartPanel
              id="fitness-title"
              title="Fitness of customers' paths"
              option={option}
              label={describeHistogram(report)}
              fileName={`${slug(journeyName)}-fitness`}
              loading={conformance.loading}
              error={conformance.error}
              onRetry={conformance.reload}
              empty={
                report.customers === 0 ? 'No customer touched the map in this range.' : undefined
              }
              table={
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">Fitness</th>
                      <th scope="col">Customers</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.histogram.map((b) => (
                      <tr key={b.from}>
                        <th scope="row">{binLabel(b)}</th>
                        <td>{formatCount(b.customers)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              }
            />
            <section className="panel insight-panel" aria-labelledby="fitness-persona-title">
              <h2 id="fitness-persona-title">Fitness per persona</h2>
              {report.byPersona.length === 0 ? (
                <p className="empty">This workspace has no personas yet.</p>
              ) : (
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">Persona</th>
                      <th scope="col" className="num">
                        Customers
                      </th>
                      <th scope="col" className="num">
                        Mean fitness
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.byPersona.map((p) => (
                      <tr key={p.personaId}>
                        <th scope="row">{p.name}</th>
                        <td className="num">{formatCount(p.customers)}</td>
                        <td className="num">{fitness(p.meanFitness)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>

          <div className="insight-grid">
            <section className="panel insight-panel" aria-labelledby="skipped-title">
              <h2 id="skipped-title">Most skipped touchpoints</h2>
              <p className="help">
                Of the customers who went past a touchpoint's place on the map, the share who never
                met it.
              </p>
              {report.skipped.filter((s) => s.skipped > 0).length === 0 ? (
                <p className="empty">No touchpoint was skipped.</p>
              ) : (
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">Touchpoint</th>
                      <th scope="col" className="num">
                        Skipped
                      </th>
                      <th scope="col" className="num">
                        Went past
                      </th>
                      <th scope="col" className="num">
                        Rate
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.skipped
                      .filter((s) => s.skipped > 0)
                      .map((s) => (
                        <tr key={s.touchpointId}>
                          <th scope="row">{name(s.touchpointId)}</th>
                          <td className="num">{formatCount(s.skipped)}</td>
                          <td className="num">{formatCount(s.eligible)}</td>
                          <td className="num">{formatRate(s.rate)}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              )}
            </section>
            <section className="panel insight-panel" aria-labelledby="backwards-title">
              <h2 id="backwards-title">Steps back</h2>
              <p className="help">
                A touch followed by one of an earlier touchpoint on the map (repeats aside).
              </p>
              {report.backwards.length === 0 ? (
                <p className="empty">Nobody went back against the map's order.</p>
              ) : (
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">From</th>
                      <th scope="col">Back to</th>
                      <th scope="col" className="num">
                        Times
                      </th>
                      <th scope="col" className="num">
                        Customers
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.backwards.map((b) => (
                      <tr key={`${b.from}\u0000${b.to}`}>
                        <th scope="row">{name(b.from)}</th>
                        <td>{name(b.to)}</td>
                        <td className="num">{formatCount(b.count)}</td>
                        <td className="num">{formatCount(b.customers)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>

          <section className="panel insight-panel" aria-labelledby="unmatched-title">
            <h2 id="unmatched-title">Candidate touchpoints missing from the map</h2>
            <p className="help">
              Kinds of events in this range that no touchpoint's rules match, busiest first.
              {editable
                ? ' "Add to map" opens a new touchpoint with a rule that matches the kind.'
                : ''}
            </p>
            {report.unmatched.length === 0 ? (
              <p className="empty">Every event in this range matches a touchpoint.</p>
            ) : (
              <div className="table-wrap">
                <table className="data-table unmatched-table">
                  <thead>
                    <tr>
                      <th scope="col">Event kind</th>
                      <th scope="col" className="num">
                        Events
                      </th>
                      <th scope="col" className="num">
                        Customers
                      </th>
                      <th scope="col">Suggested rule</th>
                      {editable && (
                        <th scope="col">
                          <span className="visually-hidden">Action</span>
                        </th>
                      )}
                    </tr>
                  </thead>
                  <tbody>
                    {report.unmatched.map((u) => {
                      const label = eventKindLabel(u);
                      return (
                        <tr key={`${u.type}\u0000${u.event ?? ''}\u0000${u.path ?? ''}`}>
                          <th scope="row">
                            {label}
                            {u.suggestedTemplate && (
                              <span className="cell-note">
                                Like the catalog's <code>{u.suggestedTemplate}</code>
                              </span>
                            )}
                          </th>
                          <td className="num">{formatCount(u.events)}</td>
                          <td className="num">{formatCount(u.customers)}</td>
                          <td>
                            <code className="rule-code">{describeRule(u.suggestedRule)}</code>
                          </td>
                          {editable && (
                            <td>
                              <button
                                type="button"
                                className="button button-small"
                                disabled={!canAdd}
                                title={canAdd ? undefined : 'Add a stage to the map first'}
                                onClick={() => onAdd(u)}
                              >
                                Add to map<span className="visually-hidden"> for {label}</span>
                              </button>
                            </td>
                          )}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </section>
  );
}
