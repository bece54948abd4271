import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { Db } from '../db/client';
import { invitations, mailOutbox, type MailKind } from '../db/schema';
import { isPermanentFailure, type Mailer } from './transport';

export type NewMail = {
  kind: MailKind;
  to: string;
  subject: string;
  html: string;
  text: string;
  campaignId?: number | null;
  invitationId?: number | null;
  batchId?: string | null;
};

/** Queues a rendered message; call inside the transaction of the change that causes it. */
export function enqueueMail(db: Db, mail: NewMail, now = Date.now()): number {
  const row = db
    .insert(mailOutbox)
    .values({
      kind: mail.kind,
      toAddress: mail.to,
      subject: mail.subject,
      html: mail.html,
      textBody: mail.text,
      campaignId: mail.campaignId ?? null,
      invitationId: mail.invitationId ?? null,
      batchId: mail.batchId ?? null,
      nextAttemptAt: now,
    })
    .returning({ id: mailOutbox.id })
    .get();
  return row.id;
}

export type DeliveryOptions = { from: string; now?: number; limit?: number };
export type DeliveryResult = { sent: number; retried: number; bounced: number };

const RETRY_BASE_MS = 30_000;
const MAX_ATTEMPTS = 8;

/** Delivers due messages one after another; invitation rows follow the fate of their invitation mails. */
export async function deliverDueMail(
  db: Db,
  mailer: Mailer,
  options: DeliveryOptions,
): Promise<DeliveryResult> {
  const now = options.now ?? Date.now();
  const due = db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.status, 'queued'), lte(mailOutbox.nextAttemptAt, now)))
    .orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id))
    .limit(options.limit ?? 100)
    .all();
  const result: DeliveryResult = { sent: 0, retried: 0, bounced: 0 };
  for (const mail of due) {
    try {
      const sent = await mailer.send({
        from: options.from,
        to: mail.toAddress,
        subject: mail.subject,
        html: mail.html,
        text: mail.textBody,
      });
      markSent(db, mail, sent.messageId, sent.emlPath ?? null, Date.now());
      result.sent++;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const attempts = mail.attempts + 1;
      if (isPermanentFailure(error) || attempts >= MAX_ATTEMPTS) {
        markFailed(db, mail, isPermanentFailure(error) ? 'bounced' : 'failed', reason, attempts);
        result.bounced++;
      } else {
        db.update(mailOutbox)
          .set({
            attempts,
            lastError: reason,
            nextAttemptAt: Date.now() + RETRY_BASE_MS * 2 ** (attempts - 1),
          })
          .where(eq(mailOutbox.id, mail.id))
          .run();
        result.retried++;
      }
    }
  }
  return result;
}

type OutboxRow = typeof mailOutbox.$inferSelect;
const TRACKED_KINDS: MailKind[] = ['invitation', 'reminder'];

function markSent(db: Db, mail: OutboxRow, messageId: string, emlPath: string | null, at: number): void {
  db.transaction((tx) => {
    tx.update(mailOutbox)
      .set({ status: 'sent', sentAt: at, messageId, emlPath, attempts: mail.attempts + 1, lastError: null })
      .where(eq(mailOutbox.id, mail.id))
      .run();
    if (mail.invitationId && mail.kind === 'invitation') {
      tx.update(invitations)
        .set({ deliveryStatus: 'sent', sentAt: at, deliveryDetail: null })
        .where(eq(invitations.id, mail.invitationId))
        .run();
    }
  });
}

function markFailed(
  db: Db,
  mail: OutboxRow,
  status: 'bounced' | 'failed',
  reason: string,
  attempts: number,
): void {
  db.transaction((tx) => {
    tx.update(mailOutbox)
      .set({ status, lastError: reason, attempts })
      .where(eq(mailOutbox.id, mail.id))
      .run();
    if (mail.invitationId && TRACKED_KINDS.includes(mail.kind)) {
      tx.update(invitations)
        .set({ deliveryStatus: status, deliveryDetail: reason })
        .where(
          and(eq(invitations.id, mail.invitationId), inArray(invitations.deliveryStatus, ['queued', 'sent'])),
        )
        .run();
    }
  });
}
