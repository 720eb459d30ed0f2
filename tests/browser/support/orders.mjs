// Order set-up for the order screens' tests, through the API: a customer's cart, a checkout with its
// Idempotency-Key, a card payment with the test gateway's good card, and the merchant's steps. The
// screens a test is about are walked in the browser; this only prepares what they show.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

/** The test gateway's card that is always captured. */
export const GOOD_CARD = { number: '4242 4242 4242 4242', expiry: '12/39', cvc: '123' };

/** A POST with an Idempotency-Key (checkouts, card payments, returns); answers the JSON body. */
export async function postOnce(client, path, body, expectStatus) {
  const response = await client.context.fetch(path, {
    method: 'POST',
    headers: { Accept: 'application/json', 'X-CSRF-Token': client.csrf, 'Idempotency-Key': randomUUID() },
    data: body,
    failOnStatusCode: false,
  });
  const text = await response.text();
  assert.equal(response.status(), expectStatus, `POST ${path} answered ${response.status()}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Puts `quantity` of the variant in the client's cart; answers the cart. */
export async function addToCart(client, variantId, quantity = 1) {
  return client.call('POST', '/api/v1/cart/lines', { variant_id: variantId, quantity }, 200);
}

/** A delivery address in Busan's mainland (no surcharge). */
export function busanAddress(recipient) {
  return {
    recipient,
    phone: '010-2345-6789',
    postal_code: '48058',
    road_address: '부산 해운대구 해운대해변로 264',
    detail: '101동 1001호',
    note: '',
  };
}

/**
 * Checks out the client's whole cart, all of it from `merchantId`: delivered to a Busan address, or
 * picked up at `pickup` (a location id). Answers the checkout with its one order.
 */
export async function checkout(client, merchantId, { method, pickup } = {}) {
  const user = client.user;
  const order = pickup
    ? { merchant_id: merchantId, fulfilment: 'pickup', pickup_location_id: pickup }
    : { merchant_id: merchantId, fulfilment: 'delivery', address: busanAddress(user.name) };
  const body = { email: user.email, name: user.name, phone: '010-2345-6789', payment_method: method, orders: [order] };
  const made = await postOnce(client, '/api/v1/checkouts', body, 201);
  assert.equal(made.orders.length, 1);
  return made;
}

/** Pays the checkout with the good test card; the order becomes paid. */
export async function payByCard(client, checkoutId) {
  const charge = await postOnce(client, `/api/v1/checkouts/${checkoutId}/card-payments`, { card: GOOD_CARD }, 200);
  assert.equal(charge.status, 'captured', JSON.stringify(charge));
  return charge;
}

/** The merchant's order as staff read it (with its version). */
export async function getOrder(owner, merchantId, orderId) {
  return owner.call('GET', `/api/v1/merchants/${merchantId}/orders/${orderId}`, undefined, 200);
}

/** One step of the order's life as staff take it, with the version just read; answers the order. */
export async function step(owner, merchantId, orderId, status, extra = {}) {
  const { version } = await getOrder(owner, merchantId, orderId);
  return owner.call(
    'POST',
    `/api/v1/merchants/${merchantId}/orders/${orderId}/status`,
    { status, version, ...extra },
    200,
  );
}
