// Applying as a merchant: the form with its district and industry lists from the API, the business
// number checked as it is typed, the refusals at their fields, and the application's status on my page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiClient, businessNumber, formatBusinessNumber, signUpInPage, uniqueEmail } from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot, expectTitle } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 30_000 };

describe('apply as a merchant', () => {
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

  test('asks to sign in first, then comes back to the form', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.goto('/');
      await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '입점 신청' }).click();
      await page.waitForURL((url) => url.pathname === '/signin');
      assert.equal(new URL(page.url()).searchParams.get('next'), '/apply');
      await page.getByRole('main').getByRole('link', { name: '회원가입' }).click();
      await page.waitForURL((url) => url.pathname === '/signup');
      await page.getByLabel('이름', { exact: true }).fill('최서연');
      await page.getByLabel('이메일', { exact: true }).fill(uniqueEmail('seoyeon'));
      await page.getByLabel('비밀번호', { exact: true }).fill('Gwangalli-bridge-night-47');
      await page.getByRole('button', { name: '가입하기' }).click();
      await page.waitForURL((url) => url.pathname === '/apply');
      await expectText(page.locator('h1'), '입점 신청');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a person applies with every field; the application shows on my page as under review', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signUpInPage(page, { name: '김민수', email: uniqueEmail('minsu') });
      await page.goto('/apply');
      await expectText(page.locator('h1'), '입점 신청');
      await expectTitle(page, '입점 신청 · 부산 장터');

      // The lists come from the API: Busan's districts (the region is in the label) and the industries.
      const district = page.getByLabel(/^구·군/);
      await expectText(page.locator('label[for]').filter({ hasText: '구·군' }), /^구·군 \(부산광역시\)$/);
      await page.waitForFunction(() => document.querySelectorAll('select[name="district_code"] option').length > 1);
      const districtOptions = await district.locator('option').allTextContents();
      assert.ok(districtOptions.includes('해운대구'), `해운대구 is offered: ${districtOptions}`);
      const industry = page.getByLabel('업종', { exact: true });
      await page.waitForFunction(() => document.querySelectorAll('select[name="industry_code"] option').length > 1);
      const industryValues = await industry
        .locator('option')
        .evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
      assert.ok(industryValues.length > 0, 'industries are offered');
      await screenshot(page, 'apply-ko');

      // The business number is checked as it is typed: a wrong check digit, then a right one.
      const number = page.getByLabel('사업자등록번호', { exact: true });
      const check = page.getByTestId('business-number-check');
      await number.fill('123-45-67890');
      await expectText(page.locator('.field--invalid').getByTestId('field-error'), /검증번호가 맞지 않습니다/);
      assert.equal(await number.getAttribute('aria-invalid'), 'true');
      const digits = businessNumber(4242);
      await number.fill(digits);
      await expectText(check, `올바른 번호입니다: ${formatBusinessNumber(digits)}`);
      assert.equal(await number.getAttribute('aria-invalid'), 'false');

      await page.getByLabel('상호 (한글)').fill('민수네 돼지국밥');
      await page.getByLabel(/상호 \(영문\)/).fill('Minsu Pork Soup');
      await page.getByLabel('대표자').fill('김민수');
      await industry.selectOption(industryValues[0]);
      await district.selectOption({ label: '해운대구' });
      await page.getByLabel('주소', { exact: true }).fill('부산광역시 해운대구 해운대해변로 264, 1층');
      await page.getByLabel('사업장 전화번호').fill('051-747-1234');
      await screenshot(page, 'apply-filled-ko');

      const answer = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/merchants') && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: '입점 신청하기' }).click();
      const response = await answer;
      assert.equal(response.status(), 201);
      const merchant = await response.json();
      assert.equal(merchant.status, 'applied');
      assert.equal(merchant.business_number, digits);
      assert.equal(merchant.district.name.ko, '해운대구');

      await page.waitForURL('**/me');
      await expectText(page.getByTestId('applied'), /‘민수네 돼지국밥’의 입점 신청을 접수했습니다/);
      const shop = page.getByTestId('my-shop').filter({ hasText: '민수네 돼지국밥' });
      await expectText(shop.getByTestId('merchant-status'), '심사 중');
      await expectText(shop, /소유자/);
      await expectText(shop, /입점 신청을 심사하고 있습니다\./);
      await expectText(
        page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '내 상점' }),
        '내 상점',
      );
      await screenshot(page, 'me-application-applied-ko');

      // The back office of a shop under review says so.
      await shop.getByRole('link', { name: '상점 관리' }).click();
      await expectText(page.getByTestId('merchant-inactive'), /입점 심사 중인 상점입니다/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('missing and refused fields are shown at their fields, and nothing is created', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signUpInPage(page, { name: '이하늘', email: uniqueEmail('haneul') });
      await page.goto('/apply');
      await page.waitForFunction(() => document.querySelectorAll('select[name="district_code"] option').length > 1);

      let sent = 0;
      page.on('request', (r) => {
        if (r.url().endsWith('/api/v1/merchants') && r.method() === 'POST') sent += 1;
      });
      await page.getByRole('button', { name: '입점 신청하기' }).click();
      await expectText(page.getByTestId('form-error'), '입력한 내용을 확인해 주세요.');
      assert.equal(await page.locator('.field--invalid').count(), 7, 'seven required fields are marked');
      assert.equal(sent, 0);
      await screenshot(page, 'apply-required-ko');

      // A taken business number and a malformed phone: the server's answers, at their fields.
      const digits = businessNumber(5151);
      const other = await ApiClient.signUp(server.url, { name: '정다은', email: uniqueEmail('daeun') });
      await other.apply({ nameKo: '다은 베이커리', number: digits });
      await other.dispose();
      const owner = page.getByLabel('대표자');
      await page.getByLabel('상호 (한글)').fill('하늘 꽃집');
      await page.getByLabel('사업자등록번호', { exact: true }).fill(digits);
      await owner.fill('이하늘');
      await page.getByLabel('업종', { exact: true }).selectOption({ index: 1 });
      await page.getByLabel(/^구·군/).selectOption({ index: 1 });
      await page.getByLabel('주소', { exact: true }).fill('부산광역시 중구 광복로 1');
      await page.getByLabel('사업장 전화번호').fill('12345');
      const first = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/merchants') && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: '입점 신청하기' }).click();
      const refused = await first;
      assert.ok([409, 422].includes(refused.status()), `refused: ${refused.status()}`);
      const phoneField = page.locator('.field', { has: page.getByLabel('사업장 전화번호') });
      const numberField = page.locator('.field', { has: page.getByLabel('사업자등록번호', { exact: true }) });
      if (refused.status() === 422) {
        await expectText(phoneField.getByTestId('field-error'), /전화번호 형식이 올바르지 않습니다/);
        await page.getByLabel('사업장 전화번호').fill('051-245-0000');
        const second = page.waitForResponse(
          (r) => r.url().endsWith('/api/v1/merchants') && r.request().method() === 'POST',
        );
        await page.getByRole('button', { name: '입점 신청하기' }).click();
        assert.equal((await second).status(), 409);
      }
      await expectText(numberField.getByTestId('field-error'), /이미 등록되었거나 심사 중인 사업자등록번호입니다/);
      await screenshot(page, 'apply-refused-ko');
      assert.equal(new URL(page.url()).pathname, '/apply');

      await page.goto('/me');
      await expectText(page.getByRole('region', { name: '내 상점' }), /아직 소속된 상점이 없습니다/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
