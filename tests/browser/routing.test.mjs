import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectText, launchBrowser, newPage, screenshot, expectTitle } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 30_000 };

describe('client-side routes', () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, T);
  after(async () => {
    await browser?.close();
    assert.equal(await server?.stop(), 0, 'jangteo should stop cleanly on SIGTERM');
  }, T);

  test('a deep link loads the page directly (the server answers with the app)', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      const response = await page.goto('/check/business-number');
      assert.equal(response.status(), 200);
      assert.match(response.headers()['content-type'], /^text\/html/);
      await expectText(page.locator('h1'), '사업자등록번호 확인');
      await expectText(page.getByTestId('operator-name'), '부산 장터');
      const link = page.getByRole('navigation').getByRole('link', { name: '사업자등록번호 확인' });
      assert.equal(await link.getAttribute('aria-current'), 'page');
      await expectTitle(page, '사업자등록번호 확인 · 부산 장터');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('links navigate without reloading the page', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.goto('/');
      await expectText(page.locator('h1'), '부산 장터에 오신 것을 환영합니다');
      await page.evaluate(() => {
        window.__sameDocument = true;
      });
      await page.getByRole('link', { name: '확인하러 가기' }).click();
      await page.waitForURL('**/check/business-number');
      await expectText(page.locator('h1'), '사업자등록번호 확인');
      await page.getByRole('navigation').getByRole('link', { name: '홈' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await expectText(page.locator('h1'), '부산 장터에 오신 것을 환영합니다');
      await page.goBack();
      await expectText(page.locator('h1'), '사업자등록번호 확인');
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no full page load happened');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('an unknown route shows the not-found page', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      const response = await page.goto('/no/such/page');
      assert.equal(response.status(), 200);
      await expectText(page.locator('h1'), '페이지를 찾을 수 없습니다');
      await expectText(page.getByTestId('operator-name'), '부산 장터');
      await expectTitle(page, '페이지를 찾을 수 없습니다 · 부산 장터');
      await screenshot(page, 'not-found-ko');

      await page.getByRole('button', { name: 'English' }).click();
      await expectText(page.locator('h1'), 'Page not found');
      await page.getByRole('link', { name: 'Go to the home page' }).click();
      await page.waitForURL((url) => url.pathname === '/');
      await expectText(page.locator('h1'), 'Welcome to Busan Jangteo');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
