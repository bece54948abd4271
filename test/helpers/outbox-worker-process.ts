// Runs the outbox worker in its own process over an existing database file, until nothing is left to send.
// Usage: node --import tsx test/helpers/outbox-worker-process.ts <db file> <smtp url> <concurrency>
import { openDb } from '../../src/open-db';
import { startMailDelivery } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';

async function main(): Promise<void> {
  const [file, smtpUrl, concurrency] = process.argv.slice(2);
  const db = openDb(file!);
  const mailer = createMailer({ smtpUrl, mailDir: '/nonexistent', poolSize: Number(concurrency) });
  const worker = startMailDelivery({
    db,
    mailer,
    from: 'khaosat@snv.example.vn',
    concurrency: Number(concurrency),
    ratePerMinute: 1_000_000,
    clock: Date.now,
    tickMs: 50,
  });
  process.stdout.write('started\n');
  await worker.drain();
  await worker.stop();
  mailer.close();
  db.$client.close();
}

void main();
