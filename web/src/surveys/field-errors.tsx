import { createContext, useContext } from 'react';
import type { FieldErrors } from './validate-survey.ts';

/** The form's problems and the prefix of its error ids, for every field below it. */
export const FieldErrorsContext = createContext<{ errors: FieldErrors; idPrefix: string }>({
  errors: {},
  idPrefix: 'f',
});

const errorId = (prefix: string, path: string) => `${prefix}-err-${path.replace(/\./g, '-')}`;

/**
 * The accessibility wiring of a field: `aria-invalid` and `aria-describedby` pointing at its
 * problems (several paths for a field that shows more than one, e.g. a scale's min and max).
 */
export function useFieldProps(...paths: string[]) {
  const { errors, idPrefix } = useContext(FieldErrorsContext);
  const failing = paths.filter((p) => errors[p]);
  return failing.length > 0
    ? {
        'aria-invalid': true as const,
        'aria-describedby': failing.map((p) => errorId(idPrefix, p)).join(' '),
      }
    : {};
}

/** The problems of these fields, shown next to them (nothing when there is none). */
export function FieldError({ paths }: { paths: string[] }) {
  const { errors, idPrefix } = useContext(FieldErrorsContext);
  return (
    <>
      {paths
        .filter((p) => errors[p])
        .map((p) => (
          <span key={p} id={errorId(idPrefix, p)} className="field-error">
            {errors[p]}
          </span>
        ))}
    </>
  );
}
