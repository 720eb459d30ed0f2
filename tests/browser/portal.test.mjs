// The public portal's catalog pages: an approved fish shop with three products on sale in two
// categories (one on sale) and a draft. In the browser: the header's search finds 순살고등어구이 for
// 고등어 with the match marked, a category facet narrows the list and back undoes it, the sort by price
// orders it, the draft never shows; the product page shows the variant's price and the sale, switches
// variant, renders the Markdown description without letting its <script> run; the mini-site lists the
// shop's products; the home page's tile leads to a category page with its products; an unknown
// product and the draft show not-found; a 300-character query shows the server's error in words.
// Screenshots in Korean, one in English, one at 375 px.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ApiClient,
  approvedMerchant,
  assertNoHorizontalScroll,
  createOperatorAdmin,
  uniqueEmail,
} from './support/app.mjs';
import { expectInPage, expectText, launchBrowser, newPage, screenshot, expectTitle } from './support/browser.mjs';
import {
  addCategory,
  addProduct,
  setAttributes,
  solidPng,
  uploadImage,
  variant,
  waitForSearch,
} from './support/catalog.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 30_000 };
const DAY = 24 * 3600 * 1000;

const DESCRIPTION = [
  '## 바다에서 바로',
  '',
  '**국내산** 고등어를 *순살*로 손질해 구웠습니다.',
  '',
  '- 500g: 두 마리',
  '- 1kg: 네 마리',
  '',
  '<script>window.__injected = true; alert("xss")</script>',
  '',
  '<img src="/nowhere.png" onerror="window.__injected = true" data-injected="1">',
].join('\n');

describe('portal: search, category, product and mini-site pages', () => {
  let server;
  let browser;
  let shop;
  const products = {};
  const categories = {};
  const images = [];

  // The uploaded images go to a folder of this test's own (the server reads JANGTEO_MEDIA_DIR). Its
  // default, ./data/media, is made with a non-recursive mkdir, which fails (503 media_unavailable)
  // in the test server's fresh working folder, where ./data does not exist.
  const mediaDir = mkdtempSync(join(tmpdir(), 'jangteo-portal-media-'));

  before(
    async () => {
      process.env.JANGTEO_MEDIA_DIR = mediaDir;
      try {
        server = await startServer();
      } finally {
        delete process.env.JANGTEO_MEDIA_DIR;
      }
      browser = await launchBrowser();
      const admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      const operator = await ApiClient.signIn(server.url, admin);
      categories.food = await addCategory(operator, { code: 'food', ko: '식품', en: 'Food' });
      categories.seafood = await addCategory(operator, {
        code: 'seafood',
        ko: '수산물',
        en: 'Seafood',
        parent: categories.food.id,
      });
      categories.processed = await addCategory(operator, {
        code: 'processed_food',
        ko: '가공식품',
        en: 'Processed food',
        parent: categories.food.id,
      });
      await setAttributes(operator, categories.food.id, [
        { code: 'origin', ko: '원산지', en: 'Country of origin', required: true },
        { code: 'weight_g', ko: '중량', en: 'Weight', type: 'integer', unit: 'g' },
      ]);
      await operator.dispose();

      shop = await approvedMerchant(server, admin, {
        ownerName: '김자갈',
        ownerEmail: uniqueEmail('owner'),
        nameKo: '자갈치 수산',
        nameEn: 'Jagalchi Fishery',
        seed: 4101,
      });
      const owner = await ApiClient.signIn(server.url, shop.owner);
      const m = shop.merchant.id;
      const now = Date.now();
      images.push(await uploadImage(owner, m, solidPng([11, 92, 86], 64, 48)));
      images.push(await uploadImage(owner, m, solidPng([244, 201, 93], 48, 64)));
      products.grilled = await addProduct(owner, m, {
        category_id: categories.seafood.id,
        title_ko: '국내산 순살고등어구이',
        title_en: 'Boneless grilled mackerel',
        description: DESCRIPTION,
        brand: '자갈치',
        attributes: { origin: '국내산', weight_g: 500 },
        images: [
          { hash: images[0].hash, alt: '구운 순살고등어 500g' },
          { hash: images[1].hash, alt: '' },
        ],
        variants: [
          variant({
            sku: 'MK-500',
            price: 12900,
            options: { size: '500g' },
            sales: [
              {
                unit_price_won: 9900,
                starts_at: new Date(now - DAY).toISOString(),
                ends_at: new Date(now + 7 * DAY).toISOString(),
                channel: null,
              },
            ],
            tiers: [{ min_quantity: 10, unit_price_won: 11000 }],
          }),
          variant({ sku: 'MK-1000', price: 21900, options: { size: '1kg' } }),
        ],
      });
      products.fresh = await addProduct(owner, m, {
        category_id: categories.seafood.id,
        title_ko: '생고등어 한 손',
        title_en: 'Fresh mackerel pair',
        attributes: { origin: '국내산' },
        vat: 'exempt',
        variants: [variant({ sku: 'FM-2', price: 8000 })],
      });
      products.canned = await addProduct(owner, m, {
        category_id: categories.processed.id,
        title_ko: '고등어 통조림',
        title_en: 'Canned mackerel',
        attributes: { origin: '국내산', weight_g: 400 },
        variants: [variant({ sku: 'CM-400', price: 3500 })],
      });
      products.draft = await addProduct(
        owner,
        m,
        {
          category_id: categories.seafood.id,
          title_ko: '고등어 초밥 세트',
          title_en: 'Mackerel sushi set',
          attributes: { origin: '국내산' },
          variants: [variant({ sku: 'SU-1', price: 15000 })],
        },
        { active: false },
      );
      await owner.dispose();
      await waitForSearch(server.url, { q: '고등어' }, 3);
    },
    { timeout: 90_000 },
  );
  after(
    async () => {
      await browser?.close();
      assert.equal(await server?.stop(), 0, 'jangteo should stop cleanly on SIGTERM');
      rmSync(mediaDir, { recursive: true, force: true });
    },
    { timeout: 30_000 },
  );

  const cards = (page) => page.getByTestId('product-card');
  const card = (page, product) => page.locator(`[data-testid="product-card"][data-product-id="${product.id}"]`);
  const cardTitles = (page) => cards(page).getByTestId('product-title').allTextContents();

  /** Types in the header's search box and sends it, as a person would. */
  async function searchFor(page, words) {
    const box = page.getByRole('search').getByRole('searchbox', { name: '상품 검색' });
    await box.fill(words);
    await box.press('Enter');
  }

  test('search: 고등어 finds 순살고등어구이 marked, a facet narrows, the sort orders; no draft', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.goto('/');
      const box = page.getByRole('search').getByRole('searchbox', { name: '상품 검색' });
      assert.equal(await box.getAttribute('placeholder'), '상품, 상점, 바코드 검색');
      await searchFor(page, '고등어');
      await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === '고등어');
      await expectText(page.locator('h1'), '‘고등어’ 검색 결과');
      await expectText(page.getByTestId('result-count'), '상품 3개');
      await expectTitle(page, '‘고등어’ 검색 결과 · 부산 장터');
      assert.equal(await box.inputValue(), '고등어', 'the box keeps the words');

      // The match is marked inside the title, and the title reads whole.
      const grilled = card(page, products.grilled);
      await expectText(grilled.getByTestId('product-title'), '국내산 순살고등어구이');
      const marks = await grilled.getByTestId('product-title').locator('mark').allTextContents();
      assert.deepEqual(marks, ['고등어']);
      await expectText(grilled.getByTestId('product-other-title'), 'Boneless grilled mackerel');
      // The sale: what is paid now, the base price struck through.
      await expectText(grilled.getByTestId('product-price'), /세일\s*정가\s*12,900원\s*9,900원/);
      assert.equal(await grilled.locator('del').count(), 1);
      await expectText(grilled.getByTestId('product-merchant'), '자갈치 수산');
      // Its main image; a product without one has the neutral placeholder.
      assert.equal(await grilled.locator('img').getAttribute('src'), images[0].url);
      assert.equal(await card(page, products.fresh).locator('img').count(), 0);
      assert.equal(await card(page, products.fresh).locator('.product-image--none').count(), 1);
      await expectText(card(page, products.fresh).getByTestId('product-price'), '8,000원');
      assert.equal(await card(page, products.draft).count(), 0, 'the draft is not found');
      assert.doesNotMatch(await page.locator('main').innerText(), /초밥/);
      await screenshot(page, 'portal-search-ko');

      // The category facet: 수산물 narrows to its two products; the address says so.
      const facets = page.getByTestId('facet-categories');
      // Parents first, their children below them (the order of siblings is the server's).
      const facetNames = await facets.getByTestId('facet-link').allTextContents();
      assert.equal(facetNames.length, 3, facetNames.join(' | '));
      assert.match(facetNames[0], /^✓?식품\s*3$/);
      const children = facetNames.slice(1).map((n) => n.replace(/\s+/g, ' '));
      assert.deepEqual(children.sort(), ['가공식품 1', '수산물 2']);
      await facets.getByRole('link', { name: /수산물/ }).click();
      await page.waitForURL((url) => url.searchParams.get('category_id') === categories.seafood.id);
      await expectText(page.getByTestId('result-count'), '상품 2개');
      assert.deepEqual((await cardTitles(page)).sort(), ['국내산 순살고등어구이', '생고등어 한 손']);
      await expectText(page.getByTestId('chosen-filters'), /분류: 수산물/);
      assert.equal(await facets.getByRole('link', { name: /수산물/ }).getAttribute('aria-current'), 'true');
      // Back undoes it: the address is the state.
      await page.goBack();
      await expectText(page.getByTestId('result-count'), '상품 3개');
      assert.equal(await page.getByTestId('chosen-filters').count(), 0);
      await page.goForward();
      await expectText(page.getByTestId('result-count'), '상품 2개');
      // The chosen filter's chip takes it out again.
      await page.getByTestId('chosen-filters').getByRole('link', { name: /수산물/ }).click();
      await expectText(page.getByTestId('result-count'), '상품 3개');

      // A price range: the list holds as many as the facet counted; choosing it again takes it out.
      const cheap = page.getByTestId('facet-prices').getByRole('link', { name: /^0원 ~ 10,000원/ });
      const counted = Number((await cheap.locator('.facet__count').innerText()).replace(/\D/g, ''));
      await cheap.click();
      await page.waitForURL((url) => url.searchParams.get('max_price_won') === '9999');
      await expectText(page.getByTestId('result-count'), `상품 ${counted}개`);
      await expectText(page.getByTestId('chosen-filters'), /가격: 0원 ~ 10,000원/);
      await page.getByTestId('facet-prices').getByRole('link', { name: /^0원 ~ 10,000원/ }).click();
      await page.waitForURL((url) => !url.searchParams.has('max_price_won'));
      await expectText(page.getByTestId('result-count'), '상품 3개');

      // Sort by price, both ways (the grilled mackerel counts at its sale price, 9,900원).
      await page.getByLabel('정렬').selectOption('price_asc');
      await page.waitForURL((url) => url.searchParams.get('sort') === 'price_asc');
      await expectInPage(page, () => document.querySelectorAll('[data-testid="product-card"]').length, 3);
      const ascending = ['고등어 통조림', '생고등어 한 손', '국내산 순살고등어구이'];
      await expectInPage(
        page,
        () => [...document.querySelectorAll('[data-testid="product-title"]')].map((e) => e.textContent).join('|'),
        ascending.join('|'),
      );
      await page.getByLabel('정렬').selectOption('price_desc');
      await expectInPage(
        page,
        () => [...document.querySelectorAll('[data-testid="product-title"]')].map((e) => e.textContent).join('|'),
        [...ascending].reverse().join('|'),
      );
      // A shared link opens the same list.
      const shared = page.url();
      await page.goto(shared);
      await expectText(page.getByTestId('result-count'), '상품 3개');
      assert.equal(await page.getByLabel('정렬').inputValue(), 'price_desc');

      // The draft's own words find nothing, and the empty state gives hints.
      await searchFor(page, '초밥');
      await page.waitForURL((url) => url.searchParams.get('q') === '초밥');
      await expectText(page.getByTestId('no-results'), /‘초밥’에 맞는 상품이 없습니다\./);
      await expectText(page.getByTestId('no-results'), /더 짧은 낱말로 찾아 보세요/);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the product page: variant price and sale, Markdown without its script, attributes, VAT', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    const dialogs = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    try {
      await page.goto('/search?q=%EA%B3%A0%EB%93%B1%EC%96%B4');
      await card(page, products.grilled).getByTestId('product-title').click();
      await page.waitForURL(`**/p/${products.grilled.id}`);
      await expectText(page.locator('h1'), '국내산 순살고등어구이');
      await expectTitle(page, '국내산 순살고등어구이 · 부산 장터');
      await expectText(page.getByTestId('product-other-title'), 'Boneless grilled mackerel');
      await expectText(page.getByTestId('breadcrumb'), /홈\s*›?\s*식품\s*›?\s*수산물/);
      const district = shop.merchant.district.name.ko;
      await expectText(page.getByTestId('product-merchant'), new RegExp(`자갈치 수산 · ${district}`));

      // The first variant: on sale now, until its end; the base price struck through; business tiers.
      const price = page.getByTestId('variant-price');
      await expectText(price.getByTestId('price'), '9,900원');
      await expectText(price.getByTestId('base-price'), /12,900원/);
      await expectText(price.getByTestId('sale-badge'), '세일');
      await expectText(price.getByTestId('sale-ends'), /까지 세일$/);
      await expectText(price.getByTestId('vat'), '부가세 포함');
      await expectText(price.getByTestId('variant-sku'), 'MK-500');
      await expectText(price.getByTestId('tiers'), /10개 이상\s*11,000원/);

      // The main image, and the thumbnails that switch it.
      const main = page.getByTestId('gallery-main');
      assert.equal(await main.getAttribute('src'), images[0].url);
      assert.equal(await main.getAttribute('alt'), '구운 순살고등어 500g');
      await expectInPage(page, () => document.querySelector('[data-testid="gallery-main"]').naturalWidth, 64);
      const second = page.getByRole('button', { name: '이미지 2/2 보기' });
      assert.equal(await second.getAttribute('aria-pressed'), 'false');
      await second.click();
      assert.equal(await main.getAttribute('src'), images[1].url);
      assert.equal(await main.getAttribute('alt'), '국내산 순살고등어구이', 'without its own alt, the title');
      assert.equal(await second.getAttribute('aria-pressed'), 'true');
      await page.getByRole('button', { name: '이미지 1/2 보기' }).click();
      assert.equal(await main.getAttribute('src'), images[0].url);
      await screenshot(page, 'portal-product-ko');

      // The other size: its own price, no sale.
      await page.getByLabel('size').selectOption('1kg');
      await expectText(price.getByTestId('price'), '21,900원');
      assert.equal(await price.getByTestId('sale-badge').count(), 0);
      await expectText(price.getByTestId('variant-sku'), 'MK-1000');

      // Attributes in the category path's order, with their units.
      await expectText(page.getByTestId('attributes'), /원산지\s*국내산\s*중량\s*500\s*g/);

      // The Markdown renders; the <script> and the <img onerror> are text, not elements.
      const description = page.getByTestId('product-description');
      await expectText(description.locator('h2'), '바다에서 바로');
      await expectText(description.locator('strong'), '국내산');
      assert.equal(await description.locator('li').count(), 2);
      const text = await description.innerText();
      assert.match(text, /<script>window\.__injected = true; alert\("xss"\)<\/script>/);
      assert.match(text, /<img src="\/nowhere\.png" onerror=/);
      assert.equal(await description.locator('script, img, [data-injected]').count(), 0);
      assert.equal(await page.locator('[data-injected]').count(), 0);
      await page.waitForTimeout(200);
      assert.equal(await page.evaluate(() => window.__injected), undefined, 'nothing of the description ran');
      assert.deepEqual(dialogs, [], 'no dialog opened');

      // An exempt product says so.
      await page.goto(`/p/${products.fresh.id}`);
      await expectText(page.locator('h1'), '생고등어 한 손');
      await expectText(page.getByTestId('vat'), '면세 상품 (부가세 없음)');
      await expectText(page.getByTestId('price'), '8,000원');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the mini-site lists the shop’s products; the category page shows its own', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.goto(`/p/${products.canned.id}`);
      await page.getByTestId('product-merchant').getByRole('link', { name: '자갈치 수산' }).click();
      await page.waitForURL(`**/s/${shop.merchant.id}`);
      await expectText(page.getByTestId('seller-name'), /자갈치 수산/);
      await expectTitle(page, '자갈치 수산 · 부산 장터');
      await expectText(page.getByTestId('seller-phone'), '051-744-1234');
      assert.equal(await page.getByTestId('seller-phone').getAttribute('href'), 'tel:0517441234');
      await expectText(page.getByTestId('result-count'), '상품 3개');
      const all = ['고등어 통조림', '국내산 순살고등어구이', '생고등어 한 손'];
      assert.deepEqual((await cardTitles(page)).sort(), all);
      // Newest first by default: the last made comes first.
      assert.equal((await cardTitles(page))[0], '고등어 통조림');
      // Its categories as chips: 가공식품 leaves one.
      await page.getByTestId('seller-categories').getByRole('link', { name: /가공식품/ }).click();
      await page.waitForURL((url) => url.searchParams.get('category_id') === categories.processed.id);
      await expectText(page.getByTestId('result-count'), '상품 1개');
      assert.deepEqual(await cardTitles(page), ['고등어 통조림']);
      await screenshot(page, 'portal-seller-ko');

      // Home: the top categories as tiles; 식품 leads to its page, with its children and products.
      await page.goto('/');
      await page.getByTestId('category-tiles').getByRole('link', { name: /식품/ }).click();
      await page.waitForURL(`**/c/${categories.food.id}`);
      await expectText(page.locator('h1'), /^식품/);
      await expectTitle(page, '식품 · 부산 장터');
      await expectText(page.getByTestId('result-count'), '상품 3개');
      await page.getByTestId('subcategories').getByRole('link', { name: '수산물' }).click();
      await page.waitForURL(`**/c/${categories.seafood.id}`);
      await expectText(page.getByTestId('breadcrumb'), /홈\s*›?\s*식품\s*›?\s*수산물/);
      await expectText(page.getByTestId('result-count'), '상품 2개');
      assert.deepEqual((await cardTitles(page)).sort(), ['국내산 순살고등어구이', '생고등어 한 손']);
      assert.equal(await card(page, products.draft).count(), 0, 'the draft is not on its category page');
      await screenshot(page, 'portal-category-ko');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('an unknown product and a draft show not-found; a 300-character query shows the error', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      // A well-formed id of no product: the API says product_not_found, the page not-found.
      const unknown = 'prd_0k4m2x9c1q7ta';
      const answer = await fetch(`${server.url}/api/v1/products/${unknown}`);
      assert.equal(answer.status, 404);
      assert.equal((await answer.json()).type, '/problems/product_not_found');
      await page.goto(`/p/${unknown}`);
      await expectText(page.locator('h1'), '상품을 찾을 수 없습니다');
      assert.equal(await page.getByTestId('not-found').count(), 1);
      await expectTitle(page, '상품을 찾을 수 없습니다 · 부산 장터');
      await page.goto(`/p/${products.draft.id}`);
      await expectText(page.locator('h1'), '상품을 찾을 수 없습니다');
      await page.goto('/s/mrc_0k4m2x9c1q7ta');
      await expectText(page.locator('h1'), '상점을 찾을 수 없습니다');

      await page.goto('/');
      await searchFor(page, '고등어'.repeat(100));
      const error = page.getByTestId('search-error');
      await expectText(error, /검색하지 못했습니다\s*검색어가 너무 깁니다/);
      assert.equal(await error.getAttribute('role'), 'alert');
      assert.equal(await cards(page).count(), 0);
      await screenshot(page, 'portal-search-error-ko');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('in English, and on a phone', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.goto('/');
      await page.getByRole('button', { name: 'English' }).click();
      const box = page.getByRole('search').getByRole('searchbox', { name: 'Search products' });
      assert.equal(await box.getAttribute('placeholder'), 'Search products, shops, barcodes');
      await box.fill('mackerel');
      await box.press('Enter');
      await expectText(page.locator('h1'), 'Results for ‘mackerel’');
      await expectText(page.getByTestId('result-count'), '3 products');
      const grilled = card(page, products.grilled);
      await expectText(grilled.getByTestId('product-title'), 'Boneless grilled mackerel');
      await expectText(grilled.getByTestId('product-other-title'), '국내산 순살고등어구이');
      await expectText(grilled.getByTestId('product-price'), /Sale\s*Was\s*₩12,900\s*₩9,900/);
      await expectText(page.getByTestId('facet-categories'), /^Category\s*Food\s*3/);
      await expectText(page.getByTestId('facet-categories'), /Seafood\s*2/);
      await expectText(page.getByTestId('facet-categories'), /Processed food\s*1/);
      await screenshot(page, 'portal-search-en');

      // A phone: one column, the facets folded behind a button, nothing to scroll sideways.
      await page.setViewportSize({ width: 375, height: 740 });
      await page.getByRole('button', { name: '한국어' }).click();
      await page.goto('/search?q=%EA%B3%A0%EB%93%B1%EC%96%B4');
      await expectText(page.getByTestId('result-count'), '상품 3개');
      const toggle = page.getByRole('button', { name: '필터 보기' });
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(await page.getByTestId('facet-categories').isVisible(), false, 'folded on a phone');
      await toggle.click();
      assert.equal(await page.getByRole('button', { name: '필터 닫기' }).getAttribute('aria-expanded'), 'true');
      assert.equal(await page.getByTestId('facet-categories').isVisible(), true);
      await assertNoHorizontalScroll(page, 'search at 375 px');
      await screenshot(page, 'portal-search-ko-mobile');
      await page.goto(`/p/${products.grilled.id}`);
      await expectText(page.locator('h1'), '국내산 순살고등어구이');
      await assertNoHorizontalScroll(page, 'product at 375 px');
      await screenshot(page, 'portal-product-ko-mobile');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
