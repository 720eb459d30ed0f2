// The audit log: an owner reads the shop's activity (API keys created and revoked, an invitation sent
// and accepted, the operator's approval) while staff get no such tab; the operator reads the whole
// log (sign-ins, a failed sign-in, the approval), filters it by action and pages through it; both
// fit a phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ApiClient,
  Mailbox,
  approvedMerchant,
  assertNoHorizontalScroll,
  createOperatorAdmin,
  signInInPage,
  uniqueEmail,
} from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 30_000 };
// Several sign-ins, each an Argon2id hash: slow on a busy machine.
const LONG = { timeout: 45_000 };
const KEY_NAME = '1층 계산대 POS';
const PHONE = { width: 375, height: 812 };

/**
 * How the page should write an event's time: in Asia/Seoul (UTC+9, no daylight saving), to the second.
 * Korean is spelt out here, as Node.js may lack the Korean locale data: "2024. 5. 3. 오후 2:05:09".
 */
function seoulTime(iso, lang = 'ko') {
  const at = new Date(iso);
  if (lang === 'en') {
    const options = { timeZone: 'Asia/Seoul', dateStyle: 'medium', timeStyle: 'medium' };
    return new Intl.DateTimeFormat('en-GB', options).format(at);
  }
  const seoul = new Date(at.getTime() + 9 * 3600 * 1000);
  const hour = seoul.getUTCHours();
  const two = (n) => String(n).padStart(2, '0');
  const clock = `${hour % 12 === 0 ? 12 : hour % 12}:${two(seoul.getUTCMinutes())}:${two(seoul.getUTCSeconds())}`;
  const date = `${seoul.getUTCFullYear()}. ${seoul.getUTCMonth() + 1}. ${seoul.getUTCDate()}.`;
  return `${date} ${hour < 12 ? '오전' : '오후'} ${clock}`;
}

describe('audit log', () => {
  let server;
  let browser;
  let mailbox;
  let admin;
  let shop;
  let staff;
  let scopes;
  let key;

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      mailbox = new Mailbox(server.mailDir);
      admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      shop = await approvedMerchant(server, admin, {
        ownerName: '서동백',
        ownerEmail: uniqueEmail('dongbaek'),
        nameKo: '동백섬 횟집',
        seed: 6001,
      });

      // The owner creates and revokes a key and invites a member of staff, who accepts.
      const owner = await ApiClient.signIn(server.url, { email: shop.owner.email });
      const base = `/api/v1/merchants/${shop.merchant.id}`;
      const offered = await owner.call('GET', '/api/v1/api-key-scopes', undefined, 200);
      scopes = offered.items.map((s) => s.scope).slice(0, 2);
      key = (await owner.call('POST', `${base}/api-keys`, { name: KEY_NAME, scopes }, 201)).key;
      await owner.call('DELETE', `${base}/api-keys/${key.id}`, undefined, 204);
      staff = { name: '이혜진', email: uniqueEmail('hyejin') };
      mailbox.mark();
      await owner.call('POST', `${base}/invitations`, { email: staff.email, role: 'staff' }, 201);
      const token = await mailbox.waitForLink({ to: staff.email, path: '/invitations/accept' });
      const member = await ApiClient.signUp(server.url, staff);
      staff.id = member.user.id;
      await member.call('POST', '/api/v1/invitations/accept', { token }, 200);
      await member.dispose();
      await owner.dispose();
    },
    { timeout: 60_000 },
  );
  after(async () => {
    await browser?.close();
    assert.equal(await server?.stop(), 0, 'jangteo should stop cleanly on SIGTERM');
  }, T);

  const event = (page, action) => page.locator(`[data-testid="audit-event"][data-action="${action}"]`);
  const actions = (page) => page.getByTestId('audit-event').evaluateAll((rows) => rows.map((r) => r.dataset.action));

  test("the owner reads the shop's activity: keys, the invitation, the approval", T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: shop.owner.email });
      await page.goto(`/merchant/${shop.merchant.id}/staff`);
      await page.getByRole('navigation', { name: '상점 관리 메뉴' }).getByRole('link', { name: '활동 기록' }).click();
      await page.waitForURL(`**/merchant/${shop.merchant.id}/audit`);
      await expectText(page.getByRole('heading', { level: 2 }), '활동 기록');

      // Newest first; only this shop's events (no sign-ins, which belong to no shop).
      await expectText(page.getByTestId('audit-event').first().getByTestId('audit-action'), /./);
      const seen = await actions(page);
      assert.ok(
        seen.every((a) => /^(merchant|membership|invitation|api_key)\./.test(a)),
        `only the shop's events: ${seen}`,
      );
      for (const a of ['api_key.created', 'api_key.revoked', 'invitation.created', 'invitation.accepted']) {
        assert.ok(seen.includes(a), `${a} is listed: ${seen}`);
      }
      assert.ok(seen.indexOf('api_key.revoked') < seen.indexOf('api_key.created'), 'newest first');
      assert.equal(seen.at(-1), 'merchant.applied', 'the application is the oldest');

      // The key's creation names it and its scopes; its revocation names it too (from the key list).
      const created = event(page, 'api_key.created');
      await expectText(created.getByTestId('audit-action'), 'API 키 생성');
      await expectText(created.getByTestId('audit-detail'), new RegExp(KEY_NAME));
      for (const scope of scopes) await expectText(created.getByTestId('audit-detail'), new RegExp(scope));
      await expectText(created.getByTestId('audit-actor'), '서동백 (나)');
      await expectText(created.getByTestId('audit-address'), '127.0.0.1');
      const revoked = event(page, 'api_key.revoked');
      await expectText(revoked.getByTestId('audit-action'), 'API 키 폐기');
      await expectText(revoked.getByTestId('audit-detail'), new RegExp(`API 키\\s*${KEY_NAME}`));

      // The invitation: to whom and as what; accepted by the new member, named.
      const invited = event(page, 'invitation.created');
      await expectText(invited.getByTestId('audit-action'), '직원 초대');
      await expectText(invited.getByTestId('audit-detail'), new RegExp(staff.email.replace(/[.]/g, '\\.')));
      await expectText(invited.getByTestId('audit-detail'), /역할\s*직원/);
      await expectText(event(page, 'invitation.accepted').getByTestId('audit-actor'), staff.name);

      // The approval was the operator's: the shop reads "operator", not an admin's id.
      const approval = event(page, 'merchant.approved');
      await expectText(approval.getByTestId('audit-action'), '입점 승인');
      await expectText(approval.getByTestId('audit-detail'), /심사 중\s*→\s*(에서)?\s*승인/);
      await expectText(approval.getByTestId('audit-actor'), '운영자');

      // The time, in Asia/Seoul to the second.
      const time = created.getByTestId('audit-time').locator('time');
      const at = await time.getAttribute('datetime');
      await expectText(time, seoulTime(at));
      await screenshot(page, 'activity-owner-ko');

      // The filter offers the shop's actions only, and keeps its choice in the address.
      const offered = await page.getByLabel('활동 종류').locator('option').evaluateAll((o) => o.map((x) => x.value));
      assert.ok(offered.includes('api_key.created') && !offered.includes('user.signed_in'), `${offered}`);
      const filtered = page.waitForResponse((r) => r.url().includes('/audit-events?') && r.url().includes('action='));
      await page.getByLabel('활동 종류').selectOption('api_key.created');
      assert.equal((await filtered).status(), 200);
      await page.waitForURL((url) => url.searchParams.get('action') === 'api_key.created');
      await expectText(page.getByRole('status').filter({ hasText: '건 표시 중' }), '1건 표시 중');
      assert.deepEqual(await actions(page), ['api_key.created']);
      await page.getByLabel('활동 종류').selectOption('membership.removed');
      await expectText(page.getByTestId('no-events'), '이 종류의 활동은 기록되지 않았습니다.');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('staff get no activity tab, and the page tells them it is for owners', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      let asked = 0;
      page.on('request', (r) => {
        if (r.url().includes('/audit-events')) asked += 1;
      });
      await signInInPage(page, { email: staff.email });
      await page.goto(`/merchant/${shop.merchant.id}/staff`);
      const tabs = page.getByRole('navigation', { name: '상점 관리 메뉴' });
      await expectText(tabs.getByRole('link', { name: '직원' }), '직원');
      assert.equal(await tabs.getByRole('link', { name: '활동 기록' }).count(), 0);
      await page.goto(`/merchant/${shop.merchant.id}/audit`);
      await expectText(page.getByTestId('owner-only'), '상점 소유자만 쓸 수 있는 기능입니다.');
      assert.equal(await page.getByTestId('audit-events').count(), 0);
      assert.equal(asked, 0, 'the page does not ask for the log');
      // Nor does the API give it to them.
      const client = await ApiClient.signIn(server.url, { email: staff.email });
      const answer = await client.call('GET', `/api/v1/merchants/${shop.merchant.id}/audit-events`);
      await client.dispose();
      assert.match(answer.type, /owner_only$/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the operator reads sign-ins, a failed sign-in and the approval; filters by action', LONG, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      // A mistyped password for a known account and a sign-in with an unknown email, then the admin.
      await page.goto('/signin');
      for (const email of [staff.email, uniqueEmail('nobody')]) {
        await page.getByLabel('이메일', { exact: true }).fill(email);
        await page.getByLabel('비밀번호', { exact: true }).fill('not-the-password-0');
        const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/sessions'));
        await page.getByRole('main').getByRole('button', { name: '로그인' }).click();
        assert.equal((await refused).status(), 401);
        await expectText(page.getByTestId('form-error'), '이메일 또는 비밀번호가 맞지 않습니다.');
      }
      await signInInPage(page, { email: admin.email, password: admin.password });

      await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '운영 콘솔' }).click();
      await page.waitForURL('**/operator/applications');
      await page.getByRole('navigation', { name: '운영 콘솔 메뉴' }).getByRole('link', { name: '감사 로그' }).click();
      await page.waitForURL('**/operator/audit');
      await expectText(page.locator('h1'), '감사 로그');

      // The newest: the admin's own sign-in, from this machine.
      const newest = page.getByTestId('audit-event').first();
      await expectText(newest.getByTestId('audit-action'), '로그인');
      assert.equal(await newest.getAttribute('data-action'), 'user.signed_in');
      await expectText(newest.getByTestId('audit-actor'), '운영관리자 (나)');
      await expectText(newest.getByTestId('audit-address'), '127.0.0.1');
      const at = await newest.locator('time').getAttribute('datetime');
      await expectText(newest.locator('time'), seoulTime(at));

      // The failed sign-ins: the account when there is one, the reason, nobody signed in.
      const failed = event(page, 'user.sign_in_failed');
      assert.equal(await failed.count(), 2);
      await expectText(failed.first().getByTestId('audit-action'), '로그인 실패');
      await expectText(failed.first().getByTestId('audit-detail'), /계정\s*가입되지 않은 이메일/);
      await expectText(failed.last().getByTestId('audit-detail'), new RegExp(`계정\\s*${staff.id}`));
      await expectText(failed.last().getByTestId('audit-detail'), /사유\s*이메일 또는 비밀번호가 맞지 않음/);
      await expectText(failed.last().getByTestId('audit-actor'), '로그인 전');
      await expectText(failed.last().getByTestId('audit-address'), '127.0.0.1');

      // Sign-ins of others, and the approval with its merchant, named and linked to its review.
      assert.ok((await event(page, 'user.signed_in').count()) >= 2, 'every sign-in is listed');
      const approval = event(page, 'merchant.approved');
      await expectText(approval.getByTestId('audit-detail'), /심사 중\s*→\s*(에서)?\s*승인/);
      await expectText(approval.getByTestId('audit-actor'), '운영관리자 (나)');
      await expectText(approval.getByTestId('audit-merchant'), '동백섬 횟집');
      // The admin made on the server's command line: by the system, from no address.
      const granted = event(page, 'operator_admin.granted');
      await expectText(granted.getByTestId('audit-actor'), '시스템');
      await expectText(granted.getByTestId('audit-address'), '서버 명령');
      await screenshot(page, 'audit-console-ko');

      // Filter by action: only failed sign-ins, the choice in the address; then all again.
      await page.getByLabel('활동 종류').selectOption('user.sign_in_failed');
      await page.waitForURL((url) => url.searchParams.get('action') === 'user.sign_in_failed');
      await expectText(page.getByRole('status').filter({ hasText: '건 표시 중' }), '2건 표시 중');
      assert.deepEqual(await actions(page), ['user.sign_in_failed', 'user.sign_in_failed']);
      await screenshot(page, 'audit-console-filtered-ko');
      await page.reload();
      await expectText(page.getByRole('status').filter({ hasText: '건 표시 중' }), '2건 표시 중');
      assert.equal(await page.getByLabel('활동 종류').inputValue(), 'user.sign_in_failed', 'the filter survives a reload');
      assert.deepEqual(await actions(page), ['user.sign_in_failed', 'user.sign_in_failed']);
      await page.getByLabel('활동 종류').selectOption('merchant.approved');
      await expectText(page.getByRole('status').filter({ hasText: '건 표시 중' }), '1건 표시 중');
      await page.getByLabel('활동 종류').selectOption('');
      await page.waitForURL((url) => !url.searchParams.has('action'));
      await expectText(page.getByTestId('audit-event').first().getByTestId('audit-action'), '로그인');
      assert.ok(new Set(await actions(page)).size > 3, 'every kind of event again');

      // The merchant's link leads to its review.
      await approval.getByTestId('audit-merchant').getByRole('link').click();
      await page.waitForURL(`**/operator/applications/${shop.merchant.id}`);
      await expectText(page.getByTestId('merchant-name'), '동백섬 횟집');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('"show more" pages through a long log, in English too, and fits a phone', { timeout: 60_000 }, async () => {
    // Ten more keys, each created and revoked: twenty more events for the shop.
    const owner = await ApiClient.signIn(server.url, { email: shop.owner.email });
    const base = `/api/v1/merchants/${shop.merchant.id}`;
    for (let i = 0; i < 10; i += 1) {
      const made = (await owner.call('POST', `${base}/api-keys`, { name: `키 ${i}`, scopes: scopes.slice(0, 1) }, 201))
        .key;
      await owner.call('DELETE', `${base}/api-keys/${made.id}`, undefined, 204);
    }
    await owner.dispose();

    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: shop.owner.email });
      await page.goto(`/merchant/${shop.merchant.id}/audit`);
      await expectText(page.getByTestId('audit-event').first().getByTestId('audit-action'), 'API 키 폐기');
      assert.equal(await page.getByTestId('audit-event').count(), 20);
      // A revoked key is named once the keys' names have loaded (a request of its own): wait for them,
      // so that both snapshots show the same text.
      await expectText(page.getByTestId('audit-event').first(), /키 9/);
      const first = await page.getByTestId('audit-event').evaluateAll((rows) => rows.map((r) => r.textContent));
      const more = page.waitForResponse((r) => r.url().includes('/audit-events?') && r.url().includes('cursor='));
      await page.getByRole('button', { name: '더 보기' }).click();
      assert.equal((await more).status(), 200);
      await expectText(page.getByTestId('audit-event').last().getByTestId('audit-action'), '입점 신청');
      const all = await page.getByTestId('audit-event').evaluateAll((rows) => rows.map((r) => r.textContent));
      assert.ok(all.length > 20, `${all.length} events after "show more"`);
      assert.deepEqual(all.slice(0, 20), first, 'the next page comes after the first');
      assert.equal(await page.getByRole('button', { name: '더 보기' }).count(), 0, 'no more pages');

      await page.getByRole('button', { name: 'English' }).click();
      await expectText(page.getByRole('heading', { level: 2 }), 'Activity');
      await expectText(page.getByTestId('audit-event').first().getByTestId('audit-action'), 'API key revoked');
      await expectText(event(page, 'merchant.approved').getByTestId('audit-actor'), 'Operator');
      const at = await page.getByTestId('audit-event').first().locator('time').getAttribute('datetime');
      await expectText(page.getByTestId('audit-event').first().locator('time'), seoulTime(at, 'en'));
      await screenshot(page, 'activity-owner-en');

      // At a phone's width the rows are cards and nothing scrolls sideways.
      await page.getByRole('button', { name: '한국어' }).click();
      await page.setViewportSize(PHONE);
      await expectText(page.getByRole('heading', { level: 2 }), '활동 기록');
      const display = await page
        .getByTestId('audit-event')
        .first()
        .evaluate((tr) => getComputedStyle(tr).display);
      assert.equal(display, 'block');
      await assertNoHorizontalScroll(page, 'activity');
      await screenshot(page, 'phone-activity-ko');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }

    const operator = await newPage(browser, { baseURL: server.url, viewport: PHONE });
    try {
      await signInInPage(operator.page, { email: admin.email, password: admin.password });
      await operator.page.goto('/operator/audit');
      await expectText(operator.page.locator('h1'), '감사 로그');
      await expectText(operator.page.getByTestId('audit-event').first().getByTestId('audit-action'), '로그인');
      assert.equal(await operator.page.getByTestId('audit-event').count(), 20);
      await operator.page.getByRole('button', { name: '더 보기' }).click();
      await operator.page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-event"]').length > 20);
      await assertNoHorizontalScroll(operator.page, 'console audit');
      await screenshot(operator.page, 'phone-audit-console-ko');
      assert.deepEqual(operator.errors, []);
    } finally {
      await operator.context.close();
    }
  });

  test('the owner of a suspended shop still reads its activity, with the reason', T, async () => {
    const reason = '위생 점검 결과가 나올 때까지 정지합니다.';
    const operator = await ApiClient.signIn(server.url, { email: admin.email, password: admin.password });
    await operator.setStatus(shop.merchant.id, 'suspended', reason);
    await operator.dispose();
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: shop.owner.email });
      await page.goto(`/merchant/${shop.merchant.id}/audit`);
      await expectText(page.getByTestId('merchant-inactive'), /정지한 상점입니다/);
      const newest = page.getByTestId('audit-event').first();
      await expectText(newest.getByTestId('audit-action'), '상점 정지');
      const change = new RegExp(`승인\\s*→\\s*(에서)?\\s*정지\\s*사유\\s*${reason}`);
      await expectText(newest.getByTestId('audit-detail'), change);
      await expectText(newest.getByTestId('audit-actor'), '운영자');
      await screenshot(page, 'activity-suspended-ko');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('customers get no audit log', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: staff.email });
      await page.goto('/operator/audit');
      await expectText(page.locator('h1'), '권한이 없습니다');
      assert.equal(await page.getByTestId('audit-events').count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
