import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import { AppError, notFound } from '../core/errors.ts';
import type { TouchpointMetricsReport } from '../core/metrics/types.ts';
import type { TUser } from '../core/schemas/account.ts';
import type { TNormalizedEvent } from '../core/schemas/event.ts';
import type { TJourney } from '../core/schemas/journey.ts';
import type { TWorkspace } from '../core/schemas/workspace.ts';
import { expandJourneyTemplate, getJourneyTemplate } from '../core/templates/index.ts';
import { type App, buildApp } from '../server/app.ts';
import { readServerInfo, type ServerInfo } from '../server/start.ts';
import { DatabaseLockedError } from '../store/engines/duckdb/database.ts';
import { openStore } from '../store/open.ts';
import type { MetricsQuery, Store } from '../store/port.ts';
import {
  createUserInWorkspace,
  createWorkspaceWithKeys,
  type UserInWorkspace,
  type WorkspaceWithKeys,
} from '../store/setup.ts';

/**
 * What CLI commands need, done either on the database directly or, when a server holds the
 * database (DuckDB admits one writing process), through that server with its admin token.
 */
export interface Backend {
  readonly via: 'database' | 'server';
  createWorkspace(name: string): Promise<WorkspaceWithKeys>;
  listWorkspaces(): Promise<TWorkspace[]>;
  createUser(input: UserInWorkspace): Promise<TUser>;
  applyTemplate(workspaceId: string, template: string, name?: string): Promise<TJourney>;
  listJourneys(workspaceId: string): Promise<TJourney[]>;
  insertEvents(workspaceId: string, events: TNormalizedEvent[]): Promise<void>;
  metrics(workspaceId: string, query: MetricsQuery): Promise<TouchpointMetricsReport>;
  /**
   * Any REST API call (`/api/...`) in a workspace, answered as the server would answer it: the
   * same validation, defaults and shapes. A 4xx or 5xx is thrown as an AppError.
   */
  api<T>(method: 'GET' | 'POST', path: string, workspaceId: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Turns an API error answer into the AppError it was made from. */
function apiError(status: number, json: unknown): AppError {
  const err = (json as { error?: { code: string; message: string; details?: unknown } })?.error;
  return new AppError(
    status,
    err?.code ?? 'server_error',
    err?.message ?? `server answered ${status}`,
    err?.details,
  );
}

class LocalBackend implements Backend {
  readonly via = 'database' as const;
  /** The REST API over this store, in-process, built on first use (`api`). */
  private app?: { inject: App['fastify']['inject']; close: () => Promise<void>; token: string };
  constructor(
    private readonly store: Store,
    private readonly config: Config,
  ) {}
  createWorkspace(name: string) {
    return createWorkspaceWithKeys(this.store, name);
  }
  listWorkspaces() {
    return this.store.listWorkspaces();
  }
  createUser(input: UserInWorkspace) {
    return createUserInWorkspace(this.store, input);
  }
  async applyTemplate(workspaceId: string, key: string, name?: string) {
    const template = getJourneyTemplate(key);
    if (!template) throw notFound('journey template', key);
    const blueprint = expandJourneyTemplate(template);
    if (name) blueprint.journey.name = name;
    return this.store.createJourneyFromBlueprint(workspaceId, blueprint);
  }
  listJourneys(workspaceId: string) {
    return this.store.listJourneys(workspaceId);
  }
  async insertEvents(workspaceId: string, events: TNormalizedEvent[]) {
    await this.store.insertEvents(events.map((event) => ({ workspaceId, event })));
  }
  async metrics(workspaceId: string, query: MetricsQuery) {
    const report = await this.store.touchpointMetrics(workspaceId, query);
    if (!report) throw notFound('journey', query.journeyId);
    return report;
  }
  async api<T>(method: 'GET' | 'POST', path: string, workspaceId: string, body?: unknown) {
    if (!this.app) {
      // A one-off admin token: it exists only in this process, for requests it injects itself.
      const token = randomBytes(24).toString('base64url');
      const app = buildApp(this.store, this.config, { adminToken: token });
      this.app = {
        inject: app.fastify.inject.bind(app.fastify),
        close: async () => {
          await app.fastify.close();
          await app.writer.drain();
        },
        token,
      };
    }
    const res = await this.app.inject({
      method,
      url: path,
      headers: {
        authorization: `Bearer ${this.app.token}`,
        'x-waymark-workspace': workspaceId,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = res.body ? (JSON.parse(res.body) as unknown) : undefined;
    if (res.statusCode >= 400) throw apiError(res.statusCode, json);
    return json as T;
  }
  async close() {
    await this.app?.close();
    await this.store.close();
  }
}

class RemoteBackend implements Backend {
  readonly via = 'server' as const;
  constructor(private readonly server: ServerInfo) {}

  private async call<T>(
    method: string,
    path: string,
    workspaceId?: string,
    body?: unknown,
  ): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.server.adminToken}` };
    if (workspaceId) headers['x-waymark-workspace'] = workspaceId;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.server.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) throw apiError(res.status, json);
    return json as T;
  }
  api<T>(method: 'GET' | 'POST', path: string, workspaceId: string, body?: unknown) {
    return this.call<T>(method, path, workspaceId, body);
  }

  createWorkspace(name: string) {
    return this.call<WorkspaceWithKeys>('POST', '/admin/workspaces', undefined, { name });
  }
  listWorkspaces() {
    return this.call<TWorkspace[]>('GET', '/admin/workspaces');
  }
  createUser(input: UserInWorkspace) {
    return this.call<TUser>('POST', '/admin/users', undefined, input);
  }
  applyTemplate(workspaceId: string, template: string, name?: string) {
    return this.call<TJourney>('POST', '/api/journeys/from-template', workspaceId, {
      template,
      name,
    });
  }
  listJourneys(workspaceId: string) {
    return this.call<TJourney[]>('GET', '/api/journeys', workspaceId);
  }
  async insertEvents(workspaceId: string, events: TNormalizedEvent[]) {
    await this.call('POST', '/admin/events', workspaceId, { events });
  }
  metrics(workspaceId: string, q: MetricsQuery) {
    const params = new URLSearchParams({ from: q.from.toISOString(), to: q.to.toISOString() });
    if (q.personaId) params.set('personaId', q.personaId);
    return this.call<TouchpointMetricsReport>(
      'GET',
      `/api/journeys/${encodeURIComponent(q.journeyId)}/metrics?${params}`,
      workspaceId,
    );
  }
  async close() {}
}

/** Opens the database, or falls back to the server that holds it. */
export async function openBackend(config: Config): Promise<Backend> {
  try {
    return new LocalBackend(await openStore(config), config);
  } catch (err) {
    if (!(err instanceof DatabaseLockedError)) throw err;
    const info = readServerInfo(config.dataDir);
    if (!info) {
      throw new AppError(
        409,
        'database_locked',
        `${err.message}\nAnother process holds ${config.dbPath} and no running server is recorded in ${config.dataDir}/server.json: stop that process and try again.`,
      );
    }
    return new RemoteBackend(info);
  }
}

/** Finds a workspace by id or by exact name. */
export async function resolveWorkspace(backend: Backend, ref: string): Promise<TWorkspace> {
  const all = await backend.listWorkspaces();
  const ws = all.find((w) => w.id === ref) ?? all.find((w) => w.name === ref);
  if (!ws) {
    throw new AppError(
      404,
      'not_found',
      `no workspace "${ref}" (known: ${all.map((w) => `${w.name} (${w.id})`).join(', ') || 'none'})`,
    );
  }
  return ws;
}
