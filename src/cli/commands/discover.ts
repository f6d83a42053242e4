import { AppError } from '../../core/errors.ts';
import {
  orderCaseEvents,
  ProcessDiscovery,
  type TProcessSummary,
} from '../../core/process-mining/discover-process.ts';
import { readEventLog, type TEventLogOptions } from '../../ingest/eventlog/read-event-log.ts';
import { optionString, type ParsedArgs, requireOption } from '../args.ts';
import { formatTable } from './format-table.ts';

/** The log-reading options shared by `discover` and `import eventlog`. */
export function eventLogOptions(args: ParsedArgs): TEventLogOptions {
  const delimiter = optionString(args, 'delimiter');
  return {
    format: optionString(args, 'log-format'),
    caseKey: optionString(args, 'case'),
    activityKey: optionString(args, 'activity'),
    timestampKey: optionString(args, 'timestamp'),
    delimiter: delimiter === 'tab' || delimiter === '\\t' ? '\t' : delimiter,
  };
}

/**
 * Reads a log and summarizes it: each case's events ordered by timestamp (stable for ties),
 * then the directly-follows graph, start and end activities and variants.
 *
 * @example await discoverLog('bpic2012.xes.gz', {}) // { cases: 13087, events: 262200, … }
 */
export async function discoverLog(
  file: string,
  options: TEventLogOptions,
): Promise<TProcessSummary> {
  const discovery = new ProcessDiscovery();
  await readEventLog(file, options, (c) => {
    discovery.addCase(orderCaseEvents(c.events).map((e) => e.activity));
  });
  return discovery.summary();
}

const pct = (part: number, whole: number) =>
  `${whole === 0 ? '0.0' : ((part / whole) * 100).toFixed(1)}%`;

/** The summary as text: counts, start and end activities, edges, and the top variants. */
export function renderDiscoveryTable(
  s: TProcessSummary,
  options: { file: string; seconds: number; top: number },
): string {
  const counts = (title: string, m: Record<string, number>) =>
    formatTable(
      [title, 'cases', 'share'],
      Object.entries(m).map(([a, n]) => [a, String(n), pct(n, s.cases)]),
    );
  const top = s.variants.slice(0, options.top);
  return [
    `${options.file}: ${s.cases} cases, ${s.events} events, ${s.activities} activities, ${s.variants.length} variants (read in ${options.seconds.toFixed(2)}s)`,
    '',
    counts('start activity', s.start),
    '',
    counts('end activity', s.end),
    '',
    `directly-follows edges (${s.edges.length})`,
    formatTable(
      ['from', 'to', 'count'],
      s.edges.map((e) => [e.from, e.to, String(e.count)]),
    ),
    '',
    `variants (top ${top.length} of ${s.variants.length})`,
    formatTable(
      ['cases', 'share', 'events', 'activities'],
      top.map((v) => [
        String(v.count),
        pct(v.count, s.cases),
        String(v.activities.length),
        v.activities.join(' → '),
      ]),
    ),
  ].join('\n');
}

/**
 * `waymark discover --log FILE`: the directly-follows graph and variants of an XES or CSV log.
 *
 * @example runDiscover(parseArgs(['discover', '--log', 'helpdesk.xes.gz', '--format', 'json']), console.log)
 */
export async function runDiscover(args: ParsedArgs, out: (s: string) => void): Promise<number> {
  const file = requireOption(args, 'log');
  const format = optionString(args, 'format') ?? (args.options.json === true ? 'json' : 'table');
  if (format !== 'table' && format !== 'json')
    throw new AppError(400, 'usage', '--format must be table or json');
  const topText = optionString(args, 'top') ?? '10';
  const top = Number(topText);
  if (!Number.isInteger(top) || top < 0)
    throw new AppError(400, 'usage', `--top must be a whole number (got ${topText})`);
  const started = performance.now();
  const summary = await discoverLog(file, eventLogOptions(args));
  const seconds = (performance.now() - started) / 1000;
  out(
    format === 'json'
      ? JSON.stringify(summary)
      : renderDiscoveryTable(summary, { file, seconds, top }),
  );
  return 0;
}
