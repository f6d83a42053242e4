import { useId, useState } from 'react';
import { listCustomers } from '../api.ts';
import { describeError } from '../components/states.tsx';
import { bestIdentity, IDENTITY_LABELS } from '../lib/customer.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { useResource } from '../lib/use-resource.ts';
import type { Customer } from '../types.ts';

const RESULTS = 8;

/**
 * Finds a customer by email, user id, anonymous id or trait (the customer list's search) and
 * picks one: the search box, then the matches as radio buttons.
 */
export function CustomerPicker({
  selected,
  onSelect,
  disabled,
}: {
  selected: Customer | null;
  onSelect: (customer: Customer | null) => void;
  disabled?: boolean;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const search = useDebounced(text.trim(), 300);
  const found = useResource(
    search ? `pick-customer:${search}` : null,
    (signal) => listCustomers({ search, limit: RESULTS }, signal),
    { keepPrevious: true },
  );
  const items = search ? (found.data?.items ?? []) : [];

  return (
    <fieldset className="field-group customer-picker" disabled={disabled}>
      <legend>Customer</legend>
      <label className="field" htmlFor={`${id}-search`}>
        <span>Find a customer</span>
        <input
          id={`${id}-search`}
          type="search"
          value={text}
          maxLength={200}
          placeholder="Email, user id or anonymous id"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.preventDefault();
          }}
        />
      </label>
      <p className="list-status" aria-live="polite">
        {!search
          ? ''
          : found.loading
            ? 'Searching…'
            : found.error
              ? describeError(found.error)
              : found.data && found.data.total === 0
                ? 'No customer matches.'
                : found.data
                  ? `${found.data.total} match${found.data.total === 1 ? '' : 'es'}${found.data.total > RESULTS ? `: the first ${RESULTS}` : ''}`
                  : ''}
      </p>
      {items.length > 0 && (
        <ul className="customer-choices">
          {items.map((c) => {
            const best = bestIdentity(c);
            return (
              <li key={c.id}>
                <label className="checkbox">
                  <input
                    type="radio"
                    name={`${id}-customer`}
                    checked={selected?.id === c.id}
                    onChange={() => onSelect(c)}
                  />
                  {best.value}
                  <span className="cell-note">
                    {best.kind ? IDENTITY_LABELS[best.kind] : 'No identity'} · {c.id}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {selected && (
        <p className="picked-customer">
          For <strong>{bestIdentity(selected).value}</strong>{' '}
          <button type="button" className="link-button" onClick={() => onSelect(null)}>
            Clear<span className="visually-hidden"> the customer</span>
          </button>
        </p>
      )}
    </fieldset>
  );
}
