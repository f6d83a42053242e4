import { lazy, Suspense } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { describeError } from '../components/states.tsx';
import { formatCount, formatRate } from '../lib/format.ts';
import type { MetricsReport } from '../types.ts';

// ECharts is the largest dependency: it loads after the map itself is on screen.
const FunnelChart = lazy(() => import('./FunnelChart.tsx'));

export function MapSummary({
  metrics,
  loading,
  error,
  onRetry,
}: {
  metrics: MetricsReport | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
}) {
  if (error && !metrics) {
    return (
      <div className="map-summary" role="alert">
        <p className="inline-error">
          The figures could not be computed: {describeError(error)}{' '}
          <button type="button" className="link-button" onClick={onRetry}>
            Try again
          </button>
        </p>
      </div>
    );
  }
  const j = metrics?.journey;
  const figure = (value: string | undefined) => (value === undefined ? '…' : value);
  return (
    <section className="map-summary" aria-label="Journey figures" aria-busy={loading}>
      <dl className="kpis">
        <div className="kpi">
          <dt>Customers</dt>
          <dd>{figure(j && formatCount(j.customers))}</dd>
        </div>
        <div className="kpi">
          <dt>Conversions</dt>
          <dd>{figure(j && formatCount(j.conversions))}</dd>
        </div>
        <div className="kpi">
          <dt>Conversion rate</dt>
          <dd>{figure(j && formatRate(j.conversionRate))}</dd>
        </div>
      </dl>
      <div className="funnel">
        <h2 className="funnel-title">Stage funnel</h2>
        {j ? (
          <ErrorBoundary
            fallback={() => (
              <p className="funnel-chart funnel-unavailable">The chart could not be shown.</p>
            )}
          >
            <Suspense fallback={<div className="funnel-chart" />}>
              <FunnelChart steps={j.stageFunnel} />
            </Suspense>
          </ErrorBoundary>
        ) : (
          <div className="funnel-chart" />
        )}
      </div>
      {error ? (
        <p className="inline-error summary-error" role="alert">
          Showing earlier figures: {describeError(error)}
        </p>
      ) : null}
    </section>
  );
}
