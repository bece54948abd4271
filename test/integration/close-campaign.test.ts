import { eq } from 'drizzle-orm';
import { CLI_ACTOR } from '../../src/audit/actor';
import { autoCloseDueCampaigns, closeCampaign, reopenCampaign } from '../../src/campaigns/close-campaign';
import type { Db } from '../../src/db/client';
import { campaigns, unitQuotas } from '../../src/db/schema';
import { AppError } from '../../src/errors';
import { getFormDefinition, saveFormDefinition } from '../../src/forms/get-form-definition';
import { readResponses } from '../../src/responses/read-responses';
import { getCampaignResults } from '../../src/campaigns/campaign-results';
import { computeCampaignScores } from '../../src/scoring/compute-campaign-scores';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { seedScoredCampaign } from '../helpers/scoring-fixture';
import { orThrow } from '../../src/errors';
import { inWords } from '../helpers/audit';

const NOW = Date.parse('2019-12-05T10:00:00Z');
const admin = { userId: null, name: 'admin-test' };

type Expected = {
  unitId: number;
  formType: string;
  received: number;
  quota: number;
  raw: number;
  final: number;
};

/**
 * The rules of docs/DOMAIN.md (§ Quota shortfall, § Raw sub-score) written out plainly over the stored answers: each response earns Σ points × fraction of
 * the option it chose, under the questionnaire version it answered; raw is the mean over the unit's responses.
 */
function independentScores(db: Db, campaignId: number): Expected[] {
  const sqlite = db.$client;
  const defs = new Map<
    string,
    { questions: Array<{ id: string; points: number; options: { fraction?: number }[] }> }
  >();
  for (const row of sqlite
    .prepare('select form_type, version, definition from form_definitions where campaign_id = ?')
    .all(campaignId) as Array<{ form_type: string; version: number; definition: string }>) {
    const parsed = JSON.parse(row.definition) as { sections: Array<{ questions: never[] }> };
    defs.set(`${row.form_type}:${row.version}`, { questions: parsed.sections.flatMap((s) => s.questions) });
  }
  // The stored answer sheets, decoded (the rules below are written out independently of src/scoring).
  const responses = readResponses(db, campaignId);
  const quotas = sqlite
    .prepare('select unit_id, form_type, quota from unit_quotas where campaign_id = ?')
    .all(campaignId) as Array<{ unit_id: number; form_type: string; quota: number }>;

  const keys = new Set([
    ...quotas.map((q) => `${q.unit_id}|${q.form_type}`),
    ...responses.map((r) => `${r.unitId}|${r.formType}`),
  ]);
  return [...keys].map((key) => {
    const [unit, formType] = key.split('|');
    const unitId = Number(unit);
    const mine = responses.filter((r) => r.unitId === unitId && r.formType === formType);
    let total = 0;
    for (const r of mine) {
      const def = defs.get(`${formType}:${r.version}`)!;
      for (const a of r.answers) {
        const q = def.questions.find((x) => x.id === a.questionId)!;
        if (q.points > 0) total += q.points * q.options[a.optionIndex]!.fraction!;
      }
    }
    const raw = mine.length > 0 ? total / mine.length : 0;
    const quota = quotas.find((q) => q.unit_id === unitId && q.form_type === formType)?.quota ?? 0;
    const final = quota > 0 ? (raw * Math.min(mine.length, quota)) / quota : raw;
    return { unitId, formType: formType!, received: mine.length, quota, raw, final };
  });
}

function snapshotRows(db: Db, campaignId: number) {
  return db.$client
    .prepare(
      `select unit_id as unitId, form_type as formType, definition_version as definitionVersion, received, quota,
         max_points as maxPoints, raw, final, reduction, computed_at as computedAt
       from score_snapshots where campaign_id = ? order by unit_id, form_type`,
    )
    .all(campaignId) as Array<
    Expected & { definitionVersion: number; maxPoints: number; reduction: number; computedAt: number }
  >;
}

function expectMatches(db: Db, campaignId: number) {
  const expected = independentScores(db, campaignId).sort(
    (a, b) => a.unitId - b.unitId || a.formType.localeCompare(b.formType),
  );
  const actual = snapshotRows(db, campaignId);
  expect(actual.map((r) => [r.unitId, r.formType, r.received, r.quota])).toEqual(
    expected.map((r) => [r.unitId, r.formType, r.received, r.quota]),
  );
  actual.forEach((row, i) => {
    expect(row.raw).toBeCloseTo(expected[i]!.raw, 9);
    expect(row.final).toBeCloseTo(expected[i]!.final, 9);
    expect(row.reduction).toBeCloseTo(expected[i]!.raw - expected[i]!.final, 9);
  });
}

function auditActions(db: Db, campaignId: number) {
  return inWords(
    db.$client
      .prepare('select actor, action, detail from audit_log where campaign_id = ? order by id')
      .all(campaignId) as Array<{ actor: string; action: string; detail: string | null }>,
  );
}

describe('closing a campaign', () => {
  it('stores a snapshot per unit × form type equal to an independent computation over the raw answers', () => {
    const t = createTestDb();
    try {
      const { campaign, units } = seedScoredCampaign(t.db, NOW);
      const live = computeCampaignScores(t.db, campaign.id);
      expect(computeCampaignScores(t.db, campaign.id, units.snv.id)).toEqual(
        live.filter((s) => s.unitId === units.snv.id),
      );
      const result = orThrow(closeCampaign(t.db, { campaignId: campaign.id }, admin, NOW + 1000));
      expect(result.alreadyClosed).toBe(false);
      expect(result.campaign).toMatchObject({ status: 'closed', closedAt: NOW + 1000 });
      expect(result.snapshot).toHaveLength(5);
      expectMatches(t.db, campaign.id);
      const rows = snapshotRows(t.db, campaign.id);
      const row = (unitId: number, form: string) =>
        rows.find((r) => r.unitId === unitId && r.formType === form)!;
      expect(row(units.ubnd.id, 'cbcc')).toMatchObject({ received: 2, quota: 4, definitionVersion: 1 });
      expect(row(units.ubnd.id, 'cbcc').final).toBeCloseTo(row(units.ubnd.id, 'cbcc').raw / 2, 12);
      expect(row(units.cqtw.id, 'cbcc')).toMatchObject({ received: 0, raw: 0, final: 0, reduction: 0 });
      expect(row(units.dvsn.id, 'cbcc').final).toBe(row(units.dvsn.id, 'cbcc').raw);
      expect(row(units.snv.id, 'cbcc').maxPoints).toBeGreaterThan(0);
      expect(auditActions(t.db, campaign.id).filter((a) => a.action === 'campaign.close')).toEqual([
        expect.objectContaining({ actor: 'admin-test' }),
      ]);
    } finally {
      t.cleanup();
    }
  });

  it('is idempotent: closing a closed campaign returns the same snapshot and changes nothing', () => {
    const t = createTestDb();
    try {
      const { campaign } = seedScoredCampaign(t.db, NOW);
      const first = orThrow(closeCampaign(t.db, { campaignId: campaign.id }, admin, NOW + 1000));
      const again = orThrow(closeCampaign(t.db, { campaignId: campaign.id }, CLI_ACTOR, NOW + 5000));
      expect(again.alreadyClosed).toBe(true);
      expect(again.snapshot).toEqual(first.snapshot);
      expect(again.campaign.closedAt).toBe(NOW + 1000);
      expect(auditActions(t.db, campaign.id).filter((a) => a.action === 'campaign.close')).toHaveLength(1);
    } finally {
      t.cleanup();
    }
  });

  it('keeps the snapshot when quotas or the questionnaire change after close', () => {
    const t = createTestDb();
    try {
      const { campaign, units } = seedScoredCampaign(t.db, NOW);
      orThrow(closeCampaign(t.db, { campaignId: campaign.id }, admin, NOW + 1000));
      const before = snapshotRows(t.db, campaign.id);
      t.db.update(unitQuotas).set({ quota: 1 }).where(eq(unitQuotas.unitId, units.ubnd.id)).run();
      const def = getFormDefinition(t.db, campaign.id, 'cbcc')!.definition;
      saveFormDefinition(t.db, campaign.id, 'cbcc', {
        ...def,
        sections: def.sections.map((s) => ({
          ...s,
          questions: s.questions.map((q) => ({ ...q, points: q.points * 3 })),
        })),
      });
      expect(snapshotRows(t.db, campaign.id)).toEqual(before);
      const shown = getCampaignResults(t.db, campaign.id);
      expect(shown.provisional).toBe(false);
      expect(shown.scores.find((s) => s.unitId === units.ubnd.id)).toMatchObject({ quota: 4, received: 2 });
    } finally {
      t.cleanup();
    }
  });

  it('refuses to close a draft campaign', () => {
    const t = createTestDb();
    try {
      const draft = makeCampaign(t.db, { open: false });
      expect(() => orThrow(closeCampaign(t.db, { campaignId: draft.id }, admin, NOW))).toThrow(AppError);
    } finally {
      t.cleanup();
    }
  });

  it('scores responses to different questionnaire versions each with its own version', () => {
    const t = createTestDb();
    try {
      const { campaign, units, answer } = seedScoredCampaign(t.db, NOW);
      const def = getFormDefinition(t.db, campaign.id, 'cbcc')!.definition;
      // Version 2 doubles every point and reverses the fractions.
      saveFormDefinition(t.db, campaign.id, 'cbcc', {
        ...def,
        sections: def.sections.map((s) => ({
          ...s,
          questions: s.questions.map((q) => ({
            ...q,
            points: q.points * 2,
            options: q.options.map((o) =>
              o.fraction === undefined ? o : { ...o, fraction: 1 - o.fraction },
            ),
          })),
        })),
      });
      answer(units.snv.id, 'cbcc', 3);
      answer(units.ubnd.id, 'cbcc', 1);
      orThrow(closeCampaign(t.db, { campaignId: campaign.id }, admin, NOW + 1000));
      expectMatches(t.db, campaign.id);
      const snv = snapshotRows(t.db, campaign.id).find(
        (r) => r.unitId === units.snv.id && r.formType === 'cbcc',
      )!;
      expect(snv).toMatchObject({ received: 7, definitionVersion: 2 });
    } finally {
      t.cleanup();
    }
  });
});

describe('reopening a campaign', () => {
  it('requires a reason, is audited, keeps the old snapshot until the next close replaces it', () => {
    const t = createTestDb();
    try {
      const { campaign, units } = seedScoredCampaign(t.db, NOW);
      orThrow(closeCampaign(t.db, { campaignId: campaign.id }, admin, NOW + 1000));
      const before = snapshotRows(t.db, campaign.id);
      expect(() =>
        orThrow(reopenCampaign(t.db, { campaignId: campaign.id, reason: '  ' }, admin, NOW + 2000)),
      ).toThrow(expect.objectContaining({ code: 'invalid_input' }));
      expect(t.db.select().from(campaigns).where(eq(campaigns.id, campaign.id)).get()!.status).toBe('closed');

      const reopened = orThrow(
        reopenCampaign(
          t.db,
          { campaignId: campaign.id, reason: 'Đơn vị gửi thiếu do lỗi hộp thư' },
          admin,
          NOW + 2000,
        ),
      );
      expect(reopened).toMatchObject({ status: 'open', closedAt: null });
      expect(auditActions(t.db, campaign.id).at(-1)).toEqual({
        actor: 'admin-test',
        action: 'campaign.reopen',
        detail: 'Đơn vị gửi thiếu do lỗi hộp thư',
      });
      expect(snapshotRows(t.db, campaign.id)).toEqual(before);
      expect(getCampaignResults(t.db, campaign.id)).toMatchObject({
        provisional: true,
        frozenAt: NOW + 1000,
      });
      expect(() =>
        orThrow(reopenCampaign(t.db, { campaignId: campaign.id, reason: 'lần nữa' }, admin, NOW + 2500)),
      ).toThrow(expect.objectContaining({ code: 'conflict' }));

      t.db.update(unitQuotas).set({ quota: 2 }).where(eq(unitQuotas.unitId, units.ubnd.id)).run();
      orThrow(closeCampaign(t.db, { campaignId: campaign.id }, admin, NOW + 3000));
      const after = snapshotRows(t.db, campaign.id);
      expect(after.every((r) => r.computedAt === NOW + 3000)).toBe(true);
      expect(after.find((r) => r.unitId === units.ubnd.id)).toMatchObject({ quota: 2, reduction: 0 });
      expectMatches(t.db, campaign.id);
    } finally {
      t.cleanup();
    }
  });
});

describe('automatic close', () => {
  it('closes only open campaigns whose last deadline has passed', () => {
    const t = createTestDb();
    try {
      const hour = 3600_000;
      const past = makeCampaign(t.db, { year: 2019 });
      makeUnit(t.db, past.id, { code: 'P1', deadlineAt: NOW - 2 * hour });
      makeUnit(t.db, past.id, { code: 'P2', deadlineAt: NOW - hour });
      const oneUnitLater = makeCampaign(t.db, { year: 2020 });
      makeUnit(t.db, oneUnitLater.id, { code: 'L1', deadlineAt: NOW - hour });
      makeUnit(t.db, oneUnitLater.id, { code: 'L2', deadlineAt: NOW + hour });
      const campaignWideLater = makeCampaign(t.db, { year: 2021 });
      t.db
        .update(campaigns)
        .set({ closesAt: NOW + hour })
        .where(eq(campaigns.id, campaignWideLater.id))
        .run();
      makeUnit(t.db, campaignWideLater.id, { code: 'W1', deadlineAt: NOW - hour });
      const noDeadline = makeCampaign(t.db, { year: 2022 });
      makeUnit(t.db, noDeadline.id, { code: 'N1', deadlineAt: NOW - hour });
      makeUnit(t.db, noDeadline.id, { code: 'N2', deadlineAt: null });
      const draft = makeCampaign(t.db, { year: 2023, open: false });
      makeUnit(t.db, draft.id, { code: 'D1', deadlineAt: NOW - hour });

      expect(autoCloseDueCampaigns(t.db, NOW)).toEqual([past.id]);
      const status = (id: number) => t.db.select().from(campaigns).where(eq(campaigns.id, id)).get()!.status;
      expect([past, oneUnitLater, campaignWideLater, noDeadline, draft].map((c) => status(c.id))).toEqual([
        'closed',
        'open',
        'open',
        'open',
        'draft',
      ]);
      const closes = auditActions(t.db, past.id).filter((a) => a.action === 'campaign.close');
      expect(closes).toEqual([expect.objectContaining({ actor: 'system', action: 'campaign.close' })]);
      expect(autoCloseDueCampaigns(t.db, NOW + 2 * hour).sort()).toEqual(
        [oneUnitLater.id, campaignWideLater.id].sort(),
      );
    } finally {
      t.cleanup();
    }
  });

  it('leaves a campaign reopened after its deadline open until the deadline is extended and passes', () => {
    const t = createTestDb();
    try {
      const hour = 3600_000;
      const campaign = makeCampaign(t.db);
      makeUnit(t.db, campaign.id, { code: 'R1', deadlineAt: NOW - hour });
      expect(autoCloseDueCampaigns(t.db, NOW)).toEqual([campaign.id]);
      orThrow(
        reopenCampaign(t.db, { campaignId: campaign.id, reason: 'Gia hạn cho đơn vị R1' }, admin, NOW + hour),
      );
      expect(autoCloseDueCampaigns(t.db, NOW + 2 * hour)).toEqual([]);
      t.db
        .update(campaigns)
        .set({ closesAt: NOW + 3 * hour })
        .where(eq(campaigns.id, campaign.id))
        .run();
      expect(autoCloseDueCampaigns(t.db, NOW + 2 * hour)).toEqual([]);
      expect(autoCloseDueCampaigns(t.db, NOW + 4 * hour)).toEqual([campaign.id]);
    } finally {
      t.cleanup();
    }
  });
});
