// The back office's CSV page: a file saved by Korean Excel (CP949) with two bad rows is checked with
// a progress bar and reported line by line, each reason in words, and nothing changes; a good file is
// checked, then applied, and its products show in the list; the export downloads them again. Then the
// page in English and on a 375 px phone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  ApiClient,
  approvedMerchant,
  assertNoHorizontalScroll,
  createOperatorAdmin,
  signInInPage,
  uniqueEmail,
} from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { buildFoodTree, gtin13, SEAFOOD, wrongCheckDigit } from './support/catalog.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 60_000 };

// Korean text as CP949 bytes, written out by hand (no encoder in this folder's packages).
const CP949 = {
  고등어구이: [176, 237, 181, 238, 190, 238, 177, 184, 192, 204],
  갈치: [176, 165, 196, 161],
  자반고등어: [192, 218, 185, 221, 176, 237, 181, 238, 190, 238],
  국내산: [177, 185, 179, 187, 187, 234],
  수입산: [188, 246, 192, 212, 187, 234],
};

/** A CSV line from cells that are ASCII text or the names of CP949 byte runs above. */
function cp949Line(cells) {
  const parts = [];
  cells.forEach((cell, i) => {
    if (i > 0) parts.push(Buffer.from(','));
    parts.push(cell in CP949 ? Buffer.from(CP949[cell]) : Buffer.from(cell, 'ascii'));
  });
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

const HEADER = ['category_code', 'title_ko', 'title_en', 'vat', 'attr:origin', 'sku', 'barcode', 'base_price_won'];

describe('back office: CSV import and export', () => {
  let server;
  let browser;
  let shop;

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      const admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      const operator = await ApiClient.signIn(server.url, admin);
      await buildFoodTree(operator);
      await operator.dispose();
      shop = await approvedMerchant(server, admin, {
        ownerName: '김건어',
        ownerEmail: uniqueEmail('geoneo'),
        nameKo: '남포동 건어물',
        nameEn: 'Nampo Dried Seafood',
        seed: 8201,
      });
    },
    { timeout: 60_000 },
  );
  after(async () => {
    await browser?.close();
    assert.equal(await server?.stop(), 0, 'jangteo should stop cleanly on SIGTERM');
  }, T);

  async function productsOfShop() {
    const owner = await ApiClient.signIn(server.url, { email: shop.owner.email });
    const page = await owner.call('GET', `/api/v1/merchants/${shop.merchant.id}/products?limit=200`, undefined, 200);
    await owner.dispose();
    return page.items;
  }

  async function openImportPage(page) {
    await signInInPage(page, { email: shop.owner.email });
    await page.goto(`/merchant/${shop.merchant.id}/products`);
    await page
      .getByRole('navigation', { name: '상점 관리 메뉴' })
      .getByRole('link', { name: 'CSV 가져오기·내보내기' })
      .click();
    await page.waitForURL(`**/merchant/${shop.merchant.id}/products/import`);
  }

  test('a CP949 file with two bad rows is checked with a progress bar and both rows reported', T, async () => {
    const file = Buffer.concat([
      cp949Line(HEADER),
      cp949Line([
        SEAFOOD.code,
        '고등어구이',
        'Grilled mackerel',
        'taxable',
        '국내산',
        'IMP-1',
        gtin13('880111111111'),
        '12900',
      ]),
      cp949Line([SEAFOOD.code, '갈치', 'Hairtail', 'taxable', '국내산', 'IMP-2', '', '12.5']),
      cp949Line([
        SEAFOOD.code,
        '자반고등어',
        '',
        'exempt',
        '수입산',
        'IMP-3',
        wrongCheckDigit(gtin13('880222222222')),
        '8000',
      ]),
    ]);
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await openImportPage(page);
      await page.getByLabel('CSV 파일').setInputFiles({ name: '상품목록.csv', mimeType: 'text/csv', buffer: file });
      await page.getByLabel('인코딩').selectOption('cp949');
      const started = page.waitForResponse(
        (r) => r.url().includes(`/merchants/${shop.merchant.id}/product-imports?`) && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: '검사하기' }).click();
      const answer = await started;
      assert.equal(answer.status(), 202);
      assert.match(answer.url(), /dry_run=true/);
      assert.match(answer.url(), /encoding=cp949/);

      // The progress bar while it runs, named for assistive technology.
      const bar = page.getByTestId('import-progress').locator('progress');
      await bar.waitFor({ state: 'attached', timeout: 5_000 });
      assert.ok(await bar.getAttribute('aria-labelledby'));
      await expectText(page.getByTestId('import-progress').locator('.import-progress__label'), '파일을 검사하는 중');

      // The report: both bad rows with their lines, the reasons in words.
      await expectText(page.getByTestId('check-failed'), /고쳐야 할 곳이 2군데 있습니다/, { timeoutMs: 15_000 });
      const rows = page.getByTestId('import-error');
      assert.equal(await rows.count(), 2);
      const price = page.locator('[data-testid="import-error"][data-line="3"]');
      await expectText(price.locator('th'), '3번째 줄');
      await expectText(price.locator('td code'), 'base_price_won');
      await expectText(price.getByTestId('import-error-reason'), '원 단위 정수로 입력해 주세요. 예: 12900');
      const barcode = page.locator('[data-testid="import-error"][data-line="4"]');
      await expectText(barcode.locator('td code'), 'barcode');
      await expectText(barcode.getByTestId('import-error-reason'), /바코드의 검증번호/);
      assert.equal(await page.getByTestId('apply').count(), 0, 'a file with bad rows cannot be applied');
      await screenshot(page, 'imports-report-ko');
      assert.deepEqual(await productsOfShop(), [], 'a dry run changes nothing');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a good file is checked, applied, and its products show in the list', T, async () => {
    const file = Buffer.from(
      [
        HEADER.join(','),
        `${SEAFOOD.code},국내산 고등어구이,Grilled mackerel,taxable,국내산,GOOD-1,${gtin13('880333333333')},"12,900"`,
        `${SEAFOOD.code},제주 갈치,Jeju hairtail,taxable,국내산,GOOD-2,,25000`,
        `${SEAFOOD.code},자반고등어,,exempt,노르웨이,GOOD-3,,8000`,
        '',
      ].join('\r\n'),
      'utf8',
    );
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await openImportPage(page);
      await page.getByLabel('CSV 파일').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: file });
      await page.getByRole('button', { name: '검사하기' }).click();
      await expectText(
        page.getByTestId('check-ok'),
        /문제가 없습니다\. 3줄을 적용하면 상품 3개를 새로 만들고 0개를 고칩니다\./,
        {
          timeoutMs: 15_000,
        },
      );
      assert.deepEqual(await productsOfShop(), [], 'the check changed nothing');

      const applying = page.waitForResponse(
        (r) =>
          r.url().includes('/product-imports?') && r.url().includes('dry_run=false') && r.request().method() === 'POST',
      );
      await page.getByTestId('apply').click();
      assert.equal((await applying).status(), 202);
      await expectText(page.getByTestId('apply-ok'), /적용했습니다\. 상품 3개를 새로 만들고 0개를 고쳤습니다\./, {
        timeoutMs: 15_000,
      });
      await screenshot(page, 'imports-applied-ko');

      await page.getByRole('link', { name: '상품 목록 보기' }).click();
      await page.waitForURL(`**/merchant/${shop.merchant.id}/products`);
      const titles = page.getByTestId('product-title');
      await expectText(titles.first(), /고등어구이|갈치|자반고등어/);
      assert.deepEqual((await titles.allTextContents()).sort(), ['국내산 고등어구이', '자반고등어', '제주 갈치']);
      await expectText(
        page.locator('[data-testid="product"]', { hasText: '국내산 고등어구이' }).getByTestId('product-price'),
        '12,900원',
      );

      // The export gives them back, one row per variant.
      await page.goto(`/merchant/${shop.merchant.id}/products/import`);
      await page.getByLabel('UTF-8').check();
      const downloading = page.waitForEvent('download');
      await page.getByTestId('download-export').click();
      const download = await downloading;
      const text = readFileSync(await download.path(), 'utf8');
      for (const sku of ['GOOD-1', 'GOOD-2', 'GOOD-3']) assert.ok(text.includes(sku), `the export holds ${sku}`);
      assert.ok(text.includes('국내산 고등어구이'));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the CSV page in English, and on a phone', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await openImportPage(page);
      await page.getByRole('button', { name: 'English' }).click();
      await expectText(page.getByRole('heading', { name: 'Upload' }), 'Upload');
      await expectText(page.getByTestId('download-template'), 'Download the template');
      await screenshot(page, 'imports-en');
      await page.getByRole('button', { name: '한국어' }).click();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
    const phone = await newPage(browser, { baseURL: server.url, viewport: { width: 375, height: 800 } });
    try {
      await openImportPage(phone.page);
      await assertNoHorizontalScroll(phone.page, 'the CSV page at 375 px');
      await screenshot(phone.page, 'imports-375');
      assert.deepEqual(phone.errors, []);
    } finally {
      await phone.context.close();
    }
  });
});
