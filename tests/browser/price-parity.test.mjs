// Price parity in the back office: a shop's owner, with a product sold at 10,000원 both on the web and
// in the shop (made through the API), opens 가격 정책, sets the online price to stay within ±5% of the
// shop price and refuses what breaks it; in the product editor a web price of 9,000원 is refused with
// both prices and the allowed range under the online price; back on 가격 정책 the owner switches to
// "warn and save", saves the same price and sees the warning by SKU; the product is then in the list
// of what breaks the policy now, and its link opens the editor. The policy in the activity log, and
// the page in English.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiClient, approvedMerchant, createOperatorAdmin, signInInPage, uniqueEmail } from './support/app.mjs';
import { expectText, expectTitle, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { addProduct, buildFoodTree } from './support/catalog.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 90_000 };
const SHOP_NAME = '자갈치 고등어상회';

describe('back office: price parity', () => {
  let server;
  let browser;
  let shop;
  let product;

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      const admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      const operator = await ApiClient.signIn(server.url, admin);
      const { seafood } = await buildFoodTree(operator);
      await operator.dispose();
      shop = await approvedMerchant(server, admin, {
        ownerName: '박자갈치',
        ownerEmail: uniqueEmail('jagalchi'),
        nameKo: SHOP_NAME,
        nameEn: 'Jagalchi Mackerel Store',
        seed: 8301,
      });
      const owner = await ApiClient.signIn(server.url, { email: shop.owner.email });
      product = await addProduct(owner, shop.merchant.id, {
        category_id: seafood.id,
        title_ko: '국내산 순살고등어',
        title_en: 'Boneless mackerel',
        attributes: { origin: '국내산' },
        variants: [
          {
            sku: 'PP-MK-500',
            barcode: null,
            options: {},
            weight_grams: null,
            base_price_won: 10000,
            channel_prices: [
              { channel: 'online', unit_price_won: 10000 },
              { channel: 'shop', unit_price_won: 10000 },
            ],
            tiers: [],
            sales: [],
          },
        ],
      });
      await owner.dispose();
    },
    { timeout: 90_000 },
  );
  after(async () => {
    await browser?.close();
    assert.equal(await server?.stop(), 0, 'jangteo should stop cleanly on SIGTERM');
  }, T);

  test('refused, then warned, then listed: the online price against the shop price', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    const parityPath = `/merchant/${shop.merchant.id}/price-parity`;
    const editorPath = `/merchant/${shop.merchant.id}/products/${product.id}`;
    const savePolicy = async () => {
      const saved = page.waitForResponse(
        (r) => r.url().endsWith(`/merchants/${shop.merchant.id}/price-policies`) && r.request().method() === 'PUT',
      );
      await page.getByTestId('parity-form').getByRole('button', { name: '저장' }).click();
      assert.equal((await saved).status(), 200);
      await expectText(page.getByTestId('parity-saved'), '가격 정책을 저장했습니다.');
    };
    const saveProduct = async (status) => {
      const answer = page.waitForResponse(
        (r) => r.url().endsWith(`/products/${product.id}`) && r.request().method() === 'PUT',
      );
      await page.getByTestId('product-form').getByRole('button', { name: '저장', exact: true }).click();
      assert.equal((await answer).status(), status);
    };
    const onlinePrice = async (won) => {
      const row = page.getByTestId('variant').first();
      const prices = row.getByTestId('prices');
      if (!(await prices.isVisible())) await row.getByTestId('prices-toggle').click();
      await prices.getByLabel('온라인 가격 (원)').fill(won);
      return prices;
    };
    try {
      await signInInPage(page, { email: shop.owner.email });
      await page.goto(`/merchant/${shop.merchant.id}`);
      const tabs = page.getByRole('navigation', { name: '상점 관리 메뉴' });
      await tabs.getByRole('link', { name: '가격 정책', exact: true }).click();
      await page.waitForURL(`**${parityPath}`);
      await expectTitle(page, `가격 정책 · ${SHOP_NAME} · 부산 장터`);
      await expectText(page.getByTestId('parity-never'), /아직 정한 정책이 없습니다/);
      await expectText(page.getByTestId('parity-no-policy'), /정책을 정하면/);

      // Online within ±5% of the shop price; a breaking save is refused.
      const online = page.getByTestId('parity-online');
      await online.getByLabel('규칙').selectOption('within');
      await online.getByLabel('허용 범위 (±%)').fill('55');
      await online.getByLabel('벗어난 가격을 저장할 때').selectOption('refuse');
      await page.getByTestId('parity-form').getByRole('button', { name: '저장' }).click();
      await expectText(
        online.getByTestId('field-error'),
        '0.01에서 50 사이의 숫자(소수점 둘째 자리까지)로 적어 주세요.',
      );
      await online.getByLabel('허용 범위 (±%)').fill('5');
      await savePolicy();
      await expectText(page.getByTestId('parity-none'), '정책을 벗어난 상품이 없습니다.');
      await screenshot(page, 'price-parity-ko');

      // The product editor: 9,000원 on the web is refused, the figures under the online price.
      await page.goto(editorPath);
      await expectText(page.getByTestId('editor-title'), '국내산 순살고등어');
      let prices = await onlinePrice('9000');
      await saveProduct(422);
      await expectText(
        prices.locator('.field', { has: page.getByLabel('온라인 가격 (원)') }).getByTestId('field-error'),
        '온라인 가격 9,000원이(가) 허용 범위 9,500원 ~ 10,500원(매장 가격 10,000원 ±5%)를 벗어납니다.',
      );
      await expectText(page.getByTestId('product-error'), /가격 정책을 벗어난 가격이 있어 저장하지 않았습니다/);
      await screenshot(page, 'price-parity-refused-ko');
      const owner = await ApiClient.signIn(server.url, { email: shop.owner.email });
      const unchanged = await owner.call(
        'GET',
        `/api/v1/merchants/${shop.merchant.id}/products/${product.id}`,
        undefined,
        200,
      );
      assert.equal(unchanged.version, product.version, 'nothing was saved');

      // Warn instead: the same price is saved, and the warning names the variant.
      await page.goto(parityPath);
      await page.getByTestId('parity-online').getByLabel('벗어난 가격을 저장할 때').selectOption('warn');
      await savePolicy();
      await page.goto(editorPath);
      prices = await onlinePrice('9000');
      await saveProduct(200);
      await expectText(page.getByTestId('product-notice'), '저장했습니다.');
      const warning = page.getByTestId('parity-warnings').getByTestId('parity-warning');
      await expectText(
        warning,
        'PP-MK-500 — 온라인 가격 9,000원이(가) 허용 범위 9,500원 ~ 10,500원(매장 가격 10,000원 ±5%)를 벗어납니다.',
      );
      await screenshot(page, 'price-parity-warned-ko');
      const saved = await owner.call(
        'GET',
        `/api/v1/merchants/${shop.merchant.id}/products/${product.id}`,
        undefined,
        200,
      );
      assert.deepEqual(
        saved.variants[0].channel_prices.find((c) => c.channel === 'online'),
        { channel: 'online', unit_price_won: 9000 },
      );

      // The list of what breaks the policy now, with a link to the editor.
      await page.goto(parityPath);
      const row = page.locator('[data-testid="violation"][data-sku="PP-MK-500"]');
      await expectText(row.getByTestId('violation-price'), '9,000원');
      await expectText(row.getByTestId('violation-difference'), '-10%');
      await expectText(row, /9,500원 ~ 10,500원/);
      await screenshot(page, 'price-parity-violations-ko');
      await row.getByTestId('violation-product').click();
      await page.waitForURL(`**${editorPath}`);
      await expectText(page.getByTestId('editor-title'), '국내산 순살고등어');

      // The change is in the shop's activity log.
      const log = await owner.call(
        'GET',
        `/api/v1/merchants/${shop.merchant.id}/audit-events?action=price_policy.changed`,
        undefined,
        200,
      );
      assert.equal(log.items.length, 2);
      await page.goto(`/merchant/${shop.merchant.id}/audit`);
      const event = page.locator('[data-testid="audit-event"][data-action="price_policy.changed"]').first();
      await expectText(event.getByTestId('audit-action'), '가격 정책 변경');
      await owner.dispose();

      // In English.
      await page.getByRole('button', { name: 'English' }).click();
      await page.goto(parityPath);
      await expectTitle(page, 'Price parity · Jagalchi Mackerel Store · Busan Jangteo');
      const english = page.locator('[data-testid="violation"][data-sku="PP-MK-500"]');
      await expectText(english.getByTestId('violation-price'), '₩9,000');
      await screenshot(page, 'price-parity-en');
      assert.deepEqual(errors, [], 'no errors in the page');
    } finally {
      await context.close();
    }
  });
});
