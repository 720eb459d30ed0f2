// The shopper's cart and checkout across two merchants, and both orders followed to completion. Two
// approved shops are prepared through the API, each with an active product, a shop that hands out
// orders and stock there. Then through the screens: a guest puts shop A's product in the cart (the
// header counts it), goes to the checkout, is sent to sign in, signs up instead and comes back to
// the checkout with the cart merged; adds shop B's product from its page; checks out with delivery
// for A (a bad postal code refused at its field first, then fixed) and pickup for B, pays by card (a
// declined test card first, then 4242…), and sees the confirmation with both orders. A's owner
// prepares, ships (carrier and tracking number), delivers and completes A's order in the back
// office; B's owner prepares, marks ready for pickup, picked up and completed. The customer finds
// both orders completed in My orders with their history. Then a second order in English on a 375 px
// phone: cart, checkout, my orders and the back office's order detail, none scrolling sideways, with
// screenshots; and the shop's delivery fees saved, with a stale save reported. Last, points: B's owner
// gives the customer 2,000 points, and the customer spends 1,000 of them on a pickup order from B
// (more than the balance refused at the field first); the order shows the points used.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ApiClient,
  PASSWORD,
  approvedMerchant,
  assertNoHorizontalScroll,
  createOperatorAdmin,
  signInInPage,
  uniqueEmail,
} from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { addCategory, addProduct, variant } from './support/catalog.mjs';
import { addLocation, adjust, districtCode } from './support/inventory.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 150_000 };
const PHONE = { width: 375, height: 812 };

describe('checkout: one cart, two merchants, both orders to completion', () => {
  let server;
  let browser;
  let admin;
  let category;
  // Two shops: A delivers mackerel, B hands out bread at its shop.
  const shops = {};
  const customer = { name: '박손님', email: uniqueEmail('buyer') };
  let checkoutId;

  async function makeShop(key, { ownerName, nameKo, nameEn, seed, title, sku, price, district, postal, road }) {
    const made = await approvedMerchant(server, admin, {
      ownerName,
      ownerEmail: uniqueEmail(key),
      nameKo,
      nameEn,
      seed,
    });
    const owner = await ApiClient.signIn(server.url, { email: made.owner.email });
    const product = await addProduct(owner, made.merchant.id, {
      category_id: category.id,
      title_ko: title,
      variants: [variant({ sku, price })],
    });
    const location = await addLocation(owner, made.merchant.id, {
      kind: 'shop',
      name_ko: `${nameKo} 본점`,
      district_code: await districtCode(owner, district),
      postal_code: postal,
      road_address: road,
      phone: '051-744-1234',
      pickup: true,
    });
    await adjust(owner, made.merchant.id, { location: location.id, variant: product.variants[0].id, delta: 20 });
    await owner.dispose();
    shops[key] = { ...made, product, location, title, price };
  }

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      const operator = await ApiClient.signIn(server.url, admin);
      category = await addCategory(operator, { code: 'market', ko: '시장', en: 'Market' });
      await operator.dispose();
      await makeShop('a', {
        ownerName: '김자갈',
        nameKo: '자갈치 수산',
        nameEn: 'Jagalchi Fish',
        seed: 9201,
        title: '순살 고등어',
        sku: 'MK-500',
        price: 12_900,
        district: '중구',
        postal: '48953',
        road: '부산 중구 자갈치해안로 52',
      });
      await makeShop('b', {
        ownerName: '이광안',
        nameKo: '광안리 빵집',
        nameEn: 'Gwangalli Bakery',
        seed: 9202,
        title: '단팥빵',
        sku: 'BR-1',
        price: 4_500,
        district: '수영구',
        postal: '48303',
        road: '부산 수영구 광안해변로 219',
      });
    },
    { timeout: 60_000 },
  );

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function ownerPage(shop, options = {}) {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url, ...options });
    await page.goto('/signin');
    await signInInPage(page, { email: shop.owner.email });
    return { context, page, errors };
  }

  /** Opens the order in the back office and waits for its detail. */
  async function openOrder(page, shop, orderId) {
    await page.goto(`/merchant/${shop.merchant.id}/orders`);
    const row = page.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`);
    await row.getByTestId('order-link').click();
    await page.getByTestId('order-detail').waitFor();
  }

  async function expectStatus(page, status) {
    await page.locator(`[data-testid="order-detail"][data-status="${status}"]`).waitFor();
  }

  test('a guest fills the cart, signs up at the checkout and pays by card for two shops', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    const a = shops.a;
    const b = shops.b;

    // A guest adds two of A's mackerel; the header counts them.
    await page.goto(`/p/${a.product.id}`);
    await expectText(page.getByTestId('product-title'), a.title);
    await page.getByLabel('수량').fill('2');
    await page.getByRole('button', { name: '장바구니 담기' }).click();
    await expectText(page.getByTestId('added'), /장바구니에 2개 담았습니다/);
    await expectText(page.getByTestId('cart-count'), '2');

    // The cart: A's group with its subtotal, the fee and how much more makes delivery free.
    await page.getByTestId('cart-link').click();
    await page.waitForURL('**/cart');
    const groupA = page.locator(`[data-testid="cart-merchant"][data-merchant-id="${a.merchant.id}"]`);
    await expectText(groupA.getByTestId('merchant-subtotal'), '25,800원');
    await expectText(groupA.getByTestId('merchant-shipping'), '3,000원');
    await expectText(groupA.getByTestId('free-hint'), '24,200원 더 담으면 무료배송');
    await expectText(page.getByTestId('cart-total'), '28,800원');

    // Checkout sends the guest to sign in; they sign up instead and come back to the checkout.
    await page.getByTestId('to-checkout').click();
    await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === '/checkout');
    await page.locator('.page__aside').getByRole('link', { name: '회원가입' }).click();
    await page.waitForURL((url) => url.pathname === '/signup');
    await page.getByLabel('이름', { exact: true }).fill(customer.name);
    await page.getByLabel('이메일', { exact: true }).fill(customer.email);
    await page.getByLabel('비밀번호', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: '가입하기' }).click();
    await page.waitForURL((url) => url.pathname === '/checkout');
    // The guest's cart is now the customer's.
    await page.getByTestId('checkout-merchant').first().waitFor();
    assert.equal(await page.getByTestId('checkout-merchant').count(), 1);
    await expectText(page.getByTestId('cart-count'), '2');

    // B's bread, three, from its product page.
    await page.goto(`/p/${b.product.id}`);
    await page.getByLabel('수량').fill('3');
    await page.getByRole('button', { name: '장바구니 담기' }).click();
    await page.getByTestId('added').waitFor();
    await expectText(page.getByTestId('cart-count'), '5');

    // The checkout: contact prefilled from the account; delivery for A, pickup for B.
    await page.goto('/checkout');
    await page.getByTestId('checkout-merchant').nth(1).waitFor();
    assert.equal(await page.getByLabel('이름', { exact: true }).inputValue(), customer.name);
    assert.equal(await page.getByLabel('이메일', { exact: true }).inputValue(), customer.email);
    await page.getByLabel('휴대폰 번호', { exact: true }).fill('010-2345-6789');
    const checkoutB = page.locator(`[data-testid="checkout-merchant"][data-merchant-id="${b.merchant.id}"]`);
    await checkoutB.getByLabel('매장 픽업').check();
    await expectText(checkoutB.getByTestId('pickup-place'), /광안리 빵집 본점/);
    await expectText(checkoutB.getByTestId('merchant-fee'), '0원');
    // The shared address, first with a postal code of four digits.
    assert.equal(await page.getByLabel('받는 분', { exact: true }).inputValue(), customer.name);
    await page.getByLabel('받는 분 연락처').fill('010-2345-6789');
    await page.getByLabel('우편번호').fill('4805');
    await page.getByLabel('도로명 주소').fill('부산 해운대구 해운대해변로 264');
    await page.getByLabel('상세 주소').fill('101동 1001호');
    await expectText(page.getByTestId('checkout-total'), '42,300원');
    await page.getByRole('button', { name: /주문하기/ }).click();
    await expectText(page.getByTestId('field-error'), '우편번호는 숫자 5자리입니다. 예: 48058');
    assert.equal(await page.getByLabel('우편번호').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('우편번호').fill('48058');
    await page.getByRole('button', { name: /주문하기/ }).click();
    await page.waitForURL(/\/checkout\/chk_[^/]+\/pay$/);
    checkoutId = new URL(page.url()).pathname.split('/')[2];
    await expectText(page.getByTestId('pay-amount'), '42,300원');
    await expectText(page.getByTestId('test-cards'), /4242 4242 4242 4242/);

    // A declined card, with the reason; then the good one.
    await page.getByLabel('카드 번호').fill('4000 0000 0000 0002');
    await page.getByLabel('유효기간').fill('12/39');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: /결제하기/ }).click();
    await expectText(page.getByTestId('declined'), /카드사가 결제를 거절했습니다/);
    await page.getByLabel('카드 번호').fill('4242 4242 4242 4242');
    await page.getByLabel('CVC').fill('123');
    await page.getByRole('button', { name: /결제하기/ }).click();
    await page.waitForURL(`**/orders/checkout/${checkoutId}`);

    // The confirmation: both orders, paid; A delivered to the address, B at its shop.
    await page.getByTestId('confirmed-order').nth(1).waitFor();
    await expectText(page.getByTestId('placed'), /주문 2건/);
    await expectText(page.getByTestId('confirm-total'), '42,300원');
    const confirmedA = page.locator(`[data-testid="confirmed-order"][data-merchant-id="${a.merchant.id}"]`);
    const confirmedB = page.locator(`[data-testid="confirmed-order"][data-merchant-id="${b.merchant.id}"]`);
    await expectText(confirmedA.getByTestId('order-status'), '결제 완료');
    await expectText(confirmedA.locator('h2'), '자갈치 수산');
    await expectText(confirmedA.getByTestId('order-address'), /48058/);
    await expectText(confirmedA.getByTestId('order-total'), '28,800원');
    await expectText(confirmedB.getByTestId('order-status'), '결제 완료');
    await expectText(confirmedB.getByTestId('pickup-place'), /광안리 빵집 본점/);
    await expectText(confirmedB.getByTestId('order-total'), '13,500원');
    assert.equal(await page.getByTestId('cart-count').count(), 0, 'the ordered lines left the cart');
    shops.a.order = await confirmedA.getAttribute('data-order-id');
    shops.b.order = await confirmedB.getAttribute('data-order-id');
    await screenshot(page, 'checkout-confirmation');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("A's owner ships, delivers and completes; B's owner hands the bread over", T, async () => {
    const a = shops.a;
    const b = shops.b;
    assert.ok(a.order && b.order, 'the first test placed the orders');

    const ownerA = await ownerPage(a);
    await openOrder(ownerA.page, a, a.order);
    await expectText(ownerA.page.getByTestId('order-customer'), /박손님/);
    await expectText(ownerA.page.getByTestId('payment-state'), '결제 완료');
    await ownerA.page.getByTestId('step-preparing').click();
    await expectStatus(ownerA.page, 'preparing');
    await ownerA.page.getByTestId('open-ship').click();
    await ownerA.page.getByLabel('택배사', { exact: true }).selectOption('한진택배');
    await ownerA.page.getByLabel('운송장 번호').fill('512345678901');
    await ownerA.page.getByRole('button', { name: '발송 처리' }).click();
    await expectStatus(ownerA.page, 'shipped');
    await expectText(ownerA.page.getByTestId('shipment'), '한진택배 운송장 512345678901');
    await ownerA.page.getByTestId('step-delivered').click();
    await expectStatus(ownerA.page, 'delivered');
    await ownerA.page.getByTestId('step-completed').click();
    await expectStatus(ownerA.page, 'completed');
    assert.equal(await ownerA.page.getByTestId('order-actions').count(), 0, 'nothing more to do');
    await screenshot(ownerA.page, 'back-office-order-completed');
    // The list filtered by status finds it.
    await ownerA.page.goto(`/merchant/${a.merchant.id}/orders?status=completed`);
    await expectText(ownerA.page.getByTestId('order-row').getByTestId('order-status'), '완료');
    assert.deepEqual(ownerA.errors, []);
    await ownerA.context.close();

    const ownerB = await ownerPage(b);
    await openOrder(ownerB.page, b, b.order);
    await expectText(ownerB.page.getByTestId('pickup-place'), /광안리 빵집 본점/);
    assert.equal(await ownerB.page.getByTestId('open-ship').count(), 0, 'a pickup is not shipped');
    await ownerB.page.getByTestId('step-preparing').click();
    await expectStatus(ownerB.page, 'preparing');
    await ownerB.page.getByTestId('step-ready_for_pickup').click();
    await expectStatus(ownerB.page, 'ready_for_pickup');
    await ownerB.page.getByTestId('step-picked_up').click();
    await expectStatus(ownerB.page, 'picked_up');
    await ownerB.page.getByTestId('step-completed').click();
    await expectStatus(ownerB.page, 'completed');
    assert.deepEqual(ownerB.errors, []);
    await ownerB.context.close();

    // The customer sees both completed, with their history.
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    await page.goto('/signin');
    await signInInPage(page, { email: customer.email });
    await page.goto('/me/orders');
    await page.getByTestId('my-order').nth(1).waitFor();
    for (const shop of [a, b]) {
      const row = page.locator(`[data-testid="my-order"][data-order-id="${shop.order}"]`);
      await expectText(row.getByTestId('order-status'), '완료');
    }
    await page.locator(`[data-testid="my-order"][data-order-id="${a.order}"]`).getByRole('link').first().click();
    await page.getByTestId('my-order-detail').waitFor();
    await expectText(page.getByTestId('shipment'), '한진택배 운송장 512345678901');
    const steps = await page.getByTestId('order-event').evaluateAll((items) => items.map((e) => e.dataset.to));
    assert.deepEqual(steps, ['pending_payment', 'paid', 'preparing', 'shipped', 'delivered', 'completed']);
    assert.equal(await page.getByTestId('cancel-order').count(), 0, 'a completed order is not cancelled');
    await screenshot(page, 'my-order-completed');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a bank transfer order cancelled by the customer, in English on a phone, and the shop’s fees', T, async () => {
    const a = shops.a;
    const { context, page, errors } = await newPage(browser, { baseURL: server.url, viewport: PHONE });
    await context.addInitScript(() => window.localStorage.setItem('jangteo.lang', 'en'));
    await page.goto('/signin');
    await page.getByLabel('Email', { exact: true }).fill(customer.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/me');

    await page.goto(`/p/${a.product.id}`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByTestId('added').waitFor();
    await page.goto('/cart');
    await expectText(page.getByTestId('cart-total'), '₩15,900');
    await assertNoHorizontalScroll(page, 'cart at 375 px');
    await screenshot(page, 'cart-phone-en');

    await page.getByTestId('to-checkout').click();
    await page.waitForURL((url) => url.pathname === '/checkout');
    await page.getByTestId('checkout-merchant').waitFor();
    await page.getByLabel('Mobile number', { exact: true }).fill('010-2345-6789');
    await page.getByLabel('Recipient’s phone').fill('010-2345-6789');
    await page.getByLabel('Postal code').fill('63100');
    await page.getByLabel('Road address').fill('제주 제주시 중앙로 1');
    // Jeju adds its surcharge to the estimate.
    await expectText(page.getByTestId('merchant-fee'), '₩6,000');
    await page.getByLabel('Bank transfer').check();
    await assertNoHorizontalScroll(page, 'checkout at 375 px');
    await screenshot(page, 'checkout-phone-en');
    await page.getByRole('button', { name: /Place order/ }).click();
    await page.waitForURL(/\/orders\/checkout\/chk_/);
    await expectText(page.getByTestId('transfer-due'), /Please transfer ₩18,900 to the shop’s account by/);
    const order = await page.getByTestId('confirmed-order').getAttribute('data-order-id');
    await assertNoHorizontalScroll(page, 'confirmation at 375 px');

    // My orders, and the customer cancels it before it ships.
    await page.goto(`/me/orders/${order}`);
    await expectText(page.getByTestId('order-status'), 'Awaiting payment');
    await assertNoHorizontalScroll(page, 'my order at 375 px');
    await screenshot(page, 'my-order-phone-en');
    await page.getByTestId('cancel-order').click();
    await page.getByLabel(/Reason/).fill('주소를 잘못 적었어요');
    await page.getByRole('button', { name: 'Cancel the order' }).click();
    await expectText(page.getByTestId('order-notice'), 'The order is cancelled.');
    await expectText(page.locator('.section__head').getByTestId('order-status'), 'Cancelled');
    await page.goto('/me/orders');
    await page.getByTestId('my-order').nth(2).waitFor();
    await assertNoHorizontalScroll(page, 'my orders at 375 px');
    assert.deepEqual(errors, []);
    await context.close();

    // The owner sees it cancelled with the customer's reason, on a phone, in English.
    const owner = await ownerPage(a, { viewport: PHONE });
    await owner.context.addInitScript(() => window.localStorage.setItem('jangteo.lang', 'en'));
    await openOrder(owner.page, a, order);
    await expectStatus(owner.page, 'cancelled');
    await expectText(owner.page.getByTestId('order-history'), /주소를 잘못 적었어요/);
    await assertNoHorizontalScroll(owner.page, 'back-office order at 375 px');
    await screenshot(owner.page, 'back-office-order-phone-en');
    await owner.page.goto(`/merchant/${a.merchant.id}/orders/${a.order}`);
    await owner.page.getByTestId('order-detail').waitFor();
    await assertNoHorizontalScroll(owner.page, 'back-office completed order at 375 px');

    // The delivery fees: defaults at first; saved; a stale save is reported with a reload.
    await owner.page.goto(`/merchant/${a.merchant.id}/shipping`);
    await owner.page.getByTestId('shipping-defaults').waitFor();
    await owner.page.getByLabel('Delivery fee (won)').fill('2500');
    await owner.page.getByTestId('never-free').check();
    await owner.page.getByRole('button', { name: 'Save' }).click();
    await expectText(owner.page.getByTestId('shipping-saved'), 'The delivery fees are saved.');
    const api = await ApiClient.signIn(server.url, { email: a.owner.email });
    await api.call(
      'PUT',
      `/api/v1/merchants/${a.merchant.id}/shipping`,
      { flat_fee_won: 3500, free_over_won: null, jeju_surcharge_won: 3000, islands_surcharge_won: 5000, version: 1 },
      200,
    );
    await api.dispose();
    await owner.page.getByLabel('Delivery fee (won)').fill('2000');
    await owner.page.getByRole('button', { name: 'Save' }).click();
    await owner.page.getByTestId('conflict').waitFor();
    await owner.page.getByTestId('conflict').getByRole('button', { name: 'Reload' }).click();
    await expectText(owner.page.getByTestId('shipping-saved'), 'Loaded the fees someone else saved.');
    assert.equal(await owner.page.getByLabel('Delivery fee (won)').inputValue(), '3500');
    await assertNoHorizontalScroll(owner.page, 'shipping at 375 px');
    assert.deepEqual(owner.errors, []);
    await owner.context.close();
  });

  test('points: spent at the checkout up to the balance, and shown on the order', T, async () => {
    const b = shops.b;
    const owner = await ApiClient.signIn(server.url, { email: b.owner.email });
    const base = `/api/v1/merchants/${b.merchant.id}`;
    await owner.call('PUT', `${base}/point-policy`, { earn_bp: 0, expiry_days: 0, min_redeem: 500 }, 200);
    const [person] = (await owner.call('GET', `${base}/customers?q=${encodeURIComponent(customer.email)}`, undefined, 200))
      .items;
    assert.ok(person, 'the customer of the earlier orders is the bakery’s customer');
    await owner.call('POST', `${base}/customers/${person.id}/points/adjustments`, { points: 2000, reason: '단골 감사' }, 201);

    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    await signInInPage(page, { email: customer.email });
    await page.goto(`/p/${b.product.id}`);
    await page.getByRole('button', { name: '장바구니 담기' }).click();
    await page.getByTestId('added').waitFor();
    await page.goto('/checkout');
    const checkoutB = page.locator(`[data-testid="checkout-merchant"][data-merchant-id="${b.merchant.id}"]`);
    await checkoutB.waitFor();
    await page.getByLabel('휴대폰 번호', { exact: true }).fill('010-2345-6789');
    await checkoutB.getByLabel('매장 픽업').check();
    const points = checkoutB.getByLabel('포인트 사용');
    await expectText(checkoutB.locator('.field__hint').filter({ hasText: '포인트' }), /가진 포인트 2,000점/);
    await points.fill('5000');
    await page.getByLabel('매장에서 결제').check();
    await page.getByRole('button', { name: /주문하기/ }).click();
    await expectText(checkoutB.getByTestId('field-error'), '가진 포인트(2,000점)보다 많습니다.');
    await points.fill('1000');
    await expectText(checkoutB.getByTestId('merchant-points'), '-1,000원');
    await expectText(page.getByTestId('checkout-total'), '3,500원');
    await page.getByRole('button', { name: /주문하기/ }).click();
    await page.waitForURL(/\/orders\/checkout\/chk_/);
    const orderId = await page.getByTestId('confirmed-order').getAttribute('data-order-id');
    await page.goto(`/me/orders/${orderId}`);
    await expectText(page.getByTestId('order-points-used'), '-1,000원');
    await expectText(page.getByTestId('order-total'), '3,500원');
    const order = await owner.call('GET', `${base}/orders/${orderId}`, undefined, 200);
    assert.equal(order.points_used, 1000);
    const left = await owner.call('GET', `${base}/customers/${person.id}/points`, undefined, 200);
    assert.equal(left.balance, 1000);
    await owner.dispose();
    assert.deepEqual(errors, []);
    await context.close();
  });
});
