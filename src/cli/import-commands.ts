import path from 'node:path';
import type { Command } from 'commander';
import { getCampaign } from '../campaigns/campaigns';
import { getCampaignProgress } from '../campaigns/progress';
import { createDemoCampaign } from '../demo/create-demo-campaign';
import { AppError, orThrow } from '../errors';
import { t, type MessageKey } from '../i18n/messages';
import { commitImport } from '../imports/commit-import';
import { problemText } from '../imports/problem-text';
import { previewImport } from '../imports/run-import';
import type { ImportKind, ImportProblem, ImportReport, ProblemCount } from '../imports/types';
import { cliContext } from './context';
import { registerUnitEdit } from './unit-commands';

const MAX_ERRORS_SHOWN = 200;
const HELP = 'xem hướng dẫn của lệnh';

export function registerImportCommands(program: Command): void {
  for (const [kind, title, columns] of [
    [
      'units',
      'Đơn vị, chỉ tiêu và lịch gửi (units)',
      'ma_don_vi, ten_don_vi, nhom, chi_tieu_cbcc, chi_tieu_hdnd, ngay_gui, han_tra_loi',
    ],
    ['respondents', 'Đối tượng khảo sát (respondents)', 'email, ho_ten, ma_don_vi, loai_phieu'],
    [
      'points',
      'Điểm tự đánh giá đã thẩm định của đơn vị trong Chỉ số CCHC (points)',
      'ma_don_vi hoặc ten_don_vi, diem_tham_dinh, diem_toi_da',
    ],
  ] as const) {
    const group = program.command(kind).description(title).helpOption('-h, --help', HELP);
    group
      .command('import <file>')
      .helpOption('-h, --help', HELP)
      .description(
        `Nhập tệp CSV hoặc XLSX (cột: ${columns}). Mặc định chỉ chạy thử và báo lỗi theo từng dòng; thêm --commit để ghi các dòng hợp lệ`,
      )
      .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
      .option('--commit', 'ghi các dòng hợp lệ vào cơ sở dữ liệu (không có: chỉ chạy thử)')
      .action(async (file: string, opts: { campaign: number; commit?: boolean }) => {
        await runImportCommand(kind, file, opts.campaign, opts.commit === true);
      });
    if (kind === 'units') registerUnitEdit(group);
  }

  program
    .command('progress')
    .helpOption('-h, --help', HELP)
    .description(
      'Tiến độ theo đơn vị và loại phiếu: chỉ tiêu, đã mời, đã gửi, thư bị trả lại, đã trả lời, % chỉ tiêu',
    )
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .option('--unit <code>', 'chỉ xem một đơn vị (theo mã đơn vị)')
    .action((opts: { campaign: number; unit?: string }) => {
      const { db } = cliContext();
      getCampaign(db, opts.campaign);
      // A unit/form pair with no quota and no invitation (e.g. hdnd at a sở) is noise in the table.
      let rows = getCampaignProgress(db, opts.campaign).filter((r) => r.quota > 0 || r.invited > 0);
      if (opts.unit !== undefined) {
        const code = opts.unit.trim().toUpperCase();
        rows = rows.filter((r) => r.unitCode.toUpperCase() === code);
        if (rows.length === 0)
          throw new AppError('not_found', 'imports.progress.unknownUnit', { code: opts.unit });
      }
      if (rows.length === 0) {
        console.log(t('imports.progress.empty'));
        return;
      }
      const table = rows.map((r) => [
        r.unitCode,
        r.unitName,
        r.formType,
        String(r.quota),
        String(r.invited),
        String(r.sent),
        String(r.bounced),
        String(r.answered),
        r.quota > 0 ? `${Math.round((100 * r.answered) / r.quota)}%` : '-',
      ]);
      printTable(t('imports.progress.columns').split('|'), table);
    });

  program
    .command('demo')
    .helpOption('-h, --help', HELP)
    .description(
      'Tạo đợt khảo sát mẫu "Khảo sát trực tuyến Chỉ số CCHC 2019": 47 đơn vị Sóc Trăng, chỉ tiêu, lịch gửi, vài trăm người được khảo sát; rồi mở đợt. Mỗi lần chạy tạo một đợt mới',
    )
    .action(async () => {
      const { db } = cliContext();
      const demo = await createDemoCampaign(db, Date.now());
      console.log(t('imports.demo.created', { id: demo.campaign.id, name: demo.campaign.name }));
      console.log(
        t('imports.demo.counts', {
          units: demo.units.validRows,
          people: demo.respondents.summary.created,
          invitations: demo.respondents.summary.invitationsCreated ?? 0,
          year: demo.scheduleYear,
        }),
      );
      for (const e of demo.enumerators)
        console.log(
          e.password
            ? t('interviews.demo.created', { username: e.username, password: e.password })
            : t('interviews.demo.reused', { username: e.username }),
        );
      console.log(t('imports.demo.hint', { id: demo.campaign.id }));
    });
}

async function runImportCommand(
  kind: ImportKind,
  file: string,
  campaignId: number,
  commit: boolean,
): Promise<void> {
  const { db, actor } = cliContext();
  const now = Date.now();
  const input = { campaignId, kind, filePath: path.resolve(file), fileName: path.basename(file) };
  const report = commit
    ? orThrow(await commitImport(db, input, actor, now))
    : await previewImport(db, input, now);
  printReport(report, commit);
  if (!report.usable) process.exitCode = 1;
}

/** The report as the CLI prints it: the numbers, errors and warnings with their rows, then what was (or would be) done. */
function printReport(report: ImportReport, committed: boolean): void {
  const out: string[] = [t('imports.report.file', { file: report.fileName })];
  if (report.usable) {
    if (report.sheetName) out.push(t('imports.report.sheet', { sheet: report.sheetName }));
    out.push(t('imports.report.header', { row: report.headerRow }));
    out.push(
      t('imports.report.rows', {
        total: report.totalRows,
        valid: report.validRows,
        invalid: report.totalRows - report.validRows,
      }),
    );
  }
  listProblems(out, report.errors, report.omitted?.errors ?? [], 'imports.report.errorsTitle');
  listProblems(out, report.warnings, report.omitted?.warnings ?? [], 'imports.report.warningsTitle');
  if (!report.usable) {
    out.push(t('imports.report.unusable'));
    console.log(out.join('\n'));
    return;
  }
  const s = report.summary;
  let done = t(committed ? 'imports.report.did' : 'imports.report.wouldDo', {
    created: s.created,
    updated: s.updated,
    unchanged: s.unchanged,
  });
  if (s.invitationsCreated !== undefined)
    done += t('imports.report.invitations', { count: s.invitationsCreated });
  out.push(done);
  if (!committed) out.push(t('imports.report.dryRunHint'));
  console.log(out.join('\n'));
}

/**
 * Errors or warnings under their title, each with its row and column, the first MAX_ERRORS_SHOWN only; then
 * those the report only counts, one line per kind.
 */
function listProblems(
  out: string[],
  problems: ImportProblem[],
  omitted: ProblemCount[],
  titleKey: MessageKey,
): void {
  const total = problems.length + omitted.reduce((n, c) => n + c.count, 0);
  if (total === 0) return;
  out.push(t(titleKey, { count: total }));
  for (const e of problems.slice(0, MAX_ERRORS_SHOWN)) {
    const message = problemText('vi', e);
    out.push(
      e.row === 0
        ? `  ${message}`
        : t('imports.report.error', { row: e.row, column: e.column ? ` [${e.column}]` : '', message }),
    );
  }
  if (problems.length > MAX_ERRORS_SHOWN) {
    out.push(t('imports.report.moreErrors', { count: problems.length - MAX_ERRORS_SHOWN }));
  }
  for (const c of omitted) {
    out.push(
      t('imports.report.omitted', {
        count: c.count,
        column: c.column ? ` [${c.column}]` : '',
        message: problemText('vi', c),
      }),
    );
  }
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
