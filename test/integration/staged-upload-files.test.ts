import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { CLI_ACTOR } from '../../src/audit/actor';
import { closeCampaign } from '../../src/campaigns/close-campaign';
import { type Db } from '../../src/db/client';
import { openDb } from '../../src/open-db';
import * as schema from '../../src/db/schema';
import { commitUpload } from '../../src/imports/commit-upload';
import { stageUpload } from '../../src/imports/stage-upload';
import { backupDatabase } from '../../src/ops/backup';
import { migrationsDir } from '../../src/paths';
import { purgeCampaignDirectory } from '../../src/respondents/purge-directory';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { writeCsv } from '../helpers/import-files';
import { orThrow } from '../../src/errors';

let live: ReturnType<typeof createTestDb>;
beforeEach(() => (live = createTestDb()));
afterEach(() => live.cleanup());

const storedPaths = (db: Db) => db.$client.prepare('select stored_path from import_uploads').pluck().all();

describe('staged upload files', () => {
  it('are recorded relative to the data directory: a purge on a restored copy leaves the live files alone', async () => {
    const campaign = makeCampaign(live.db);
    makeUnit(live.db, campaign.id, { code: 'SNV', quotas: { cbcc: 3 } });
    const temp = writeCsv(live.dir, 'tam.csv', ['email,ma_don_vi,loai_phieu', 'a@soctrang.gov.vn,SNV,cbcc']);
    const { uploadId } = await stageUpload(live.db, {
      campaignId: campaign.id,
      kind: 'respondents',
      fileName: 'ds.csv',
      tempPath: temp,
    });
    expect(storedPaths(live.db)).toEqual([`uploads/${uploadId}.csv`]);
    const liveFile = path.join(live.dir, 'uploads', `${uploadId}.csv`);
    expect(fs.existsSync(liveFile)).toBe(true);

    // A backup restored elsewhere (a training copy, a check of the backups), then closed and purged there.
    const copyDir = path.join(live.dir, 'ban-sao');
    await backupDatabase(live.db, path.join(copyDir, 'cchc.sqlite'));
    const copy = openDb(path.join(copyDir, 'cchc.sqlite'));
    try {
      orThrow(closeCampaign(copy, { campaignId: campaign.id }, CLI_ACTOR, Date.now()));
      const input = { campaignId: campaign.id, confirm: 'yes', mailDir: path.join(copyDir, 'mail') } as const;
      orThrow(purgeCampaignDirectory(copy, input, CLI_ACTOR, Date.now()));
    } finally {
      copy.$client.close();
    }
    expect(fs.existsSync(liveFile)).toBe(true);
    const committed = await commitUpload(
      live.db,
      { campaignId: campaign.id, uploadId },
      CLI_ACTOR,
      Date.now(),
    );
    expect(orThrow(committed).summary.created).toBe(1);
  });

  it('written by an earlier release with an absolute path are rewritten relative by the migration', () => {
    const file = path.join(live.dir, 'cu.sqlite');
    // The database as the first release left it: only the first migration applied.
    const firstOnly = path.join(live.dir, 'migrations');
    fs.mkdirSync(path.join(firstOnly, 'meta'), { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8'));
    journal.entries = journal.entries.slice(0, 1);
    fs.writeFileSync(path.join(firstOnly, 'meta', '_journal.json'), JSON.stringify(journal));
    fs.copyFileSync(
      path.join(migrationsDir, `${journal.entries[0].tag}.sql`),
      path.join(firstOnly, `${journal.entries[0].tag}.sql`),
    );
    const old = new Database(file);
    const oldDb = drizzle(old, { schema }) as unknown as Db;
    migrate(oldDb, { migrationsFolder: firstOnly });
    // A campaign row as that release wrote it (today's code writes columns its schema did not have yet).
    const campaign = {
      id: Number(
        old
          .prepare(
            `insert into campaigns (name, year, mail_subject) values ('Khảo sát CCHC 2019', 2019, 'Tiêu đề')`,
          )
          .run().lastInsertRowid,
      ),
    };
    old
      .prepare(
        `insert into import_uploads (id, kind, campaign_id, file_name, stored_path, report, created_at)
         values ('cu1', 'respondents', ?, 'ds.csv', '/var/lib/cchc-survey/uploads/cu1.csv', null, 0),
                ('moi1', 'respondents', ?, 'ds.csv', 'uploads/moi1.xlsx', null, 0)`,
      )
      .run(campaign.id, campaign.id);
    old.close();

    const upgraded = openDb(file);
    try {
      expect(storedPaths(upgraded)).toEqual(['uploads/cu1.csv', 'uploads/moi1.xlsx']);
    } finally {
      upgraded.$client.close();
    }
  });

  it('of a file that cannot be used are not kept, and the upload cannot be committed', async () => {
    const campaign = makeCampaign(live.db);
    const temp = path.join(live.dir, 'anh.tmp');
    fs.writeFileSync(temp, Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806', 'hex'));
    const { uploadId, report } = await stageUpload(live.db, {
      campaignId: campaign.id,
      kind: 'respondents',
      fileName: 'anh.csv',
      tempPath: temp,
    });
    expect(report.usable).toBe(false);
    expect(fs.existsSync(temp)).toBe(false);
    expect(fs.readdirSync(path.join(live.dir, 'uploads'))).toEqual([]);
    const committed = await commitUpload(
      live.db,
      { campaignId: campaign.id, uploadId },
      CLI_ACTOR,
      Date.now(),
    );
    expect(committed).toMatchObject({ ok: false, code: 'conflict' });
    expect(() => orThrow(committed)).toThrow(
      'Tệp này không dùng được nên không thể ghi; hãy sửa tệp rồi tải lên lại.',
    );
  });
});
