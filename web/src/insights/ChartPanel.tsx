import { lazy, type ReactNode, Suspense } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { ErrorState, LoadingState } from '../components/states.tsx';
import type { ChartOption } from './charts.ts';

const EChart = lazy(() => import('./EChart.tsx'));

/**
 * A titled panel holding one chart, with the page's loading and error states, and the same
 * figures as a table for those who cannot see the chart (or want the numbers).
 */
export function ChartPanel({
  id,
  title,
  intro,
  option,
  label,
  fileName,
  loading,
  error,
  onRetry,
  table,
  chartClassName,
  onChartClick,
  empty,
  children,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  option: ChartOption | undefined;
  label: string;
  fileName: string;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  table?: ReactNode;
  /** Extra class of the drawing area (e.g. `insight-chart-tall`). */
  chartClassName?: string;
  /** Clicks on the chart's items; offer the same through a control for keyboard users. */
  onChartClick?: (item: { dataIndex: number; seriesIndex: number; dataType?: string }) => void;
  /** Said instead of the chart when there is nothing to draw (e.g. no events in the range). */
  empty?: string;
  /** Shown under the chart (and its table), once there is a chart. */
  children?: ReactNode;
}) {
  return (
    <section className="panel insight-panel" aria-labelledby={id} aria-busy={loading}>
      <h2 id={id}>{title}</h2>
      {intro}
      {empty && !loading && !error ? (
        <p className="empty">{empty}</p>
      ) : error && !option ? (
        <ErrorState title={`${title} could not be loaded`} error={error} onRetry={onRetry} />
      ) : !option ? (
        <LoadingState label={`Loading ${title.toLowerCase()}…`} />
      ) : (
        <>
          <ErrorBoundary
            fallback={() => <p className="insight-chart-missing">The chart could not be shown.</p>}
          >
            <Suspense fallback={<div className="insight-chart" />}>
              <EChart
                option={option}
                label={label}
                title={title}
                fileName={fileName}
                className={chartClassName}
                onClick={onChartClick}
              />
            </Suspense>
          </ErrorBoundary>
          {error ? (
            <p className="inline-error" role="alert">
              Showing earlier figures: the update failed.{' '}
              <button type="button" className="link-button" onClick={onRetry}>
                Try again
              </button>
            </p>
          ) : null}
          {table && (
            <details className="insight-table">
              <summary>Show the figures as a table</summary>
              {table}
            </details>
          )}
          {children}
        </>
      )}
    </section>
  );
}
