/**
 * The baseline for the ingestion bench: a bare `node:http` server that reads each body,
 * JSON.parses it and answers 200, with no validation, no storage and no framework. The gap
 * between it and Waymark is what Waymark's work costs. Prints `{"port": N}` once listening.
 */
import http from 'node:http';

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { batch?: unknown[] };
      const accepted = Array.isArray(body.batch) ? body.batch.length : 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: true, accepted }));
    } catch {
      res.writeHead(400).end();
    }
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
  );
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
