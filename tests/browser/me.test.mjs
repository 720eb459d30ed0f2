// My page: the list of signed-in devices with revoke, changing the password (which signs out the
// other devices), and resetting a forgotten password with the link the server mails.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  Mailbox,
  NEW_PASSWORD,
  PASSWORD,
  signInInPage,
  signOutInPage,
  signUpInPage,
  uniqueEmail,
} from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 30_000 };

describe('my page: sessions and passwords', () => {
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

  test('two devices: one signs the other out from the list of sessions', T, async () => {
    const email = uniqueEmail('sessions');
    const phone = await newPage(browser, { baseURL: server.url, viewport: { width: 375, height: 812 } });
    const laptop = await newPage(browser, { baseURL: server.url });
    try {
      await signUpInPage(laptop.page, { name: '강나래', email });
      await signInInPage(phone.page, { email });

      await laptop.page.goto('/me');
      const sessions = laptop.page.getByTestId('session');
      await expectText(laptop.page.getByTestId('sessions'), /지금 이 기기/);
      assert.equal(await sessions.count(), 2, 'both devices are listed');
      const current = laptop.page.locator('[data-testid="session"][data-current="true"]');
      await expectText(current, /지금 이 기기/);
      assert.equal(
        await current.getByRole('button', { name: '로그아웃시키기' }).count(),
        0,
        'this device is not signed out from here',
      );
      await expectText(current, /127\.0\.0\.1/);
      await screenshot(laptop.page, 'me-sessions-ko');

      const other = laptop.page.locator('[data-testid="session"][data-current="false"]');
      await other.getByRole('button', { name: '로그아웃시키기' }).click();
      await expectText(other.getByRole('group'), /이 기기를 로그아웃시킬까요\?/);
      const revoked = laptop.page.waitForResponse(
        (r) => r.url().includes('/api/v1/me/sessions/') && r.request().method() === 'DELETE',
      );
      await other.getByRole('button', { name: '로그아웃시키기' }).click();
      assert.equal((await revoked).status(), 204);
      await expectText(laptop.page.getByTestId('sessions-notice'), '그 기기를 로그아웃시켰습니다.');
      await expectText(laptop.page.getByTestId('sessions'), /지금 이 기기/);
      assert.equal(await sessions.count(), 1);

      // The phone finds itself signed out at its next step, and is asked to sign in again.
      await phone.page.goto('/me');
      await phone.page.waitForURL((url) => url.pathname === '/signin');
      await expectText(phone.page.locator('h1'), '로그인');
      assert.equal(await phone.page.getByTestId('account-name').count(), 0);
      assert.deepEqual(laptop.errors, []);
      assert.deepEqual(phone.errors, []);
    } finally {
      await phone.context.close();
      await laptop.context.close();
    }
  });

  test('a session that ends while the page is open sends the person to sign in, with a notice', T, async () => {
    const email = uniqueEmail('lost');
    const first = await newPage(browser, { baseURL: server.url });
    const second = await newPage(browser, { baseURL: server.url });
    try {
      await signUpInPage(first.page, { name: '임가람', email });
      await signInInPage(second.page, { email });
      await second.page.goto('/me');
      // The first device changes the password: every other session ends.
      await first.page.getByLabel('현재 비밀번호').fill(PASSWORD);
      await first.page.getByLabel('새 비밀번호').fill(NEW_PASSWORD);
      await first.page.getByRole('button', { name: '비밀번호 변경' }).click();
      await expectText(first.page.getByTestId('password-changed'), /비밀번호를 바꿨습니다/);

      // The second device's next call is refused; it lands on the sign-in page and is told why.
      await second.page.getByLabel('현재 비밀번호').fill(PASSWORD);
      await second.page.getByLabel('새 비밀번호').fill('Songdo-skywalk-wind-58');
      await second.page.getByRole('button', { name: '비밀번호 변경' }).click();
      await second.page.waitForURL((url) => url.pathname === '/signin');
      await expectText(
        second.page.getByTestId('session-lost'),
        '로그인 시간이 지났거나 로그아웃되었습니다. 다시 로그인해 주세요.',
      );
      await screenshot(second.page, 'signin-session-lost-ko');
      assert.deepEqual(first.errors, []);
      assert.deepEqual(second.errors, []);
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });

  test(
    'changing the password: a wrong current password is refused; the new one works, the old one not',
    T,
    async () => {
      const { context, page, errors } = await newPage(browser, { baseURL: server.url });
      try {
        const email = uniqueEmail('changer');
        await signUpInPage(page, { name: '조바다', email });
        const current = page.getByLabel('현재 비밀번호');
        const next = page.getByLabel('새 비밀번호');

        await current.fill('Definitely-not-it-12');
        await next.fill(NEW_PASSWORD);
        await page.getByRole('button', { name: '비밀번호 변경' }).click();
        await expectText(
          page.locator('.field--invalid').filter({ has: current }).getByTestId('field-error'),
          '현재 비밀번호가 맞지 않습니다.',
        );

        await current.fill(PASSWORD);
        await next.fill('qwertyuiop');
        await page.getByRole('button', { name: '비밀번호 변경' }).click();
        await expectText(
          page.locator('.field--invalid').filter({ has: next }).getByTestId('field-error'),
          /흔한 비밀번호|추측하기 쉬운/,
        );
        await screenshot(page, 'me-password-errors-ko');

        await current.fill(PASSWORD);
        await next.fill(NEW_PASSWORD);
        const changed = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/password'));
        await page.getByRole('button', { name: '비밀번호 변경' }).click();
        assert.equal((await changed).status(), 204);
        await expectText(page.getByTestId('password-changed'), /다른 기기의 로그인은 모두 끝났습니다/);
        assert.equal(await current.inputValue(), '', 'the form is emptied');
        await screenshot(page, 'me-password-changed-ko');

        await signOutInPage(page);
        await page.goto('/signin');
        await page.getByLabel('이메일', { exact: true }).fill(email);
        await page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD);
        await page.getByRole('main').getByRole('button', { name: '로그인' }).click();
        await expectText(page.getByTestId('form-error'), '이메일 또는 비밀번호가 맞지 않습니다.');
        await signInInPage(page, { email, password: NEW_PASSWORD });
        await expectText(page.getByTestId('profile-name'), '조바다');
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    },
  );

  test('a forgotten password is reset with the mailed link, which works once', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    const mailbox = new Mailbox(server.mailDir);
    try {
      const email = uniqueEmail('forgetful');
      await signUpInPage(page, { name: '하수영', email });
      await signOutInPage(page);

      await page.goto('/signin');
      await page.getByRole('link', { name: '비밀번호를 잊으셨나요?' }).click();
      await page.waitForURL('**/reset-password');
      await expectText(page.locator('h1'), '비밀번호 재설정');
      mailbox.mark();
      await page.getByLabel('가입한 이메일').fill(email);
      const asked = page.waitForResponse((r) => r.url().endsWith('/api/v1/password-resets'));
      await page.getByRole('button', { name: '재설정 링크 받기' }).click();
      assert.equal((await asked).status(), 202);
      await expectText(page.getByTestId('reset-sent'), /재설정 링크를 보냈습니다/);
      await screenshot(page, 'reset-requested-ko');
      const token = await mailbox.waitForLink({ to: email, path: '/reset-password' });

      await page.goto(`/reset-password#token=${encodeURIComponent(token)}`);
      await expectText(page.locator('.page__intro'), /새 비밀번호를 정해 주세요/);
      assert.equal(new URL(page.url()).hash, '', 'the token is taken out of the address bar');
      await page.getByLabel('새 비밀번호').fill('short');
      await page.getByRole('button', { name: '비밀번호 바꾸기' }).click();
      await expectText(
        page.locator('.field--invalid').getByTestId('field-error'),
        '비밀번호는 10자 이상이어야 합니다.',
      );
      await page.getByLabel('새 비밀번호').fill(NEW_PASSWORD);
      await screenshot(page, 'reset-confirm-ko');
      const confirmed = page.waitForResponse((r) => r.url().endsWith('/api/v1/password-resets/confirm'));
      await page.getByRole('button', { name: '비밀번호 바꾸기' }).click();
      assert.equal((await confirmed).status(), 204);
      await page.waitForURL((url) => url.pathname === '/signin');
      await expectText(page.getByTestId('reset-done'), '비밀번호를 바꿨습니다. 새 비밀번호로 로그인해 주세요.');
      await signInInPage(page, { email, password: NEW_PASSWORD });
      await signOutInPage(page);

      // The same link a second time is refused, and offers a new one.
      await page.goto(`/reset-password#token=${encodeURIComponent(token)}`);
      await page.getByLabel('새 비밀번호').fill('Another-new-secret-64');
      await page.getByRole('button', { name: '비밀번호 바꾸기' }).click();
      await expectText(page.getByTestId('form-error'), /비밀번호 재설정 링크가 올바르지 않거나 이미 쓰였습니다/);
      await expectText(page.getByRole('link', { name: '새 링크 요청하기' }), '새 링크 요청하기');
      await screenshot(page, 'reset-used-link-ko');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
