// The order screens the checkout test does not walk. One approved fish shop is prepared through the
// API, with a shop that hands out orders and stock there for a product per test. Then, through the
// screens: the cart's notices (a price changed since the line was put in, accepted; too little
// stock, the available quantity taken; a product withdrawn, shown without a price and removed; the
// checkout refused while a line has a problem, and a shortfall found by the server's checkout
// sending the shopper back with the line marked); a bank transfer order with its amount and
// deadline, the deposit confirmed by the owner (입금 확인) and seen paid by the customer; two
// pay-at-pickup orders handed over at the shop, one with "payment collected" and completed, the
// other without, its completion refused until the money is recorded; a partial return with a refund
// on a completed card order, the unit back on hand; someone else's change while the owner looks at
// an order (the 409 version banner, then the new state on reload); and, in English, a cancellation
// with a reason that releases the reserved stock. Orders the screens are not about are placed and
// paid through the API (support/orders.mjs).
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
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { addCategory, addProduct, variant } from './support/catalog.mjs';
import { addLocation, adjust, districtCode } from './support/inventory.mjs';
import { addToCart, checkout, getOrder, payByCard, step } from './support/orders.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 60_000 };

describe('orders: cart notices, offline payments, returns, conflicts and cancellation', () => {
  let server;
  let browser;
  let shop;
  let owner; // the owner's API client, for what happens "elsewhere"
  // SKU -> the product as made, one per test so that each test's stock is its own.
  const products = {};

  const PRODUCTS = [
    { sku: 'MK-1', title: '순살 고등어', price: 12_900, stock: 50 },
    { sku: 'HT-1', title: '제주 은갈치', price: 18_000, stock: 10 },
    { sku: 'SQ-1', title: '손질 오징어', price: 9_000, stock: 10 },
    { sku: 'KM-1', title: '구운 김', price: 5_000, stock: 50 },
    { sku: 'EG-1', title: '명란젓', price: 15_000, stock: 20 },
    { sku: 'AB-1', title: '완도 전복', price: 20_000, stock: 10 },
    { sku: 'SR-1', title: '새우젓', price: 8_000, stock: 10 },
    { sku: 'AN-1', title: '볶음 멸치', price: 7_000, stock: 10 },
  ];

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
        seed: 9301,
      });
      owner = await ApiClient.signIn(server.url, { email: made.owner.email });
      const location = await addLocation(owner, made.merchant.id, {
        kind: 'shop',
        name_ko: '남포 수산 본점',
        name_en: 'Nampo Fish main shop',
        district_code: await districtCode(owner, '중구'),
        postal_code: '48953',
        road_address: '부산 중구 자갈치해안로 52',
        phone: '051-245-1234',
        pickup: true,
      });
      for (const p of PRODUCTS) {
        const product = await addProduct(owner, made.merchant.id, {
          category_id: category.id,
          title_ko: p.title,
          variants: [variant({ sku: p.sku, price: p.price })],
        });
        await adjust(owner, made.merchant.id, {
          location: location.id,
          variant: product.variants[0].id,
          delta: p.stock,
        });
        products[p.sku] = { ...p, product, variantId: product.variants[0].id };
      }
      shop = { ...made, location, id: made.merchant.id };
    },
    { timeout: 60_000 },
  );

  after(async () => {
    await owner?.dispose();
    await browser?.close();
    await server?.stop();
  });

  /** A customer signed up through the API, with `lines` ({sku: quantity}) in the cart. */
  async function customerWith(name, lines) {
    const client = await ApiClient.signUp(server.url, { name, email: uniqueEmail('buyer') });
    for (const [sku, quantity] of Object.entries(lines)) await addToCart(client, products[sku].variantId, quantity);
    return client;
  }

  async function signedInPage(email, options = {}) {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url, ...options });
    if (options.lang)
      await context.addInitScript((lang) => window.localStorage.setItem('jangteo.lang', lang), options.lang);
    await page.goto('/signin');
    if (options.lang === 'en') {
      await page.getByLabel('Email', { exact: true }).fill(email);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname === '/me');
    } else {
      await signInInPage(page, { email });
    }
    return { context, page, errors };
  }

  const ownerPage = (options) => signedInPage(shop.owner.email, options);

  /** Opens the order in the back office from its list, and waits for its detail. */
  async function openOrder(page, orderId) {
    await page.goto(`/merchant/${shop.id}/orders`);
    await page.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`).getByTestId('order-link').click();
    await page.locator(`[data-testid="order-detail"][data-order-id="${orderId}"]`).waitFor();
  }

  const expectStatus = (page, status) =>
    page.locator(`[data-testid="order-detail"][data-status="${status}"]`).waitFor();

  /** The stock page's cell of the SKU at the shop. */
  function stockCell(page, sku) {
    return page
      .locator(`[data-testid="stock-row"][data-sku="${sku}"]`)
      .locator(`[data-testid="stock-level"][data-location-id="${shop.location.id}"]`);
  }

  async function changePrice(productId, price) {
    const path = `/api/v1/merchants/${shop.id}/products/${productId}`;
    const now = await owner.call('GET', path, undefined, 200);
    const body = {
      category_id: now.category_id,
      title_ko: now.title_ko,
      title_en: now.title_en,
      description: now.description,
      brand: now.brand,
      attributes: now.attributes,
      vat: now.vat,
      images: now.images.map((i) => ({ hash: i.hash, alt: i.alt })),
      variants: now.variants.map((v) => ({ ...v, base_price_won: price })),
      version: now.version,
    };
    await owner.call('PUT', path, body, 200);
  }

  test('cart notices: a new price, a shortfall, a withdrawn product; the checkout waits for them', T, async () => {
    const customer = await customerWith('한장바', { 'MK-1': 1, 'HT-1': 5, 'SQ-1': 1 });
    const [mk, ht, sq] = [products['MK-1'], products['HT-1'], products['SQ-1']];
    // Meanwhile, at the shop: the mackerel costs more, five hairtail were found spoiled, the squid is withdrawn.
    await changePrice(mk.product.id, 13_900);
    await adjust(owner, shop.id, {
      location: shop.location.id,
      variant: ht.variantId,
      delta: -7,
      reason: 'adjustment',
    });
    const squid = await owner.call('GET', `/api/v1/merchants/${shop.id}/products/${sq.product.id}`, undefined, 200);
    await owner.call(
      'POST',
      `/api/v1/merchants/${shop.id}/products/${sq.product.id}/status`,
      { status: 'archived', version: squid.version },
      200,
    );

    const { context, page, errors } = await signedInPage(customer.user.email);
    await page.goto('/cart');
    const line = (v) => page.locator(`[data-testid="cart-line"][data-variant-id="${v.variantId}"]`);
    await line(sq).waitFor();
    assert.equal(await line(mk).getAttribute('data-problem'), 'price_changed');
    await expectText(line(mk).getByTestId('line-notice'), /가격이 12,900원에서 13,900원\(으\)로 바뀌었습니다/);
    await expectText(line(ht).getByTestId('line-notice'), /재고가 부족합니다\. 지금 3개까지 살 수 있습니다\./);
    await expectText(line(sq).getByTestId('line-notice'), /더 이상 판매하지 않는 상품입니다/);
    assert.equal(await line(sq).getByTestId('cart-quantity').count(), 0, 'a withdrawn line has no stepper');
    // It has no price now: none is shown (not "0원").
    assert.equal(await line(sq).locator('.cart-line__price').count(), 0);
    await expectText(line(sq).getByTestId('cart-line-total'), '');
    // The total counts the lines still sold at their price now (the mackerel at its new price and the
    // five hairtail asked for: free delivery over 50,000원), not the withdrawn squid.
    await expectText(page.getByTestId('cart-total'), '103,900원');
    await expectText(page.getByTestId('cart-not-ready'), /표시된 상품을 먼저 확인해 주세요/);
    assert.equal(await page.getByTestId('to-checkout').isDisabled(), true, 'no checkout while a line has a problem');
    await screenshot(page, 'cart-notices');

    // The new price accepted; the three there are taken; the squid removed.
    await line(mk).getByRole('button', { name: '바뀐 가격으로 담기' }).click();
    // The line total showed the new price before the click too: wait for the notice to go.
    await line(mk).and(page.locator('[data-problem="none"]')).waitFor();
    await expectText(line(mk).getByTestId('cart-line-total'), '13,900원');
    await line(ht).getByRole('button', { name: '3개로 바꾸기' }).click();
    await expectText(line(ht).getByTestId('cart-line-total'), '54,000원');
    assert.equal(await line(ht).getByTestId('cart-quantity').inputValue(), '3');
    await line(sq).getByTestId('cart-remove').click();
    await line(sq).waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('cart-not-ready').count(), 0);
    // 13,900 + 54,000, free delivery over 50,000.
    await expectText(page.getByTestId('cart-total'), '67,900원');
    assert.equal(await page.getByTestId('to-checkout').isEnabled(), true);

    // At the checkout, another hairtail goes before the order is placed: the server's checkout
    // finds the shortfall (409 cart_changed) and sends the shopper back with the line marked.
    await page.getByTestId('to-checkout').click();
    await page.waitForURL((url) => url.pathname === '/checkout');
    await page.getByTestId('checkout-merchant').waitFor();
    await page.getByLabel('휴대폰 번호', { exact: true }).fill('010-2345-6789');
    await page.getByLabel('받는 분 연락처').fill('010-2345-6789');
    await page.getByLabel('우편번호').fill('48058');
    await page.getByLabel('도로명 주소').fill('부산 해운대구 해운대해변로 264');
    await adjust(owner, shop.id, {
      location: shop.location.id,
      variant: ht.variantId,
      delta: -1,
      reason: 'adjustment',
    });
    await page.getByRole('button', { name: /주문하기/ }).click();
    await page.waitForURL((url) => url.pathname === '/cart');
    await expectText(page.getByTestId('cart-changed'), /주문하는 사이 장바구니가 바뀌었습니다/);
    await expectText(line(ht).getByTestId('line-notice'), /지금 2개까지 살 수 있습니다/);
    assert.match(await line(ht).getAttribute('class'), /cart-line--marked/);
    assert.doesNotMatch(await line(mk).getAttribute('class'), /cart-line--marked/);
    assert.equal(await page.getByTestId('to-checkout').isDisabled(), true);
    await screenshot(page, 'cart-changed-at-checkout');
    await line(ht).getByRole('button', { name: '2개로 바꾸기' }).click();
    await expectText(line(ht).getByTestId('cart-line-total'), '36,000원');
    assert.equal(await page.getByTestId('to-checkout').isEnabled(), true);
    assert.deepEqual(errors, []);
    await context.close();
    await customer.dispose();
  });

  test('bank transfer: the amount and deadline, the deposit confirmed by the owner, seen paid', T, async () => {
    const customer = await customerWith('오입금', { 'KM-1': 2 });
    const shopper = await signedInPage(customer.user.email);
    const { page } = shopper;
    await page.goto('/checkout');
    await page.getByTestId('checkout-merchant').waitFor();
    await page.getByLabel('휴대폰 번호', { exact: true }).fill('010-3456-7890');
    await page.getByLabel('받는 분 연락처').fill('010-3456-7890');
    await page.getByLabel('우편번호').fill('48058');
    await page.getByLabel('도로명 주소').fill('부산 해운대구 해운대해변로 264');
    await page.getByLabel('무통장입금').check();
    // Two sheets of laver and the delivery fee.
    await expectText(page.getByTestId('checkout-total'), '13,000원');
    await page.getByRole('button', { name: /주문하기/ }).click();
    await page.waitForURL(/\/orders\/checkout\/chk_/);
    const confirmed = page.getByTestId('confirmed-order');
    await expectText(confirmed.getByTestId('order-status'), '결제 대기');
    const orderId = await confirmed.getAttribute('data-order-id');
    // The deadline is the order's, as the app writes times (30 minutes after the order by default).
    const order = await customer.call('GET', `/api/v1/me/orders/${orderId}`, undefined, 200);
    const waited = Date.parse(order.payment_due_at) - Date.parse(order.created_at);
    assert.ok(Math.abs(waited - 30 * 60_000) <= 1_000, `due ${waited} ms after the order`);
    const due = await page.evaluate(
      (iso) =>
        new Intl.DateTimeFormat('ko-KR', { timeZone: 'Asia/Seoul', dateStyle: 'medium', timeStyle: 'short' }).format(
          new Date(iso),
        ),
      order.payment_due_at,
    );
    await expectText(
      page.getByTestId('transfer-due'),
      `13,000원을(를) ${due}까지 상점 계좌로 입금해 주세요. 계좌 번호는 상점이 알려 드립니다. 기한이 지나면 주문이 취소됩니다.`,
    );
    await screenshot(page, 'bank-transfer-confirmation');

    // The owner sees the money arrive and confirms it.
    const bo = await ownerPage();
    await openOrder(bo.page, orderId);
    await expectStatus(bo.page, 'pending_payment');
    await expectText(bo.page.getByTestId('payment-status'), '미결제');
    assert.equal(await bo.page.getByTestId('step-preparing').count(), 0, 'nothing to prepare before the deposit');
    await expectText(bo.page.getByTestId('confirm-payment'), '입금 확인');
    await bo.page.getByTestId('confirm-payment').click();
    await expectStatus(bo.page, 'paid');
    await expectText(bo.page.getByTestId('order-notice'), '결제를 확인했습니다.');
    await expectText(bo.page.getByTestId('payment-status'), '결제됨');
    assert.equal(await bo.page.getByTestId('confirm-payment').count(), 0);
    await bo.page.getByTestId('step-preparing').waitFor();
    await screenshot(bo.page, 'bank-transfer-confirmed-back-office');
    assert.deepEqual(bo.errors, []);
    await bo.context.close();

    // The customer finds it paid, with no deadline any more.
    await page.goto(`/me/orders/${orderId}`);
    await page.getByTestId('my-order-detail').waitFor();
    await expectText(page.locator('.section__head').getByTestId('order-status'), '결제 완료');
    await expectText(page.getByTestId('payment-status'), '결제됨');
    assert.equal(await page.getByTestId('transfer-due').count(), 0);
    const history = await page.getByTestId('order-event').evaluateAll((items) => items.map((e) => e.dataset.to));
    assert.deepEqual(history, ['pending_payment', 'paid']);
    assert.deepEqual(shopper.errors, []);
    await shopper.context.close();
    await customer.dispose();
  });

  test('pay at pickup: handed over paid and completed; handed over unpaid, completing waits', T, async () => {
    const customer = await customerWith('차픽업', { 'EG-1': 1 });
    const first = await checkout(customer, shop.id, { method: 'pay_at_pickup', pickup: shop.location.id });
    await addToCart(customer, products['EG-1'].variantId, 2);
    const second = await checkout(customer, shop.id, { method: 'pay_at_pickup', pickup: shop.location.id });
    const [firstId, secondId] = [first.orders[0].id, second.orders[0].id];

    const { context, page, errors } = await ownerPage();
    await openOrder(page, firstId);
    await expectStatus(page, 'pending_payment');
    await expectText(page.getByTestId('pickup-place'), /남포 수산 본점/);
    // Paid at the shop: it is prepared before any payment.
    await page.getByTestId('step-preparing').click();
    await expectStatus(page, 'preparing');
    await page.getByTestId('step-ready_for_pickup').click();
    await expectStatus(page, 'ready_for_pickup');
    const handover = page.getByTestId('handover-picked_up');
    await expectText(handover, /매장에서 결제 대금 15,000원을\(를\) 받았습니다/);
    await handover.getByTestId('payment-collected').check();
    await screenshot(page, 'pickup-handover');
    await handover.getByTestId('step-picked_up').click();
    await expectStatus(page, 'picked_up');
    await expectText(page.getByTestId('payment-status'), '결제됨');
    await page.getByTestId('step-completed').click();
    await expectStatus(page, 'completed');
    assert.equal(await page.getByTestId('order-actions').count(), 0);

    // The second is handed over without the money recorded.
    await openOrder(page, secondId);
    await page.getByTestId('step-preparing').click();
    await expectStatus(page, 'preparing');
    await page.getByTestId('step-ready_for_pickup').click();
    await expectStatus(page, 'ready_for_pickup');
    await expectText(page.getByTestId('handover-picked_up'), /30,000원/);
    await page.getByTestId('step-picked_up').click();
    await expectStatus(page, 'picked_up');
    await expectText(page.getByTestId('payment-status'), '미결제');
    // The screen does not offer to complete it, and says why.
    assert.equal(await page.getByTestId('step-completed').count(), 0);
    await expectText(
      page.getByTestId('order-actions').locator('p.muted'),
      '받을 때 결제하는 주문은 대금 수령을 기록한 뒤에 완료할 수 있습니다.',
    );
    // Nor does the server take it (409 payment_outstanding, with a reason that says what to do).
    const { version } = await getOrder(owner, shop.id, secondId);
    const refused = await owner.call(
      'POST',
      `/api/v1/merchants/${shop.id}/orders/${secondId}/status`,
      { status: 'completed', version },
      409,
    );
    assert.equal(refused.type, '/problems/payment_outstanding');
    assert.equal(refused.detail, 'record the payment collected before the order is completed');
    // The screen, read again, still says so.
    await page.reload();
    await expectStatus(page, 'picked_up');
    assert.equal(await page.getByTestId('step-completed').count(), 0);
    await screenshot(page, 'pickup-unpaid');
    // The money recorded, it can be completed.
    await expectText(page.getByTestId('confirm-payment'), '대금 수령 기록');
    await page.getByTestId('confirm-payment').click();
    await expectText(page.getByTestId('payment-status'), '결제됨');
    await page.getByTestId('step-completed').click();
    await expectStatus(page, 'completed');
    assert.deepEqual(errors, []);
    await context.close();
    await customer.dispose();
  });

  test('a partial return with a refund on a completed card order puts the unit back on hand', T, async () => {
    const ab = products['AB-1'];
    const customer = await customerWith('구반품', { 'AB-1': 2 });
    const placed = await checkout(customer, shop.id, { method: 'card' });
    await payByCard(customer, placed.id);
    const orderId = placed.orders[0].id;
    await step(owner, shop.id, orderId, 'preparing');
    await step(owner, shop.id, orderId, 'shipped', { carrier: 'CJ대한통운', tracking_number: '634512345678' });
    await step(owner, shop.id, orderId, 'delivered');
    await step(owner, shop.id, orderId, 'completed');
    await customer.dispose();

    const { context, page, errors } = await ownerPage();
    // Two sold: eight on hand, nothing reserved.
    await page.goto(`/merchant/${shop.id}/stock`);
    await expectText(stockCell(page, ab.sku).locator('.stock-cell__on-hand'), '8');
    await expectText(stockCell(page, ab.sku).locator('.stock-cell__detail'), '예약 0 · 가능 8');

    await openOrder(page, orderId);
    await expectStatus(page, 'completed');
    await expectText(page.getByTestId('payment-status'), '결제됨');
    await page.getByTestId('open-return').click();
    const form = page.getByTestId('return-form');
    await expectText(form.getByTestId('return-lines').locator(`tr[data-sku="${ab.sku}"] td`).first(), '2');
    await form.getByLabel('완도 전복 반품 수량').fill('1');
    // The refund follows the returned unit; restocking is offered, ticked.
    assert.equal(await form.getByLabel('환불 금액 (원)').inputValue(), '20000');
    assert.equal(await form.getByLabel('반품된 상품을 재고로 되돌리기').isChecked(), true);
    await form.getByLabel('사유', { exact: true }).fill('한 개가 깨져서 왔어요');
    await screenshot(page, 'return-form');
    await form.getByRole('button', { name: '반품·환불 기록' }).click();
    await expectText(page.getByTestId('order-notice'), '반품·환불을 기록했습니다.');
    await expectText(page.getByTestId('payment-status'), '부분 환불');
    await expectText(page.getByTestId('refund'), /^20,000원 · 환불 (완료|처리 중) · .+ · 한 개가 깨져서 왔어요$/);
    await expectText(page.getByTestId('order-refunded'), /20,000원/);
    await expectText(
      page.locator(`[data-testid="order-line"][data-sku="${ab.sku}"]`).getByTestId('returned'),
      '반품 1개',
    );
    await screenshot(page, 'return-recorded');

    // The unit is back on hand at the shop it was sold from.
    await page.goto(`/merchant/${shop.id}/stock`);
    await expectText(stockCell(page, ab.sku).locator('.stock-cell__on-hand'), '9');
    await expectText(stockCell(page, ab.sku).locator('.stock-cell__detail'), '예약 0 · 가능 9');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an order changed elsewhere meanwhile: the 409 version banner, then the new state on reload', T, async () => {
    const customer = await customerWith('유동시', { 'SR-1': 1 });
    const placed = await checkout(customer, shop.id, { method: 'card' });
    await payByCard(customer, placed.id);
    await customer.dispose();
    const orderId = placed.orders[0].id;

    const { context, page, errors } = await ownerPage();
    await openOrder(page, orderId);
    await expectStatus(page, 'paid');
    // A member of staff prepares it meanwhile.
    await step(owner, shop.id, orderId, 'preparing');
    await page.getByTestId('step-preparing').click();
    await expectText(
      page.getByTestId('conflict'),
      /그 사이 다른 사람이 이 주문을 바꿨습니다\. 새로 고친 뒤 다시 처리해 주세요\./,
    );
    await expectStatus(page, 'paid'); // what the owner read, until reloaded
    await screenshot(page, 'order-version-conflict');
    await page.getByTestId('conflict').getByRole('button', { name: '새로 고치기' }).click();
    await expectStatus(page, 'preparing');
    assert.equal(await page.getByTestId('conflict').count(), 0);
    await page.getByTestId('open-ship').waitFor();
    const history = await page.getByTestId('order-event').evaluateAll((items) => items.map((e) => e.dataset.to));
    assert.deepEqual(history, ['pending_payment', 'paid', 'preparing']);
    // And the next step goes through with the version just read.
    await page.getByTestId('open-ship').click();
    await page.getByLabel('운송장 번호').fill('512345678901');
    await page.getByRole('button', { name: '발송 처리' }).click();
    await expectStatus(page, 'shipped');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('in English: the owner cancels a paid order with a reason and the reserved stock is released', T, async () => {
    const an = products['AN-1'];
    const customer = await customerWith('문취소', { 'AN-1': 2 });
    const placed = await checkout(customer, shop.id, { method: 'card' });
    await payByCard(customer, placed.id);
    const orderId = placed.orders[0].id;

    const { context, page, errors } = await ownerPage({ lang: 'en' });
    await page.goto(`/merchant/${shop.id}/stock`);
    await expectText(stockCell(page, an.sku).locator('.stock-cell__detail'), 'reserved 2 · available 8');
    await expectText(stockCell(page, an.sku).locator('.stock-cell__on-hand'), '10');

    await openOrder(page, orderId);
    await expectStatus(page, 'paid');
    await page.getByTestId('open-cancel').click();
    const form = page.getByTestId('cancel-form');
    await expectText(form, /The stock comes back and what was paid is refunded in full\./);
    // A reason is asked for: the customer sees it.
    await form.getByRole('button', { name: 'Cancel the order' }).click();
    await expectText(form.getByTestId('field-error'), 'This is required.');
    await form.getByLabel(/Reason/).fill('재고 확인 결과 상품이 상했습니다');
    await screenshot(page, 'cancel-form-en');
    await form.getByRole('button', { name: 'Cancel the order' }).click();
    await expectStatus(page, 'cancelled');
    await expectText(page.getByTestId('order-notice'), 'The order is cancelled.');
    await expectText(page.getByTestId('order-history'), /재고 확인 결과 상품이 상했습니다/);
    await expectText(page.getByTestId('payment-status'), 'Refunded');
    assert.equal(await page.getByTestId('order-actions').count(), 0);
    await screenshot(page, 'order-cancelled-en');

    // Nothing reserved any more; nothing left the shelf.
    await page.goto(`/merchant/${shop.id}/stock`);
    await expectText(stockCell(page, an.sku).locator('.stock-cell__detail'), 'reserved 0 · available 10');
    await expectText(stockCell(page, an.sku).locator('.stock-cell__on-hand'), '10');
    assert.deepEqual(errors, []);
    await context.close();

    // The customer sees it cancelled with the shop's reason.
    const mine = await customer.call('GET', `/api/v1/me/orders/${orderId}`, undefined, 200);
    assert.equal(mine.status, 'cancelled');
    await customer.dispose();
  });
});
