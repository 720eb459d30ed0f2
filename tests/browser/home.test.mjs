import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectInPage, expectText, launchBrowser, newPage, screenshot, expectTitle } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 30_000 };

describe('portal home', () => {
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

  test('shows the operator in Korean by default', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.goto('/');
      await expectText(page.getByTestId('operator-name'), '부산 장터');
      await expectText(page.getByTestId('operator-region'), '부산광역시 지역 상거래 포털');
      await expectText(page.locator('h1'), '부산 장터에 오신 것을 환영합니다');
      assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
      await expectTitle(page, '부산 장터');
      assert.equal(await page.getByRole('button', { name: '한국어' }).getAttribute('aria-pressed'), 'true');
      assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'false');
      await expectText(page.getByRole('navigation').getByRole('link', { name: '사업자등록번호 확인' }), '사업자등록번호 확인');
      await expectText(page.locator('.facts__list'), /원 \(KRW\).*Asia\/Seoul/);
      await expectText(page.locator('footer'), /운영: 부산 장터/);
      assert.deepEqual(errors, []);
      await screenshot(page, 'home-ko');
      await page.setViewportSize({ width: 375, height: 740 });
      await screenshot(page, 'home-ko-mobile');
    } finally {
      await context.close();
    }
  });

  test('switches to English, and the choice survives a reload', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.goto('/');
      await expectText(page.getByTestId('operator-name'), '부산 장터');
      await page.getByRole('button', { name: 'English' }).click();
      await expectText(page.getByTestId('operator-name'), 'Busan Jangteo');
      await expectText(page.locator('h1'), 'Welcome to Busan Jangteo');
      await expectText(page.getByTestId('operator-region'), 'Regional commerce portal of Busan');
      await expectInPage(page, () => document.documentElement.lang, 'en');
      assert.equal(await page.evaluate(() => localStorage.getItem('jangteo.lang')), 'en');
      await expectTitle(page, 'Busan Jangteo');
      await expectText(page.getByRole('navigation').getByRole('link', { name: 'Business number check' }), 'Business number check');
      await screenshot(page, 'home-en');

      await page.reload();
      await expectText(page.getByTestId('operator-name'), 'Busan Jangteo');
      await expectText(page.locator('h1'), 'Welcome to Busan Jangteo');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true');
      const text = await page.locator('body').innerText();
      assert.doesNotMatch(text, /환영합니다|사업자등록번호|부산 장터/, 'no Korean page text is left in English');

      await page.getByRole('button', { name: '한국어' }).click();
      await expectText(page.getByTestId('operator-name'), '부산 장터');
      await expectInPage(page, () => document.documentElement.lang, 'ko');
      assert.equal(await page.evaluate(() => localStorage.getItem('jangteo.lang')), 'ko');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('shows a loading state until the operator arrives', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      let release;
      const held = new Promise((r) => {
        release = r;
      });
      await page.route('**/api/v1/operator', async (route) => {
        await held;
        await route.continue();
      });
      await page.goto('/');
      await expectText(page.getByRole('status'), '불러오는 중…');
      assert.equal(await page.locator('.brand').getAttribute('aria-busy'), 'true');
      assert.equal(await page.getByTestId('operator-name').count(), 0);
      release();
      await expectText(page.getByTestId('operator-name'), '부산 장터');
      assert.equal(await page.getByRole('status').count(), 0, 'the loading state is gone');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('serves the content-hashed assets with the immutable cache', T, async () => {
    const index = await fetch(`${server.url}/`);
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    const html = await index.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    assert.ok(assets.some((a) => a.endsWith('.js')), `a script in ${html}`);
    assert.ok(assets.some((a) => a.endsWith('.css')), `a style sheet in ${html}`);
    for (const asset of assets) {
      const response = await fetch(`${server.url}${asset}`);
      assert.equal(response.status, 200, asset);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable', asset);
      await response.arrayBuffer();
    }
  });
});
