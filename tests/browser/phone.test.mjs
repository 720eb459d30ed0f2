// The main pages at a phone's size (375 × 812): each fits the width (no sideways scrolling), forms
// are one column, and tables become stacked cards. A screenshot of each is kept.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ApiClient,
  Mailbox,
  approvedMerchant,
  assertNoHorizontalScroll,
  businessNumber,
  createOperatorAdmin,
  signInInPage,
  signOutInPage,
  uniqueEmail,
} from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const PHONE = { width: 375, height: 812 };

describe('phone-size pages', () => {
  let server;
  let browser;
  let admin;
  let shop;
  let applied;

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      shop = await approvedMerchant(server, admin, {
        ownerName: '황영도',
        ownerEmail: uniqueEmail('yeongdo'),
        // A long name, to check that it wraps rather than widens the page.
        nameKo: '영도 바다를 품은 수제 어묵과 전통 부산 분식 전문점',
        seed: 5001,
      });
      const applicant = await ApiClient.signUp(server.url, { name: '남포동', email: uniqueEmail('nampo') });
      applied = await applicant.apply({ nameKo: '남포동 골목 서점', number: businessNumber(5002) });
      await applicant.dispose();
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

  async function check(page, name, heading) {
    await expectText(page.locator('h1'), heading);
    await assertNoHorizontalScroll(page, name);
    await screenshot(page, `phone-${name}`);
  }

  test('the portal, sign-in and my page fit a phone', { timeout: 45_000 }, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url, viewport: PHONE });
    try {
      await page.goto('/');
      await check(page, 'home-ko', '부산 장터에 오신 것을 환영합니다');
      await page.goto('/signup');
      await check(page, 'signup-ko', '회원가입');
      // One column: the inputs are as wide as the form.
      // The page's own form (the header holds the search form too).
      const widths = await page
        .locator('main form .field__input')
        .evaluateAll((inputs) => inputs.map((i) => i.getBoundingClientRect().width));
      const form = await page.locator('main form').evaluate((f) => f.getBoundingClientRect().width);
      assert.ok(
        widths.every((w) => w > form * 0.8),
        `every input spans the form: ${widths} of ${form}`,
      );
      await page.goto('/reset-password');
      await check(page, 'reset-password-ko', '비밀번호 재설정');
      await page.goto('/signin');
      await check(page, 'signin-ko', '로그인');

      await signInInPage(page, { email: shop.owner.email });
      await check(page, 'me-ko', '마이페이지');
      await page.goto('/apply');
      await page.waitForFunction(() => document.querySelectorAll('select[name="district_code"] option').length > 1);
      await check(page, 'apply-ko', '입점 신청');

      await page.goto(`/merchant/${shop.merchant.id}/staff`);
      await expectText(page.getByTestId('member').first(), /황영도/);
      // The members table is a stack of cards here: its header row is hidden, each row a block.
      const display = await page
        .getByTestId('member')
        .first()
        .evaluate((tr) => getComputedStyle(tr).display);
      assert.equal(display, 'block');
      await check(page, 'staff-ko', '영도 바다를 품은 수제 어묵과 전통 부산 분식 전문점');
      const mailbox = new Mailbox(server.mailDir);
      mailbox.mark();
      await page.getByLabel('초대할 이메일').fill(uniqueEmail('phone.staff'));
      await page.getByRole('button', { name: '초대 보내기' }).click();
      await expectText(page.getByTestId('invite-notice'), /초대를 보냈습니다/);
      const token = await mailbox.waitForLink({ path: '/invitations/accept' });
      await assertNoHorizontalScroll(page, 'staff with an invitation');

      await page.goto(`/merchant/${shop.merchant.id}/api-keys`);
      await page.getByLabel('키 이름').fill('휴대폰 테스트 키');
      await page.locator('input[name="scopes"]').first().check();
      await page.getByRole('button', { name: 'API 키 만들기' }).click();
      await expectText(page.getByTestId('secret-warning'), /한 번만 보여 드립니다/);
      await check(page, 'api-keys-secret-ko', '영도 바다를 품은 수제 어묵과 전통 부산 분식 전문점');

      await signOutInPage(page);
      await page.goto(`/invitations/accept#token=${encodeURIComponent(token)}`);
      await expectText(page.getByTestId('invite-merchant'), '영도 바다를 품은 수제 어묵과 전통 부산 분식 전문점');
      await check(page, 'invitation-ko', '직원 초대');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the operator console fits a phone, in Korean and in English', { timeout: 45_000 }, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url, viewport: PHONE });
    try {
      await signInInPage(page, { email: admin.email, password: admin.password });
      await page.goto('/operator/applications');
      await expectText(page.getByTestId('application').first(), /남포동 골목 서점/);
      await check(page, 'console-applications-ko', '입점 신청·상점');
      await page.getByTestId('application').first().getByRole('link').click();
      await page.waitForURL(`**/operator/applications/${applied.id}`);
      await page.getByRole('button', { name: '반려', exact: true }).click();
      await check(page, 'console-review-ko', '남포동 골목 서점');

      await page.getByRole('button', { name: 'English' }).click();
      await expectText(page.getByRole('button', { name: 'Reject the application' }), 'Reject the application');
      await assertNoHorizontalScroll(page, 'console-review-en');
      await screenshot(page, 'phone-console-review-en');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
