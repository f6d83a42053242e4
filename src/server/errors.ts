import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../core/errors.ts';
import { DatabaseLockedError } from '../store/engines/duckdb/database.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * Maps any thrown error to the one error shape. Fastify's own client errors (bad JSON, body too
 * large, wrong content type) keep their 4xx status with a stable code; anything unexpected is a 500
 * whose body says nothing about internals (the log has the stack).
 */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    return {
      status: err.status,
      body: { error: { code: err.code, message: err.message, details: err.details } },
    };
  }
  const fe = err as Partial<FastifyError> & { validation?: unknown };
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
    return {
      status: 413,
      body: {
        error: {
          code: 'payload_too_large',
          message: 'request body is too large',
          details: { field: 'body' },
        },
      },
    };
  }
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return {
      status: 415,
      body: {
        error: {
          code: 'unsupported_media_type',
          message: 'send a JSON body (Content-Type: application/json)',
          details: { field: 'content-type' },
        },
      },
    };
  }
  if (
    fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    (err instanceof SyntaxError && fe.statusCode === 400)
  ) {
    return {
      status: 400,
      body: {
        error: {
          code: 'malformed_json',
          message: `the body is not valid JSON: ${fe.message}`,
          details: { field: 'body' },
        },
      },
    };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return {
      status: fe.statusCode,
      body: {
        error: {
          code: String(fe.code ?? 'bad_request').toLowerCase(),
          message: fe.message ?? 'bad request',
        },
      },
    };
  }
  if (err instanceof DatabaseLockedError) {
    return {
      status: 503,
      body: { error: { code: 'unavailable', message: 'the database is busy' } },
    };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal server error' } } };
}

export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err, req, reply) => {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) req.log.error({ err }, 'request failed');
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({
      error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0]}` },
    } satisfies ErrorBody);
  });
}
