// What the flow tests share: people and businesses to make, the steps a person takes in the app
// (sign up, sign in, apply), the same steps through the API for the set-up a test is not about, the
// operator admin made with `jangteo admin create`, and the mail the server writes to its mail folder.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'playwright-core';
import { expectText } from './browser.mjs';

/** A password that passes the policy: long enough, not common, no sequence, no identity. */
export const PASSWORD = 'Gwangalli-bridge-night-47';
export const NEW_PASSWORD = 'Haeundae-sand-castle-93';

let counter = 0;
/** An email address no other test of this run uses. */
export function uniqueEmail(name) {
  counter += 1;
  return `${name}.${process.pid}.${counter}@example.kr`;
}

/**
 * A valid 10-digit business registration number (사업자등록번호) made from `seed`: nine digits and the
 * check digit (weights 1 3 7 1 3 7 1 3 5, plus the tens of the ninth digit times 5).
 */
export function businessNumber(seed) {
  const body = String(1_010_000_00 + (seed % 80_000_000))
    .padStart(9, '0')
    .slice(0, 9);
  const weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(body[i]) * weights[i];
  sum += Math.floor((Number(body[8]) * 5) / 10);
  const check = (10 - (sum % 10)) % 10;
  return `${body}${check}`;
}

export function formatBusinessNumber(digits) {
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}

/** Fills the sign-up form and sends it; the app then shows my page. */
export async function signUpInPage(page, { name, email, password = PASSWORD, mobile = '' }) {
  await page.goto('/signup');
  await expectText(page.locator('h1'), '회원가입');
  await page.getByLabel('이름', { exact: true }).fill(name);
  await page.getByLabel('이메일', { exact: true }).fill(email);
  if (mobile) await page.getByLabel(/휴대폰 번호/).fill(mobile);
  await page.getByLabel('비밀번호', { exact: true }).fill(password);
  await page.getByRole('button', { name: '가입하기' }).click();
  await page.waitForURL('**/me');
  await expectText(page.getByTestId('account-name'), name);
}

/** Signs in through the form; `expectPath` is where the app should land. */
export async function signInInPage(page, { email, password = PASSWORD, expectPath = '/me' }) {
  if (!new URL(page.url()).pathname.startsWith('/signin')) await page.goto('/signin');
  await expectText(page.locator('h1'), '로그인');
  await page.getByLabel('이메일', { exact: true }).fill(email);
  await page.getByLabel('비밀번호', { exact: true }).fill(password);
  // The server's answer first, so that a refusal says what it was rather than timing out on the URL.
  const answered = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/sessions',
    { timeout: 20_000 },
  );
  await page.getByRole('main').getByRole('button', { name: '로그인' }).click();
  const answer = await answered;
  assert.equal(answer.status(), 201, `sign-in of ${email} answered ${answer.status()}: ${await answer.text()}`);
  if (expectPath) await page.waitForURL((url) => url.pathname === expectPath, { timeout: 20_000 });
}

export async function signOutInPage(page) {
  await page.getByRole('banner').getByRole('button', { name: '로그아웃' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await expectText(page.getByRole('banner').getByRole('link', { name: '로그인' }), '로그인');
}

/** The operator admin, made by the command the issue asks for (no default password anywhere). */
export async function createOperatorAdmin(server, { email, name, password = PASSWORD }) {
  const { code, output } = await server.run(['admin', 'create', '--email', email, '--name', name, '--password-stdin'], {
    stdin: `${password}\n`,
  });
  assert.equal(code, 0, `jangteo admin create failed:\n${output}`);
  return { email, name, password };
}

/**
 * A signed-in API client for set-up steps (a cookie jar of its own, and the CSRF token of its session).
 * The flows a test is about are walked in the browser; this only prepares the world around them.
 */
export class ApiClient {
  static async signUp(baseURL, { name, email, password = PASSWORD }) {
    const client = new ApiClient(await request.newContext({ baseURL }));
    const answer = await client.call('POST', '/api/v1/users', { email, name, password }, 201);
    client.csrf = answer.csrf_token;
    client.user = answer.user;
    return client;
  }

  static async signIn(baseURL, { email, password = PASSWORD }) {
    const client = new ApiClient(await request.newContext({ baseURL }));
    const answer = await client.call('POST', '/api/v1/sessions', { email, password }, 201);
    client.csrf = answer.csrf_token;
    client.user = answer.user;
    return client;
  }

  constructor(context) {
    this.context = context;
    this.csrf = null;
    this.user = null;
  }

  async call(method, path, body, expectStatus) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    const options = { method, headers, failOnStatusCode: false };
    if (body !== undefined) options.data = body;
    const response = await this.context.fetch(path, options);
    const text = await response.text();
    if (expectStatus !== undefined) {
      assert.equal(response.status(), expectStatus, `${method} ${path} answered ${response.status()}: ${text}`);
    }
    return text ? JSON.parse(text) : null;
  }

  async districts() {
    return (await this.call('GET', '/api/v1/districts', undefined, 200)).items;
  }

  async industries() {
    return (await this.call('GET', '/api/v1/industries', undefined, 200)).items;
  }

  /**
   * Applies as a merchant with the first district and industry unless told otherwise. Expects 201
   * unless `expectStatus` says otherwise (null: any), and answers the merchant (or the problem).
   */
  async apply({
    nameKo,
    nameEn,
    number,
    representative = '김대표',
    district,
    industry,
    address,
    phone = '051-744-1234',
    expectStatus = 201,
  }) {
    const districtCode = district ?? (await this.districts())[0].code;
    const industryCode = industry ?? (await this.industries())[0].code;
    return this.call(
      'POST',
      '/api/v1/merchants',
      {
        name_ko: nameKo,
        ...(nameEn ? { name_en: nameEn } : {}),
        business_number: number,
        representative,
        industry_code: industryCode,
        district_code: districtCode,
        address: address ?? '부산광역시 중구 중앙대로 100',
        phone,
      },
      expectStatus ?? undefined,
    );
  }

  async setStatus(merchantId, status, reason) {
    const body = reason ? { status, reason } : { status };
    return this.call('POST', `/api/v1/operator/merchants/${merchantId}/status`, body, 200);
  }

  async dispose() {
    await this.context.dispose();
  }
}

/**
 * An approved merchant with its owner: the owner signs up and applies, the admin approves. Returns
 * the owner's credentials and the merchant.
 */
export async function approvedMerchant(server, admin, { ownerName, ownerEmail, nameKo, nameEn, seed }) {
  const owner = await ApiClient.signUp(server.url, { name: ownerName, email: ownerEmail });
  const merchant = await owner.apply({ nameKo, nameEn, number: businessNumber(seed) });
  await owner.dispose();
  const operator = await ApiClient.signIn(server.url, { email: admin.email, password: admin.password });
  await operator.setStatus(merchant.id, 'approved');
  await operator.dispose();
  return { owner: { name: ownerName, email: ownerEmail, password: PASSWORD }, merchant };
}

/** Every string in a JSON value, joined: what a person would read in the mail, whatever its layout. */
function strings(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

function readMail(path) {
  const raw = readFileSync(path, 'utf8');
  try {
    return strings(JSON.parse(raw)).join('\n');
  } catch {
    return raw.replace(/\\\//g, '/');
  }
}

/**
 * The development mail folder. mark() remembers what is there; waitForLink() waits for a newer message
 * to `to` and answers the token of its link to `path` (e.g. "/invitations/accept").
 */
export class Mailbox {
  constructor(dir) {
    this.dir = dir;
    this.seen = new Set();
  }

  files() {
    return readdirSync(this.dir)
      .filter((name) => !name.startsWith('.'))
      .map((name) => ({ name, path: join(this.dir, name), mtime: statSync(join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime || b.name.localeCompare(a.name));
  }

  mark() {
    for (const f of this.files()) this.seen.add(f.name);
  }

  async waitForLink({ to, path, timeoutMs = 10_000 }) {
    const pattern = new RegExp(`${path.replace(/[/.]/g, '\\$&')}#token=([A-Za-z0-9._~%-]+)`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Newest first: the message the test just caused.
      for (const f of this.files()) {
        if (this.seen.has(f.name)) continue;
        let text;
        try {
          text = readMail(f.path);
        } catch {
          continue; // still being written
        }
        const match = pattern.exec(text);
        if (match && (!to || text.toLowerCase().includes(to.toLowerCase()))) {
          this.seen.add(f.name);
          return decodeURIComponent(match[1]);
        }
      }
      if (Date.now() >= deadline) {
        throw new Error(`no mail to ${to} with a link to ${path}#token=… in ${this.dir} within ${timeoutMs} ms`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The page fits the viewport's width: nothing to scroll sideways (a phone's 375 px included). */
export async function assertNoHorizontalScroll(page, label) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  assert.ok(scrollWidth <= clientWidth, `${label}: the page is ${scrollWidth} px wide in a ${clientWidth} px window`);
}
