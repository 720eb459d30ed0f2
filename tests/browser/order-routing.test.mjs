// The offline channel's routing and crediting screens (docs/routing.md). One approved fish shop is
// prepared through the API with two shops and a warehouse, stock at each, and 해운대점 serving
// 해운대구. The owner sets the routing policy on its page: the warehouse moved to the top of the
// priorities with the up buttons, no splitting, a 3.5 % commission (a rate over 100 % is refused at
// its field, nothing saved); what the server keeps is checked through the API. A customer's order to
// a 해운대구 address (placed and paid through the API) shows on the order page as shipped by the
// territory shop and credited to it, with its ledger entry; the shop's channel report shows the
// credit and its commission, the counter's sales (none yet). Giving 광안리점 해운대구 too is
// saved with a warning that names 해운대점 and the shared district. Then the routing page in English.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ApiClient,
  PASSWORD,
  approvedMerchant,
  createOperatorAdmin,
  signInInPage,
  uniqueEmail,
} from './support/app.mjs';
import { expectText, expectTitle, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { addCategory, addProduct, variant } from './support/catalog.mjs';
import { addLocation, adjust, districtCode } from './support/inventory.mjs';
import { addToCart, checkout, getOrder } from './support/orders.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 60_000 };

describe('order routing: the policy, the routed and credited order, the report, territory overlaps', () => {
  let server;
  let browser;
  let owner;
  let shop;
  let haeundae;
  let gwangalli;
  let depot;
  let mackerel;

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      const admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      const operator = await ApiClient.signIn(server.url, admin);
      const category = await addCategory(operator, { code: 'seafood', ko: '수산', en: 'Seafood' });
      await operator.dispose();
      const made = await approvedMerchant(server, admin, {
        ownerName: '정남포',
        ownerEmail: uniqueEmail('owner'),
        nameKo: '남포 수산',
        nameEn: 'Nampo Fish',
        seed: 9401,
      });
      shop = { ...made, id: made.merchant.id };
      owner = await ApiClient.signIn(server.url, { email: made.owner.email });
      const haeundaeGu = await districtCode(owner, '해운대구');
      haeundae = await addLocation(owner, shop.id, {
        name_ko: '해운대점',
        name_en: 'Haeundae',
        district_code: haeundaeGu,
        postal_code: '48094',
        road_address: '부산 해운대구 해운대해변로 264',
        territory: { districts: [haeundaeGu], postal_ranges: [] },
      });
      gwangalli = await addLocation(owner, shop.id, {
        name_ko: '광안리점',
        name_en: 'Gwangalli',
        district_code: await districtCode(owner, '수영구'),
        postal_code: '48303',
        road_address: '부산 수영구 광안해변로 219',
        territory: { districts: [], postal_ranges: [['48200', '48399']] },
      });
      depot = await addLocation(owner, shop.id, {
        kind: 'warehouse',
        name_ko: '감천 창고',
        name_en: 'Gamcheon depot',
        district_code: await districtCode(owner, '사하구'),
        postal_code: '49400',
        road_address: '부산 사하구 감천항로 1',
      });
      const product = await addProduct(owner, shop.id, {
        category_id: category.id,
        title_ko: '순살 고등어',
        variants: [variant({ sku: 'MK-1', price: 12_900 })],
      });
      mackerel = product.variants[0].id;
      for (const at of [haeundae, gwangalli, depot]) {
        await adjust(owner, shop.id, { location: at.id, variant: mackerel, delta: 20 });
      }
    },
    { timeout: 60_000 },
  );

  after(async () => {
    await owner?.dispose();
    await browser?.close();
    await server?.stop();
  });

  async function ownerPage(options = {}) {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url, ...options });
    if (options.lang)
      await context.addInitScript((lang) => window.localStorage.setItem('jangteo.lang', lang), options.lang);
    await page.goto('/signin');
    if (options.lang === 'en') {
      await page.getByLabel('Email', { exact: true }).fill(shop.owner.email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/me');
    } else {
      await signInInPage(page, { email: shop.owner.email });
    }
    return { context, page, errors };
  }

  const rows = (page) => page.getByTestId('priority-row');
  async function order(page) {
    return rows(page).evaluateAll((list) => list.map((row) => row.getAttribute('data-location')));
  }

  test('the owner sets the priorities, the split and the commission; a bad rate changes nothing', T, async () => {
    const { context, page, errors } = await ownerPage();
    await page.goto(`/merchant/${shop.id}/routing`);
    await expectTitle(page, '주문 배정과 실적 · 남포 수산 · 부산 장터');
    await page.getByTestId('routing-defaults').waitFor();
    assert.equal(await rows(page).count(), 3);
    const ids = [haeundae.id, gwangalli.id, depot.id].sort();
    assert.deepEqual(await order(page), ids, 'the defaults: by id');

    // The warehouse to the top, one step at a time.
    while ((await order(page))[0] !== depot.id) {
      await page.getByRole('button', { name: '감천 창고 위로' }).click();
    }
    const wanted = await order(page);
    assert.equal(wanted[0], depot.id);
    assert.equal(await page.getByRole('button', { name: '감천 창고 위로' }).isDisabled(), true);
    await page.getByTestId('allow-split').uncheck();
    const rate = page.getByRole('textbox', { name: /담당 매장 수수료/ });
    await rate.fill('3.5');
    const form = page.getByTestId('routing-form');
    await form.getByRole('button', { name: '저장' }).click();
    await expectText(page.getByTestId('routing-saved'), '주문 배정 정책을 저장했습니다.');
    await page.getByTestId('routing-defaults').waitFor({ state: 'detached' });
    const saved = await owner.call('GET', `/api/v1/merchants/${shop.id}/routing`, undefined, 200);
    assert.deepEqual(saved.priorities, wanted);
    assert.equal(saved.allow_split, false);
    assert.equal(saved.commission_bp, 350);
    assert.equal(saved.version, 1);
    await screenshot(page, 'routing-policy');

    // 120 % is refused at its field; the server keeps what it had.
    await rate.fill('120');
    await form.getByRole('button', { name: '저장' }).click();
    await expectText(form.getByTestId('field-error'), /0에서 100/);
    assert.equal(await rate.getAttribute('aria-invalid'), 'true');
    const kept = await owner.call('GET', `/api/v1/merchants/${shop.id}/routing`, undefined, 200);
    assert.equal(kept.version, 1);
    assert.equal(kept.commission_bp, 350);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an order to 해운대구 is shipped by the territory shop and credited to it; its report shows it', T, async () => {
    const customer = await ApiClient.signUp(server.url, { name: '박손님', email: uniqueEmail('buyer') });
    await addToCart(customer, mackerel, 1);
    const placed = await checkout(customer, shop.id, { method: 'bank_transfer' }); // to 48058, 해운대구
    const orderId = placed.orders[0].id;
    const { version } = await getOrder(owner, shop.id, orderId);
    await owner.call('POST', `/api/v1/merchants/${shop.id}/orders/${orderId}/payment-confirmation`, { version }, 200);
    await customer.dispose();

    const { context, page, errors } = await ownerPage();
    await page.goto(`/merchant/${shop.id}/orders/${orderId}`);
    const card = page.getByTestId('order-routing');
    await card.waitFor();
    await expectText(page.getByTestId('routing-location'), '해운대점 (주소 담당 매장)');
    assert.equal(await page.getByTestId('routing-location').getAttribute('data-reason'), 'territory');
    await expectText(page.getByTestId('routing-credited'), '해운대점 (주소 담당 매장)');
    await expectText(page.getByTestId('routing-credit'), /실적 · 12,900원 · 452원/);
    await screenshot(page, 'routing-order');

    // The credited shop's link leads to its channel report.
    await page.getByTestId('routing-credited').getByRole('link', { name: '해운대점' }).click();
    await page.waitForURL((url) => url.pathname === `/merchant/${shop.id}/locations/${haeundae.id}/report`);
    await expectTitle(page, '해운대점 · 채널 실적 · 남포 수산 · 부산 장터');
    await expectText(page.getByTestId('credited-orders'), '1');
    await expectText(page.getByTestId('credited-goods'), '12,900원');
    await expectText(page.getByTestId('credited-commission'), '452원');
    await expectText(page.getByTestId('credited-net-commission'), '452원');
    await expectText(page.getByTestId('fulfilled-orders'), '1');
    await expectText(page.getByTestId('counter-sales'), '0 · 0원');
    await expectText(page.getByTestId('counter-net'), '0원');
    await screenshot(page, 'routing-report');

    // A period that ends before it begins is refused at its field.
    await page.getByLabel('시작일').fill('2026-03-02');
    await page.getByLabel('종료일').fill('2026-03-01');
    await page.getByTestId('report-period').getByRole('button', { name: '보기' }).click();
    await page.getByTestId('report-error').waitFor();
    assert.match(page.url(), /from=2026-03-02&to=2026-03-01/);

    // The warehouse's report: nothing shipped, nothing credited.
    await page.goto(`/merchant/${shop.id}/locations/${depot.id}/report`);
    await expectText(page.getByTestId('fulfilled-orders'), '0');
    await expectText(page.getByTestId('credited-orders'), '0');

    // The routing page's ledger lists the credit.
    await page.goto(`/merchant/${shop.id}/routing`);
    await expectText(page.getByTestId('credit-commission'), /452원/);
    assert.equal(await page.getByTestId('credit-row').count(), 1);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a territory that overlaps another shop is saved with a warning naming it', T, async () => {
    const { context, page, errors } = await ownerPage();
    await page.goto(`/merchant/${shop.id}/locations/${gwangalli.id}`);
    await page.getByTestId('location-form').waitFor();
    assert.equal(await page.getByTestId('territory-warnings').count(), 0);
    await page.getByRole('checkbox', { name: '해운대구' }).check();
    await page.getByTestId('location-form').getByRole('button', { name: '저장' }).click();
    await page.getByTestId('location-notice').waitFor();
    const warning = page.getByTestId('territory-warning');
    await expectText(warning, '해운대점: 해운대구');
    assert.equal(await warning.getAttribute('data-location'), haeundae.id);
    await screenshot(page, 'routing-overlap');

    // 해운대점 says so too.
    await page.goto(`/merchant/${shop.id}/locations/${haeundae.id}`);
    await expectText(page.getByTestId('territory-warning'), '광안리점: 해운대구');
    const saved = await owner.call('GET', `/api/v1/merchants/${shop.id}/locations/${gwangalli.id}`, undefined, 200);
    assert.ok(saved.territory.districts.length === 1, 'saved despite the overlap');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the routing page in English', T, async () => {
    const { context, page, errors } = await ownerPage({ lang: 'en' });
    await page.goto(`/merchant/${shop.id}/routing`);
    await expectTitle(page, 'Order routing and credits · Nampo Fish · Busan Jangteo');
    await page.getByRole('button', { name: 'Move Haeundae up' }).waitFor();
    await expectText(page.getByTestId('credit-commission'), /₩452/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
