import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Db } from '../../src/db/client';
import { openDb } from '../../src/open-db';
import { NOT_ANSWERED, UNIT_GROUPS } from '../../src/db/schema';
import { allQuestions } from '../../src/forms/definition';
import { getFormDefinition } from '../../src/forms/get-form-definition';
import { newToken } from '../../src/tokens';
import { storeResponse } from '../../src/responses/store-response';
import { runProductChild } from '../lib/product-child';
import type { ScoringRuns } from '../lib/product/scoring';
import { seededRandom } from '../lib/random';
import type { BenchCase, BenchResult } from '../types';
import { createCampaign } from '../../src/campaigns/create-campaign';
import { openCampaign } from '../../src/campaigns/open-campaign';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

const UNITS = 47;
const RESPONSES = 100_000;
const INVITATIONS = 100_000;
const PRODUCT_RSS_TARGET_MB = 250;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** 47 units with quotas, 100,000 responses (~15 answers each) and 100,000 invitations, in bulk. */
function seed(db: Db): number {
  const random = seededRandom(47).next;
  const campaign = orThrow(
    createCampaign(db, { name: 'Bench Chỉ số CCHC', year: 2019 }, SYSTEM_ACTOR, Date.now()),
  );
  orThrow(openCampaign(db, { campaignId: campaign.id }, SYSTEM_ACTOR, Date.now()));
  const sqlite = db.$client;
  // Bulk loading: a big page cache keeps the randomly keyed B-trees in memory while they grow.
  sqlite.pragma('cache_size = -512000');
  sqlite.pragma('synchronous = OFF');
  const unitIds: number[] = [];
  sqlite.transaction(() => {
    const unit = sqlite.prepare('insert into units (code, name, "group") values (?, ?, ?) returning id');
    const member = sqlite.prepare(
      'insert into campaign_units (campaign_id, unit_id, deadline_at) values (?, ?, ?)',
    );
    const quota = sqlite.prepare(
      'insert into unit_quotas (campaign_id, unit_id, form_type, quota) values (?, ?, ?, ?)',
    );
    for (let i = 0; i < UNITS; i++) {
      const { id } = unit.get(`BENCH_${i}`, `Đơn vị ${i}`, UNIT_GROUPS[i % UNIT_GROUPS.length]) as {
        id: number;
      };
      unitIds.push(id);
      member.run(campaign.id, id, Date.now() + 86_400_000);
      quota.run(campaign.id, id, 'cbcc', 1500 + Math.floor(random() * 1000));
      quota.run(campaign.id, id, 'hdnd', 200 + Math.floor(random() * 300));
    }
  })();

  const forms = (['cbcc', 'hdnd'] as const).map((formType) => {
    const def = getFormDefinition(db, campaign.id, formType)!;
    return { formType, version: def.version, questions: allQuestions(def.definition) };
  });
  // Through the product's own storage: each answer sheet into a random free slot of its unit's pool.
  sqlite.transaction(() => {
    for (let i = 0; i < RESPONSES; i++) {
      const form = forms[random() < 0.8 ? 0 : 1]!;
      const unitId = unitIds[Math.floor(random() * UNITS)]!;
      const answers = form.questions.flatMap((q) =>
        q.kind === 'text'
          ? random() < 0.1
            ? [{ questionId: q.id, optionIndex: -1, textValue: 'Góp ý thêm' }]
            : []
          : // single and multiple choice alike: one chosen option per question is enough load for the tally.
            [{ questionId: q.id, optionIndex: Math.floor(random() * q.options.length) }],
      );
      storeResponse(
        db,
        {
          campaignId: campaign.id,
          unitId,
          formType: form.formType,
          definitionVersion: form.version,
          answers,
        },
        Date.now(),
      );
    }
  })();

  const person = sqlite.prepare('insert into respondents (campaign_id, email) values (?, ?) returning id');
  const invite = sqlite.prepare(
    'insert into invitations (campaign_id, respondent_id, unit_id, form_type, token, delivery_status, answered_day) values (?, ?, ?, ?, ?, ?, ?)',
  );
  sqlite.transaction(() => {
    for (let i = 0; i < INVITATIONS; i++) {
      const { id } = person.get(campaign.id, `nguoi${i}@bench.example.vn`) as { id: number };
      const r = random();
      invite.run(
        campaign.id,
        id,
        unitIds[i % UNITS],
        random() < 0.8 ? 'cbcc' : 'hdnd',
        newToken(),
        r < 0.9 ? 'sent' : r < 0.95 ? 'bounced' : 'failed',
        random() < 0.6 ? '2019-12-01' : NOT_ANSWERED,
      );
    }
  })();
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('cache_size = -2000');
  sqlite.pragma('optimize');
  return campaign.id;
}

const scoring: BenchCase = {
  name: 'scoring',
  async run(): Promise<BenchResult[]> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-bench-scoring-'));
    const dbFile = path.join(dir, 'bench.sqlite');
    const db = openDb(dbFile);
    try {
      const seedStart = Date.now();
      const campaignId = seed(db);
      const seedMs = Date.now() - seedStart;
      const slots = db.$client.prepare('select count(*) from response_slots').pluck().get() as number;

      // Baseline: reading the answer sheets scoring decodes, nothing more.
      const bare = db.$client.prepare(
        'select unit_id, form_type, content from response_slots where campaign_id = ? and filled = 1',
      );
      const baselineRuns = [0, 1, 2].map(() => time(() => bare.raw().all(campaignId)));
      // The product's operations in a fresh process: its peak RSS is scoring's own, not the seeding's.
      db.$client.close();
      const { closeRuns, progressRuns, maxRssMb } = await runProductChild<ScoringRuns>('scoring', [
        dbFile,
        String(campaignId),
      ]);
      const close = median(closeRuns);
      const progress = median(progressRuns);
      return [
        {
          name: 'closeCampaign (score 47 units + snapshot)',
          value: Math.round(close * 10) / 10,
          unit: 'ms',
          baseline: {
            name: 'bare read of the answer slots',
            value: Math.round(median(baselineRuns) * 10) / 10,
          },
          target: '< 1000 ms',
          pass: close < 1000,
          notes: `${RESPONSES} responses in ${slots} slots, seeded in ${seedMs} ms; median of 3`,
        },
        {
          name: 'getCampaignProgress (per-unit dashboard counts)',
          value: Math.round(progress * 100) / 100,
          unit: 'ms',
          target: '< 20 ms',
          pass: progress < 20,
          notes: `${INVITATIONS} invitations, ${UNITS} units; median of 20`,
        },
        {
          name: 'scoring process peak RSS',
          value: Math.round(maxRssMb),
          unit: 'MB',
          target: `< ${PRODUCT_RSS_TARGET_MB} MB`,
          pass: maxRssMb < PRODUCT_RSS_TARGET_MB,
          notes:
            'a fresh process (bench/lib/product/scoring.ts, compiled, plain Node) running the 3 closes and 20 progress reads',
        },
      ];
    } finally {
      if (db.$client.open) db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default scoring;
