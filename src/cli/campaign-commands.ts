import type { Command } from 'commander';
import { getCampaign, listCampaigns } from '../campaigns/campaigns';
import { createCampaign } from '../campaigns/create-campaign';
import { deleteDraftCampaign } from '../campaigns/delete-campaign';
import { openCampaign } from '../campaigns/open-campaign';
import { updateCampaign } from '../campaigns/update-campaign';
import { orThrow } from '../errors';
import { listCampaignUnits } from '../units/campaign-units';
import { cliContext } from './context';

export function registerCampaignCommands(program: Command): void {
  const campaign = program.command('campaign').description('Đợt khảo sát (campaigns)');
  campaign
    .command('create')
    .description('Tạo đợt khảo sát mới (trạng thái nháp) với hai loại phiếu mặc định')
    .requiredOption('--name <name>', 'tên đợt khảo sát')
    .requiredOption('--year <year>', 'năm đánh giá', Number)
    .option(
      '--subject <subject>',
      'tiêu đề thư cố định (mặc định: "Sở Nội vụ kính gửi ... Chỉ số CCHC <năm>")',
    )
    .option(
      '--from <id>',
      'sao chép từ đợt <id>: đơn vị, ngày gửi và hạn trả lời (dời theo số năm), chỉ tiêu, bộ câu hỏi, mẫu thư, số ngày nhắc (không sao chép danh sách người được khảo sát)',
      Number,
    )
    .option(
      '--interview-grace <hours>',
      'số giờ sau hạn trả lời vẫn nhận phiếu phỏng vấn làm trước hạn (mặc định 48)',
    )
    .action(
      (opts: { name: string; year: number; subject?: string; from?: number; interviewGrace?: string }) => {
        const { db, actor } = cliContext();
        const input = { name: opts.name, year: opts.year, mailSubject: opts.subject, copyFrom: opts.from };
        const created = orThrow(
          createCampaign(db, { ...input, interviewGraceHours: opts.interviewGrace }, actor, Date.now()),
        );
        console.log(`Đã tạo đợt khảo sát #${created.id}: ${created.name}`);
        console.log(`Tiêu đề thư: ${created.mailSubject}`);
        if (opts.from !== undefined) {
          const units = listCampaignUnits(db, created.id);
          console.log(
            `Đã sao chép từ đợt #${opts.from}: ${units.length} đơn vị với lịch và chỉ tiêu, bộ câu hỏi, mẫu thư.`,
          );
        }
      },
    );
  campaign
    .command('update <id>')
    .helpOption('-h, --help', 'xem hướng dẫn của lệnh')
    .description(
      'Sửa tên, năm, tiêu đề thư, thời gian nhận phiếu, số ngày nhắc và liên hệ hỗ trợ của một đợt (các mục không nêu giữ nguyên)',
    )
    .option('--name <name>', 'tên đợt khảo sát')
    .option('--year <year>', 'năm đánh giá')
    .option('--subject <subject>', 'tiêu đề thư cố định')
    .option('--opens <time>', 'bắt đầu nhận phiếu, giờ Việt Nam ("20/11/2019 08:00"); "" để bỏ')
    .option('--closes <time>', 'kết thúc nhận phiếu ("04/12/2019" là hết ngày đó); "" để bỏ')
    .option('--reminder-days <n>', 'nhắc trước hạn bao nhiêu ngày; "" để không nhắc')
    .option('--contact-phone <phone>', 'điện thoại hỗ trợ ghi trên trang khảo sát; "" để bỏ')
    .option('--contact-email <email>', 'email hỗ trợ ghi trên trang khảo sát; "" để bỏ')
    .action(
      (
        id: string,
        opts: {
          name?: string;
          year?: string;
          subject?: string;
          opens?: string;
          closes?: string;
          reminderDays?: string;
          contactPhone?: string;
          contactEmail?: string;
        },
      ) => {
        const { db, actor } = cliContext();
        const current = getCampaign(db, Number(id));
        const updated = orThrow(
          updateCampaign(
            db,
            {
              campaignId: id,
              name: opts.name ?? current.name,
              year: opts.year ?? current.year,
              mailSubject: opts.subject ?? current.mailSubject,
              opensAt: opts.opens ?? current.opensAt,
              closesAt: opts.closes ?? current.closesAt,
              reminderDaysBefore: opts.reminderDays ?? current.reminderDaysBefore,
              contactPhone: opts.contactPhone,
              contactEmail: opts.contactEmail,
            },
            actor,
            Date.now(),
          ),
        );
        console.log(`Đã sửa đợt khảo sát #${updated.id}: ${updated.name}`);
      },
    );
  campaign
    .command('list')
    .description('Liệt kê các đợt khảo sát')
    .action(() => {
      const rows = listCampaigns(cliContext().db);
      if (rows.length === 0) console.log('Chưa có đợt khảo sát nào.');
      for (const c of rows) console.log(`#${c.id}\t${c.year}\t${c.status}\t${c.name}`);
    });
  campaign
    .command('delete <id>')
    .helpOption('-h, --help', 'xem hướng dẫn của lệnh')
    .description(
      'Xóa hẳn một đợt khảo sát chưa mở (nháp) cùng đơn vị, chỉ tiêu, bộ câu hỏi, người được khảo sát và tệp đã tải lên',
    )
    .requiredOption('--yes', 'xác nhận xóa (không thể hoàn tác)')
    .action((id: string) => {
      const { db, actor } = cliContext();
      const removed = orThrow(deleteDraftCampaign(db, { campaignId: id, confirm: 'yes' }, actor, Date.now()));
      console.log(
        `Đã xóa đợt khảo sát #${id}: ${removed.units} đơn vị, ${removed.respondents} người được khảo sát, ${removed.invitations} phiếu mời.`,
      );
    });
  campaign
    .command('open <id>')
    .helpOption('-h, --help', 'xem hướng dẫn của lệnh')
    .description('Mở đợt khảo sát để nhận trả lời (đợt đã chốt thì không mở lại được)')
    .action((id: string) => {
      const { db, actor } = cliContext();
      const opened = orThrow(openCampaign(db, { campaignId: id }, actor, Date.now()));
      console.log(`Đã mở đợt khảo sát #${opened.id}: ${opened.name}`);
    });
}
