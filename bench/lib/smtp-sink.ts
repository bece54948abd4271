import { connect, type AddressInfo, type Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** An SMTP server on 127.0.0.1 that accepts every message and throws it away, counting them. */
export async function startSmtpSink(): Promise<{
  url: string;
  accepted: () => number;
  /** Messages accepted between two Date.now() instants. */
  acceptedBetween: (from: number, to: number) => number;
  close: () => Promise<void>;
}> {
  let accepted = 0;
  const acceptedAt: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        accepted++;
        acceptedAt.push(Date.now());
        callback();
      });
      stream.resume();
    },
  });
  // Without TCP_NODELAY each SMTP command waits out the peer's delayed ACK (~40 ms): the sink would be the limit.
  server.server.on('connection', (socket: Socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}?tls=off`,
    accepted: () => accepted,
    acceptedBetween: (from, to) => acceptedAt.filter((t) => t >= from && t <= to).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** nodemailer's pool takes an already connected socket from getSocket ({ connection }). */
export function connectNoDelay(
  options: { host?: string; port?: number },
  callback: (err: Error | null, socket?: { connection: Socket }) => void,
): void {
  const socket = connect({ host: options.host, port: options.port ?? 25 }, () => {
    socket.setNoDelay(true);
    callback(null, { connection: socket });
  });
  socket.once('error', (err) => callback(err));
}
