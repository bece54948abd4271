import type { Command } from 'commander';
import { loadConfig } from '../config';
import { orThrow } from '../errors';
import { t } from '../i18n/messages';
import { backupDatabase, restoreDatabase } from '../ops/backup';
import { actorIn, cliContext } from './context';

export function registerOpsCommands(program: Command): void {
  program
    .command('backup')
    .description('Sao lưu cơ sở dữ liệu (an toàn khi máy chủ đang chạy)')
    .requiredOption('--out <file>', 'tệp sao lưu, ví dụ backups/cchc-$(date +%F).sqlite')
    .action(async (opts: { out: string }) => {
      const done = await backupDatabase(cliContext().db, opts.out);
      console.log(t('ops.backupDone', { pages: done.pages, bytes: done.bytes, file: done.file }));
    });
  program
    .command('restore')
    .description('Khôi phục DATABASE_PATH từ một bản sao lưu (dừng máy chủ trước)')
    .requiredOption('--from <file>', 'tệp sao lưu đã tạo bằng lệnh backup')
    .option('--force', 'ghi đè cơ sở dữ liệu hiện có')
    .action((opts: { from: string; force?: boolean }) => {
      // Not cliContext(): opening (and migrating) the database being replaced would hold it open.
      const input = { from: opts.from, target: loadConfig().databaseFile, force: opts.force ?? false };
      const done = orThrow(restoreDatabase(input, actorIn, Date.now()));
      console.log(t('ops.restoreDone', { file: done.file, bytes: done.bytes }));
    });
}
