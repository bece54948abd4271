import { listFormTypes } from '../../src/units/campaign-units';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeCampaign } from '../../src/campaigns/close-campaign';
import { deleteDraftCampaign } from '../../src/campaigns/delete-campaign';
import { stageUpload } from '../../src/imports/stage-upload';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';
import { writeCsv } from '../helpers/import-files';
import { csrfFrom, makeUser, signIn, testApp } from '../helpers/web';
import { cliOn } from '../helpers/cli';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { inWords } from '../helpers/audit';

/** A draft campaign with a unit, two people (three invitations) and a checked upload waiting on disk. */
async function seedDraft(t: ReturnType<typeof createTestDb>) {
  const draft = makeCampaign(t.db, { year: 2020, open: false });
  const unit = makeUnit(t.db, draft.id, { code: 'SNV', quotas: { cbcc: 5, hdnd: 2 } });
  makeRespondent(t.db, draft.id, unit.id, { email: 'a@snv.vn', formTypes: ['cbcc', 'hdnd'] });
  makeRespondent(t.db, draft.id, unit.id, { email: 'b@snv.vn' });
  const csv = writeCsv(fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-up-')), 'nguoi.csv', [
    'email,ho_ten,ma_don_vi,loai_phieu',
    'c@snv.vn,C,SNV,cbcc',
  ]);
  await stageUpload(t.db, {
    campaignId: draft.id,
    kind: 'respondents',
    fileName: 'nguoi.csv',
    tempPath: csv,
  });
  const uploaded = fs.readdirSync(path.join(t.dir, 'uploads')).map((f) => path.join(t.dir, 'uploads', f));
  return { draft, uploaded };
}

const countIn = (t: ReturnType<typeof createTestDb>, table: string, campaignId: number) =>
  t.db.$client.prepare(`SELECT count(*) FROM ${table} WHERE campaign_id = ?`).pluck().get(campaignId);

const TABLES = [
  'campaign_units',
  'unit_quotas',
  'form_definitions',
  'respondents',
  'invitations',
  'import_uploads',
];

describe('deleting a draft campaign', () => {
  it('removes it with its units, quotas, questionnaires, people, invitations and uploaded files, and no other', async () => {
    const t = createTestDb();
    try {
      const kept = makeCampaign(t.db, { year: 2019 });
      makeUnit(t.db, kept.id, { code: 'SNV' });
      const { draft, uploaded } = await seedDraft(t);
      expect(uploaded).toHaveLength(1);

      expect(
        orThrow(
          deleteDraftCampaign(t.db, { campaignId: draft.id, confirm: 'yes' }, SYSTEM_ACTOR, Date.now()),
        ),
      ).toEqual({
        units: 1,
        respondents: 2,
        invitations: 3,
        uploads: 1,
      });
      for (const table of TABLES) expect({ table, n: countIn(t, table, draft.id) }).toEqual({ table, n: 0 });
      expect(t.db.$client.prepare('SELECT count(*) FROM campaigns WHERE id = ?').pluck().get(draft.id)).toBe(
        0,
      );
      expect(fs.existsSync(uploaded[0]!)).toBe(false);
      // The other campaign and the shared unit list are untouched; the log keeps the deletion with the name.
      expect(countIn(t, 'campaign_units', kept.id)).toBe(1);
      // One questionnaire per form type, by invitation and open alike.
      expect(countIn(t, 'form_definitions', kept.id)).toBe(listFormTypes(t.db).length);
      expect(
        inWords(
          t.db.$client
            .prepare("SELECT detail FROM audit_log WHERE action = 'campaign.delete'")
            .all() as Array<{
            detail: string;
          }>,
        ),
      ).toEqual([{ detail: draft.name }]);
    } finally {
      t.cleanup();
    }
  });

  it('refuses a campaign that has been opened, open or closed, and deletes nothing', () => {
    const t = createTestDb();
    try {
      const open = makeCampaign(t.db);
      makeUnit(t.db, open.id, { code: 'SNV' });
      expect(() =>
        orThrow(deleteDraftCampaign(t.db, { campaignId: open.id, confirm: 'yes' }, SYSTEM_ACTOR, Date.now())),
      ).toThrow('Chỉ xóa được đợt khảo sát chưa mở.');
      expect(countIn(t, 'campaign_units', open.id)).toBe(1);
      orThrow(closeCampaign(t.db, { campaignId: open.id }, SYSTEM_ACTOR, Date.now()));
      expect(() =>
        orThrow(deleteDraftCampaign(t.db, { campaignId: open.id, confirm: 'yes' }, SYSTEM_ACTOR, Date.now())),
      ).toThrow('Chỉ xóa được đợt khảo sát chưa mở.');
      expect(countIn(t, 'campaign_units', open.id)).toBe(1);
    } finally {
      t.cleanup();
    }
  });

  it('asks on the admin pages first, with what goes, and says it is done', async () => {
    const t = createTestDb();
    try {
      const { draft } = await seedDraft(t);
      const opened = makeCampaign(t.db);
      const app = testApp(t.db, t.dir);
      await makeUser(t.db, 'snv.admin', 'admin');
      const admin = await signIn(app, 'snv.admin');

      expect((await admin.get(`/admin/campaigns/${draft.id}/edit`)).text).toContain(
        `href="/admin/campaigns/${draft.id}/xoa"`,
      );
      expect((await admin.get(`/admin/campaigns/${opened.id}/edit`)).text).not.toContain('/xoa"');
      const page = await admin.get(`/admin/campaigns/${draft.id}/xoa`);
      expect(page.text).toContain(
        '1 đơn vị (lịch gửi, hạn trả lời, chỉ tiêu), 2 người được khảo sát, 3 phiếu mời',
      );

      const csrf = await csrfFrom(admin, `/admin/campaigns/${draft.id}/xoa`);
      const unconfirmed = await admin
        .post(`/admin/campaigns/${draft.id}/xoa`)
        .type('form')
        .send({ _csrf: csrf });
      expect(unconfirmed.status).toBe(400);
      expect(unconfirmed.text).toContain('Hãy đánh dấu xác nhận trước khi xóa.');
      expect(countIn(t, 'respondents', draft.id)).toBe(2);

      const refused = await admin
        .post(`/admin/campaigns/${opened.id}/xoa`)
        .type('form')
        .send({ _csrf: csrf, confirm: 'yes' });
      expect(refused.status).toBe(409);

      const done = await admin
        .post(`/admin/campaigns/${draft.id}/xoa`)
        .type('form')
        .send({ _csrf: csrf, confirm: 'yes' });
      expect(done.status).toBe(303);
      const list = await admin.get(done.headers.location!);
      expect(list.text).toContain('Đã xóa đợt khảo sát nháp.');
      expect(list.text).not.toContain(`/admin/campaigns/${draft.id}"`);
    } finally {
      t.cleanup();
    }
  });

  it('is a CLI command that wants --yes', async () => {
    const t = createTestDb();
    try {
      const { draft } = await seedDraft(t);
      const cli = cliOn(t.file);
      await expect(cli('campaign', 'delete', String(draft.id))).rejects.toMatchObject({
        stderr: expect.stringContaining("chưa có tùy chọn bắt buộc '--yes'"),
      });
      expect(countIn(t, 'respondents', draft.id)).toBe(2);
      const out = await cli('campaign', 'delete', String(draft.id), '--yes');
      expect(out.stdout).toContain(
        `Đã xóa đợt khảo sát #${draft.id}: 1 đơn vị, 2 người được khảo sát, 3 phiếu mời.`,
      );
      expect(countIn(t, 'respondents', draft.id)).toBe(0);
    } finally {
      t.cleanup();
    }
  });
});
