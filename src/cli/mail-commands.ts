import type { Command } from 'commander';
import { AppError } from '../errors';
import { t } from '../i18n/messages';
import { sendInvitations } from '../invitations/send-invitations';
import { sendReminders } from '../invitations/send-reminders';
import type { SendResult } from '../invitations/queue-invitation-mails';
import { getBatchProgress, getOutboxSummary, retryFailedMail } from '../mail/outbox-queries';
import { mailDeliveryFromConfig, startOutboxWorker } from '../mail/outbox-worker';
import { cliContext, type CliContext } from './context';

type SendOptions = { campaign: number; unit?: string; wait?: boolean };

export function registerMailCommands(program: Command): void {
  program
    .command('send')
    .description('Gửi thư mời (mỗi người một đường dẫn riêng cho từng loại phiếu) chưa gửi của đợt khảo sát')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .option('--unit <code>', 'chỉ gửi cho một đơn vị (mã đơn vị)')
    .option('--wait', 'gửi ngay tại đây và chờ đến khi gửi xong, in tiến độ')
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
    .option('--wait', 'gửi ngay tại đây và chờ đến khi gửi xong, in tiến độ')
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
        const label = status === 'total' ? 'Tổng' : t(`mail.outboxStatus.${status}`);
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
    .description('Đưa lại vào hàng đợi các thư gửi lỗi (không gồm thư bị trả lại: cần sửa địa chỉ trước)')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .action((opts: { campaign: number }) => {
      const count = retryFailedMail(cliContext().db, opts.campaign, Date.now());
      console.log(t('mail.retried', { count }));
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
  const result = queue(ctx, unitId, { publicUrl: ctx.config.PUBLIC_URL, now: Date.now() });
  console.log(t('mail.queued', { count: result.queued }));
  if (opts.wait && result.queued > 0) await deliverBatch(ctx, result.batchId);
}

function unitIdByCode(ctx: CliContext, campaignId: number, code: string): number {
  const row = ctx.db.$client
    .prepare(
      `SELECT u.id FROM units u JOIN campaign_units cu ON cu.unit_id = u.id
       WHERE cu.campaign_id = ? AND lower(u.code) = lower(?)`,
    )
    .get(campaignId, code.trim()) as { id: number } | undefined;
  if (!row) throw new AppError('not_found', t('mail.unitNotFound', { code }));
  return row.id;
}

/** Runs the outbox worker in this process until every message of the batch is sent, failed or bounced. */
async function deliverBatch(ctx: CliContext, batchId: string): Promise<void> {
  const { config, db } = ctx;
  const delivery = mailDeliveryFromConfig(db, config);
  const { mailer } = delivery;
  const worker = startOutboxWorker({ ...delivery, schedule: false, recoverOnStart: false, tickMs: 250 });
  try {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const p = getBatchProgress(db, batchId);
      const waiting = p.queued + p.sending;
      console.log(t('mail.progress', { ...p, waiting }));
      if (waiting === 0) break;
    }
  } finally {
    await worker.stop();
    mailer.close();
  }
}
