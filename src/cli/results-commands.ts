import fs from 'node:fs';
import type { Command } from 'commander';
import { closeCampaign, reopenCampaign } from '../campaigns/close-campaign';
import { AppError, orThrow } from '../errors';
import { responsesTable } from '../exports/responses-table';
import { rankingExplanation, resultsTable, resultsWorkbook } from '../exports/results-table';
import { CSV_DIALECTS, toCsv, toXlsx, type CsvDialect, type Table } from '../exports/tabular';
import { formatNumber, t } from '../i18n/messages';
import { explainReduction, getCampaignResults } from '../campaigns/campaign-results';
import { getIndexRanking } from '../campaigns/index-ranking';
import { updateReportSettings } from '../campaigns/update-report-settings';
import { UNIT_GROUPS } from '../units/campaign-units';
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
    .option('--dialect <dialect>', DIALECT_HELP, 'standard')
    .action((opts: { campaign: number; format: string; dialect: string }) => {
      const db = cliContext().db;
      if (opts.format === 'csv') {
        const dialect = dialectOf(opts.dialect);
        process.stdout.write(toCsv(resultsTable(db, opts.campaign, dialect), dialect));
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
      console.log(
        `\n${t('results.ranking')}${results.provisional ? ` — ${t('results.rankingProvisional')}` : ''}`,
      );
      const rankColumns = [
        'rank',
        'code',
        'unit',
        'appraised',
        'surveyPoints',
        'index',
        'explanation',
      ] as const;
      for (const g of getIndexRanking(db, results)) {
        const points = formatNumber('vi', g.scale, Number.isInteger(g.scale) ? 0 : 2);
        console.log(`\n${t(`groups.${g.group}`)} — ${t('results.groupScale', { points })}`);
        console.log(rankColumns.map((c) => t(`results.${c}`)).join('\t'));
        for (const u of g.units) {
          const cells = [
            u.rank ?? '—',
            u.unitCode,
            u.unitName,
            u.appraised === null ? '—' : fmt(u.appraised),
          ];
          console.log(
            cells
              .concat(fmt(u.surveyPoints), u.index === null ? '—' : fmt(u.index), rankingExplanation(u))
              .join('\t'),
          );
        }
      }
    });

  program
    .command('report')
    .description('Thiết lập báo cáo kết quả và thang điểm Chỉ số CCHC của đợt khảo sát')
    .command('settings')
    .description(
      'Đặt cơ quan ban hành, nơi nhận, người ký và điểm tối đa của phần điều tra XHH theo nhóm; phần không ghi giữ nguyên',
    )
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .option('--superior <text>', 'cơ quan chủ quản, ví dụ "UBND TỈNH SÓC TRĂNG"')
    .option('--issuer <text>', 'cơ quan ban hành, ví dụ "SỞ NỘI VỤ"')
    .option('--place <text>', 'địa danh ghi ngày tháng, ví dụ "Sóc Trăng"')
    .option('--recipient <text...>', 'nơi nhận (thay cả danh sách; nhắc lại cho mỗi nơi)')
    .option('--signer-title <text>', 'chức vụ người ký, ví dụ "GIÁM ĐỐC"')
    .option('--signer-name <text>', 'họ tên người ký')
    .option(
      '--points <group=points...>',
      `điểm tối đa phần điều tra XHH theo nhóm (${UNIT_GROUPS.join(', ')}), ví dụ so_nganh=32`,
    )
    .action(
      (opts: {
        campaign: number;
        superior?: string;
        issuer?: string;
        place?: string;
        recipient?: string[];
        signerTitle?: string;
        signerName?: string;
        points?: string[];
      }) => {
        const { db, actor } = cliContext();
        const points: Record<string, string> = {};
        for (const item of opts.points ?? []) {
          const [group, value] = item.split('=');
          if (!UNIT_GROUPS.includes(group as never) || value === undefined) {
            throw new AppError('invalid_input', 'cli.pointsOption', { groups: UNIT_GROUPS.join(', ') });
          }
          points[`points_${group}`] = value;
        }
        const input = {
          campaignId: opts.campaign,
          superior: opts.superior,
          issuer: opts.issuer,
          place: opts.place,
          recipients: opts.recipient?.join('\n'),
          signerTitle: opts.signerTitle,
          signerName: opts.signerName,
          ...points,
        };
        const settings = orThrow(updateReportSettings(db, input, actor, Date.now()));
        const scale = UNIT_GROUPS.map((g) => `${g}=${fmt(settings.surveyPoints[g])}`).join(', ');
        console.log(t('results.cli.settingsSaved', { id: opts.campaign, scale }));
      },
    );

  program
    .command('export')
    .description(
      'Xuất kết quả (kèm xếp hạng Chỉ số CCHC theo nhóm trong XLSX) hoặc phiếu trả lời ẩn danh ra CSV (UTF-8 BOM) hoặc XLSX',
    )
    .argument('<what>', 'results | responses')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .requiredOption('--format <format>', 'csv | xlsx')
    .requiredOption('--out <file>', 'tệp ghi ra')
    .option('--dialect <dialect>', DIALECT_HELP, 'standard')
    .action(
      async (what: string, opts: { campaign: number; format: string; out: string; dialect: string }) => {
        const db = cliContext().db;
        if (what !== 'results' && what !== 'responses') {
          throw new AppError('invalid_input', 'cli.exportWhat');
        }
        if (opts.format !== 'csv' && opts.format !== 'xlsx') {
          throw new AppError('invalid_input', 'cli.fileFormat');
        }
        const dialect = dialectOf(opts.dialect);
        let body: Buffer;
        if (opts.format === 'xlsx') {
          body = await toXlsx(
            what === 'results' ? resultsWorkbook(db, opts.campaign) : responsesTable(db, opts.campaign),
          );
        } else {
          const table: Table =
            what === 'results' ? resultsTable(db, opts.campaign, dialect) : responsesTable(db, opts.campaign);
          body = toCsv(table, dialect);
        }
        fs.writeFileSync(opts.out, body);
        console.log(t('results.cli.exported', { file: opts.out }));
      },
    );
}

const DIALECT_HELP =
  'kiểu CSV: standard (dấu phẩy, số thập phân dấu chấm) | vi (dấu chấm phẩy, số thập phân dấu phẩy, cho Excel tiếng Việt)';

function dialectOf(value: string): CsvDialect {
  if (!(CSV_DIALECTS as readonly string[]).includes(value))
    throw new AppError('invalid_input', 'cli.dialect');
  return value as CsvDialect;
}
