import nodemailer from 'nodemailer';

/** One email as the engine hands it to the transport. */
export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** `<key@waymark>`: the same for every attempt of a step, so duplicates can be recognised. */
  messageId: string;
  headers: Record<string, string>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/** A mailer over SMTP (nodemailer), from an smtp:// or smtps:// URL with optional credentials. */
export function smtpMailer(url: string, options: { timeoutMs?: number } = {}): Mailer {
  const timeout = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(email) {
      await transport.sendMail({
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        headers: email.headers,
      });
    },
    close() {
      transport.close();
    },
  };
}
