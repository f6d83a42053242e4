import { ApiError } from '../api.ts';

/**
 * A 400's field problems by the path of the builder's field: the server names them
 * `body.steps.2.yes.0.subject`; the builder's fields are named `steps.2.yes.0.subject`.
 */
export type FieldErrors = ReadonlyMap<string, string>;

export const NO_ERRORS: FieldErrors = new Map();

/** The field problems of an error (several at one path joined), keyed without `body.`. */
export function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ApiError)) return NO_ERRORS;
  return collectFieldErrors(error.fieldErrors);
}

export function collectFieldErrors(
  problems: ReadonlyArray<{ path: string; message: string }>,
): FieldErrors {
  const out = new Map<string, string>();
  for (const p of problems) {
    const path = p.path.replace(/^body\.?/, '');
    out.set(path, out.has(path) ? `${out.get(path)}; ${p.message}` : p.message);
  }
  return out;
}

/**
 * The message a field shows: its own, plus those of the parts inside it that have no field of
 * their own (a wait's `duration.amount` shows at the wait's duration).
 */
export function errorAt(errors: FieldErrors, path: string, exact = false): string | undefined {
  const own = errors.get(path);
  if (exact) return own;
  const inner = [...errors]
    .filter(([p]) => p.startsWith(`${path}.`))
    .map(([p, m]) => `${p.slice(path.length + 1)}: ${m}`);
  const all = [own, ...inner].filter(Boolean);
  return all.length > 0 ? all.join('; ') : undefined;
}

/** An element id for a field path (ids cannot hold every character a path may). */
export const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
