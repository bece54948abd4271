import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { createCampaign } from '../../src/campaigns/create-campaign';
import { openCampaign } from '../../src/campaigns/open-campaign';
import { insertUser } from '../../src/auth/users';
import type { Db } from '../../src/db/client';
import { openDb } from '../../src/open-db';
import { orThrow } from '../../src/errors';
import { allQuestions } from '../../src/forms/definition';
import { getFormDefinition } from '../../src/forms/get-form-definition';
import { assignEnumerator } from '../../src/interviews/assignments';
import { syncInterviews, type InterviewUpload } from '../../src/interviews/sync-interviews';
import { countResponses } from '../../src/responses/read-responses';
import { submitResponse } from '../../src/responses/submit-response';
import { fieldName } from '../../src/responses/validate-answers';
import { newToken } from '../../src/tokens';
import { round, scaled, tempDir } from '../lib/measure';
import { seededRandom, type Random } from '../lib/random';
import type { BenchCase } from '../types';

const BATCH = 50;
const ENUMERATORS = 10;
const MINUTE = 60_000;

/** A campaign with one unit, `enumerators` enumerators assigned to it, and `invitations` unused personal links. */
function seed(db: Db, invitations: number) {
  const campaign = orThrow(
    createCampaign(db, { name: 'Bench phỏng vấn', year: 2019 }, SYSTEM_ACTOR, Date.now()),
  );
  orThrow(openCampaign(db, { campaignId: campaign.id }, SYSTEM_ACTOR, Date.now()));
  const c = db.$client;
  const unitId = (
    c
      .prepare(`INSERT INTO units (code, name, "group") VALUES ('BENCH', 'Đơn vị', 'so_nganh') RETURNING id`)
      .get() as { id: number }
  ).id;
  c.prepare('INSERT INTO campaign_units (campaign_id, unit_id, deadline_at) VALUES (?, ?, ?)').run(
    campaign.id,
    unitId,
    Date.now() + 30 * 86_400_000,
  );
  c.prepare(
    `INSERT INTO unit_quotas (campaign_id, unit_id, form_type, quota) VALUES (?, ?, 'cbcc', 100000)`,
  ).run(campaign.id, unitId);
  const actors = Array.from({ length: ENUMERATORS }, (_, i) => {
    const user = insertUser(
      db,
      { username: `dtv${i}`, displayName: '', role: 'enumerator', passwordHash: 'scrypt$x', unitIds: [] },
      'own',
      Date.now(),
    );
    orThrow(
      assignEnumerator(
        db,
        {
          campaignId: campaign.id,
          username: user.username,
          unitCode: 'BENCH',
          formType: 'cbcc',
          target: 1000,
        },
        SYSTEM_ACTOR,
        Date.now(),
      ),
    );
    return { userId: user.id, name: user.username };
  });
  const tokens: string[] = [];
  c.transaction(() => {
    const person = c.prepare('INSERT INTO respondents (campaign_id, email) VALUES (?, ?) RETURNING id');
    const link = c.prepare(
      `INSERT INTO invitations (campaign_id, respondent_id, unit_id, form_type, token, delivery_status) VALUES (?, ?, ?, 'cbcc', ?, 'sent')`,
    );
    for (let i = 0; i < invitations; i++) {
      const { id } = person.get(campaign.id, `nguoi.${i}@bench.vn`) as { id: number };
      const token = newToken();
      link.run(campaign.id, id, unitId, token);
      tokens.push(token);
    }
  })();
  return { campaignId: campaign.id, unitId, actors, tokens };
}

/** Answers to every question of the questionnaire, drawn at random (distinct sheets: no hold for identical ones). */
function answers(db: Db, campaignId: number, random: Random) {
  const form = getFormDefinition(db, campaignId, 'cbcc')!;
  const out: Record<string, string | string[]> = {};
  for (const q of allQuestions(form.definition)) {
    if (q.kind === 'single') out[fieldName(q.id)] = String(random.int(0, q.options.length - 1));
    else if (q.kind === 'multiple') out[fieldName(q.id)] = [String(random.int(0, q.options.length - 1))];
    else out[fieldName(q.id)] = `Ý kiến ${random.int(0, 1e9)}`;
  }
  return { version: form.version, answers: out };
}

/**
 * Enumerators' uploads of 50 interviews (one transaction and one synced commit each, every device id looked up
 * among the enumerator's earlier interviews, the quality checks run) against personal-link submits, one after the
 * other (each its own synced commit), in the same process, on the same kind of database file.
 */
const interviews: BenchCase = {
  name: 'interviews',
  async run() {
    const count = scaled(2_000, 200);
    const { dir, cleanup } = tempDir();
    try {
      const db = openDb(path.join(dir, 'bench.db'));
      const s = seed(db, count);
      const random = seededRandom(17);
      const now = Date.now();
      // Each enumerator's interviews 11 minutes apart, ending before now, lasting 20 minutes: none is held.
      const uploads: { actor: (typeof s.actors)[number]; interview: InterviewUpload }[] = [];
      for (let i = 0; i < count; i++) {
        const actor = s.actors[i % ENUMERATORS]!;
        const endedAt = now - (Math.floor(i / ENUMERATORS) + 1) * 11 * MINUTE;
        const sheet = answers(db, s.campaignId, random);
        uploads.push({
          actor,
          interview: {
            uuid: randomUUID(),
            campaignId: s.campaignId,
            unitId: s.unitId,
            formType: 'cbcc',
            startedAt: endedAt - 20 * MINUTE,
            endedAt,
            ...sheet,
          },
        });
      }
      const syncStart = process.hrtime.bigint();
      for (let e = 0; e < ENUMERATORS; e++) {
        const mine = uploads.filter((u) => u.actor === s.actors[e]).map((u) => u.interview);
        for (let i = 0; i < mine.length; i += BATCH) {
          const result = orThrow(
            syncInterviews(db, { interviews: mine.slice(i, i + BATCH) }, s.actors[e]!, Date.now()),
          );
          if (result.receipts.some((r) => r.status !== 'stored' || r.review !== 'accepted'))
            throw new Error('an interview was not accepted');
        }
      }
      const syncSeconds = Number(process.hrtime.bigint() - syncStart) / 1e9;
      if (countResponses(db, s.campaignId) !== count) throw new Error('interviews missing');

      const submitStart = process.hrtime.bigint();
      for (const token of s.tokens) {
        const { answers: body } = answers(db, s.campaignId, random);
        const result = await submitResponse(
          db,
          { token, answers: body, publicUrl: 'http://127.0.0.1' },
          Date.now(),
        );
        if (result.outcome !== 'accepted') throw new Error(`submit ${result.outcome}`);
      }
      const submitSeconds = Number(process.hrtime.bigint() - submitStart) / 1e9;
      db.$client.close();
      const submitRate = round(count / submitSeconds);
      return [
        {
          name: `interviews synced per second, batches of ${BATCH}`,
          value: round(count / syncSeconds),
          unit: 'interviews/s',
          baseline: {
            name: 'personal-link submits per second, one after the other, same run',
            value: submitRate,
          },
          notes: `${count} interviews by ${ENUMERATORS} enumerators; ${count} submits`,
        },
      ];
    } finally {
      cleanup();
    }
  },
};

export default interviews;
