// The operator's shared category tree: the admin builds 식품 > 수산물, gives 식품 the required
// country of origin (원산지, a choice), sees it inherited on 수산물, is refused a second 원산지 on
// 수산물 and a move of 식품 below its own child, each with its message and nothing changed, and
// retires 수산물, which leaves the public tree. Then the page in English and on a phone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ApiClient,
  assertNoHorizontalScroll,
  createOperatorAdmin,
  signInInPage,
  uniqueEmail,
} from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const FOOD = { code: 'food', ko: '식품', en: 'Food' };
const SEAFOOD = { code: 'seafood', ko: '수산물', en: 'Seafood' };

describe('operator console: categories', () => {
  let server;
  let browser;
  let admin;
  let api;
  let customer;

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      api = await ApiClient.signIn(server.url, admin);
      customer = { name: '손님', email: uniqueEmail('customer') };
      await (await ApiClient.signUp(server.url, customer)).dispose();
    },
    { timeout: 60_000 },
  );
  after(
    async () => {
      await api?.dispose();
      await browser?.close();
      assert.equal(await server?.stop(), 0, 'jangteo should stop cleanly on SIGTERM');
    },
    { timeout: 30_000 },
  );

  /** The operator's tree, by code. */
  async function operatorTree() {
    const tree = await api.call('GET', '/api/v1/operator/categories', undefined, 200);
    return new Map(tree.items.map((c) => [c.code, c]));
  }

  /** The codes of the public tree, as the portal (anyone, signed in or not) reads it. */
  async function publicCodes() {
    const response = await fetch(`${server.url}/api/v1/categories`, { headers: { Accept: 'application/json' } });
    assert.equal(response.status, 200);
    return (await response.json()).items.map((c) => c.code);
  }

  // A category's own row and its editor (not those of the categories below it).
  const rowOf = (page, code) => page.locator(`[data-testid="category"][data-code="${code}"] > .tree__row`);
  const editorOf = (page, code) =>
    page.locator(`[data-testid="category"][data-code="${code}"] > [data-testid="category-editor"]`);
  const fieldError = (scope, label) =>
    scope.locator('.field', { has: scope.page().getByLabel(label, { exact: true }) }).getByTestId('field-error');

  test('the admin builds 식품 > 수산물 with the origin on 식품, and retires 수산물', { timeout: 90_000 }, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: admin.email, password: admin.password });
      await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '운영 콘솔' }).click();
      await page.waitForURL('**/operator/applications');
      await page.getByRole('navigation', { name: '운영 콘솔 메뉴' }).getByRole('link', { name: '분류' }).click();
      await page.waitForURL('**/operator/categories');
      await expectText(page.locator('h1'), '분류');
      await expectText(page.locator('.empty'), /아직 분류가 없습니다/);

      let posted = 0;
      page.on('request', (r) => {
        if (r.url().endsWith('/api/v1/operator/categories') && r.method() === 'POST') posted += 1;
      });
      const form = page.getByTestId('category-form');
      const adding = () =>
        page.waitForResponse((r) => r.url().endsWith('/api/v1/operator/categories') && r.request().method() === 'POST');
      async function add({ code, ko, en }, status = 201) {
        await form.getByLabel('코드', { exact: true }).fill(code);
        await form.getByLabel('이름 (한글)', { exact: true }).fill(ko);
        await form.getByLabel('이름 (영문)', { exact: true }).fill(en);
        const answer = adding();
        await form.getByRole('button', { name: '분류 추가하기' }).click();
        assert.equal((await answer).status(), status);
      }

      // Nothing typed: each field says so, and nothing is sent.
      await form.getByRole('button', { name: '분류 추가하기' }).click();
      await expectText(fieldError(form, '코드'), '꼭 입력해야 합니다.');
      await expectText(fieldError(form, '이름 (한글)'), '꼭 입력해야 합니다.');
      assert.equal(posted, 0);

      // A code with capitals, an English name in Hangul: the server's field errors, in place.
      await add({ code: 'Food', ko: FOOD.ko, en: '식품' }, 422);
      await expectText(fieldError(form, '코드'), /영문 소문자, 숫자, 밑줄\(_\)만 쓸 수 있습니다/);
      await expectText(fieldError(form, '이름 (영문)'), '영문자, 숫자, 문장 부호로 써 주세요.');

      // 식품 at the top.
      await add(FOOD);
      await expectText(page.getByTestId('categories-notice'), `‘${FOOD.ko}’ 분류를 추가했습니다.`);
      await expectText(rowOf(page, FOOD.code).getByTestId('category-name'), `${FOOD.ko} · ${FOOD.en}`);
      await expectText(rowOf(page, FOOD.code).getByTestId('category-state'), '사용 중');
      assert.equal(await form.getByLabel('코드', { exact: true }).inputValue(), '', 'the form is empty again');

      // 수산물 below it, from the row's own "add below".
      await rowOf(page, FOOD.code).getByRole('button', { name: '하위 분류 추가' }).click();
      const food = (await operatorTree()).get(FOOD.code);
      assert.equal(await form.getByLabel('상위 분류').inputValue(), food.id);
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'code');
      await add(SEAFOOD);
      const nested = page.locator(
        `[data-testid="category"][data-code="${FOOD.code}"] [data-testid="category"][data-code="${SEAFOOD.code}"]`,
      );
      await expectText(rowOf(page, SEAFOOD.code).getByTestId('category-name'), `${SEAFOOD.ko} · ${SEAFOOD.en}`);
      assert.equal(await nested.getAttribute('data-depth'), '1');

      // The same code again is refused; nothing is added.
      await add({ code: SEAFOOD.code, ko: '수산', en: 'Fishery' }, 409);
      await expectText(fieldError(form, '코드'), '이미 있는 분류 코드입니다.');
      assert.equal(await page.getByTestId('category').count(), 2);
      await expectText(page.getByRole('status').filter({ hasText: '그중' }), '분류 2개, 그중 사용 중 2개');

      // Folding 식품 hides 수산물; unfolding shows it again.
      await rowOf(page, FOOD.code).getByRole('button', { name: `‘${FOOD.ko}’ 접기` }).click();
      assert.equal(await nested.count(), 0);
      await rowOf(page, FOOD.code).getByRole('button', { name: `‘${FOOD.ko}’ 펼치기` }).click();
      assert.equal(await nested.count(), 1);

      // 식품 declares the required country of origin, a choice of 국산 and 수입산.
      await rowOf(page, FOOD.code).getByRole('button', { name: '관리' }).click();
      let editor = editorOf(page, FOOD.code);
      let attrs = editor.getByTestId('attributes-form');
      await expectText(attrs, /이어받은 속성이 없습니다/);
      await attrs.getByRole('button', { name: '속성 추가' }).click();
      let row = attrs.getByTestId('attribute-row').nth(0);
      await row.getByLabel('속성 코드', { exact: true }).fill('origin');
      await row.getByLabel('이름 (한글)', { exact: true }).fill('원산지');
      await row.getByLabel('이름 (영문)', { exact: true }).fill('Country of origin');
      await row.getByLabel('형식', { exact: true }).selectOption('choice');
      await row.getByRole('checkbox', { name: /필수/ }).check();
      await row.getByLabel('선택지 1 코드').fill('kr');
      await row.getByLabel('선택지 1 이름 (한글)').fill('국산');
      await row.getByLabel('선택지 1 이름 (영문)').fill('Korea');
      await row.getByRole('button', { name: '선택지 추가' }).click();
      await row.getByLabel('선택지 2 코드').fill('imported');
      await row.getByLabel('선택지 2 이름 (한글)').fill('수입산');
      await row.getByLabel('선택지 2 이름 (영문)').fill('Imported');
      const patching = () =>
        page.waitForResponse((r) => r.url().includes('/operator/categories/') && r.request().method() === 'PATCH');
      const saving = () =>
        page.waitForResponse((r) => r.url().endsWith('/attributes') && r.request().method() === 'PUT');
      let answer = saving();
      await attrs.getByRole('button', { name: '속성 저장' }).click();
      assert.equal((await answer).status(), 200);
      await expectText(editor.getByTestId('category-notice'), `‘${FOOD.ko}’ 분류의 속성을 저장했습니다 (1개).`);
      await expectText(rowOf(page, FOOD.code).getByTestId('category-attributes'), '속성 1개');
      await expectText(rowOf(page, SEAFOOD.code).getByTestId('category-attributes'), '속성 0개 (상속 1개)');
      const origin = (await operatorTree()).get(FOOD.code).attributes[0];
      assert.deepEqual(
        { code: origin.code, type: origin.type, required: origin.required, choices: origin.choices.map((c) => c.code) },
        { code: 'origin', type: 'choice', required: true, choices: ['kr', 'imported'] },
      );
      await screenshot(page, 'console-categories-food-ko');

      // On 수산물 the origin is inherited, read-only, with where it comes from.
      await rowOf(page, SEAFOOD.code).getByRole('button', { name: '관리' }).click();
      assert.equal(await editorOf(page, FOOD.code).count(), 0, 'one editor at a time');
      editor = editorOf(page, SEAFOOD.code);
      attrs = editor.getByTestId('attributes-form');
      const inherited = attrs.locator('[data-testid="inherited-attribute"][data-code="origin"]');
      await expectText(inherited, /원산지\s*origin\s*선택 목록\s*필수/);
      await expectText(inherited.getByTestId('inherited-from'), `${FOOD.ko}(${FOOD.code})에서`);

      // Declaring it again on 수산물 is refused, at its row; nothing changes.
      await attrs.getByRole('button', { name: '속성 추가' }).click();
      row = attrs.getByTestId('attribute-row').nth(0);
      await row.getByLabel('속성 코드', { exact: true }).fill('origin');
      await row.getByLabel('이름 (한글)', { exact: true }).fill('산지');
      await row.getByLabel('이름 (영문)', { exact: true }).fill('Origin');
      answer = saving();
      await attrs.getByRole('button', { name: '속성 저장' }).click();
      assert.equal((await answer).status(), 422);
      await expectText(
        fieldError(row, '속성 코드'),
        '이 코드는 이미 이 분류나 위아래 분류에 있습니다. 다른 코드를 써 주세요.',
      );
      assert.equal(await row.getByLabel('속성 코드', { exact: true }).getAttribute('aria-invalid'), 'true');
      await expectText(attrs.getByTestId('attributes-error'), '입력한 내용을 확인해 주세요.');
      assert.deepEqual((await operatorTree()).get(SEAFOOD.code).attributes, [], 'the refused save changed nothing');
      await screenshot(page, 'console-categories-duplicate-ko');

      // Another code is fine: 수산물 keeps its own storage method beside the inherited origin.
      await row.getByLabel('속성 코드', { exact: true }).fill('storage');
      await row.getByLabel('이름 (한글)', { exact: true }).fill('보관 방법');
      await row.getByLabel('이름 (영문)', { exact: true }).fill('Storage');
      answer = saving();
      await attrs.getByRole('button', { name: '속성 저장' }).click();
      assert.equal((await answer).status(), 200);
      await expectText(rowOf(page, SEAFOOD.code).getByTestId('category-attributes'), '속성 1개 (상속 1개)');

      // Moving 식품 below its own child is refused with its reason; the tree stays as it was.
      await rowOf(page, FOOD.code).getByRole('button', { name: '관리' }).click();
      editor = editorOf(page, FOOD.code);
      const move = editor.getByTestId('move-form');
      await move.getByLabel('새 상위 분류').selectOption({ label: `${FOOD.ko} › ${SEAFOOD.ko}` });
      answer = patching();
      await move.getByRole('button', { name: '옮기기' }).click();
      assert.equal((await answer).status(), 422);
      await expectText(fieldError(move, '새 상위 분류'), '자기 자신이나 그 아래 분류 밑으로는 옮길 수 없습니다.');
      assert.equal((await operatorTree()).get(FOOD.code).parent_id, null);
      assert.equal(await nested.count(), 1);
      await screenshot(page, 'console-categories-cycle-ko');

      // Both are on the portal; retiring 수산물 takes it off, and 식품 stays with its origin.
      assert.deepEqual((await publicCodes()).sort(), [FOOD.code, SEAFOOD.code]);
      await rowOf(page, SEAFOOD.code).getByRole('button', { name: '관리' }).click();
      editor = editorOf(page, SEAFOOD.code);
      await editor.getByRole('button', { name: '사용 중지' }).click();
      await expectText(editor.getByRole('group'), /포털에서 사라집니다/);
      answer = patching();
      await editor.getByRole('button', { name: '사용 중지하기' }).click();
      assert.equal((await answer).status(), 200);
      await expectText(rowOf(page, SEAFOOD.code).getByTestId('category-state'), '사용 중지');
      await expectText(editor.getByTestId('category-notice'), /사용을 중지했습니다/);
      await expectText(page.getByRole('status').filter({ hasText: '그중' }), '분류 2개, 그중 사용 중 1개');
      assert.deepEqual(await publicCodes(), [FOOD.code]);
      await screenshot(page, 'console-categories-ko');

      // The audit log has the steps, in words.
      await page.goto('/operator/audit?action=category.attributes_changed');
      const changed = page.locator('[data-testid="audit-event"][data-action="category.attributes_changed"]');
      await expectText(changed.first().getByTestId('audit-action'), '분류 속성 변경');

      // In English, the tree and the inherited attribute.
      await page.goto('/operator/categories');
      await page.getByRole('button', { name: 'English' }).click();
      await expectText(page.locator('h1'), 'Categories');
      await expectText(rowOf(page, SEAFOOD.code).getByTestId('category-state'), 'Retired');
      await expectText(rowOf(page, SEAFOOD.code).getByTestId('category-attributes'), 'Attributes: 1 (1 inherited)');
      await rowOf(page, SEAFOOD.code).getByRole('button', { name: 'Manage' }).click();
      await expectText(
        editorOf(page, SEAFOOD.code).getByTestId('inherited-from'),
        `from ${FOOD.en} (${FOOD.code})`,
      );
      await screenshot(page, 'console-categories-en');
      await page.getByRole('button', { name: '한국어' }).click();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the categories page on a phone', { timeout: 30_000 }, async () => {
    const viewport = { width: 375, height: 812 };
    const { context, page, errors } = await newPage(browser, { baseURL: server.url, viewport });
    try {
      await signInInPage(page, { email: admin.email, password: admin.password });
      await page.goto('/operator/categories');
      await expectText(rowOf(page, FOOD.code).getByTestId('category-attributes'), '속성 1개');
      await rowOf(page, FOOD.code).getByRole('button', { name: '관리' }).click();
      await expectText(editorOf(page, FOOD.code).getByTestId('attribute-row'), /원산지|origin/);
      await assertNoHorizontalScroll(page, 'categories');
      await screenshot(page, 'phone-console-categories-ko');
      await page.getByRole('button', { name: 'English' }).click();
      await expectText(page.locator('h1'), 'Categories');
      await assertNoHorizontalScroll(page, 'categories-en');
      await screenshot(page, 'phone-console-categories-en');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('customers get no categories page, and the API refuses them', { timeout: 30_000 }, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: customer.email });
      await page.goto('/operator/categories');
      await expectText(page.locator('h1'), '권한이 없습니다');
      assert.equal(await page.getByTestId('category-form').count(), 0);
      const client = await ApiClient.signIn(server.url, { email: customer.email });
      const sneaky = { code: 'sneaky', name_ko: '몰래', name_en: 'Sneaky' };
      const refused = await client.call('POST', '/api/v1/operator/categories', sneaky, 403);
      await client.dispose();
      assert.match(refused.type, /operator_only$/);
      assert.ok(!(await operatorTree()).has('sneaky'));
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
