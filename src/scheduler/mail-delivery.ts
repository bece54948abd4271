import type { Db } from '../db/client';
import { invitationDelivery } from '../invitations/delivery-status';
import { deliverDueMessages, type DeliveryOptions, type DeliveryResult } from '../mail/outbox';
import { startOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from '../mail/outbox-worker';
import type { Mailer } from '../mail/transport';
import { startScheduler, type TimedJob } from './scheduler';

/** The outbox's timed jobs: take back rows a dead worker left claimed, then deliver what is due (retries too). */
export function deliveryJobs(worker: OutboxWorker): TimedJob[] {
  return [
    // A claim goes stale after ten minutes: looking once a minute is soon enough, and each look reads every
    // waiting thank-you mail.
    { name: 'outbox-stale-claims', everyMs: 60_000, run: () => worker.releaseStale() },
    { name: 'outbox-delivery', run: () => worker.pump() },
  ];
}

export type MailDelivery = Pick<OutboxWorker, 'stop' | 'drain'>;

/**
 * The outbox worker, told of each delivery by invitations/ (the delivery callback is registered here, the app
 * wiring), pumped by a scheduler of its own: the CLI's `send --wait` and tests that deliver without the
 * server's other jobs.
 */
export function startMailDelivery(
  options: Omit<OutboxWorkerOptions, 'listener'> & { tickMs?: number },
): MailDelivery {
  const worker = startWorker(options);
  const scheduler = startScheduler({
    jobs: deliveryJobs(worker),
    clock: options.clock,
    tickMs: options.tickMs ?? 1000,
    logger: options.logger,
  });
  return {
    async stop() {
      scheduler.stop();
      await worker.stop();
    },
    drain: () => worker.drain(),
  };
}

/** The outbox worker with the invitations' delivery callback, for a scheduler to pump. */
export function startWorker(options: Omit<OutboxWorkerOptions, 'listener'>): OutboxWorker {
  return startOutboxWorker({ ...options, listener: invitationDelivery });
}

/** Delivers the due messages one after another (tests, one-off runs), invitations told as by the worker. */
export function deliverDueMail(
  db: Db,
  mailer: Mailer,
  options: Omit<DeliveryOptions, 'listener'>,
): Promise<DeliveryResult> {
  return deliverDueMessages(db, mailer, { ...options, listener: invitationDelivery });
}
