import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { describeIssues, invalid, notFound } from '../core/errors.ts';
import type { TKeyKind } from '../core/schemas/workspace.ts';
import type { Authenticator, Principal } from './auth.ts';

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
  auth: readonly TKeyKind[];
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  status?: number;
}

export interface RouteContext<P, Q, B> {
  principal: Principal;
  params: P;
  query: Q;
  body: B;
  req: FastifyRequest;
  reply: FastifyReply;
}

interface Registered {
  method: Method;
  url: string;
  summary: string;
  tags: string[];
  auth: readonly TKeyKind[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  status: number;
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

  route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
    spec: RouteSpec<P, Q, B, R>,
    handler: (
      ctx: RouteContext<z.output<P>, z.output<Q>, z.output<B>>,
    ) => Promise<z.input<R> | undefined>,
  ) {
    const status = spec.status ?? (spec.method === 'POST' ? 201 : 200);
    this.routes.push({ ...spec, status });
    this.app.route({
      method: spec.method,
      url: spec.url,
      handler: async (req, reply) => {
        const principal = await this.authenticate(req, spec.auth);
        const params = parsePart(spec.params, req.params, 'params');
        const query = parsePart(spec.query, req.query, 'query');
        const body = parsePart(spec.body, req.body, 'body');
        const result = await handler({ principal, params, query, body, req, reply } as RouteContext<
          z.output<P>,
          z.output<Q>,
          z.output<B>
        >);
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
        security: [{ [r.auth.includes('api') ? 'apiKey' : 'writeKey']: [] }],
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
