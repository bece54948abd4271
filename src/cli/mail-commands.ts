import type { Command } from 'commander';
import { AppError, orThrow, type Outcome } from '../errors';
import type { Catalogue } from '../i18n/catalogue';
import { t } from '../i18n/messages';
import { correctAddress } from '../invitations/correct-address';
import { invitationsOfAddress } from '../invitations/list-unit-invitations';
import { remindUnit } from '../invitations/remind-unit';
import type { SendResult } from '../invitations/queue-invitation-mails';
import { resendInvitation } from '../invitations/resend-invitation';
import { retryFailedMail } from '../invitations/retry-failed-mail';
import { sendInvitations } from '../invitations/send-invitations';
import { sendReminders } from '../invitations/send-reminders';
import {
  expediteWaitingMail,
  getOutboxSummary,
  getPendingMail,
  type PendingMail,
} from '../mail/outbox-queries';
import { mailDeliveryFromConfig } from '../mail/outbox-worker';
import { startMailDelivery } from '../scheduler/mail-delivery';
import { listCampaignUnits } from '../units/campaign-units';
import { cliContext, type CliContext } from './context';

type SendOptions = {
  campaign: number;
  unit?: string;
  wait?: boolean;
  includeFailed?: boolean;
  form?: string;
};
type PersonOptions = { campaign: number; email: string; form?: string };

export function registerMailCommands(program: Command): void {
  program
    .command('send')
    .description('Gửi thư mời (mỗi người một đường dẫn riêng cho từng loại phiếu) chưa gửi của đợt khảo sát')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .option('--unit <code>', 'chỉ gửi cho một đơn vị (mã đơn vị)')
    .option(
      '--include-failed',
      'gửi lại cả thư mời gửi lỗi hoặc bị trả lại (sau khi đã kiểm tra lại địa chỉ)',
    )
    .option(
      '--wait',
      'gửi ngay tại đây (cùng các thư của đợt đã xếp hàng từ trước) và chờ đến khi gửi xong, in tiến độ; máy chủ thư không nhận thì dừng, báo lỗi, thư vẫn được giữ',
    )
    .action((opts: SendOptions) =>
      queueAndMaybeWait(opts, (ctx, input) =>
        sendInvitations(ctx.db, { ...input, includeFailed: opts.includeFailed }, ctx.actor, Date.now()),
      ),
    );
  program
    .command('remind')
    .description('Gửi thư nhắc ("[Nhắc lại] ...") cho những người đã nhận thư mời nhưng chưa trả lời')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .option('--unit <code>', 'chỉ nhắc một đơn vị (mã đơn vị)')
    .option(
      '--form <code>',
      'chỉ nhắc loại phiếu này (cbcc, hdnd…) của đơn vị --unit, như nút nhắc trên trang đơn vị của công chức đầu mối',
    )
    .option(
      '--wait',
      'gửi ngay tại đây (cùng các thư của đợt đã xếp hàng từ trước) và chờ đến khi gửi xong, in tiến độ; máy chủ thư không nhận thì dừng, báo lỗi, thư vẫn được giữ',
    )
    .action((opts: SendOptions) => {
      const { form } = opts;
      if (form === undefined)
        return queueAndMaybeWait(opts, (ctx, input) => sendReminders(ctx.db, input, ctx.actor, Date.now()));
      if (opts.unit === undefined) throw new AppError('invalid_input', 'mail.formNeedsUnit');
      return queueAndMaybeWait(opts, (ctx, input) =>
        remindUnit(ctx.db, { ...input, unitId: input.unitId!, formType: form }, ctx.actor, Date.now()),
      );
    });

  const invitation = program.command('invitation').description('Thư mời của một người (theo địa chỉ thư)');
  invitation
    .command('resend')
    .description('Gửi lại thư mời (cùng đường dẫn) cho một người chưa trả lời')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .requiredOption('--email <address>', 'địa chỉ thư của người đó')
    .option('--form <code>', 'chỉ loại phiếu này (cbcc, hdnd…); mặc định mọi loại phiếu của người đó')
    .action((opts: PersonOptions) => {
      const ctx = cliContext();
      for (const invitationId of invitationsOf(ctx, opts)) {
        const input = { invitationId, publicUrl: ctx.config.PUBLIC_URL };
        const { queued } = orThrow(resendInvitation(ctx.db, input, ctx.actor, Date.now()));
        console.log(t('mail.queued', { count: queued }));
      }
    });
  invitation
    .command('fix-email')
    .description(
      'Sửa địa chỉ thư của một người và gửi lại thư mời (đường dẫn mới, đường dẫn cũ hết hiệu lực) nếu thư đã được gửi',
    )
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .requiredOption('--email <address>', 'địa chỉ thư đang dùng')
    .requiredOption('--to <address>', 'địa chỉ thư đúng')
    .option('--form <code>', 'chỉ người có phiếu loại này (cbcc, hdnd…)')
    .action((opts: PersonOptions & { to: string }) => {
      const ctx = cliContext();
      const input = {
        invitationId: invitationsOf(ctx, opts)[0]!,
        email: opts.to,
        scope: 'all' as const,
        publicUrl: ctx.config.PUBLIC_URL,
      };
      const fixed = orThrow(correctAddress(ctx.db, input, ctx.actor, Date.now()));
      console.log(t('mail.queued', { count: fixed.changed ? fixed.queued : 0 }));
    });

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
      const { db, actor } = cliContext();
      const retried = retryFailedMail(db, { campaignId: opts.campaign }, actor, Date.now());
      const { requeued, expedited } = orThrow(retried);
      console.log(t('mail.retried', { count: requeued }));
      if (expedited > 0) console.log(t('mail.expedited', { count: expedited }));
    });
}

async function queueAndMaybeWait(
  opts: SendOptions,
  queue: (
    ctx: CliContext,
    input: { campaignId: number; unitId?: number; publicUrl: string },
  ) => Outcome<SendResult>,
): Promise<void> {
  const ctx = cliContext();
  const unitId = opts.unit === undefined ? undefined : unitIdByCode(ctx, opts.campaign, opts.unit);
  const before = opts.wait ? getPendingMail(ctx.db, opts.campaign, Date.now()) : undefined;
  const result = orThrow(queue(ctx, { campaignId: opts.campaign, unitId, publicUrl: ctx.config.PUBLIC_URL }));
  console.log(t('mail.queued', { count: result.queued }));
  if (!before) return;
  const earlier = before.queued + before.sending;
  if (earlier > 0) console.log(t('mail.alreadyQueued', { count: earlier }));
  if (earlier + result.queued > 0) await deliverCampaignMail(ctx, opts.campaign, before);
}

function unitIdByCode(ctx: CliContext, campaignId: number, code: string): number {
  const wanted = code.trim().toLowerCase();
  const unit = listCampaignUnits(ctx.db, campaignId).find((u) => u.code.toLowerCase() === wanted);
  if (!unit) throw new AppError('not_found', 'mail.unitNotFound', { code });
  return unit.id;
}

/** The invitations of a person (by address) in a campaign, of one form type if named; none is an error. */
function invitationsOf(ctx: CliContext, opts: PersonOptions): number[] {
  const ids = invitationsOfAddress(ctx.db, opts.campaign, opts.email, opts.form);
  if (ids.length === 0) throw new AppError('not_found', 'mail.invitationNotFound');
  return ids;
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
  const worker = startMailDelivery({ ...delivery, recoverOnStart: false, tickMs: 250 });
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
