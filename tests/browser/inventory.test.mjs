// The merchant back office's inventory: an approved shop's owner starts without locations and is led
// to add one; adds a shop with pickup (refused first for a postal code with a hyphen, the message at
// its field) and a warehouse; receives stock at both (and is told clearly when a counter sale asks
// for more than is there), counts at the shop, sets a safety stock, sends a transfer from the
// warehouse and receives it, and finds each move in the ledger with the right on hand after. Someone
// else saving a location meanwhile is reported with an offer to reload, and closing a location that
// holds stock is explained. A member of staff sees the locations read-only. Then the pages in
// English and on a 375 px phone, with screenshots of the main pages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ApiClient,
  Mailbox,
  approvedMerchant,
  assertNoHorizontalScroll,
  createOperatorAdmin,
  signInInPage,
  uniqueEmail,
} from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { addCategory, addProduct, variant } from './support/catalog.mjs';
import { addLocation, adjust, districtCode, transfer } from './support/inventory.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 60_000 };
const PHONE = { width: 375, height: 812 };

describe('back office: locations, stock, transfers and the ledger', () => {
  let server;
  let browser;
  let admin;
  let category;
  // The shop whose inventory the first test builds through the screens.
  let shop;
  // Another shop, prepared through the API, with a member of staff.
  let other;
  let staff;

  async function productWithTwoVariants(merchant, ownerEmail) {
    const owner = await ApiClient.signIn(server.url, { email: ownerEmail });
    const product = await addProduct(owner, merchant.id, {
      category_id: category.id,
      title_ko: '순살 고등어',
      title_en: 'Boneless mackerel',
      variants: [
        variant({ sku: 'MK-500', price: 9900, options: { 중량: '500g' } }),
        variant({ sku: 'MK-1K', price: 17900, options: { 중량: '1kg' } }),
      ],
    });
    return { owner, product };
  }

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      const operator = await ApiClient.signIn(server.url, admin);
      category = await addCategory(operator, { code: 'seafood', ko: '수산물', en: 'Seafood' });
      await operator.dispose();

      shop = await approvedMerchant(server, admin, {
        ownerName: '박광안',
        ownerEmail: uniqueEmail('gwangan'),
        nameKo: '광안리 수산',
        nameEn: 'Gwangalli Fish',
        seed: 9101,
      });
      const made = await productWithTwoVariants(shop.merchant, shop.owner.email);
      shop.variants = made.product.variants;
      await made.owner.dispose();

      // The other shop: a shop and a warehouse with stock moved between them, and a member of staff.
      other = await approvedMerchant(server, admin, {
        ownerName: '최해운',
        ownerEmail: uniqueEmail('haeun'),
        nameKo: '해운대 건어물',
        seed: 9102,
      });
      const second = await productWithTwoVariants(other.merchant, other.owner.email);
      const owner = second.owner;
      const [small] = second.product.variants;
      const haeundae = await districtCode(owner, '해운대구');
      const saha = await districtCode(owner, '사하구');
      other.shop = await addLocation(owner, other.merchant.id, {
        kind: 'shop',
        name_ko: '해운대점',
        name_en: 'Haeundae',
        district_code: haeundae,
        postal_code: '48094',
        road_address: '부산 해운대구 해운대해변로 264',
        phone: '051-747-1234',
        pickup: true,
        territory: { districts: [haeundae], postal_ranges: [['48000', '48099']] },
      });
      other.depot = await addLocation(owner, other.merchant.id, {
        kind: 'warehouse',
        name_ko: '감천 창고',
        district_code: saha,
        postal_code: '49468',
        road_address: '부산 사하구 감천항로 1',
      });
      await adjust(owner, other.merchant.id, { location: other.depot.id, variant: small.id, delta: 1200 });
      await adjust(owner, other.merchant.id, { location: other.shop.id, variant: small.id, delta: 15 });
      const sent = await transfer(owner, other.merchant.id, {
        from: other.depot.id,
        to: other.shop.id,
        lines: [{ variant: small.id, quantity: 20 }],
        note: '주말 대비',
      });
      await owner.call('POST', `/api/v1/merchants/${other.merchant.id}/transfers/${sent.id}/receive`, undefined, 200);
      await transfer(owner, other.merchant.id, {
        from: other.depot.id,
        to: other.shop.id,
        lines: [{ variant: small.id, quantity: 5 }],
      });

      const mailbox = new Mailbox(server.mailDir);
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

  const at = (merchantId, path) => `/merchant/${merchantId}/${path}`;
  const fieldError = (scope, label) =>
    scope.locator('.field', { has: scope.page().getByLabel(label, { exact: true }) }).getByTestId('field-error');
  const stockRow = (page, sku) => page.locator(`[data-testid="stock-row"][data-sku="${sku}"]`);
  const onHandAt = (page, sku, locationId) =>
    stockRow(page, sku).locator(`[data-location-id="${locationId}"] .stock-cell__on-hand`);
  const locationIdOf = (page) => new URL(page.url()).pathname.split('/').pop();

  /** Records one movement in the panel under a variant's row. */
  async function record(page, { sku, location, reason, quantity, note }) {
    const panel = page.getByTestId('move-panel');
    if ((await panel.count()) === 0) {
      await page.getByRole('button', { name: `${sku} 입출고·안전 재고` }).click();
    }
    const form = panel.locator('form').first();
    await form.getByLabel('매장·창고').selectOption({ label: location });
    await form.getByLabel('사유').selectOption({ label: reason });
    await form.getByLabel('수량', { exact: true }).fill(String(quantity));
    if (note) await form.getByLabel(/^메모/).fill(note);
    const answered = page.waitForResponse((r) => r.url().endsWith('/stock/adjustments'));
    await form.getByRole('button', { name: '기록하기' }).click();
    return (await answered).status();
  }

  test(
    'the owner adds a shop and a warehouse, moves stock through every screen and finds it in the ledger',
    { timeout: 150_000 },
    async () => {
      const { context, page, errors } = await newPage(browser, { baseURL: server.url });
      const merchantId = shop.merchant.id;
      try {
        await signInInPage(page, { email: shop.owner.email });
        await page.goto(`/merchant/${merchantId}`);
        const tabs = page.getByRole('navigation', { name: '상점 관리 메뉴' });
        await tabs.getByRole('link', { name: '재고', exact: true }).click();
        await page.waitForURL(`**${at(merchantId, 'stock')}`);
        await expectText(page.getByTestId('no-locations').locator('.empty-state__title'), '아직 매장이나 창고가 없습니다');
        await screenshot(page, 'stock-no-locations-ko');

        // A shop with pickup; first refused for its postal code, the message at the field.
        await page.getByRole('link', { name: '매장·창고 추가하기' }).click();
        await page.waitForURL(`**${at(merchantId, 'locations/new')}`);
        await expectText(page.getByTestId('editor-title'), '새 매장·창고');
        const form = page.getByTestId('location-form');
        await form.getByLabel('종류').selectOption({ label: '매장' });
        await form.getByLabel('지역(구·군)').selectOption({ label: '수영구' });
        await form.getByLabel('이름(한국어)').fill('광안리점');
        await form.getByLabel(/^이름\(영어\)/).fill('Gwangalli');
        await form.getByLabel(/^전화번호/).fill('051 754 1234');
        await form.getByLabel('우편번호', { exact: true }).fill('483-03');
        await form.getByLabel('도로명 주소').fill('부산 수영구 광안해변로 219');
        await form.getByLabel(/^상세 주소/).fill('1층');
        await form.getByLabel(/온라인 주문 매장 픽업/).check();
        // Open until ten on Saturdays; closed on Sundays (the default).
        await form.getByLabel('토요일 닫는 시간').fill('22:00');
        assert.equal(await form.getByLabel('일요일 휴무').isChecked(), true);
        await form.getByRole('checkbox', { name: '수영구' }).check();
        await form.getByRole('button', { name: '우편번호 범위 추가' }).click();
        await form.getByLabel('범위 1 시작 우편번호').fill('48200');
        await form.getByLabel('범위 1 끝 우편번호').fill('48299');
        let answered = page.waitForResponse((r) => r.url().endsWith(`/merchants/${merchantId}/locations`));
        await form.getByRole('button', { name: '매장·창고 만들기' }).click();
        assert.equal((await answered).status(), 422);
        await expectText(fieldError(form, '우편번호'), '우편번호는 숫자 5자리입니다. 예: 48303');
        assert.equal(await form.getByLabel('우편번호', { exact: true }).getAttribute('aria-invalid'), 'true');
        await expectText(page.getByTestId('location-error'), /입력한 내용을 확인|확인해 주세요/);
        await screenshot(page, 'location-refused-ko');
        await form.getByLabel('우편번호', { exact: true }).fill('48303');
        await form.getByRole('button', { name: '매장·창고 만들기' }).click();
        await page.waitForURL(/\/locations\/loc_/);
        await expectText(page.getByTestId('location-notice'), '매장·창고를 추가했습니다.');
        const shopId = locationIdOf(page);
        assert.equal(await form.getByLabel(/^전화번호/).inputValue(), '051-754-1234', 'the server writes the number');
        assert.equal(await form.getByLabel('토요일 닫는 시간').inputValue(), '22:00');
        await screenshot(page, 'location-shop-ko');

        // A warehouse: no pickup offered.
        await page.getByRole('link', { name: '← 매장·창고 목록' }).click();
        await page.getByTestId('new-location').click();
        await form.getByLabel('종류').selectOption({ label: '창고' });
        assert.equal(await form.getByLabel(/온라인 주문 매장 픽업/).count(), 0, 'a warehouse offers no pickup');
        await form.getByLabel('지역(구·군)').selectOption({ label: '사하구' });
        await form.getByLabel('이름(한국어)').fill('감천 창고');
        await form.getByLabel('우편번호', { exact: true }).fill('49468');
        await form.getByLabel('도로명 주소').fill('부산 사하구 감천항로 1');
        await form.getByRole('button', { name: '매장·창고 만들기' }).click();
        await page.waitForURL(/\/locations\/loc_/);
        const depotId = locationIdOf(page);
        assert.notEqual(depotId, shopId);

        await page.getByRole('link', { name: '← 매장·창고 목록' }).click();
        const rows = page.getByTestId('location');
        await expectText(rows.nth(1).getByTestId('location-name'), '감천 창고');
        await expectText(rows.nth(0).getByTestId('location-kind'), '매장');
        await expectText(rows.nth(0).getByTestId('location-pickup'), '픽업 가능');
        await expectText(rows.nth(1).getByTestId('location-kind'), '창고');
        await expectText(rows.nth(1).getByTestId('location-pickup'), '—');
        await expectText(rows.nth(0).getByTestId('location-state'), '운영 중');
        await expectText(rows.nth(0), /\(48303\) 부산 수영구 광안해변로 219 1층/);
        await screenshot(page, 'locations-ko');

        // Receipts at both, one refusal for a counter sale larger than the stock.
        await tabs.getByRole('link', { name: '재고', exact: true }).click();
        await expectText(stockRow(page, 'MK-500').getByTestId('stock-sku'), 'MK-500');
        assert.equal(await record(page, { sku: 'MK-500', location: '광안리점', reason: '입고', quantity: 12 }), 200);
        await expectText(page.getByTestId('adjust-notice'), '광안리점: 입고 +12 기록했습니다. 보유 12개.');
        assert.equal(
          await record(page, { sku: 'MK-500', location: '감천 창고', reason: '입고', quantity: '1,200', note: '첫 입고' }),
          200,
        );
        await expectText(onHandAt(page, 'MK-500', depotId), '1,200');
        await expectText(stockRow(page, 'MK-500').getByTestId('stock-total'), '1,212');
        assert.equal(await record(page, { sku: 'MK-500', location: '광안리점', reason: '매장 판매', quantity: 100 }), 409);
        await expectText(
          page.getByTestId('adjust-error'),
          '재고가 모자랍니다. 보유 수량보다 많이, 또는 주문에 예약된 수량 아래로는 줄이거나 보낼 수 없습니다. ' +
            '이곳의 보유 수량은 12개이고 그중 0개는 주문에 예약되어 있습니다.',
        );
        await screenshot(page, 'stock-insufficient-ko');
        await page.getByRole('button', { name: 'MK-500 입출고·안전 재고' }).click();
        assert.equal(await record(page, { sku: 'MK-1K', location: '광안리점', reason: '입고', quantity: 5 }), 200);
        await expectText(onHandAt(page, 'MK-500', shopId), '12');
        await expectText(onHandAt(page, 'MK-1K', shopId), '5');

        // A count at the shop: MK-500 is two short, MK-1K as recorded.
        await page.getByTestId('start-count').click();
        const count = page.getByTestId('count-mode');
        await count.getByLabel('조사할 매장·창고').selectOption({ label: '광안리점' });
        await expectText(count.locator('[data-testid="count-line"][data-sku="MK-500"] td').first(), '12');
        await count.getByLabel('MK-500 센 수량').fill('10');
        await count.getByLabel('MK-1K 센 수량').fill('5');
        await count.getByLabel(/^메모/).fill('월말 재고조사');
        answered = page.waitForResponse((r) => r.url().endsWith('/stock/counts'));
        await count.getByRole('button', { name: '조사 결과 반영' }).click();
        assert.equal((await answered).status(), 201);
        await expectText(
          page.getByTestId('count-result').locator('.banner__title'),
          '광안리점: 2개 품목을 조사했고 1개가 바뀌었습니다.',
        );
        await expectText(page.locator('[data-testid="count-change"][data-sku="MK-500"]'), /12 → 10 \(−2\)/);
        await expectText(page.locator('[data-testid="count-change"][data-sku="MK-1K"]'), /5개 그대로/);
        await screenshot(page, 'stock-count-ko');
        await count.getByRole('button', { name: '조사 끝내기' }).click();
        await expectText(onHandAt(page, 'MK-500', shopId), '10');

        // A safety stock of 3 at the shop: online, 7 there and 1,200 at the warehouse.
        await page.getByRole('button', { name: 'MK-500 입출고·안전 재고' }).click();
        const safety = page.getByTestId('move-panel').locator('form').nth(1);
        await safety.getByLabel('매장·창고').selectOption({ label: '광안리점' });
        await safety.getByLabel('안전 재고 수량').fill('3');
        await safety.getByRole('button', { name: '안전 재고 저장' }).click();
        await expectText(
          page.getByTestId('safety-notice'),
          '광안리점의 안전 재고를 3개로 정했습니다. 온라인 판매 가능 1,207개.',
        );
        await expectText(stockRow(page, 'MK-500').getByTestId('stock-online'), '1,207');
        await expectText(
          stockRow(page, 'MK-500').locator(`[data-location-id="${shopId}"] .stock-cell__detail`),
          '예약 0 · 가능 7 · 안전 3',
        );
        await screenshot(page, 'stock-ko');

        // A transfer of 8 from the warehouse, received at the shop.
        await tabs.getByRole('link', { name: '이동', exact: true }).click();
        const draft = page.getByTestId('new-transfer');
        await draft.getByLabel('보내는 곳').selectOption({ label: '감천 창고' });
        await draft.getByLabel('받는 곳').selectOption({ label: '광안리점' });
        await draft.getByLabel('보낼 품목 찾기').fill('MK-500');
        await draft.getByTestId('transfer-find').click();
        await expectText(draft.getByTestId('transfer-found'), /보낼 수 있음 1,200/);
        await draft.getByRole('button', { name: 'MK-500 추가' }).click();
        await draft.getByLabel('MK-500 보낼 수량').fill('8');
        await draft.getByLabel(/^메모/).fill('주말 대비');
        answered = page.waitForResponse((r) => r.url().endsWith(`/merchants/${merchantId}/transfers`));
        await draft.getByRole('button', { name: '보내기' }).click();
        assert.equal((await answered).status(), 201);
        await expectText(page.getByTestId('transfers-notice'), /감천 창고에서 광안리점\(으\)로 보냈습니다\./);
        const sent = page.getByTestId('transfer').first();
        await expectText(sent.getByTestId('transfer-route'), '감천 창고 → 광안리점');
        await expectText(sent.getByTestId('transfer-state'), '이동 중');
        await screenshot(page, 'transfers-ko');
        await expectText(sent.getByTestId('transfer-line-shown'), 'MK-500 순살 고등어 × 8');
        await sent.getByRole('button', { name: '받기' }).click();
        await sent.getByRole('button', { name: '받음 처리' }).click();
        await expectText(page.getByTestId('transfers-notice'), '광안리점에서 받았습니다.');
        await expectText(page.getByTestId('transfer').first().getByTestId('transfer-state'), '받음');

        await tabs.getByRole('link', { name: '재고', exact: true }).click();
        await expectText(onHandAt(page, 'MK-500', shopId), '18');
        await expectText(onHandAt(page, 'MK-500', depotId), '1,192');

        // Closing a location that holds stock is refused, and the page says why.
        await page.goto(at(merchantId, `locations/${shopId}`));
        await page.getByTestId('location-status').getByRole('button', { name: '닫기' }).click();
        await page.getByTestId('location-status').getByRole('button', { name: '닫기' }).click();
        await expectText(page.getByTestId('state-error'), /아직 재고나 주문 예약이 있어 닫을 수 없습니다\./);

        // Someone else saves the shop meanwhile: saving is refused with an offer to reload theirs.
        const elsewhere = await ApiClient.signIn(server.url, { email: shop.owner.email });
        const path = `/api/v1/merchants/${merchantId}/locations/${shopId}`;
        const current = await elsewhere.call('GET', path, undefined, 200);
        const { id, merchant_id, district, created_at, updated_at, ...input } = current;
        await elsewhere.call('PUT', path, { ...input, phone: '051-754-9999' }, 200);
        await elsewhere.dispose();
        await form.getByLabel(/^상세 주소/).fill('1층 안쪽');
        await form.getByRole('button', { name: '저장' }).click();
        await expectText(page.getByTestId('conflict'), /다른 사람이 먼저 저장했습니다/);
        await page.getByRole('button', { name: '최신 내용 불러오기' }).click();
        await expectText(page.getByTestId('location-notice'), '최신 내용을 불러왔습니다.');
        assert.equal(await form.getByLabel(/^전화번호/).inputValue(), '051-754-9999');

        // The ledger of MK-500 at the shop: newest first, each move with on hand after it.
        await tabs.getByRole('link', { name: '재고 원장' }).click();
        await page.getByLabel('매장·창고', { exact: true }).selectOption({ label: '광안리점' });
        await page.getByLabel('품목(SKU 또는 상품명)').fill('MK-500');
        await page.getByRole('button', { name: '찾기' }).click();
        await expectText(page.getByTestId('ledger-variant'), /품목 MK-500의 원장/);
        const moves = page.getByTestId('movement');
        await expectText(moves.nth(0).getByTestId('movement-reason'), '이동 입고');
        assert.equal(await moves.count(), 3);
        const expected = [
          ['이동 입고', '+8', '18', /^이동 trf_/],
          ['재고 조사', '−2', '10', /^재고 조사 cnt_/],
          ['입고', '+12', '12', /^—$/],
        ];
        for (const [i, [reason, delta, after, ref]] of expected.entries()) {
          const row = moves.nth(i);
          await expectText(row.getByTestId('movement-reason'), reason);
          await expectText(row.getByTestId('movement-delta'), delta);
          await expectText(row.getByTestId('movement-after'), after);
          await expectText(row.getByTestId('movement-ref'), ref);
          await expectText(row.getByTestId('movement-who'), '박광안');
          await expectText(row.getByTestId('movement-location'), '광안리점');
        }
        await expectText(moves.nth(1), /월말 재고조사/);
        await screenshot(page, 'ledger-shop-ko');

        // The warehouse's side, from the address a stock row links to.
        await page.goto(`${at(merchantId, 'ledger')}?location=${depotId}&variant=${shop.variants[0].id}&sku=MK-500`);
        await expectText(moves.nth(0).getByTestId('movement-reason'), '이동 출고');
        await expectText(moves.nth(0).getByTestId('movement-delta'), '−8');
        await expectText(moves.nth(0).getByTestId('movement-after'), '1,192');
        await expectText(moves.nth(1).getByTestId('movement-reason'), '입고');
        await expectText(moves.nth(1).getByTestId('movement-after'), '1,200');
        await expectText(moves.nth(1), /첫 입고/);
        assert.equal(await moves.count(), 2);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    },
  );

  test('a member of staff sees the locations read-only and works the stock', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    const merchantId = other.merchant.id;
    try {
      await signInInPage(page, { email: staff.email });
      await page.goto(at(merchantId, 'locations'));
      await expectText(page.getByTestId('locations-read-only'), /상점 소유자만 추가하고 고칠 수 있습니다/);
      await expectText(page.getByTestId('location-name').first(), '해운대점');
      assert.equal(await page.getByTestId('new-location').count(), 0, 'staff add no locations');
      await page.getByTestId('location-name').first().click();
      const form = page.getByTestId('location-form');
      await expectText(page.getByTestId('editor-title'), '해운대점');
      assert.equal(await form.getByLabel('이름(한국어)').isDisabled(), true);
      assert.equal(await form.getByLabel('범위 1 시작 우편번호').inputValue(), '48000');
      assert.equal(await page.getByRole('button', { name: '저장' }).count(), 0, 'nothing to save');
      assert.equal(await page.getByTestId('location-status').count(), 0, 'no closing');
      await screenshot(page, 'location-staff-ko');
      await page.goto(at(merchantId, 'locations/new'));
      await expectText(page.getByTestId('owner-only'), '상점 소유자만 쓸 수 있는 기능입니다.');

      // Staff move stock: the transfer in transit is listed first, and they receive it.
      await page.goto(at(merchantId, 'transfers'));
      const first = page.getByTestId('transfer').first();
      await expectText(first.getByTestId('transfer-state'), '이동 중');
      await expectText(page.getByTestId('transfer').nth(1).getByTestId('transfer-state'), '받음');
      await first.getByRole('button', { name: '이동 취소' }).click();
      await first.getByRole('button', { name: '취소하기' }).click();
      await expectText(page.getByTestId('transfers-notice'), '이동을 취소했습니다. 재고가 감천 창고(으)로 돌아갔습니다.');
      await page.goto(at(merchantId, 'stock'));
      await expectText(onHandAt(page, 'MK-500', other.depot.id), '1,180');
      await expectText(onHandAt(page, 'MK-500', other.shop.id), '35');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the pages in English, and on a phone without sideways scrolling', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    const merchantId = other.merchant.id;
    try {
      await signInInPage(page, { email: other.owner.email });
      await page.goto(at(merchantId, 'stock'));
      await page.getByRole('button', { name: 'English' }).click();
      const tabs = page.getByRole('navigation', { name: /menu/i });
      await expectText(tabs.getByRole('link', { name: 'Stock', exact: true }), 'Stock');
      await expectText(stockRow(page, 'MK-500').getByTestId('stock-total'), '1,215');
      await expectText(stockRow(page, 'MK-500').locator('.stock-row__title'), 'Boneless mackerel (500g)');
      await screenshot(page, 'stock-en');
      await tabs.getByRole('link', { name: 'Stock ledger' }).click();
      await expectText(page.getByTestId('movement').first().getByTestId('movement-reason'), /Transfer (in|out)/);
      await screenshot(page, 'ledger-en');
      await tabs.getByRole('link', { name: 'Locations' }).click();
      await expectText(page.getByTestId('location-kind').first(), 'Shop');
      await expectText(page.getByTestId('location-pickup').first(), 'Pickup');
      await screenshot(page, 'locations-en');
      await page.getByTestId('location-name').first().click();
      await expectText(page.locator('[data-testid="hours-row"][data-day="6"] .hours__off'), 'Day off');
      await page.getByRole('button', { name: '한국어' }).click();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }

    const phone = await newPage(browser, { baseURL: server.url, viewport: PHONE });
    try {
      await signInInPage(phone.page, { email: other.owner.email });
      const pages = [
        ['stock', 'stock', () => expectText(stockRow(phone.page, 'MK-500').getByTestId('stock-sku'), 'MK-500')],
        ['locations', 'locations', () => expectText(phone.page.getByTestId('location-name').first(), '해운대점')],
        [
          'location-editor',
          `locations/${other.shop.id}`,
          () => expectText(phone.page.getByTestId('editor-title'), '해운대점'),
        ],
        ['transfers', 'transfers', () => expectText(phone.page.getByTestId('transfer-route').first(), /해운대점/)],
        ['ledger', 'ledger', () => expectText(phone.page.getByTestId('movement-reason').first(), /이동/)],
      ];
      for (const [name, path, ready] of pages) {
        await phone.page.goto(at(merchantId, path));
        await ready();
        await assertNoHorizontalScroll(phone.page, `${name} at 375 px`);
        await screenshot(phone.page, `${name}-375`);
      }
      // The panel under a row, and the count mode, fit too.
      await phone.page.goto(at(merchantId, 'stock'));
      await phone.page.getByRole('button', { name: 'MK-500 입출고·안전 재고' }).click();
      await expectText(phone.page.getByTestId('move-panel').locator('h3').first(), '입출고 기록');
      await assertNoHorizontalScroll(phone.page, 'the stock panel at 375 px');
      await screenshot(phone.page, 'stock-panel-375');
      await phone.page.getByTestId('start-count').click();
      await expectText(phone.page.getByTestId('count-line').first(), /MK-/);
      await assertNoHorizontalScroll(phone.page, 'the count at 375 px');
      assert.deepEqual(phone.errors, []);
    } finally {
      await phone.context.close();
    }
  });
});
