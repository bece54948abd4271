import fs from 'node:fs';
import type { Command } from 'commander';
import { closeCampaign, reopenCampaign } from '../campaigns/close-campaign';
import { AppError, orThrow } from '../errors';
import { responsesTable } from '../exports/responses-table';
import { resultsTable } from '../exports/results-table';
import { toCsv, toXlsx, type Table } from '../exports/tabular';
import { t } from '../i18n/messages';
import { explainReduction, getCampaignResults } from '../campaigns/campaign-results';
import { formatVnDateTime } from '../time';
import { cliContext } from './context';

const fmt = (n: number) => n.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function registerResultsCommands(program: Command): void {
  program
    .command('close')
    .description('Chốt số phiếu: dừng nhận phiếu và lưu điểm từng đơn vị (không đổi nếu đã chốt)')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .action((opts: { campaign: number }) => {
      const now = Date.now();
      const { db, actor } = cliContext();
      const result = orThrow(closeCampaign(db, { campaignId: opts.campaign }, actor, now));
      const at = formatVnDateTime(result.campaign.closedAt ?? now);
      console.log(
        result.alreadyClosed
          ? t('results.cli.alreadyClosed', { id: opts.campaign, at })
          : t('results.cli.closed', { id: opts.campaign, at, rows: result.snapshot.length }),
      );
    });

  program
    .command('reopen')
    .description('Mở lại đợt khảo sát đã chốt (bắt buộc ghi lý do, được ghi nhật ký)')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .requiredOption('--reason <text>', 'lý do mở lại')
    .action((opts: { campaign: number; reason: string }) => {
      const { db, actor } = cliContext();
      orThrow(reopenCampaign(db, { campaignId: opts.campaign, reason: opts.reason }, actor, Date.now()));
      console.log(t('results.cli.reopened', { id: opts.campaign }));
    });

  program
    .command('results')
    .description('Điểm điều tra XHH của từng đơn vị (đã chốt, hoặc tạm tính khi chưa chốt)')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .option('--format <format>', 'table | csv', 'table')
    .action((opts: { campaign: number; format: string }) => {
      const db = cliContext().db;
      if (opts.format === 'csv') {
        process.stdout.write(toCsv(resultsTable(db, opts.campaign)));
        return;
      }
      if (opts.format !== 'table') throw new AppError('invalid_input', 'cli.tableFormat');
      const results = getCampaignResults(db, opts.campaign);
      console.log(
        results.provisional
          ? t('results.provisional')
          : t('results.frozen', { at: formatVnDateTime(results.campaign.closedAt!) }),
      );
      const columns = [
        'code',
        'unit',
        'formType',
        'receivedQuota',
        'raw',
        'final',
        'reduction',
        'explanation',
      ] as const;
      console.log(`\n${columns.map((c) => t(`results.${c}`)).join('\t')}`);
      for (const g of results.groups) {
        console.log(`\n${t(`groups.${g.group}`)}`);
        for (const u of g.units) {
          for (const s of u.forms) {
            console.log(
              [u.unitCode, u.unitName, s.formType, `${s.received}/${s.quota}`, fmt(s.raw), fmt(s.final)]
                .concat(fmt(s.reduction), explainReduction(s))
                .join('\t'),
            );
          }
        }
      }
      console.log(`\n${t('results.grandTotal')}: ${fmt(results.totals.final)}`);
    });

  program
    .command('export')
    .description('Xuất kết quả hoặc phiếu trả lời ẩn danh ra CSV (UTF-8 BOM) hoặc XLSX')
    .argument('<what>', 'results | responses')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .requiredOption('--format <format>', 'csv | xlsx')
    .requiredOption('--out <file>', 'tệp ghi ra')
    .action(async (what: string, opts: { campaign: number; format: string; out: string }) => {
      const db = cliContext().db;
      if (what !== 'results' && what !== 'responses') {
        throw new AppError('invalid_input', 'cli.exportWhat');
      }
      if (opts.format !== 'csv' && opts.format !== 'xlsx') {
        throw new AppError('invalid_input', 'cli.fileFormat');
      }
      const table: Table =
        what === 'results' ? resultsTable(db, opts.campaign) : responsesTable(db, opts.campaign);
      fs.writeFileSync(opts.out, opts.format === 'csv' ? toCsv(table) : await toXlsx(table));
      console.log(t('results.cli.exported', { file: opts.out }));
    });
}
