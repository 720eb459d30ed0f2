import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectText, launchBrowser, newPage, screenshot, expectTitle } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 30_000 };
const API = '/api/v1/validations/business-number';

describe('business number check', () => {
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

  async function openCheck(lang = 'ko') {
    const opened = await newPage(browser, { baseURL: server.url });
    const { page } = opened;
    await page.goto('/check/business-number');
    if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
    await expectText(page.getByTestId('operator-name'), lang === 'en' ? 'Busan Jangteo' : '부산 장터');
    return opened;
  }

  test('shows the formatted number of a valid one', T, async () => {
    const { context, page, errors } = await openCheck();
    try {
      await expectText(page.locator('h1'), '사업자등록번호 확인');
      const input = page.getByRole('textbox', { name: '사업자등록번호' });
      await input.fill('606-81-01238');
      const answer = page.waitForResponse((r) => r.url().endsWith(API));
      await page.getByRole('button', { name: '확인', exact: true }).click();
      assert.equal((await answer).status(), 200);
      await expectText(page.getByTestId('formatted-number'), '606-81-01238');
      await expectText(page.getByRole('status'), /올바른 사업자등록번호입니다\./);
      assert.equal(await input.getAttribute('aria-invalid'), 'false');
      assert.equal(await page.getByTestId('field-error').count(), 0);
      await screenshot(page, 'check-valid-ko');

      // Digits only are normalised the same way.
      await input.fill('6068101238');
      await input.press('Enter');
      await expectText(page.getByTestId('formatted-number'), '606-81-01238');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('shows the Korean field error for a wrong check digit, next to the field', T, async () => {
    const { context, page, errors } = await openCheck();
    try {
      const input = page.getByRole('textbox', { name: '사업자등록번호' });
      await input.fill('123-45-67890');
      const answer = page.waitForResponse((r) => r.url().endsWith(API));
      await input.press('Enter');
      assert.equal((await answer).status(), 422);
      const error = page.getByTestId('field-error');
      await expectText(error, /검증번호가 맞지 않습니다/);
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      const errorId = await error.getAttribute('id');
      assert.ok(errorId, 'the error has an id');
      const describedBy = (await input.getAttribute('aria-describedby')).split(/\s+/);
      assert.ok(describedBy.includes(errorId), `aria-describedby ${describedBy} names the error ${errorId}`);
      assert.equal(await page.getByTestId('check-result').count(), 0, 'no success shown');
      assert.ok(await input.evaluate((el) => el === document.activeElement), 'the focus goes back to the field');
      await screenshot(page, 'check-invalid-ko');
      await page.setViewportSize({ width: 375, height: 740 });
      await screenshot(page, 'check-invalid-ko-mobile');

      // Editing the number clears the error.
      await input.fill('123-45-6789');
      assert.equal(await input.getAttribute('aria-invalid'), 'false');
      assert.equal(await page.getByTestId('field-error').count(), 0);

      // Too few digits: the server's code, in our own Korean words, without the English message.
      await input.press('Enter');
      await expectText(page.getByTestId('field-error'), '사업자등록번호는 숫자 10자리입니다. 예: 123-45-67891');
      assert.doesNotMatch(await page.getByTestId('field-error').innerText(), /digits/);

      // An empty number is refused in the page, without a request.
      let requests = 0;
      page.on('request', (r) => {
        if (r.url().endsWith(API)) requests += 1;
      });
      await input.fill('');
      await page.getByRole('button', { name: '확인', exact: true }).click();
      await expectText(page.getByTestId('field-error'), '사업자등록번호를 입력해 주세요.');
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.equal(requests, 0);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('shows the page in English', T, async () => {
    const { context, page, errors } = await openCheck('en');
    try {
      await expectText(page.locator('h1'), 'Check a business registration number');
      await expectText(page.locator('.field__hint'), 'Enter 10 digits, with or without hyphens (-). Example: 123-45-67891');
      const input = page.getByRole('textbox', { name: 'Business registration number' });
      await input.fill('606-81-01238');
      await page.getByRole('button', { name: 'Check', exact: true }).click();
      await expectText(page.getByTestId('formatted-number'), '606-81-01238');
      await expectText(page.getByRole('status'), /This business registration number is valid\./);
      await expectTitle(page, 'Check a business registration number · Busan Jangteo');
      const text = await page.locator('body').innerText();
      assert.doesNotMatch(text.replace('한국어', ''), /[\uAC00-\uD7A3]/, 'no Hangul but the language button');
      await screenshot(page, 'check-valid-en');

      await input.fill('123-45-67890');
      await input.press('Enter');
      await expectText(page.getByTestId('field-error'), /check digit does not match/);
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.equal(await page.getByTestId('check-result').count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
