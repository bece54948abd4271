import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { disableUser } from '../../src/auth';
import { closeCampaign } from '../../src/campaigns/close-campaign';
import { updateMailTemplate } from '../../src/campaigns/update-mail-template';
import type { Db } from '../../src/db/client';
import { orThrow } from '../../src/errors';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { cliOn } from '../helpers/cli';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';
import { writeCsv } from '../helpers/import-files';
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

const CASES: ParityCase[] = [
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
    status: 200,
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
    status: 200,
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
];

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
      expect(await entries('cli')).toEqual(web);
    },
  );
});

function auditRows(db: Db) {
  return db.$client
    .prepare('SELECT action, actor, campaign_id AS campaignId, detail FROM audit_log ORDER BY id')
    .all() as Array<{ action: string; actor: string; campaignId: number | null; detail: string | null }>;
}
