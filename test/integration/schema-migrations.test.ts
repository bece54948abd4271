import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { createTestDb } from '../helpers/db';
import { createCampaign } from '../../src/campaigns/create-campaign';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { getCampaignProgress } from '../../src/campaigns/progress';
import { openDb } from '../../src/open-db';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { getFormDefinition } from '../../src/forms/get-form-definition';
import { allQuestions, maxPoints } from '../../src/forms/definition';
import { migrationsDir } from '../../src/paths';
import { readResponses } from '../../src/responses/read-responses';
import { vnDateTime } from '../../src/time';

describe('database migrations', () => {
  const t = createTestDb();
  afterAll(() => t.cleanup());

  it('create every table of the domain model', () => {
    const tables = t.db.$client
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'campaigns',
        'units',
        'campaign_units',
        'unit_quotas',
        'form_types',
        'form_definitions',
        'respondents',
        'invitations',
        'revoked_tokens',
        'response_slots',
        'mail_outbox',
        'users',
        'user_units',
        'sessions',
        'audit_log',
        'score_snapshots',
      ]),
    );
  });

  it('store answers in slots, and index nothing that answering changes', () => {
    const sql = (name: string) =>
      (t.db.$client.prepare('select sql from sqlite_master where name = ?').get(name) as { sql: string }).sql;
    expect(sql('response_slots')).not.toMatch(/respondent|invitation|created_at/);
    const indexes = t.db.$client
      .prepare(
        "select name, tbl_name as tbl, sql from sqlite_master where type = 'index' and sql is not null",
      )
      .all() as Array<{ name: string; tbl: string; sql: string }>;
    // The pool and position of a slot, which never change once it exists; never its state or content.
    expect(indexes.filter((i) => i.tbl === 'response_slots').map((i) => i.sql)).toEqual([
      expect.stringMatching(/\(`campaign_id`,`unit_id`,`form_type`,`capacity`,`slot`\)$/),
    ]);
    for (const index of indexes.filter((i) => i.tbl === 'invitations'))
      expect(index.sql).not.toMatch(/answered/);
  });

  it('seed the two form types and give a new campaign both questionnaires', () => {
    const campaign = orThrow(
      createCampaign(
        t.db,
        { name: 'Khảo sát trực tuyến Chỉ số CCHC 2019', year: 2019 },
        SYSTEM_ACTOR,
        Date.now(),
      ),
    );
    expect(campaign.mailSubject).toBe('Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2019');
    expect(campaign.status).toBe('draft');
    for (const formType of ['cbcc', 'hdnd']) {
      const form = getFormDefinition(t.db, campaign.id, formType);
      expect(form?.version).toBe(1);
      expect(maxPoints(form!.definition)).toBeGreaterThan(0);
    }
  });
});

describe('opening a database of the earlier schema (answers as rows in arrival order)', () => {
  it('moves every answer into slots, keeps only the day of each answered link, and leaves no trace of the old rows', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-upgrade-'));
    const file = path.join(dir, 'old.sqlite');
    try {
      // The database as migration 0000 left it, in WAL mode, as the earlier version ran it.
      const firstOnly = path.join(dir, 'migrations');
      fs.mkdirSync(path.join(firstOnly, 'meta'), { recursive: true });
      fs.copyFileSync(path.join(migrationsDir, '0000_init.sql'), path.join(firstOnly, '0000_init.sql'));
      const journal = JSON.parse(fs.readFileSync(path.join(migrationsDir, 'meta/_journal.json'), 'utf8'));
      journal.entries = journal.entries.slice(0, 1);
      fs.writeFileSync(path.join(firstOnly, 'meta/_journal.json'), JSON.stringify(journal));
      const old = new Database(file);
      old.pragma('journal_mode = WAL');
      migrate(drizzle(old), { migrationsFolder: firstOnly });
      old.exec(`insert into campaigns (id, name, year, mail_subject, status) values (1, 'Khảo sát 2019', 2019, 's', 'open');
        insert into units (id, code, name, "group") values (1, 'SNV', 'Sở Nội vụ', 'so_nganh');`);
      old
        .prepare(
          "insert into form_definitions (campaign_id, form_type, version, definition) values (1, 'cbcc', 1, ?)",
        )
        .run(JSON.stringify(DEFAULT_FORMS.cbcc));
      const answeredAt = vnDateTime('2019-12-01', 23, 30);
      const insertPerson = old.prepare('insert into respondents (campaign_id, email) values (1, ?)');
      const insertInvitation = old.prepare(
        "insert into invitations (campaign_id, respondent_id, unit_id, form_type, token, answered_at) values (1, ?, 1, 'cbcc', ?, ?)",
      );
      const insertResponse = old.prepare(
        "insert into responses (id, campaign_id, unit_id, form_type, definition_version, submitted_on) values (?, 1, 1, 'cbcc', 1, '2019-12-01')",
      );
      const insertAnswer = old.prepare(
        "insert into response_answers (response_id, campaign_id, unit_id, form_type, question_id, option_index, text_value) values (?, 1, 1, 'cbcc', ?, ?, ?)",
      );
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const person = insertPerson.run(`nguoi${i}@soctrang.gov.vn`).lastInsertRowid;
        insertInvitation.run(
          person,
          `token-${String(i).padStart(16, '0')}`,
          i < 10 ? answeredAt + i * 1000 : null,
        );
        if (i >= 10) continue;
        const id = `legacy-response-id-${String(i).padStart(2, '0')}`;
        ids.push(id);
        insertResponse.run(id);
        for (const q of allQuestions(DEFAULT_FORMS.cbcc)) {
          if (q.kind === 'text') insertAnswer.run(id, q.id, -1, `Ý kiến cũ số ${i}`);
          else insertAnswer.run(id, q.id, i % q.options.length, null);
        }
      }
      old.close();

      const db = openDb(file);
      try {
        const stored = readResponses(db, 1);
        expect(stored).toHaveLength(10);
        expect(stored.map((r) => r.answers.find((a) => a.optionIndex === -1)!.textValue).sort()).toEqual(
          Array.from({ length: 10 }, (_, i) => `Ý kiến cũ số ${i}`).sort(),
        );
        for (const r of stored) {
          const i = Number(/số (\d+)/.exec(r.answers.find((a) => a.optionIndex === -1)!.textValue!)![1]);
          expect(r).toMatchObject({ unitId: 1, formType: 'cbcc', version: 1, day: '2019-12-01' });
          for (const a of r.answers.filter((x) => x.optionIndex >= 0)) {
            const q = allQuestions(DEFAULT_FORMS.cbcc).find((x) => x.id === a.questionId)!;
            expect(a.optionIndex).toBe(i % q.options.length);
          }
        }
        const tables = db.$client
          .prepare("select name from sqlite_master where type = 'table'")
          .pluck()
          .all();
        expect(tables).not.toEqual(expect.arrayContaining(['legacy_responses']));
        expect(tables).not.toContain('legacy_response_answers');
        expect(tables).not.toContain('responses');
        // 23:30 in Vietnam on 1 December, whatever the server's own time zone.
        expect(db.$client.prepare('select answered_on from invitations order by id').pluck().all()).toEqual([
          ...Array(10).fill('2019-12-01'),
          null,
          null,
        ]);
        expect(getCampaignProgress(db, 1).map((p) => [p.invited, p.answered])).toEqual([[12, 10]]);
        expect(db.$client.pragma('journal_mode', { simple: true })).toBe('truncate');
      } finally {
        db.$client.close();
      }
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
      // Rewritten whole: not even the freed pages keep the old rows.
      const bytes = fs.readFileSync(file);
      for (const id of ids) expect(bytes.includes(id)).toBe(false);
      expect(bytes.includes(String(answeredAt))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
