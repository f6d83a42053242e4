import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { verifySignatureHeader } from '../../src/core/automation/signatures.ts';

/** A received email, parsed. */
export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Header lines as sent (folded lines unfolded), by lower-case name. */
  headerLines: Record<string, string>;
}

/** A real SMTP server on a loopback port that keeps what it receives. */
export class SmtpPeer {
  readonly mails: ReceivedMail[] = [];
  private waiters: Array<() => void> = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<SmtpPeer> {
    let peer: SmtpPeer | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            peer?.mails.push({
              to: mail.to && !Array.isArray(mail.to) ? mail.to.text : '',
              from: mail.from?.text ?? '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              messageId: mail.messageId ?? '',
              headerLines: Object.fromEntries(
                mail.headerLines.map((h) => [h.key, h.line.replace(/\r?\n[ \t]+/g, ' ')]),
              ),
            });
            for (const w of peer?.waiters.splice(0) ?? []) w();
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.server.address() as AddressInfo).port;
    peer = new SmtpPeer(server, port);
    return peer;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Resolves once `n` emails arrived (fails after `timeoutMs`). */
  async waitFor(n: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.mails.length < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} emails, got ${this.mails.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** One webhook call as the receiver saw it. */
export interface ReceivedCall {
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the signature matched the secret the receiver was given. */
  signed: boolean;
  status: number;
}

/**
 * A real HTTP receiver for webhooks: checks each call's HMAC signature against `secret`, answers
 * with what `respond` says (default 200), and counts effects once per Idempotency-Key, as a
 * well-behaved receiver would.
 */
export class WebhookPeer {
  readonly calls: ReceivedCall[] = [];
  readonly effects = new Map<string, unknown>();
  secret = '';
  respond: (call: number) => number = () => 200;
  /** When set, a call is held (no answer) until `release()` is called. */
  hold = false;
  private held: Array<() => void> = [];
  private arrivals: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<WebhookPeer> {
    let peer: WebhookPeer | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const p = peer!;
        const body = Buffer.concat(chunks).toString('utf8');
        const signed = verifySignatureHeader(
          p.secret,
          String(req.headers['x-waymark-signature'] ?? ''),
          body,
          Math.floor(Date.now() / 1000),
        );
        const status = signed ? p.respond(p.calls.length + 1) : 401;
        p.calls.push({ headers: req.headers, body, signed, status });
        for (const w of p.arrivals.splice(0)) w();
        const answer = () => {
          if (status >= 200 && status < 300) {
            const key = String(req.headers['idempotency-key']);
            if (!p.effects.has(key)) p.effects.set(key, JSON.parse(body));
          }
          res.statusCode = status;
          res.end(status < 300 ? 'ok' : 'failed on purpose');
        };
        if (p.hold) p.held.push(answer);
        else answer();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    peer = new WebhookPeer(server, (server.address() as AddressInfo).port);
    return peer;
  }

  get url() {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** Resolves once `n` calls arrived. */
  async waitForCalls(n: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.calls.length < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} calls, got ${this.calls.length}`);
      await new Promise<void>((resolve) => {
        this.arrivals.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  release(): void {
    this.hold = false;
    for (const a of this.held.splice(0)) a();
  }

  close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
