import type { Logger } from 'pino';
import { inTransaction, type Db } from '../db/client';
import { inGroupCommit } from '../db/group-commit';
import type { Config } from '../config';
import { systemClock, type Clock } from '../time';
import type { MailKind } from '../db/schema';
import {
  claimDueMail,
  deliverClaimed,
  hasDueMail,
  releaseClaimedMail,
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
  releaseClaimedThankYous,
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
/** Mails claimed at once, at most: a claim commit for this many, and at most this many to release on a stop. */
const CLAIM_BATCH = 64;

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
 * re-queued on start, so a kill -9 loses nothing and re-sends at most the messages in flight and those whose
 * outcome was still being recorded (a commit or so of them).
 * It has no timer of its own but the rate limit's: the scheduler's tick pumps it (scheduler/).
 */
function releaseClaimed(db: Db, mails: Array<ClaimedMail | ClaimedThankYou>): void {
  if (mails.length === 0) return;
  inTransaction(db, () => {
    releaseClaimedThankYous(
      db,
      mails.filter((m): m is ClaimedThankYou => 'key' in m),
    );
    releaseClaimedMail(
      db,
      mails.filter((m): m is ClaimedMail => !('key' in m)),
    );
  });
}

export function startOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const { db, mailer, clock, logger } = options;
  const concurrency = Math.max(1, options.concurrency);
  // A second's worth may be saved up (at least the messages in flight): claims take what the rate allows now.
  const bucket = createTokenBucket(
    options.ratePerMinute,
    Math.max(concurrency, Math.floor(options.ratePerMinute / 60)),
    clock,
  );
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
  // A slot of the SMTP pool is free again as soon as the relay has answered: the next message leaves while the
  // outcome is recorded (a commit that waits for the disk, shared with the outcomes and answers of the same turn).
  let atRelay = 0;
  const deliver = (mail: ClaimedMail | ClaimedThankYou) => {
    atRelay++;
    let answered = false;
    const relayAnswered = () => {
      if (answered) return;
      answered = true;
      atRelay--;
      pumpSoon();
    };
    const viaRelay: Mailer = { ...mailer, send: (message) => mailer.send(message).finally(relayAnswered) };
    // A thank-you mail is logged by its kind alone: an id would tie the line to its recipient while it waits.
    const about: { kind: MailKind; outboxId?: number } =
      'key' in mail ? { kind: 'thank_you' } : { kind: mail.kind, outboxId: mail.id };
    const job = (
      'key' in mail
        ? deliverThankYou(db, viaRelay, mail, sending)
        : deliverClaimed(db, viaRelay, mail, sending)
    )
      .then((outcome: DeliveryOutcome) => {
        if (outcome !== 'sent') logger?.warn({ ...about, outcome }, 'outbox: message not delivered');
      })
      .catch((err: unknown) => logger?.error({ err, ...about }, 'outbox: recording delivery failed'))
      .finally(() => {
        inFlight.delete(job);
        relayAnswered();
        pumpSoon();
      });
    inFlight.add(job);
  };

  // Outcomes recorded in one commit settle together: one pump for all the slots they free.
  let pumpQueued = false;
  const pumpSoon = () => {
    if (pumpQueued) return;
    pumpQueued = true;
    setImmediate(() => {
      pumpQueued = false;
      pump();
    });
  };

  // Mails are claimed in batches and sent from memory: one claim commit for many mails instead of one each (every
  // commit waits for the disk), and the claim shares the commit of the turn's other writes. A batch is only what
  // the rate allows now: what it does not allow yet stays queued.
  let claimed: Array<ClaimedMail | ClaimedThankYou> = [];
  let claim: Promise<void> | undefined;

  function pump(): void {
    if (stopped) return;
    while (atRelay < concurrency && claimed.length > 0) deliver(claimed.shift()!);
    if (claim || claimed.length >= concurrency) return;
    if (!hasDueThankYou(db, clock()) && !hasDueMail(db, clock())) {
      if (claimed.length === 0 && inFlight.size === 0) settleDrain();
      return;
    }
    const allowed = bucket.take(CLAIM_BATCH - claimed.length);
    if (allowed === 0) return wakeWhenAllowed();
    claim = inGroupCommit(db, () => {
      // Thank-you mails first: a respondent's confirmation need not wait behind a send of 10,000 invitations.
      const thanks = claimDueThankYous(db, clock(), allowed);
      return [...thanks, ...claimDueMail(db, clock(), allowed - thanks.length)];
    })
      .catch((err: unknown): Array<ClaimedMail | ClaimedThankYou> => {
        logger?.error({ err }, 'outbox: claiming due mail failed');
        return [];
      })
      .then((more) => {
        claim = undefined;
        bucket.giveBack(allowed - more.length);
        claimed.push(...more);
        if (more.length > 0) pump();
        else if (claimed.length === 0 && inFlight.size === 0) settleDrain();
      });
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
      await claim;
      await Promise.all([...inFlight]);
      // Claimed but not sent: back to the queue for the next worker, now rather than once their claim is stale.
      const unsent = claimed;
      claimed = [];
      try {
        releaseClaimed(db, unsent);
      } catch (err) {
        logger?.error({ err }, 'outbox: releasing claimed mail failed');
      }
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
