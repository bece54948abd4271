import { getCampaign } from '../../src/campaigns/campaigns';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { getFormDefinition, saveFormDefinition } from '../../src/forms/get-form-definition';
import { CLI_ACTOR } from '../../src/audit/actor';
import { getCampaignTemplates, updateMailTemplate } from '../../src/campaigns/update-mail-template';
import { listCampaignUnits } from '../../src/units/campaign-units';
import { vnDateTime } from '../../src/time';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';
import { csrfFrom, makeUser, signIn, testApp } from '../helpers/web';
import { cliOn } from '../helpers/cli';
import { createCampaign } from '../../src/campaigns/create-campaign';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

/** The 2019 campaign a Sở Nội vụ would want to repeat: units with schedules and quotas, an edited form, templates. */
function seed2019(db: ReturnType<typeof createTestDb>['db']) {
  const campaign = makeCampaign(db, { year: 2019 });
  db.$client.prepare('UPDATE campaigns SET reminder_days_before = 3 WHERE id = ?').run(campaign.id);
  const snv = makeUnit(db, campaign.id, {
    code: 'SNV',
    name: 'Sở Nội vụ',
    sendOn: '2019-11-20',
    deadlineAt: vnDateTime('2019-12-04', 17, 0),
    quotas: { cbcc: 30, hdnd: 5 },
  });
  // A leap day: in 2021 it becomes 28 February.
  makeUnit(db, campaign.id, {
    code: 'UBND_CT',
    name: 'UBND huyện Châu Thành',
    group: 'ubnd_huyen',
    sendOn: '2020-02-29',
    deadlineAt: vnDateTime('2020-02-29', 23, 59),
    quotas: { cbcc: 12 },
  });
  makeUnit(db, campaign.id, { code: 'CAT', deadlineAt: null, sendOn: null, quotas: { cbcc: 0 } });
  makeRespondent(db, campaign.id, snv.id, { email: 'a@soctrang.gov.vn', formTypes: ['cbcc', 'hdnd'] });
  const edited = { ...DEFAULT_FORMS.cbcc, title: 'Phiếu khảo sát CBCC (bản sửa 2019)' };
  saveFormDefinition(db, campaign.id, 'cbcc', edited);
  orThrow(
    updateMailTemplate(
      db,
      { campaignId: campaign.id, kind: 'invitation', body: 'Kính gửi {ho_ten} {duong_dan}' },
      CLI_ACTOR,
      Date.now(),
    ),
  );
  return getCampaign(db, campaign.id);
}

describe('a new campaign made from an earlier one', () => {
  it('takes over its units with their schedule moved by the years between them, quotas, forms and templates, not its people', () => {
    const t = createTestDb();
    try {
      const source = seed2019(t.db);
      const copy = orThrow(
        createCampaign(
          t.db,
          {
            name: 'Khảo sát trực tuyến Chỉ số CCHC 2021',
            year: 2021,
            copyFrom: source.id,
          },
          SYSTEM_ACTOR,
          Date.now(),
        ),
      );

      expect(copy.status).toBe('draft');
      expect(copy.mailSubject).toBe('Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2021');
      expect(copy.reminderDaysBefore).toBe(3);
      const units = Object.fromEntries(listCampaignUnits(t.db, copy.id).map((u) => [u.code, u]));
      expect(Object.keys(units).sort()).toEqual(['CAT', 'SNV', 'UBND_CT']);
      expect(units.SNV).toMatchObject({
        sendOn: '2021-11-20',
        deadlineAt: vnDateTime('2021-12-04', 17, 0),
        quotas: { cbcc: 30, hdnd: 5 },
      });
      expect(units.UBND_CT).toMatchObject({
        sendOn: '2022-02-28',
        deadlineAt: vnDateTime('2022-02-28', 23, 59),
        quotas: { cbcc: 12 },
      });
      expect(units.CAT).toMatchObject({ sendOn: null, deadlineAt: null, quotas: { cbcc: 0 } });

      // The latest questionnaire of each form type, as the new campaign's first version.
      expect(getFormDefinition(t.db, copy.id, 'cbcc')).toMatchObject({
        version: 1,
        definition: { title: 'Phiếu khảo sát CBCC (bản sửa 2019)' },
      });
      expect(getFormDefinition(t.db, copy.id, 'hdnd')?.definition.title).toBe(DEFAULT_FORMS.hdnd.title);
      expect(getCampaignTemplates(t.db, copy.id).invitation.body).toBe('Kính gửi {ho_ten} {duong_dan}');

      const count = (table: string) =>
        (
          t.db.$client.prepare(`SELECT count(*) AS n FROM ${table} WHERE campaign_id = ?`).get(copy.id) as {
            n: number;
          }
        ).n;
      expect(count('respondents')).toBe(0);
      expect(count('invitations')).toBe(0);
      // The earlier campaign is untouched.
      expect(listCampaignUnits(t.db, source.id).find((u) => u.code === 'SNV')?.sendOn).toBe('2019-11-20');
      expect(count('campaign_units')).toBe(3);
    } finally {
      t.cleanup();
    }
  });

  it('keeps a subject and reminder setting given with it, copies within a year unmoved, refuses an unknown source', () => {
    const t = createTestDb();
    try {
      const source = seed2019(t.db);
      const copy = orThrow(
        createCampaign(
          t.db,
          {
            name: 'Khảo sát đợt 2 năm 2019',
            year: 2019,
            copyFrom: source.id,
            mailSubject: 'Sở Nội vụ kính gửi Phiếu khảo sát (đợt 2)',
            reminderDaysBefore: 1,
          },
          SYSTEM_ACTOR,
          Date.now(),
        ),
      );
      expect(copy.mailSubject).toBe('Sở Nội vụ kính gửi Phiếu khảo sát (đợt 2)');
      expect(copy.reminderDaysBefore).toBe(1);
      expect(listCampaignUnits(t.db, copy.id).find((u) => u.code === 'SNV')?.sendOn).toBe('2019-11-20');
      const unknownSource = { name: 'Không có nguồn', year: 2020, copyFrom: 999 };
      expect(createCampaign(t.db, unknownSource, SYSTEM_ACTOR, Date.now())).toMatchObject({
        ok: false,
        code: 'invalid_input',
        fields: { copyFrom: { key: 'admin.campaigns.badCopyFrom' } },
      });
      expect(
        t.db.$client.prepare("SELECT count(*) AS n FROM campaigns WHERE name = 'Không có nguồn'").get(),
      ).toEqual({ n: 0 });
    } finally {
      t.cleanup();
    }
  });

  it('is offered on the admin page: the chosen campaign is copied, a forged choice gets a field error', async () => {
    const t = createTestDb();
    try {
      const source = seed2019(t.db);
      const app = testApp(t.db, t.dir);
      await makeUser(t.db, 'snv.admin', 'admin');
      const agent = await signIn(app, 'snv.admin');
      const page = await agent.get('/admin');
      expect(page.text).toContain('Sao chép thiết lập từ đợt');
      expect(page.text).toContain(
        `<option value="${source.id}">Khảo sát trực tuyến Chỉ số CCHC 2019 (2019)</option>`,
      );

      const csrf = await csrfFrom(agent, '/admin');
      const forged = await agent
        .post('/admin/campaigns')
        .type('form')
        .send({ _csrf: csrf, name: 'Khảo sát 2020', year: '2020', copyFrom: 'abc' });
      expect(forged.status).toBe(400);
      expect(forged.text).toContain('Đợt khảo sát để sao chép không hợp lệ.');
      const gone = await agent
        .post('/admin/campaigns')
        .type('form')
        .send({ _csrf: csrf, name: 'Khảo sát 2020', year: '2020', copyFrom: '999' });
      expect(gone.status).toBe(400);
      expect(gone.text).toContain('Đợt khảo sát để sao chép không hợp lệ.');

      const created = await agent
        .post('/admin/campaigns')
        .type('form')
        .send({ _csrf: csrf, name: 'Khảo sát 2020', year: '2020', copyFrom: String(source.id) });
      expect(created.status).toBe(303);
      const dashboard = await agent.get(created.headers.location as string);
      expect(dashboard.text).toContain('UBND huyện Châu Thành');
      const audit = await agent.get('/admin/audit');
      expect(audit.text).toContain(`Khảo sát 2020 ← #${source.id}`);
    } finally {
      t.cleanup();
    }
  });

  it('is one CLI option: campaign create --from <id>', async () => {
    const t = createTestDb();
    try {
      const source = seed2019(t.db);
      const cli = cliOn(t.file);
      const out = await cli(
        'campaign',
        'create',
        '--name',
        'Khảo sát trực tuyến Chỉ số CCHC 2020',
        '--year',
        '2020',
        '--from',
        String(source.id),
      );
      expect(out.stdout).toContain(
        'Tiêu đề thư: Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2020',
      );
      expect(out.stdout).toContain(`Đã sao chép từ đợt #${source.id}: 3 đơn vị`);
      await expect(
        cli('campaign', 'create', '--name', 'Khảo sát X', '--year', '2020', '--from', 'abc'),
      ).rejects.toMatchObject({ stderr: expect.stringContaining('Đợt khảo sát để sao chép không hợp lệ.') });
    } finally {
      t.cleanup();
    }
  });
});
