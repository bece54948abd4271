import fs from 'node:fs';
import { sendInvitationsAt, sendRemindersAt } from '../helpers/invitation-fixtures';
import path from 'node:path';
import { CLI_ACTOR } from '../../src/audit/actor';
import { closeCampaign } from '../../src/campaigns/close-campaign';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { orThrow } from '../../src/errors';
import { commitImport } from '../../src/imports/commit-import';
import { commitUpload } from '../../src/imports/commit-upload';
import { stageUpload } from '../../src/imports/stage-upload';
import { correctAddress } from '../../src/invitations/correct-address';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { backupDatabase } from '../../src/ops/backup';
import { purgeCampaignDirectory } from '../../src/respondents/purge-directory';
import { submitResponse } from '../../src/responses/submit-response';
import { vnDateTime } from '../../src/time';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { writeCsv } from '../helpers/import-files';
import { seededRandom } from '../helpers/scoring-fixture';
import { validAnswers } from '../helpers/survey';

// Luật 91/2025/QH15 and docs/DOMAIN.md § Anonymity and personal data: once a campaign's directory is purged,
// its names and addresses are gone from the database file itself, its journal and any backup taken after.

const PUBLIC_URL = 'http://127.0.0.1:3000';
const N = 40;

describe('purging a campaign directory erases it from the file, not only from the tables', () => {
  it('leaves no purged email or name in the database file, its journal or a later backup', async () => {
    const t = createTestDb();
    const mailer = createMailer({ mailDir: path.join(t.dir, 'mail') });
    try {
      let now = vnDateTime('2019-11-20', 8, 0);
      const campaign = makeCampaign(t.db, { now });
      makeUnit(t.db, campaign.id, {
        code: 'SNV',
        deadlineAt: vnDateTime('2019-12-04', 17, 0),
        quotas: { cbcc: N },
      });
      const people = Array.from({ length: N }, (_, i) => ({
        email: `nguoi.so.${i}@snv.soctrang.gov.vn`,
        name: `Nguyễn Thị Số ${i} Lâm`,
      }));
      const renamed = people.slice(0, 10).map((p, i) => ({ ...p, name: `Trần Văn Đổi Tên ${i} Khánh` }));
      const corrected = 'dia.chi.da.sua@snv.soctrang.gov.vn';

      // A life of the directory: imported (and kept with its report), re-imported with new names, mailed,
      // reminded, an address corrected, answers confirmed by mail.
      const importFile = async (name: string, rows: Array<{ email: string; name: string }>) => {
        const file = writeCsv(t.dir, name, [
          'email,ho_ten,ma_don_vi,loai_phieu',
          ...rows.map((p) => `${p.email},${p.name},SNV,cbcc`),
        ]);
        const staged = await stageUpload(
          t.db,
          { campaignId: campaign.id, kind: 'respondents', fileName: name, tempPath: file },
          now,
        );
        orThrow(
          await commitUpload(t.db, { campaignId: campaign.id, uploadId: staged.uploadId }, CLI_ACTOR, now),
        );
      };
      await importFile('danh-sach.csv', people);
      await importFile('bo-sung.csv', [...renamed, ...people.slice(10)]);
      const deliver = () => deliverDueMail(t.db, mailer, { from: 'khaosat@snv.vn', now, limit: 1000 });
      sendInvitationsAt(t.db, { campaignId: campaign.id }, now);
      await deliver();
      const invitations = t.db.$client
        .prepare('select i.id, i.token from invitations i order by i.id')
        .all() as Array<{ id: number; token: string }>;
      now = vnDateTime('2019-11-25', 9, 0);
      for (const inv of invitations.slice(0, N / 2)) {
        now += 60_000;
        const result = await submitResponse(
          t.db,
          { token: inv.token, answers: validAnswers(DEFAULT_FORMS.cbcc), publicUrl: PUBLIC_URL },
          now,
        );
        expect(result.outcome).toBe('accepted');
      }
      await deliver();
      sendRemindersAt(t.db, { campaignId: campaign.id }, now);
      await deliver();
      orThrow(
        correctAddress(
          t.db,
          { invitationId: invitations[N - 1]!.id, email: corrected, scope: 'all', publicUrl: PUBLIC_URL },
          CLI_ACTOR,
          now,
        ),
      );
      await deliver();
      // The last answer's thank-you mail is still waiting (the relay is down) when the campaign is purged.
      const last = await submitResponse(
        t.db,
        {
          token: invitations[N / 2]!.token,
          answers: validAnswers(DEFAULT_FORMS.cbcc),
          publicUrl: PUBLIC_URL,
        },
        now + 60_000,
      );
      expect(last.outcome).toBe('accepted');

      now = vnDateTime('2019-12-05', 8, 0);
      orThrow(closeCampaign(t.db, { campaignId: campaign.id }, CLI_ACTOR, now));
      const current = [...people.map((p) => p.email), corrected, ...renamed.map((p) => p.name)];
      const needles = [...current, ...people.map((p) => p.name)];
      // Before the purge the file holds the current directory: the scan below can see it.
      expect(missingFrom(t.file, [...current, ...people.slice(10).map((p) => p.name)])).toEqual([]);

      const purge = { campaignId: campaign.id, confirm: 'yes', mailDir: t.dir } as const;
      orThrow(purgeCampaignDirectory(t.db, purge, CLI_ACTOR, now));
      const backup = path.join(t.dir, 'sau-khi-xoa.sqlite');
      await backupDatabase(t.db, backup);
      for (const file of [t.file, `${t.file}-journal`, `${t.file}-wal`, backup]) {
        expect({ file: path.basename(file), found: foundIn(file, needles) }).toEqual({
          file: path.basename(file),
          found: [],
        });
      }
      // The counts and answers stay.
      expect(t.db.$client.prepare('select count(*) from response_slots where filled = 1').pluck().get()).toBe(
        N / 2 + 1,
      );
    } finally {
      mailer.close();
      t.cleanup();
    }
  });
});

describe('purging a large directory whose names changed', () => {
  it('also erases the older copies SQLite leaves in pages it rebalanced', async () => {
    const t = createTestDb();
    try {
      const now = vnDateTime('2019-12-05', 8, 0);
      const campaign = makeCampaign(t.db, { now });
      makeUnit(t.db, campaign.id, { code: 'SNV', quotas: { cbcc: 10 } });
      const random = seededRandom(91);
      const people = Array.from({ length: 3000 }, (_, i) => ({
        email: `can.bo.${Math.floor(random() * 1e9)}.${i}@soctrang.gov.vn`,
        name: `Lê Thị ${'Hoa'.repeat(1 + Math.floor(random() * 20))} ${i}`,
      }));
      const load = async (name: string, rows: typeof people) => {
        const file = writeCsv(t.dir, name, [
          'email,ho_ten,ma_don_vi,loai_phieu',
          ...rows.map((p) => `${p.email},${p.name},SNV,cbcc`),
        ]);
        orThrow(
          await commitImport(
            t.db,
            { campaignId: campaign.id, kind: 'respondents', filePath: file, fileName: name },
            CLI_ACTOR,
            now,
          ),
        );
      };
      await load('danh-sach.csv', people);
      // An updated list: every other person's name written longer, so rows grow and pages are rebalanced.
      await load(
        'cap-nhat.csv',
        people.map((p, i) =>
          i % 2 === 0 ? { ...p, name: `${p.name} ${'Mai'.repeat(5 + Math.floor(random() * 30))}` } : p,
        ),
      );
      orThrow(closeCampaign(t.db, { campaignId: campaign.id }, CLI_ACTOR, now));
      const purge = { campaignId: campaign.id, confirm: 'yes', mailDir: t.dir } as const;
      orThrow(purgeCampaignDirectory(t.db, purge, CLI_ACTOR, now));
      expect(
        foundIn(
          t.file,
          people.map((p) => p.email),
        ),
      ).toEqual([]);
    } finally {
      t.cleanup();
    }
  });
});

/** The needles found in a file's bytes (UTF-8, any case for addresses). */
function foundIn(file: string, needles: string[]): string[] {
  if (!fs.existsSync(file)) return [];
  const bytes = fs.readFileSync(file);
  const lower = Buffer.from(bytes.toString('latin1').toLowerCase(), 'latin1');
  return needles.filter(
    (n) => bytes.includes(Buffer.from(n, 'utf8')) || lower.includes(Buffer.from(n.toLowerCase(), 'utf8')),
  );
}

function missingFrom(file: string, needles: string[]): string[] {
  const found = new Set(foundIn(file, needles));
  return needles.filter((n) => !found.has(n));
}
