import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import nodemailer from 'nodemailer';

export type OutgoingMail = { from: string; to: string; subject: string; html: string; text: string };
/** `emlPath`: the .eml file the file mailer wrote, relative to its mail directory. */
export type SentMail = { messageId: string; emlPath?: string };

/** Where mail goes: a real SMTP server, or .eml files under data/mail when none is configured. */
export interface Mailer {
  readonly kind: 'smtp' | 'file';
  /** Where .eml files are (or, before an SMTP server was configured, were) written. */
  readonly mailDir: string;
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): void;
}

export type MailerOptions = { smtpUrl?: string; mailDir: string; poolSize?: number };

export function createMailer(options: MailerOptions): Mailer {
  return options.smtpUrl
    ? smtpMailer(options.smtpUrl, options.poolSize ?? 5, options.mailDir)
    : fileMailer(options.mailDir);
}

function smtpMailer(url: string, poolSize: number, mailDir: string): Mailer {
  const u = new URL(url);
  const port = Number(u.port) || (u.protocol === 'smtps:' ? 465 : 587);
  const transport = nodemailer.createTransport({
    getSocket: (_options, callback) => connectNoDelay(u.hostname, port, callback),
    pool: true,
    maxConnections: poolSize,
    maxMessages: Infinity,
    host: u.hostname,
    port,
    secure: u.protocol === 'smtps:',
    auth: u.username
      ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
      : undefined,
    // A local relay often has a self-signed certificate; ?tls=insecure says so explicitly.
    tls: u.searchParams.get('tls') === 'insecure' ? { rejectUnauthorized: false } : undefined,
    ignoreTLS: u.searchParams.get('tls') === 'off',
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    kind: 'smtp',
    mailDir,
    async send(mail) {
      const info = await transport.sendMail({ ...mail, textEncoding: 'base64' });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}

const CONNECT_TIMEOUT_MS = 10_000;

// Node sockets use Nagle's algorithm by default; SMTP's many small command/reply turns then wait for delayed
// ACKs (~40 ms) on every message, which cuts a pooled connection's throughput about fourfold. When this
// pre-connect fails we answer "no socket" and nodemailer connects itself, so the failure is reported through
// its own path: an error passed to this callback would leave a dead slot in the pool for good.
function connectNoDelay(
  host: string,
  port: number,
  callback: (err: Error | null, socketOptions?: { connection: net.Socket } | false) => void,
): void {
  const socket = net.connect({ host, port, noDelay: true });
  const timer = setTimeout(() => socket.destroy(), CONNECT_TIMEOUT_MS);
  // 'error' is followed by 'close': answer once.
  const onFailure = () => {
    clearTimeout(timer);
    socket.removeListener('error', onFailure);
    socket.removeListener('close', onFailure);
    callback(null, false);
  };
  socket.once('error', onFailure);
  socket.once('close', onFailure);
  socket.once('connect', () => {
    clearTimeout(timer);
    socket.removeListener('error', onFailure);
    socket.removeListener('close', onFailure);
    socket.setKeepAlive(true);
    callback(null, { connection: socket });
  });
}

function fileMailer(dir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  fs.mkdirSync(dir, { recursive: true });
  return {
    kind: 'file',
    mailDir: dir,
    async send(mail) {
      const info = await transport.sendMail(mail);
      const messageId = info.messageId;
      const name = `${Date.now()}-${messageId.replace(/[^A-Za-z0-9.-]/g, '')}.eml`;
      await fs.promises.writeFile(path.join(dir, name), info.message as Buffer);
      return { messageId, emlPath: name };
    },
    close: () => transport.close(),
  };
}

/**
 * A permanent failure (5xx, or a recipient the server refused) makes the message bounced: retrying cannot help.
 * Anything else (4xx, connection refused, timeout) is temporary and retried.
 */
export function isPermanentFailure(error: unknown): boolean {
  const e = error as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number') return e.responseCode >= 500 && e.responseCode < 600;
  return e.code === 'EENVELOPE';
}
