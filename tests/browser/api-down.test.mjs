import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 30_000 };

describe('the API unavailable', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  }, T);
  after(async () => {
    await browser?.close();
  }, T);

  test('a stopped server: the form shows a connection error, not a blank page', T, async () => {
    const server = await startServer();
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.goto('/check/business-number');
      await expectText(page.getByTestId('operator-name'), '부산 장터');
      assert.equal(await server.stop(), 0, 'jangteo stops cleanly on SIGTERM');

      const input = page.getByRole('textbox', { name: '사업자등록번호' });
      await input.fill('606-81-01238');
      await page.getByRole('button', { name: '확인', exact: true }).click();
      await expectText(page.getByTestId('check-failed'), '서버에 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.');
      assert.equal(await page.getByTestId('check-failed').getAttribute('role'), 'alert');
      assert.equal(await page.getByTestId('check-result').count(), 0);
      assert.equal(await page.getByRole('button', { name: '확인', exact: true }).isEnabled(), true, 'the form can be sent again');
      await expectText(page.locator('h1'), '사업자등록번호 확인');
      await screenshot(page, 'check-server-down-ko');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      await server.stop();
    }
  });

  test('the operator cannot be loaded: an error with a retry, which recovers', T, async () => {
    const server = await startServer();
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.route('**/api/v1/operator', (route) => route.abort('connectionrefused'));
      await page.goto('/');
      const banner = page.getByTestId('operator-error');
      await expectText(banner, /포털 정보를 불러오지 못했습니다/);
      assert.equal(await banner.getAttribute('role'), 'alert');
      await expectText(page.locator('.brand'), '장터');
      const text = (await page.locator('main').innerText()).trim();
      assert.match(text, /서버에 연결할 수 없습니다/);
      assert.match(text, /사업자등록번호 확인/, 'the rest of the page is still there');
      await screenshot(page, 'home-api-down-ko');

      await page.unroute('**/api/v1/operator');
      await page.getByRole('button', { name: '다시 시도' }).click();
      await expectText(page.getByTestId('operator-name'), '부산 장터');
      await expectText(page.locator('h1'), '부산 장터에 오신 것을 환영합니다');
      assert.equal(await page.getByTestId('operator-error').count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      assert.equal(await server.stop(), 0);
    }
  });

  test('the server answers 503: the same error state, in English too', T, async () => {
    const server = await startServer();
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.route('**/api/v1/operator', (route) =>
        route.fulfill({
          status: 503,
          contentType: 'application/problem+json',
          headers: { 'Retry-After': '1' },
          body: JSON.stringify({ type: '/problems/unavailable', title: 'Service Unavailable', status: 503 }),
        }),
      );
      await page.goto('/');
      await expectText(page.getByTestId('operator-error'), /포털 정보를 불러오지 못했습니다/);
      await page.getByRole('button', { name: 'English' }).click();
      await expectText(page.getByTestId('operator-error'), /The portal could not be loaded/);
      await expectText(page.locator('.brand'), 'Jangteo');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      assert.equal(await server.stop(), 0);
    }
  });
});
