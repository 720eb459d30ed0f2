// The merchant back office's products: an approved shop's owner starts from the empty list, creates a
// food product under 식품 › 수산물, is refused without the country of origin (원산지, required by
// 식품) and with a wrong barcode check digit, each message at its field and row; makes two variants
// from an option, gives the first a sale price, uploads a PNG made in the test (and is told why a
// text file that calls itself .png is refused), saves, publishes, finds the product in the list by
// SKU, and archives it. Someone else saving meanwhile is reported with an offer to reload; a member
// of staff of another shop sees not-found. Then the pages in English and on a 375 px phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ApiClient,
  approvedMerchant,
  assertNoHorizontalScroll,
  createOperatorAdmin,
  Mailbox,
  signInInPage,
  uniqueEmail,
} from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { buildFoodTree, gtin13, seoulInput, solidPng, wrongCheckDigit } from './support/catalog.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 60_000 };
const TITLE = '국내산 순살고등어구이';
const BARCODE_1 = gtin13('880123456789');
const BARCODE_2 = gtin13('880765432101');

describe('back office: products', () => {
  let server;
  let browser;
  let shop;
  let other;
  let staff;
  let productId;

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      const admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      const operator = await ApiClient.signIn(server.url, admin);
      await buildFoodTree(operator);
      await operator.dispose();
      shop = await approvedMerchant(server, admin, {
        ownerName: '박자갈치',
        ownerEmail: uniqueEmail('jagalchi'),
        nameKo: '자갈치 고등어상회',
        nameEn: 'Jagalchi Mackerel Store',
        seed: 8101,
      });
      // Another shop, with a member of staff.
      other = await approvedMerchant(server, admin, {
        ownerName: '최해운',
        ownerEmail: uniqueEmail('haeun'),
        nameKo: '해운대 건어물',
        seed: 8102,
      });
      const mailbox = new Mailbox(server.mailDir);
      const owner = await ApiClient.signIn(server.url, { email: other.owner.email });
      staff = { name: '정직원', email: uniqueEmail('staff') };
      mailbox.mark();
      await owner.call(
        'POST',
        `/api/v1/merchants/${other.merchant.id}/invitations`,
        { email: staff.email, role: 'staff' },
        201,
      );
      const token = await mailbox.waitForLink({ to: staff.email, path: '/invitations/accept' });
      const member = await ApiClient.signUp(server.url, staff);
      await member.call('POST', '/api/v1/invitations/accept', { token }, 200);
      await member.dispose();
      await owner.dispose();
    },
    { timeout: 90_000 },
  );
  after(async () => {
    await browser?.close();
    assert.equal(await server?.stop(), 0, 'jangteo should stop cleanly on SIGTERM');
  }, T);

  const fieldError = (scope, label) =>
    scope.locator('.field', { has: scope.page().getByLabel(label, { exact: true }) }).getByTestId('field-error');
  const cellError = (row, label) =>
    row.locator('td', { has: row.page().getByLabel(label, { exact: true }) }).getByTestId('field-error');
  const products = (merchantId) => `/merchant/${merchantId}/products`;

  test(
    'the owner creates a food product, fixes what is refused, publishes, finds and archives it',
    { timeout: 120_000 },
    async () => {
      const { context, page, errors } = await newPage(browser, { baseURL: server.url });
      try {
        await signInInPage(page, { email: shop.owner.email });
        await page.goto(`/merchant/${shop.merchant.id}`);
        const tabs = page.getByRole('navigation', { name: '상점 관리 메뉴' });
        await tabs.getByRole('link', { name: '상품', exact: true }).click();
        await page.waitForURL(`**${products(shop.merchant.id)}`);
        await expectText(page.getByTestId('no-products'), /아직 등록한 상품이 없습니다\./);
        assert.equal(await tabs.getByRole('link', { name: '상품', exact: true }).getAttribute('aria-current'), 'page');
        await screenshot(page, 'products-empty-ko');

        await page.getByRole('link', { name: '첫 상품 등록하기' }).click();
        await page.waitForURL(`**${products(shop.merchant.id)}/new`);
        await expectText(page.getByTestId('editor-title'), '새 상품 등록');
        const form = page.getByTestId('product-form');

        await form.getByLabel('상품명 (한글)').fill(TITLE);
        await form.getByLabel('상품명 (영문)').fill('Boneless grilled mackerel');
        await form.getByLabel('분류', { exact: true }).selectOption({ label: '식품 › 수산물' });
        // The path's attributes: 원산지 from 식품 (required, marked), and 수산물's own.
        const origin = form.getByLabel('원산지', { exact: true });
        assert.equal(await origin.getAttribute('required'), '');
        const originField = form.locator('.field', { has: page.getByLabel('원산지', { exact: true }) });
        await expectText(originField.getByTestId('required-mark'), '필수');
        await expectText(originField.locator('.field__hint'), '‘식품’ 분류의 속성');
        await form.getByLabel('중량 (g)').fill('500');
        await form.getByLabel('보관 방법').selectOption({ label: '냉동' });

        // Markdown, previewed as the portal shows it; HTML typed is only text.
        await form
          .getByRole('textbox', { name: /^설명/ })
          .fill('**국내산** 고등어를 *손질*했습니다.\n\n- 뼈 없음\n\n<script>alert(1)</script>');
        const preview = page.getByTestId('description-preview');
        await expectText(preview.locator('strong'), '국내산');
        await expectText(preview.locator('li'), '뼈 없음');
        assert.equal(await preview.locator('script').count(), 0);
        assert.match(await preview.textContent(), /<script>alert\(1\)<\/script>/);

        // Two variants from one option: 중량 500g and 1kg, SKUs from the prefix MK.
        await form.getByRole('button', { name: '옵션 추가' }).click();
        await form.getByLabel('옵션 1 이름').fill('중량');
        await form.getByLabel('옵션 1 값').fill('500g, 1kg');
        await form.getByLabel(/새 변형의 SKU 앞부분/).fill('MK');
        await form.getByRole('button', { name: '모든 조합 만들기' }).click();
        await expectText(page.getByTestId('combine-result'), '변형 1개를 더했습니다. 모두 2개입니다.');
        const rows = form.getByTestId('variant');
        assert.equal(await rows.count(), 2);
        // The first (empty) variant took the first combination; its SKU is typed.
        const first = rows.nth(0);
        const second = rows.nth(1);
        assert.equal(await first.getByLabel('변형 1 중량').inputValue(), '500g');
        assert.equal(await second.getByLabel('변형 2 중량').inputValue(), '1kg');
        assert.equal(await second.getByLabel('변형 2 SKU').inputValue(), 'MK-1KG');
        await first.getByLabel('변형 1 SKU').fill('MK-500G');
        await first.getByLabel('변형 1 바코드').fill(BARCODE_1);
        await first.getByLabel('변형 1 기본가 (원)').fill('12,900');
        await second.getByLabel('변형 2 바코드').fill(wrongCheckDigit(BARCODE_2));
        await second.getByLabel('변형 2 기본가 (원)').fill('23900');
        await screenshot(page, 'product-new-ko');

        // No origin, a wrong check digit: refused, each message at its place, nothing made.
        const posting = () =>
          page.waitForResponse(
            (r) => r.url().endsWith(`/merchants/${shop.merchant.id}/products`) && r.request().method() === 'POST',
          );
        let answer = posting();
        await form.getByRole('button', { name: '상품 등록하기' }).click();
        assert.equal((await answer).status(), 422);
        await expectText(fieldError(form, '원산지'), '이 분류에서는 꼭 입력해야 합니다.');
        assert.equal(await origin.getAttribute('aria-invalid'), 'true');
        await expectText(cellError(second, '변형 2 바코드'), /바코드의 검증번호\(마지막 자리\)가 맞지 않습니다/);
        assert.equal(await cellError(first, '변형 1 바코드').count(), 0, 'the first barcode is right');
        await expectText(page.getByTestId('product-error'), /입력한 내용을 확인해 주세요/);
        await screenshot(page, 'product-refused-ko');

        await origin.fill('국내산');
        await second.getByLabel('변형 2 바코드').fill(BARCODE_2);

        // A sale price on the first variant, online, from yesterday for a week.
        await first.getByTestId('prices-toggle').click();
        const prices = first.getByTestId('prices');
        await prices.getByLabel('온라인 가격 (원)').fill('12500');
        await prices.getByRole('button', { name: '할인 추가' }).click();
        await prices.getByLabel('할인 1 가격 (원)').fill('9900');
        await prices.getByLabel('할인 1 시작').fill(seoulInput(-24));
        await prices.getByLabel('할인 1 끝').fill(seoulInput(24 * 7));
        await prices.getByLabel('할인 1 판매 경로').selectOption('online');
        await prices.getByRole('button', { name: '수량 구간 추가' }).click();
        await prices.getByLabel('구간 1 최소 수량').fill('10');
        await prices.getByLabel('구간 1 개당 가격 (원)').fill('11000');

        // A text file that says it is a PNG is refused for what it is; the real PNG is taken.
        const picker = page.getByLabel('이미지 파일 고르기');
        await picker.setInputFiles({
          name: 'fake.png',
          mimeType: 'image/png',
          buffer: Buffer.from('not an image at all'),
        });
        await expectText(page.getByTestId('image-error'), /fake\.png: JPEG, PNG, WebP 이미지만 올릴 수 있습니다/);
        const uploaded = page.waitForResponse((r) => r.url().endsWith(`/merchants/${shop.merchant.id}/images`));
        await picker.setInputFiles({
          name: 'mackerel.png',
          mimeType: 'image/png',
          buffer: solidPng([11, 92, 86], 4, 3),
        });
        assert.equal((await uploaded).status(), 201);
        const image = page.getByTestId('image');
        await expectText(image.locator('.image-tile__main'), '대표');
        await image.getByLabel('이미지 1 설명 (대체 텍스트)').fill('노릇하게 구운 고등어');
        const mackerelHash = await image.getAttribute('data-hash');

        // A second image dropped on the zone; moved first, it becomes the main image; then taken out.
        const dropped = await page.evaluateHandle(
          (bytes) => {
            const data = new DataTransfer();
            data.items.add(new File([new Uint8Array(bytes)], 'second.png', { type: 'image/png' }));
            return data;
          },
          [...solidPng([244, 201, 93], 4, 3)],
        );
        await page.getByTestId('image-dropzone').dispatchEvent('drop', { dataTransfer: dropped });
        await page.getByTestId('image').nth(1).waitFor();
        assert.equal(await page.getByTestId('image').count(), 2);
        const secondHash = await page.getByTestId('image').nth(1).getAttribute('data-hash');
        assert.notEqual(secondHash, mackerelHash);
        await page.getByRole('button', { name: '이미지 2 앞으로' }).click();
        assert.equal(await page.getByTestId('image').nth(0).getAttribute('data-hash'), secondHash);
        await expectText(page.getByTestId('image').nth(0).locator('.image-tile__main'), '대표');
        await page.getByRole('button', { name: '이미지 1 빼기' }).click();
        assert.equal(await page.getByTestId('image').count(), 1);
        assert.equal(await image.getAttribute('data-hash'), mackerelHash);
        assert.equal(await image.getByLabel('이미지 1 설명 (대체 텍스트)').inputValue(), '노릇하게 구운 고등어');

        answer = posting();
        await form.getByRole('button', { name: '상품 등록하기' }).click();
        assert.equal((await answer).status(), 201);
        await page.waitForURL(new RegExp(`${products(shop.merchant.id)}/prd_`));
        productId = new URL(page.url()).pathname.split('/').pop();
        await expectText(page.getByTestId('product-notice'), /상품을 등록했습니다/);
        await expectText(page.getByTestId('status-actions').getByTestId('product-status'), '임시 저장');
        assert.equal(await page.getByTestId('variant').count(), 2);
        assert.equal(await page.getByLabel('원산지', { exact: true }).inputValue(), '국내산');

        // Publish.
        await page.getByRole('button', { name: '판매 시작' }).click();
        await expectText(page.getByTestId('product-notice'), '판매를 시작했습니다. 포털에 보입니다.');
        await expectText(page.getByTestId('status-actions').getByTestId('product-status'), '판매 중');

        // What was saved, as the API tells it.
        const owner = await ApiClient.signIn(server.url, { email: shop.owner.email });
        const saved = await owner.call(
          'GET',
          `/api/v1/merchants/${shop.merchant.id}/products/${productId}`,
          undefined,
          200,
        );
        await owner.dispose();
        assert.equal(saved.status, 'active');
        assert.equal(saved.title_en, 'Boneless grilled mackerel');
        assert.deepEqual(saved.attributes, { origin: '국내산', weight: 500, storage: 'frozen' });
        assert.equal(saved.images.length, 1);
        assert.equal(saved.images[0].alt, '노릇하게 구운 고등어');
        assert.deepEqual(
          saved.variants.map((v) => [v.sku, v.barcode, v.options, v.base_price_won]),
          [
            ['MK-500G', BARCODE_1, { 중량: '500g' }, 12900],
            ['MK-1KG', BARCODE_2, { 중량: '1kg' }, 23900],
          ],
        );
        assert.deepEqual(saved.variants[0].channel_prices, [{ channel: 'online', unit_price_won: 12500 }]);
        assert.deepEqual(saved.variants[0].tiers, [{ min_quantity: 10, unit_price_won: 11000 }]);
        assert.equal(saved.variants[0].sales.length, 1);
        assert.equal(saved.variants[0].sales[0].unit_price_won, 9900);
        assert.equal(saved.variants[0].sales[0].channel, 'online');
        assert.ok(Date.parse(saved.variants[0].sales[0].starts_at) < Date.now());
        await screenshot(page, 'product-editor-ko');

        // The list finds it by a SKU.
        await page.getByRole('link', { name: '← 상품 목록' }).click();
        await page.waitForURL(`**${products(shop.merchant.id)}`);
        await page.getByLabel('상품명·SKU').fill('MK-1KG');
        await page.getByRole('search', { name: '상품 찾기' }).getByRole('button', { name: '검색' }).click();
        await page.waitForURL(/q=MK-1KG/);
        const row = page.getByTestId('product');
        await expectText(row.getByTestId('product-title'), TITLE);
        assert.equal(await row.count(), 1);
        await expectText(row.getByTestId('product-price'), '12,900원 ~ 23,900원');
        await expectText(row.getByTestId('product-variants'), '변형 2개');
        await expectText(row.getByTestId('product-status'), '판매 중');
        assert.equal(await row.locator('img.thumb').count(), 1);
        await page.getByLabel('상품명·SKU').fill('NO-SUCH-SKU');
        await page.getByRole('search', { name: '상품 찾기' }).getByRole('button', { name: '검색' }).click();
        await expectText(page.getByTestId('no-results'), '조건에 맞는 상품이 없습니다.');
        await page.getByLabel('상품명·SKU').fill('');
        await page.getByRole('search', { name: '상품 찾기' }).getByRole('button', { name: '검색' }).click();
        await expectText(page.getByTestId('product-title'), TITLE);
        await screenshot(page, 'products-list-ko');

        // Archive it, after a confirmation.
        await page.getByTestId('product-title').click();
        await page.waitForURL(`**${products(shop.merchant.id)}/${productId}`);
        await page.getByRole('button', { name: '보관', exact: true }).click();
        await expectText(page.locator('.confirm__question'), `‘${TITLE}’ 상품을 보관할까요? 포털에서 내려갑니다.`);
        await page.getByRole('button', { name: '보관하기' }).click();
        await expectText(page.getByTestId('product-notice'), '상품을 보관했습니다.');
        await expectText(page.getByTestId('status-actions').getByTestId('product-status'), '보관됨');
        await page.getByRole('link', { name: '← 상품 목록' }).click();
        await page.getByLabel('상태').selectOption({ label: '보관됨' });
        await page.waitForURL(/status=archived/);
        await expectText(page.getByTestId('product-title'), TITLE);
        await page.getByLabel('상태').selectOption({ label: '판매 중' });
        await expectText(page.getByTestId('no-results'), '조건에 맞는 상품이 없습니다.');
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    },
  );

  test('someone else saving meanwhile is reported, and their version can be loaded', T, async () => {
    assert.ok(productId, 'the first test made the product');
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: shop.owner.email });
      await page.goto(`${products(shop.merchant.id)}/${productId}`);
      await expectText(page.getByTestId('editor-title'), TITLE);
      // Meanwhile, another session renames it.
      const owner = await ApiClient.signIn(server.url, { email: shop.owner.email });
      const path = `/api/v1/merchants/${shop.merchant.id}/products/${productId}`;
      const read = await owner.call('GET', path, undefined, 200);
      const { id, merchant_id, status, created_at, updated_at, ...input } = read;
      await owner.call(
        'PUT',
        path,
        { ...input, title_ko: '부산 순살고등어', variants: read.variants.map(({ id: _, ...v }) => v) },
        200,
      );
      await owner.dispose();

      await page.getByLabel('브랜드').fill('자갈치');
      const put = page.waitForResponse((r) => r.url().endsWith(path) && r.request().method() === 'PUT');
      await page.getByRole('button', { name: '저장', exact: true }).click();
      assert.equal((await put).status(), 409);
      await expectText(page.getByTestId('conflict'), /다른 사람이 먼저 저장했습니다/);
      await screenshot(page, 'product-conflict-ko');
      await page.getByRole('button', { name: '최신 내용 불러오기' }).click();
      await expectText(page.getByTestId('product-notice'), '최신 내용을 불러왔습니다.');
      await expectText(page.getByTestId('editor-title'), '부산 순살고등어');
      assert.equal(await page.getByLabel('브랜드').inputValue(), '');
      assert.equal(await page.getByTestId('conflict').count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a member of staff of another shop sees not-found', T, async () => {
    assert.ok(productId, 'the first test made the product');
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: staff.email });
      // The product's own address: not one of this person's shops.
      await page.goto(`${products(shop.merchant.id)}/${productId}`);
      await expectText(page.getByTestId('shop-not-found').locator('h1'), '상점을 찾을 수 없습니다');
      // The product's id in the staff member's own shop: no such product there.
      await page.goto(`${products(other.merchant.id)}/${productId}`);
      await expectText(page.getByTestId('product-not-found').locator('h2'), '상품을 찾을 수 없습니다');
      await page.goto(products(other.merchant.id));
      await expectText(page.getByTestId('no-products'), /아직 등록한 상품이 없습니다/);
      // Nor does the API give it away.
      const member = await ApiClient.signIn(server.url, staff);
      const answer = await member.context.fetch(`/api/v1/merchants/${shop.merchant.id}/products/${productId}`, {
        failOnStatusCode: false,
      });
      assert.ok([403, 404].includes(answer.status()), `answered ${answer.status()}`);
      await member.dispose();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the pages in English, and on a phone', T, async () => {
    assert.ok(productId, 'the first test made the product');
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: shop.owner.email });
      await page.goto(products(shop.merchant.id));
      await page.getByRole('button', { name: 'English' }).click();
      await expectText(
        page.getByRole('navigation', { name: /menu/i }).getByRole('link', { name: 'Products' }),
        'Products',
      );
      await expectText(page.getByTestId('product-status'), 'Archived');
      await expectText(page.getByTestId('product-price'), '₩12,900 – ₩23,900');
      await screenshot(page, 'products-list-en');
      await page.goto(`${products(shop.merchant.id)}/new`);
      await expectText(page.getByTestId('editor-title'), 'New product');
      await page.getByRole('button', { name: '한국어' }).click();
    } finally {
      await context.close();
    }

    const phone = await newPage(browser, { baseURL: server.url, viewport: { width: 375, height: 800 } });
    try {
      await signInInPage(phone.page, { email: shop.owner.email });
      await phone.page.goto(products(shop.merchant.id));
      await expectText(phone.page.getByTestId('product-title'), /순살고등어/);
      await assertNoHorizontalScroll(phone.page, 'the product list at 375 px');
      await screenshot(phone.page, 'products-list-375');
      await phone.page.goto(`${products(shop.merchant.id)}/${productId}`);
      await expectText(phone.page.getByTestId('editor-title'), /순살고등어/);
      await phone.page.getByTestId('variant').nth(0).getByTestId('prices-toggle').click();
      await assertNoHorizontalScroll(phone.page, 'the product editor at 375 px');
      await screenshot(phone.page, 'product-editor-375');
      await phone.page.goto(`${products(shop.merchant.id)}/import`);
      await assertNoHorizontalScroll(phone.page, 'the CSV page at 375 px');
      assert.deepEqual(phone.errors, []);
      assert.deepEqual(errors, []);
    } finally {
      await phone.context.close();
    }
  });
});
