/**
 * The ingestion load generator, run as its own process so that it does not share an event loop
 * with the server it measures. Keeps `connections` requests in flight over keep-alive sockets for
 * `warmupS + durationS` seconds, then waits for every request in flight, and prints one JSON line
 * (a LoadResult) on stdout. Only the measured window counts towards the rates; every
 * acknowledged event counts towards `ackedEvents`, which the caller compares with the database.
 *
 *   node --import tsx bench/lib/load-generator.ts '{"url":"http://127.0.0.1:4000", ...}'
 */

import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { batchBody, trackPayload } from './segment-payloads.ts';

export interface LoadSpec {
  url: string;
  mode: 'batch' | 'single';
  /** Events per request in batch mode. */
  batchSize: number;
  connections: number;
  warmupS: number;
  durationS: number;
  /** Sent as the Basic-auth user, as Segment clients do. */
  writeKey: string;
}

export interface LoadResult {
  requests: number;
  events: number;
  seconds: number;
  errors: number;
  firstError: string | null;
  ackedEvents: number;
  latencyMs: number[];
  /** CPU time the generator itself used (user + system), to show what it took from the server. */
  cpuMs: number;
}

function run(spec: LoadSpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const target = new URL(spec.mode === 'batch' ? '/v1/batch' : '/v1/track', spec.url);
  const auth = `Basic ${Buffer.from(`${spec.writeKey}:`).toString('base64')}`;
  const prefix = randomBytes(6).toString('hex');
  const perRequest = spec.mode === 'batch' ? spec.batchSize : 1;
  let seq = 0;
  const start = performance.now();
  const measureFrom = start + spec.warmupS * 1000;
  const stopAt = measureFrom + spec.durationS * 1000;
  const result: LoadResult = {
    requests: 0,
    events: 0,
    seconds: spec.durationS,
    errors: 0,
    firstError: null,
    ackedEvents: 0,
    latencyMs: [],
    cpuMs: 0,
  };
  const cpuBefore = process.cpuUsage();

  const fail = (message: string) => {
    result.errors++;
    result.firstError ??= message;
  };

  const send = (): Promise<void> =>
    new Promise((resolve) => {
      const first = seq;
      seq += perRequest;
      const body =
        spec.mode === 'batch' ? batchBody(prefix, first, perRequest) : trackPayload(prefix, first);
      const sentAt = performance.now();
      const req = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: {
            authorization: auth,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const done = performance.now();
            if (res.statusCode === 200) {
              result.ackedEvents += perRequest;
              if (sentAt >= measureFrom && done <= stopAt) {
                result.requests++;
                result.events += perRequest;
                result.latencyMs.push(done - sentAt);
              }
            } else {
              fail(
                `HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`,
              );
            }
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        fail(err.message);
        resolve();
      });
      req.end(body);
    });

  const worker = async () => {
    while (performance.now() < stopAt) await send();
  };
  return Promise.all(Array.from({ length: spec.connections }, worker)).then(() => {
    agent.destroy();
    const cpu = process.cpuUsage(cpuBefore);
    result.cpuMs = (cpu.user + cpu.system) / 1000;
    return result;
  });
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const result = await run(spec);
process.stdout.write(`${JSON.stringify(result)}\n`);
