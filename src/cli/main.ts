import { type Config, GLOBAL_OPTIONS, loadConfig } from '../config.ts';
import { AppError } from '../core/errors.ts';
import { ZPhase } from '../core/schemas/touchpoint.ts';
import { listJourneyTemplates, listTouchpointTemplates } from '../core/templates/index.ts';
import { resolveRange } from '../server/routes/metrics.ts';
import { startServer } from '../server/start.ts';
import { optionString, type ParsedArgs, parseArgs, requireOption } from './args.ts';
import { type Backend, openBackend, resolveWorkspace } from './backend.ts';
import { runAttribution } from './commands/attribution.ts';
import { createUser, readFirstLine } from './commands/create-user.ts';
import { runDiscover } from './commands/discover.ts';
import { runImportEventLog } from './commands/import-eventlog.ts';
import { importEvents } from './commands/import-events.ts';
import {
  classifyIntentsCommand,
  discoverThemesCommand,
  trainIntentsCommand,
} from './commands/intents.ts';
import { type AnalyticsReport, runAnalyticsReport } from './commands/report-analytics.ts';
import { readLines, scoreSentimentLines } from './commands/sentiment.ts';
import { renderCsv, renderTable, reportRows } from './render.ts';

const HELP = `waymark — map, measure and improve every customer touchpoint

Usage: waymark <command> [options]

Commands:
  serve                                   start the server (API, ingestion; demo on first start)
  workspace create --name N [--json]      create a workspace; prints its id, a write key and an API key
  workspace list [--json]
  user create --email E --name N --workspace W [--role owner|editor|viewer] [--password-file F]
                     [--json]   a user who signs in to the web app (default role: owner); the
                     password (at least 10 characters) is the first line of stdin or of F
  template list [--journeys] [--phase P] [--json]
  template apply --workspace W --template K [--name N] [--json]
  import events FILE --workspace W [--format csv|ndjson] [--map field=column ...] [--delimiter ;]
                     (.csv, .tsv, .ndjson, .jsonl, optionally .gz; rows are all checked first,
                     and a file with any bad row imports nothing; rerunning skips stored rows)
  report touchpoints --workspace W [--journey J] [--from ISO] [--to ISO] [--persona P]
                     [--format table|json|csv]
  report paths|funnel|conformance|attribution --workspace W [--journey J] [--from ISO]
                     [--to ISO] [--persona P] [--format table|json]   journey analytics, as the
                     API answers them (docs/analytics.md):
                     paths:       [--level touchpoint|event] [--goal any|reached|not-reached]
                                  [--session-gap MINUTES] [--keep-repeats] [--top N]
                     funnel:      --steps "Touchpoint A > Touchpoint B > event:Order Completed"
                                  [--order loose|strict] [--window-days N] [--goal …]
                     conformance: [--top N]
                     attribution: [--by channel|touchpoint] [--lookback-days N]
                                  [--half-life-days N] [--position 0.4,0.2,0.4]
                                  [--markov-order 1|2|3] [--measure conversions|value]
  import eventlog FILE --workspace W [--case K] [--activity K] [--timestamp K]
                     [--log-format xes|csv] [--delimiter ,] [--attributes all|none]
                     (XES or CSV, optionally .gz: case → userId, activity → event name)
  attribution --paths FILE [--separator ;] [--path-separator ' > '] [--order 1|2|3]
                     [--repeats collapse|keep] [--first-share 0.4] [--last-share 0.4]
                     [--format table|json]   first/last touch, linear, position-based,
                     Markov (removal effects) and Shapley attribution of a path file
  discover --log FILE [--case K] [--activity K] [--timestamp K] [--log-format xes|csv]
                     [--delimiter ,] [--top N] [--format table|json]   directly-follows
                     graph, start/end activities and variants of an event log
  sentiment          reads lines from stdin; prints one JSON object per line:
                     { "score": -1..1, "label": "positive" | "neutral" | "negative" }
  intents train --file F --text-column C --label-column L --model OUT [--holdout 0.2]
                     [--seed 1] [--json]   trains a contact-reason classifier on a CSV; reports
                     accuracy on the held-back share, writes the model trained on all rows
  intents classify --model M --file F --text-column C   one JSON { label, confidence } per row
  intents discover --file F --text-column C [--themes K] [--seed 1] [--format table|json]
                     groups unlabelled texts into named themes with volumes and examples
                     (the text commands take [--delimiter ;] [--encoding utf8|latin1])

Options for every command (environment variable in brackets):
  --port N [PORT]  --host H [WAYMARK_HOST]  --data-dir DIR [WAYMARK_DATA_DIR]
  --engine duckdb [WAYMARK_ENGINE]  --demo false | --no-demo [WAYMARK_DEMO]
  --log-level L [WAYMARK_LOG_LEVEL]  --flush-interval-ms N [WAYMARK_FLUSH_INTERVAL_MS]
  --max-batch-events N [WAYMARK_MAX_BATCH_EVENTS]
  --smtp-url URL [WAYMARK_SMTP_URL]  --smtp-from ADDR [WAYMARK_SMTP_FROM]
  --automation-tick-ms N [WAYMARK_AUTOMATION_TICK_MS]  --automation-secret S
  [WAYMARK_AUTOMATION_SECRET]  --webhook-timeout-ms N  --retry-base-ms N
  --retry-max-attempts N (automations: docs/automations.md, docs/configuration.md)

Commands work with or without a running server on the same data directory: when the server
holds the database, they go through it.`;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
  /** The first line of standard input (where `user create` reads a password). */
  readStdinLine?: () => Promise<string>;
  /** The lines of standard input, one by one or in batches (where `sentiment` reads texts). */
  stdinLines?: () => AsyncIterable<string | readonly string[]>;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  isTTY: Boolean(process.stderr.isTTY),
  readStdinLine: async () => {
    // A terminal would echo the password: ask for a pipe or a file instead.
    if (process.stdin.isTTY) {
      throw new AppError(
        400,
        'usage',
        'pipe the password on stdin (printf \'%s\\n\' "$PASSWORD" | waymark user create …) or pass --password-file',
      );
    }
    return readFirstLine(process.stdin);
  },
};

/** Runs `fn` on the database, or through the server that holds it, and always closes. */
async function withBackend<T>(config: Config, fn: (b: Backend) => Promise<T>): Promise<T> {
  const backend = await openBackend(config);
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}

function configFrom(args: ParsedArgs): Config {
  const cli: Record<string, string | boolean> = {};
  for (const [name, spec] of Object.entries(GLOBAL_OPTIONS)) {
    const v = args.options[spec.flag.slice(2)];
    if (typeof v === 'string' || typeof v === 'boolean') cli[name] = v;
  }
  if (args.options['no-demo'] === true) cli.demo = 'false';
  return loadConfig(cli);
}

/** Runs one CLI invocation; returns the exit code. Errors print as one line on stderr. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    const [cmd, sub] = args.positionals;
    if (!cmd || args.options.help) {
      io.out(HELP);
      return cmd || args.options.help ? 0 : 1;
    }
    const config = configFrom(args);
    const json = args.options.json === true;
    switch (`${cmd} ${sub ?? ''}`.trim()) {
      case 'serve':
        return await serve(config, io);
      case 'workspace create': {
        return await withBackend(config, async (backend) => {
          const created = await backend.createWorkspace(requireOption(args, 'name'));
          if (json) {
            io.out(
              JSON.stringify({
                workspaceId: created.workspace.id,
                name: created.workspace.name,
                writeKey: created.writeKey.secret,
                apiKey: created.apiKey.secret,
              }),
            );
          } else {
            io.out(`workspace  ${created.workspace.id}  (${created.workspace.name})`);
            io.out(
              `write key  ${created.writeKey.secret}   send events: Basic auth user, as in Segment`,
            );
            io.out(`API key    ${created.apiKey.secret}   read and manage: Authorization: Bearer`);
            io.out('Keys are shown once; store them now.');
          }
          return 0;
        });
      }
      case 'workspace list': {
        return await withBackend(config, async (backend) => {
          const all = await backend.listWorkspaces();
          io.out(
            json
              ? JSON.stringify(all)
              : all.map((w) => `${w.id}  ${w.name}`).join('\n') || '(no workspaces)',
          );
          return 0;
        });
      }
      case 'user create': {
        return await withBackend(config, async (backend) => {
          const user = await createUser(args, backend, () => {
            if (!io.readStdinLine)
              throw new AppError(400, 'usage', 'no stdin: pass --password-file');
            return io.readStdinLine();
          });
          io.out(json ? JSON.stringify(user) : user.id);
          return 0;
        });
      }
      case 'template list': {
        if (args.options.journeys) {
          const list = listJourneyTemplates();
          io.out(
            json
              ? JSON.stringify(list)
              : list
                  .map(
                    (t) =>
                      `${t.key.padEnd(24)} ${t.name} — ${t.stages.length} stages, goal: ${t.goal.event}`,
                  )
                  .join('\n'),
          );
          return 0;
        }
        const phaseArg = optionString(args, 'phase');
        const phase = phaseArg === undefined ? undefined : ZPhase.safeParse(phaseArg);
        if (phase && !phase.success)
          throw new AppError(400, 'usage', `--phase must be one of ${ZPhase.options.join(', ')}`);
        const list = listTouchpointTemplates(phase?.data);
        io.out(
          json
            ? JSON.stringify(list)
            : list
                .map(
                  (t) =>
                    `${t.phase.padEnd(8)} ${t.key.padEnd(28)} ${t.channel.padEnd(12)} ${t.name}`,
                )
                .join('\n'),
        );
        return 0;
      }
      case 'template apply': {
        return await withBackend(config, async (backend) => {
          const ws = await resolveWorkspace(backend, requireOption(args, 'workspace'));
          const journey = await backend.applyTemplate(
            ws.id,
            requireOption(args, 'template'),
            optionString(args, 'name'),
          );
          io.out(
            json
              ? JSON.stringify(journey)
              : `journey ${journey.id}  ${journey.name}  (goal: ${journey.goal?.event ?? 'none'})`,
          );
          return 0;
        });
      }
      case 'import events': {
        const file = args.positionals[2];
        if (!file)
          throw new AppError(400, 'usage', 'usage: waymark import events FILE --workspace W');
        return await withBackend(config, async (backend) => {
          const ws = await resolveWorkspace(backend, requireOption(args, 'workspace'));
          const started = Date.now();
          let lastDraw = 0;
          const result = await importEvents(backend, {
            file,
            workspaceId: ws.id,
            format: optionString(args, 'format'),
            map: (args.options.map as string[] | undefined) ?? [],
            delimiter: optionString(args, 'delimiter'),
            progress: (done, total, phase) => {
              if (!io.isTTY || Date.now() - lastDraw < 100) return;
              lastDraw = Date.now();
              const ratio = total > 0 ? Math.min(1, done / total) : 1;
              const bar = '█'.repeat(Math.round(ratio * 30)).padEnd(30, '░');
              process.stderr.write(
                `\r${phase.padEnd(10)} ${bar} ${(ratio * 100).toFixed(0).padStart(3)}%`,
              );
            },
          });
          if (io.isTTY) process.stderr.write('\r\x1b[K');
          if (result.check.errorCount > 0) {
            io.err(`${file}: ${result.check.errorCount} invalid rows; nothing was imported.`);
            for (const e of result.check.errors) {
              io.err(
                `  line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.field}: ${e.message}`,
              );
            }
            if (result.check.errorCount > result.check.errors.length)
              io.err(`  … and ${result.check.errorCount - result.check.errors.length} more`);
            return 1;
          }
          const secs = (Date.now() - started) / 1000;
          const summary = {
            imported: result.imported,
            rows: result.check.rows,
            duplicatesInFile: result.check.duplicates,
            seconds: secs,
            via: backend.via,
          };
          io.out(
            json
              ? JSON.stringify(summary)
              : `imported ${result.imported} events from ${result.check.rows} rows into ${ws.name} in ${secs.toFixed(1)}s (via ${backend.via}${result.check.duplicates ? `; ${result.check.duplicates} repeated rows skipped` : ''})`,
          );
          return 0;
        });
      }
      case 'report touchpoints':
        return await reportTouchpoints(args, config, io);
      case 'report paths':
      case 'report funnel':
      case 'report conformance':
      case 'report attribution': {
        const kind = args.positionals[1] as AnalyticsReport;
        return await withBackend(config, (backend) =>
          runAnalyticsReport(kind, args, backend, io.out),
        );
      }
      case 'import eventlog':
        return await withBackend(config, (backend) => runImportEventLog(args, backend, io));
      case 'attribution':
        return await runAttribution(args, io.out);
      case 'discover':
        return await runDiscover(args, io.out);
      case 'sentiment':
        await scoreSentimentLines(io.stdinLines?.() ?? readLines(process.stdin), io.out);
        return 0;
      case 'intents train':
        return await trainIntentsCommand(args, io.out);
      case 'intents classify':
        return await classifyIntentsCommand(args, io.out);
      case 'intents discover':
        return await discoverThemesCommand(args, io.out);
      default:
        throw new AppError(
          400,
          'usage',
          `unknown command "${args.positionals.join(' ')}"; run waymark --help`,
        );
    }
  } catch (err) {
    if (err instanceof AppError) {
      io.err(`waymark: ${err.message}`);
      const details = err.details as Array<{ path?: string; message?: string }> | undefined;
      if (Array.isArray(details))
        for (const d of details.slice(0, 20)) io.err(`  ${d.path ?? ''}: ${d.message ?? ''}`);
      return 2;
    }
    io.err(`waymark: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

async function reportTouchpoints(args: ParsedArgs, config: Config, io: Io): Promise<number> {
  const format = optionString(args, 'format') ?? (args.options.json ? 'json' : 'table');
  if (!['table', 'json', 'csv'].includes(format))
    throw new AppError(400, 'usage', '--format must be table, json or csv');
  return await withBackend(config, async (backend) => {
    const ws = await resolveWorkspace(backend, requireOption(args, 'workspace'));
    const journeys = await backend.listJourneys(ws.id);
    const ref = optionString(args, 'journey');
    const journey = ref ? journeys.find((j) => j.id === ref || j.name === ref) : journeys[0];
    if (!journey) {
      throw new AppError(
        404,
        'not_found',
        ref
          ? `no journey "${ref}" in ${ws.name}`
          : `${ws.name} has no journey yet: waymark template apply --workspace ${ws.id} --template ecommerce-retail`,
      );
    }
    const { from, to } = resolveRange({
      from: optionString(args, 'from'),
      to: optionString(args, 'to'),
    });
    const report = await backend.metrics(ws.id, {
      journeyId: journey.id,
      from,
      to,
      personaId: optionString(args, 'persona'),
    });
    const stageNames = new Map(report.journey.stageFunnel.map((s) => [s.stageId, s.name]));
    if (format === 'json') io.out(JSON.stringify(report, null, 2));
    else if (format === 'csv') io.out(renderCsv(reportRows(report, stageNames)));
    else io.out(renderTable(report, journey.name, stageNames));
    return 0;
  });
}

async function serve(config: Config, io: Io): Promise<number> {
  const server = await startServer(config, io.out);
  await new Promise<void>((resolve) => {
    const stop = () => {
      io.err('waymark: shutting down (finishing acknowledged writes)…');
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
