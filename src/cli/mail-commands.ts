import type { Command } from 'commander';
import { AppError } from '../errors';
import type { Catalogue } from '../i18n/catalogue';
import { t } from '../i18n/messages';
import { sendInvitations } from '../invitations/send-invitations';
import { sendReminders } from '../invitations/send-reminders';
import type { SendResult } from '../invitations/queue-invitation-mails';
import {
  expediteWaitingMail,
  getOutboxSummary,
  getPendingMail,
  retryCampaignMail,
  type PendingMail,
} from '../mail/outbox-queries';
import { mailDeliveryFromConfig, startOutboxWorker } from '../mail/outbox-worker';
import { cliContext, type CliContext } from './context';

type SendOptions = { campaign: number; unit?: string; wait?: boolean };

export function registerMailCommands(program: Command): void {
  program
    .command('send')
    .description('Gửi thư mời (mỗi người một đường dẫn riêng cho từng loại phiếu) chưa gửi của đợt khảo sát')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .option('--unit <code>', 'chỉ gửi cho một đơn vị (mã đơn vị)')
    .option(
      '--wait',
      'gửi ngay tại đây (cùng các thư của đợt đã xếp hàng từ trước) và chờ đến khi gửi xong, in tiến độ; máy chủ thư không nhận thì dừng, báo lỗi, thư vẫn được giữ',
    )
    .action((opts: SendOptions) =>
      queueAndMaybeWait(opts, (ctx, unitId, mailCtx) =>
        sendInvitations(ctx.db, { campaignId: opts.campaign, unitId }, mailCtx),
      ),
    );
  program
    .command('remind')
    .description('Gửi thư nhắc ("[Nhắc lại] ...") cho những người đã nhận thư mời nhưng chưa trả lời')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .option('--unit <code>', 'chỉ nhắc một đơn vị (mã đơn vị)')
    .option(
      '--wait',
      'gửi ngay tại đây (cùng các thư của đợt đã xếp hàng từ trước) và chờ đến khi gửi xong, in tiến độ; máy chủ thư không nhận thì dừng, báo lỗi, thư vẫn được giữ',
    )
    .action((opts: SendOptions) =>
      queueAndMaybeWait(opts, (ctx, unitId, mailCtx) =>
        sendReminders(ctx.db, { campaignId: opts.campaign, unitId }, mailCtx),
      ),
    );

  const outbox = program.command('outbox').description('Hộp thư đi (outbox)');
  outbox
    .command('status')
    .description('Số thư theo trạng thái và các lỗi gửi gần nhất')
    .option('--campaign <id>', 'chỉ một đợt khảo sát', Number)
    .action((opts: { campaign?: number }) => {
      const summary = getOutboxSummary(cliContext().db, { campaignId: opts.campaign });
      for (const [status, n] of Object.entries(summary.counts)) {
        const label =
          status === 'total'
            ? t('cli.total')
            : t(`mail.outboxStatus.${status as keyof Catalogue['mail']['outboxStatus']}`);
        console.log(`${label}\t${n}`);
      }
      console.log(`\n${t('mail.lastFailures')}:`);
      if (summary.lastFailures.length === 0) console.log(t('mail.noFailures'));
      for (const f of summary.lastFailures) {
        console.log(`#${f.id}\t${t(`mail.outboxStatus.${f.status}`)}\t${f.to}\t${f.error ?? ''}`);
      }
    });
  outbox
    .command('retry')
    .description(
      'Đưa lại vào hàng đợi các thư gửi lỗi (không gồm thư bị trả lại: cần sửa địa chỉ trước) và gửi ngay các thư đang chờ gửi lại sau lỗi tạm thời',
    )
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .action((opts: { campaign: number }) => {
      const { db } = cliContext();
      const now = Date.now();
      const { requeued, expedited } = retryCampaignMail(db, opts.campaign, now);
      console.log(t('mail.retried', { count: requeued }));
      if (expedited > 0) console.log(t('mail.expedited', { count: expedited }));
    });
}

async function queueAndMaybeWait(
  opts: SendOptions,
  queue: (
    ctx: CliContext,
    unitId: number | undefined,
    mailCtx: { publicUrl: string; now: number },
  ) => SendResult,
): Promise<void> {
  const ctx = cliContext();
  const unitId = opts.unit === undefined ? undefined : unitIdByCode(ctx, opts.campaign, opts.unit);
  const before = opts.wait ? getPendingMail(ctx.db, opts.campaign, Date.now()) : undefined;
  const result = queue(ctx, unitId, { publicUrl: ctx.config.PUBLIC_URL, now: Date.now() });
  console.log(t('mail.queued', { count: result.queued }));
  if (!before) return;
  const earlier = before.queued + before.sending;
  if (earlier > 0) console.log(t('mail.alreadyQueued', { count: earlier }));
  if (earlier + result.queued > 0) await deliverCampaignMail(ctx, opts.campaign, before);
}

function unitIdByCode(ctx: CliContext, campaignId: number, code: string): number {
  const row = ctx.db.$client
    .prepare(
      `SELECT u.id FROM units u JOIN campaign_units cu ON cu.unit_id = u.id
       WHERE cu.campaign_id = ? AND lower(u.code) = lower(?)`,
    )
    .get(campaignId, code.trim()) as { id: number } | undefined;
  if (!row) throw new AppError('not_found', 'mail.unitNotFound', { code });
  return row.id;
}

/**
 * Runs the outbox worker in this process until every queued message of the campaign (this command's and any
 * queued earlier) is sent, failed or bounced. Messages a temporary error (relay down) sends back to wait for a
 * later retry stop the wait with the server's reason and exit code 1: they stay queued, nothing is lost.
 */
async function deliverCampaignMail(ctx: CliContext, campaignId: number, before: PendingMail): Promise<void> {
  const { config, db } = ctx;
  // The admin asks to deliver now: earlier messages waiting for a retry get one attempt here too.
  expediteWaitingMail(db, campaignId, Date.now());
  const delivery = mailDeliveryFromConfig(db, config);
  const { mailer } = delivery;
  const worker = startOutboxWorker({ ...delivery, schedule: false, recoverOnStart: false, tickMs: 250 });
  try {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const now = getPendingMail(db, campaignId, Date.now());
      const waiting = now.queued + now.sending;
      const sent = now.sent - before.sent;
      const failed = now.failed - before.failed;
      const bounced = now.bounced - before.bounced;
      console.log(
        t('mail.progress', { sent, failed, bounced, waiting, total: sent + failed + bounced + waiting }),
      );
      if (waiting === 0) break;
      if (now.sending === 0 && now.waitingRetry === now.queued) {
        process.exitCode = 1;
        console.error(
          t('mail.waitStopped', { count: waiting, error: now.lastError ?? '', campaign: campaignId }),
        );
        break;
      }
    }
  } finally {
    await worker.stop();
    mailer.close();
  }
}
