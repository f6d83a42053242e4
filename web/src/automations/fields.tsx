import { createContext, type ReactNode, useContext } from 'react';
import { errorAt, type FieldErrors, fieldId, NO_ERRORS } from './field-errors.ts';

/**
 * The builder's fields: each is named by its API path (`steps.2.yes.0.subject`), so a 400 from
 * the server shows its message at the field it names, with `aria-invalid` and the message as the
 * field's description.
 */
export const FieldErrorsContext = createContext<FieldErrors>(NO_ERRORS);

interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export function Field({
  label,
  path,
  hint,
  exact,
  className,
  children,
}: {
  label: ReactNode;
  path: string;
  hint?: ReactNode;
  /** Show only this path's own problems, not those of the parts inside it. */
  exact?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  const errors = useContext(FieldErrorsContext);
  const error = errorAt(errors, path, exact);
  const id = fieldId(path);
  const described = [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean);
  return (
    <div
      className={`field auto-field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}
      data-path={path}
    >
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': described.length ? described.join(' ') : undefined,
      })}
      {hint && (
        <small id={`${id}-hint`} className="field-hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

export function TextField({
  label,
  path,
  value,
  onChange,
  hint,
  placeholder,
  maxLength,
  type = 'text',
  onFocusField,
}: {
  label: ReactNode;
  path: string;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  placeholder?: string;
  maxLength?: number;
  type?: 'text' | 'time' | 'email';
  /** Told when the field gets focus (the placeholder helper inserts into the last one). */
  onFocusField?: (el: HTMLInputElement) => void;
}) {
  return (
    <Field label={label} path={path} hint={hint}>
      {(control) => (
        <input
          {...control}
          type={type}
          value={value}
          placeholder={placeholder}
          maxLength={maxLength}
          onChange={(e) => onChange(e.target.value)}
          onFocus={(e) => onFocusField?.(e.currentTarget)}
        />
      )}
    </Field>
  );
}

export function TextAreaField({
  label,
  path,
  value,
  onChange,
  rows = 4,
  hint,
  onFocusField,
}: {
  label: ReactNode;
  path: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  hint?: ReactNode;
  onFocusField?: (el: HTMLTextAreaElement) => void;
}) {
  return (
    <Field label={label} path={path} hint={hint}>
      {(control) => (
        <textarea
          {...control}
          rows={rows}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onFocus={(e) => onFocusField?.(e.currentTarget)}
        />
      )}
    </Field>
  );
}

/** A whole number; an emptied field holds NaN, which the server answers with a 400 there. */
export function NumberField({
  label,
  path,
  value,
  onChange,
  min,
  max,
  step,
}: {
  label: ReactNode;
  path: string;
  value: number | undefined;
  onChange: (value: number) => void;
  min?: number;
  max?: number;
  step?: number;
}) {
  return (
    <Field label={label} path={path}>
      {(control) => (
        <input
          {...control}
          type="number"
          value={value === undefined || Number.isNaN(value) ? '' : value}
          min={min}
          max={max}
          step={step}
          onChange={(e) => onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))}
        />
      )}
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

export interface OptionGroup {
  label: string;
  options: Option[];
}

export function SelectField({
  label,
  path,
  value,
  onChange,
  options,
  groups,
  empty,
  exact,
}: {
  label: ReactNode;
  path: string;
  value: string;
  onChange: (value: string) => void;
  options?: readonly Option[];
  /** Options in groups (touchpoints by journey). */
  groups?: readonly OptionGroup[];
  /** A first option with the value '' (e.g. "Anyone"). */
  empty?: string;
  exact?: boolean;
}) {
  const known =
    value === '' ||
    (options ?? []).some((o) => o.value === value) ||
    (groups ?? []).some((g) => g.options.some((o) => o.value === value));
  return (
    <Field label={label} path={path} exact={exact}>
      {(control) => (
        <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
          {(empty !== undefined || value === '') && <option value="">{empty ?? 'Choose…'}</option>}
          {/* An id the lists do not hold (deleted since) stays visible rather than changing. */}
          {!known && <option value={value}>Unknown ({value})</option>}
          {(options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {(groups ?? []).map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckboxField({
  label,
  path,
  checked,
  onChange,
}: {
  label: ReactNode;
  path: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const errors = useContext(FieldErrorsContext);
  const error = errorAt(errors, path);
  const id = fieldId(path);
  return (
    <div className={`auto-check${error ? ' has-error' : ''}`} data-path={path}>
      <label className="checkbox" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </label>
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}
