import { useState } from 'react';
import { getAutomationOutcome } from '../api.ts';
import { ChartPanel } from '../insights/ChartPanel.tsx';
import { formatDay } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import type { Automation } from '../types.ts';
import {
  differenceRows,
  hasRates,
  outcomeChartOption,
  outcomeHeadline,
  outcomeRows,
} from './outcome.ts';

/**
 * The outcome: customers who went through the automation against those who qualified while it
 * was off or before it existed — conversion to the journey's goal within its window, and reach
 * of the next stage — with the numbers behind each rate and the difference's 95 % interval.
 */
export function OutcomePanel({ automation }: { automation: Automation }) {
  const [includeOpen, setIncludeOpen] = useState(false);
  const outcome = useResource(
    `outcome:${automation.id}:${includeOpen}`,
    (signal) => getAutomationOutcome(automation.id, { includeOpen }, signal),
    { keepPrevious: true },
  );
  const o = outcome.data;
  return (
    <div className="auto-outcome">
      {o && (
        <div className="auto-outcome-head" aria-live="polite">
          <p className="lead auto-headline">{outcomeHeadline(o)}</p>
          <p className="help">
            {formatDay(o.from)} to {formatDay(o.to)}. A customer counts as converted when{' '}
            {o.goal ? <code>{o.goal}</code> : 'the goal'} follows within {o.windowDays} days of
            qualifying.
          </p>
        </div>
      )}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={includeOpen}
          onChange={(e) => setIncludeOpen(e.target.checked)}
        />
        Also count customers whose window is still open
      </label>
      <ChartPanel
        id="outcome-chart"
        title="Went through it, against qualified while it was off"
        option={o ? outcomeChartOption(o) : undefined}
        label={o ? outcomeHeadline(o) : 'The outcome'}
        fileName={`outcome-${automation.name}`}
        loading={outcome.loading}
        error={outcome.error}
        onRetry={outcome.reload}
        empty={
          o && !hasRates(o) ? 'No rate to draw yet: nobody has finished their window.' : undefined
        }
      />
      {o && (
        <>
          <div className="table-wrap auto-outcome-table">
            <table className="data-table">
              <caption className="visually-hidden">The outcome's figures</caption>
              <thead>
                <tr>
                  <th scope="col">Figure</th>
                  <th scope="col" className="num">
                    Went through it
                  </th>
                  <th scope="col" className="num">
                    Qualified while it was off
                  </th>
                </tr>
              </thead>
              <tbody>
                {outcomeRows(o).map((r) => (
                  <tr key={r.label}>
                    <th scope="row">{r.label}</th>
                    <td className="num">{r.treated}</td>
                    <td className="num">{r.control}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap auto-outcome-table">
            <table className="data-table">
              <caption className="visually-hidden">The differences</caption>
              <thead>
                <tr>
                  <th scope="col">Difference</th>
                  <th scope="col" className="num">
                    Went through minus off
                  </th>
                  <th scope="col">95% interval</th>
                  <th scope="col">Reading</th>
                </tr>
              </thead>
              <tbody>
                {differenceRows(o).map((r) => (
                  <tr key={r.label}>
                    <th scope="row">{r.label}</th>
                    <td className="num">{r.difference}</td>
                    <td>{r.interval}</td>
                    <td>{r.reading}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {o.notes.length > 0 && (
            <ul className="auto-notes">
              {o.notes.map((n) => (
                <li key={n}>{n[0]!.toUpperCase() + n.slice(1)}.</li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
