// Set-up for the customers' screens' tests, through the API: a fish shop with one product in stock, a
// counter sale with a customer's mobile number (as a tablet's batch would send it), a web order by a
// signed-up shopper, and the reads the tests check the screens against. The screens a test is about are
// walked in the browser; this only prepares the world around them.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ApiClient, approvedMerchant, createOperatorAdmin, uniqueEmail } from './app.mjs';
import { addCategory, addProduct, variant } from './catalog.mjs';
import { addLocation, adjust, districtCode } from './inventory.mjs';
import { addToCart, busanAddress, payByCard, postOnce } from './orders.mjs';

/**
 * An approved shop with a shop location and two products in stock (구운 김 5,000원, 순살 고등어 9,900원);
 * answers {admin, id, owner (credentials), ownerClient, location, products: {laver, mackerel}}.
 */
export async function fishShop(server, { seed, nameKo, nameEn, ownerName, code }) {
  const admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
  const operator = await ApiClient.signIn(server.url, admin);
  const category = await addCategory(operator, { code, ko: '수산', en: 'Seafood' });
  await operator.dispose();
  const made = await approvedMerchant(server, admin, {
    ownerName,
    ownerEmail: uniqueEmail('owner'),
    nameKo,
    nameEn,
    seed,
  });
  const owner = await ApiClient.signIn(server.url, { email: made.owner.email });
  const location = await addLocation(owner, made.merchant.id, {
    kind: 'shop',
    name_ko: '해운대점',
    name_en: 'Haeundae shop',
    district_code: await districtCode(owner, '해운대구'),
    postal_code: '48094',
    road_address: '부산 해운대구 구남로 10',
    phone: '051-741-1234',
  });
  const products = {};
  for (const p of [
    { key: 'laver', sku: 'KM-10', title: '구운 김', price: 5_000 },
    { key: 'mackerel', sku: 'MK-500', title: '순살 고등어', price: 9_900 },
  ]) {
    const product = await addProduct(owner, made.merchant.id, {
      category_id: category.id,
      title_ko: p.title,
      variants: [variant({ sku: p.sku, price: p.price })],
    });
    await adjust(owner, made.merchant.id, { location: location.id, variant: product.variants[0].id, delta: 100 });
    products[p.key] = { ...p, variantId: product.variants[0].id };
  }
  return { admin, id: made.merchant.id, owner: made.owner, ownerClient: owner, location, products };
}

let saleNo = 0;

/** One counter sale of `quantity` 구운 김 (5,000원 each) paid by card, with the customer's number or card. */
export async function counterSale(shop, { phone, cardNo, quantity = 1, payments }) {
  saleNo += 1;
  const sale = {
    sale_id: `test-${randomUUID().slice(0, 8)}-${saleNo}`,
    kind: 'sale',
    location_id: shop.location.id,
    receipt_no: `T-${String(saleNo).padStart(4, '0')}`,
    sold_at: new Date().toISOString(),
    cashier: '테스트',
    customer: { ...(phone ? { phone } : {}), ...(cardNo ? { card_no: cardNo } : {}) },
    lines: [{ code: 'KM-10', quantity, unit_price: 5_000, title: '구운 김' }],
    payments: payments ?? [{ method: 'card', amount: 5_000 * quantity }],
  };
  const answer = await shop.ownerClient.call('POST', `/api/v1/merchants/${shop.id}/pos/sales/batch`, { sales: [sale] }, 200);
  assert.equal(answer.created, 1, JSON.stringify(answer));
  return sale;
}

/** A shopper who signs up and buys one 순살 고등어 from the shop on the web, paid by card. */
export async function webOrder(server, shop, { name, email, phone = '010-2345-6789' }) {
  const shopper = await ApiClient.signUp(server.url, { name, email });
  await addToCart(shopper, shop.products.mackerel.variantId, 1);
  const body = {
    email,
    name,
    phone,
    payment_method: 'card',
    orders: [{ merchant_id: shop.id, fulfilment: 'delivery', address: { ...busanAddress(name), phone } }],
  };
  const made = await postOnce(shopper, '/api/v1/checkouts', body, 201);
  await payByCard(shopper, made.id);
  return { shopper, order: made.orders[0] };
}

/** The shop's customers as the API lists them for `q`. */
export async function customersOf(shop, q = '') {
  const path = `/api/v1/merchants/${shop.id}/customers${q ? `?q=${encodeURIComponent(q)}` : ''}`;
  return (await shop.ownerClient.call('GET', path, undefined, 200)).items;
}

/** Imports a membership list (UTF-8 CSV text) and waits for the job to finish; answers the job. */
export async function importMembers(shop, csv) {
  const response = await shop.ownerClient.context.fetch(`/api/v1/merchants/${shop.id}/member-imports?dry_run=false&encoding=utf-8`, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'text/csv', 'X-CSRF-Token': shop.ownerClient.csrf },
    data: Buffer.from(csv, 'utf8'),
    failOnStatusCode: false,
  });
  const text = await response.text();
  assert.equal(response.status(), 202, `the membership import answered ${response.status()}: ${text}`);
  let job = JSON.parse(text);
  const deadline = Date.now() + 20_000;
  while (job.status === 'queued' || job.status === 'running') {
    assert.ok(Date.now() < deadline, 'the membership import finishes');
    await new Promise((r) => setTimeout(r, 200));
    job = await shop.ownerClient.call('GET', `/api/v1/merchants/${shop.id}/member-imports/${job.id}`, undefined, 200);
  }
  assert.equal(job.status, 'succeeded', JSON.stringify(job));
  return job;
}
