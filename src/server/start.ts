import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Clock, systemClock } from '../automation/clock.ts';
import { AutomationEngine } from '../automation/engine.ts';
import { smtpMailer } from '../automation/mailer.ts';
import { surveyInviter } from '../automation/survey-invitations.ts';
import type { Config } from '../config.ts';
import { DEMO_WORKSPACE_NAME, seedDemo } from '../ingest/seed-demo.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/port.ts';
import { buildApp } from './app.ts';
import { ensureDemoOwner, firstOwnerHelp, readDemoInfo, writeDemoInfo } from './first-owner.ts';
import { loadKeptSecret } from './kept-secret.ts';
import { defaultPublicLimits } from './rate-limit.ts';
import { SurveyDelivery } from './survey-delivery.ts';

/** What a running server leaves in its data directory so that the CLI can reach it. */
export interface ServerInfo {
  url: string;
  pid: number;
  adminToken: string;
}

export const serverInfoPath = (dataDir: string) => path.join(dataDir, 'server.json');
export const demoInfoPath = (dataDir: string) => path.join(dataDir, 'demo.json');

export function readServerInfo(dataDir: string): ServerInfo | undefined {
  try {
    return JSON.parse(readFileSync(serverInfoPath(dataDir), 'utf8')) as ServerInfo;
  } catch {
    return undefined;
  }
}

export interface RunningServer {
  url: string;
  store: Store;
  /** The automation engine (src/automation): tests drive its clock and passes. */
  automations: AutomationEngine;
  close: () => Promise<void>;
}

/**
 * Opens the store, creates the demo workspace on first start (unless turned off), listens, and
 * writes `server.json` (owner-only) for the CLI. `close` stops accepting requests, waits for every
 * acknowledged write, and closes the database.
 */
export async function startServer(
  config: Config,
  print: (line: string) => void = console.log,
  options: { clock?: Clock } = {},
): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true });
  const store = await openStore(config);
  if (config.demo && (await store.listWorkspaces()).length === 0) {
    print('Creating the demo workspace (synthetic data, seeded generator)…');
    const demo = await seedDemo(store);
    writeDemoInfo(demoInfoPath(config.dataDir), {
      workspaceId: demo.workspace.id,
      journeyId: demo.journeyId,
      apiKey: demo.apiKey.secret,
      writeKey: demo.writeKey.secret,
    });
    print(`Demo workspace ready: ${demo.events} events.`);
  }
  await ensureDemoOwner(store, demoInfoPath(config.dataDir));
  const adminToken = randomBytes(24).toString('base64url');
  const automationSecret = loadKeptSecret(
    config.dataDir,
    'automation-secret',
    config.automationSecret,
  );
  const surveySecret = loadKeptSecret(config.dataDir, 'survey-secret', config.surveySecret);
  let listening = '';
  const clock = options.clock ?? systemClock;
  const publicUrl = () => config.publicUrl ?? listening;
  // Survey steps invite through the surveys module's own link maker (same secret, same rules).
  const surveyLinks = new SurveyDelivery(store, {
    secret: surveySecret,
    now: () => clock.now().getTime(),
  });
  const automations = new AutomationEngine(store, {
    clock,
    surveys: surveyInviter(store, (...a) => surveyLinks.createLink(...a), publicUrl),
    tickMs: config.automationTickMs,
    mailer: config.smtpUrl ? smtpMailer(config.smtpUrl) : null,
    smtpFrom: config.smtpFrom,
    publicUrl,
    secret: automationSecret,
    webhookTimeoutMs: config.webhookTimeoutMs,
    backoff: {
      baseMs: config.retryBaseMs,
      capMs: Math.max(config.retryBaseMs, 3_600_000),
      maxAttempts: config.retryMaxAttempts,
    },
  });
  const app = buildApp(store, config, {
    automations: { engine: automations, secret: automationSecret },
    adminToken,
    surveys: {
      secret: surveySecret,
      publicUrl: config.publicUrl,
      limits: defaultPublicLimits(config.surveyRateLimit),
    },
  });
  await app.fastify.listen({ port: config.port, host: config.host });
  const address = app.fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  listening = url;
  // After listening: the engine's first pass may send links that point here.
  await automations.start();
  const info: ServerInfo = { url, pid: process.pid, adminToken };
  writeFileSync(serverInfoPath(config.dataDir), JSON.stringify(info), { mode: 0o600 });

  print(`Waymark is listening on ${url} (data: ${config.dataDir}, engine: ${config.engine})`);
  const demo = readDemoInfo(demoInfoPath(config.dataDir));
  if (demo && (await store.findWorkspaceByName(DEMO_WORKSPACE_NAME))) {
    print(`Demo workspace "${DEMO_WORKSPACE_NAME}": API key ${demo.apiKey}`);
    print(
      `  curl -H "Authorization: Bearer ${demo.apiKey}" ${url}/api/journeys/${demo.journeyId}/metrics`,
    );
    if (demo.ownerPassword)
      print(`Sign in at ${url} as ${demo.ownerEmail} with password ${demo.ownerPassword}`);
  }
  if ((await store.countUsers()) === 0)
    for (const line of await firstOwnerHelp(store, config.dataDir)) print(line);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await app.fastify.close();
      await app.writer.drain();
      await automations.stop();
      rmSync(serverInfoPath(config.dataDir), { force: true });
      await store.close();
    })();
    return closing;
  };
  return { url, store, automations, close };
}
