// Catalog set-up for the portal tests, through the API: the operator's categories (with their
// attribute definitions) and a merchant's products, made and put on sale as the back office would.
// The pages a test is about are walked in the browser; this only prepares what they show.
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';

/** Adds a category (below `parent`, an id, when given) as the operator; answers the category. */
export async function addCategory(operator, { code, ko, en, parent }) {
  const body = { code, name_ko: ko, name_en: en, ...(parent ? { parent_id: parent } : {}) };
  return operator.call('POST', '/api/v1/operator/categories', body, 201);
}

/** Sets the attributes a category itself declares (`attributes`: {code, ko, en, type, required, unit}). */
export async function setAttributes(operator, categoryId, attributes) {
  const body = {
    attributes: attributes.map((a) => ({
      code: a.code,
      name_ko: a.ko,
      name_en: a.en,
      type: a.type ?? 'text',
      required: a.required ?? false,
      unit: a.unit ?? '',
      choices: a.choices ?? [],
    })),
  };
  return operator.call('PUT', `/api/v1/operator/categories/${categoryId}/attributes`, body, 200);
}

/**
 * A product of the merchant, made as a draft and, unless `active` is false, put on sale. `product`
 * is the API's product input (category_id, title_ko, title_en, description, brand, attributes, vat,
 * images, variants). Answers the product as the merchant sees it.
 */
export async function addProduct(owner, merchantId, product, { active = true } = {}) {
  const input = { brand: '', description: '', attributes: {}, vat: 'taxable', images: [], ...product };
  let made = await owner.call('POST', `/api/v1/merchants/${merchantId}/products`, input, 201);
  assert.equal(made.status, 'draft');
  if (active) {
    made = await owner.call(
      'POST',
      `/api/v1/merchants/${merchantId}/products/${made.id}/status`,
      { status: 'active', version: made.version },
      200,
    );
    assert.equal(made.status, 'active');
  }
  return made;
}

/** A variant input with only what a test cares about. */
export function variant({ sku, price, options = {}, sales = [], tiers = [], barcode = null }) {
  return { sku, barcode, options, weight_grams: null, base_price_won: price, channel_prices: [], tiers, sales };
}

/** Waits until the public search answers `expected` results for `params` (the index follows within 1 s). */
export async function waitForSearch(baseURL, params, expected, { timeoutMs = 5_000 } = {}) {
  const url = `${baseURL}/api/v1/search?${new URLSearchParams(params)}`;
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    last = `${response.status} ${await response.text()}`;
    if (response.status === 200 && JSON.parse(last.slice(4)).total === expected) return JSON.parse(last.slice(4));
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`GET ${url} did not find ${expected} within ${timeoutMs} ms; last answer: ${last}`);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A real PNG of one colour ([r, g, b]), `width` × `height`: made here, so that no picture is checked in. */
export function solidPng([r, g, b], width = 64, height = 48) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x += 1) row.set([r, g, b], 1 + x * 3);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Uploads an image as the merchant (the body is the file itself); answers {hash, url, width, height, …}. */
export async function uploadImage(owner, merchantId, bytes, type = 'image/png') {
  const response = await owner.context.fetch(`/api/v1/merchants/${merchantId}/images`, {
    method: 'POST',
    headers: { 'Content-Type': type, 'X-CSRF-Token': owner.csrf, Accept: 'application/json' },
    data: bytes,
    failOnStatusCode: false,
  });
  const text = await response.text();
  assert.ok([200, 201].includes(response.status()), `image upload answered ${response.status()}: ${text}`);
  return JSON.parse(text);
}

// --- The back office's catalog tests ------------------------------------------------------------

export const FOOD = { code: 'food', ko: '식품', en: 'Food' };
export const SEAFOOD = { code: 'food_seafood', ko: '수산물', en: 'Seafood' };

/**
 * 식품, which requires the country of origin (원산지, text) as Korean law does, and 수산물 below it
 * with its weight (decimal, g) and storage (a choice of 냉장/냉동), made by the operator admin.
 */
export async function buildFoodTree(operator) {
  const food = await addCategory(operator, FOOD);
  await setAttributes(operator, food.id, [
    { code: 'origin', ko: '원산지', en: 'Country of origin', type: 'text', required: true },
  ]);
  const seafood = await addCategory(operator, { ...SEAFOOD, parent: food.id });
  await setAttributes(operator, seafood.id, [
    { code: 'weight', ko: '중량', en: 'Weight', type: 'decimal', unit: 'g' },
    {
      code: 'storage',
      ko: '보관 방법',
      en: 'Storage',
      type: 'choice',
      choices: [
        { code: 'chilled', ko: '냉장', en: 'Chilled' },
        { code: 'frozen', ko: '냉동', en: 'Frozen' },
      ],
    },
  ]);
  return { food, seafood };
}

/** A GTIN-13 with its check digit, from 12 digits. */
export function gtin13(first12) {
  let sum = 0;
  for (let i = 0; i < 12; i += 1) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return `${first12}${(10 - (sum % 10)) % 10}`;
}

/** The same GTIN with a wrong last digit. */
export function wrongCheckDigit(gtin) {
  return `${gtin.slice(0, -1)}${(Number(gtin[gtin.length - 1]) + 1) % 10}`;
}

/** A moment `hours` from now as the text a datetime-local input takes, in Korean time (UTC+9 all year). */
export function seoulInput(hours) {
  return new Date(Date.now() + (hours + 9) * 3_600_000).toISOString().slice(0, 16);
}
