// Debian's Chromium driven by playwright-core: no browser download, ever.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

export function launchBrowser() {
  return chromium.launch({
    executablePath,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 20_000,
  });
}

/**
 * A fresh context (empty localStorage) and page at a desktop size. Uncaught page errors are collected
 * in `errors`, for the test to assert that there were none.
 */
export async function newPage(browser, { baseURL, viewport = { width: 1280, height: 800 }, locale = 'ko-KR' } = {}) {
  const context = await browser.newContext({ baseURL, viewport, locale, timezoneId: 'Asia/Seoul' });
  context.setDefaultTimeout(8_000);
  context.setDefaultNavigationTimeout(10_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  return { context, page, errors };
}

/** The folder for screenshots: $JANGTEO_SCREENSHOTS, or one under the temporary folder. Never committed. */
export const screenshotDir = process.env.JANGTEO_SCREENSHOTS || join(tmpdir(), 'jangteo-browser-screenshots');

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Waits until the locator's trimmed text equals (or, for a RegExp, matches) `expected`, then asserts it. */
export async function expectText(locator, expected, { timeoutMs = 8_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let text = null;
  for (;;) {
    try {
      text = ((await locator.first().textContent({ timeout: Math.max(1, deadline - Date.now()) })) ?? '').trim();
    } catch {
      text = null;
    }
    const ok = text !== null && (expected instanceof RegExp ? expected.test(text) : text === expected);
    if (ok || Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (expected instanceof RegExp) assert.match(text ?? '<no element>', expected);
  else assert.equal(text, expected);
}

/** Waits until `fn` (run in the page) returns `expected`, then asserts it. */
export async function expectInPage(page, fn, expected, arg, { timeoutMs = 8_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let value;
  for (;;) {
    value = await page.evaluate(fn, arg);
    if (value === expected || Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(value, expected);
}

/**
 * Waits until the page's title is `expected`, then asserts it. The portal's name in the title comes
 * from the operator's settings, which load after the page first renders.
 */
export async function expectTitle(page, expected, options) {
  await expectInPage(page, () => document.title, expected, undefined, options);
}
