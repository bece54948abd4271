import fs from 'node:fs';
import path from 'node:path';
import { getCampaignTemplates } from '../../src/campaigns/update-mail-template';
import { defaultTemplate } from '../../src/mail/templates';
import { cliOn } from '../helpers/cli';
import { createTestDb } from '../helpers/db';
import { makeCampaign } from '../helpers/factories';
import { inWords } from '../helpers/audit';

describe('mail templates from the command line', () => {
  const t = createTestDb();
  const campaign = makeCampaign(t.db);
  const id = String(campaign.id);
  const cli = cliOn(t.file);
  const file = path.join(t.dir, 'thu-nhac.txt');
  afterAll(() => t.cleanup());

  const auditDetails = () =>
    inWords(
      t.db.$client
        .prepare("select action, detail from audit_log where action like 'mail.templates%' order by id")
        .all() as Array<{ action: string; detail: string }>,
    );

  it('prints the template in use, to edit in a file', async () => {
    const shown = await cli('template', 'show', '--campaign', id, '--kind', 'reminder');
    expect(shown.stdout).toBe(defaultTemplate('reminder'));
  });

  it('refuses a file with problems, naming each with its line, and stores nothing', async () => {
    fs.writeFileSync(file, 'Kính gửi {ho ten},\n\nXin nhắc lại: {duong_dan}\n{phieu_khac} nhé');
    await expect(
      cli('template', 'update', file, '--campaign', id, '--kind', 'reminder'),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /Mẫu thư "Thư nhắc" có lỗi, chưa lưu:\n- Dòng 1: không có trường \{ho ten\}; có phải \{ho_ten\}\?\n- Dòng 4: trường \{phieu_khac\} phải đứng riêng một dòng\./,
      ),
    });
    expect(getCampaignTemplates(t.db, campaign.id).reminder.overridden).toBe(false);
    expect(auditDetails()).toEqual([]);
  });

  it('stores a checked file as the campaign’s own, then goes back to the built-in one, each audited', async () => {
    const own = 'Kính gửi {ho_ten},\n\nXin nhắc lại: {duong_dan}\n';
    fs.writeFileSync(file, `\uFEFF${own.replace(/\n/g, '\r\n')}`);
    const saved = await cli('template', 'update', file, '--campaign', id, '--kind', 'reminder');
    expect(saved.stdout).toContain('Đã lưu.');
    expect(getCampaignTemplates(t.db, campaign.id).reminder).toMatchObject({ body: own, overridden: true });
    expect((await cli('template', 'show', '--campaign', id, '--kind', 'reminder')).stdout).toBe(own);

    await cli('template', 'reset', '--campaign', id, '--kind', 'reminder');
    expect(getCampaignTemplates(t.db, campaign.id).reminder.overridden).toBe(false);
    const unchanged = await cli('template', 'reset', '--campaign', id, '--kind', 'reminder');
    expect(unchanged.stdout).toContain('Nội dung không đổi');
    expect(auditDetails()).toEqual([
      { action: 'mail.templates', detail: 'Thư nhắc' },
      { action: 'mail.templates_reset', detail: 'Thư nhắc' },
    ]);
  });

  it('refuses a kind of mail that does not exist', async () => {
    await expect(cli('template', 'show', '--campaign', id, '--kind', 'thu_moi')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("lỗi: giá trị 'thu_moi' của tùy chọn '--kind <kind>' không hợp lệ."),
    });
  });
});
