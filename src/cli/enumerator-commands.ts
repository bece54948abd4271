import type { Command } from 'commander';
import { t } from '../i18n/messages';
import { assignEnumerator, unassignEnumerator } from '../interviews/assignments';
import { superviseCampaign } from '../interviews/supervision';
import { AppError, orThrow } from '../errors';
import { REJECT_REASONS, reviewHeldAnswer } from '../responses/held-answers';
import { cliContext } from './context';

type AssignmentOptions = { campaign: number; user: string; unit: string; form: string };

/** `enumerator …`: assignments of enumerators (điều tra viên), their progress and the review of held interviews. */
export function registerEnumeratorCommands(program: Command): void {
  const enumerator = program
    .command('enumerator')
    .description('Điều tra viên: phân công, tiến độ và duyệt phiếu phỏng vấn bị giữ lại');
  const key = (c: Command) =>
    c
      .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
      .requiredOption('--user <username>', 'tên đăng nhập của điều tra viên (vai trò enumerator)')
      .requiredOption('--unit <code>', 'mã đơn vị')
      .requiredOption('--form <type>', 'loại phiếu, ví dụ cbcc');
  const keyOf = (o: AssignmentOptions) => ({
    campaignId: o.campaign,
    username: o.user,
    unitCode: o.unit,
    formType: o.form,
  });

  key(enumerator.command('assign').description('Phân công (hoặc đổi chỉ tiêu) một đơn vị và loại phiếu'))
    .requiredOption('--target <count>', 'chỉ tiêu số phiếu')
    .action((opts: AssignmentOptions & { target: string }) => {
      const { db, actor } = cliContext();
      const a = orThrow(assignEnumerator(db, { ...keyOf(opts), target: opts.target }, actor, Date.now()));
      console.log(
        t('interviews.admin.assignedDone', { username: a.username, unit: a.unitCode, formType: a.formType }),
      );
    });

  key(enumerator.command('unassign').description('Bỏ phân công một đơn vị và loại phiếu')).action(
    (opts: AssignmentOptions) => {
      const { db, actor } = cliContext();
      const a = orThrow(unassignEnumerator(db, keyOf(opts), actor, Date.now()));
      console.log(
        t('interviews.admin.unassignedDone', {
          username: a.username,
          unit: a.unitCode,
          formType: a.formType,
        }),
      );
    },
  );

  enumerator
    .command('list')
    .description('Phân công và tiến độ: đã nhận/chỉ tiêu, chờ duyệt, bị trả lại; rồi các phiếu chờ duyệt')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .action((opts: { campaign: number }) => {
      const { assignments, held } = superviseCampaign(cliContext().db, opts.campaign);
      for (const a of assignments)
        console.log(
          `${a.username}\t${a.unitCode}\t${a.formType}\t${a.accepted}/${a.target}\t${a.held}\t${a.rejected}`,
        );
      for (const h of held)
        console.log(
          `chờ duyệt\t${h.interview!.uuid}\t${h.day}\t${h.reasons.map((r) => t(`interviews.holds.${r}`)).join('; ')}`,
        );
    });

  enumerator
    .command('review <uuid>')
    .description('Nhận (--accept) hoặc trả lại (--reject <lý do>) một phiếu phỏng vấn đang chờ duyệt')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .option('--accept', 'nhận phiếu: phiếu được tính')
    .option('--reject <reason>', `trả lại phiếu: ${REJECT_REASONS.join(' | ')}`)
    .option('--note <text>', 'ghi chú (ghi vào nhật ký)', '')
    .action((uuid: string, opts: { campaign: number; accept?: boolean; reject?: string; note: string }) => {
      const { db, actor } = cliContext();
      const held = superviseCampaign(db, opts.campaign).held.find(
        (h) => h.interview?.uuid === uuid.toLowerCase(),
      );
      if (!held) throw new AppError('not_found', 'interviews.unknownInterview');
      if (!opts.accept && opts.reject === undefined)
        throw new AppError('invalid_input', 'open.decisionRequired');
      const decision = opts.reject === undefined ? 'accept' : 'reject';
      const input = {
        campaignId: opts.campaign,
        answerId: held.id,
        decision,
        reason: opts.reject,
        note: opts.note,
      };
      // The reason as typed: the command refuses any other than REJECT_REASONS.
      orThrow(reviewHeldAnswer(db, input as Parameters<typeof reviewHeldAnswer>[1], actor, Date.now()));
      console.log(
        `${uuid}\t${t(decision === 'accept' ? 'interviews.reviewStates.accepted' : 'interviews.reviewStates.rejected')}`,
      );
    });
}
