// My page's customer sections, as a shopper of one fish shop uses them. The shop is prepared through
// the API and the shopper's web order makes them its customer. On my page the shop's marketing
// consents are all off until turned on; turning e-mail on is consent, recorded with the text version
// and the web channel, and the merchant's customer page shows it; turning it off withdraws at once.
// The points section shows the shop's balance as the API does. The download is a JSON file holding
// the order. The erasure explains what goes and what the law keeps, is refused without the typed word,
// and then signs the shopper out; the account cannot sign in again, and the merchant's customer keeps
// the order without the buyer's name. Then the page in English, and at 375 px.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ApiClient, assertNoHorizontalScroll, PASSWORD, signInInPage, uniqueEmail } from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { customersOf, fishShop, webOrder } from './support/customers.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 90_000 };

describe('my page: consents, points, my data and erasure', () => {
  let server;
  let browser;
  let shop;
  let buyer; // {email, orderId, personId}

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      shop = await fishShop(server, {
        seed: 7521,
        nameKo: '송정 수산',
        nameEn: 'Songjeong Fish',
        ownerName: '한송정',
        code: 'seafood',
      });
      await shop.ownerClient.call(
        'PUT',
        `/api/v1/merchants/${shop.id}/point-policy`,
        { earn_bp: 500, expiry_days: 365, min_redeem: 100 },
        200,
      );
      const email = uniqueEmail('shopper');
      const { shopper, order } = await webOrder(server, shop, { name: '윤바람', email, phone: '010-4321-8765' });
      await shopper.dispose();
      const [person] = await customersOf(shop, email);
      assert.ok(person, 'the web buyer is the shop’s customer');
      buyer = { email, orderId: order.id, personId: person.id };
    },
    { timeout: 60_000 },
  );

  after(async () => {
    await shop?.ownerClient.dispose();
    await browser?.close();
    assert.equal(await server?.stop(), 0, 'jangteo should stop cleanly on SIGTERM');
  });

  const consentOf = async (purpose) => {
    const c = await shop.ownerClient.call('GET', `/api/v1/merchants/${shop.id}/customers/${buyer.personId}`, undefined, 200);
    return c.consents.find((x) => x.purpose === purpose);
  };

  test('consents per shop: nothing on beforehand; on is consent, off withdraws at once', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    await signInInPage(page, { email: buyer.email });
    const shopConsents = page.locator(`[data-testid="shop-consents"][data-merchant-id="${shop.id}"]`);
    await expectText(shopConsents.locator('legend'), '송정 수산');
    const switches = shopConsents.getByRole('switch');
    assert.equal(await switches.count(), 5);
    for (let i = 0; i < 5; i += 1) assert.equal(await switches.nth(i).isChecked(), false, 'nothing on beforehand');
    await expectText(page.getByTestId('night-note'), /21시~8시/);

    const emailSwitch = shopConsents.getByRole('switch', { name: /이메일 광고 수신/ });
    await emailSwitch.check();
    await expectText(shopConsents.getByTestId('consent-notice'), '이메일 광고 수신에 동의했습니다.');
    let email = await consentOf('marketing_email');
    assert.equal(email.granted, true);
    assert.equal(email.channel, 'web');
    assert.ok(email.text_version, 'recorded with the text version shown');
    await screenshot(page, 'me-consents');

    // The merchant's customer page shows it.
    const owner = await newPage(browser, { baseURL: server.url });
    await signInInPage(owner.page, { email: shop.owner.email });
    await owner.page.goto(`/merchant/${shop.id}/customers/${buyer.personId}`);
    const row = owner.page.locator('[data-testid="consent"][data-purpose="marketing_email"]');
    await expectText(row.getByTestId('consent-state'), '동의');
    await expectText(row, /웹/);

    await emailSwitch.uncheck();
    await expectText(shopConsents.getByTestId('consent-notice'), '이메일 광고 수신 동의를 철회했습니다.');
    email = await consentOf('marketing_email');
    assert.equal(email.granted, false, 'withdrawn at once');
    await owner.page.reload();
    await expectText(row.getByTestId('consent-state'), '미동의');
    assert.deepEqual(owner.errors, []);
    await owner.context.close();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('points per shop as the ledger has them, and my data as a JSON file with the order', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    await signInInPage(page, { email: buyer.email });
    const client = await ApiClient.signIn(server.url, { email: buyer.email });
    const profile = await client.call('GET', '/api/v1/me/customer-profile', undefined, 200);
    await client.dispose();
    const mine = profile.merchants.find((m) => m.merchant_id === shop.id);
    assert.ok(mine, 'my page knows the shop');
    const points = page.getByTestId('my-points');
    if (mine.points.balance !== 0 || mine.purchases > 0) {
      const shopPoints = points.locator(`[data-testid="shop-points"][data-merchant-id="${shop.id}"]`);
      await expectText(
        shopPoints.getByTestId('shop-points-balance'),
        `잔액 ${mine.points.balance.toLocaleString('ko-KR')}점`,
      );
      await shopPoints.getByRole('button', { name: '내역 보기' }).click();
      await Promise.race([
        shopPoints.getByTestId('points-ledger').waitFor(),
        shopPoints.getByTestId('ledger-empty').waitFor(),
      ]);
    }

    const downloading = page.waitForEvent('download');
    await page.getByTestId('download-data').click();
    const download = await downloading;
    assert.equal(download.suggestedFilename(), 'jangteo-my-data.json');
    const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.ok(JSON.stringify(data).includes(buyer.orderId), 'the download holds the order');
    assert.ok(JSON.stringify(data).includes(buyer.email), 'and the account');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('in English, and at 375 px without sideways scroll', T, async () => {
    const { context, page, errors } = await newPage(browser, {
      baseURL: server.url,
      viewport: { width: 375, height: 812 },
    });
    await signInInPage(page, { email: buyer.email });
    await page.getByTestId('my-consents').waitFor();
    await assertNoHorizontalScroll(page, 'my page at 375 px');
    await page.evaluate(() => window.localStorage.setItem('jangteo.lang', 'en'));
    await page.reload();
    await expectText(page.locator('#me-consents'), 'Marketing consents');
    await expectText(page.locator('#me-erase'), 'Close my account and erase my data');
    await expectText(page.getByTestId('download-data'), 'Download my data (JSON)');
    await assertNoHorizontalScroll(page, 'my page in English at 375 px');
    await screenshot(page, 'me-customer-375-en');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('erasure: refused without the typed word; then signed out, and the account cannot sign in', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    await signInInPage(page, { email: buyer.email });
    const form = page.getByTestId('erase-form');
    await expectText(page.locator('#me-erase').locator('..'), /전자상거래법/);
    await form.getByLabel('비밀번호').fill(PASSWORD);
    await form.getByLabel(/확인을 위해/).fill('지워');
    await form.getByRole('button', { name: '탈퇴하고 정보 삭제' }).click();
    await expectText(form.getByTestId('field-error'), '"삭제"라고 정확히 적어 주세요.');
    await form.getByLabel('비밀번호').fill('not-my-password-1');
    await form.getByLabel(/확인을 위해/).fill('삭제');
    await form.getByRole('button', { name: '탈퇴하고 정보 삭제' }).click();
    await expectText(form.getByTestId('field-error'), '비밀번호가 맞지 않습니다.');

    await form.getByLabel('비밀번호').fill(PASSWORD);
    const erased = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/me/erasure');
    await form.getByRole('button', { name: '탈퇴하고 정보 삭제' }).click();
    assert.ok([200, 202].includes((await erased).status()));
    await page.waitForURL((url) => url.pathname === '/');
    await expectText(page.getByRole('banner').getByRole('link', { name: '로그인' }), '로그인');

    // The account cannot sign in again.
    const again = await newPage(browser, { baseURL: server.url });
    await again.page.goto('/signin');
    await again.page.getByLabel('이메일', { exact: true }).fill(buyer.email);
    await again.page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD);
    const refused = again.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/sessions');
    await again.page.getByRole('main').getByRole('button', { name: '로그인' }).click();
    assert.equal((await refused).status(), 401);
    await again.context.close();

    // The shop keeps the order, without the buyer's name.
    const order = await shop.ownerClient.call('GET', `/api/v1/merchants/${shop.id}/orders/${buyer.orderId}`, undefined, 200);
    assert.notEqual(order.customer.name, '윤바람');
    assert.equal(order.total_won > 0, true);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
