import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { readAuditDetail } from '../../src/audit/audit-detail';
import { disableUser } from '../../src/auth';
import { closeCampaign } from '../../src/campaigns/close-campaign';
import { updateMailTemplate } from '../../src/campaigns/update-mail-template';
import { sendInvitations } from '../../src/invitations/send-invitations';
import type { Db } from '../../src/db/client';
import { orThrow } from '../../src/errors';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { holdMask } from '../../src/responses/held-answers';
import { storeResponse } from '../../src/responses/store-response';
import { syncInterviews } from '../../src/interviews/sync-interviews';
import { cliOn } from '../helpers/cli';
import { interview, seedInterviewCampaign } from '../helpers/interviews';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';
import { writeCsv } from '../helpers/import-files';
import { makeInvitedCampaign, PUBLIC_URL } from '../helpers/invitation-fixtures';
import { csrfFrom, makeUser, signIn, testApp } from '../helpers/web';

type Agent = ReturnType<typeof request.agent>;
type Cli = ReturnType<typeof cliOn>;

/**
 * One audited action, done once on the admin pages and once on the command line (as the same account, with
 * --as) from the same starting state: both must leave the same audit entries.
 */
type ParityCase = {
  action: string;
  /** Builds the state the action needs; returns the ids both ways act on. */
  setup: (db: Db) => Record<string, number> | Promise<Record<string, number>>;
  web: (agent: Agent, ids: Record<string, number>) => Promise<request.Response>;
  cli: (cli: Cli, ids: Record<string, number>) => Promise<unknown>;
  /** What the page answers when done: a redirect, unless it shows something once (a new password). */
  status?: number;
};

const ADMIN = 'quan-tri';

// One file both ways import: the web uploads it, the CLI reads it from here (its name is in the audit entry).
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-parity-'));
afterAll(() => fs.rmSync(filesDir, { recursive: true, force: true }));
const UNITS_FILE = writeCsv(filesDir, 'don-vi.csv', [
  'ma_don_vi,ten_don_vi,nhom,chi_tieu_cbcc,chi_tieu_hdnd,ngay_gui,han_tra_loi',
  'SNV,Sở Nội vụ,so_nganh,30,0,20/11/2019,04/12/2019',
  'HCT,Huyện Châu Thành,ubnd_huyen,50,30,,17:00 11/12/2019',
  'SAI,Đơn vị sai nhóm,khong-co,3,0,,',
]);

const POINTS_FILE = writeCsv(filesDir, 'diem-tham-dinh.csv', [
  'Mã ĐV;Điểm thẩm định;Điểm tối đa',
  'SNV;58,25;68',
  'KHONG;50;68',
]);

/** A form posted from the page that shows it, as a browser does (CSRF token from that page). */
async function submit(agent: Agent, page: string, action: string, fields: Record<string, string>) {
  const _csrf = await csrfFrom(agent, page);
  return agent
    .post(action)
    .type('form')
    .send({ ...fields, _csrf });
}

/** A text file for a CLI command to read (a questionnaire, a mail template). */
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-parity-'));
afterAll(() => fs.rmSync(files, { recursive: true, force: true }));
function textFile(name: string, text: string): string {
  const file = path.join(files, name);
  fs.writeFileSync(file, text);
  return file;
}

/** An officer account and the unit it will be given, beside the admin who acts. */
async function officerAndUnit(db: Db) {
  const campaign = makeCampaign(db, { year: 2019 }).id;
  const unit = makeUnit(db, campaign, { code: 'SNV', name: 'Sở Nội vụ' }).id;
  return { user: (await makeUser(db, 'dau-moi.snv', 'officer')).id, unit, campaign };
}

const EDITED_FORM = JSON.stringify(
  { ...DEFAULT_FORMS.cbcc, title: 'Phiếu khảo sát CBCC (bản sửa)' },
  null,
  2,
);
const OWN_INVITATION = '{loi_chao}\n\nMời Ông/Bà trả lời {loai_phieu} trước {han_tra_loi}.\n\n{duong_dan}';

/**
 * An open campaign with unit DV1 and two people (p1-1@don-vi.vn, p1-2@…), their invitations already mailed; with
 * `dualEvery` n, every n-th person also has an hdnd form.
 */
function mailedCampaign(db: Db, dualEvery?: number) {
  const { campaign, people } = makeInvitedCampaign(db, { units: 1, perUnit: 2, dualEvery });
  orThrow(sendInvitations(db, { campaignId: campaign.id, publicUrl: PUBLIC_URL }, SYSTEM_ACTOR, Date.now()));
  db.$client.exec(`UPDATE invitations SET delivery_status = 'sent', sent_at = 1;
    UPDATE mail_outbox SET status = 'sent'`);
  const invitation = people[0]!.invitations[0]!;
  return { campaign: campaign.id, unit: invitation.unitId, invitation: invitation.id };
}

/** The officer's page of the unit, whose row actions an admin uses too. */
const unitPage = ({ unit, campaign }: Record<string, number>) =>
  `/officer/units/${unit}?campaign=${campaign}`;

const CASES: ParityCase[] = [
  {
    action: 'mail.send_invitations',
    setup: (db) => ({ campaign: makeInvitedCampaign(db, { units: 1, perUnit: 2 }).campaign.id }),
    web: (agent, { campaign }) =>
      submit(agent, `/admin/campaigns/${campaign}/gui/xac-nhan`, `/admin/campaigns/${campaign}/gui`, {
        unitId: '',
      }),
    cli: (cli, { campaign }) => cli('send', '--campaign', String(campaign)),
  },
  {
    action: 'mail.resend_failed',
    setup: (db) => {
      const ids = mailedCampaign(db);
      db.$client.exec(`UPDATE invitations SET delivery_status = 'bounced'`);
      return ids;
    },
    web: (agent, { campaign, unit }) =>
      submit(
        agent,
        `/admin/campaigns/${campaign}/gui/xac-nhan?kind=failed&unitId=${unit}`,
        `/admin/campaigns/${campaign}/gui`,
        { unitId: String(unit), includeFailed: '1' },
      ),
    cli: (cli, { campaign }) =>
      cli('send', '--campaign', String(campaign), '--unit', 'DV1', '--include-failed'),
  },
  {
    action: 'mail.send_reminders',
    setup: mailedCampaign,
    web: (agent, { campaign }) =>
      submit(
        agent,
        `/admin/campaigns/${campaign}/gui/xac-nhan?kind=reminders`,
        `/admin/campaigns/${campaign}/nhac`,
        {
          unitId: '',
        },
      ),
    cli: (cli, { campaign }) => cli('remind', '--campaign', String(campaign)),
  },
  {
    // A focal officer's reminder of one unit and form type (an admin may use the unit's page too).
    action: 'mail.remind',
    // The unit's second person also has an hdnd form: the reminder reaches that one only.
    setup: (db) => mailedCampaign(db, 2),
    web: (agent, ids) => {
      const page = `/officer/units/${ids.unit}/nhac-nho?campaign=${ids.campaign}&form=hdnd`;
      return submit(agent, page, page, {});
    },
    cli: (cli, { campaign }) =>
      cli('remind', '--campaign', String(campaign), '--unit', 'DV1', '--form', 'hdnd'),
  },
  {
    action: 'mail.resend',
    setup: mailedCampaign,
    web: (agent, ids) =>
      submit(agent, unitPage(ids), `/officer/units/${ids.unit}/thu-moi/${ids.invitation}/gui-lai`, {}),
    cli: (cli, { campaign }) =>
      cli('invitation', 'resend', '--campaign', String(campaign), '--email', 'p1-1@don-vi.vn'),
  },
  {
    action: 'mail.correct_address',
    setup: mailedCampaign,
    web: (agent, ids) =>
      submit(agent, unitPage(ids), `/officer/units/${ids.unit}/thu-moi/${ids.invitation}/sua-email`, {
        email: 'nguoi.moi@don-vi.vn',
      }),
    cli: (cli, { campaign }) =>
      cli(
        'invitation',
        'fix-email',
        '--campaign',
        String(campaign),
        '--email',
        'p1-1@don-vi.vn',
        '--to',
        'nguoi.moi@don-vi.vn',
      ),
  },
  {
    action: 'mail.retry_failed',
    setup: (db) => {
      const ids = mailedCampaign(db);
      db.$client.exec(`UPDATE invitations SET delivery_status = 'failed';
        UPDATE mail_outbox SET status = 'failed', attempts = 8`);
      return ids;
    },
    web: (agent, { campaign }) =>
      submit(agent, `/admin/outbox?campaign=${campaign}`, '/admin/outbox/gui-lai', {
        campaign: String(campaign),
      }),
    cli: (cli, { campaign }) => cli('outbox', 'retry', '--campaign', String(campaign)),
  },
  {
    action: 'campaign.create',
    setup: () => ({}),
    web: (agent) => submit(agent, '/admin', '/admin/campaigns', { name: 'Khảo sát CCHC 2024', year: '2024' }),
    cli: (cli) => cli('campaign', 'create', '--name', 'Khảo sát CCHC 2024', '--year', '2024'),
  },
  {
    action: 'campaign.update',
    setup: (db) => ({ campaign: makeCampaign(db, { year: 2019, open: false }).id }),
    web: (agent, { campaign }) =>
      submit(agent, `/admin/campaigns/${campaign}/edit`, `/admin/campaigns/${campaign}/edit`, {
        name: 'Khảo sát trực tuyến Chỉ số CCHC 2019 (đợt 2)',
        year: '2019',
        mailSubject: 'Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2019',
        opensAt: '',
        closesAt: '2019-12-04T17:00',
        reminderDaysBefore: '2',
      }),
    cli: (cli, { campaign }) =>
      cli(
        'campaign',
        'update',
        String(campaign),
        '--name',
        'Khảo sát trực tuyến Chỉ số CCHC 2019 (đợt 2)',
        '--closes',
        '04/12/2019 17:00',
        '--reminder-days',
        '2',
      ),
  },
  {
    action: 'campaign.open',
    setup: (db) => ({ campaign: makeCampaign(db, { year: 2019, open: false }).id }),
    web: (agent, { campaign }) =>
      submit(agent, `/admin/campaigns/${campaign}/mo`, `/admin/campaigns/${campaign}/open`, {}),
    cli: (cli, { campaign }) => cli('campaign', 'open', String(campaign)),
  },
  {
    action: 'campaign.close',
    setup: (db) => {
      const campaign = makeCampaign(db, { year: 2019 }).id;
      makeUnit(db, campaign, { code: 'SNV' });
      return { campaign };
    },
    web: (agent, { campaign }) =>
      submit(agent, `/admin/campaigns/${campaign}/chot`, `/admin/campaigns/${campaign}/close`, {}),
    cli: (cli, { campaign }) => cli('close', '--campaign', String(campaign)),
  },
  {
    action: 'campaign.reopen',
    setup: (db) => {
      const campaign = makeCampaign(db, { year: 2019 }).id;
      orThrow(closeCampaign(db, { campaignId: campaign }, SYSTEM_ACTOR, Date.now()));
      return { campaign };
    },
    web: (agent, { campaign }) =>
      submit(agent, `/admin/campaigns/${campaign}/results`, `/admin/campaigns/${campaign}/reopen`, {
        reason: 'Gia hạn cho đơn vị chậm',
      }),
    cli: (cli, { campaign }) =>
      cli('reopen', '--campaign', String(campaign), '--reason', 'Gia hạn cho đơn vị chậm'),
  },
  {
    action: 'campaign.delete',
    setup: (db) => ({ campaign: makeCampaign(db, { year: 2019, open: false }).id }),
    web: (agent, { campaign }) =>
      submit(agent, `/admin/campaigns/${campaign}/xoa`, `/admin/campaigns/${campaign}/xoa`, {
        confirm: 'yes',
      }),
    cli: (cli, { campaign }) => cli('campaign', 'delete', String(campaign), '--yes'),
  },
  {
    action: 'campaign.purge_directory',
    setup: (db) => {
      const campaign = makeCampaign(db, { year: 2019 }).id;
      const unit = makeUnit(db, campaign, { code: 'SNV' }).id;
      makeRespondent(db, campaign, unit, { email: 'nguyen.van.an@soctrang.gov.vn' });
      orThrow(closeCampaign(db, { campaignId: campaign }, SYSTEM_ACTOR, Date.now()));
      return { campaign };
    },
    web: (agent, { campaign }) => {
      const page = `/admin/campaigns/${campaign}/xoa-du-lieu`;
      return submit(agent, page, page, { confirm: 'yes' });
    },
    cli: (cli, { campaign }) => cli('purge-directory', '--campaign', String(campaign), '--yes'),
  },
  {
    action: 'user.create',
    setup: (db) => ({ unit: makeUnit(db, makeCampaign(db).id, { code: 'SNV' }).id }),
    web: (agent, { unit }) =>
      submit(agent, '/admin/users', '/admin/users', {
        username: 'dau-moi.snv',
        displayName: 'Trần Thị Bình',
        role: 'officer',
        password: 'mat-khau-duoc-cap-2019',
        unitIds: String(unit),
      }),
    cli: (cli) =>
      cli(
        'user',
        'create',
        '--username',
        'dau-moi.snv',
        '--name',
        'Trần Thị Bình',
        '--role',
        'officer',
        '--password',
        'mat-khau-duoc-cap-2019',
        '--unit',
        'SNV',
      ),
  },
  {
    action: 'user.units',
    setup: officerAndUnit,
    web: (agent, { user, unit }) =>
      submit(agent, `/admin/users/${user}`, `/admin/users/${user}/units`, { unitIds: String(unit) }),
    cli: (cli) => cli('user', 'units', 'dau-moi.snv', '--unit', 'SNV'),
  },
  {
    action: 'user.disable',
    setup: officerAndUnit,
    web: (agent, { user }) => submit(agent, `/admin/users/${user}`, `/admin/users/${user}/disable`, {}),
    cli: (cli) => cli('user', 'disable', 'dau-moi.snv'),
  },
  {
    action: 'user.enable',
    setup: async (db) => {
      const ids = await officerAndUnit(db);
      orThrow(disableUser(db, { userId: ids.user }, SYSTEM_ACTOR, Date.now()));
      return ids;
    },
    web: (agent, { user }) => submit(agent, `/admin/users/${user}`, `/admin/users/${user}/enable`, {}),
    cli: (cli) => cli('user', 'enable', 'dau-moi.snv'),
  },
  {
    action: 'user.password_reset',
    setup: officerAndUnit,
    web: (agent, { user }) => submit(agent, `/admin/users/${user}`, `/admin/users/${user}/password`, {}),
    cli: (cli) => cli('user', 'password', 'dau-moi.snv'),
  },
  {
    action: 'form.update',
    setup: (db) => ({ campaign: makeCampaign(db, { year: 2019 }).id }),
    web: (agent, { campaign }) => {
      const editor = `/admin/campaigns/${campaign}/forms/cbcc`;
      return submit(agent, editor, editor, { definition: EDITED_FORM });
    },
    cli: (cli, { campaign }) =>
      cli(
        'form',
        'update',
        textFile('cbcc.json', EDITED_FORM),
        '--campaign',
        String(campaign),
        '--form',
        'cbcc',
      ),
  },
  {
    action: 'mail.templates',
    setup: (db) => ({ campaign: makeCampaign(db, { year: 2019 }).id }),
    web: (agent, { campaign }) =>
      submit(
        agent,
        `/admin/campaigns/${campaign}/mau-thu`,
        `/admin/campaigns/${campaign}/mau-thu/invitation`,
        {
          body: OWN_INVITATION,
        },
      ),
    cli: (cli, { campaign }) =>
      cli(
        'template',
        'update',
        textFile('thu-moi.txt', OWN_INVITATION),
        '--campaign',
        String(campaign),
        '--kind',
        'invitation',
      ),
  },
  {
    action: 'mail.templates_reset',
    setup: (db) => {
      const campaign = makeCampaign(db, { year: 2019 }).id;
      const own = { campaignId: campaign, kind: 'invitation' as const, body: OWN_INVITATION };
      orThrow(updateMailTemplate(db, own, SYSTEM_ACTOR, Date.now()));
      return { campaign };
    },
    web: (agent, { campaign }) =>
      submit(
        agent,
        `/admin/campaigns/${campaign}/mau-thu`,
        `/admin/campaigns/${campaign}/mau-thu/invitation/mac-dinh`,
        {},
      ),
    cli: (cli, { campaign }) =>
      cli('template', 'reset', '--campaign', String(campaign), '--kind', 'invitation'),
  },
  {
    action: 'unit.update',
    setup: (db) => {
      const campaign = makeCampaign(db, { year: 2019, open: false }).id;
      const unit = makeUnit(db, campaign, { code: 'SNV', quotas: { cbcc: 10, hdnd: 0 } }).id;
      return { campaign, unit };
    },
    web: (agent, { campaign, unit }) => {
      const page = `/admin/campaigns/${campaign}/units/${unit}`;
      return submit(agent, page, page, {
        sendOn: '2019-11-20',
        deadlineDate: '2019-12-04',
        deadlineTime: '17:00',
        quota_cbcc: '30',
        quota_hdnd: '5',
      });
    },
    cli: (cli, { campaign }) =>
      cli(
        'units',
        'set',
        '--campaign',
        String(campaign),
        '--unit',
        'snv',
        '--send-on',
        '20/11/2019',
        '--deadline',
        '17:00 04/12/2019',
        '--quota',
        'cbcc=30',
        'hdnd=5',
      ),
  },
  {
    action: 'import.commit',
    setup: (db) => ({ campaign: makeCampaign(db, { year: 2019, open: false }).id }),
    web: async (agent, { campaign }) => {
      // Upload (the dry run, a read), then write the valid rows from its report page.
      const page = `/admin/campaigns/${campaign}/imports`;
      const _csrf = await csrfFrom(agent, page);
      const posted = await agent
        .post(`${page}/units?_csrf=${encodeURIComponent(_csrf)}`)
        .attach('file', UNITS_FILE, 'don-vi.csv');
      const report = posted.headers.location!;
      return submit(agent, report, `${report}/commit`, {});
    },
    cli: (cli, { campaign }) =>
      cli('units', 'import', UNITS_FILE, '--campaign', String(campaign), '--commit'),
    status: 200,
  },
  {
    action: 'import.commit',
    setup: (db) => {
      const campaign = makeCampaign(db, { year: 2019 }).id;
      makeUnit(db, campaign, { code: 'SNV', name: 'Sở Nội vụ' });
      return { campaign };
    },
    web: async (agent, { campaign }) => {
      const page = `/admin/campaigns/${campaign}/imports`;
      const _csrf = await csrfFrom(agent, page);
      const posted = await agent
        .post(`${page}/points?_csrf=${encodeURIComponent(_csrf)}`)
        .attach('file', POINTS_FILE, 'diem-tham-dinh.csv');
      const report = posted.headers.location!;
      return submit(agent, report, `${report}/commit`, {});
    },
    cli: (cli, { campaign }) =>
      cli('points', 'import', POINTS_FILE, '--campaign', String(campaign), '--commit'),
    status: 200,
  },
  {
    action: 'report.settings',
    setup: (db) => ({ campaign: makeCampaign(db, { year: 2019 }).id }),
    web: (agent, { campaign }) =>
      submit(
        agent,
        `/admin/campaigns/${campaign}/results/settings`,
        `/admin/campaigns/${campaign}/results/settings`,
        {
          superior: 'UBND TỈNH SÓC TRĂNG',
          issuer: 'SỞ NỘI VỤ',
          place: 'Sóc Trăng',
          recipients: 'UBND tỉnh (b/c);\nBộ Nội vụ (b/c);',
          signerTitle: 'GIÁM ĐỐC',
          signerName: 'Nguyễn Văn A',
          points_so_nganh: '32',
          points_ubnd_huyen: '32,5',
          points_dvsn: '30',
          points_co_quan_tw: '32',
        },
      ),
    cli: (cli, { campaign }) =>
      cli(
        'report',
        'settings',
        '--campaign',
        String(campaign),
        '--superior',
        'UBND TỈNH SÓC TRĂNG',
        '--issuer',
        'SỞ NỘI VỤ',
        '--place',
        'Sóc Trăng',
        '--recipient',
        'UBND tỉnh (b/c);',
        'Bộ Nội vụ (b/c);',
        '--signer-title',
        'GIÁM ĐỐC',
        '--signer-name',
        'Nguyễn Văn A',
        '--points',
        'ubnd_huyen=32,5',
        'dvsn=30',
      ),
  },
  {
    action: 'open_link.issue',
    setup: openCampaignWithUnit,
    web: (agent, { campaign }) =>
      submit(
        agent,
        `/admin/campaigns/${campaign}/open-links`,
        `/admin/campaigns/${campaign}/open-links/issue`,
        {},
      ),
    cli: (cli, { campaign }) => cli('open-links', 'issue', '--campaign', String(campaign)),
  },
  {
    action: 'open_link.revoke',
    setup: (db) => {
      const ids = openCampaignWithUnit(db);
      db.$client
        .prepare(
          "INSERT INTO open_links (campaign_id, unit_id, form_type, code, created_at) VALUES (?, ?, 'nguoi_dan', ?, 0)",
        )
        .run(ids.campaign, ids.unit, OPEN_CODE);
      return ids;
    },
    web: (agent, { campaign }) =>
      submit(
        agent,
        `/admin/campaigns/${campaign}/open-links`,
        `/admin/campaigns/${campaign}/open-links/revoke`,
        {
          code: OPEN_CODE,
        },
      ),
    cli: (cli, { campaign }) => cli('open-links', 'revoke', OPEN_CODE, '--campaign', String(campaign)),
  },
  {
    action: 'open_link.settings',
    setup: openCampaignWithUnit,
    web: (agent, { campaign }) =>
      submit(
        agent,
        `/admin/campaigns/${campaign}/open-links`,
        `/admin/campaigns/${campaign}/open-links/settings`,
        {
          minSeconds: '45',
          addressHourlyLimit: '60',
          sameAnswersLimit: '4',
          sameMinutes: '15',
        },
      ),
    cli: (cli, { campaign }) =>
      cli(
        'open-links',
        'settings',
        '--campaign',
        String(campaign),
        '--min-seconds',
        '45',
        '--address-limit',
        '60',
        '--same-answers',
        '4',
        '--same-minutes',
        '15',
      ),
  },
  {
    action: 'open_answer.reject',
    setup: (db) => {
      const ids = openCampaignWithUnit(db);
      const answers = [{ questionId: 'hai_long_chung', optionIndex: 0 }];
      storeResponse(
        db,
        { campaignId: ids.campaign, unitId: ids.unit, formType: 'nguoi_dan', definitionVersion: 1, answers },
        Date.now(),
        holdMask(['too_fast']),
      );
      return ids;
    },
    web: async (agent, { campaign }) => {
      const page = `/admin/campaigns/${campaign}/held`;
      const id = /data-held="([0-9a-f]+)"/.exec((await agent.get(page)).text)![1]!;
      return submit(agent, page, `/admin/campaigns/${campaign}/held/${id}`, { decision: 'reject' });
    },
    cli: async (cli, { campaign }) => {
      const { stdout } = await cli('held', 'list', '--campaign', String(campaign));
      const id = /^([0-9a-f]{16})\t/m.exec(stdout)![1]!;
      return cli('held', 'review', id, '--campaign', String(campaign), '--decision', 'reject');
    },
  },
  {
    action: 'enumerator.assign',
    setup: async (db) => ({ campaign: (await seedInterviewCampaign(db, Date.now())).campaign.id }),
    web: (agent, { campaign }) => {
      const page = `/admin/campaigns/${campaign}/dieu-tra-vien`;
      const fields = { username: 'dtv1', unitCode: 'STC', formType: 'cbcc', target: '12' };
      return submit(agent, page, `${page}/phan-cong`, fields);
    },
    cli: (cli, { campaign }) =>
      cli(
        'enumerator',
        'assign',
        '--campaign',
        String(campaign),
        '--user',
        'dtv1',
        '--unit',
        'STC',
        '--form',
        'cbcc',
        '--target',
        '12',
      ),
    status: 200,
  },
  {
    action: 'enumerator.unassign',
    setup: async (db) => ({ campaign: (await seedInterviewCampaign(db, Date.now())).campaign.id }),
    web: (agent, { campaign }) => {
      const page = `/admin/campaigns/${campaign}/dieu-tra-vien`;
      return submit(agent, page, `${page}/bo-phan-cong`, {
        username: 'dtv1',
        unitCode: 'SNV',
        formType: 'cbcc',
      });
    },
    cli: (cli, { campaign }) =>
      cli(
        'enumerator',
        'unassign',
        '--campaign',
        String(campaign),
        '--user',
        'dtv1',
        '--unit',
        'SNV',
        '--form',
        'cbcc',
      ),
    status: 200,
  },
  {
    action: 'interview.reject',
    setup: async (db) => {
      const seed = await seedInterviewCampaign(db, Date.now());
      const upload = interview(
        db,
        { campaignId: seed.campaign.id, unitId: seed.unit.id },
        Date.now() - 3600_000,
        {
          minutes: 1,
        },
      );
      orThrow(syncInterviews(db, { interviews: [{ ...upload, uuid: HELD_UUID }] }, seed.actor, Date.now()));
      return { campaign: seed.campaign.id };
    },
    web: async (agent, { campaign }) => {
      const page = `/admin/campaigns/${campaign}/dieu-tra-vien`;
      const answerId = /name="answerId" value="([0-9a-f]+)"/.exec((await agent.get(page)).text)![1]!;
      const fields = { answerId, decision: 'reject', reason: 'incomplete', note: 'thiếu phần C' };
      return submit(agent, page, `${page}/duyet`, fields);
    },
    cli: (cli, { campaign }) =>
      cli(
        'enumerator',
        'review',
        HELD_UUID,
        '--campaign',
        String(campaign),
        '--reject',
        'incomplete',
        '--note',
        'thiếu phần C',
      ),
    status: 200,
  },
];

const HELD_UUID = '0b6f7c1e-2d3a-4f5b-8c9d-0e1f2a3b4c5d';
const OPEN_CODE = 'abcdefghjk';

function openCampaignWithUnit(db: Db) {
  const campaign = makeCampaign(db, { year: 2019 }).id;
  const unit = makeUnit(db, campaign, { code: 'SNV', name: 'Sở Nội vụ', quotas: { nguoi_dan: 10 } }).id;
  return { campaign, unit };
}

describe('every audited action', () => {
  it.each(CASES.map((c) => [c.action, c] as const))(
    'leaves the same audit entries through the web and the CLI: %s',
    async (_action, parity) => {
      const entries = async (via: 'web' | 'cli') => {
        const t = createTestDb();
        try {
          await makeUser(t.db, ADMIN, 'admin');
          const ids = await parity.setup(t.db);
          const before = auditRows(t.db).length;
          if (via === 'web') {
            const res = await parity.web(await signIn(testApp(t.db, t.dir), ADMIN), ids);
            expect(res.status).toBe(parity.status ?? 303);
          } else {
            t.db.$client.pragma('wal_checkpoint(TRUNCATE)');
            await parity.cli((...args: string[]) => cliOn(t.file)('--as', ADMIN, ...args), ids);
          }
          return auditRows(t.db).slice(before);
        } finally {
          t.cleanup();
        }
      };
      const web = await entries('web');
      expect(web.map((e) => e.action)).toContain(parity.action);
      // Stored by key, not as a finished sentence: the audit page words it in the reader's language.
      for (const e of web) expect(e.detail).toEqual(expect.objectContaining({ key: expect.any(String) }));
      expect(await entries('cli')).toEqual(web);
    },
  );
});

/** The entries with their detail read back as stored: a message key and its parameters. */
function auditRows(db: Db) {
  const rows = db.$client
    .prepare('SELECT action, actor, campaign_id AS campaignId, detail FROM audit_log ORDER BY id')
    .all() as Array<{ action: string; actor: string; campaignId: number | null; detail: string | null }>;
  return rows.map((row) => ({ ...row, detail: readAuditDetail(row.detail) }));
}
