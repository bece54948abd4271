import type { Page } from 'playwright-core';

/** Answers whatever form the page shows: one option in every choice group, a sentence in every text box. */
export async function fillForm(page: Page): Promise<number> {
  const questions = page.locator('[data-question]');
  const count = await questions.count();
  for (let i = 0; i < count; i++) {
    const q = questions.nth(i);
    const area = q.locator('textarea');
    if ((await area.count()) > 0) {
      await area.fill(`Ý kiến số ${i + 1}: tiếp tục đẩy mạnh chuyển đổi số.`);
      continue;
    }
    const choices = q.locator('label.choice');
    await choices.nth(i % (await choices.count())).click();
  }
  return count;
}
