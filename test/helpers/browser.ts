import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TEST_PASSWORD } from './web';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Browser tests need Debian's chromium (`apt-get install -y chromium`; .ci/run installs it and sets
 * REQUIRE_BROWSER=1, so in CI a missing browser fails the run instead of skipping).
 */
export function browserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  if (process.env.REQUIRE_BROWSER) throw new Error(`REQUIRE_BROWSER is set but ${CHROMIUM_PATH} is missing`);
  console.warn(`Browser tests not run: ${CHROMIUM_PATH} not found (apt-get install -y chromium).`);
  return false;
}

/** Headless Chromium with the flags this closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Script errors and failed requests (4xx/5xx) on a page, collected as they happen. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(r.url());
  });
  return problems;
}

/** Opens a signed-in page: the login form it redirects to, filled in, then back at `url`. Returns the login URL. */
export async function signInAt(page: Page, url: string, username: string): Promise<string> {
  await page.goto(url);
  const loginUrl = page.url();
  await page.fill('#username', username);
  await page.fill('#password', TEST_PASSWORD);
  await Promise.all([page.waitForURL(url), page.click('button[type=submit]')]);
  return loginUrl;
}

/** The app on a free port of 127.0.0.1 for a browser to open: its base URL, and how to stop it. */
export async function listenLocally(app: Express): Promise<{ base: string; close: () => Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
