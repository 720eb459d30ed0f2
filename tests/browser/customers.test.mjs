// The back office's customers (고객), through the screens as the owner of one fish shop would use them.
// The shop is prepared through the API (a shop location and two products in stock). The owner sets the
// points (포인트 설정: 5 %, a rate of 200 % refused at its field); sells at the web POS to a customer who
// gives their mobile number; the customer then appears in the list with the points the sale earned,
// is found by the same number written another way, and their page shows the sale in the history
// (linked to the journal's receipt) and the earning in the points ledger. At the counter the number
// finds them with their points, and a points payment beyond the balance is refused. A shopper's web
// order makes a second customer, whom the owner merges into the first from the first one's page
// (searched by e-mail, confirmed in a dialog showing both): the history then holds the shop sale and
// the web order in one list; the merge is undone and the history is the shop's again. Staff record a
// consent taken on paper (nothing ticked beforehand) and a note. Two members of an imported list that may
// be one person are a possible match, decided in the review queue (같은 사람) and leaves it; the operator console lists every merchant's open reviews
// with the merchants' names. Then the pages in English, and at 375 px without sideways scroll.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiClient, assertNoHorizontalScroll, signInInPage, uniqueEmail } from './support/app.mjs';
import { expectInPage, expectText, expectTitle, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { customersOf, fishShop, importMembers, webOrder } from './support/customers.mjs';
import { journal } from './support/pos.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 90_000 };
const PHONE = '010-3456-7890';

describe('back office: customers across shop and web, points, merges and reviews', () => {
  let server;
  let browser;
  let shop;
  let customerId; // the person of the counter sale

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      shop = await fishShop(server, {
        seed: 7511,
        nameKo: '해운대 수산',
        nameEn: 'Haeundae Fish',
        ownerName: '정해운',
        code: 'seafood',
      });
    },
    { timeout: 60_000 },
  );

  after(async () => {
    await shop?.ownerClient.dispose();
    await browser?.close();
    assert.equal(await server?.stop(), 0, 'jangteo should stop cleanly on SIGTERM');
  });

  const base = () => `/merchant/${shop.id}`;

  async function asOwner(options = {}) {
    const made = await newPage(browser, { baseURL: server.url, ...options });
    await signInInPage(made.page, { email: shop.owner.email });
    return made;
  }

  test('the owner sets the points: 5 % earned, a year to expire, 1,000 at least; 200 % is refused', T, async () => {
    const { context, page, errors } = await asOwner();
    await page.goto(`${base()}/settings/points`);
    await expectTitle(page, '포인트 설정 · 해운대 수산 · 부산 장터');
    const form = page.getByTestId('point-policy');
    await form.getByLabel('적립률 (%)').fill('200');
    await form.getByLabel('유효기간 (일)').fill('365');
    await form.getByLabel('최소 사용 포인트').fill('1000');
    await form.getByRole('button', { name: '저장' }).click();
    await expectText(form.getByTestId('field-error').first(), /0에서 100 사이|적립률|100/);
    assert.equal(await form.getByTestId('policy-saved').count(), 0);
    await form.getByLabel('적립률 (%)').fill('5');
    await form.getByRole('button', { name: '저장' }).click();
    await expectText(form.getByTestId('policy-saved'), '포인트 설정을 저장했습니다.');
    const policy = await shop.ownerClient.call('GET', `/api/v1/merchants/${shop.id}/point-policy`, undefined, 200);
    assert.deepEqual([policy.earn_bp, policy.expiry_days, policy.min_redeem], [500, 365, 1000]);
    await screenshot(page, 'customers-point-policy');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a counter sale with a mobile number: the customer appears with points, found by the number written another way', T, async () => {
    const { context, page, errors } = await asOwner({ viewport: { width: 1024, height: 768 } });
    await page.goto(`${base()}/pos`);
    const chooser = page.getByTestId('pos-shop-chooser');
    const pos = page.getByTestId('pos');
    await Promise.race([chooser.waitFor(), pos.waitFor()]);
    if (await chooser.isVisible()) {
      await page.locator(`[data-testid="pos-shop"][data-location-id="${shop.location.id}"]`).click();
    }
    await pos.waitFor();
    await expectInPage(page, () => document.querySelector('[data-testid="pos-prices"]')?.dataset.count, '2');
    await expectInPage(page, () => document.activeElement?.id, 'pos-scan');
    await page.keyboard.type('KM-10');
    await page.keyboard.press('Enter');
    await page.keyboard.type('KM-10');
    await page.keyboard.press('Enter');
    await expectText(page.getByTestId('pos-total'), '10,000원');
    await page.getByLabel('고객 휴대폰 번호').fill('01034567890');
    await page.getByLabel('고객 휴대폰 번호').blur();
    await page.getByRole('radio', { name: '카드' }).check();
    await page.getByTestId('pos-pay').click();
    await page.getByTestId('pos-receipt').waitFor();
    await expectInPage(
      page,
      () => document.querySelector('[data-testid="pos-receipt"] [data-testid="receipt-status"]')?.dataset.status,
      'sent',
      undefined,
      { timeoutMs: 15_000 },
    );
    const [sale] = await journal(shop.ownerClient, shop.id);
    assert.equal(sale.total, 10_000);

    // The list: the customer with the sale's total and 5 % of it in points.
    await page.getByRole('navigation', { name: '상점 관리 메뉴' }).getByRole('link', { name: '고객', exact: true }).click();
    await page.waitForURL((url) => url.pathname === `${base()}/customers`);
    await expectTitle(page, '고객 · 해운대 수산 · 부산 장터');
    const row = page.getByTestId('customer-row').filter({ hasText: PHONE });
    await expectText(row.getByTestId('customer-points'), '500점');
    await expectText(row, /10,000원/);
    customerId = await row.getAttribute('data-person-id');
    assert.match(customerId, /^psn_/);

    // Found by the number in another form, and by nothing else.
    await page.getByRole('searchbox', { name: '고객 찾기' }).fill('+82 10 3456 7890');
    await page.getByTestId('customer-search').click();
    await page.waitForURL((url) => url.searchParams.get('q') === '+82 10 3456 7890');
    await expectInPage(page, () => document.querySelectorAll('[data-testid="customer-row"]').length, 1);
    await expectText(page.getByTestId('customer-row'), new RegExp(PHONE));
    await page.getByRole('searchbox', { name: '고객 찾기' }).fill('010-9999-0000');
    await page.getByTestId('customer-search').click();
    await expectText(page.getByTestId('no-customers'), '찾는 고객이 없습니다.');
    await page.goBack();
    await screenshot(page, 'customers-list');

    // The customer's page: the number with its source, the sale in the history, the earning.
    await page.getByTestId('customer-row').getByTestId('customer-link').click();
    await page.waitForURL((url) => url.pathname === `${base()}/customers/${customerId}`);
    const record = page.getByTestId('record').filter({ hasText: PHONE });
    await expectText(record, /매장 판매/);
    const history = page.getByTestId('history-row');
    await expectInPage(page, () => document.querySelectorAll('[data-testid="history-row"]').length, 1);
    await expectText(history.getByTestId('history-channel'), '매장');
    await expectText(history.getByTestId('history-amount'), '10,000원');
    await expectText(page.getByTestId('points-balance'), '잔액 500점');
    await expectText(page.getByTestId('points-entry').first(), /적립/);
    await expectText(page.getByTestId('points-entry').first().getByTestId('points-delta'), '+500');
    await screenshot(page, 'customers-360');
    await history.getByTestId('history-link').click();
    await page.waitForURL((url) => url.pathname === `${base()}/pos/sales/${sale.id}`);

    // At the counter the number finds them with their points; points pay only up to the balance.
    await page.goto(`${base()}/pos`);
    await pos.waitFor();
    await expectInPage(page, () => document.activeElement?.id, 'pos-scan');
    await page.keyboard.type('KM-10');
    await page.keyboard.press('Enter');
    await page.getByLabel('고객 휴대폰 번호').fill(PHONE);
    await page.getByTestId('pos-customer-lookup').click();
    await expectText(page.getByTestId('customer-member-points').first(), '500점');
    await page.getByRole('radio', { name: '포인트' }).check();
    await expectText(page.getByTestId('pos-points-balance'), '쓸 수 있는 포인트 500점');
    await page.getByTestId('pos-pay').click();
    await expectText(page.getByTestId('pay-error'), '포인트는 잔액(500점)까지만 쓸 수 있습니다.');
    assert.equal((await journal(shop.ownerClient, shop.id)).length, 1, 'nothing sold');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a web order makes a second customer; merged into the first, one history; undone, apart again', T, async () => {
    assert.ok(customerId, 'the counter sale made a customer');
    const email = uniqueEmail('web-buyer');
    const { shopper, order } = await webOrder(server, shop, { name: '이바다', email, phone: '010-2345-6789' });
    await shopper.dispose();
    const found = await customersOf(shop, email);
    assert.equal(found.length, 1, 'the web buyer is a customer');
    const webId = found[0].id;
    assert.notEqual(webId, customerId);

    const { context, page, errors } = await asOwner();
    await page.goto(`${base()}/customers/${customerId}`);
    await page.getByTestId('customer').waitFor();
    await page.getByRole('searchbox', { name: '합칠 고객 찾기' }).fill(email);
    await page.getByTestId('merge-search').click();
    const candidate = page.locator(`[data-testid="merge-candidate"][data-person-id="${webId}"]`);
    await expectText(candidate, /이바다/);
    await candidate.getByRole('button', { name: '이 고객 합치기' }).click();
    const dialog = page.getByRole('dialog', { name: '두 고객을 합칠까요?' });
    await expectText(dialog.getByTestId('merge-kept'), new RegExp(PHONE));
    await expectText(dialog.getByTestId('merge-merged'), /이바다/);
    await screenshot(page, 'customers-merge-dialog');
    await dialog.getByRole('button', { name: '합치기', exact: true }).click();
    await expectText(page.getByTestId('merge-notice'), '두 고객을 합쳤습니다.');

    // One history: the counter sale and the web order, each with its channel and its link.
    await expectInPage(page, () => document.querySelectorAll('[data-testid="history-row"]').length, 2);
    const web = page.locator('[data-testid="history-row"][data-channel="web"]');
    await expectText(web.getByTestId('history-channel'), '웹');
    await expectText(web.getByTestId('history-link'), order.id);
    await expectText(page.locator('[data-testid="history-row"][data-channel="pos"]').getByTestId('history-channel'), '매장');
    assert.equal(await page.getByTestId('record').filter({ hasText: email }).count() > 0, true);
    // The merged customer's address answers for the kept one.
    await page.goto(`${base()}/customers/${webId}`);
    await page.waitForURL((url) => url.pathname === `${base()}/customers/${customerId}`);

    const merge = page.locator('[data-testid="merge"][data-undone="false"]');
    await merge.getByRole('button', { name: '되돌리기' }).click();
    await expectText(merge.getByRole('group'), /이 합치기를 되돌릴까요\?/);
    await merge.getByRole('group').getByRole('button', { name: '되돌리기' }).click();
    await expectText(page.getByTestId('merge-notice'), '합치기를 되돌렸습니다.');
    await expectInPage(page, () => document.querySelectorAll('[data-testid="history-row"]').length, 1);
    await expectText(page.locator('[data-testid="merge"][data-undone="true"]'), /되돌림/);
    assert.equal((await customersOf(shop, email))[0].id, webId, 'the web buyer is their own customer again');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a consent taken on paper, nothing ticked beforehand; a note and a membership number', T, async () => {
    const { context, page, errors } = await asOwner();
    await page.goto(`${base()}/customers/${customerId}`);
    const form = page.getByTestId('counter-consent');
    await form.waitFor();
    const boxes = form.getByRole('checkbox');
    assert.equal(await boxes.count(), 5);
    for (let i = 0; i < 5; i += 1) assert.equal(await boxes.nth(i).isChecked(), false, 'nothing pre-ticked');
    await form.getByRole('button', { name: '동의 기록' }).click();
    await expectText(form.getByTestId('field-error').first(), '항목을 하나 이상 고르세요.');
    await form.getByRole('checkbox', { name: /문자\(SMS\) 광고 수신/ }).check();
    await form.getByRole('radio', { name: '서면' }).check();
    await form.getByRole('button', { name: '동의 기록' }).click();
    await expectText(form.getByTestId('consent-recorded'), '동의를 기록했습니다.');
    const sms = page.locator('[data-testid="consent"][data-purpose="marketing_sms"]');
    await expectText(sms.getByTestId('consent-state'), '동의');
    await expectText(sms, /서면/);
    await expectText(page.locator('[data-testid="consent"][data-purpose="marketing_email"]').getByTestId('consent-state'), '미동의');

    const note = page.getByTestId('note-form');
    await note.getByLabel('회원번호').fill('HU-0042');
    await note.getByLabel('메모').fill('김은 두 봉지씩 사 가심');
    await note.getByRole('button', { name: '저장' }).click();
    await expectText(note.getByTestId('note-saved'), '저장했습니다.');
    const read = await shop.ownerClient.call('GET', `/api/v1/merchants/${shop.id}/customers/${customerId}`, undefined, 200);
    assert.equal(read.relationship.note, '김은 두 봉지씩 사 가심');
    assert.equal(read.relationship.card_no, 'HU-0042');
    assert.equal(read.consents.find((c) => c.purpose === 'marketing_sms').channel, 'paper');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the review queue: a possible match decided as the same person leaves it; the console lists all', T, async () => {
    // Two members of the membership list: the same name written with a space and the same birth date
    // written another way, one with a mobile number and one without. Possibly one person: a review.
    await importMembers(
      shop,
      '회원번호,이름,휴대폰,생년월일,포인트\r\n' +
        'M-0101,김민준,010-1111-2222,1985-03-07,0\r\n' +
        'M-0102,김 민준,,19850307,0\r\n',
    );
    const open = await shop.ownerClient.call('GET', `/api/v1/merchants/${shop.id}/customer-reviews`, undefined, 200);
    assert.ok(open.items.length >= 1, `a review is open: ${JSON.stringify(open)}`);

    const { context, page, errors } = await asOwner();
    await page.goto(`${base()}/customers/reviews`);
    await expectTitle(page, '고객 검토 · 해운대 수산 · 부산 장터');
    const review = page.locator(`[data-testid="review"][data-review-id="${open.items[0].id}"]`);
    await review.waitFor();
    assert.ok((await review.getByTestId('review-field').count()) >= 1, 'the evidence per field');
    await screenshot(page, 'customers-review');
    await review.getByRole('button', { name: '같은 사람' }).click();
    await expectText(page.getByTestId('review-notice'), '같은 사람으로 합쳤습니다.');
    assert.equal(await review.count(), 0, 'decided, it leaves the queue');
    const after = await shop.ownerClient.call('GET', `/api/v1/merchants/${shop.id}/customer-reviews`, undefined, 200);
    assert.ok(!after.items.some((r) => r.id === open.items[0].id));
    assert.deepEqual(errors, []);
    await context.close();

    // The operator console: the queue of every merchant, with the merchants named.
    const console_ = await newPage(browser, { baseURL: server.url });
    await signInInPage(console_.page, { email: shop.admin.email, expectPath: null });
    await console_.page.goto('/operator/customer-reviews');
    await expectTitle(console_.page, '고객 검토 · 부산 장터');
    const operator = await ApiClient.signIn(server.url, shop.admin);
    const all = await operator.call('GET', '/api/v1/operator/customer-reviews', undefined, 200);
    await operator.dispose();
    if (all.items.length === 0) {
      await expectText(console_.page.getByTestId('no-reviews'), '검토할 항목이 없습니다.');
    } else {
      await expectText(console_.page.getByTestId('review').first(), /해운대 수산|플랫폼/);
    }
    assert.deepEqual(console_.errors, []);
    await console_.context.close();
  });

  test('a regular of 23 sales, some at one instant: the page shows 20, "더 보기" the other 3, none twice', T, async () => {
    // Sales made through the API as a counter would send them; three share one second, across the
    // page's boundary, which a page cut by time alone would skip.
    const REGULAR = '010-7777-1212';
    const start = Date.now() - 3_600_000;
    const sales = Array.from({ length: 23 }, (_, i) => ({
      sale_id: `history-${i}`,
      location_id: shop.location.id,
      // Newest first, sales 4, 3 and 2 are the 19th to the 21st: one instant across the page's end.
      sold_at: new Date(start + (i >= 2 && i <= 4 ? 2 : i) * 60_000).toISOString(),
      customer: { phone: REGULAR },
      lines: [{ code: 'KM-10', quantity: 1, unit_price: 5_000 }],
      payments: [{ method: 'cash', amount: 5_000 }],
    }));
    const sent = await shop.ownerClient.call('POST', `/api/v1/merchants/${shop.id}/pos/sales/batch`, { sales }, 200);
    assert.deepEqual([sent.created, sent.duplicates, sent.refused], [23, 0, 0]);
    const [regular] = (
      await shop.ownerClient.call('GET', `/api/v1/merchants/${shop.id}/customers?q=${encodeURIComponent(REGULAR)}`, undefined, 200)
    ).items;
    assert.ok(regular, 'the number made a customer');

    const { context, page, errors } = await asOwner();
    await page.goto(`${base()}/customers/${regular.id}`);
    await expectInPage(page, () => document.querySelectorAll('[data-testid="history-row"]').length, 20);
    await page.getByRole('button', { name: '더 보기' }).click();
    await expectInPage(page, () => document.querySelectorAll('[data-testid="history-row"]').length, 23);
    const refs = await page
      .getByTestId('history-link')
      .evaluateAll((links) => links.map((a) => a.textContent?.trim() ?? ''));
    assert.equal(new Set(refs).size, 23, 'every sale once');
    assert.equal(await page.getByRole('button', { name: '더 보기' }).count(), 0, 'nothing more to show');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('in English, and at 375 px without sideways scroll', T, async () => {
    const { context, page, errors } = await asOwner({ viewport: { width: 375, height: 812 } });
    await page.goto(`${base()}/customers`);
    await page.getByTestId('customer-row').first().waitFor();
    await assertNoHorizontalScroll(page, 'the customer list at 375 px');
    await page.goto(`${base()}/customers/${customerId}`);
    await page.getByTestId('customer').waitFor();
    await assertNoHorizontalScroll(page, 'the customer page at 375 px');
    await screenshot(page, 'customers-360-375');
    await page.goto(`${base()}/customers/reviews`);
    await assertNoHorizontalScroll(page, 'the review queue at 375 px');
    await page.goto(`${base()}/settings/points`);
    await page.getByTestId('point-policy').waitFor();
    await assertNoHorizontalScroll(page, 'the points settings at 375 px');

    // The language as the switch keeps it (the switch itself is tested with the home page).
    await page.evaluate(() => window.localStorage.setItem('jangteo.lang', 'en'));
    await page.goto(`${base()}/customers/${customerId}`);
    await expectText(page.getByTestId('points-balance'), /^Balance [\d,]+ pts$/);
    await expectText(page.locator('#cust-history'), 'History (shop and web)');
    await expectText(page.getByTestId('history-channel').first(), 'Shop');
    await page.goto(`${base()}/customers`);
    await expectTitle(page, 'Customers · Haeundae Fish · Busan Jangteo');
    await assertNoHorizontalScroll(page, 'the customer list in English at 375 px');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
