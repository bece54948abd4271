import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/app';
import { allQuestions, type FormDefinition } from '../../src/forms/definition';
import { updateFormDefinition } from '../../src/campaigns/update-form-definition';
import { getFormDefinition } from '../../src/forms/get-form-definition';
import { createMailer } from '../../src/mail/transport';
import { readResponses } from '../../src/responses/read-responses';
import { computeCampaignScores } from '../../src/scoring/compute-campaign-scores';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { makeCampaign, makeRespondent, makeUnit } from '../helpers/factories';

const DAY = 24 * 3600_000;

/** The questionnaire an admin might write: every kind of question, a length limit, a 5-level scored item. */
const EDITED: FormDefinition = {
  title: 'Phiếu khảo sát năm 2020 (đã sửa)',
  sections: [
    {
      id: 'chung',
      title: 'Đánh giá chung',
      questions: [
        {
          id: 'hai_long',
          text: 'Mức độ hài lòng về cải cách hành chính của đơn vị',
          kind: 'single',
          required: true,
          points: 2,
          maxLength: 2000,
          options: [
            { label: 'Rất không hài lòng', fraction: 0 },
            { label: 'Không hài lòng', fraction: 0.25 },
            { label: 'Bình thường', fraction: 0.5 },
            { label: 'Hài lòng', fraction: 0.75 },
            { label: 'Rất hài lòng', fraction: 1 },
          ],
        },
        {
          id: 'ke_hoach',
          text: 'Việc ban hành kế hoạch cải cách hành chính',
          kind: 'single',
          required: true,
          points: 1.5,
          maxLength: 2000,
          options: [
            { label: 'Rất kịp thời', fraction: 1 },
            { label: 'Kịp thời', fraction: 0.6 },
            { label: 'Chưa kịp thời', fraction: 0.2 },
            { label: 'Không biết', fraction: 0 },
          ],
        },
        {
          id: 'kenh',
          text: 'Ông/Bà biết thông tin qua những kênh nào?',
          kind: 'multiple',
          required: true,
          points: 0,
          maxLength: 2000,
          options: [{ label: 'Cổng thông tin' }, { label: 'Hội nghị' }, { label: 'Báo chí' }],
        },
      ],
    },
    {
      id: 'y_kien',
      title: 'Ý kiến',
      questions: [
        {
          id: 'gop_y',
          text: 'Góp ý thêm',
          kind: 'text',
          required: false,
          points: 0,
          maxLength: 2000,
          options: [],
        },
        {
          id: 'kien_nghi',
          text: 'Một kiến nghị ngắn',
          kind: 'text',
          required: true,
          points: 0,
          maxLength: 60,
          options: [],
        },
      ],
    },
  ],
};

type Chosen = Map<string, { options: number[]; text?: string }>;

/**
 * Answers whatever the page shows, knowing nothing of the questionnaire: every question block in turn, the
 * `pick`-th option of a choice group (the first two boxes of a multiple choice), a sentence within the box's own
 * maxlength in every text box. Returns what it chose per question, read from the page.
 */
async function answerGenerically(page: Page, pick: number, skip: (index: number) => boolean = () => false) {
  const chosen: Chosen = new Map();
  const questions = page.locator('[data-question]');
  const count = await questions.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const q = questions.nth(i);
    const id = (await q.getAttribute('data-question'))!;
    if (skip(i)) continue;
    const area = q.locator('textarea');
    if ((await area.count()) > 0) {
      const max = Number((await area.getAttribute('maxlength')) ?? 2000);
      const text = `Ý kiến ${i + 1}: đẩy mạnh chuyển đổi số, giảm thủ tục.`.slice(0, max);
      await area.fill(text);
      chosen.set(id, { options: [], text });
      continue;
    }
    const boxes = q.locator('input[type="checkbox"]');
    if ((await boxes.count()) > 0) {
      const n = Math.min(2, await boxes.count());
      for (let k = 0; k < n; k++) await q.locator('label.choice').nth(k).click();
      chosen.set(id, { options: [...Array(n).keys()] });
      continue;
    }
    const radios = q.locator('input[type="radio"]');
    const index = pick % (await radios.count());
    await q.locator('label.choice').nth(index).click();
    chosen.set(id, { options: [index] });
  }
  return chosen;
}

async function submit(page: Page) {
  await Promise.all([page.waitForNavigation(), page.locator('button[type="submit"]').click()]);
}

/** Σ points × fraction of the chosen option, for one response (docs/DOMAIN.md § Raw sub-score). */
function pointsOf(def: FormDefinition, chosen: Chosen): number {
  return allQuestions(def)
    .filter((q) => q.points > 0)
    .reduce((sum, q) => sum + q.points * q.options[chosen.get(q.id)!.options[0]!]!.fraction!, 0);
}

const describeWithBrowser = browserAvailable() ? describe : describe.skip;

describeWithBrowser('an edited questionnaire answered in a real browser', () => {
  const t = createTestDb();
  let server: http.Server;
  let browser: Browser;
  let origin: string;
  let mailer: ReturnType<typeof createMailer>;
  const campaign = makeCampaign(t.db);
  const unit = makeUnit(t.db, campaign.id, {
    code: 'STC',
    name: 'Sở Tài chính',
    deadlineAt: Date.now() + 7 * DAY,
    quotas: { cbcc: 3 },
  });
  const people = [1, 2].map((i) =>
    makeRespondent(t.db, campaign.id, unit.id, { email: `cbcc${i}@soctrang.gov.vn` }),
  );
  const link = (i: number) => `${origin}/s/${people[i]!.invitations[0]!.token}`;
  const answered: Chosen[] = [];

  beforeAll(async () => {
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    mailer = createMailer({ mailDir: t.dir });
    server.on('request', createApp({ db: t.db, config: testConfig({ PUBLIC_URL: origin }), mailer }));
    const saved = updateFormDefinition(
      t.db,
      { campaignId: campaign.id, formType: 'cbcc', definition: JSON.stringify(EDITED) },
      { userId: null, name: 'test' },
      Date.now(),
    );
    expect(saved).toEqual({ ok: true, value: { version: 2, changed: true } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server.close(resolve));
    mailer.close();
    t.cleanup();
  });

  it('answers every question it finds, submits and lands on the thank-you page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(link(0));
    expect(await page.textContent('h1')).toContain('đã sửa');
    const chosen = await answerGenerically(page, 4);
    expect([...chosen.keys()]).toEqual(allQuestions(EDITED).map((q) => q.id));
    await submit(page);
    expect(page.url()).toMatch(/\/cam-on$/);
    expect(await page.textContent('h1')).toContain('Đã nhận phiếu');
    answered.push(chosen);
    await context.close();
  });

  it('without JavaScript: a missing required text re-shows the form with the boxes and texts kept', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(link(1));
    const count = await page.locator('[data-question]').count();
    // Leave the last question (a required text box) blank.
    const chosen = await answerGenerically(page, 1, (i) => i === count - 1);
    await submit(page);
    expect(page.url()).toBe(link(1));
    expect(await page.locator('.error-summary').textContent()).toContain('Vui lòng trả lời câu này');
    const kept = await page.evaluate<{ checked: string[]; texts: string[] }>(`({
      checked: Array.from(document.querySelectorAll('input:checked')).map((i) => i.id),
      texts: Array.from(document.querySelectorAll('textarea')).map((t) => t.value),
    })`);
    const expectedChecked = [...chosen].flatMap(([id, c]) => c.options.map((o) => `q-${id}-${o}`));
    expect(kept.checked.sort()).toEqual(expectedChecked.sort());
    expect(kept.texts[0]).toBe([...chosen.values()].find((c) => c.text)!.text);

    const last = page.locator('[data-question]').nth(count - 1);
    const id = (await last.getAttribute('data-question'))!;
    const text = 'x'.repeat(200);
    await last.locator('textarea').fill(text);
    // The browser stops at the box's maxlength, so what is sent fits the questionnaire's limit.
    const sent = await last.locator('textarea').inputValue();
    expect(sent.length).toBeLessThan(text.length);
    chosen.set(id, { options: [], text: sent });
    await submit(page);
    expect(page.url()).toMatch(/\/cam-on$/);
    answered.push(chosen);
    await context.close();
  });

  it('stores what was chosen under the new version and scores the unit as computed by hand', () => {
    const rows = readResponses(t.db, campaign.id).flatMap((r) =>
      r.answers.map((a) => ({ version: r.version, ...a })),
    );
    expect(new Set(rows.map((r) => r.version))).toEqual(new Set([2]));
    const stored = rows.map((r) => `${r.questionId}:${r.optionIndex}:${r.textValue ?? ''}`).sort();
    const expected = answered
      .flatMap((c) =>
        [...c].flatMap(([id, a]) =>
          a.text !== undefined ? [`${id}:-1:${a.text}`] : a.options.map((o) => `${id}:${o}:`),
        ),
      )
      .sort();
    expect(stored).toEqual(expected);

    const def = getFormDefinition(t.db, campaign.id, 'cbcc')!.definition;
    // Response 1: "Rất hài lòng" (2 × 1) and "Rất kịp thời" (1.5 × 1) = 3.5; response 2: "Không hài lòng"
    // (2 × 0.25) and "Kịp thời" (1.5 × 0.6) = 1.4. raw = mean = 2.45; 2 of 3 forms → final = 2.45 × 2/3.
    const perResponse = answered.map((c) => pointsOf(def, c));
    expect(perResponse[0]).toBeCloseTo(3.5, 10);
    expect(perResponse[1]).toBeCloseTo(1.4, 10);
    const [score] = computeCampaignScores(t.db, campaign.id);
    expect(score).toMatchObject({ definitionVersion: 2, received: 2, quota: 3, maxPoints: 3.5 });
    expect(score!.raw).toBeCloseTo(2.45, 10);
    expect(score!.final).toBeCloseTo((2.45 * 2) / 3, 10);
    expect(score!.reduction).toBeCloseTo(2.45 / 3, 10);
  });
});
