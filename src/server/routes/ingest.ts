import { Transform } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, invalid, tooLarge } from '../../core/errors.ts';
import type { TEventType } from '../../core/schemas/event.ts';
import type { BatchingWriter } from '../../ingest/batcher.ts';
import { batchSpans } from '../../ingest/segment/batch-spans.ts';
import {
  MAX_BATCH_BYTES,
  MAX_EVENT_BYTES,
  normalizeBatch,
  normalizeEvent,
} from '../../ingest/segment/index.ts';
import type { Authenticator } from '../auth.ts';

// analytics.js posts to the one-letter forms; the server libraries to the long ones.
const SINGLE: ReadonlyArray<[string, TEventType]> = [
  ['/v1/track', 'track'],
  ['/v1/t', 'track'],
  ['/v1/page', 'page'],
  ['/v1/p', 'page'],
  ['/v1/screen', 'screen'],
  ['/v1/s', 'screen'],
  ['/v1/identify', 'identify'],
  ['/v1/i', 'identify'],
  ['/v1/group', 'group'],
  ['/v1/g', 'group'],
  ['/v1/alias', 'alias'],
  ['/v1/a', 'alias'],
];
const BATCH = ['/v1/batch', '/v1/b'];

/**
 * Tracking calls come from web pages on other origins (analytics.js), so /v1 answers CORS. It
 * carries no cookies and reads nothing: the write key in the request is the only credential.
 */
function allowCrossOrigin(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/v1/')) {
      void reply.header('access-control-allow-origin', req.headers.origin ?? '*');
      void reply.header('vary', 'origin');
    }
    return payload;
  });
  app.options('/v1/*', async (_req, reply) =>
    reply
      .status(204)
      .header('access-control-allow-methods', 'POST, OPTIONS')
      .header('access-control-allow-headers', 'authorization, content-type, content-encoding')
      .header('access-control-max-age', '86400')
      .send(),
  );
}

/**
 * Decodes a gzip or deflate body on the fly, counting decoded bytes so that the route's body
 * limit applies to the decoded size (a small gzip bomb stays a 413).
 */
function decodeBody(req: FastifyRequest, payload: NodeJS.ReadableStream, limit: number) {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return payload;
  if (encoding !== 'gzip' && encoding !== 'deflate') {
    throw new AppError(
      415,
      'unsupported_encoding',
      `content-encoding ${encoding} is not supported (use gzip)`,
      {
        field: 'content-encoding',
      },
    );
  }
  const decoder = encoding === 'gzip' ? createGunzip() : createInflate();
  let decoded = 0;
  let encoded = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      decoded += chunk.length;
      if (decoded > limit) {
        done(tooLarge(`decoded body exceeds ${limit} bytes`, { field: 'body', limit }));
        return;
      }
      done(null, chunk);
    },
  });
  payload.on('data', (c: Buffer) => {
    encoded += c.length;
    (counter as unknown as { receivedEncodedLength: number }).receivedEncodedLength = encoded;
  });
  decoder.on('error', (err) =>
    counter.destroy(
      invalid(`the body is not valid ${encoding}: ${err.message}`, { field: 'body' }),
    ),
  );
  payload.pipe(decoder).pipe(counter);
  return counter;
}

/** The raw body a request's JSON was parsed from, kept for the ingestion routes. */
const rawBodies = new WeakMap<FastifyRequest, Buffer>();

/**
 * Parses JSON bodies (sent as application/json, or text/plain by sendBeacon) and keeps the raw
 * bytes: the 32 KB limit is measured on each event as sent, and an event that needs no
 * completion is journaled from its own text rather than serialized again.
 */
function keepRawBodies(scope: FastifyInstance) {
  scope.removeContentTypeParser(['application/json', 'text/plain']);
  scope.addContentTypeParser(
    ['application/json', 'text/plain'],
    { parseAs: 'buffer' },
    (req, body, done) => {
      const raw = body as Buffer;
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'));
        rawBodies.set(req, raw);
        done(null, parsed);
      } catch (err) {
        (err as { statusCode?: number }).statusCode = 400;
        done(err as Error, undefined);
      }
    },
  );
}

/** Newlines can only be whitespace in JSON text, and a journal line must not contain any. */
function oneLine(text: string): string {
  return text.includes('\n') || text.includes('\r') ? text.replace(/[\r\n]/g, ' ') : text;
}

/** The Segment HTTP tracking API: same paths, auth and payloads, so clients only change host. */
export function registerIngestRoutes(
  app: FastifyInstance,
  authenticate: Authenticator,
  writer: BatchingWriter,
) {
  allowCrossOrigin(app);
  const writeKeyOf = (body: unknown) =>
    body !== null && typeof body === 'object' && Object.hasOwn(body, 'writeKey')
      ? (body as { writeKey: unknown }).writeKey
      : undefined;

  void app.register(async (scope) => {
    keepRawBodies(scope);
    for (const [url, type] of SINGLE) {
      scope.post(url, {
        bodyLimit: MAX_EVENT_BYTES,
        preParsing: async (req, _reply, payload) => decodeBody(req, payload, MAX_EVENT_BYTES),
        handler: async (req, reply) => {
          const principal = await authenticate(req, ['write', 'api'], writeKeyOf(req.body));
          const raw = rawBodies.get(req);
          // The body limit already held the event to MAX_EVENT_BYTES as sent.
          const result = normalizeEvent(type, req.body, Date.now(), { bytes: raw?.length });
          if (!result.ok) {
            const { code, field, message } = result.error;
            throw new AppError(code === 'event_too_large' ? 413 : 400, code, message, { field });
          }
          await writer.write([{ workspaceId: principal.workspaceId, event: result.event }]);
          return reply.status(200).send({ success: true });
        },
      });
    }

    for (const url of BATCH)
      scope.post(url, {
        bodyLimit: MAX_BATCH_BYTES,
        preParsing: async (req, _reply, payload) => decodeBody(req, payload, MAX_BATCH_BYTES),
        handler: async (req, reply) => {
          const principal = await authenticate(req, ['write', 'api'], writeKeyOf(req.body));
          const raw = rawBodies.get(req);
          const spans = raw ? batchSpans(raw) : null;
          const result = normalizeBatch(req.body, Date.now(), {
            itemBytes: spans?.map((span) => span.end - span.start),
          });
          if (result.accepted.length === 0 && result.rejected.length > 0) {
            throw invalid(`all ${result.rejected.length} events of the batch were rejected`, {
              rejected: result.rejected,
            });
          }
          // Items are journaled as sent unless the envelope lends them context or integrations.
          const body = req.body as Record<string, unknown>;
          const reusable =
            raw !== undefined &&
            spans !== null &&
            !Object.hasOwn(body, 'context') &&
            !Object.hasOwn(body, 'integrations');
          await writer.write(
            result.accepted.map((event, k) => {
              const span = reusable ? spans[result.acceptedIndexes[k]!] : undefined;
              return {
                workspaceId: principal.workspaceId,
                event,
                raw: span?.verbatim
                  ? oneLine(raw!.toString('utf8', span.start, span.end))
                  : undefined,
              };
            }),
          );
          return reply.status(200).send({
            success: true,
            accepted: result.accepted.length + result.duplicates,
            rejected: result.rejected,
          });
        },
      });
  });
}
