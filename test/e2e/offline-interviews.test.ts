import type { Browser } from 'playwright-core';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { createApp } from '../../src/app';
import { updateFormDefinition } from '../../src/campaigns/update-form-definition';
import { orThrow } from '../../src/errors';
import { getFormDefinition } from '../../src/forms/get-form-definition';
import { listHeldAnswers, reviewHeldAnswer } from '../../src/responses/held-answers';
import { campaignInterviews } from '../../src/interviews/slots';
import { createMailer } from '../../src/mail/transport';
import { countResponses } from '../../src/responses/read-responses';
import {
  browserAvailable,
  collectProblems,
  launchBrowser,
  listenLocally,
  signInAt,
} from '../helpers/browser';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { seedInterviewCampaign } from '../helpers/interviews';
import { sleep } from '../helpers/wait';

const run = browserAvailable() ? describe : describe.skip;

/** Polls an asynchronous condition (the page's state) until it holds. */
async function eventually(done: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!(await done())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await sleep(50);
  }
}

run('an enumerator interviewing offline in a real browser', () => {
  const t = createTestDb();
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listenLocally>>;
  let seed: Awaited<ReturnType<typeof seedInterviewCampaign>>;

  beforeAll(async () => {
    seed = await seedInterviewCampaign(t.db, Date.now());
    const app = createApp({ db: t.db, config: testConfig(), mailer: createMailer({ mailDir: t.dir }) });
    server = await listenLocally(app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    t.cleanup();
  });

  it('works offline after a reload, syncs three interviews once, and accepts one filled under an older version', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = collectProblems(page);
    const app = `${server.base}/dieu-tra/`;
    await signInAt(page, app, 'dtv1');
    // The service worker takes over the page, with the app and its questionnaire cached.
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await eventually(
      () => page.evaluate<boolean>('navigator.serviceWorker.controller !== null'),
      'worker in control',
    );
    const pending = (n: string) =>
      eventually(async () => (await page.getAttribute('#send-saved', 'data-pending')) === n, `${n} pending`);
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/dieu-tra/sync')) uploads.push(r.postData() ?? '');
    });

    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('.start-interview');

    const fill = async (choice: number) => {
      await page.click('.start-interview');
      const names = await page.evaluate<string[]>(
        `[...new Set([...document.querySelectorAll('#interview-questions input[type=radio]')].map((i) => i.name))]`,
      );
      for (const name of names) {
        const options = await page.$$(`#interview-questions input[name="${name}"]`);
        await options[Math.min(choice, options.length - 1)]!.check();
      }
      const boxes = await page.evaluate<string[]>(
        `[...new Set([...document.querySelectorAll('#interview-questions input[type=checkbox]')].map((i) => i.name))]`,
      );
      for (const name of boxes) await page.check(`#interview-questions input[name="${name}"] >> nth=0`);
      await page.click('#interview-form button[type=submit]');
      await page.waitForSelector('#interview-form', { state: 'hidden' });
    };
    for (const choice of [0, 1, 2]) await fill(choice);
    await pending('3');
    expect(await page.textContent('#send-saved')).toBe('Gửi các phiếu đã lưu (3)');
    const held = () => campaignInterviews(t.db, seed.campaign.id);
    expect(held()).toHaveLength(0);

    // Back online: the app sends them by itself.
    await context.setOffline(false);
    await pending('0');
    expect(held()).toHaveLength(3);
    expect(uploads).toHaveLength(1);
    expect(await page.textContent('#sync-status')).toBe('Máy chủ đã nhận 3 phiếu.');

    // The same batch sent again by hand: the server answers that it holds all three and stores nothing.
    const resent = await page.evaluate(async (body) => {
      const { token } = (await (await fetch('/dieu-tra/csrf')).json()) as { token: string };
      const response = await fetch('/dieu-tra/sync', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-csrf-token': token },
      });
      return (await response.json()) as { receipts: { status: string }[]; held: string[] };
    }, uploads[0]!);
    expect(resent.receipts.map((r) => r.status)).toEqual(['known', 'known', 'known']);
    expect(resent.held).toHaveLength(3);
    expect(held()).toHaveLength(3);

    // An admin edits the questionnaire; the device, offline, still has the version it cached.
    const before = getFormDefinition(t.db, seed.campaign.id, 'cbcc')!;
    const edited = { ...before.definition, title: `${before.definition.title} (sửa)` };
    const campaignId = seed.campaign.id;
    orThrow(
      updateFormDefinition(
        t.db,
        { campaignId, formType: 'cbcc', definition: JSON.stringify(edited) },
        SYSTEM_ACTOR,
        Date.now(),
      ),
    );
    await context.setOffline(true);
    await fill(3);
    await context.setOffline(false);
    await page.click('#send-saved');
    await pending('0');
    expect(held().map((s) => s.content.readUInt16BE(1))).toEqual(Array(4).fill(before.version));
    // Filled in seconds, they wait for review (too short); once accepted, all four count.
    expect(held().every((s) => s.review === 'held' && s.holds.includes('too_fast'))).toBe(true);
    for (const { id } of listHeldAnswers(t.db, campaignId))
      orThrow(
        reviewHeldAnswer(t.db, { decision: 'accept', campaignId, answerId: id }, SYSTEM_ACTOR, Date.now()),
      );
    expect(countResponses(t.db, campaignId)).toBe(4);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
