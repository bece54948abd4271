import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLI_ACTOR } from '../../src/audit/actor';
import { openDb } from '../../src/open-db';
import { deliverDueMail } from '../../src/scheduler/mail-delivery';
import { createMailer } from '../../src/mail/transport';
import { backupDatabase, restoreDatabase } from '../../src/ops/backup';
import { projectRoot } from '../../src/paths';
import { orThrow } from '../../src/errors';
import { purgeCampaignDirectory } from '../../src/respondents/purge-directory';
import { createTestDb } from '../helpers/db';
import { makeInvitedCampaign, sendInvitationsAt } from '../helpers/invitation-fixtures';
import { serverEnv } from '../helpers/server-process';
import { makeUser, signIn } from '../helpers/web';
import { createApp } from '../../src/app';
import { testConfig } from '../helpers/config';

type Db = ReturnType<typeof createTestDb>['db'];

/** A closed campaign whose five invitations the file mailer wrote as .eml files into mailDir. */
async function closedCampaignWithMailFiles(db: Db, mailDir: string) {
  const { campaign } = makeInvitedCampaign(db, { units: 1, perUnit: 5 });
  sendInvitationsAt(db, { campaignId: campaign.id });
  const mailer = createMailer({ mailDir });
  await deliverDueMail(db, mailer, { from: 'khaosat@snv.example.vn' });
  mailer.close();
  db.$client
    .prepare(`update campaigns set status = 'closed', closed_at = ? where id = ?`)
    .run(Date.now(), campaign.id);
  return campaign;
}

const purge = (db: Db, campaignId: number, mailDir: string) =>
  orThrow(purgeCampaignDirectory(db, { campaignId, confirm: 'yes', mailDir }, CLI_ACTOR, Date.now()));
const storedPaths = (db: Db) =>
  (db.$client.prepare('select eml_path from mail_outbox order by id').pluck().all() as string[]).filter(
    Boolean,
  );
const emlFiles = (dir: string) =>
  fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];

describe('stored .eml paths', () => {
  it('are relative to the mail directory, and the outbox still offers each file for download', async () => {
    const t = createTestDb();
    try {
      const mailDir = path.join(t.dir, 'mail');
      await closedCampaignWithMailFiles(t.db, mailDir);
      const stored = storedPaths(t.db);
      expect(stored).toHaveLength(5);
      expect(stored.sort()).toEqual(emlFiles(mailDir).sort());
      await makeUser(t.db, 'admin', 'admin');
      const app = createApp({ db: t.db, config: testConfig(), mailer: createMailer({ mailDir }) });
      const admin = await signIn(app, 'admin');
      const eml = await admin.get('/admin/outbox/1/thu.eml');
      expect(eml.status).toBe(200);
      expect(eml.text).toContain('To: p1-1@don-vi.vn');
      expect(eml.headers['cache-control']).toBe('no-store');
    } finally {
      t.cleanup();
    }
  });

  it('let a purge on a restored copy erase that copy’s .eml files and never the live instance’s', async () => {
    const live = createTestDb();
    const copyDir = fs.mkdtempSync(path.join(path.dirname(live.dir), 'cchc-restored-'));
    try {
      const liveMail = path.join(live.dir, 'mail');
      const campaign = await closedCampaignWithMailFiles(live.db, liveMail);
      const backup = path.join(copyDir, 'backup.sqlite');
      await backupDatabase(live.db, backup);
      // The copy is restored on the same machine, with its own copy of the mail directory.
      const copyFile = path.join(copyDir, 'cchc.sqlite');
      orThrow(restoreDatabase({ from: backup, target: copyFile }, () => CLI_ACTOR, Date.now()));
      const copyMail = path.join(copyDir, 'mail');
      fs.cpSync(liveMail, copyMail, { recursive: true });
      const copy = openDb(copyFile);
      try {
        expect(purge(copy, campaign.id, copyMail)).toMatchObject({ mails: 5, files: 5 });
      } finally {
        copy.$client.close();
      }
      expect(emlFiles(copyMail)).toEqual([]);
      expect(emlFiles(liveMail)).toHaveLength(5);
    } finally {
      fs.rmSync(copyDir, { recursive: true, force: true });
      live.cleanup();
    }
  });

  it('are made relative at server start when stored absolute inside MAIL_DIR; a file outside it is never opened or deleted', async () => {
    const t = createTestDb();
    const elsewhere = fs.mkdtempSync(path.join(path.dirname(t.dir), 'cchc-live-mail-'));
    try {
      const mailDir = path.join(t.dir, 'mail');
      const campaign = await closedCampaignWithMailFiles(t.db, mailDir);
      // As earlier versions stored them: absolute, two of them pointing into another instance's directory.
      const ids = t.db.$client.prepare('select id from mail_outbox order by id').pluck().all() as number[];
      const names = storedPaths(t.db).map((p) => path.basename(p));
      const setPath = t.db.$client.prepare('update mail_outbox set eml_path = ? where id = ?');
      for (const [i, id] of ids.entries()) {
        const name = names[i]!;
        if (i < 2) {
          fs.renameSync(path.join(mailDir, name), path.join(elsewhere, name));
          setPath.run(path.join(elsewhere, name), id);
        } else setPath.run(path.join(mailDir, name), id);
      }
      t.db.$client.close();

      await startAndStopServer(t.file, mailDir);

      const db = openDb(t.file);
      try {
        const stored = storedPaths(db);
        expect(stored.slice(0, 2).every((p) => p.startsWith(`${elsewhere}/`))).toBe(true);
        expect(
          stored.slice(2).every((p) => !path.isAbsolute(p) && fs.existsSync(path.join(mailDir, p))),
        ).toBe(true);
        // The server created its first account, "admin", at start.
        await makeUser(db, 'snv.admin', 'admin');
        const app = createApp({ db, config: testConfig(), mailer: createMailer({ mailDir }) });
        const admin = await signIn(app, 'snv.admin');
        expect((await admin.get(`/admin/outbox/${ids[0]}/thu.eml`)).status).toBe(404);
        expect((await admin.get(`/admin/outbox/${ids[2]}/thu.eml`)).status).toBe(200);
        expect(purge(db, campaign.id, mailDir)).toMatchObject({ mails: 5, files: 3 });
      } finally {
        db.$client.close();
      }
      expect(emlFiles(mailDir)).toEqual([]);
      expect(emlFiles(elsewhere)).toHaveLength(2);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
      fs.rmSync(t.dir, { recursive: true, force: true });
    }
  }, 30_000);
});

/** `src/server.ts` on the database file until it listens, then SIGTERM and wait for it to exit. */
async function startAndStopServer(dbFile: string, mailDir: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    // At info level: the line saying it listens is how this knows it started.
    env: { ...serverEnv(dbFile, mailDir), LOG_LEVEL: 'info' },
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start within 20 s: ${out}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('cchc-survey listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`server exited before listening: ${out}`)));
  });
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
}
