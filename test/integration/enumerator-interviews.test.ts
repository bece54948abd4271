import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { autoCloseDueCampaigns, closeCampaign } from '../../src/campaigns/close-campaign';
import { updateFormDefinition } from '../../src/campaigns/update-form-definition';
import { updateCampaign } from '../../src/campaigns/update-campaign';
import type { Db } from '../../src/db/client';
import { orThrow } from '../../src/errors';
import { getFormDefinition } from '../../src/forms/get-form-definition';
import { campaignInterviews } from '../../src/interviews/slots';
import { enumeratorOverview, superviseCampaign } from '../../src/interviews/supervision';
import { syncInterviews, type InterviewUpload } from '../../src/interviews/sync-interviews';
import { countResponses } from '../../src/responses/read-responses';
import { listHeldAnswers, reviewHeldAnswer } from '../../src/responses/held-answers';
import { computeCampaignScores } from '../../src/scoring/compute-campaign-scores';
import { purgeCampaignDirectory } from '../../src/respondents/purge-directory';
import { createTestDb } from '../helpers/db';
import { interview, MINUTE, seedInterviewCampaign } from '../helpers/interviews';
import { inWords } from '../helpers/audit';

const NOW = Date.parse('2019-11-25T03:00:00Z');
const HOUR = 60 * MINUTE;

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());

type Seed = Awaited<ReturnType<typeof seedInterviewCampaign>>;
const sync = (db: Db, seed: Seed, interviews: InterviewUpload[], now = NOW) =>
  orThrow(syncInterviews(db, { interviews }, seed.actor, now));
const at = (seed: Seed) => ({ campaignId: seed.campaign.id, unitId: seed.unit.id });

describe('syncing interviews exactly once', () => {
  it('stores each device id once: a re-sent or partly acknowledged batch adds nothing and says what is held', async () => {
    const seed = await seedInterviewCampaign(t.db, NOW);
    const batch = [0, 1, 2].map((i) => interview(t.db, at(seed), NOW - (3 - i) * HOUR, { choice: i }));
    const first = sync(t.db, seed, batch.slice(0, 2));
    expect(first.receipts.map((r) => r.status)).toEqual(['stored', 'stored']);
    const again = sync(t.db, seed, batch);
    expect(again.receipts.map((r) => r.status)).toEqual(['known', 'known', 'stored']);
    expect(again.held).toEqual(batch.map((b) => b.uuid));
    expect(sync(t.db, seed, batch).receipts.every((r) => r.status === 'known')).toBe(true);
    expect(countResponses(t.db, seed.campaign.id)).toBe(3);
  });

  it('refuses a unit or form type the enumerator is not assigned, and keeps the others of the batch', async () => {
    const seed = await seedInterviewCampaign(t.db, NOW);
    const wrongUnit = interview(t.db, { campaignId: seed.campaign.id, unitId: seed.other.id }, NOW - HOUR);
    const wrongForm = interview(t.db, at(seed), NOW - 2 * HOUR, { formType: 'hdnd' });
    const fine = interview(t.db, at(seed), NOW - 3 * HOUR);
    const result = sync(t.db, seed, [wrongUnit, wrongForm, fine]);
    expect(result.receipts.map((r) => (r.status === 'refused' ? r.message.key : r.status))).toEqual([
      'interviews.notAssigned',
      'interviews.notAssigned',
      'stored',
    ]);
    expect(result.held).toEqual([fine.uuid]);
  });

  it('refuses an interview ended after the unit deadline, and one uploaded after the deadline plus the grace', async () => {
    const deadline = NOW - 10 * HOUR;
    const seed = await seedInterviewCampaign(t.db, NOW - 3 * 86_400_000, deadline);
    const late = interview(t.db, at(seed), deadline + MINUTE);
    const inTime = interview(t.db, at(seed), deadline - HOUR);
    // The default grace is 48 hours: ten hours after the deadline the one ended before it is taken.
    const r = sync(t.db, seed, [late, inTime]).receipts;
    expect(r[0]).toMatchObject({ status: 'refused', message: { key: 'interviews.afterDeadline' } });
    expect(r[1]).toMatchObject({ status: 'stored' });
    const another = interview(t.db, at(seed), deadline - 2 * HOUR);
    const tooLate = sync(t.db, seed, [another], deadline + 49 * HOUR).receipts[0];
    // The grace is the campaign's: at 2 hours, three hours after the deadline is too late.
    const { name, year, mailSubject, opensAt, closesAt, reminderDaysBefore } = seed.campaign;
    const kept = { name, year, mailSubject, opensAt, closesAt, reminderDaysBefore };
    orThrow(
      updateCampaign(
        t.db,
        { campaignId: seed.campaign.id, ...kept, interviewGraceHours: '2' },
        SYSTEM_ACTOR,
        NOW,
      ),
    );
    const short = sync(t.db, seed, [interview(t.db, at(seed), deadline - 3 * HOUR)], deadline + 3 * HOUR)
      .receipts[0];
    expect(short).toMatchObject({
      status: 'refused',
      message: { key: 'interviews.syncTooLate', params: { hours: 2 } },
    });
    expect(tooLate).toMatchObject({
      status: 'refused',
      message: { key: 'interviews.syncTooLate', params: { hours: 48 } },
    });
  });

  it('keeps a campaign with enumerators open through the grace after its last deadline, then closes it', async () => {
    const deadline = NOW - HOUR;
    const seed = await seedInterviewCampaign(t.db, NOW - 86_400_000, deadline);
    expect(autoCloseDueCampaigns(t.db, deadline + 47 * HOUR)).toEqual([]);
    expect(
      sync(t.db, seed, [interview(t.db, at(seed), deadline - HOUR)], deadline + 47 * HOUR).receipts[0],
    ).toMatchObject({
      status: 'stored',
    });
    expect(autoCloseDueCampaigns(t.db, deadline + 49 * HOUR)).toEqual([seed.campaign.id]);
  });

  it('refuses answers that do not fit the version they name, and accepts an older version after an edit', async () => {
    const seed = await seedInterviewCampaign(t.db, NOW);
    const old = interview(t.db, at(seed), NOW - HOUR);
    const current = getFormDefinition(t.db, seed.campaign.id, 'cbcc')!;
    const edited = { ...current.definition, title: `${current.definition.title} (sửa)` };
    orThrow(
      updateFormDefinition(
        t.db,
        { campaignId: seed.campaign.id, formType: 'cbcc', definition: JSON.stringify(edited) },
        SYSTEM_ACTOR,
        NOW,
      ),
    );
    expect(getFormDefinition(t.db, seed.campaign.id, 'cbcc')!.version).toBe(old.version + 1);
    const missing = { ...interview(t.db, at(seed), NOW - 2 * HOUR), answers: {} };
    const noVersion = { ...interview(t.db, at(seed), NOW - 3 * HOUR), version: 99 };
    const r = sync(t.db, seed, [old, missing, noVersion]).receipts;
    expect(r[0]).toMatchObject({ status: 'stored', review: 'accepted' });
    expect(r[1]).toMatchObject({ status: 'refused', message: { key: 'interviews.invalidAnswers' } });
    expect(r[2]).toMatchObject({ status: 'refused', message: { key: 'interviews.unknownVersion' } });
    expect(campaignInterviews(t.db, seed.campaign.id).map((s) => s.content.readUInt16BE(1))).toEqual([
      old.version,
    ]);
  });

  it('refuses a malformed id and a closed campaign', async () => {
    const seed = await seedInterviewCampaign(t.db, NOW);
    const bad = { ...interview(t.db, at(seed), NOW - HOUR), uuid: '12345' };
    expect(sync(t.db, seed, [bad]).receipts[0]).toMatchObject({ message: { key: 'interviews.badUuid' } });
    orThrow(closeCampaign(t.db, { campaignId: seed.campaign.id }, SYSTEM_ACTOR, NOW));
    const closed = sync(t.db, seed, [interview(t.db, at(seed), NOW - HOUR)]).receipts[0];
    expect(closed).toMatchObject({ message: { key: 'interviews.campaignNotOpen' } });
  });
});

describe('holding interviews for review', () => {
  const holdsOf = (r: { status: string; holds?: string[] }) => (r.status === 'stored' ? r.holds : undefined);

  it('holds one too short, one identical to another by the same enumerator, and a clock in the future or far back', async () => {
    const seed = await seedInterviewCampaign(t.db, NOW);
    const short = interview(t.db, at(seed), NOW - 5 * HOUR, { minutes: 2, choice: 1 });
    const original = interview(t.db, at(seed), NOW - 4 * HOUR, { choice: 2 });
    const copy = interview(t.db, at(seed), NOW - 3 * HOUR, { choice: 2 });
    const future = interview(t.db, at(seed), NOW + HOUR, { choice: 3 });
    const ancient = interview(t.db, at(seed), NOW - 8 * 86_400_000, { choice: 4 });
    const r = sync(t.db, seed, [short, original, copy, future, ancient]).receipts;
    expect(r.map(holdsOf)).toEqual([['too_fast'], [], ['same_answers'], ['clock'], ['clock']]);
    // Held interviews do not count.
    expect(countResponses(t.db, seed.campaign.id)).toBe(1);
  });

  it('holds the third of three interviews ended within minutes, even when uploaded one by one', async () => {
    const seed = await seedInterviewCampaign(t.db, NOW);
    const r = [0, 1, 2].map(
      (i) =>
        sync(t.db, seed, [interview(t.db, at(seed), NOW - HOUR + i * 4 * MINUTE, { choice: i })])
          .receipts[0]!,
    );
    expect(r.map(holdsOf)).toEqual([[], [], ['many_in_minutes']]);
  });

  it('counts a held interview once accepted, never once rejected; the enumerator sees the rejection; both audited', async () => {
    const seed = await seedInterviewCampaign(t.db, NOW);
    const a = interview(t.db, at(seed), NOW - 5 * HOUR, { minutes: 1, choice: 1 });
    const b = interview(t.db, at(seed), NOW - 3 * HOUR, { minutes: 1, choice: 2 });
    sync(t.db, seed, [a, b]);
    const held = superviseCampaign(t.db, seed.campaign.id).held;
    expect(held.map((h) => h.interview!.uuid).sort()).toEqual([a.uuid, b.uuid].sort());
    // The same review queue and command as open links' held answers.
    expect(listHeldAnswers(t.db, seed.campaign.id)).toHaveLength(2);
    const idOf = (uuid: string) => held.find((h) => h.interview!.uuid === uuid)!.id;
    const campaignId = seed.campaign.id;
    const review = (input: Record<string, string>) =>
      reviewHeldAnswer(t.db, { campaignId, ...input } as never, SYSTEM_ACTOR, NOW);
    expect(review({ decision: 'reject', answerId: idOf(b.uuid) })).toMatchObject({
      ok: false,
      message: { key: 'interviews.rejectReasonRequired' },
    });
    expect(review({ decision: 'accept', answerId: idOf(a.uuid) }).ok).toBe(true);
    const note = 'gọi lại không ai nghe';
    expect(review({ decision: 'reject', answerId: idOf(b.uuid), reason: 'fabricated', note }).ok).toBe(true);
    expect(countResponses(t.db, campaignId)).toBe(1);
    // A rejected interview stays in its slot, so its device id still stores nothing twice.
    expect(review({ decision: 'accept', answerId: idOf(b.uuid) })).toMatchObject({ ok: false });
    expect(sync(t.db, seed, [b]).receipts[0]!.status).toBe('known');
    expect(enumeratorOverview(t.db, seed.enumerator.id).rejected).toEqual([
      expect.objectContaining({ uuid: b.uuid, reason: 'fabricated' }),
    ]);
    const audit = inWords(
      t.db.$client
        .prepare('SELECT action, detail FROM audit_log WHERE action LIKE ? ORDER BY id')
        .all('interview.%') as { action: string; detail: string }[],
    );
    expect(audit.map((e) => e.action)).toEqual(['interview.accept', 'interview.reject']);
    expect(audit[1]!.detail).toContain('gọi lại không ai nghe');
    expect(superviseCampaign(t.db, campaignId).assignments[0]).toMatchObject({
      accepted: 1,
      held: 0,
      rejected: 1,
      target: 20,
    });
  });
});

describe('interviews in the results', () => {
  it('change the unit received count and raw score exactly as the same answers by personal links', async () => {
    const seed = await seedInterviewCampaign(t.db, NOW);
    const uploads = [0, 1, 2, 3].map((i) =>
      interview(t.db, at(seed), NOW - (10 - 2 * i) * HOUR, { choice: i }),
    );
    sync(t.db, seed, uploads);
    const viaInterviews = computeCampaignScores(t.db, seed.campaign.id, seed.unit.id).find(
      (s) => s.formType === 'cbcc',
    )!;

    const twin = createTestDb();
    try {
      const twinSeed = await seedInterviewCampaign(twin.db, NOW);
      const { storeResponse } = await import('../../src/responses/store-response');
      const { validateAnswers } = await import('../../src/responses/validate-answers');
      const def = getFormDefinition(twin.db, twinSeed.campaign.id, 'cbcc')!;
      for (const u of uploads) {
        const checked = validateAnswers(def.definition, u.answers);
        if (!checked.ok) throw new Error('invalid');
        storeResponse(
          twin.db,
          {
            campaignId: twinSeed.campaign.id,
            unitId: twinSeed.unit.id,
            formType: 'cbcc',
            definitionVersion: def.version,
            answers: checked.answers,
          },
          NOW,
        );
      }
      const viaLinks = computeCampaignScores(twin.db, twinSeed.campaign.id, twinSeed.unit.id).find(
        (s) => s.formType === 'cbcc',
      )!;
      expect(viaInterviews.received).toBe(4);
      expect(viaInterviews.received).toBe(viaLinks.received);
      expect(viaInterviews.raw).toBeGreaterThan(0);
      expect(viaInterviews.raw).toBeCloseTo(viaLinks.raw, 10);
      expect(viaInterviews.final).toBeCloseTo(viaLinks.final, 10);
    } finally {
      twin.cleanup();
    }
  });

  it('lose their enumerator and device id to the purge, and keep counting', async () => {
    const seed = await seedInterviewCampaign(t.db, NOW);
    sync(t.db, seed, [interview(t.db, at(seed), NOW - HOUR)]);
    orThrow(closeCampaign(t.db, { campaignId: seed.campaign.id }, SYSTEM_ACTOR, NOW));
    orThrow(
      purgeCampaignDirectory(
        t.db,
        { campaignId: seed.campaign.id, confirm: 'yes', mailDir: t.dir },
        SYSTEM_ACTOR,
        NOW,
      ),
    );
    const [slot] = campaignInterviews(t.db, seed.campaign.id);
    expect(slot!.mark).toMatchObject({ enumeratorId: 0, uuid: '' });
    expect(slot!.review).toBe('accepted');
    expect(countResponses(t.db, seed.campaign.id)).toBe(1);
  });
});
