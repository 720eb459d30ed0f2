// The back office's imports of legacy records (과거 판매 가져오기, 회원 명단 가져오기) as background
// jobs. One approved fish shop is prepared through the API: a shop, two products whose SKUs the old
// POS's file names, and a member of staff. Through the screens: the owner opens the sales import from
// the counter's menu, is refused a file without a quantity column (the column named, nothing kept),
// checks a file saved by Korean Excel (CP949 bytes written out by hand, Korean headers, the encoding
// left to the server) whose fourth sale line is bad: the check reports it with its line and writes
// nothing; the import shows its progress and its summary; the journal then holds exactly the good
// receipts; importing the same file again reports them as already there and adds nothing. The member
// of staff imports a membership list (UTF-8 with a bad mobile number), and at the web POS the
// member's mobile number finds them with their points; offline, the counter says the lookup needs the
// network. A check with more bad rows than the server lists says how many more. Then the pages in
// English, and at 375 px.
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
import { expectText, expectTitle, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { addCategory, addProduct, variant } from './support/catalog.mjs';
import { addLocation, districtCode } from './support/inventory.mjs';
import { journal } from './support/pos.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 90_000 };

// Korean text as CP949 bytes, written out by hand (no encoder in this folder's packages).
const CP949 = {
  영수증번호: [191, 181, 188, 246, 193, 245, 185, 248, 200, 163],
  판매일시: [198, 199, 184, 197, 192, 207, 189, 195],
  상품코드: [187, 243, 199, 176, 196, 218, 181, 229],
  상품명: [187, 243, 199, 176, 184, 237],
  수량: [188, 246, 183, 174],
  단가: [180, 220, 176, 161],
  결제수단: [176, 225, 193, 166, 188, 246, 180, 220],
  휴대폰: [200, 222, 180, 235, 198, 249],
  '순살 고등어': [188, 248, 187, 236, 32, 176, 237, 181, 238, 190, 238],
  '구운 김': [177, 184, 191, 238, 32, 177, 232],
  '완도 전복': [191, 207, 181, 181, 32, 192, 252, 186, 185],
  카드: [196, 171, 181, 229],
  현금: [199, 246, 177, 221],
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

const HEADER = ['영수증번호', '판매일시', '상품코드', '상품명', '수량', '단가', '결제수단', '휴대폰'];
const CUSTOMER = '010-2345-6789';
// Three receipts in four lines; the fourth line's quantity is not a whole number, so its receipt
// (R-1003) is left out whole. R-1001: 2 × 9,900 + 5,000; R-1002: 3 × 5,000.
const SALES = Buffer.concat([
  cp949Line(HEADER),
  cp949Line(['R-1001', '2023-05-01 14:23', 'MK-500', '순살 고등어', '2', '9900', '카드', CUSTOMER]),
  cp949Line(['R-1001', '2023-05-01 14:23', 'KM-10', '구운 김', '1', '5000', '카드', CUSTOMER]),
  cp949Line(['R-1002', '2023.05.02 10:05', 'KM-10', '구운 김', '3', '5000', '현금', '']),
  cp949Line(['R-1003', '2023-05-03 18:40', 'AB-1', '완도 전복', '1.5', '20000', '현금', '']),
]);
// The same file without its quantity column: it cannot be imported at all.
const NO_QUANTITY = Buffer.concat([
  cp949Line(['영수증번호', '판매일시', '상품코드', '단가']),
  cp949Line(['R-1001', '2023-05-01 14:23', 'MK-500', '9900']),
]);

// A membership list in UTF-8 with a byte order mark, as Excel's "CSV UTF-8" saves it; the third
// member's mobile number is cut short.
const MEMBERS = Buffer.from(
  '\ufeff회원번호,이름,휴대폰,포인트,가입일\r\n' +
    `M-0001,김바다,${CUSTOMER},"1,200",2019-03-01\r\n` +
    'M-0002,이파도,01098765432,300,2020.07.15\r\n' +
    'M-0003,박갈매,010-12,0,2021-01-09\r\n',
  'utf8',
);

describe('back office: past sales and membership lists from CSV, as background jobs', () => {
  let server;
  let browser;
  let shop; // {id, owner, merchant, location}
  let owner; // the owner's API client, for set-up and checks
  let staff;

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      const admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      const operator = await ApiClient.signIn(server.url, admin);
      const category = await addCategory(operator, { code: 'seafood', ko: '수산', en: 'Seafood' });
      await operator.dispose();
      const made = await approvedMerchant(server, admin, {
        ownerName: '최민락',
        ownerEmail: uniqueEmail('owner'),
        nameKo: '민락 수산',
        nameEn: 'Millak Fish',
        seed: 7411,
      });
      owner = await ApiClient.signIn(server.url, { email: made.owner.email });
      const location = await addLocation(owner, made.merchant.id, {
        kind: 'shop',
        name_ko: '민락점',
        name_en: 'Millak shop',
        district_code: await districtCode(owner, '수영구'),
        postal_code: '48284',
        road_address: '부산 수영구 민락수변로 17',
        phone: '051-752-1234',
      });
      for (const p of [
        { sku: 'MK-500', title: '순살 고등어', price: 9_900 },
        { sku: 'KM-10', title: '구운 김', price: 5_000 },
      ]) {
        await addProduct(owner, made.merchant.id, {
          category_id: category.id,
          title_ko: p.title,
          variants: [variant({ sku: p.sku, price: p.price })],
        });
      }
      shop = { ...made, id: made.merchant.id, location };

      const mailbox = new Mailbox(server.mailDir);
      staff = { name: '정계산', email: uniqueEmail('staff') };
      mailbox.mark();
      await owner.call('POST', `/api/v1/merchants/${shop.id}/invitations`, { email: staff.email, role: 'staff' }, 201);
      const token = await mailbox.waitForLink({ to: staff.email, path: '/invitations/accept' });
      const member = await ApiClient.signUp(server.url, staff);
      await member.call('POST', '/api/v1/invitations/accept', { token }, 200);
      await member.dispose();
    },
    { timeout: 90_000 },
  );

  after(async () => {
    await owner?.dispose();
    await browser?.close();
    assert.equal(await server?.stop(), 0, 'jangteo should stop cleanly on SIGTERM');
  }, T);

  const imported = async () =>
    (await journal(owner, shop.id, { location_id: shop.location.id })).filter((s) => s.source === 'import');

  /** Signed in as `who`, on one of the counter's pages, reached through the counter's own menu. */
  async function openFromMenu(page, who, linkName, path) {
    await signInInPage(page, { email: who.email });
    await page.goto(`/merchant/${shop.id}/pos/sales`);
    await page.getByRole('navigation', { name: '매장 POS 메뉴' }).getByRole('link', { name: linkName }).click();
    await page.waitForURL(`**/merchant/${shop.id}/pos/${path}`);
  }

  /** Chooses the file, sends it with the button, and returns the POST's answer. */
  async function send(page, { file, name, button, dryRun }) {
    if (file) await page.getByLabel('CSV 파일').setInputFiles({ name, mimeType: 'text/csv', buffer: file });
    const answered = page.waitForResponse((r) => r.request().method() === 'POST' && /-imports\?/.test(r.url()));
    await page.getByRole('button', { name: button, exact: true }).click();
    const answer = await answered;
    if (dryRun !== undefined) assert.match(answer.url(), new RegExp(`dry_run=${dryRun}`));
    return answer;
  }

  const figure = (page, result, key) =>
    page.getByTestId(result).locator(`[data-figure="${key}"] dd`);

  test('past sales from CP949: refused without a column, checked, imported with progress, and again', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await openFromMenu(page, shop.owner, '과거 판매 가져오기', 'imports');
      await expectTitle(page, '과거 판매 가져오기 · 민락 수산 · 부산 장터');
      await expectText(page.getByTestId('legacy-recent-empty'), '아직 없습니다.');
      // The only shop is chosen already; the columns are listed with their Korean names.
      assert.equal(await page.getByLabel('매장', { exact: true }).inputValue(), shop.location.id);
      await page.getByTestId('legacy-columns').locator('summary').click();
      const receiptColumn = page.getByTestId('legacy-columns').locator('tr', { hasText: 'receipt_no' });
      await expectText(receiptColumn.locator('td').first(), /영수증번호/);

      // A file without a quantity column: refused at once, the column named, nothing kept.
      const refused = await send(page, { file: NO_QUANTITY, name: '판매.csv', button: '먼저 검사하기', dryRun: true });
      assert.equal(refused.status(), 422);
      await expectText(
        page.getByTestId('legacy-start-error').locator('p').first(),
        '이 파일은 가져올 수 없습니다. 아무것도 저장하지 않았습니다.',
      );
      await expectText(page.getByTestId('legacy-file-problem'), '‘quantity’(수량) 열이 없습니다.');
      assert.equal(await page.getByTestId('legacy-recent-row').count(), 0);

      // The CP949 file, the encoding left to the server: a dry run with a progress bar.
      const checked = await send(page, { file: SALES, name: '과거판매.csv', button: '먼저 검사하기', dryRun: true });
      assert.equal(checked.status(), 202);
      assert.match(checked.url(), /encoding=auto/);
      assert.match(checked.url(), new RegExp(`location_id=${shop.location.id}`));
      const job = await checked.json();
      assert.equal(job.kind, 'pos_sales');
      assert.equal(job.dry_run, true);
      const progress = page.getByTestId('legacy-progress');
      await progress.waitFor({ state: 'attached', timeout: 5_000 });
      assert.ok(await progress.locator('progress').getAttribute('aria-labelledby'));
      assert.equal(await page.getByTestId('legacy-progress-text').getAttribute('aria-live'), 'polite');

      // The check's report: what an import would do, and the bad line with its column and reason.
      const result = page.getByTestId('legacy-check-result');
      await expectText(result.getByTestId('legacy-headline'), '검사를 마쳤습니다. 가져오면 영수증 2건을 새로 들입니다.', {
        timeoutMs: 15_000,
      });
      await expectText(result.getByTestId('legacy-bad'), /문제가 있는 줄 1개/);
      // Rows left out make it a warning, not a plain success.
      assert.match(await result.getByTestId('legacy-outcome').getAttribute('class'), /banner--warning/);
      await expectText(figure(page, 'legacy-check-result', 'rows'), '4');
      await expectText(figure(page, 'legacy-check-result', 'sales'), '3');
      await expectText(figure(page, 'legacy-check-result', 'salesLeftOut'), '1');
      await expectText(figure(page, 'legacy-check-result', 'encoding'), 'CP949');
      const bad = page.locator('[data-testid="legacy-issue"][data-line="5"]');
      await expectText(bad.locator('th'), '5번째 줄');
      await expectText(bad.locator('td code'), 'quantity');
      await expectText(bad.getByTestId('legacy-issue-reason'), '수량은 0이 아닌 정수여야 합니다.');
      assert.equal(await page.getByTestId('legacy-issue').count(), 1);
      await screenshot(page, 'legacy-sales-check-ko');
      assert.deepEqual(await imported(), [], 'a dry run writes nothing');

      // The import of the same file: its progress, then its summary.
      const started = await send(page, { button: '가져오기', dryRun: false });
      assert.equal(started.status(), 202);
      await page.getByTestId('legacy-progress').waitFor({ state: 'attached', timeout: 5_000 });
      await expectText(page.getByTestId('legacy-progress').locator('.import-progress__label'), /가져오는 중|차례를 기다리는 중/);
      const done = page.getByTestId('legacy-import-result');
      await expectText(done.getByTestId('legacy-headline'), '가져왔습니다. 영수증 2건을 판매 일지에 들였습니다.', {
        timeoutMs: 15_000,
      });
      await expectText(figure(page, 'legacy-import-result', 'lines'), '3');
      await expectText(figure(page, 'legacy-import-result', 'amount'), '39,800원');
      await screenshot(page, 'legacy-sales-imported-ko');

      // The journal holds exactly the good receipts, as imported sales.
      const sales = await imported();
      assert.deepEqual(sales.map((s) => s.receipt_no).sort(), ['R-1001', 'R-1002']);
      const first = sales.find((s) => s.receipt_no === 'R-1001');
      assert.equal(first.total, 24_800);
      assert.equal(first.customer.phone, CUSTOMER);
      assert.deepEqual(first.payments, [{ method: 'card', amount: 24_800 }]);
      await done.getByTestId('legacy-to-journal').click();
      await page.waitForURL(`**/merchant/${shop.id}/pos/sales?location_id=${shop.location.id}`);
      await page.getByTestId('pos-sales').waitFor();
      for (const no of ['R-1001', 'R-1002']) {
        assert.equal(await page.getByTestId('pos-sale-row').filter({ hasText: no }).count(), 1, `${no} in the journal`);
      }
      assert.equal(await page.getByTestId('pos-sale-row').filter({ hasText: 'R-1003' }).count(), 0);

      // Again, the same file: checked and imported, both say the receipts are there already.
      await page.goto(`/merchant/${shop.id}/pos/imports`);
      await send(page, { file: SALES, name: '과거판매.csv', button: '먼저 검사하기', dryRun: true });
      await expectText(result.getByTestId('legacy-headline'), '검사를 마쳤습니다. 새로 들일 영수증이 없습니다.', {
        timeoutMs: 15_000,
      });
      await expectText(result.getByTestId('legacy-already'), '이미 들어와 있는 영수증 2건은 건너뜁니다.');
      await send(page, { button: '가져오기', dryRun: false });
      await expectText(done.getByTestId('legacy-headline'), '가져오기를 마쳤습니다. 새로 들인 영수증은 없습니다.', {
        timeoutMs: 15_000,
      });
      await expectText(done.getByTestId('legacy-already'), '이미 들어와 있던 영수증 2건은 건너뛰었습니다.');
      assert.equal((await imported()).length, 2, 'nothing imported twice');

      // The recent imports, newest first: import, check, import, check (the refused file is not one).
      const rows = page.getByTestId('legacy-recent-row');
      await expectText(rows.first().getByTestId('legacy-recent-result'), '새로 0 · 이미 있음 2 · 문제 줄 1');
      assert.equal(await rows.count(), 4);
      assert.deepEqual(
        await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.dryRun)),
        ['false', 'true', 'false', 'true'],
      );
      await expectText(rows.nth(2).getByTestId('legacy-recent-result'), '새로 2 · 이미 있음 0 · 문제 줄 1');
      await expectText(rows.first().getByTestId('legacy-recent-status'), '완료');
      await screenshot(page, 'legacy-sales-again-ko');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a member of staff imports the membership list, and the counter finds the member by number', T, async () => {
    const viewport = { width: 1024, height: 768 };
    const { context, page, errors } = await newPage(browser, { baseURL: server.url, viewport });
    try {
      await openFromMenu(page, staff, '회원 명단 가져오기', 'member-imports');
      await expectTitle(page, '회원 명단 가져오기 · 민락 수산 · 부산 장터');
      assert.equal(await page.getByLabel('매장', { exact: true }).count(), 0, 'a membership list belongs to no shop');
      await page.getByLabel('인코딩').selectOption('utf-8');
      await send(page, { file: MEMBERS, name: '회원.csv', button: '먼저 검사하기', dryRun: true });
      const result = page.getByTestId('legacy-check-result');
      await expectText(result.getByTestId('legacy-headline'), '검사를 마쳤습니다. 가져오면 회원 2명을 새로 들입니다.', {
        timeoutMs: 15_000,
      });
      const bad = page.locator('[data-testid="legacy-issue"][data-line="4"]');
      await expectText(bad.locator('td code'), 'phone');
      await expectText(bad.getByTestId('legacy-issue-reason'), '휴대폰 번호가 아닙니다. 예: 010-1234-5678');
      await send(page, { button: '가져오기', dryRun: false });
      await expectText(
        page.getByTestId('legacy-import-result').getByTestId('legacy-headline'),
        '가져왔습니다. 회원 2명을 들였습니다.',
        { timeoutMs: 15_000 },
      );
      await expectText(page.getByTestId('legacy-import-result').getByTestId('legacy-bad'), /문제가 있는 줄 1개/);
      await screenshot(page, 'legacy-members-imported-ko');
      const found = await owner.call(
        'GET',
        `/api/v1/merchants/${shop.id}/pos/customers?phone=01023456789`,
        undefined,
        200,
      );
      // Members first; the imported sale's customer with the number is listed too, as no member (issue 7).
      assert.deepEqual(
        found.items.filter((m) => m.member !== false).map((m) => [m.card_no, m.name, m.points]),
        [['M-0001', '김바다', 1_200]],
      );

      // At the counter: the number finds the member with their points, above their earlier (imported) sales.
      await page.getByRole('navigation', { name: '매장 POS 메뉴' }).getByRole('link', { name: '매장 판매' }).click();
      const chooser = page.getByTestId('pos-shop-chooser');
      const pos = page.getByTestId('pos');
      await Promise.race([chooser.waitFor(), pos.waitFor()]);
      if (await chooser.isVisible()) {
        await page.locator(`[data-testid="pos-shop"][data-location-id="${shop.location.id}"]`).click();
      }
      await pos.waitFor();
      await page.getByLabel('고객 휴대폰 번호').fill('010 2345 6789');
      await page.getByTestId('pos-customer-lookup').click();
      const member = page.locator('[data-testid="customer-member"][data-member="true"]');
      await expectText(member.getByTestId('customer-member-name'), '김바다');
      await expectText(member.getByTestId('customer-member-points'), '1,200점');
      await expectText(member, /회원번호 M-0001/);
      assert.equal(await page.getByTestId('customer-sale').count(), 1, 'R-1001 was bought with this number');
      await screenshot(page, 'legacy-pos-member-ko');

      // Offline the lookup says it needs the network; the number stays on the sale.
      await context.setOffline(true);
      await page.getByLabel('고객 휴대폰 번호').fill('010-9876-5432');
      await page.getByTestId('pos-customer-lookup').click();
      await expectText(page.getByTestId('customer-offline'), /네트워크가 필요합니다/);
      assert.equal(await page.getByLabel('고객 휴대폰 번호').inputValue(), '010-9876-5432');
      await context.setOffline(false);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a check with more bad rows than the server lists says how many more there are', T, async () => {
    // 1,005 members whose mobile numbers are all cut short: the job keeps the first 1,000 problems.
    const rows = Array.from({ length: 1_005 }, (_, i) => `X-${i + 1},회원${i + 1},010-${i},0\r\n`);
    const file = Buffer.from(`회원번호,이름,휴대폰,포인트\r\n${rows.join('')}`, 'utf8');
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await openFromMenu(page, shop.owner, '회원 명단 가져오기', 'member-imports');
      await send(page, { file, name: '회원많음.csv', button: '먼저 검사하기', dryRun: true });
      await expectText(page.getByTestId('legacy-issues-more'), /^그 밖에 5건은 여기 보이지 않습니다/, {
        timeoutMs: 15_000,
      });
      assert.equal(await page.getByTestId('legacy-issue').count(), 1_000);
      await expectText(page.locator('.import-report h4'), '문제가 있는 곳 (1,005)');
      await expectText(
        page.getByTestId('legacy-check-result').getByTestId('legacy-headline'),
        '검사를 마쳤습니다. 새로 들일 회원이 없습니다.',
      );
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the import pages in English, and on a 375 px phone', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await openFromMenu(page, shop.owner, '과거 판매 가져오기', 'imports');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Import past sales' }).waitFor();
      await expectText(page.getByTestId('legacy-check'), 'Check first');
      await expectText(
        page.getByTestId('legacy-recent-row').first().getByTestId('legacy-recent-result'),
        'new 0 · already there 2 · bad rows 1',
      );
      await page.getByLabel('CSV file').setInputFiles({ name: 'sales.csv', mimeType: 'text/csv', buffer: SALES });
      await page.getByRole('button', { name: 'Check first' }).click();
      await expectText(
        page.getByTestId('legacy-check-result').getByTestId('legacy-already'),
        '2 receipts are already there and will be skipped.',
        { timeoutMs: 15_000 },
      );
      await expectText(
        page.locator('[data-testid="legacy-issue"][data-line="5"]').getByTestId('legacy-issue-reason'),
        'The quantity must be a whole number other than 0.',
      );
      await screenshot(page, 'legacy-sales-en');
      await page.getByRole('button', { name: '한국어' }).click();
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
    const phone = await newPage(browser, { baseURL: server.url, viewport: { width: 375, height: 800 } });
    try {
      await openFromMenu(phone.page, shop.owner, '회원 명단 가져오기', 'member-imports');
      await phone.page.getByTestId('legacy-recent-row').first().waitFor();
      await phone.page.getByTestId('legacy-columns').locator('summary').click();
      await assertNoHorizontalScroll(phone.page, 'the membership import at 375 px');
      await screenshot(phone.page, 'legacy-members-375');
      await phone.page.goto(`/merchant/${shop.id}/pos/imports`);
      await phone.page.getByTestId('legacy-recent-row').first().waitFor();
      await phone.page.getByLabel('CSV 파일').setInputFiles({ name: '과거판매.csv', mimeType: 'text/csv', buffer: SALES });
      await phone.page.getByRole('button', { name: '먼저 검사하기' }).click();
      await phone.page.getByTestId('legacy-issue').first().waitFor({ timeout: 15_000 });
      await assertNoHorizontalScroll(phone.page, 'the sales import with its report at 375 px');
      await screenshot(phone.page, 'legacy-sales-375');
      assert.deepEqual(phone.errors, []);
    } finally {
      await phone.context.close();
    }
  });
});
