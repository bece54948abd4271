import type { Logger } from 'pino';
import type { Db } from '../db/client';
import { inGroupCommit } from '../db/group-commit';
import type { Config } from '../config';
import { systemClock, type Clock } from '../time';
import type { MailKind } from '../db/schema';
import {
  claimDueMail,
  deliverClaimed,
  hasDueMail,
  releaseStuckMail,
  type ClaimedMail,
  type DeliveryListener,
} from './outbox';
import { createTokenBucket } from './rate-limiter';
import type { DeliveryOutcome, RetryPolicy } from './retry-policy';
import {
  claimDueThankYous,
  deliverThankYou,
  hasDueThankYou,
  releaseStuckThankYous,
  type ClaimedThankYou,
} from './thank-you-slots';
import { createMailer, type Mailer } from './transport';

export type OutboxWorkerOptions = {
  db: Db;
  mailer: Mailer;
  from: string;
  /** Messages in flight at once; match the SMTP pool size. */
  concurrency: number;
  ratePerMinute: number;
  clock: Clock;
  logger?: Logger;
  retry?: RetryPolicy;
  /** Told of each message's delivery (invitations/ through the app wiring). */
  listener: DeliveryListener;
  /**
   * Re-queue every `sending` row on start (default true: the server's worker, after a crash). A second worker
   * started while the server may be sending (the CLI's --wait) passes false and leaves the server's rows alone.
   */
  recoverOnStart?: boolean;
};

// A send gives up within about a minute (connection, greeting and socket timeouts); a row claimed this long
// ago belongs to a worker that died while another kept running, so any worker may take it back.
const STALE_CLAIM_MS = 10 * 60 * 1000;
// Rate-limited, the worker wakes itself when the next message is allowed, at most this late.
const MAX_WAKE_MS = 1000;

export type OutboxWorker = {
  /**
   * Claims due messages (first ones, retries whose wait is over) for the free slots the rate allows and starts
   * delivering them; the scheduler calls it on each tick, and the worker itself as slots free up.
   */
  pump(): void;
  /** Re-queues rows claimed long ago by a worker that died while this one kept running. */
  releaseStale(): void;
  /** Stops claiming, waits for the messages in flight and records their outcome. */
  stop(): Promise<void>;
  /** Resolves once nothing is due and nothing is in flight. */
  drain(): Promise<void>;
};

/** The mailer and worker settings the configuration implies; the server and the CLI's --wait both start here. */
export function mailDeliveryFromConfig(
  db: Db,
  config: Config,
): Pick<OutboxWorkerOptions, 'db' | 'mailer' | 'from' | 'concurrency' | 'ratePerMinute' | 'clock'> {
  return {
    db,
    mailer: createMailer({
      smtpUrl: config.SMTP_URL,
      mailDir: config.mailDir,
      poolSize: config.MAIL_CONCURRENCY,
    }),
    from: config.MAIL_FROM,
    concurrency: config.MAIL_CONCURRENCY,
    ratePerMinute: config.MAIL_RATE_PER_MINUTE,
    clock: systemClock,
  };
}

/**
 * Delivers the durable outbox: claims due rows (`sending`), sends with bounded concurrency under a rate limit,
 * retries temporary failures with backoff, bounces permanent ones. Rows left `sending` by a crash are
 * re-queued on start, so a kill -9 loses nothing and re-sends at most the `concurrency` messages in flight.
 * It has no timer of its own but the rate limit's: the scheduler's tick pumps it (scheduler/).
 */
export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, mailer, clock, logger } = options;
  const concurrency = Math.max(1, options.concurrency);
  const bucket = createTokenBucket(options.ratePerMinute, concurrency, clock);
  const recover = (lockedBefore: number) => {
    const released = releaseStuckMail(db, lockedBefore) + releaseStuckThankYous(db, lockedBefore);
    if (released > 0) logger?.warn({ released }, 'outbox: re-queued messages interrupted while sending');
  };
  if (options.recoverOnStart !== false) recover(Number.MAX_SAFE_INTEGER);

  const inFlight = new Set<Promise<void>>();
  let drainWaiters: Array<() => void> = [];
  let stopped = false;
  let wakeTimer: NodeJS.Timeout | undefined;

  const sending = { from: options.from, clock, retry: options.retry, listener: options.listener };
  // A thank-you mail is logged by its kind alone: an id would tie the line to its recipient while it waits.
  const deliver = (mail: ClaimedMail | ClaimedThankYou) => {
    const about: { kind: MailKind; outboxId?: number } =
      'key' in mail ? { kind: 'thank_you' } : { kind: mail.kind, outboxId: mail.id };
    const job = (
      'key' in mail ? deliverThankYou(db, mailer, mail, sending) : deliverClaimed(db, mailer, mail, sending)
    )
      .then((outcome: DeliveryOutcome) => {
        if (outcome !== 'sent') logger?.warn({ ...about, outcome }, 'outbox: message not delivered');
      })
      .catch((err: unknown) => logger?.error({ err, ...about }, 'outbox: recording delivery failed'))
      .finally(() => {
        inFlight.delete(job);
        pumpSoon();
      });
    inFlight.add(job);
  };

  // Outcomes recorded in one commit settle together: one claim for all the slots they free, not one each (every
  // commit waits for the disk).
  let pumpQueued = false;
  const pumpSoon = () => {
    if (pumpQueued) return;
    pumpQueued = true;
    setImmediate(() => {
      pumpQueued = false;
      pump();
    });
  };

  // Claims share the commit of the turn's other writes (answers stored, outcomes recorded) instead of one of
  // their own: every commit waits for the disk, and under load that wait, not the relay, set the pace.
  let claiming = 0;
  const claims = new Set<Promise<void>>();

  function pump(): void {
    if (stopped) return;
    const free = concurrency - inFlight.size - claiming;
    if (free <= 0) return;
    if (!hasDueThankYou(db, clock()) && !hasDueMail(db, clock())) {
      if (inFlight.size === 0 && claiming === 0) settleDrain();
      return;
    }
    const allowed = bucket.take(free);
    if (allowed < free) wakeWhenAllowed();
    if (allowed === 0) return;
    claiming += allowed;
    const claim = inGroupCommit(db, () => {
      // Thank-you mails first: a respondent's confirmation need not wait behind a send of 10,000 invitations.
      const thanks = claimDueThankYous(db, clock(), allowed);
      return [...thanks, ...claimDueMail(db, clock(), allowed - thanks.length)];
    })
      .catch((err: unknown): Array<ClaimedMail | ClaimedThankYou> => {
        logger?.error({ err }, 'outbox: claiming due mail failed');
        return [];
      })
      .then((claimed) => {
        claiming -= allowed;
        bucket.giveBack(allowed - claimed.length);
        for (const mail of claimed) deliver(mail);
        if (claimed.length === 0 && inFlight.size === 0 && claiming === 0) settleDrain();
      })
      .finally(() => claims.delete(claim));
    claims.add(claim);
  }

  // Rate-limited: come back as soon as the bucket allows another message rather than at the next tick.
  function wakeWhenAllowed(): void {
    if (wakeTimer) return;
    wakeTimer = setTimeout(
      () => {
        wakeTimer = undefined;
        pump();
      },
      Math.min(MAX_WAKE_MS, Math.max(1, bucket.msUntilNext())),
    );
  }

  function settleDrain(): void {
    const waiters = drainWaiters;
    drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  return {
    pump,
    releaseStale() {
      if (stopped) return;
      try {
        recover(clock() - STALE_CLAIM_MS);
      } catch (err) {
        logger?.error({ err }, 'outbox: recovering stale claims failed');
      }
    },
    async stop() {
      stopped = true;
      clearTimeout(wakeTimer);
      // A claim still committing starts its deliveries when it settles: wait for those too.
      await Promise.all([...claims]);
      await Promise.all([...inFlight]);
      for (const resolve of drainWaiters) resolve();
      drainWaiters = [];
    },
    drain() {
      return new Promise<void>((resolve) => {
        drainWaiters.push(resolve);
        pump();
      });
    },
  };
}
