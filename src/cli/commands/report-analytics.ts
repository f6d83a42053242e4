import type { TJourneyAttribution } from '../../core/attribution/journey-attribution.ts';
import type { TConformanceReport } from '../../core/conformance/conformance-report.ts';
import { AppError } from '../../core/errors.ts';
import type {
  FunnelReport,
  FunnelStepRef,
  JourneyPaths,
} from '../../core/journey-analytics/types.ts';
import type { TJourney } from '../../core/schemas/journey.ts';
import type { TPersona } from '../../core/schemas/persona.ts';
import type { TTouchpoint } from '../../core/schemas/touchpoint.ts';
import { optionString, type ParsedArgs, requireOption } from '../args.ts';
import { type Backend, resolveWorkspace } from '../backend.ts';
import { formatTable } from './format-table.ts';

/**
 * `waymark report paths|funnel|conformance|attribution`: the journey analytics of a workspace,
 * asked of the REST API (in-process, or of the running server), so the CLI answers exactly what
 * the API and the web app show. Options map one to one onto the API's query parameters.
 */
export type AnalyticsReport = 'paths' | 'funnel' | 'conformance' | 'attribution';

interface Context {
  backend: Backend;
  workspaceId: string;
  journey: TJourney;
  touchpoints: TTouchpoint[];
  /** The shared query parameters: range and persona. */
  query: URLSearchParams;
}

const pct = (x: number | null) => (x === null ? '' : `${(x * 100).toFixed(1)}%`);
const num = (x: number, digits = 2) => x.toFixed(digits);
const hours = (h: number | null) => {
  if (h === null) return '';
  if (h < 1) return `${Math.round(h * 60)} min`;
  return h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} d`;
};

/** Maps `--kebab-case` options onto API query parameters, leaving out those not given. */
function copyOptions(args: ParsedArgs, query: URLSearchParams, names: Record<string, string>) {
  for (const [option, param] of Object.entries(names)) {
    const value = optionString(args, option);
    if (value !== undefined) query.set(param, value);
  }
}

async function openContext(args: ParsedArgs, backend: Backend): Promise<Context> {
  const ws = await resolveWorkspace(backend, requireOption(args, 'workspace'));
  const journeys = await backend.listJourneys(ws.id);
  const ref = optionString(args, 'journey');
  const journey = ref ? journeys.find((j) => j.id === ref || j.name === ref) : journeys[0];
  if (!journey) {
    throw new AppError(
      404,
      'not_found',
      ref ? `no journey "${ref}" in ${ws.name}` : `${ws.name} has no journey yet`,
    );
  }
  const map = await backend.api<{ touchpoints: TTouchpoint[] }>(
    'GET',
    `/api/journeys/${encodeURIComponent(journey.id)}`,
    ws.id,
  );
  const query = new URLSearchParams();
  copyOptions(args, query, { from: 'from', to: 'to' });
  const persona = optionString(args, 'persona');
  if (persona !== undefined) {
    const personas = await backend.api<TPersona[]>('GET', '/api/personas', ws.id);
    const found = personas.find((p) => p.id === persona || p.name === persona);
    if (!found) {
      throw new AppError(
        404,
        'not_found',
        `no persona "${persona}" in ${ws.name} (known: ${personas.map((p) => p.name).join(', ') || 'none'})`,
      );
    }
    query.set('personaId', found.id);
  }
  return { backend, workspaceId: ws.id, journey, touchpoints: map.touchpoints, query };
}

const journeyPath = (c: Context, tail: string) =>
  `/api/journeys/${encodeURIComponent(c.journey.id)}/${tail}`;

/**
 * Funnel steps from `--steps "Landing page > Checkout > event:Order Completed"`: touchpoints by
 * name or id, event keys after `event:` (as docs/analytics.md keys events).
 */
export function parseFunnelSteps(
  text: string,
  touchpoints: readonly TTouchpoint[],
): FunnelStepRef[] {
  const parts = text
    .split('>')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length < 2) {
    throw new AppError(400, 'usage', '--steps needs at least two steps separated by ">"');
  }
  return parts.map((part) => {
    if (part.startsWith('event:')) return { event: part.slice('event:'.length).trim() };
    const tp = touchpoints.find((t) => t.id === part) ?? touchpoints.find((t) => t.name === part);
    if (!tp) {
      throw new AppError(
        400,
        'usage',
        `--steps: no touchpoint "${part}" on the journey (use a touchpoint name or id, or event:NAME)`,
      );
    }
    return { touchpointId: tp.id };
  });
}

function renderPaths(r: JourneyPaths): string {
  const label = new Map(r.nodes.map((n) => [n.key, n.label]));
  const name = (k: string) => label.get(k) ?? k;
  return [
    `${r.sequences} sequences, ${r.steps} steps, ${r.distinctVariants} distinct variants (level: ${r.level}${r.collapseRepeats ? ', repeats collapsed' : ''}${r.sessionGapMinutes ? `, sessions cut at ${r.sessionGapMinutes} min` : ''})`,
    '',
    'Directly-follows edges',
    formatTable(
      ['from', 'to', 'count', 'median time'],
      r.edges.map((e) => [name(e.from), name(e.to), String(e.count), hours(e.medianHours)]),
    ),
    '',
    'Top variants',
    formatTable(
      ['count', 'share', 'path'],
      r.variants.map((v) => [String(v.count), pct(v.share), v.steps.map(name).join(' > ')]),
    ),
  ].join('\n');
}

function renderFunnel(r: FunnelReport): string {
  return [
    `${r.order} order, within ${r.windowDays} days of the first step`,
    formatTable(
      ['step', 'customers', 'from previous', 'from first', 'median time from previous'],
      r.steps.map((s) => [
        `${s.index + 1}. ${s.label}`,
        String(s.customers),
        pct(s.conversionFromPrevious),
        pct(s.conversionFromFirst),
        hours(s.medianHoursFromPrevious),
      ]),
    ),
  ].join('\n');
}

function renderConformance(r: TConformanceReport, touchpoints: readonly TTouchpoint[]): string {
  const name = new Map(touchpoints.map((t) => [t.id, t.name]));
  const tp = (id: string) => name.get(id) ?? id;
  return [
    `${r.customers} customers, mean fitness ${r.meanFitness === null ? '—' : num(r.meanFitness, 3)}`,
    '',
    'Most skipped touchpoints',
    formatTable(
      ['touchpoint', 'skipped', 'of', 'rate'],
      r.skipped.map((s) => [
        tp(s.touchpointId),
        String(s.skipped),
        String(s.eligible),
        pct(s.rate),
      ]),
    ),
    '',
    'Moves against the designed order',
    formatTable(
      ['from', 'to', 'count', 'customers'],
      r.backwards.map((b) => [tp(b.from), tp(b.to), String(b.count), String(b.customers)]),
    ),
    '',
    'Events that match no touchpoint (candidates for the map)',
    formatTable(
      ['type', 'event', 'path', 'events', 'customers', 'suggested rule'],
      r.unmatched.map((u) => [
        u.type,
        u.event ?? '',
        u.path ?? '',
        String(u.events),
        String(u.customers),
        JSON.stringify(u.suggestedRule),
      ]),
    ),
    '',
    'Fitness by persona',
    formatTable(
      ['persona', 'customers', 'mean fitness'],
      r.byPersona.map((p) => [
        p.name,
        String(p.customers),
        p.meanFitness === null ? '' : num(p.meanFitness, 3),
      ]),
    ),
  ].join('\n');
}

const MODELS = [
  ['first', 'first touch'],
  ['last', 'last touch'],
  ['linear', 'linear'],
  ['timeDecay', 'time decay'],
  ['position', 'position'],
  ['markov', 'Markov'],
  ['shapley', 'Shapley'],
] as const;

function renderAttribution(r: TJourneyAttribution, measure: 'conversions' | 'value'): string {
  const models = MODELS.filter(([m]) => r.models[m] !== null);
  const cell = (rows: TJourneyAttribution['models']['first'] | null, key: string) => {
    const row = rows?.find((x) => x.key === key);
    return row ? num(row[measure]) : '';
  };
  const removal = (key: string) => r.models.markov.find((x) => x.key === key)?.removalEffect;
  return [
    `${r.totals.conversions} conversions worth ${num(r.totals.value)} (${r.totals.unattributed} with no touch in their ${r.lookbackDays}-day lookback, credited to no model); by ${r.by}, ${measure}`,
    formatTable(
      [r.by, ...models.map(([, title]) => title), 'Markov removal effect'],
      r.keys.map((k) => [
        k.label,
        ...models.map(([m]) => cell(r.models[m], k.key)),
        pct(removal(k.key) ?? null),
      ]),
    ),
    ...r.notes.map((n) => `note: ${n}`),
  ].join('\n');
}

/** Runs one analytics report; returns the exit code. */
export async function runAnalyticsReport(
  kind: AnalyticsReport,
  args: ParsedArgs,
  backend: Backend,
  out: (s: string) => void,
): Promise<number> {
  const format = optionString(args, 'format') ?? (args.options.json ? 'json' : 'table');
  if (format !== 'table' && format !== 'json')
    throw new AppError(400, 'usage', '--format must be table or json');
  const c = await openContext(args, backend);
  const q = c.query;
  const print = (report: unknown, table: () => string) =>
    out(format === 'json' ? JSON.stringify(report, null, 2) : table());
  switch (kind) {
    case 'paths': {
      copyOptions(args, q, {
        level: 'level',
        goal: 'goal',
        'session-gap': 'sessionGapMinutes',
        top: 'variants',
      });
      if (args.options['keep-repeats']) q.set('collapseRepeats', 'false');
      const r = await backend.api<JourneyPaths>('GET', journeyPath(c, `paths?${q}`), c.workspaceId);
      print(r, () => renderPaths(r));
      return 0;
    }
    case 'funnel': {
      const window = optionString(args, 'window-days');
      const body = {
        steps: parseFunnelSteps(requireOption(args, 'steps'), c.touchpoints),
        order: optionString(args, 'order'),
        windowDays: window === undefined ? undefined : Number(window),
        goal: optionString(args, 'goal'),
        ...Object.fromEntries(q),
      };
      const r = await backend.api<FunnelReport>(
        'POST',
        journeyPath(c, 'funnels'),
        c.workspaceId,
        body,
      );
      print(r, () => renderFunnel(r));
      return 0;
    }
    case 'conformance': {
      copyOptions(args, q, { top: 'top' });
      const r = await backend.api<TConformanceReport>(
        'GET',
        journeyPath(c, `conformance?${q}`),
        c.workspaceId,
      );
      print(r, () => renderConformance(r, c.touchpoints));
      return 0;
    }
    case 'attribution': {
      copyOptions(args, q, {
        by: 'by',
        'lookback-days': 'lookbackDays',
        'half-life-days': 'halfLifeDays',
        position: 'position',
        'markov-order': 'markovOrder',
      });
      const measure = optionString(args, 'measure') ?? 'conversions';
      if (measure !== 'conversions' && measure !== 'value')
        throw new AppError(400, 'usage', '--measure must be conversions or value');
      const r = await backend.api<TJourneyAttribution>(
        'GET',
        journeyPath(c, `attribution?${q}`),
        c.workspaceId,
      );
      print(r, () => renderAttribution(r, measure));
      return 0;
    }
  }
}
