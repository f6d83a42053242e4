import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { describeIssues, forbidden, invalid, notFound } from '../core/errors.ts';
import { roleAllows, type TRole } from '../core/schemas/account.ts';
import type { TKeyKind } from '../core/schemas/workspace.ts';
import type { Authenticator, CredentialKind, Principal } from './auth.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteSpec<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
> {
  method: Method;
  url: string;
  summary: string;
  tags: string[];
  /** The keys a route takes; every route that takes API keys also takes signed-in users. */
  auth: readonly TKeyKind[];
  /** The least role a member needs; default: `viewer` for GET, `editor` for anything else. */
  role?: TRole;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  status?: number;
}

/**
 * A route outside any workspace (sign-in and the like). `session` routes read the session cookie
 * themselves; `public` ones need no credentials. Documented in OpenAPI like every other route.
 */
export interface PublicRouteSpec<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
> extends Omit<RouteSpec<P, Q, B, R>, 'auth' | 'role'> {
  auth: 'public' | 'session';
}

export interface PublicRouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteContext<P, Q, B> extends PublicRouteContext<P, Q, B> {
  principal: Principal;
}

interface Registered {
  method: Method;
  url: string;
  summary: string;
  tags: string[];
  auth: readonly TKeyKind[] | 'public' | 'session';
  role?: TRole;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  status: number;
}

/** The role a route needs when it does not say. */
export const defaultRole = (method: Method): TRole => (method === 'GET' ? 'viewer' : 'editor');

/** What an OpenAPI operation lists as its security requirement. */
function securityOf(r: Registered) {
  const csrf = r.method === 'GET' ? {} : { csrf: [] };
  if (r.auth === 'public') return [];
  if (r.auth === 'session') return [{ session: [], ...csrf }];
  if (!r.auth.includes('api')) return [{ writeKey: [] }];
  return [{ apiKey: [] }, { session: [], workspace: [], ...csrf }];
}

function accepted(auth: readonly TKeyKind[]): CredentialKind[] {
  return auth.includes('api') ? [...auth, 'session'] : [...auth];
}

/**
 * Routes declare their inputs and output with the same zod schemas that validate them, so that
 * the OpenAPI document cannot drift from what the server accepts.
 */
export class ApiRegistry {
  readonly routes: Registered[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly authenticate: Authenticator,
  ) {}

  /**
   * A workspace route: authenticates (API key or session), checks the member's role, validates
   * params, query and body, and answers with the declared status. Authentication comes first, so
   * that an anonymous caller learns nothing from validation errors.
   */
  route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
    spec: RouteSpec<P, Q, B, R>,
    handler: (
      ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>,
    ) => Promise<z.input<R> | undefined>,
  ) {
    const need = spec.role ?? defaultRole(spec.method);
    const accept = accepted(spec.auth);
    this.mount({ ...spec, role: need }, async (req, reply) => {
      const principal = await this.authenticate(req, accept);
      // Roles are enforced here, by the API, whatever a client shows or hides.
      if (!roleAllows(principal.role, need)) throw forbidden(`this needs the ${need} role`);
      return handler({ principal, ...parseInputs(spec, req), req, reply });
    });
  }

  /**
   * `DELETE <url>` with an `:id` param: 204 when `remove` found the row in the caller's workspace,
   * the uniform 404 otherwise.
   */
  deleteRoute(
    spec: { url: string; summary: string; tags: string[]; what: string; role?: TRole },
    remove: (workspaceId: string, id: string) => Promise<boolean>,
  ) {
    this.route(
      {
        method: 'DELETE',
        url: spec.url,
        summary: spec.summary,
        tags: spec.tags,
        auth: ['api'],
        role: spec.role,
        params: ZIdParam,
        response: z.null(),
        status: 204,
      },
      async ({ principal, params }) => {
        found(await remove(principal.workspaceId, params.id), spec.what, params.id);
        return undefined;
      },
    );
  }

  /** A route outside any workspace; its handler authenticates itself if it needs to. */
  publicRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
    spec: PublicRouteSpec<P, Q, B, R>,
    handler: (
      ctx: PublicRouteContext<z.output<P>, z.output<Q>, z.output<B>>,
    ) => Promise<z.input<R> | undefined>,
  ) {
    this.mount(spec, (req, reply) => handler({ ...parseInputs(spec, req), req, reply }));
  }

  private mount(
    spec: Omit<Registered, 'status'> & { status?: number },
    run: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ) {
    const status = spec.status ?? (spec.method === 'POST' ? 201 : 200);
    this.routes.push({ ...spec, status });
    this.app.route({
      method: spec.method,
      url: spec.url,
      handler: async (req, reply) => {
        const result = await run(req, reply);
        if (status === 204) return reply.status(204).send();
        return reply.status(status).send(result);
      },
    });
  }

  /** The OpenAPI 3.1 document of every registered route. */
  openApi(extra: Record<string, unknown> = {}) {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
      const parameters: unknown[] = [];
      for (const [where, schema] of [
        ['path', r.params],
        ['query', r.query],
      ] as const) {
        if (!schema) continue;
        const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
          properties?: Record<string, unknown>;
          required?: string[];
        };
        for (const [name, s] of Object.entries(js.properties ?? {})) {
          parameters.push({
            name,
            in: where,
            required: where === 'path' || (js.required ?? []).includes(name),
            schema: s,
          });
        }
      }
      const op: Record<string, unknown> = {
        summary: r.summary,
        tags: r.tags,
        security: securityOf(r),
        ...(r.role ? { 'x-waymark-role': r.role } : {}),
        parameters,
        responses: {
          [r.status]:
            r.status === 204
              ? { description: 'done' }
              : {
                  description: 'OK',
                  content: {
                    'application/json': {
                      schema: z.toJSONSchema(r.response, { io: 'output', unrepresentable: 'any' }),
                    },
                  },
                },
          '4XX': { $ref: '#/components/responses/Error' },
        },
      };
      if (r.body) {
        op.requestBody = {
          required: true,
          content: {
            'application/json': {
              schema: z.toJSONSchema(r.body, { io: 'input', unrepresentable: 'any' }),
            },
          },
        };
      }
      paths[path] ??= {};
      paths[path][r.method.toLowerCase()] = op;
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'Waymark API',
        version: '0.1.0',
        description: 'Map, measure and improve every customer touchpoint.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'A workspace API key (ak_…)' },
          writeKey: {
            type: 'http',
            scheme: 'basic',
            description: 'A workspace write key (wk_…) as the user name, empty password',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'waymark_session',
            description: 'The cookie that POST /api/auth/login sets',
          },
          workspace: {
            type: 'apiKey',
            in: 'header',
            name: 'X-Waymark-Workspace',
            description: 'With a session: the workspace to act on (membership required)',
          },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: 'X-CSRF-Token',
            description: 'With a session, on every change: the csrfToken that sign-in returned',
          },
        },
        responses: {
          Error: {
            description: 'Error',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    error: {
                      type: 'object',
                      properties: {
                        code: { type: 'string' },
                        message: { type: 'string' },
                        details: {},
                      },
                      required: ['code', 'message'],
                    },
                  },
                },
              },
            },
          },
        },
      },
      paths: { ...paths, ...extra },
    };
  }
}

function parseInputs<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  spec: { params?: P; query?: Q; body?: B },
  req: FastifyRequest,
) {
  return {
    params: parsePart(spec.params, req.params, 'params') as z.output<P>,
    query: parsePart(spec.query, req.query, 'query') as z.output<Q>,
    body: parsePart(spec.body, req.body, 'body') as z.output<B>,
  };
}

function parsePart<T extends z.ZodType | undefined>(schema: T, value: unknown, where: string) {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!parsed.success) {
    const details = describeIssues(parsed.error.issues).map((i) => ({
      ...i,
      path: i.path ? `${where}.${i.path}` : where,
    }));
    throw invalid(
      `invalid ${where}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      details,
    );
  }
  return parsed.data;
}

/** Returns the value, or throws the uniform 404 for a missing (or foreign) id. */
export function found<T>(value: T | undefined | null | false, what: string, id?: string): T {
  if (value === undefined || value === null || value === false) throw notFound(what, id);
  return value;
}

export const ZIdParam = z.object({ id: z.string().min(1).max(64) });
