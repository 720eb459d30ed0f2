// The back office's API keys page: the owner creates a key with a name and scopes, sees its secret
// once (with a copy button and the warning that it will not be shown again), and revokes it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { approvedMerchant, createOperatorAdmin, signInInPage, uniqueEmail } from './support/app.mjs';
import { expectText, launchBrowser, newPage, screenshot } from './support/browser.mjs';
import { startServer } from './support/server.mjs';

const T = { timeout: 30_000 };

describe('back office: API keys', () => {
  let server;
  let browser;
  let shop;

  before(
    async () => {
      server = await startServer();
      browser = await launchBrowser();
      const admin = await createOperatorAdmin(server, { email: uniqueEmail('admin'), name: '운영관리자' });
      shop = await approvedMerchant(server, admin, {
        ownerName: '송기장',
        ownerEmail: uniqueEmail('gijang'),
        nameKo: '기장 미역상회',
        seed: 4001,
      });
    },
    { timeout: 60_000 },
  );
  after(async () => {
    await browser?.close();
    assert.equal(await server?.stop(), 0, 'jangteo should stop cleanly on SIGTERM');
  }, T);

  test('the owner creates a key, sees the secret once, copies it, and revokes the key', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await signInInPage(page, { email: shop.owner.email });
      await page.goto(`/merchant/${shop.merchant.id}/staff`);
      await page.getByRole('navigation', { name: '상점 관리 메뉴' }).getByRole('link', { name: 'API 키' }).click();
      await page.waitForURL(`**/merchant/${shop.merchant.id}/api-keys`);
      await expectText(page.getByRole('heading', { name: '새 API 키' }), '새 API 키');
      await expectText(page.locator('.empty'), '아직 만든 API 키가 없습니다.');

      // Scopes come from the API, each with its description.
      const scopes = page.getByRole('group', { name: '권한' }).getByRole('checkbox');
      await page.waitForFunction(() => document.querySelectorAll('input[name="scopes"]').length > 0);
      const offered = await scopes.evaluateAll((boxes) => boxes.map((b) => b.value));
      assert.ok(offered.length > 0, 'scopes are offered');

      // Neither a name nor a scope: refused here, nothing sent.
      let sent = 0;
      page.on('request', (r) => {
        if (r.url().endsWith('/api-keys') && r.method() === 'POST') sent += 1;
      });
      await page.getByRole('button', { name: 'API 키 만들기' }).click();
      await expectText(page.locator('.field--invalid').first().getByTestId('field-error'), '꼭 입력해야 합니다.');
      await expectText(
        page.locator('fieldset.field--invalid').getByTestId('field-error'),
        '권한을 하나 이상 골라 주세요.',
      );
      assert.equal(sent, 0);
      await screenshot(page, 'api-keys-empty-ko');

      await page.getByLabel('키 이름').fill('1층 계산대 POS');
      const chosen = offered.slice(0, Math.min(2, offered.length));
      for (const scope of chosen) await scopes.and(page.locator(`[value="${scope}"]`)).check();
      const created = page.waitForResponse(
        (r) => r.url().endsWith(`/merchants/${shop.merchant.id}/api-keys`) && r.request().method() === 'POST',
      );
      await page.getByRole('button', { name: 'API 키 만들기' }).click();
      const response = await created;
      assert.equal(response.status(), 201);
      const { key, secret } = await response.json();
      assert.deepEqual([...key.scopes].sort(), [...chosen].sort());

      const box = page.getByTestId('secret-box');
      await expectText(box.getByRole('heading'), '‘1층 계산대 POS’ 키를 만들었습니다');
      await expectText(page.getByTestId('secret-warning'), /한 번만 보여 드립니다.*다시 볼 수 없으니/);
      assert.equal(await page.getByTestId('secret-value').inputValue(), secret);
      assert.ok(secret.startsWith(key.prefix), 'the list shows the start of the secret');
      await page.getByRole('button', { name: '복사' }).click();
      await expectText(page.getByTestId('secret-copied'), '복사했습니다.');
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
      await screenshot(page, 'api-key-secret-once-ko');

      // The list has the key, by its prefix only.
      const row = page.getByTestId('api-key').filter({ hasText: '1층 계산대 POS' });
      await expectText(row, new RegExp(key.prefix));
      await expectText(row.getByTestId('key-state'), '사용 중');
      await expectText(row, /만든 사람: 송기장/);

      // Once put away (or after a reload), the secret is nowhere on the page.
      await page.getByRole('button', { name: '보관했습니다' }).click();
      assert.equal(await page.getByTestId('secret-box').count(), 0);
      assert.ok(!(await page.content()).includes(secret), 'the secret is gone from the page');
      await page.reload();
      await expectText(page.getByTestId('api-key').filter({ hasText: '1층 계산대 POS' }), new RegExp(key.prefix));
      assert.ok(!(await page.content()).includes(secret), 'a reload does not show the secret');
      await screenshot(page, 'api-keys-list-ko');

      // Revoke, after a confirmation in place; cancelling first changes nothing.
      const listed = page.getByTestId('api-key').filter({ hasText: '1층 계산대 POS' });
      await listed.getByRole('button', { name: '폐기' }).click();
      await expectText(listed.getByRole('group'), /이 키를 쓰는 기기는 바로 접속이 끊깁니다/);
      await listed.getByRole('button', { name: '취소' }).click();
      await expectText(listed.getByTestId('key-state'), '사용 중');
      await listed.getByRole('button', { name: '폐기' }).click();
      const revoked = page.waitForResponse(
        (r) => r.url().endsWith(`/api-keys/${key.id}`) && r.request().method() === 'DELETE',
      );
      await listed.getByRole('button', { name: '폐기하기' }).click();
      assert.equal((await revoked).status(), 204);
      await expectText(page.getByTestId('keys-notice'), '‘1층 계산대 POS’ 키를 폐기했습니다.');
      await expectText(listed.getByTestId('key-state'), /^폐기됨/);
      assert.equal(await listed.getByRole('button', { name: '폐기' }).count(), 0, 'a revoked key has no revoke button');
      await screenshot(page, 'api-key-revoked-ko');

      // The revoked key no longer opens the API.
      const probe = await fetch(`${server.url}/api/v1/merchants/${shop.merchant.id}/api-keys`, {
        headers: { Authorization: `Bearer ${secret}` },
      });
      assert.ok([401, 403, 404].includes(probe.status), `a revoked key is refused (${probe.status})`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  test('the API keys page in English', T, async () => {
    const { context, page, errors } = await newPage(browser, { baseURL: server.url });
    try {
      await signInInPage(page, { email: shop.owner.email });
      await page.getByRole('button', { name: 'English' }).click();
      await page.goto(`/merchant/${shop.merchant.id}/api-keys`);
      await expectText(page.getByRole('heading', { name: 'New API key' }), 'New API key');
      await expectText(page.getByTestId('api-key').first().getByTestId('key-state'), /^Revoked/);
      await screenshot(page, 'api-keys-en');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
