// The operator's industry code list: the admin adds an industry (after the form has shown what is
// wrong with the first tries), an applicant finds it on the application form, the admin retires it
// and it is gone from the form, and the audit log has recorded each step.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ApiClient,
  assertNoHorizontalScroll,
  createOperatorAdmin,
  signInInPage,
  uniqueEmail,
} from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const TEA = { code: 'tea_house', ko: '전통찻집', en: 'Traditional tea house' };

describe('operator console: industries', () => {
  let server;
  let browser;
  let admin;
  let applicant;
  let existing;

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      applicant = { name: '차순이', email: uniqueEmail('tea') };
      const client = await ApiClient.signUp(server.url, applicant);
      existing = (await client.industries())[0];
      await client.dispose();
    },
    { timeout: 60_000 },
  );
  after(
    async () => {
      await browser?.close();
      assert.equal(await server?.stop(), 0, 'jangteo should stop cleanly on SIGTERM');
    },
    { timeout: 30_000 },
  );

  /** The industries the application form offers, by code, as the applicant sees them after a reload. */
  async function offered(page) {
    await page.goto('/apply');
    await page.waitForFunction(() => document.querySelectorAll('select[name="industry_code"] option').length > 1);
    return page.locator('select[name="industry_code"] option').evaluateAll((options) =>
      options.map((o) => ({ value: o.value, label: o.textContent })).filter((o) => o.value !== ''),
    );
  }

  test('the admin adds an industry, applicants see it; retired, it is gone', { timeout: 60_000 }, async () => {
    const operator = await newPage(browser, { baseURL: server.url });
    const person = await newPage(browser, { baseURL: server.url });
    try {
      const { page } = operator;
      await signInInPage(page, { email: admin.email, password: admin.password });
      await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '운영 콘솔' }).click();
      await page.waitForURL('**/operator/applications');
      await page.getByRole('navigation', { name: '운영 콘솔 메뉴' }).getByRole('link', { name: '업종' }).click();
      await page.waitForURL('**/operator/industries');
      await expectText(page.locator('h1'), '업종');
      const row = (code) => page.locator(`[data-testid="industry"][data-code="${code}"]`);
      await expectText(row(existing.code).getByTestId('industry-state'), '사용 중');
      const before = await page.getByTestId('industry').count();
      assert.ok(before > 1, 'the default list is there');
      await expectText(page.getByRole('status').filter({ hasText: '그중' }), `업종 ${before}개, 그중 사용 중 ${before}개`);

      let posted = 0;
      page.on('request', (r) => {
        if (r.url().endsWith('/api/v1/operator/industries') && r.method() === 'POST') posted += 1;
      });
      const form = page.getByTestId('industry-form');
      const field = (label) => form.locator('.field', { has: page.getByLabel(label, { exact: true }) });
      const fieldError = (label) => field(label).getByTestId('field-error');
      const adding = () =>
        page.waitForResponse((r) => r.url().endsWith('/api/v1/operator/industries') && r.request().method() === 'POST');

      // Nothing typed: each field says so, and nothing is sent.
      await page.getByRole('button', { name: '업종 추가하기' }).click();
      await expectText(fieldError('코드'), '꼭 입력해야 합니다.');
      await expectText(fieldError('이름 (한글)'), '꼭 입력해야 합니다.');
      await expectText(fieldError('이름 (영문)'), '꼭 입력해야 합니다.');
      assert.equal(posted, 0);

      // A code with capitals and a space, an English name in Hangul: the server's field errors, in place.
      await page.getByLabel('코드', { exact: true }).fill('Tea House');
      await page.getByLabel('이름 (한글)', { exact: true }).fill(TEA.ko);
      await page.getByLabel('이름 (영문)', { exact: true }).fill('전통 찻집');
      let answer = adding();
      await page.getByRole('button', { name: '업종 추가하기' }).click();
      assert.equal((await answer).status(), 422);
      await expectText(fieldError('코드'), /영문 소문자, 숫자, 밑줄\(_\)로 2~32자/);
      await expectText(fieldError('이름 (영문)'), '영문자, 숫자, 문장 부호로 써 주세요.');
      assert.equal(await page.getByLabel('코드', { exact: true }).getAttribute('aria-invalid'), 'true');
      assert.equal(await page.getByLabel('이름 (한글)', { exact: true }).getAttribute('aria-invalid'), 'false');
      await screenshot(page, 'console-industries-invalid-ko');

      // A code that exists already.
      await page.getByLabel('코드', { exact: true }).fill(existing.code);
      await page.getByLabel('이름 (영문)', { exact: true }).fill(TEA.en);
      answer = adding();
      await page.getByRole('button', { name: '업종 추가하기' }).click();
      assert.equal((await answer).status(), 409);
      await expectText(fieldError('코드'), '이미 있는 업종 코드입니다.');
      assert.equal(await page.getByTestId('industry').count(), before, 'refused input adds nothing');

      // Now right.
      await page.getByLabel('코드', { exact: true }).fill(TEA.code);
      answer = adding();
      await page.getByRole('button', { name: '업종 추가하기' }).click();
      assert.equal((await answer).status(), 201);
      await expectText(page.getByTestId('industries-notice'), `‘${TEA.ko}’ 업종을 추가했습니다. 이제 입점 신청서에서 고를 수 있습니다.`);
      await expectText(row(TEA.code), new RegExp(`${TEA.ko}\\s*${TEA.en}`));
      await expectText(row(TEA.code).getByTestId('industry-state'), '사용 중');
      assert.equal(await page.getByTestId('industry').count(), before + 1);
      assert.equal(await page.getByLabel('코드', { exact: true }).inputValue(), '', 'the form is empty again');
      await screenshot(page, 'console-industries-ko');

      // The console's own filter offers it without a reload.
      await page.getByRole('navigation', { name: '운영 콘솔 메뉴' }).getByRole('link', { name: '입점 신청·상점' }).click();
      await page.waitForFunction(
        (code) => [...document.querySelectorAll('select[name="industry"] option')].some((o) => o.value === code),
        TEA.code,
      );

      // An applicant finds it on the application form.
      await signInInPage(person.page, { email: applicant.email });
      let choices = await offered(person.page);
      assert.ok(
        choices.some((c) => c.value === TEA.code && c.label === TEA.ko),
        `the form offers ${TEA.ko}: ${JSON.stringify(choices)}`,
      );

      // The admin retires it, after confirming.
      await page.getByRole('navigation', { name: '운영 콘솔 메뉴' }).getByRole('link', { name: '업종' }).click();
      await expectText(row(TEA.code).getByTestId('industry-state'), '사용 중');
      await row(TEA.code).getByRole('button', { name: '사용 중지' }).click();
      await expectText(row(TEA.code).getByRole('group'), /새 입점 신청에서 고를 수 없게 됩니다/);
      answer = page.waitForResponse(
        (r) => r.url().endsWith(`/operator/industries/${TEA.code}`) && r.request().method() === 'PUT',
      );
      await row(TEA.code).getByRole('button', { name: '사용 중지하기' }).click();
      assert.equal((await answer).status(), 200);
      await expectText(row(TEA.code).getByTestId('industry-state'), '사용 중지');
      await expectText(page.getByTestId('industries-notice'), /사용을 중지했습니다/);
      await expectText(page.getByRole('status').filter({ hasText: '그중' }), `업종 ${before + 1}개, 그중 사용 중 ${before}개`);
      assert.equal(await row(TEA.code).getByRole('button', { name: '다시 사용' }).count(), 1);
      await screenshot(page, 'console-industries-retired-ko');

      // It is gone from the form; the others stay.
      choices = await offered(person.page);
      assert.ok(!choices.some((c) => c.value === TEA.code), `${TEA.code} is no longer offered`);
      assert.ok(choices.some((c) => c.value === existing.code), 'the other industries stay');
      assert.equal(choices.length, before);

      // The audit log has the addition and the retirement, by this admin.
      await page.goto('/operator/audit?action=industry.deactivated');
      const retired = page.locator('[data-testid="audit-event"][data-action="industry.deactivated"]');
      await expectText(retired.getByTestId('audit-action'), '업종 사용 중지');
      await expectText(retired.getByTestId('audit-detail'), new RegExp(`업종 코드\\s*${TEA.code}`));
      await expectText(retired.getByTestId('audit-actor'), '운영관리자 (나)');
      await page.getByLabel('활동 종류').selectOption('industry.added');
      const added = page.locator('[data-testid="audit-event"][data-action="industry.added"]');
      await expectText(added.getByTestId('audit-detail'), new RegExp(`${TEA.ko} · ${TEA.en}`));

      // Offered again.
      await page.goto('/operator/industries');
      await row(TEA.code).getByRole('button', { name: '다시 사용' }).click();
      await expectText(row(TEA.code).getByTestId('industry-state'), '사용 중');
      await expectText(page.getByTestId('industries-notice'), /다시 사용합니다/);
      choices = await offered(person.page);
      assert.ok(choices.some((c) => c.value === TEA.code), `${TEA.code} is offered again`);
      assert.deepEqual(operator.errors, []);
      assert.deepEqual(person.errors, []);
    } finally {
      await operator.context.close();
      await person.context.close();
    }
  });

  test('the industries page in English and on a phone', { timeout: 30_000 }, async () => {
    const viewport = { width: 375, height: 812 };
    const { context, page, errors } = await newPage(browser, { baseURL: server.url, viewport });
    const tea = page.locator(`[data-testid="industry"][data-code="${TEA.code}"]`);
    try {
      await signInInPage(page, { email: admin.email, password: admin.password });
      await page.goto('/operator/industries');
      await expectText(tea.getByTestId('industry-state'), '사용 중');
      await assertNoHorizontalScroll(page, 'industries');
      await screenshot(page, 'phone-console-industries-ko');
      await page.getByRole('button', { name: 'English' }).click();
      await expectText(page.locator('h1'), 'Industries');
      await expectText(page.getByRole('button', { name: 'Add the industry' }), 'Add the industry');
      await expectText(tea.getByTestId('industry-state'), 'In use');
      await assertNoHorizontalScroll(page, 'industries-en');
      await screenshot(page, 'phone-console-industries-en');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('customers get no industries page, and the API refuses them', { timeout: 30_000 }, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: applicant.email });
      await page.goto('/operator/industries');
      await expectText(page.locator('h1'), '권한이 없습니다');
      assert.equal(await page.getByTestId('industries').count(), 0);
      const client = await ApiClient.signIn(server.url, { email: applicant.email });
      const sneaky = { code: 'sneaky', name_ko: '몰래', name_en: 'Sneaky' };
      const refused = await client.call('POST', '/api/v1/operator/industries', sneaky, 403);
      await client.dispose();
      assert.match(refused.type, /operator_only$/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
