import { type MouseEvent, useSyncExternalStore } from 'react';
import { confirmDiscard, hasUnsavedEdits } from './dirty.ts';

/**
 * A minimal history router: the app has a handful of pages, so a path match and the query string
 * are all it needs.
 */
const listeners = new Set<() => void>();
let current = window.location.pathname + window.location.search;

function notify() {
  current = window.location.pathname + window.location.search;
  for (const l of listeners) l();
}

window.addEventListener('popstate', () => {
  const next = window.location.pathname + window.location.search;
  // Back/forward cannot be cancelled; put the page back when the person keeps their edits.
  if (hasUnsavedEdits() && !confirmDiscard()) {
    window.history.pushState(null, '', current);
    return;
  }
  if (next !== current) notify();
});

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export interface Location {
  path: string;
  query: URLSearchParams;
}

/** The current path and query; re-renders on navigation. */
export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, () => current);
  const url = new URL(href, window.location.origin);
  return { path: url.pathname, query: url.searchParams };
}

export interface NavigateOptions {
  replace?: boolean;
  /** Skip the unsaved-edits check (for changes that keep the page, such as filters). */
  keepEdits?: boolean;
}

/** Goes to `to` (a path with an optional query); returns false when the person stayed. */
export function navigate(to: string, options: NavigateOptions = {}): boolean {
  if (!options.keepEdits && !confirmDiscard()) return false;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
  return true;
}

/** An onClick for `<a href>` that navigates in-app, leaving modified clicks to the browser. */
export function linkHandler(to: string) {
  return (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    navigate(to);
  };
}
