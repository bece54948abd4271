import { listFormTypes } from '../../src/units/campaign-units';
import Database from 'better-sqlite3';
import { toAppError } from '../../src/app';
import { listCampaigns } from '../../src/campaigns/campaigns';
import { AppError } from '../../src/errors';
import { createTestDb } from '../helpers/db';
import { createCampaign } from '../../src/campaigns/create-campaign';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

// Production waits 5 s (openDb); shortened here so the test stays fast. The behaviour is the same.
const BUSY_TIMEOUT_MS = 400;

describe('a database locked by another writer', () => {
  it('makes a write wait busy_timeout then fail as a 503 "hệ thống đang bận", corrupting nothing', () => {
    const t = createTestDb();
    const holder = new Database(t.file);
    try {
      t.db.$client.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      holder.exec('BEGIN IMMEDIATE');
      holder
        .prepare(
          "INSERT INTO campaigns (name, year, mail_subject) VALUES ('Đợt của tiến trình khác', 2019, 's')",
        )
        .run();

      const started = Date.now();
      let thrown: unknown;
      try {
        orThrow(
          createCampaign(
            t.db,
            { name: 'Khảo sát trực tuyến Chỉ số CCHC 2019', year: 2019 },
            SYSTEM_ACTOR,
            Date.now(),
          ),
        );
      } catch (error) {
        thrown = error;
      }
      expect(Date.now() - started).toBeGreaterThanOrEqual(BUSY_TIMEOUT_MS - 20);
      expect((thrown as { code?: string }).code).toBe('SQLITE_BUSY');

      const shown = toAppError(thrown, undefined);
      expect(shown).toBeInstanceOf(AppError);
      expect(shown).toMatchObject({ code: 'busy', status: 503 });
      expect(shown.message).toMatch(/^Hệ thống đang bận, vui lòng thử lại/);

      holder.exec('COMMIT');
      orThrow(
        createCampaign(
          t.db,
          { name: 'Khảo sát trực tuyến Chỉ số CCHC 2019', year: 2019 },
          SYSTEM_ACTOR,
          Date.now(),
        ),
      );
      expect(listCampaigns(t.db).map((c) => c.name)).toEqual([
        'Khảo sát trực tuyến Chỉ số CCHC 2019',
        'Đợt của tiến trình khác',
      ]);
      // The refused attempt left nothing behind: only the successful campaign got its questionnaires, one per
      // form type.
      const definitions = t.db.$client.prepare('SELECT count(*) AS n FROM form_definitions').get() as {
        n: number;
      };
      expect(definitions.n).toBe(listFormTypes(t.db).length);
      expect(t.db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      holder.close();
      t.cleanup();
    }
  });

  it('leaves other errors as the generic internal error', () => {
    const shown = toAppError(
      Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }),
      undefined,
    );
    expect(shown).toMatchObject({ code: 'internal', status: 500 });
  });
});
