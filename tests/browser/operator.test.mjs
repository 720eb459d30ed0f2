// The operator console: an operator admin (made with `jangteo admin create`) finds the applications,
// approves one, rejects another with a reason, suspends and reinstates a shop, and pages through a
// long list; the applicants see the outcome on their page; nobody else gets in.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ApiClient,
  businessNumber,
  createOperatorAdmin,
  formatBusinessNumber,
  signInInPage,
  uniqueEmail,
} from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 30_000 };
const REJECT_REASON = '사업자등록증 사본의 상호와 신청한 상호가 다릅니다. 확인 후 다시 신청해 주세요.';

describe('operator console: applications', () => {
  let server;
  let browser;
  let admin;
  let districts;
  let industries;
  const cafe = {
    owner: { name: '윤해운', email: uniqueEmail('haeun') },
    nameKo: '해운대 바다커피',
    number: businessNumber(1001),
  };
  const shoes = {
    owner: { name: '장광복', email: uniqueEmail('gwangbok') },
    nameKo: '광복 수제화',
    number: businessNumber(1002),
  };

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      const probe = await ApiClient.signUp(server.url, { name: '목록확인', email: uniqueEmail('probe') });
      districts = await probe.districts();
      industries = await probe.industries();
      await probe.dispose();
      const pick = (name, index) => districts.find((d) => d.name.ko === name) ?? districts[index];
      cafe.district = pick('해운대구', 0);
      shoes.district = pick('중구', 1);
      cafe.industry = industries[0];
      shoes.industry = industries[1] ?? industries[0];
      for (const shop of [cafe, shoes]) {
        const client = await ApiClient.signUp(server.url, shop.owner);
        shop.merchant = await client.apply({
          nameKo: shop.nameKo,
          number: shop.number,
          district: shop.district.code,
          industry: shop.industry.code,
          representative: shop.owner.name,
        });
        await client.dispose();
      }
    },
    { timeout: 60_000 },
  );
  after(async () => {
    await browser?.close();
    assert.equal(await server?.stop(), 0, 'jangteo should stop cleanly on SIGTERM');
  }, T);

  const row = (page, shop) => page.getByTestId('application').filter({ hasText: shop.nameKo });

  test('the admin finds the applications, approves one and rejects the other with a reason', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: admin.email, password: admin.password });
      const consoleLink = page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '운영 콘솔' });
      await consoleLink.click();
      await page.waitForURL('**/operator/applications');
      await expectText(page.locator('h1'), '입점 신청·상점');
      assert.equal(await page.getByLabel('상태').inputValue(), 'applied', 'the waiting applications come first');
      await expectText(row(page, cafe).getByTestId('merchant-status'), '심사 중');
      await expectText(row(page, shoes), new RegExp(formatBusinessNumber(shoes.number)));
      await screenshot(page, 'console-applications-ko');

      // Filters: a district, then a search text, each reflected in the address.
      await page.getByLabel('구·군').selectOption(cafe.district.code);
      await page.waitForURL((url) => url.searchParams.get('district') === cafe.district.code);
      await expectText(row(page, cafe), new RegExp(cafe.nameKo));
      assert.equal(await row(page, shoes).count(), 0, 'the other district is filtered out');
      await page.getByLabel('구·군').selectOption('');
      await page.getByLabel('검색어').fill('수제화');
      await page.getByRole('button', { name: '검색', exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('q') === '수제화');
      await expectText(row(page, shoes), new RegExp(shoes.nameKo));
      assert.equal(await row(page, cafe).count(), 0, 'the search leaves the café out');
      await page.getByLabel('검색어').fill('');
      await page.getByRole('button', { name: '검색', exact: true }).click();
      await expectText(row(page, cafe), new RegExp(cafe.nameKo));

      // Approve the café.
      await row(page, cafe).getByRole('link', { name: cafe.nameKo }).click();
      await page.waitForURL(`**/operator/applications/${cafe.merchant.id}`);
      await expectText(page.getByTestId('merchant-name'), cafe.nameKo);
      await expectText(page.getByTestId('business-number'), formatBusinessNumber(cafe.number));
      assert.equal(await page.getByTestId('history-item').count(), 1);
      await screenshot(page, 'console-review-ko');
      await page.getByRole('button', { name: '승인', exact: true }).click();
      const approved = page.waitForResponse((r) => r.url().endsWith(`/operator/merchants/${cafe.merchant.id}/status`));
      await page.getByRole('button', { name: '승인하기' }).click();
      assert.equal((await approved).status(), 200);
      await expectText(page.getByTestId('review-done'), /승인했습니다/);
      await expectText(page.locator('.area-header').getByTestId('merchant-status'), '승인');
      assert.equal(await page.getByTestId('history-item').count(), 2);
      await expectText(page.getByTestId('history-item').last(), /운영관리자/);
      await screenshot(page, 'console-approved-ko');

      // Back in the list of waiting applications, the café is gone.
      await page.getByRole('link', { name: '← 목록으로' }).click();
      await expectText(row(page, shoes), new RegExp(shoes.nameKo));
      assert.equal(await row(page, cafe).count(), 0, 'an approved shop no longer waits');

      // Reject the shoemaker: a reason is required.
      await row(page, shoes).getByRole('link', { name: shoes.nameKo }).click();
      await expectText(page.getByTestId('merchant-name'), shoes.nameKo);
      await page.getByRole('button', { name: '반려', exact: true }).click();
      let sent = 0;
      page.on('request', (r) => {
        if (r.url().endsWith('/status')) sent += 1;
      });
      await page.getByRole('button', { name: '반려하기' }).click();
      await expectText(page.getByTestId('action-form').getByTestId('field-error'), '사유를 입력해 주세요.');
      assert.equal(sent, 0, 'no reason, nothing sent');
      assert.equal(await page.getByLabel('사유').getAttribute('aria-invalid'), 'true');
      await page.getByLabel('사유').fill(REJECT_REASON);
      await screenshot(page, 'console-reject-ko');
      const rejected = page.waitForResponse((r) => r.url().endsWith(`/operator/merchants/${shoes.merchant.id}/status`));
      await page.getByRole('button', { name: '반려하기' }).click();
      assert.equal((await rejected).status(), 200);
      await expectText(page.getByTestId('review-done'), /반려했습니다/);
      await expectText(page.getByTestId('status-reason'), REJECT_REASON);
      await expectText(page.getByTestId('history-item').last(), new RegExp(REJECT_REASON.slice(0, 20)));
      await expectText(page.getByTestId('no-actions'), '이 상태에서는 더 할 수 있는 처리가 없습니다.');
      await screenshot(page, 'console-rejected-ko');

      // The rejected one is found under its status.
      await page.goto('/operator/applications?status=rejected');
      await expectText(row(page, shoes).getByTestId('merchant-status'), '반려');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the applicants see the outcome on their page', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: shoes.owner.email });
      const shop = page.getByTestId('my-shop').filter({ hasText: shoes.nameKo });
      await expectText(shop.getByTestId('merchant-status'), '반려');
      await expectText(shop.getByTestId('status-reason'), `사유: ${REJECT_REASON}`);
      assert.equal(
        await shop.getByRole('link', { name: '상점 관리' }).count(),
        0,
        'no back office for a rejected shop',
      );
      await screenshot(page, 'me-application-rejected-ko');
      await page.getByRole('banner').getByRole('button', { name: '로그아웃' }).click();
      await page.waitForURL((url) => url.pathname === '/');

      await signInInPage(page, { email: cafe.owner.email });
      const approved = page.getByTestId('my-shop').filter({ hasText: cafe.nameKo });
      await expectText(approved.getByTestId('merchant-status'), '승인');
      await approved.getByRole('link', { name: '상점 관리' }).click();
      await page.waitForURL(`**/merchant/${cafe.merchant.id}/staff`);
      await expectText(page.getByTestId('merchant-name'), cafe.nameKo);
      assert.equal(await page.getByTestId('merchant-inactive').count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the admin suspends an approved shop with a reason and reinstates it', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: admin.email, password: admin.password });
      await page.goto(`/operator/applications/${cafe.merchant.id}`);
      await expectText(page.locator('.area-header').getByTestId('merchant-status'), '승인');
      await page.getByRole('button', { name: '정지', exact: true }).click();
      await page.getByLabel('사유').fill('위생 점검 결과가 나올 때까지 정지합니다.');
      await page.getByRole('button', { name: '정지하기' }).click();
      await expectText(page.locator('.area-header').getByTestId('merchant-status'), '정지');
      await expectText(page.getByTestId('status-reason'), '위생 점검 결과가 나올 때까지 정지합니다.');
      await screenshot(page, 'console-suspended-ko');
      await page.getByRole('button', { name: '정지 해제', exact: true }).click();
      await page.getByRole('button', { name: '정지 해제하기' }).click();
      await expectText(page.locator('.area-header').getByTestId('merchant-status'), '승인');
      assert.equal(await page.getByTestId('history-item').count(), 4);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('customers get no console; the anonymous are asked to sign in', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await page.goto('/operator/applications');
      await page.waitForURL((url) => url.pathname === '/signin');
      assert.equal(new URL(page.url()).searchParams.get('next'), '/operator/applications');
      await signInInPage(page, { email: cafe.owner.email, expectPath: '/operator/applications' });
      await expectText(page.locator('h1'), '권한이 없습니다');
      await expectText(page.getByTestId('forbidden-body'), '운영 콘솔은 운영자 관리자만 쓸 수 있습니다.');
      assert.equal(await page.getByRole('link', { name: '운영 콘솔' }).count(), 0);
      assert.equal(await page.getByTestId('applications').count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('a long list pages with "show more", and the console reads in English', { timeout: 90_000 }, async () => {
    // 21 more applications, waiting: more than one page of 20. Sign-ups per address are limited, so
    // each applicant applies for several shops, until the server says too_many_applications.
    let made = 0;
    for (let person = 0; made < 21; person += 1) {
      assert.ok(person < 21, 'applicants could apply');
      const client = await ApiClient.signUp(server.url, {
        name: `신청자${person}`,
        email: uniqueEmail(`bulk${person}`),
      });
      while (made < 21) {
        const answer = await client.apply({
          nameKo: `부산 가게 ${String(made).padStart(2, '0')}`,
          number: businessNumber(2000 + made),
          expectStatus: null,
        });
        if (!answer?.id) {
          assert.match(answer?.type ?? '', /too_many_applications$/, JSON.stringify(answer));
          break;
        }
        made += 1;
      }
      await client.dispose();
    }
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: admin.email, password: admin.password });
      await page.goto('/operator/applications');
      await expectText(page.getByTestId('application').first(), /부산 가게/);
      assert.equal(await page.getByTestId('application').count(), 20);
      const first = await page.getByTestId('application').evaluateAll((rows) => rows.map((r) => r.dataset.merchantId));
      const more = page.waitForResponse(
        (r) => r.url().includes('/api/v1/operator/merchants?') && r.url().includes('cursor='),
      );
      await page.getByRole('button', { name: '더 보기' }).click();
      assert.equal((await more).status(), 200);
      await expectText(page.getByRole('status').filter({ hasText: '곳 표시 중' }), '21곳 표시 중');
      const all = await page.getByTestId('application').evaluateAll((rows) => rows.map((r) => r.dataset.merchantId));
      assert.equal(new Set(all).size, all.length, 'no shop is listed twice');
      assert.deepEqual(all.slice(0, 20), first, 'the next page is added after the first');
      assert.equal(await page.getByRole('button', { name: '더 보기' }).count(), 0, 'no more pages');

      await page.getByRole('button', { name: 'English' }).click();
      await expectText(page.locator('h1'), 'Applications & shops');
      await expectText(page.getByTestId('application').first().getByTestId('merchant-status'), 'Under review');
      await screenshot(page, 'console-applications-en');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
