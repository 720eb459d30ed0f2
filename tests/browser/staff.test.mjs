// The merchant back office's staff page: the owner invites staff by email, the invitation arrives as a
// mail in the server's development mail folder, the invited person signs up (or signs in) and accepts,
// and the owner revokes invitations and removes staff. Staff see the shop but not the owner's tools.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ApiClient,
  Mailbox,
  PASSWORD,
  approvedMerchant,
  createOperatorAdmin,
  signInInPage,
  uniqueEmail,
} from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 30_000 };
const ACCEPT = '/invitations/accept';

describe('back office: staff and invitations', () => {
  let server;
  let browser;
  let mailbox;
  let shop;

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      mailbox = new Mailbox(server.mailDir);
      const admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      shop = await approvedMerchant(server, admin, {
        ownerName: '서동백',
        ownerEmail: uniqueEmail('dongbaek'),
        nameKo: '동백섬 횟집',
        nameEn: 'Dongbaek Island Sashimi',
        seed: 3001,
      });
    },
    { timeout: 60_000 },
  );
  after(async () => {
    await browser?.close();
    assert.equal(await server?.stop(), 0, 'jangteo should stop cleanly on SIGTERM');
  }, T);

  async function openStaffPageAsOwner(page) {
    await signInInPage(page, { email: shop.owner.email });
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '내 상점' }).click();
    await page.waitForURL(`**/merchant/${shop.merchant.id}/staff`);
    await expectText(page.getByTestId('merchant-name'), '동백섬 횟집');
    await expectText(page.getByTestId('member').first(), /서동백/);
  }

  async function invite(page, email) {
    mailbox.mark();
    await page.getByLabel('초대할 이메일').fill(email);
    const sent = page.waitForResponse(
      (r) => r.url().endsWith(`/merchants/${shop.merchant.id}/invitations`) && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: '초대 보내기' }).click();
    assert.equal((await sent).status(), 201);
    await expectText(page.getByTestId('invite-notice'), `${email}(으)로 초대를 보냈습니다.`);
    await expectText(
      page.getByTestId('invitation').filter({ hasText: email }),
      new RegExp(email.replace(/[.]/g, '\\.')),
    );
    return mailbox.waitForLink({ to: email, path: ACCEPT });
  }

  test('the owner invites by email; the invited person signs up, accepts and works as staff', T, async () => {
    const owner = await newPage(browser, { baseURL: server.url });
    const staffEmail = uniqueEmail('hyejin');
    let token;
    try {
      await openStaffPageAsOwner(owner.page);
      await expectText(owner.page.getByTestId('member').first().locator('.badge'), '소유자');
      await screenshot(owner.page, 'staff-owner-ko');
      token = await invite(owner.page, staffEmail);
      assert.ok(token.length >= 16, `a real token: ${token}`);
      await screenshot(owner.page, 'staff-invited-ko');
      assert.deepEqual(owner.errors, []);
    } finally {
      await owner.context.close();
    }

    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.goto(`${ACCEPT}#token=${encodeURIComponent(token)}`);
      await expectText(page.locator('h1'), '직원 초대');
      await expectText(page.getByTestId('invite-merchant'), '동백섬 횟집');
      await expectText(page.getByTestId('invite-email'), staffEmail);
      await expectText(page.getByTestId('invitation-card'), /직원/);
      await expectText(
        page.getByTestId('invite-sign-in-first'),
        '초대를 수락하려면 먼저 로그인하거나 회원가입해 주세요.',
      );
      assert.equal(new URL(page.url()).hash, '', 'the token is taken out of the address bar');
      await screenshot(page, 'invitation-sign-in-first-ko');

      // Sign up from here: the invited email is filled in, and the app comes back to the invitation.
      await page.getByTestId('invitation-card').getByRole('link', { name: '회원가입' }).click();
      await page.waitForURL((url) => url.pathname === '/signup');
      assert.equal(await page.getByLabel('이메일', { exact: true }).inputValue(), staffEmail);
      await page.getByLabel('이름', { exact: true }).fill('문혜진');
      await page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: '가입하기' }).click();
      await page.waitForURL((url) => url.pathname === ACCEPT);
      await expectText(page.getByTestId('invite-signed-in-as'), `문혜진(${staffEmail}) 계정으로 수락합니다.`);
      await screenshot(page, 'invitation-accept-ko');

      const accepted = page.waitForResponse((r) => r.url().endsWith('/api/v1/invitations/accept'));
      await page.getByRole('button', { name: '초대 수락' }).click();
      assert.equal((await accepted).status(), 200);
      await expectText(page.getByTestId('invite-accepted'), /‘동백섬 횟집’의 직원이 되었습니다\./);
      await screenshot(page, 'invitation-accepted-ko');

      // Staff see the shop and its members, but not the owner's tools.
      await page.getByRole('link', { name: '상점 관리로 가기' }).click();
      await page.waitForURL(`**/merchant/${shop.merchant.id}/staff`);
      await expectText(page.getByTestId('member').filter({ hasText: '문혜진' }).locator('.badge'), '직원');
      assert.equal(await page.getByRole('heading', { name: '직원 초대' }).count(), 0, 'no invitations for staff');
      assert.equal(await page.getByRole('button', { name: '내보내기' }).count(), 0, 'staff remove nobody');
      const tabs = page.getByRole('navigation', { name: '상점 관리 메뉴' });
      assert.equal(await tabs.getByRole('link', { name: 'API 키' }).count(), 0, 'no API keys tab for staff');
      await screenshot(page, 'staff-as-staff-ko');
      await page.goto(`/merchant/${shop.merchant.id}/api-keys`);
      await expectText(page.getByTestId('owner-only'), '상점 소유자만 쓸 수 있는 기능입니다.');

      // The link works once.
      await page.goto(`${ACCEPT}#token=${encodeURIComponent(token)}`);
      await expectText(
        page.getByTestId('invite-error'),
        /이미 수락된 초대입니다|초대 링크가 올바르지 않거나 취소되었습니다/,
      );
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }

    // The owner now sees the new staff member, and removes them.
    const again = await newPage(browser, { baseURL: server.url });
    try {
      await openStaffPageAsOwner(again.page);
      const member = again.page.getByTestId('member').filter({ hasText: '문혜진' });
      await expectText(member, new RegExp(staffEmail.replace(/[.]/g, '\\.')));
      assert.equal(
        await again.page.getByTestId('invitation').filter({ hasText: staffEmail }).count(),
        0,
        'accepted: no longer pending',
      );
      await member.getByRole('button', { name: '내보내기' }).click();
      await expectText(member.getByRole('group'), /문혜진님을 상점에서 내보낼까요\?/);
      await screenshot(again.page, 'staff-remove-confirm-ko');
      await member.getByRole('button', { name: '내보내기' }).click();
      await expectText(again.page.getByTestId('members-notice'), '문혜진님을 내보냈습니다.');
      assert.equal(await again.page.getByTestId('member').filter({ hasText: '문혜진' }).count(), 0);
      assert.equal(await again.page.getByTestId('member').count(), 1, 'only the owner is left');
      assert.deepEqual(again.errors, []);
    } finally {
      await again.context.close();
    }
  });

  test('a person with an account signs in from the invitation; a revoked invitation no longer works', T, async () => {
    const existing = { name: '백민호', email: uniqueEmail('minho') };
    const client = await ApiClient.signUp(server.url, existing);
    await client.dispose();

    const owner = await newPage(browser, { baseURL: server.url });
    let token;
    let revokedToken;
    const revokedEmail = uniqueEmail('changed.mind');
    try {
      await openStaffPageAsOwner(owner.page);
      token = await invite(owner.page, existing.email);
      revokedToken = await invite(owner.page, revokedEmail);
      const pending = owner.page.getByTestId('invitation').filter({ hasText: revokedEmail });
      await pending.getByRole('button', { name: '초대 취소' }).click();
      await pending.getByRole('button', { name: '초대 취소하기' }).click();
      await expectText(owner.page.getByTestId('invite-notice'), `${revokedEmail} 초대를 취소했습니다.`);
      assert.equal(await owner.page.getByTestId('invitation').filter({ hasText: revokedEmail }).count(), 0);
      await expectText(
        owner.page.getByTestId('invitation').filter({ hasText: existing.email }),
        new RegExp('대기|보냄'),
      );
      assert.deepEqual(owner.errors, []);
    } finally {
      await owner.context.close();
    }

    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.goto(`${ACCEPT}#token=${encodeURIComponent(revokedToken)}`);
      await expectText(
        page.getByTestId('invite-error'),
        /초대 링크가 올바르지 않거나 취소되었습니다|초대의 유효 기한이 지났습니다/,
      );
      await screenshot(page, 'invitation-revoked-ko');

      await page.goto(`${ACCEPT}#token=${encodeURIComponent(token)}`);
      await expectText(page.getByTestId('invite-merchant'), '동백섬 횟집');
      await page.getByTestId('invitation-card').getByRole('link', { name: '로그인' }).click();
      await page.waitForURL((url) => url.pathname === '/signin');
      await signInInPage(page, { email: existing.email, expectPath: ACCEPT });
      await page.getByRole('button', { name: '초대 수락' }).click();
      await expectText(page.getByTestId('invite-accepted'), /‘동백섬 횟집’의 직원이 되었습니다\./);
      await expectText(
        page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '내 상점' }),
        '내 상점',
      );
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
