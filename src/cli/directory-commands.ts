import type { Command } from 'commander';
import { orThrow } from '../errors';
import { t } from '../i18n/messages';
import { purgeCampaignDirectory } from '../respondents/purge-directory';
import { cliContext } from './context';

export function registerDirectoryCommands(program: Command): void {
  program
    .command('purge-directory')
    .description(
      'Xóa dữ liệu cá nhân (họ tên, email, đường dẫn, thư đã gửi) của một đợt khảo sát đã chốt; số liệu và điểm giữ nguyên',
    )
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .requiredOption('--yes', 'xác nhận xóa (không thể hoàn tác)')
    .action((opts: { campaign: number }) => {
      const { db, config, actor } = cliContext();
      const input = { campaignId: opts.campaign, confirm: 'yes', mailDir: config.mailDir } as const;
      const purged = orThrow(purgeCampaignDirectory(db, input, actor, Date.now()));
      console.log(t('admin.closing.purged', purged));
    });
}
