import { useEffect, useId, useState } from 'react';
import { listCustomers, listPersonas } from '../api.ts';
import { describeError, ErrorState, LoadingState } from '../components/states.tsx';
import { bestIdentity, customerPath, IDENTITY_LABELS, previewTraits } from '../lib/customer.ts';
import { formatCount, formatDay } from '../lib/format.ts';
import { linkHandler, navigate, useLocation } from '../lib/router.ts';
import { useResource } from '../lib/use-resource.ts';

const PAGE_SIZE = 25;
const DEBOUNCE_MS = 300;

/** The list's state as it appears in the URL: `/customers?q=alice&persona=per_…&page=2`. */
interface ListQuery {
  search: string;
  personaId: string;
  page: number;
}

function readQuery(query: URLSearchParams): ListQuery {
  const page = Number.parseInt(query.get('page') ?? '1', 10);
  return {
    search: query.get('q') ?? '',
    personaId: query.get('persona') ?? '',
    page: Number.isFinite(page) && page >= 1 ? page : 1,
  };
}

function toUrl(q: ListQuery): string {
  const params = new URLSearchParams();
  if (q.search) params.set('q', q.search);
  if (q.personaId) params.set('persona', q.personaId);
  if (q.page > 1) params.set('page', String(q.page));
  const qs = params.toString();
  return qs ? `/customers?${qs}` : '/customers';
}

/** Filters and pages replace the history entry: Back leaves the list instead of replaying it. */
const go = (next: ListQuery) => navigate(toUrl(next), { replace: true, keepEdits: true });

export function CustomersPage() {
  const { query } = useLocation();
  const current = readQuery(query);
  const searchId = useId();
  // The box answers every keystroke; the URL (and the request) follow once typing pauses.
  const [text, setText] = useState(current.search);

  // Back/forward (or a link) can change the search under the box: show what the URL says.
  useEffect(() => {
    // (Unless the box already says that, give or take spaces the person is still typing.)
    setText((t) => (t.trim() === current.search ? t : current.search));
  }, [current.search]);

  useEffect(() => {
    const trimmed = text.trim();
    if (trimmed === current.search) return;
    const timer = window.setTimeout(
      () => go({ search: trimmed, personaId: current.personaId, page: 1 }),
      DEBOUNCE_MS,
    );
    return () => window.clearTimeout(timer);
  }, [text, current.search, current.personaId]);

  const personas = useResource('personas', (signal) => listPersonas(signal));
  const key = toUrl(current);
  const customers = useResource(
    key,
    (signal) =>
      listCustomers(
        {
          search: current.search || undefined,
          personaId: current.personaId || undefined,
          limit: PAGE_SIZE,
          offset: (current.page - 1) * PAGE_SIZE,
        },
        signal,
      ),
    { keepPrevious: true },
  );

  const total = customers.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = total === 0 ? 0 : (current.page - 1) * PAGE_SIZE + 1;
  const last = Math.min(total, current.page * PAGE_SIZE);
  const filtered = current.search !== '' || current.personaId !== '';

  return (
    <main className="page" id="main">
      <div className="page-head">
        <div>
          <h1>Customers</h1>
          <p className="lead">
            Everyone Waymark has seen, with every identity they used. Open a customer to see all of
            their interactions across channels.
          </p>
        </div>
      </div>

      <search className="customer-filters" aria-label="Customers">
        <form onSubmit={(e) => e.preventDefault()}>
          <label className="field customer-search" htmlFor={searchId}>
            <span>Search</span>
            <input
              id={searchId}
              type="search"
              value={text}
              maxLength={200}
              placeholder="Email, user id, anonymous id or trait"
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                // Enter searches at once instead of waiting for the pause.
                if (e.key === 'Enter') {
                  e.preventDefault();
                  go({ search: text.trim(), personaId: current.personaId, page: 1 });
                }
              }}
            />
          </label>
          <label className="field">
            <span>Persona</span>
            <select
              value={current.personaId}
              onChange={(e) => go({ search: text.trim(), personaId: e.target.value, page: 1 })}
            >
              <option value="">All customers</option>
              {(personas.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
              {current.personaId && !personas.data?.some((p) => p.id === current.personaId) && (
                <option value={current.personaId}>{current.personaId}</option>
              )}
            </select>
          </label>
          {filtered && (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                setText('');
                go({ search: '', personaId: '', page: 1 });
              }}
            >
              Clear
            </button>
          )}
        </form>
        {personas.error ? (
          <p className="inline-error">Personas: {describeError(personas.error)}</p>
        ) : null}
      </search>

      <p className="list-status" aria-live="polite">
        {customers.loading && customers.data
          ? 'Searching…'
          : customers.data
            ? total === 0
              ? ''
              : `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)} customer${total === 1 ? '' : 's'}`
            : ''}
      </p>

      {customers.error ? (
        <ErrorState error={customers.error} onRetry={customers.reload} />
      ) : !customers.data ? (
        <LoadingState label="Loading customers…" />
      ) : customers.data.items.length === 0 && total > 0 ? (
        <p className="empty">
          This page is past the last one.{' '}
          <button type="button" className="link-button" onClick={() => go({ ...current, page: 1 })}>
            Go to the first page
          </button>
        </p>
      ) : customers.data.items.length === 0 ? (
        <p className="empty">
          {filtered
            ? 'No customer matches this search.'
            : 'No customers yet. They appear as soon as events arrive through the ingestion API.'}
        </p>
      ) : (
        <div className="table-wrap" aria-busy={customers.loading}>
          <table className="data-table customer-table">
            <caption className="visually-hidden">Customers</caption>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">Traits</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {customers.data.items.map((c) => {
                const best = bestIdentity(c);
                const traits = previewTraits(c);
                return (
                  <tr key={c.id}>
                    <th scope="row">
                      <a href={customerPath(c.id)} onClick={linkHandler(customerPath(c.id))}>
                        {best.value}
                      </a>
                      <span className="cell-note">
                        {best.kind ? IDENTITY_LABELS[best.kind] : 'No identity'}
                        {c.mergedIds.length > 0 &&
                          ` · ${c.mergedIds.length} merged profile${c.mergedIds.length === 1 ? '' : 's'}`}
                      </span>
                    </th>
                    <td>
                      {traits.length === 0 ? (
                        <span className="cell-note">—</span>
                      ) : (
                        <ul className="trait-preview">
                          {traits.map(([k, v]) => (
                            <li key={k}>
                              <span className="trait-key">{k}</span> {v}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>{c.firstSeen ? formatDay(c.firstSeen) : '—'}</td>
                    <td>{c.lastSeen ? formatDay(c.lastSeen) : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {customers.data && pages > 1 && (
        <nav className="pager" aria-label="Pages">
          <button
            type="button"
            className="button"
            disabled={current.page <= 1}
            onClick={() => go({ ...current, page: current.page - 1 })}
          >
            Previous
          </button>
          <span>
            Page {current.page} of {pages}
          </span>
          <button
            type="button"
            className="button"
            disabled={current.page >= pages}
            onClick={() => go({ ...current, page: current.page + 1 })}
          >
            Next
          </button>
        </nav>
      )}
    </main>
  );
}
