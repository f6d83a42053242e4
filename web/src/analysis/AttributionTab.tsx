import { useMemo, useState } from 'react';
import { type AttributionOptions, getAttribution } from '../api.ts';
import { ErrorState, LoadingState } from '../components/states.tsx';
import { ChartPanel } from '../insights/ChartPanel.tsx';
import { slug } from '../insights/TouchpointDetailPage.tsx';
import { formatCount, formatRate } from '../lib/format.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { useResource } from '../lib/use-resource.ts';
import type { AttributionBy } from '../types.ts';
import { attributionOption, attributionRows, type MODELS, modelsOf } from './charts.ts';
import { attributionProblem, readWholeNumber } from './options.ts';
import { type TabProps, useTabStatus } from './tab-props.ts';

/** Credit: fractions of a conversion, to two places at most ("1.25", "2"). */
const credit = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
export const formatCredit = (n: number) => credit.format(n);

const POSITION_LABELS = ['First', 'Middle', 'Last'] as const;

/**
 * Every attribution model side by side for the journey's conversions: one table (conversions or
 * value per channel or touchpoint, per model, with Markov's removal effects), the same as grouped
 * bars, the totals and the server's notes on how it counted.
 */
export function AttributionTab({
  journey,
  filter,
  problem,
  onStatus,
  options,
  onOptions,
}: TabProps<AttributionOptions>) {
  // The fields hold text while typed; the options take it once it reads as a number.
  const [text, setText] = useState(() => ({
    lookback: options.lookbackDays === null ? '' : String(options.lookbackDays),
    halfLife: String(options.halfLifeDays),
    position: options.position.map(String) as [string, string, string],
  }));
  const [metric, setMetric] = useState<'conversions' | 'value'>('conversions');
  const draft: AttributionOptions = {
    ...options,
    lookbackDays: text.lookback.trim() === '' ? null : (readWholeNumber(text.lookback) ?? -1),
    halfLifeDays: Number(text.halfLife),
    position: text.position.map((p) => (p.trim() === '' ? Number.NaN : Number(p))) as [
      number,
      number,
      number,
    ],
  };
  const optionsProblem = attributionProblem(draft);
  const request = useDebounced(JSON.stringify({ filter, options: draft }), 400);
  const attribution = useResource(
    problem || optionsProblem ? null : `attribution:${journey.id}:${request}`,
    (signal) => {
      const r = JSON.parse(request) as { filter: typeof filter; options: AttributionOptions };
      return getAttribution(journey.id, r.filter, r.options, signal);
    },
    { keepPrevious: true },
  );
  useTabStatus(onStatus, attribution);
  const report = optionsProblem ? undefined : attribution.data;
  const rows = useMemo(() => (report ? attributionRows(report) : []), [report]);
  const models = report ? modelsOf(report) : [];
  const option = useMemo(
    () => (report && report.totals.conversions > 0 ? attributionOption(report, metric) : undefined),
    [report, metric],
  );
  const update = (next: Partial<typeof text>) => {
    const merged = { ...text, ...next };
    setText(merged);
    const lookback = merged.lookback.trim() === '' ? null : readWholeNumber(merged.lookback);
    const halfLife = Number(merged.halfLife);
    const position = merged.position.map(Number) as [number, number, number];
    onOptions({
      ...options,
      lookbackDays: lookback ?? options.lookbackDays,
      halfLifeDays: Number.isFinite(halfLife) && halfLife > 0 ? halfLife : options.halfLifeDays,
      position: position.every(Number.isFinite) ? position : options.position,
    });
  };
  const byLabel = options.by === 'channel' ? 'Channel' : 'Touchpoint';
  const empty = problem
    ? 'Pick a valid date range above.'
    : optionsProblem
      ? 'Fix the options above to see the models.'
      : report && report.totals.conversions === 0
        ? 'No conversions in this range: nothing to attribute.'
        : undefined;
  const sum = (id: (typeof MODELS)[number]['id']) =>
    rows.reduce((s, r) => s + (r.models[id]?.[metric] ?? 0), 0);

  return (
    <div className="analysis-tab">
      <form
        className="analysis-options"
        aria-label="Attribution options"
        onSubmit={(e) => e.preventDefault()}
      >
        <label className="field field-inline">
          <span>Credit</span>
          <select
            value={options.by}
            onChange={(e) => onOptions({ ...options, by: e.target.value as AttributionBy })}
          >
            <option value="channel">Channels</option>
            <option value="touchpoint">Touchpoints</option>
          </select>
        </label>
        <label className="field field-inline">
          <span>Lookback (days)</span>
          <input
            type="number"
            min={1}
            max={365}
            step={1}
            inputMode="numeric"
            className="input-narrow"
            placeholder={String(journey.settings.conversionWindowDays)}
            value={text.lookback}
            onChange={(e) => update({ lookback: e.target.value })}
          />
        </label>
        <label className="field field-inline">
          <span>Half-life (days)</span>
          <input
            type="number"
            min={0.1}
            step="any"
            inputMode="decimal"
            className="input-narrow"
            value={text.halfLife}
            onChange={(e) => update({ halfLife: e.target.value })}
          />
        </label>
        <fieldset className="inline-fields">
          <legend>Position weights</legend>
          {POSITION_LABELS.map((name, i) => (
            <label key={name} className="field field-inline">
              <span>{name}</span>
              <input
                type="number"
                min={0}
                max={1}
                step={0.05}
                inputMode="decimal"
                className="input-narrow"
                value={text.position[i]}
                onChange={(e) => {
                  const position = [...text.position] as [string, string, string];
                  position[i] = e.target.value;
                  update({ position });
                }}
              />
            </label>
          ))}
        </fieldset>
        <label className="field field-inline">
          <span>Markov order</span>
          <select
            value={options.markovOrder}
            onChange={(e) => onOptions({ ...options, markovOrder: Number(e.target.value) })}
          >
            {[1, 2, 3].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="inline-radios">
          <legend className="visually-hidden">Show</legend>
          {(
            [
              ['conversions', 'Conversions'],
              ['value', 'Value'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="segment">
              <input
                type="radio"
                name="attribution-metric"
                value={value}
                checked={metric === value}
                onChange={() => setMetric(value)}
              />
              {label}
            </label>
          ))}
        </fieldset>
      </form>
      {optionsProblem && (
        <p className="inline-error" role="alert">
          {optionsProblem}
        </p>
      )}

      {report && (
        <section aria-label="Attribution totals" className="insight-kpis">
          <dl className="kpis kpis-wide kpis-five">
            <div className="kpi">
              <dt>Conversions</dt>
              <dd>{formatCount(report.totals.conversions)}</dd>
            </div>
            <div className="kpi">
              <dt>Value</dt>
              <dd>{formatCredit(report.totals.value)}</dd>
            </div>
            <div className="kpi">
              <dt>Converting paths</dt>
              <dd>{formatCount(report.totals.convertingPaths)}</dd>
            </div>
            <div className="kpi">
              <dt>Non-converting paths</dt>
              <dd>{formatCount(report.totals.nonConvertingPaths)}</dd>
            </div>
            <div className="kpi">
              <dt>Unattributed</dt>
              <dd>
                {formatCount(report.totals.unattributed)}
                {report.totals.unattributedValue > 0 && (
                  <small> (value {formatCredit(report.totals.unattributedValue)})</small>
                )}
              </dd>
            </div>
          </dl>
        </section>
      )}

      <section
        className="panel insight-panel"
        aria-labelledby="attribution-table-title"
        aria-busy={attribution.loading}
      >
        <h2 id="attribution-table-title">
          {metric === 'conversions' ? 'Conversions' : 'Value'} credited per {byLabel.toLowerCase()},
          by model
        </h2>
        <p className="help">
          Each column splits the same conversions between the {byLabel.toLowerCase()}s on their
          paths, by its own rule; the Markov removal effect is the share of conversions lost if the{' '}
          {byLabel.toLowerCase()} were taken away. Conversions with no touch in the lookback are
          unattributed and left out of every column.
        </p>
        {empty && !attribution.loading ? (
          <p className="empty">{empty}</p>
        ) : attribution.error && !report ? (
          <ErrorState
            title="The attribution could not be loaded"
            error={attribution.error}
            onRetry={attribution.reload}
          />
        ) : !report ? (
          <LoadingState label="Running the models…" />
        ) : (
          <div className="table-wrap">
            <table className="data-table attribution-table">
              <thead>
                <tr>
                  <th scope="col">{byLabel}</th>
                  {models.map((m) => (
                    <th key={m.id} scope="col" className="num">
                      {m.label}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    Removal effect
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key} data-key={r.key}>
                    <th scope="row">
                      {r.label}
                      {options.by === 'touchpoint' && r.channel && (
                        <span className="cell-note">{r.channel}</span>
                      )}
                    </th>
                    {models.map((m) => (
                      <td key={m.id} className="num" data-model={m.id}>
                        {formatCredit(r.models[m.id]?.[metric] ?? 0)}
                      </td>
                    ))}
                    <td className="num">
                      {r.removalEffect === null ? '—' : formatRate(r.removalEffect)}
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  {models.map((m) => (
                    <td key={m.id} className="num">
                      {formatCredit(sum(m.id))}
                    </td>
                  ))}
                  <td />
                </tr>
              </tfoot>
            </table>
          </div>
        )}
        {report && report.notes.length > 0 && (
          <ul className="attribution-notes">
            {report.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </section>

      <ChartPanel
        id="attribution-chart-title"
        title="Models compared"
        intro={
          <p className="help">
            The same credit as grouped bars: where the models agree, the {byLabel.toLowerCase()}'s
            part is robust; where they differ, it depends on the rule.
          </p>
        }
        option={problem || optionsProblem ? undefined : option}
        label={
          report
            ? `${metric === 'conversions' ? 'Conversions' : 'Value'} per ${byLabel.toLowerCase()} under ${models.length} models: ${rows
                .map((r) => `${r.label} first touch ${formatCredit(r.models.first?.[metric] ?? 0)}`)
                .join(', ')}.`
            : 'Loading'
        }
        fileName={`${slug(journey.name)}-attribution`}
        loading={attribution.loading}
        error={attribution.error}
        onRetry={attribution.reload}
        empty={empty}
      />
    </div>
  );
}
