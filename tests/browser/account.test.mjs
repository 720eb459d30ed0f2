// Sign up, sign out, sign in: the first things a person does, with the refusals they may meet on the
// way (a weak password, an email already taken, a wrong password, too many wrong passwords).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PASSWORD, signInInPage, signOutInPage, signUpInPage, uniqueEmail } from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot, expectTitle } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 30_000 };

describe('account: sign up, sign in, sign out', () => {
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

  test('a person signs up, lands on my page signed in, signs out and signs in again', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      const email = uniqueEmail('jiwoo');
      await page.goto('/');
      await page.getByRole('banner').getByRole('link', { name: '회원가입' }).click();
      await page.waitForURL('**/signup');
      await expectText(page.locator('h1'), '회원가입');
      await expectTitle(page, '회원가입 · 부산 장터');
      await screenshot(page, 'signup-ko');

      await page.getByLabel('이름', { exact: true }).fill('박지우');
      await page.getByLabel('이메일', { exact: true }).fill(email);
      await page.getByLabel(/휴대폰 번호/).fill('010-2345-6789');
      await page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD);
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST');
      await page.getByRole('button', { name: '가입하기' }).click();
      assert.equal((await answer).status(), 201);

      await page.waitForURL('**/me');
      await expectText(page.getByTestId('welcome'), '박지우님, 가입을 환영합니다.');
      await expectText(page.getByTestId('account-name'), '박지우');
      await expectText(page.getByTestId('profile-email'), email);
      await expectText(
        page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '마이페이지' }),
        '마이페이지',
      );
      assert.equal(await page.getByRole('link', { name: '운영 콘솔' }).count(), 0, 'no console for a customer');
      assert.equal(await page.getByRole('link', { name: '내 상점' }).count(), 0, 'no shops yet');
      await screenshot(page, 'me-after-signup-ko');

      // The session is a cookie the page cannot read.
      const cookies = await context.cookies();
      assert.ok(cookies.length > 0, 'a session cookie was set');
      assert.ok(
        cookies.every((c) => c.httpOnly),
        'every cookie is HttpOnly',
      );
      assert.equal(await page.evaluate(() => document.cookie), '');

      // A reload keeps the person signed in (GET /api/v1/me at start).
      await page.reload();
      await expectText(page.getByTestId('account-name'), '박지우');

      await signOutInPage(page);
      await page.goto('/me');
      await page.waitForURL((url) => url.pathname === '/signin');
      assert.equal(new URL(page.url()).searchParams.get('next'), '/me', 'my page asks to sign in and comes back');
      await screenshot(page, 'signin-ko');

      await signInInPage(page, { email });
      await expectText(page.getByTestId('profile-name'), '박지우');
      await expectText(page.getByTestId('account-name'), '박지우');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('sign-up refusals are shown at their fields and change nothing', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.goto('/signup');
      await expectText(page.locator('h1'), '회원가입');

      // Nothing filled in: each required field says so, and nothing is sent.
      let sent = 0;
      page.on('request', (r) => {
        if (r.url().endsWith('/api/v1/users')) sent += 1;
      });
      await page.getByRole('button', { name: '가입하기' }).click();
      await expectText(page.getByTestId('form-error'), '입력한 내용을 확인해 주세요.');
      const name = page.getByLabel('이름', { exact: true });
      assert.equal(await name.getAttribute('aria-invalid'), 'true');
      assert.equal(sent, 0, 'an empty form is not sent');

      // A common password: the server's code, in Korean, under the password field.
      const email = uniqueEmail('weak');
      await name.fill('한수민');
      await page.getByLabel('이메일', { exact: true }).fill(email);
      const password = page.getByLabel('비밀번호', { exact: true });
      await password.fill('1234567890');
      const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/users'));
      await page.getByRole('button', { name: '가입하기' }).click();
      assert.equal((await refused).status(), 422);
      const passwordError = page.locator('.field--invalid').filter({ has: password }).getByTestId('field-error');
      await expectText(passwordError, /흔한 비밀번호|추측하기 쉬운/);
      const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
      assert.ok(describedBy.includes(await passwordError.getAttribute('id')), 'the error is tied to the field');
      await screenshot(page, 'signup-errors-ko');

      // A bad mobile number.
      await password.fill(PASSWORD);
      await page.getByLabel(/휴대폰 번호/).fill('02-123');
      await page.getByRole('button', { name: '가입하기' }).click();
      await expectText(
        page.locator('.field--invalid').getByTestId('field-error'),
        /휴대폰 번호 형식이 올바르지 않습니다/,
      );
      assert.equal(new URL(page.url()).pathname, '/signup', 'still on the form');

      // The same email twice: the second sign-up is refused at the email field.
      await page.getByLabel(/휴대폰 번호/).fill('');
      await page.getByRole('button', { name: '가입하기' }).click();
      await page.waitForURL('**/me');
      await signOutInPage(page);
      await page.goto('/signup');
      await page.getByLabel('이름', { exact: true }).fill('한수민');
      await page.getByLabel('이메일', { exact: true }).fill(email);
      await page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD);
      const taken = page.waitForResponse((r) => r.url().endsWith('/api/v1/users'));
      await page.getByRole('button', { name: '가입하기' }).click();
      assert.equal((await taken).status(), 409);
      const emailInput = page.getByLabel('이메일', { exact: true });
      await expectText(
        page.locator('.field--invalid').filter({ has: emailInput }).getByTestId('field-error'),
        /이미 가입된 이메일입니다/,
      );
      assert.equal(await page.getByTestId('account-name').count(), 0, 'nobody is signed in');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a wrong password is refused; too many wrong passwords say when to try again', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      const email = uniqueEmail('locked');
      await signUpInPage(page, { name: '오민준', email });
      await signOutInPage(page);

      await page.goto('/signin');
      await page.getByLabel('이메일', { exact: true }).fill(email);
      await page.getByLabel('비밀번호', { exact: true }).fill('Not-the-password-11');
      await page.getByRole('main').getByRole('button', { name: '로그인' }).click();
      await expectText(page.getByTestId('form-error'), '이메일 또는 비밀번호가 맞지 않습니다.');
      assert.equal(await page.getByLabel('비밀번호', { exact: true }).inputValue(), '', 'the password is cleared');
      await screenshot(page, 'signin-wrong-password-ko');

      // The limit per account is 10 failures in 15 minutes; the next try gets 429 with Retry-After.
      let status = 401;
      for (let i = 0; i < 12 && status !== 429; i += 1) {
        await page.getByLabel('비밀번호', { exact: true }).fill(`Not-the-password-${20 + i}`);
        const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/sessions'));
        await page.getByRole('main').getByRole('button', { name: '로그인' }).click();
        const response = await answer;
        status = response.status();
        if (status === 429) assert.match(response.headers()['retry-after'] ?? '', /^\d+$/);
        await expectText(page.getByRole('main').getByRole('button', { name: '로그인' }), '로그인');
      }
      assert.equal(status, 429, 'the sign-in limit was reached');
      await expectText(
        page.getByTestId('form-error'),
        /시도가 너무 많습니다\. .+ 뒤\(\d\d:\d\d부터\)에 다시 시도해 주세요\./,
      );
      await screenshot(page, 'signin-rate-limited-ko');

      // Even the right password waits now.
      await page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD);
      await page.getByRole('main').getByRole('button', { name: '로그인' }).click();
      await expectText(page.getByTestId('form-error'), /시도가 너무 많습니다/);
      assert.equal(new URL(page.url()).pathname, '/signin');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the sign-in and sign-up pages in English', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.goto('/signin');
      await page.getByRole('button', { name: 'English' }).click();
      await expectText(page.locator('h1'), 'Sign in');
      await page.getByLabel('Email', { exact: true }).fill(uniqueEmail('nobody'));
      await page.getByLabel('Password', { exact: true }).fill('Whatever-it-is-99');
      await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
      await expectText(page.getByTestId('form-error'), 'The email or the password is wrong.');
      await expectText(page.getByRole('link', { name: 'Forgot your password?' }), 'Forgot your password?');
      await screenshot(page, 'signin-en');
      await page.getByRole('main').getByRole('link', { name: 'Sign up' }).click();
      await expectText(page.locator('h1'), 'Sign up');
      await expectText(page.getByRole('button', { name: 'Create account' }), 'Create account');
      const text = await page.locator('main').innerText();
      assert.doesNotMatch(text, /[가-힣]/, 'no Korean left on the English page');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
