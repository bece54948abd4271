import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { listCampaigns } from '../../src/campaigns/campaigns';
import { openDb } from '../../src/open-db';
import { AppError, type Outcome } from '../../src/errors';
import { translate } from '../../src/i18n/messages';
import { backupDatabase, restoreDatabase } from '../../src/ops/backup';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { startServerProcess } from '../helpers/server-process';
import { startWriterProcess, storedWrites } from '../helpers/writer-process';
import { cliOn } from '../helpers/cli';
import { makeUser } from '../helpers/web';
import { createCampaign } from '../../src/campaigns/create-campaign';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { inWords } from '../helpers/audit';

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return (db.pragma('integrity_check', { simple: true }) as string) ?? '';
  } finally {
    db.close();
  }
}

/** Responses in a backup, and those whose answers are not all there: a torn transaction would show up here. */
function tornResponses(file: string, campaignId: number): { responses: number; torn: number } {
  const db = openDb(file);
  try {
    const { numbers, torn } = storedWrites(db, campaignId);
    return { responses: numbers.size, torn };
  } finally {
    db.$client.close();
  }
}

async function expectAppError(fn: () => unknown, code: string, message: RegExp): Promise<void> {
  let caught: unknown;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe(code);
  expect((caught as AppError).message).toMatch(message);
}

/** A refused restore: its code, and its message as the CLI prints it. */
function expectRefusal(outcome: Outcome<unknown>, code: string, message: RegExp): void {
  expect(outcome).toMatchObject({ ok: false, code });
  if (!outcome.ok) expect(translate('vi', outcome.message.key, outcome.message.params)).toMatch(message);
}

const restoring = (from: string, target: string, force = false) =>
  restoreDatabase({ from, target, force }, () => SYSTEM_ACTOR, Date.now());

describe('backupDatabase', () => {
  it('takes consistent, integrity-checked backups while another process keeps committing', async () => {
    const t = createTestDb();
    const campaign = makeCampaign(t.db);
    const unit = makeUnit(t.db, campaign.id, { code: 'STC01' });
    const writer = startWriterProcess(t.file, campaign.id, unit.id);
    try {
      await writer.waitForCommits(200);
      const counts: number[] = [];
      for (let i = 0; i < 3; i++) {
        const file = path.join(t.dir, `backup-${i}.sqlite`);
        const result = await backupDatabase(t.db, file);
        expect(result.bytes).toBeGreaterThan(0);
        expect(integrity(file)).toBe('ok');
        const { responses, torn } = tornResponses(file, campaign.id);
        expect(torn).toBe(0);
        counts.push(responses);
        expect(fs.existsSync(`${file}.partial`)).toBe(false);
        expect(fs.existsSync(`${file}-wal`)).toBe(false);
        await writer.waitForCommits(writer.committed.length + 100);
      }
      expect(counts[0]).toBeGreaterThanOrEqual(200);
      expect(counts[2]).toBeGreaterThan(counts[0] as number);
    } finally {
      writer.child.kill('SIGKILL');
      await writer.exited;
      t.cleanup();
    }
  });

  it('refuses to write the backup over the live database', async () => {
    const t = createTestDb();
    try {
      await expectAppError(() => backupDatabase(t.db, t.file), 'invalid_input', /Không thể sao lưu đè/);
    } finally {
      t.cleanup();
    }
  });
});

describe('restoreDatabase', () => {
  it('round-trips: the restored database holds exactly what was backed up', async () => {
    const t = createTestDb();
    try {
      orThrow(
        createCampaign(
          t.db,
          { name: 'Khảo sát trực tuyến Chỉ số CCHC 2019', year: 2019 },
          SYSTEM_ACTOR,
          Date.now(),
        ),
      );
      const backup = path.join(t.dir, 'backups', 'cchc.sqlite');
      await backupDatabase(t.db, backup);
      orThrow(createCampaign(t.db, { name: 'Đợt sau bản sao lưu', year: 2020 }, SYSTEM_ACTOR, Date.now()));
      t.db.$client.close();

      expectRefusal(restoring(backup, t.file), 'conflict', /--force/);
      orThrow(restoring(backup, t.file, true));

      const restored = openDb(t.file);
      try {
        expect(listCampaigns(restored).map((c) => c.name)).toEqual(['Khảo sát trực tuyến Chỉ số CCHC 2019']);
      } finally {
        restored.$client.close();
      }
    } finally {
      fs.rmSync(t.dir, { recursive: true, force: true });
    }
  });

  it('refuses to replace a database the server still has open, and one in the middle of a transaction', async () => {
    const t = createTestDb();
    const backup = path.join(t.dir, 'b.sqlite');
    await backupDatabase(t.db, backup);
    const server = await startServerProcess(t.file, t.dir);
    try {
      expectRefusal(
        restoring(backup, t.file, true),
        'conflict',
        /đang được một tiến trình khác mở .*dừng máy chủ/,
      );
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    try {
      t.db.$client.exec('BEGIN IMMEDIATE');
      expectRefusal(restoring(backup, t.file, true), 'conflict', /dừng máy chủ/);
      t.db.$client.exec('ROLLBACK');
    } finally {
      t.cleanup();
    }
  });

  it('refuses a file that is not a database, and a SQLite file that is not cchc-survey, in Vietnamese', async () => {
    const t = createTestDb();
    try {
      const csv = path.join(t.dir, 'nguoi-tra-loi.csv');
      fs.writeFileSync(csv, 'email,ho_ten,ma_don_vi\nan@soctrang.gov.vn,Nguyễn Văn An,STC01\n'.repeat(200));
      const target = path.join(t.dir, 'restored.sqlite');
      expectRefusal(restoring(csv, target), 'invalid_input', /không phải là cơ sở dữ liệu SQLite hợp lệ/);
      const other = path.join(t.dir, 'other.sqlite');
      const foreign = new Database(other);
      foreign.exec('CREATE TABLE notes (body TEXT)');
      foreign.close();
      expectRefusal(restoring(other, target), 'invalid_input', /không phải của hệ thống khảo sát/);
      expect(fs.existsSync(target)).toBe(false);
    } finally {
      t.cleanup();
    }
  });
});

describe('backup and restore CLI', () => {
  it('backs up with `backup --out` and restores with `restore --from --force`, refusing junk with exit 1', async () => {
    const t = createTestDb();
    orThrow(
      createCampaign(
        t.db,
        { name: 'Khảo sát trực tuyến Chỉ số CCHC 2019', year: 2019 },
        SYSTEM_ACTOR,
        Date.now(),
      ),
    );
    await makeUser(t.db, 'quan-tri', 'admin');
    t.db.$client.close();
    const cli = cliOn(t.file, { NODE_ENV: 'test' });
    try {
      const backup = path.join(t.dir, 'nightly.sqlite');
      const out = await cli('backup', '--out', backup);
      expect(out.stdout).toContain('Đã sao lưu');
      const restored = await cli('--as', 'quan-tri', 'restore', '--from', backup, '--force');
      expect(restored.stdout).toContain('Đã khôi phục');
      // Audited in the restored database, as the account named with --as among the accounts it holds.
      const db = openDb(t.file);
      try {
        expect(
          inWords(
            db.$client
              .prepare('SELECT action, actor, detail FROM audit_log ORDER BY id DESC LIMIT 1')
              .all() as Array<{
              detail: string;
            }>,
          )[0],
        ).toEqual({ action: 'database.restore', actor: 'quan-tri', detail: path.resolve(backup) });
      } finally {
        db.$client.close();
      }

      const junk = path.join(t.dir, 'junk.txt');
      fs.writeFileSync(junk, 'không phải cơ sở dữ liệu '.repeat(100));
      const failed = await cli('restore', '--from', junk, '--force').then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain('không phải là cơ sở dữ liệu SQLite hợp lệ');
    } finally {
      fs.rmSync(t.dir, { recursive: true, force: true });
    }
  });
});
