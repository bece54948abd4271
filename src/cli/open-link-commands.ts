import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { AppError, orThrow } from '../errors';
import { t } from '../i18n/messages';
import { issueOpenLinks } from '../open-links/issue-open-links';
import { listOpenLinks, openLinkUrl } from '../open-links/open-links';
import { campaignPosters, posterDocument } from '../open-links/posters';
import { openThresholds as getThresholds } from '../open-links/checks';
import { revokeOpenLink } from '../open-links/revoke-open-link';
import { updateOpenSettings } from '../open-links/update-open-settings';
import { listHeldAnswers, REVIEW_DECISIONS, reviewHeldAnswer } from '../responses/held-answers';
import { formatVnDateTime } from '../time';
import { listCampaignUnits } from '../units/campaign-units';
import { cliContext } from './context';

type CampaignOption = { campaign: number };
const campaignOption = (command: Command) =>
  command.requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number);

/** `open-links …` and `held …`: the open links of the citizens' and organisations' forms, their posters and review. */
export function registerOpenLinkCommands(program: Command): void {
  const links = program
    .command('open-links')
    .description(
      'Đường dẫn mở (phiếu người dân, tổ chức, doanh nghiệp), áp phích mã QR và ngưỡng chống gửi hàng loạt',
    );

  campaignOption(
    links.command('list').description('Liệt kê đường dẫn mở của đợt, kể cả đường dẫn đã thu hồi'),
  ).action((opts: CampaignOption) => {
    const { db, config } = cliContext();
    console.log(t('open.cli.linksHeader'));
    for (const l of listOpenLinks(db, opts.campaign)) {
      const status =
        l.revokedAt === null
          ? t('open.admin.live')
          : t('open.admin.revokedAt', { time: formatVnDateTime(l.revokedAt) });
      console.log([l.unitCode ?? '*', l.formType, openLinkUrl(config.PUBLIC_URL, l.code), status].join('\t'));
    }
  });

  campaignOption(
    links
      .command('issue')
      .description('Tạo đường dẫn mở còn thiếu cho từng đơn vị và cho toàn đợt (chạy lại được)'),
  ).action((opts: CampaignOption) => {
    const { db, actor } = cliContext();
    const { created } = orThrow(issueOpenLinks(db, { campaignId: opts.campaign }, actor, Date.now()));
    console.log(t('open.cli.issued', { n: created }));
  });

  campaignOption(
    links
      .command('revoke <code>')
      .description('Thu hồi một đường dẫn mở; --replace để cấp ngay đường dẫn mới'),
  )
    .option('--replace', 'cấp đường dẫn mới thay thế (phải in lại áp phích)')
    .action((code: string, opts: CampaignOption & { replace?: boolean }) => {
      const { db, actor, config } = cliContext();
      const { newCode } = orThrow(
        revokeOpenLink(
          db,
          { campaignId: opts.campaign, code, replace: opts.replace === true },
          actor,
          Date.now(),
        ),
      );
      console.log(
        newCode
          ? t('open.cli.replaced', { code, url: openLinkUrl(config.PUBLIC_URL, newCode) })
          : t('open.cli.revoked', { code }),
      );
    });

  campaignOption(
    links.command('settings').description('Đặt ngưỡng giữ phiếu chờ duyệt (các mục không nêu giữ nguyên)'),
  )
    .option('--min-seconds <n>', 'thời gian điền phiếu tối thiểu (giây)')
    .option('--address-limit <n>', 'số phiếu tối đa mỗi giờ từ một địa chỉ mạng cho một đơn vị')
    .option('--same-answers <n>', 'số phiếu giống hệt nhau tối đa từ một địa chỉ mạng')
    .option('--same-minutes <n>', 'khoảng thời gian tính phiếu giống nhau (phút)')
    .action(
      (
        opts: CampaignOption & {
          minSeconds?: string;
          addressLimit?: string;
          sameAnswers?: string;
          sameMinutes?: string;
        },
      ) => {
        const { db, actor } = cliContext();
        const current = getThresholds(db, opts.campaign);
        const saved = orThrow(
          updateOpenSettings(
            db,
            {
              campaignId: opts.campaign,
              minSeconds: opts.minSeconds ?? current.minSeconds,
              addressHourlyLimit: opts.addressLimit ?? current.addressHourlyLimit,
              sameAnswersLimit: opts.sameAnswers ?? current.sameAnswersLimit,
              sameMinutes: opts.sameMinutes ?? current.sameMinutes,
            },
            actor,
            Date.now(),
          ),
        );
        console.log(t('open.cli.settingsSaved', { text: JSON.stringify(saved) }));
      },
    );

  campaignOption(
    links
      .command('posters')
      .description('Ghi áp phích A4 (mã QR) của các đường dẫn đang dùng vào một tệp HTML để in'),
  )
    .requiredOption('--out <file>', 'tệp HTML ghi ra')
    .option('--unit <code>', 'chỉ áp phích của đơn vị này')
    .action(async (opts: CampaignOption & { out: string; unit?: string }) => {
      const { db, config } = cliContext();
      let unitIds: number[] | undefined;
      if (opts.unit !== undefined) {
        const code = opts.unit.trim().toUpperCase();
        const unit = listCampaignUnits(db, opts.campaign).find((u) => u.code.toUpperCase() === code);
        if (!unit) throw new AppError('not_found', 'cli.unknownUnits', { codes: opts.unit });
        unitIds = [unit.id];
      }
      const posters = await campaignPosters(db, opts.campaign, config.PUBLIC_URL, unitIds);
      fs.writeFileSync(opts.out, await posterDocument(posters, t('open.poster.title'), 'inline'));
      console.log(t('open.cli.postersWritten', { n: posters.length, file: opts.out }));
    });

  const held = program.command('held').description('Phiếu qua đường dẫn mở bị giữ lại chờ duyệt');
  campaignOption(held.command('list').description('Liệt kê phiếu chờ duyệt với lý do giữ lại')).action(
    (opts: CampaignOption) => {
      const { db } = cliContext();
      const codes = new Map(listCampaignUnits(db, opts.campaign).map((u) => [u.id, u.code]));
      console.log(t('open.cli.heldHeader'));
      for (const a of listHeldAnswers(db, opts.campaign))
        console.log(
          [a.id, codes.get(a.unitId) ?? a.unitId, a.formType, a.day, a.reasons.join(',')].join('\t'),
        );
    },
  );
  campaignOption(
    held
      .command('review <answerId>')
      .description('Chấp nhận (được tính) hoặc từ chối (bị xóa) một phiếu chờ duyệt'),
  )
    .addOption(
      new Option('--decision <decision>', 'accept: chấp nhận, reject: từ chối')
        .choices(REVIEW_DECISIONS)
        .makeOptionMandatory(),
    )
    .action((answerId: string, opts: CampaignOption & { decision: (typeof REVIEW_DECISIONS)[number] }) => {
      const { db, actor } = cliContext();
      orThrow(
        reviewHeldAnswer(
          db,
          { campaignId: opts.campaign, answerId, decision: opts.decision },
          actor,
          Date.now(),
        ),
      );
      console.log(t('open.cli.reviewed', { id: answerId, decision: t(`open.held.${opts.decision}`) }));
    });
}
