import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type ReceivedMail = ParsedMail & { envelopeTo: string[]; raw: Buffer };

export type TestSmtpOptions = {
  /** Reply 550 to these recipients (lower-case addresses). */
  rejectRecipients?: string[];
  /** Reply with this code and text to these recipients (lower-case addresses): "552", "5.2.2 Mailbox full". */
  recipientReplies?: Record<string, { code: number; text: string }>;
  /** Reply 451 (temporary) to every message while this returns true. */
  temporarilyFailing?: () => boolean;
  /** Listen on this port (e.g. to bring a stopped server back where the mailer expects it). */
  port?: number;
  /** Wait this long before answering each message, as a slow relay does. */
  delayMs?: number;
};

/** A real SMTP server on 127.0.0.1 that parses every message it accepts. */
export async function startTestSmtp(options: TestSmtpOptions = {}) {
  const received: ReceivedMail[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const reply = options.recipientReplies?.[address.address.toLowerCase()];
      if (reply) return callback(Object.assign(new Error(reply.text), { responseCode: reply.code }));
      if (options.rejectRecipients?.includes(address.address.toLowerCase())) {
        const err = Object.assign(new Error('5.1.1 Mailbox unavailable: no such user'), {
          responseCode: 550,
        });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on(
        'end',
        () =>
          void later(options.delayMs).then(() => {
            if (options.temporarilyFailing?.()) {
              return callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
            }
            const raw = Buffer.concat(chunks);
            simpleParser(raw)
              .then((parsed) => {
                received.push(
                  Object.assign(parsed, { envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw }),
                );
                for (const w of [...waiters]) {
                  if (received.length >= w.count) {
                    waiters.splice(waiters.indexOf(w), 1);
                    w.resolve();
                  }
                }
                callback();
              })
              .catch(callback);
          }),
      );
    },
  });
  // A client killed mid-session (crash tests) resets its connection; that is the client's problem, not ours.
  const errors: Error[] = [];
  server.on('error', (err) => errors.push(err));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}?tls=off`,
    received,
    /** Connection errors the server saw (e.g. ECONNRESET from a killed client). */
    errors,
    /** Resolves when at least `count` messages have arrived, or rejects after `timeoutMs`. */
    waitFor(count: number, timeoutMs = 20_000): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} messages, got ${received.length}`)),
          timeoutMs,
        );
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function later(ms: number | undefined): Promise<void> {
  return ms ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
