import path from 'node:path';
import { z } from 'zod';
import { AppError } from './core/errors.ts';

/**
 * The one reader of process.env. Every command line option has an environment twin; the command
 * line wins. The result is validated once and frozen.
 */
const ZConfig = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(4000),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('./data'),
  engine: z.enum(['duckdb']).default('duckdb'),
  demo: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off'])])
    .transform((v) => v === true || v === 'true' || v === '1' || v === 'on')
    .default(true),
  /** How long the batching writer waits to gather more events before committing (ms). */
  flushIntervalMs: z.coerce.number().min(0).max(1000).default(2),
  /** The most events the batching writer commits in one transaction. */
  maxBatchEvents: z.coerce.number().int().min(1).max(100_000).default(20_000),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  /**
   * The key that signs survey links (HMAC-SHA256). Unset: a random one is made on first start and
   * kept in the data directory (`survey-secret`), so links survive restarts.
   */
  surveySecret: z.string().min(32, 'must be at least 32 characters').optional(),
  /** The address customers reach this server at, for survey links; unset: the request's host. */
  publicUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /** Requests per minute one IP address may make to the public survey endpoints. */
  surveyRateLimit: z.coerce.number().int().min(1).max(100_000).default(60),
  /** The SMTP server automations send email through (smtp:// or smtps://, with credentials). */
  smtpUrl: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** The From address of automated email. */
  smtpFrom: z.string().min(3).max(320).default('Waymark <automations@localhost>'),
  /**
   * The key that signs unsubscribe links (HMAC-SHA256). Unset: a random one is made on first start
   * and kept in the data directory (`automation-secret`), so old links keep working.
   */
  automationSecret: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How often the automation engine looks for new events and due steps (ms); 0: never by itself. */
  automationTickMs: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** How long a webhook call may take before it counts as failed (ms). */
  webhookTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** The ceiling of the first retry's delay (ms); it doubles per failure, up to an hour. */
  retryBaseMs: z.coerce.number().int().min(1).max(3_600_000).default(30_000),
  /** Attempts of an email or webhook step before it goes to the dead letters. */
  retryMaxAttempts: z.coerce.number().int().min(1).max(20).default(6),
});
export type Config = Readonly<z.infer<typeof ZConfig>> & { readonly dbPath: string };

/** Options every command accepts, with the environment variable that can set each. */
export const GLOBAL_OPTIONS = {
  port: { flag: '--port', env: 'PORT' },
  host: { flag: '--host', env: 'WAYMARK_HOST' },
  dataDir: { flag: '--data-dir', env: 'WAYMARK_DATA_DIR' },
  engine: { flag: '--engine', env: 'WAYMARK_ENGINE' },
  demo: { flag: '--demo', env: 'WAYMARK_DEMO' },
  flushIntervalMs: { flag: '--flush-interval-ms', env: 'WAYMARK_FLUSH_INTERVAL_MS' },
  maxBatchEvents: { flag: '--max-batch-events', env: 'WAYMARK_MAX_BATCH_EVENTS' },
  logLevel: { flag: '--log-level', env: 'WAYMARK_LOG_LEVEL' },
  surveySecret: { flag: '--survey-secret', env: 'WAYMARK_SURVEY_SECRET' },
  publicUrl: { flag: '--public-url', env: 'WAYMARK_PUBLIC_URL' },
  surveyRateLimit: { flag: '--survey-rate-limit', env: 'WAYMARK_SURVEY_RATE_LIMIT' },
  smtpUrl: { flag: '--smtp-url', env: 'WAYMARK_SMTP_URL' },
  smtpFrom: { flag: '--smtp-from', env: 'WAYMARK_SMTP_FROM' },
  automationSecret: { flag: '--automation-secret', env: 'WAYMARK_AUTOMATION_SECRET' },
  automationTickMs: { flag: '--automation-tick-ms', env: 'WAYMARK_AUTOMATION_TICK_MS' },
  webhookTimeoutMs: { flag: '--webhook-timeout-ms', env: 'WAYMARK_WEBHOOK_TIMEOUT_MS' },
  retryBaseMs: { flag: '--retry-base-ms', env: 'WAYMARK_RETRY_BASE_MS' },
  retryMaxAttempts: { flag: '--retry-max-attempts', env: 'WAYMARK_RETRY_MAX_ATTEMPTS' },
} as const;
type OptionName = keyof typeof GLOBAL_OPTIONS;

/**
 * Builds the configuration from parsed command line options and an environment.
 *
 * @example loadConfig({ port: '5000' }, process.env).port === 5000
 */
export function loadConfig(
  cli: Partial<Record<OptionName, string | boolean>>,
  env: Record<string, string | undefined> = process.env,
): Config {
  const raw: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(GLOBAL_OPTIONS) as [
    OptionName,
    (typeof GLOBAL_OPTIONS)[OptionName],
  ][]) {
    const value = cli[name] ?? env[spec.env];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const parsed = ZConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]) as OptionName;
    const spec = GLOBAL_OPTIONS[name];
    throw new AppError(
      400,
      'invalid_config',
      `invalid ${spec ? `${spec.flag} / ${spec.env}` : name}: ${issue.message}`,
    );
  }
  const dataDir = path.resolve(parsed.data.dataDir);
  return Object.freeze({ ...parsed.data, dataDir, dbPath: path.join(dataDir, 'waymark.duckdb') });
}
