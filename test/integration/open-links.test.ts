import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { closeCampaign } from '../../src/campaigns/close-campaign';
import { getCampaignProgress } from '../../src/campaigns/progress';
import { orThrow } from '../../src/errors';
import { revokeOpenLink } from '../../src/open-links/revoke-open-link';
import { updateOpenSettings } from '../../src/open-links/update-open-settings';
import { listHeldAnswers, reviewHeldAnswer } from '../../src/responses/held-answers';
import { countResponses } from '../../src/responses/read-responses';
import { computeCampaignScores } from '../../src/scoring/compute-campaign-scores';
import { browserAt, citizenAnswers, openLinksFixture } from '../helpers/open-links';
import { inWords } from '../helpers/audit';

let f: ReturnType<typeof openLinksFixture>;
beforeEach(() => (f = openLinksFixture()));
afterEach(() => f.cleanup());

const answered = (unitIndex = 0, formType = 'nguoi_dan') =>
  getCampaignProgress(f.db, f.campaign.id).find(
    (p) => p.unitId === f.units[unitIndex]!.id && p.formType === formType,
  )?.answered ?? 0;
const heldReasons = () => listHeldAnswers(f.db, f.campaign.id).map((h) => h.reasons);

/** A browser at `address` opens the unit's link, fills the form for `seconds`, and sends `answers`. */
async function answer(address: string, answers = citizenAnswers(), seconds = 60, unitIndex = 0) {
  const code = f.linkOf(f.units[unitIndex]!.id);
  const browser = browserAt(f.app, address);
  expect((await browser.open(`/k/${code}`)).status).toBe(200);
  f.advance(seconds);
  return { res: await browser.send(code, answers), browser, code };
}

/** At most two answers an hour from one address for a unit; the other thresholds as the campaign's defaults. */
function limitTwoAnswersPerAddressAnHour() {
  orThrow(
    updateOpenSettings(
      f.db,
      {
        campaignId: f.campaign.id,
        minSeconds: 30,
        addressHourlyLimit: 2,
        sameAnswersLimit: 3,
        sameMinutes: 10,
      },
      SYSTEM_ACTOR,
      f.now(),
    ),
  );
}

describe('an open link of a unit', () => {
  it('takes an honest answer, counts it toward the unit and its quota, and thanks the respondent', async () => {
    const { res, code } = await answer('203.0.113.10');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/k/${code}/cam-on`);
    expect(answered(0)).toBe(1);
    expect(answered(1)).toBe(0);
    expect(countResponses(f.db, f.campaign.id, 'nguoi_dan')).toBe(1);
    expect(heldReasons()).toEqual([]);
    const score = computeCampaignScores(f.db, f.campaign.id).find(
      (s) => s.unitId === f.units[0]!.id && s.formType === 'nguoi_dan',
    )!;
    expect(score).toMatchObject({ received: 1, quota: 10 });
    expect(score.final).toBeCloseTo(score.raw / 10);
  });

  it('refuses a second answer from the same browser politely, storing nothing', async () => {
    const { browser, code } = await answer('203.0.113.10');
    const again = await browser.open(`/k/${code}`);
    expect(again.status).toBe(200);
    expect(again.text).toContain('data-state="answered_here"');
    expect(again.text).not.toContain('name="nonce"');
    // A page kept open in another tab and sent anyway.
    const second = browserAt(f.app, '203.0.113.10');
    await second.open(`/k/${code}`);
    f.advance(60);
    const cookie = (await browser.open(`/k/${code}`)).request.cookies;
    expect(cookie).toContain('cchc.answered=');
    const res = await second.send(code, citizenAnswers(1), {}).set('Cookie', cookie);
    expect(res.status).toBe(409);
    expect(res.text).toContain('data-state="answered_here"');
    expect(countResponses(f.db, f.campaign.id)).toBe(1);
    expect(heldReasons()).toEqual([]);
  });

  it('ignores a hand-written receipt cookie that is not signed by the server', async () => {
    const code = f.linkOf(f.units[0]!.id);
    const browser = browserAt(f.app, '203.0.113.11');
    const receipt = `${f.campaign.id}-${f.units[0]!.id}-nguoi_dan`;
    await browser.open(`/k/${code}`);
    const res = await (
      await import('supertest')
    )
      .default(f.app)
      .get(`/k/${code}`)
      .set('Cookie', `cchc.answered=${receipt}.AAAAAAAAAAAAAAAAAAAAAA`);
    expect(res.text).toContain('name="nonce"');
  });

  it('holds an answer sent faster than a person can fill the form, and counts it once accepted', async () => {
    const { res } = await answer('203.0.113.12', citizenAnswers(), 5);
    expect(res.status).toBe(303); // thanked alike: a robot learns nothing
    expect(answered(0)).toBe(0);
    expect(countResponses(f.db, f.campaign.id)).toBe(0);
    const [held] = listHeldAnswers(f.db, f.campaign.id);
    expect(held).toMatchObject({ unitId: f.units[0]!.id, formType: 'nguoi_dan', reasons: ['too_fast'] });
    orThrow(
      reviewHeldAnswer(
        f.db,
        { campaignId: f.campaign.id, answerId: held!.id, decision: 'accept' },
        SYSTEM_ACTOR,
        f.now(),
      ),
    );
    expect(answered(0)).toBe(1);
    expect(countResponses(f.db, f.campaign.id)).toBe(1);
    expect(listHeldAnswers(f.db, f.campaign.id)).toEqual([]);
    const audit = inWords(
      f.db.$client
        .prepare("SELECT action, detail FROM audit_log WHERE action LIKE 'open_answer.%'")
        .all() as Array<{ action: string; detail: string }>,
    );
    expect(audit).toEqual([
      { action: 'open_answer.accept', detail: 'SNV, phiếu nguoi_dan (giữ lại vì too_fast)' },
    ]);
  });

  it('holds an answer whose hidden honeypot field was filled, and drops it when rejected', async () => {
    const code = f.linkOf(f.units[0]!.id);
    const robot = browserAt(f.app, '203.0.113.13');
    await robot.open(`/k/${code}`);
    f.advance(60);
    expect((await robot.send(code, citizenAnswers(), { website: 'http://spam.example' })).status).toBe(303);
    expect(heldReasons()).toEqual([['honeypot']]);
    const [held] = listHeldAnswers(f.db, f.campaign.id);
    orThrow(
      reviewHeldAnswer(
        f.db,
        { campaignId: f.campaign.id, answerId: held!.id, decision: 'reject' },
        SYSTEM_ACTOR,
        f.now(),
      ),
    );
    expect(listHeldAnswers(f.db, f.campaign.id)).toEqual([]);
    expect(f.count('response_slots WHERE filled = 1')).toBe(0);
    expect(answered(0)).toBe(0);
  });

  it('holds the same answers sent more than the limit from one address within minutes, not from another', async () => {
    for (let i = 0; i < 3; i++)
      expect((await answer('198.51.100.7', citizenAnswers(0))).res.status).toBe(303);
    expect(answered(0)).toBe(3);
    await answer('198.51.100.7', citizenAnswers(0));
    expect(heldReasons()).toEqual([['same_answers']]);
    // The same sheet from another address, and a different sheet from the first one, are counted.
    await answer('198.51.100.8', citizenAnswers(0));
    await answer('198.51.100.7', citizenAnswers(1));
    expect(answered(0)).toBe(5);
    // Half an hour later (beyond the window and the one before) the same sheet counts again.
    f.advance(30 * 60);
    await answer('198.51.100.7', citizenAnswers(0));
    expect(answered(0)).toBe(6);
    expect(heldReasons()).toHaveLength(1);
  });

  it('holds answers over the per-address limit for a unit, and not those from other addresses or units', async () => {
    limitTwoAnswersPerAddressAnHour();
    await answer('192.0.2.1', citizenAnswers(1));
    await answer('192.0.2.1', citizenAnswers(2));
    await answer('192.0.2.1', citizenAnswers(3));
    expect(heldReasons()).toEqual([['address_limit']]);
    await answer('192.0.2.2', citizenAnswers(4));
    await answer('192.0.2.1', citizenAnswers(5), 60, 1);
    expect(answered(0)).toBe(3);
    expect(answered(1)).toBe(1);
  });

  it('counts the IPv6 addresses of one /64 as one address, and another /64 apart', async () => {
    limitTwoAnswersPerAddressAnHour();
    // A phone draws a new address within its /64 for each connection it likes.
    await answer('2001:db8:1:2::a', citizenAnswers(1));
    await answer('2001:db8:1:2:8a2e:370:7334:1', citizenAnswers(2));
    await answer('2001:0db8:0001:0002:ffff::b', citizenAnswers(3));
    expect(heldReasons()).toEqual([['address_limit']]);
    await answer('2001:db8:1:3::a', citizenAnswers(4));
    expect(answered(0)).toBe(3);
    expect(heldReasons()).toHaveLength(1);
  });
});

describe('the form nonce', () => {
  it('is refused once expired: the answers come back with a fresh nonce and nothing is stored', async () => {
    const code = f.linkOf(f.units[0]!.id);
    const browser = browserAt(f.app, '203.0.113.20');
    await browser.open(`/k/${code}`);
    const stale = browser.form().nonce;
    f.advance(3 * 60 * 60);
    const res = await browser.send(code, citizenAnswers(7));
    expect(res.status).toBe(409);
    expect(res.text).toContain('Góp ý số 7');
    const fresh = /name="nonce" value="([^"]+)"/.exec(res.text)![1]!;
    expect(fresh).not.toBe(stale);
    expect(f.count('response_slots WHERE filled = 1')).toBe(0);
  });

  it('is refused when forged or moved to another link', async () => {
    const code = f.linkOf(f.units[0]!.id);
    const browser = browserAt(f.app, '203.0.113.21');
    await browser.open(`/k/${f.linkOf(f.units[1]!.id)}`);
    f.advance(60);
    expect((await browser.send(code, citizenAnswers())).status).toBe(409);
    const forged = `${(f.now() - 60_000).toString(36)}.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA`;
    expect((await browser.send(code, citizenAnswers(), { nonce: forged })).status).toBe(409);
    expect(f.count('response_slots WHERE filled = 1')).toBe(0);
  });

  it('is used once: of two concurrent posts of one form, one answer is stored', async () => {
    const code = f.linkOf(f.units[0]!.id);
    const browser = browserAt(f.app, '203.0.113.22');
    await browser.open(`/k/${code}`);
    f.advance(60);
    const other = browserAt(f.app, '203.0.113.23');
    await other.open(`/k/${code}`);
    // The second browser posts the first one's nonce (a replayed request), at the same moment.
    const [a, b] = await Promise.all([
      browser.send(code, citizenAnswers(1)),
      other.send(code, citizenAnswers(2), { nonce: browser.form().nonce }),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    expect(f.count('response_slots WHERE filled = 1')).toBe(1);
    expect(answered(0)).toBe(1);
  });
});

describe('revoking and the campaign-wide link', () => {
  it('a revoked link says so and takes nothing; its replacement works', async () => {
    const code = f.linkOf(f.units[0]!.id);
    const browser = browserAt(f.app, '203.0.113.30');
    await browser.open(`/k/${code}`);
    const { newCode } = orThrow(
      revokeOpenLink(f.db, { campaignId: f.campaign.id, code, replace: true }, SYSTEM_ACTOR, f.now()),
    );
    f.advance(60);
    const res = await browser.send(code, citizenAnswers());
    expect(res.status).toBe(410);
    expect(res.text).toContain('data-state="revoked"');
    expect(f.count('response_slots WHERE filled = 1')).toBe(0);
    const next = browserAt(f.app, '203.0.113.30');
    await next.open(`/k/${newCode}`);
    f.advance(60);
    expect((await next.send(newCode!, citizenAnswers())).status).toBe(303);
    expect(answered(0)).toBe(1);
  });

  it('an unknown code answers 404, a malformed one too', async () => {
    const browser = browserAt(f.app, '203.0.113.31');
    expect((await browser.open('/k/abcdefghjk')).status).toBe(404);
    expect((await browser.open('/k/..%2Fadmin')).status).toBe(404);
  });

  it('the campaign-wide link lets the respondent search and pick the unit, and counts for that unit', async () => {
    const code = f.linkOf(null);
    const browser = browserAt(f.app, '203.0.113.40');
    const picker = await browser.open(`/k/${code}?q=stp`);
    expect(picker.text).toContain('Sở STP');
    expect(picker.text).not.toContain('Sở SNV');
    await browser.open(`/k/${code}?don-vi=${f.units[1]!.id}`);
    expect(browser.form().unit).toBe(String(f.units[1]!.id));
    f.advance(60);
    const res = await browser.send(code, citizenAnswers());
    expect(res.status).toBe(303);
    expect(answered(1)).toBe(1);
    expect(answered(0)).toBe(0);
  });

  it('takes nothing after close; the held answers can no longer be reviewed', async () => {
    await answer('203.0.113.50', citizenAnswers(), 1);
    orThrow(closeCampaign(f.db, { campaignId: f.campaign.id }, SYSTEM_ACTOR, f.now()));
    const { res } = await (async () => {
      const browser = browserAt(f.app, '203.0.113.51');
      const page = await browser.open(`/k/${f.linkOf(f.units[0]!.id)}`);
      return { res: page };
    })();
    expect(res.status).toBe(410);
    const [held] = listHeldAnswers(f.db, f.campaign.id);
    const review = reviewHeldAnswer(
      f.db,
      { campaignId: f.campaign.id, answerId: held!.id, decision: 'accept' },
      SYSTEM_ACTOR,
      f.now(),
    );
    expect(review).toMatchObject({ ok: false, code: 'campaign_closed', message: { key: 'open.closed' } });
    expect(listHeldAnswers(f.db, f.campaign.id)).toHaveLength(1);
  });
});

describe('posters', () => {
  it('an admin downloads every live link’s poster in one page; an officer only their own unit’s', async () => {
    const { makeUser, signIn } = await import('../helpers/web');
    await makeUser(f.db, 'admin', 'admin');
    await makeUser(f.db, 'dau-moi.snv', 'officer', [f.units[0]!.id]);
    const revoked = f.linkOf(f.units[1]!.id, 'to_chuc');
    orThrow(revokeOpenLink(f.db, { campaignId: f.campaign.id, code: revoked }, SYSTEM_ACTOR, f.now()));
    const codes = (html: string) => [...html.matchAll(/data-code="([a-z2-9]{10})"/g)].map((m) => m[1]);

    const admin = await signIn(f.app, 'admin');
    const all = await admin.get(`/admin/campaigns/${f.campaign.id}/open-links/posters`);
    expect(all.status).toBe(200);
    // Two units and the campaign, two open form types each, less the withdrawn one.
    expect(codes(all.text)).toHaveLength(5);
    expect(codes(all.text)).not.toContain(revoked);
    expect(all.text.match(/<svg /g)).toHaveLength(5);
    expect(all.text).toContain('Sở STP');
    expect(all.text).toContain(`127.0.0.1:3000/k/${f.linkOf(f.units[0]!.id)}`);

    const officer = await signIn(f.app, 'dau-moi.snv');
    const own = await officer.get(`/officer/units/${f.units[0]!.id}/ap-phich?campaign=${f.campaign.id}`);
    expect(codes(own.text).sort()).toEqual(
      [f.linkOf(f.units[0]!.id), f.linkOf(f.units[0]!.id, 'to_chuc')].sort(),
    );
    expect(own.text).not.toContain('Sở STP');
    const other = await officer.get(`/officer/units/${f.units[1]!.id}/ap-phich?campaign=${f.campaign.id}`);
    expect(other.status).toBe(404);
  });
});
