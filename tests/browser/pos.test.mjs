// The web POS (매장 판매) and the counter's back-office pages, on a tablet. One approved fish shop is
// prepared through the API: a shop, three products (two with barcodes) and stock there. Through the
// screens: the owner chooses the shop once, sells two items by "scanning" (the code typed into the
// focused field and Enter), pays cash with change and sees the receipt, which prints on one 80 mm
// page; the network is cut (context.setOffline), two more sales queue on the device (the badge says
// so), a reload without the network opens the counter again with the queue kept (the service worker
// and IndexedDB), and when the network is back exactly those sales reach the server once (the
// journal, the stock and the ledger moved once) and the queue is empty. An unknown code sold at a
// typed title and price shows up in the exceptions and is resolved with a note, on a receipt that marks
// the VAT-exempt abalone (면세) and reckons the VAT from the taxable line only; a customer's mobile
// number finds their earlier sales; a return of one line and a void of the last sale are recorded;
// a sale beyond the stock flags the row for a count on the stock page, whose count clears it; the day
// report adds up the day; the devices page registers a device, shows its secret once and revokes it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ApiClient,
  approvedMerchant,
  assertNoHorizontalScroll,
  createOperatorAdmin,
  signInInPage,
  uniqueEmail,
} from './support/app.mjs';
import { expectInPage, expectText, expectTitle, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { addCategory, addProduct, variant } from './support/catalog.mjs';
import { addLocation, adjust, districtCode } from './support/inventory.mjs';
import { ean13, journal, movements, onHand, pdfPages, queuedInPage } from './support/pos.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 90_000 };
const LANDSCAPE = { width: 1024, height: 768 };
const PORTRAIT = { width: 768, height: 1024 };

describe('web POS: selling at the counter, offline, and the counter back office', () => {
  let server;
  let browser;
  let shop; // {id, owner, merchant, location}
  let owner; // the owner's API client, for set-up and checks
  const products = {};

  const PRODUCTS = [
    { key: 'mackerel', sku: 'MK-500', barcode: ean13('880123450001'), title: '순살 고등어', price: 9_900, stock: 20 },
    { key: 'laver', sku: 'KM-10', barcode: ean13('880123450002'), title: '구운 김', price: 5_000, stock: 20 },
    // Fresh abalone is exempt from VAT (면세): its line is marked on the receipt and has no VAT in it.
    { key: 'abalone', sku: 'AB-1', barcode: null, title: '완도 전복', price: 20_000, stock: 1, vat: 'exempt' },
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
        ownerName: '박광안',
        ownerEmail: uniqueEmail('owner'),
        nameKo: '광안리 수산',
        nameEn: 'Gwangalli Fish',
        seed: 7301,
      });
      owner = await ApiClient.signIn(server.url, { email: made.owner.email });
      const location = await addLocation(owner, made.merchant.id, {
        kind: 'shop',
        name_ko: '광안리점',
        name_en: 'Gwangalli shop',
        district_code: await districtCode(owner, '수영구'),
        postal_code: '48303',
        road_address: '부산 수영구 광안해변로 219',
        phone: '051-756-1234',
      });
      for (const p of PRODUCTS) {
        const product = await addProduct(owner, made.merchant.id, {
          category_id: category.id,
          title_ko: p.title,
          vat: p.vat ?? 'taxable',
          variants: [variant({ sku: p.sku, price: p.price, barcode: p.barcode })],
        });
        await adjust(owner, made.merchant.id, {
          location: location.id,
          variant: product.variants[0].id,
          delta: p.stock,
        });
        products[p.key] = { ...p, variantId: product.variants[0].id };
      }
      shop = { ...made, id: made.merchant.id, location };
    },
    { timeout: 60_000 },
  );

  after(async () => {
    await owner?.dispose();
    await browser?.close();
    await server?.stop();
  });

  const sales = (query) => journal(owner, shop.id, query);
  const stockOf = (key) => onHand(owner, shop.id, products[key].variantId, shop.location.id);

  /** The owner signed in on a tablet, at the counter of the shop (chosen when asked). */
  async function counter({ viewport = LANDSCAPE } = {}) {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url, viewport });
    await signInInPage(page, { email: shop.owner.email });
    await page.goto(`/merchant/${shop.id}/pos`);
    const chooser = page.getByTestId('pos-shop-chooser');
    const pos = page.getByTestId('pos');
    await Promise.race([chooser.waitFor(), pos.waitFor()]);
    if (await chooser.isVisible()) {
      await expectText(chooser.locator('h2'), '어느 매장의 계산대인가요?');
      await page.locator(`[data-testid="pos-shop"][data-location-id="${shop.location.id}"]`).click();
    }
    await pos.waitFor();
    await expectText(page.getByTestId('pos-shop-name'), '광안리점');
    // The price list is on the device before anything is scanned.
    await expectInPage(page, () => document.querySelector('[data-testid="pos-prices"]')?.dataset.count, '3');
    return { context, page, errors };
  }

  /** A scanner: the code typed into the focused field, then Enter. */
  async function scan(page, code) {
    await expectInPage(page, () => document.activeElement?.id, 'pos-scan');
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
  }

  const line = (page, code) => page.locator(`[data-testid="pos-line"][data-code="${code}"]`);
  const badge = (page) => page.getByTestId('pos-sync');

  async function expectBadge(page, state, queued, timeoutMs = 15_000) {
    await expectInPage(
      page,
      () => {
        const b = document.querySelector('[data-testid="pos-sync"]');
        return b ? `${b.dataset.state}/${b.dataset.queued}` : null;
      },
      `${state}/${queued}`,
      undefined,
      { timeoutMs },
    );
  }

  async function pay(page, method) {
    if (method) await page.getByRole('radio', { name: method }).check();
    await page.getByTestId('pos-pay').click();
    await page.getByTestId('pos-receipt').waitFor();
  }

  async function newSale(page) {
    await page.getByTestId('pos-new-sale').click();
    await page.getByTestId('pos-empty').waitFor();
  }

  test('sells two items by scanning, pays cash with change and prints the receipt on 80 mm', T, async () => {
    const before = await sales();
    const mackerelBefore = await stockOf('mackerel');
    const laverBefore = await stockOf('laver');
    const { context, page, errors } = await counter();
    await expectTitle(page, '매장 판매 · 광안리 수산 · 부산 장터');
    await expectText(page.getByTestId('pos-empty'), '바코드를 스캔하면 품목이 여기에 담깁니다.');
    await screenshot(page, 'pos-empty-1024');

    await scan(page, products.mackerel.barcode);
    await scan(page, 'KM-10');
    await scan(page, products.mackerel.barcode); // the same item again: its line counts 2
    await expectText(line(page, products.mackerel.barcode).getByTestId('pos-line-quantity'), '2');
    await expectText(line(page, products.mackerel.barcode).getByTestId('pos-line-amount'), '19,800원');
    await expectText(line(page, 'KM-10').getByTestId('pos-line-quantity'), '1');
    await expectText(page.getByTestId('pos-total'), '24,800원');
    // A line taken down and up again with the touch buttons.
    await line(page, 'KM-10').getByRole('button', { name: '구운 김 하나 더' }).click();
    await expectText(page.getByTestId('pos-total'), '29,800원');
    await line(page, 'KM-10').getByRole('button', { name: '구운 김 하나 빼기' }).click();
    await expectText(page.getByTestId('pos-total'), '24,800원');
    // After a touch the next scan goes to the barcode field again.
    await expectInPage(page, () => document.activeElement?.id, 'pos-scan');

    await page.getByLabel('받은 돈 (원)').fill('20000');
    await page.getByTestId('pos-pay').click();
    await expectText(page.getByTestId('pay-error'), '받은 돈이 4,800원 모자랍니다.');
    await page.getByLabel('받은 돈 (원)').fill('30000');
    await expectText(page.getByTestId('pos-change'), '5,200원');
    await screenshot(page, 'pos-lines-1024');
    await pay(page);

    const receipt = page.getByTestId('pos-receipt').getByTestId('receipt');
    await expectText(receipt.getByTestId('receipt-kind'), '판매 영수증');
    await expectText(receipt.getByTestId('receipt-total'), '24,800원');
    await expectText(receipt.getByTestId('receipt-change'), '5,200원');
    assert.equal(await receipt.getByTestId('receipt-line').count(), 2);
    await expectText(receipt.locator('.receipt__merchant'), '광안리 수산');
    await expectText(receipt.locator('.receipt__shop'), '광안리점');
    await expectInPage(
      page,
      () => document.querySelector('[data-testid="pos-receipt"] [data-testid="receipt-status"]')?.dataset.status,
      'sent',
    );
    await expectBadge(page, 'synced', '0');
    const receiptNo = (await receipt.getByTestId('receipt-no').textContent()).trim();
    await screenshot(page, 'pos-receipt-1024');

    // Printed, the receipt is alone on one page 80 mm wide.
    const pdf = pdfPages(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    assert.equal(pdf.pages, 1, 'the receipt prints on one page');
    assert.ok(Math.abs(pdf.width - (80 / 25.4) * 72) < 1, `the page is 80 mm wide, not ${pdf.width} pt`);

    // At the server: one sale, as rung up, by the signed-in person.
    const after = await sales();
    assert.equal(after.length, before.length + 1);
    const sale = after[0];
    assert.equal(sale.receipt_no, receiptNo);
    assert.equal(sale.kind, 'sale');
    assert.equal(sale.source, 'web_pos');
    assert.equal(sale.cashier, '박광안');
    assert.equal(sale.location_id, shop.location.id);
    assert.equal(sale.total, 24_800);
    assert.deepEqual(sale.payments, [{ method: 'cash', amount: 24_800 }]);
    assert.deepEqual(
      sale.lines.map((l) => [l.sku, l.quantity, l.unit_price]),
      [
        ['MK-500', 2, 9_900],
        ['KM-10', 1, 5_000],
      ],
    );
    assert.equal(sale.exceptions, 0);
    assert.equal(await stockOf('mackerel'), mackerelBefore - 2);
    assert.equal(await stockOf('laver'), laverBefore - 1);

    await newSale(page);
    await scan(page, 'KM-10');
    await assertNoHorizontalScroll(page, 'the counter at 1024 px');
    // Portrait: one column, nothing wider than the tablet.
    await page.setViewportSize(PORTRAIT);
    await assertNoHorizontalScroll(page, 'the counter at 768 px');
    await screenshot(page, 'pos-lines-768');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('with the network cut, sales queue on the device and arrive once when it is back', T, async () => {
    const { context, page, errors } = await counter();
    // The counter's service worker keeps the app for a reload without the network.
    await expectInPage(
      page,
      async () => {
        await navigator.serviceWorker.ready;
        return Boolean(navigator.serviceWorker.controller) && Boolean(await caches.match('/index.html'));
      },
      true,
      undefined,
      { timeoutMs: 15_000 },
    );
    await expectBadge(page, 'synced', '0');
    const before = await sales();
    const mackerelBefore = await stockOf('mackerel');
    const laverBefore = await stockOf('laver');
    const ledgerBefore = (await movements(owner, shop.id, products.laver.variantId, shop.location.id)).length;

    await context.setOffline(true);
    await expectBadge(page, 'offline', '0');
    await expectText(badge(page), '오프라인');

    // Sale A: one mackerel by card.
    await scan(page, products.mackerel.barcode);
    await pay(page, '카드');
    await expectInPage(
      page,
      () => document.querySelector('[data-testid="pos-receipt"] [data-testid="receipt-status"]')?.dataset.status,
      'queued',
    );
    await expectText(
      page.getByTestId('pos-receipt').getByTestId('receipt-status'),
      '아직 서버로 보내지 않았습니다 (이 기기에 저장됨)',
    );
    await newSale(page);
    // Sale B: two packs of laver, cash, exact.
    await scan(page, products.laver.barcode);
    await scan(page, products.laver.barcode);
    await expectText(page.getByTestId('pos-total'), '10,000원');
    await pay(page);
    await newSale(page);
    await expectBadge(page, 'offline', '2');
    await expectText(badge(page), '오프라인 — 2건 대기');
    await screenshot(page, 'pos-offline-queued');
    const queued = await queuedInPage(page);
    assert.equal(queued.length, 2);
    assert.ok(queued.every((e) => e.state === 'queued' && /^web-[a-z2-9]{8}-\d+$/.test(e.sale_id)));
    assert.equal((await sales()).length, before.length, 'nothing reached the server');

    // A reload without the network: the app comes from the service worker, the queue from IndexedDB.
    await page.reload();
    await page.getByTestId('pos').waitFor();
    await page.getByTestId('pos-offline-boot').waitFor();
    await expectBadge(page, 'offline', '2');
    assert.deepEqual((await queuedInPage(page)).map((e) => e.sale_id).sort(), queued.map((e) => e.sale_id).sort());
    // Still selling from the price list kept on the device.
    await scan(page, 'MK-500');
    await expectText(page.getByTestId('pos-total'), '9,900원');
    await page.getByRole('button', { name: '새로 시작' }).click();
    await screenshot(page, 'pos-offline-reloaded');

    // The network is back: the queue is sent, once.
    await context.setOffline(false);
    await expectBadge(page, 'synced', '0', 20_000);
    assert.deepEqual(await queuedInPage(page), []);
    const after = await sales();
    assert.equal(after.length, before.length + 2, 'exactly the two queued sales arrived');
    const arrived = after.filter((s) => queued.some((q) => q.sale_id === s.sale_id));
    assert.equal(arrived.length, 2);
    assert.deepEqual(
      arrived.map((s) => s.total).sort((a, b) => a - b),
      [9_900, 10_000],
    );
    assert.ok(arrived.every((s) => s.source === 'web_pos' && s.location_id === shop.location.id));
    assert.equal(await stockOf('mackerel'), mackerelBefore - 1);
    assert.equal(await stockOf('laver'), laverBefore - 2);
    const ledger = await movements(owner, shop.id, products.laver.variantId, shop.location.id);
    assert.equal(ledger.length, ledgerBefore + 1, 'one movement for the sale of two packs');
    assert.equal(ledger[0].reason, 'shop_sale');
    assert.equal(ledger[0].delta, -2);
    // The same batch sent again (a device that lost the answer): the server has both, nothing changes.
    const again = await owner.call(
      'POST',
      `/api/v1/merchants/${shop.id}/pos/sales/batch`,
      { sales: queued.map((e) => e.sale) },
      200,
    );
    assert.deepEqual([again.created, again.duplicates, again.refused], [0, 2, 0]);
    assert.equal((await sales()).length, before.length + 2);
    assert.equal(await stockOf('laver'), laverBefore - 2);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a sale the server refuses stays on the device, listed with the reason, until put aside', T, async () => {
    const before = await sales();
    const { context, page, errors } = await counter();
    // The tablet's clock runs two hours fast: the server refuses sales from the future.
    await page.clock.setFixedTime(new Date(Date.now() + 2 * 3_600_000));
    await scan(page, 'KM-10');
    await pay(page, '카드');
    const refused = page.getByTestId('pos-refused');
    await refused.waitFor({ timeout: 15_000 });
    await expectText(
      refused.getByTestId('pos-refused-problem'),
      '판매 내용이 올바르지 않습니다. sold_at: 판매 시각이 서버보다 10분 넘게 앞섭니다. 기기 시계를 확인해 주세요.',
    );
    await expectInPage(
      page,
      () => document.querySelector('[data-testid="pos-receipt"] [data-testid="receipt-status"]')?.dataset.status,
      'refused',
    );
    await expectBadge(page, 'attention', '0');
    await expectText(badge(page), '확인 필요 1건');
    await screenshot(page, 'pos-refused');
    assert.equal((await sales()).length, before.length, 'nothing recorded');
    // Kept on the device across a reload, and sent again as it is on request (still refused).
    await page.reload();
    await refused.waitFor();
    assert.deepEqual(
      (await queuedInPage(page)).map((e) => e.state),
      ['refused'],
    );
    await refused.getByRole('button', { name: '다시 보내기' }).click();
    await expectBadge(page, 'attention', '0');
    await refused.getByRole('button', { name: '목록에서 지우기' }).click();
    await refused.getByRole('button', { name: '지우기', exact: true }).click();
    await page.getByTestId('pos-attention').waitFor({ state: 'detached' });
    assert.deepEqual(await queuedInPage(page), []);
    await expectBadge(page, 'synced', '0');
    assert.equal((await sales()).length, before.length);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('an unknown code sold at a typed price becomes an exception, resolved in the back office', T, async () => {
    const { context, page, errors } = await counter({ viewport: PORTRAIT });
    await scan(page, 'OLD-7788');
    const form = page.getByTestId('pos-unknown');
    await expectText(form.locator('h2'), '가격표에 없는 코드: OLD-7788');
    await expectText(
      form.getByTestId('pos-unknown-note'),
      '그대로 팔 수 있습니다. 상품명과 가격을 적으면 판매로 기록되고, 본사(백오피스)가 확인할 ‘예외’로 남습니다.',
    );
    await form.getByRole('button', { name: '판매에 담기' }).click();
    await expectText(form.getByTestId('field-error').first(), '꼭 입력해야 합니다.');
    await form.getByLabel('상품명').fill('옛날 쥐포');
    await form.getByLabel('가격 (원)').fill('3,000');
    await form.getByLabel('수량').fill('2');
    await screenshot(page, 'pos-unknown-768');
    await form.getByRole('button', { name: '판매에 담기' }).click();
    await expectText(line(page, 'OLD-7788').getByTestId('pos-line-unknown'), '가격표에 없음');
    await scan(page, 'AB-1');
    await expectText(page.getByTestId('pos-total'), '26,000원');
    await expectText(line(page, 'AB-1').getByTestId('pos-line-exempt'), '면세');
    assert.equal(await line(page, 'OLD-7788').getByTestId('pos-line-exempt').count(), 0);
    // A discount on the abalone line, and the customer's number as typed.
    await line(page, 'AB-1').getByLabel('완도 전복 할인 (원)').fill('1000');
    await expectText(page.getByTestId('pos-total'), '25,000원');
    // The VAT is inside the typed (taxable) item's 6,000원 only: 6,000 − round(6,000 ÷ 1.1) = 545원.
    await expectText(page.getByTestId('pos-vat'), '545원');
    await page.getByLabel('고객 휴대폰 번호').fill('01055557777');
    await page.getByLabel('고객 휴대폰 번호').blur();
    assert.equal(await page.getByLabel('고객 휴대폰 번호').inputValue(), '010-5555-7777');
    await pay(page, '계좌이체');
    // The receipt marks the exempt line and reckons the VAT from the taxable one.
    const receipt = page.getByTestId('pos-receipt').getByTestId('receipt');
    const exemptLine = receipt.locator('[data-testid="receipt-line"][data-vat="exempt"]');
    assert.equal(await exemptLine.count(), 1);
    await expectText(exemptLine.locator('.receipt__title'), '완도 전복 면세');
    await expectText(receipt.locator('[data-testid="receipt-line"][data-vat="taxable"] .receipt__title'), '옛날 쥐포');
    await expectText(receipt.getByTestId('receipt-taxable'), '6,000원');
    await expectText(receipt.getByTestId('receipt-exempt-total'), '19,000원');
    await expectText(receipt.getByTestId('receipt-vat'), '545원');
    await expectText(receipt.getByTestId('receipt-total'), '25,000원');
    await screenshot(page, 'pos-receipt-exempt-768');
    await expectBadge(page, 'synced', '0');
    const [sale] = await sales();
    assert.equal(sale.total, 25_000);
    assert.equal(sale.exceptions, 1);
    assert.equal(sale.customer.phone, '010-5555-7777');
    assert.deepEqual(sale.payments, [{ method: 'transfer', amount: 25_000 }]);
    const unknownLine = sale.lines.find((l) => l.code === 'OLD-7788');
    assert.equal(unknownLine.variant_id, null);
    assert.equal(unknownLine.title, '옛날 쥐포');
    assert.equal(await stockOf('abalone'), 0);
    await newSale(page);

    // The customer's earlier sales, by their number.
    await page.getByLabel('고객 휴대폰 번호').fill('010 5555 7777');
    await page.getByRole('button', { name: '조회' }).click();
    await expectText(page.getByTestId('customer-history').getByTestId('customer-sales-title'), '이전 구매 1건');

    // The back office: the exception, resolved with a note.
    await page.getByRole('navigation', { name: '매장 POS 메뉴' }).getByRole('link', { name: '확인할 예외' }).click();
    await expectTitle(page, '확인할 예외 · 광안리 수산 · 부산 장터');
    const item = page.locator('[data-testid="pos-exception"][data-code="OLD-7788"]');
    await expectText(item.locator('.list-card__title'), /가격표에 없는 코드\s+옛날 쥐포\s+처리 전/);
    await expectText(item.locator('.list-card__meta').nth(1), /OLD-7788 · 2개 · 판 값 3,000원/);
    await screenshot(page, 'pos-exceptions-768');
    await item.getByLabel('처리 메모').fill('상품 등록함');
    await item.getByTestId('resolve').click();
    await expectText(item.getByTestId('exception-state'), '처리됨');
    await expectText(item.getByTestId('exception-resolution'), /처리 · 상품 등록함$/);
    const all = await owner.call('GET', `/api/v1/merchants/${shop.id}/pos/exceptions?state=all`, undefined, 200);
    const resolved = all.items.find((e) => e.code === 'OLD-7788');
    assert.equal(resolved.state, 'resolved');
    assert.equal(resolved.resolution_note, '상품 등록함');
    // The open list no longer has it.
    await page.reload();
    await page.getByTestId('no-exceptions').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a return of one line, a split payment and a void of the last sale', T, async () => {
    const { context, page, errors } = await counter();
    await scan(page, 'MK-500');
    await scan(page, 'KM-10');
    await scan(page, 'KM-10');
    await pay(page, '카드');
    await expectBadge(page, 'synced', '0');
    const receiptNo = (await page.getByTestId('pos-receipt').getByTestId('receipt-no').textContent()).trim();
    await newSale(page);
    const laverBefore = await stockOf('laver');

    await page.getByTestId('pos-open-returns').click();
    const returns = page.getByTestId('pos-returns');
    await returns.getByLabel('영수증 번호').fill(receiptNo);
    await returns.getByRole('button', { name: '찾기' }).click();
    await returns.getByTestId('pos-return-sale').waitFor();
    const laverLine = returns.locator('[data-testid="return-line"][data-code="KM-10"]');
    await expectText(laverLine.locator('.pos-line__code'), /판매 2개 · 반품 가능 2개/);
    await laverLine.getByRole('button', { name: '구운 김 하나 더' }).click();
    await expectText(returns.getByTestId('record-return'), '반품 기록 (환불 5,000원)');
    await screenshot(page, 'pos-return');
    await returns.getByTestId('record-return').click();
    await expectText(page.getByTestId('pos-receipt').getByTestId('receipt-kind'), '반품 영수증');
    await expectBadge(page, 'synced', '0');
    const [ret] = await sales();
    assert.equal(ret.kind, 'return');
    assert.equal(ret.total, 5_000);
    assert.deepEqual(ret.payments, [{ method: 'card', amount: 5_000 }]);
    assert.equal(await stockOf('laver'), laverBefore + 1, 'the returned pack is back on hand');
    await newSale(page);

    // A new sale paid partly by card and partly in cash, then voided at once from the counter.
    await scan(page, 'MK-500');
    await page.getByRole('radio', { name: '분할' }).check();
    await page.getByLabel('1번째 결제 금액').fill('5000');
    await expectText(page.getByTestId('pos-split-left'), '남은 금액 4,900원');
    await page.getByLabel('2번째 결제 금액').fill('4900');
    await expectText(page.getByTestId('pos-split-left'), '금액이 맞습니다.');
    await pay(page);
    await expectBadge(page, 'synced', '0');
    const [split] = await sales();
    assert.deepEqual(split.payments, [
      { method: 'card', amount: 5_000 },
      { method: 'cash', amount: 4_900 },
    ]);
    await newSale(page);
    const mackerelBefore = await stockOf('mackerel');
    await page.getByRole('button', { name: '직전 판매 취소' }).click();
    await page.getByRole('button', { name: '취소하기' }).click();
    await expectText(page.getByTestId('pos-receipt').getByTestId('receipt-kind'), '판매 취소');
    await expectBadge(page, 'synced', '0');
    const [voided] = await sales();
    assert.equal(voided.kind, 'void');
    assert.equal(await stockOf('mackerel'), mackerelBefore + 1);
    await newSale(page);
    assert.equal(await page.getByRole('button', { name: '직전 판매 취소' }).count(), 0, 'a sale is voided once');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a sale beyond the stock flags a count on the stock page, and the count clears it', T, async () => {
    assert.equal(await stockOf('abalone'), 0);
    const { context, page, errors } = await counter();
    await scan(page, 'AB-1');
    await pay(page, '카드');
    await expectBadge(page, 'synced', '0');
    assert.equal(await stockOf('abalone'), -1, 'the counter sale is recorded though nothing was there');

    await page.goto(`/merchant/${shop.id}/stock`);
    const cell = page
      .locator('[data-testid="stock-row"][data-sku="AB-1"]')
      .locator(`[data-testid="stock-level"][data-location-id="${shop.location.id}"]`);
    await expectText(cell.getByTestId('count-needed'), '실사 필요');
    const flag = page.locator(`[data-testid="count-flag"][data-variant-id="${products.abalone.variantId}"]`);
    await expectText(flag, /광안리점 · AB-1 완도 전복 · 표시 때 -1개 → 지금 -1개/);
    await screenshot(page, 'pos-stock-count-flag');
    await flag.getByTestId('count-flag-start').click();
    const mode = page.getByTestId('count-mode');
    await mode.waitFor();
    // The flagged variant comes first, marked.
    const first = mode.getByTestId('count-line').first();
    assert.equal(await first.getAttribute('data-sku'), 'AB-1');
    await expectText(first.getByTestId('count-needed'), '실사 필요');
    await first.getByLabel('AB-1 센 수량').fill('0');
    await mode.getByRole('button', { name: '조사 결과 반영' }).click();
    await mode.getByTestId('count-result').waitFor();
    await mode.getByRole('button', { name: '조사 끝내기' }).click();
    await page.getByTestId('stock').waitFor();
    assert.equal(await page.getByTestId('count-flags').count(), 0);
    assert.equal(await cell.getByTestId('count-needed').count(), 0);
    const flags = await owner.call('GET', `/api/v1/merchants/${shop.id}/stock/count-flags`, undefined, 200);
    assert.deepEqual(flags.items, []);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the journal, the day report and the devices page', T, async () => {
    const { context, page, errors } = await counter();
    const all = await sales();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());

    // The journal: every sale, newest first, and one found by its receipt number.
    await page.getByRole('navigation', { name: '매장 POS 메뉴' }).getByRole('link', { name: '판매 일지' }).click();
    await expectTitle(page, '판매 일지 · 광안리 수산 · 부산 장터');
    await page.getByTestId('pos-sales').waitFor();
    assert.equal(await page.getByTestId('pos-sale-row').count(), Math.min(all.length, 20));
    const first = all[all.length - 1];
    await page.getByLabel('영수증 번호').fill(first.receipt_no);
    await page.getByRole('button', { name: '찾기' }).click();
    await expectInPage(page, () => document.querySelectorAll('[data-testid="pos-sale-row"]').length, 1);
    await page.getByTestId('pos-sale-link').click();
    await page.getByTestId('pos-sale').waitFor();
    await expectText(page.getByTestId('pos-sale-detail-total'), '24,800원');
    await screenshot(page, 'pos-sale-detail');

    // The day report of today at the shop.
    await page.getByRole('navigation', { name: '매장 POS 메뉴' }).getByRole('link', { name: '마감 보고' }).click();
    await expectTitle(page, '마감 보고 · 광안리 수산 · 부산 장터');
    const report = page.getByTestId('pos-report');
    await report.waitFor();
    assert.equal(await report.getAttribute('data-date'), today);
    const api = await owner.call(
      'GET',
      `/api/v1/merchants/${shop.id}/locations/${shop.location.id}/pos-report?date=${today}`,
      undefined,
      200,
    );
    const salesCount = all.filter((s) => s.kind === 'sale').length;
    assert.equal(api.sales.count, salesCount);
    const won = (n) => `${n.toLocaleString('en-US')}원`;
    await expectText(report.getByTestId('report-sales').locator('.report-card__amount'), won(api.sales.amount));
    await expectText(report.getByTestId('report-sales').locator('.report-card__count'), `${salesCount}건`);
    await expectText(report.getByTestId('report-returns').locator('.report-card__count'), '1건');
    await expectText(report.getByTestId('report-voids').locator('.report-card__count'), '1건');
    await expectText(report.getByTestId('report-net').locator('.report-card__amount'), won(api.net));
    const cash = report.locator('[data-testid="report-method"][data-method="cash"]');
    assert.equal(Number(await cash.getAttribute('data-net')), api.by_method.find((m) => m.method === 'cash').net);
    await expectText(report.locator('[data-testid="report-cashier"][data-cashier="박광안"] th'), '박광안');
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Seoul', hour: '2-digit', hourCycle: 'h23' }).format(
        new Date(),
      ),
    );
    const bars = await page.evaluate(
      () => [...document.querySelectorAll('[data-testid="hour"]')].filter((h) => Number(h.dataset.sales) > 0).length,
    );
    assert.ok(bars >= 1 && bars <= 2, `sales in one or two hours (now ${hour}:00), found ${bars}`);
    await screenshot(page, 'pos-day-report');

    // The devices: one registered at the shop, its secret shown once, then revoked.
    await page.getByRole('navigation', { name: '매장 POS 메뉴' }).getByRole('link', { name: 'POS 기기' }).click();
    await expectTitle(page, 'POS 기기 · 광안리 수산 · 부산 장터');
    await page.getByTestId('no-devices').waitFor();
    await page.getByLabel('기기 이름').fill('1번 계산대');
    await page.getByRole('button', { name: '기기 등록' }).click();
    const secretBox = page.getByTestId('secret-box');
    await secretBox.waitFor();
    const secret = await page.getByTestId('secret-value').inputValue();
    assert.match(secret, /^jtk_/);
    await screenshot(page, 'pos-device-secret');
    const device = page.locator('[data-testid="pos-device"]').filter({ hasText: '1번 계산대' });
    await expectText(device.locator('td').first(), '광안리점');
    // The secret works for the shop's price list, and is not shown again.
    const items = await fetch(`${server.url}/api/v1/merchants/${shop.id}/pos/items`, {
      headers: { Authorization: `Bearer ${secret}`, Accept: 'application/json' },
    });
    assert.equal(items.status, 200);
    await page.getByRole('button', { name: '보관했습니다' }).click();
    assert.equal(await page.getByTestId('secret-box').count(), 0);
    await page.reload();
    await device.waitFor();
    assert.equal(await page.getByTestId('secret-value').count(), 0);
    await device.getByRole('button', { name: '폐기' }).click();
    await device.getByRole('button', { name: '폐기하기' }).click();
    await expectText(page.getByTestId('devices-notice'), '‘1번 계산대’ 기기의 키를 폐기했습니다.');
    await expectText(device.getByTestId('device-state'), /^폐기됨/);
    const refused = await fetch(`${server.url}/api/v1/merchants/${shop.id}/pos/items`, {
      headers: { Authorization: `Bearer ${secret}`, Accept: 'application/json' },
    });
    assert.equal(refused.status, 401);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the counter in English shows the queue state in words', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url, viewport: PORTRAIT });
    await context.addInitScript(() => window.localStorage.setItem('jangteo.lang', 'en'));
    await page.goto('/signin');
    await page.getByLabel('Email', { exact: true }).fill(shop.owner.email);
    await page.getByLabel('Password', { exact: true }).fill(shop.owner.password);
    await page.getByRole('main').getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/me');
    await page.goto(`/merchant/${shop.id}/pos`);
    await page.locator(`[data-testid="pos-shop"][data-location-id="${shop.location.id}"]`).click();
    await expectInPage(page, () => document.querySelector('[data-testid="pos-prices"]')?.dataset.count, '3');
    await expectText(badge(page), 'Online · all sent');
    await context.setOffline(true);
    await scan(page, 'KM-10');
    await pay(page, 'Card');
    await newSale(page);
    await expectText(badge(page), 'Offline — 1 queued');
    await screenshot(page, 'pos-offline-en-768');
    await context.setOffline(false);
    await expectBadge(page, 'synced', '0', 20_000);
    await expectText(badge(page), 'Online · all sent');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("a tablet's store of the first counter (IndexedDB version 1) is upgraded, its queued sale kept", T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url, viewport: LANDSCAPE });
    await signInInPage(page, { email: shop.owner.email });
    // What the first counter kept: a price list whose items have no vat, and a sale not yet sent.
    const soldAt = new Date().toISOString();
    const sale = {
      sale_id: 'web-upgrade1-1',
      kind: 'sale',
      location_id: shop.location.id,
      receipt_no: 'UPGRAD-0001',
      sold_at: soldAt,
      cashier: '박광안',
      lines: [{ code: 'KM-10', quantity: 1, unit_price: 5_000, title: '구운 김' }],
      payments: [{ method: 'cash', amount: 5_000 }],
    };
    const receipt = {
      saleId: sale.sale_id,
      kind: 'sale',
      originalSaleId: null,
      originalReceiptNo: null,
      locationId: shop.location.id,
      receiptNo: sale.receipt_no,
      soldAt,
      cashier: sale.cashier,
      customerPhone: '',
      lines: [
        {
          lineNo: 1,
          code: 'KM-10',
          variantId: products.laver.variantId,
          sku: 'KM-10',
          title: '구운 김',
          quantity: 1,
          unitPrice: 5_000,
          discount: 0,
          amount: 5_000,
          returned: 0,
        },
      ],
      subtotal: 5_000,
      discount: 0,
      total: 5_000,
      payments: sale.payments,
      tendered: null,
      change: 0,
      restock: true,
      voided: false,
    };
    const item = (p) => ({
      variant_id: p.variantId,
      sku: p.sku,
      barcode: p.barcode,
      title_ko: p.title,
      title_en: '',
      options: {},
      price: p.price,
      on_hand: 0,
    });
    await page.evaluate(
      ({ merchantId, locationId, items, entry }) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('jangteo-pos', 1);
          open.onupgradeneeded = () => {
            const db = open.result;
            db.createObjectStore('prices', { keyPath: 'key' });
            db.createObjectStore('queue', { keyPath: 'sale_id' }).createIndex('by_merchant', ['merchant_id', 'seq']);
          };
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const tx = db.transaction(['prices', 'queue'], 'readwrite');
            tx.objectStore('prices').put({ key: `${merchantId} ${locationId}`, items, fetched_at: entry.queued_at });
            tx.objectStore('queue').put(entry);
            tx.oncomplete = () => {
              db.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      {
        merchantId: shop.id,
        locationId: shop.location.id,
        items: PRODUCTS.map((p) => item({ ...p, variantId: products[p.key].variantId })),
        entry: {
          sale_id: sale.sale_id,
          merchant_id: shop.id,
          seq: 1,
          sale,
          state: 'queued',
          problem: null,
          queued_at: soldAt,
          receipt,
        },
      },
    );

    // The counter opens the store at version 2 and sends the kept sale, once. The price list is not
    // fetched again meanwhile, so that what the tablet holds is what the upgrade made of the old one.
    await page.route('**/pos/items?**', (route) => route.abort());
    await page.goto(`/merchant/${shop.id}/pos`);
    await page.locator(`[data-testid="pos-shop"][data-location-id="${shop.location.id}"]`).click();
    await page.getByTestId('pos').waitFor();
    await expectBadge(page, 'synced', '0', 20_000);
    const found = await sales({ receipt_no: 'UPGRAD-0001' });
    assert.deepEqual(
      found.map((s) => [s.sale_id, s.total]),
      [['web-upgrade1-1', 5_000]],
    );
    const stored = await page.evaluate(
      ({ key }) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('jangteo-pos');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const get = db.transaction('prices').objectStore('prices').get(key);
            get.onsuccess = () => {
              db.close();
              resolve({ version: db.version, vat: get.result.items.map((i) => `${i.sku}:${i.vat}`).sort() });
            };
            get.onerror = () => reject(get.error);
          };
        }),
      { key: `${shop.id} ${shop.location.id}` },
    );
    assert.equal(stored.version, 2);
    // Every kept item now says it is taxable, as the first counter assumed when it reckoned the VAT.
    assert.deepEqual(stored.vat, ['AB-1:taxable', 'KM-10:taxable', 'MK-500:taxable']);
    await expectInPage(page, () => document.querySelector('[data-testid="pos-prices"]')?.dataset.count, '3');
    // Once the list can be fetched again, the abalone is exempt as the catalog says.
    await page.unroute('**/pos/items?**');
    await page.reload();
    await page.getByTestId('pos').waitFor();
    await scan(page, 'AB-1');
    await expectText(line(page, 'AB-1').getByTestId('pos-line-exempt'), '면세');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
