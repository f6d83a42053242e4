import { ApiError } from '../api.ts';

/** A spinner with a label, announced politely to screen readers. */
export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** A readable sentence for any error the app can meet. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return error.message || 'Not found.';
    if (error.status >= 500) return 'The server ran into a problem. Try again in a moment.';
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

export function ErrorState({
  title = 'This could not be loaded',
  error,
  onRetry,
}: {
  title?: string;
  error: unknown;
  onRetry?: () => void;
}) {
  return (
    <div className="state state-error" role="alert">
      <h2>{title}</h2>
      <p>{describeError(error)}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** An inline error line for forms and actions (with field problems listed, when there are). */
export function InlineError({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (!error) return null;
  const fields = error instanceof ApiError ? error.fieldErrors : [];
  return (
    <div className="inline-error" role="alert">
      <p>{fields.length > 0 ? 'Please correct these fields:' : describeError(error)}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={`${f.path}:${f.message}`}>
              <code>{f.path.replace(/^body\./, '')}</code> {f.message}
            </li>
          ))}
        </ul>
      )}
      {onDismiss && (
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
