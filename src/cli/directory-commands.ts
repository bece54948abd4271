import type { Command } from 'commander';
import { CLI_ACTOR } from '../audit/actor';
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
      const { db, config } = cliContext();
      const result = purgeCampaignDirectory(
        db,
        { campaignId: opts.campaign, mailDir: config.mailDir },
        CLI_ACTOR,
        Date.now(),
      );
      console.log(
        `Đã xóa dữ liệu cá nhân của ${result.respondents} người, ${result.mails} thư và ${result.files} tệp.`,
      );
    });
}
