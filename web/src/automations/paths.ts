/**
 * The automations' addresses: `/automations` the list, `/automations/new` the builder of a new
 * one, `/automations/<id>` one automation with `?tab=` (builder, test, runs, outcome) and
 * `&run=<runId>` for one run's steps.
 */
export type AutomationRoute = { kind: 'list' } | { kind: 'new' } | { kind: 'one'; id: string };

export const AUTOMATION_TABS = ['builder', 'test', 'runs', 'outcome'] as const;
export type AutomationTab = (typeof AUTOMATION_TABS)[number];

/** The route of a path, or undefined when it is not an automations page. */
export function automationRouteOf(path: string): AutomationRoute | undefined {
  if (path === '/automations' || path === '/automations/') return { kind: 'list' };
  if (path === '/automations/new' || path === '/automations/new/') return { kind: 'new' };
  const match = /^\/automations\/([^/]+)\/?$/.exec(path);
  if (!match) return undefined;
  try {
    return { kind: 'one', id: decodeURIComponent(match[1]!) };
  } catch {
    return undefined;
  }
}

/** `?tab=` as a known tab, else the builder. */
export const readAutomationTab = (query: URLSearchParams): AutomationTab =>
  AUTOMATION_TABS.find((t) => t === query.get('tab')) ?? 'builder';

/** The address of an automation's tab (the builder stays out of the query), or of one run. */
export function automationPath(id: string, tab: AutomationTab = 'builder', runId?: string) {
  const params = new URLSearchParams();
  if (tab !== 'builder') params.set('tab', tab);
  if (runId) params.set('run', runId);
  const qs = params.toString();
  return `/automations/${encodeURIComponent(id)}${qs ? `?${qs}` : ''}`;
}

/** The task board filtered to one touchpoint of a journey. */
export const touchpointTasksPath = (journeyId: string, touchpointId: string) =>
  `/tasks?journey=${encodeURIComponent(journeyId)}&touchpoint=${encodeURIComponent(touchpointId)}`;
