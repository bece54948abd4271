import type { Command } from 'commander';
import { AppError, orThrow } from '../errors';
import { t } from '../i18n/messages';
import { formatVnDate, formatVnDateTime, startOfVnDay } from '../time';
import { listCampaignUnits } from '../units/campaign-units';
import { updateCampaignUnit } from '../units/update-campaign-unit';
import { cliContext } from './context';

/** `units set`: one unit's sending day, deadline and quotas, as the admin's unit page sets them. */
export function registerUnitEdit(units: Command): void {
  units
    .command('set')
    .helpOption('-h, --help', 'xem hướng dẫn của lệnh')
    .description(
      'Sửa ngày gửi phiếu, hạn trả lời và chỉ tiêu của một đơn vị trong đợt khảo sát (các mục không nêu giữ nguyên)',
    )
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .requiredOption('--unit <code>', 'mã đơn vị')
    .option('--send-on <date>', 'ngày gửi phiếu ("20/11/2019"); "" để bỏ')
    .option(
      '--deadline <time>',
      'hạn trả lời, giờ Việt Nam ("17:00 04/12/2019"; "04/12/2019" là hết ngày đó); "" để bỏ',
    )
    .option('--quota <form=count...>', 'chỉ tiêu theo loại phiếu, ví dụ: cbcc=30 hdnd=5')
    .action(
      (opts: { campaign: number; unit: string; sendOn?: string; deadline?: string; quota?: string[] }) => {
        const { db, actor } = cliContext();
        const code = opts.unit.trim().toUpperCase();
        const unit = listCampaignUnits(db, opts.campaign).find((u) => u.code.toUpperCase() === code);
        if (!unit) throw new AppError('not_found', 'cli.unknownUnits', { codes: opts.unit });
        const quotas = (opts.quota ?? []).map((q) => {
          const [formType, count = ''] = q.split('=');
          return [`quota_${formType!.trim()}`, count];
        });
        const saved = orThrow(
          updateCampaignUnit(
            db,
            {
              campaignId: opts.campaign,
              unitId: unit.id,
              sendOn: opts.sendOn ?? unit.sendOn,
              deadlineDate: opts.deadline ?? unit.deadlineAt,
              ...Object.fromEntries(Object.entries(unit.quotas).map(([f, q]) => [`quota_${f}`, q])),
              ...Object.fromEntries(quotas),
            },
            actor,
            Date.now(),
          ),
        );
        console.log(t('admin.units.saved', { unit: `${saved.code} (${saved.name})` }));
        console.log(
          [
            `${t('admin.units.sendOn')}: ${saved.sendOn ? formatVnDate(startOfVnDay(saved.sendOn)) : '—'}`,
            `${t('admin.units.deadline')}: ${saved.deadlineAt === null ? '—' : formatVnDateTime(saved.deadlineAt)}`,
            ...Object.entries(saved.quotas).map(([f, q]) => `${t('admin.units.quotaOf', { form: f })}: ${q}`),
          ].join(' · '),
        );
      },
    );
}
