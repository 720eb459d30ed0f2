// The HTTP API of the jangteo server (docs/api.md). Same origin: the server serves this app.
//
// The session is an HttpOnly cookie the page never sees; what the page keeps is the session's CSRF
// token, in memory only (never in storage), taken from the sign-up and sign-in answers and from
// GET /api/v1/me, and sent as X-CSRF-Token on every unsafe method. A failed call throws ApiError,
// which carries the problem's reason, its field errors and, for 429, Retry-After.
//
//   try {
//     const answer = await signIn({ email, password });
//   } catch (e) {
//     if (e instanceof ApiError && e.reason === 'bad_credentials') ...
//   }

export interface Localized {
  ko: string;
  en: string;
}

export interface Operator {
  id: string;
  name: Localized;
  region: Localized;
  currency: string;
  time_zone: string;
}

export interface FieldError {
  field: string;
  /** Stable word for what is wrong, e.g. `business_number_check_digit`: the key to translate. */
  code?: string;
  /** The server's English sentence, shown when the code is unknown to this app. */
  message: string;
  /** The figures of the sentence, by name, for the few codes that have them (`price_parity`). */
  params?: Record<string, string | number>;
}

/** An RFC 9457 problem document as the server writes it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  request_id?: string;
  errors?: FieldError[];
}

/** A failed call: no answer at all (network), or an answer with an error status (http). */
export class ApiError extends Error {
  constructor(
    readonly kind: 'network' | 'http',
    readonly status: number,
    readonly problem: Problem | null,
    /** Seconds to wait, from Retry-After (429 and 503), or null. */
    readonly retryAfter: number | null = null,
  ) {
    super(kind === 'network' ? 'network error' : `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** The stable reason: the last part of the problem's `type` ("/problems/email_taken" → "email_taken"). */
  get reason(): string | null {
    const type = this.problem?.type;
    if (!type) return null;
    const slash = type.lastIndexOf('/');
    const reason = type.slice(slash + 1);
    return reason === '' ? null : reason;
  }

  get fieldErrors(): FieldError[] {
    const errors = this.problem?.errors;
    return Array.isArray(errors) ? errors : [];
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const TIMEOUT_MS = 10_000;

let csrfToken: string | null = null;

/** The CSRF token of the current session, kept in memory; null when nobody is signed in. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Whether the page holds a session's CSRF token (it can send unsafe requests). */
export function hasCsrfToken(): boolean {
  return csrfToken !== null;
}

type SessionLostListener = (reason: string) => void;
const sessionLostListeners = new Set<SessionLostListener>();

/**
 * Calls `listener` when a call finds the session gone (401 session_invalid or session_expired), so
 * that the app can show the sign-in page. Returns the function that removes it.
 */
export function onSessionLost(listener: SessionLostListener): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

/** Retry-After as seconds: either a number of seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

interface RequestOptions {
  body?: unknown;
  /** A file sent as it is (an image, a CSV), with its media type, instead of a JSON body. */
  raw?: { data: Blob; type: string };
  signal?: AbortSignal | undefined;
  /** The answer has no body (204, 202): resolve with undefined. */
  empty?: boolean;
  /** Milliseconds before the call is given up; uploads of large files get longer. */
  timeoutMs?: number;
  /** Sent as Idempotency-Key: the same value for a retry of the same attempt (checkouts, payments, returns). */
  idempotencyKey?: string;
}

async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const { body, raw, signal, empty = false, timeoutMs = TIMEOUT_MS, idempotencyKey } = options;
  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), timeoutMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort);
  let response: Response;
  try {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (raw !== undefined) headers['Content-Type'] = raw.type;
    else if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && csrfToken !== null) headers['X-CSRF-Token'] = csrfToken;
    if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
    const init: RequestInit = { method, headers, signal: controller.signal, credentials: 'same-origin' };
    if (raw !== undefined) init.body = raw.data;
    else if (body !== undefined) init.body = JSON.stringify(body);
    response = await fetch(path, init);
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError('network', 0, null);
  } finally {
    window.clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  let data: unknown = null;
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = new ApiError(
      'http',
      response.status,
      data && typeof data === 'object' ? (data as Problem) : null,
      parseRetryAfter(response.headers.get('Retry-After')),
    );
    if (response.status === 401 && (error.reason === 'session_invalid' || error.reason === 'session_expired')) {
      csrfToken = null;
      for (const listener of sessionLostListeners) listener(error.reason);
    }
    throw error;
  }
  if (empty) return undefined as T;
  if (data === null) throw new ApiError('http', response.status, null);
  return data as T;
}

/** A loader that keeps its answer; forget() drops it, so that the next call loads again. */
export interface Cached<T> {
  (): Promise<T>;
  forget: () => void;
}

/** Loads once and keeps the answer; a failure is forgotten, so the next caller tries again. */
function once<T>(load: () => Promise<T>): Cached<T> {
  let pending: Promise<T> | null = null;
  const get = () => {
    if (pending === null) {
      pending = load().catch((e: unknown) => {
        pending = null;
        throw e;
      });
    }
    return pending;
  };
  const forget = () => {
    pending = null;
  };
  return Object.assign(get, { forget });
}

const seg = encodeURIComponent;

function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Items<T> {
  items: T[];
}

// --- The operator and reference data -------------------------------------------------------------

export function getOperator(signal?: AbortSignal): Promise<Operator> {
  return request<Operator>('GET', '/api/v1/operator', { signal });
}

export interface BusinessNumber {
  number: string;
  formatted: string;
}

export function validateBusinessNumber(number: string, signal?: AbortSignal): Promise<BusinessNumber> {
  return request<BusinessNumber>('POST', '/api/v1/validations/business-number', { body: { number }, signal });
}

export interface CodeName {
  code: string;
  name: Localized;
}

export interface Districts {
  region: CodeName;
  items: CodeName[];
}

export const getDistricts = once(() => request<Districts>('GET', '/api/v1/districts'));
/** The industries offered to applicants; the operator's changes make it load again (forget). */
export const getIndustries = once(() => request<Items<CodeName>>('GET', '/api/v1/industries'));

export interface ApiKeyScope {
  scope: string;
  description: Localized;
}

export const getApiKeyScopes = once(() => request<Items<ApiKeyScope>>('GET', '/api/v1/api-key-scopes'));

// --- Users and sessions --------------------------------------------------------------------------

export interface User {
  id: string;
  email: string;
  mobile: string | null;
  name: string;
  created_at: string;
}

export interface SessionInfo {
  id: string;
  created_at: string;
  expires_at: string;
}

export interface SessionAnswer {
  user: User;
  csrf_token: string;
  session: SessionInfo;
}

export type MerchantStatus = 'applied' | 'approved' | 'rejected' | 'suspended' | 'closed';
export type Role = 'owner' | 'staff';

export interface Membership {
  merchant_id: string;
  merchant_name: Localized;
  merchant_status: MerchantStatus;
  role: Role;
}

export interface Me extends SessionAnswer {
  operator_admin: boolean;
  memberships: Membership[];
}

export interface SignUpRequest {
  email: string;
  mobile?: string;
  name: string;
  password: string;
}

export async function signUp(body: SignUpRequest): Promise<SessionAnswer> {
  const answer = await request<SessionAnswer>('POST', '/api/v1/users', { body });
  setCsrfToken(answer.csrf_token);
  return answer;
}

export async function signIn(body: { email: string; password: string }): Promise<SessionAnswer> {
  const answer = await request<SessionAnswer>('POST', '/api/v1/sessions', { body });
  setCsrfToken(answer.csrf_token);
  return answer;
}

export async function signOut(): Promise<void> {
  try {
    await request<void>('DELETE', '/api/v1/sessions/current', { empty: true });
  } finally {
    setCsrfToken(null);
  }
}

/** Who is signed in; throws ApiError 401 when nobody is. */
export async function getMe(signal?: AbortSignal): Promise<Me> {
  const me = await request<Me>('GET', '/api/v1/me', { signal });
  setCsrfToken(me.csrf_token);
  return me;
}

export interface MySession {
  id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string;
  client_address: string;
  current: boolean;
}

export function listMySessions(signal?: AbortSignal): Promise<Items<MySession>> {
  return request<Items<MySession>>('GET', '/api/v1/me/sessions', { signal });
}

export function revokeMySession(sessionId: string): Promise<void> {
  return request<void>('DELETE', `/api/v1/me/sessions/${seg(sessionId)}`, { empty: true });
}

export function changePassword(body: { current_password: string; new_password: string }): Promise<void> {
  return request<void>('PUT', '/api/v1/me/password', { body, empty: true });
}

export function requestPasswordReset(email: string): Promise<void> {
  return request<void>('POST', '/api/v1/password-resets', { body: { email }, empty: true });
}

export function confirmPasswordReset(body: { token: string; new_password: string }): Promise<void> {
  return request<void>('POST', '/api/v1/password-resets/confirm', { body, empty: true });
}

// --- Merchants -----------------------------------------------------------------------------------

export interface Merchant {
  id: string;
  name: Localized;
  business_number: string;
  business_number_formatted: string;
  representative: string;
  industry: CodeName;
  district: CodeName;
  address: string;
  phone: string;
  status: MerchantStatus;
  status_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface StatusChange {
  from: MerchantStatus | null;
  to: MerchantStatus;
  reason: string | null;
  actor: { id: string; name: string } | null;
  at: string;
}

export interface MerchantDetail extends Merchant {
  history: StatusChange[];
}

/** Why the merchant has its status: `status_reason`, else the reason of the last change to that status. */
export function statusReason(merchant: MerchantDetail): string | null {
  if (merchant.status_reason) return merchant.status_reason;
  const last = merchant.history[merchant.history.length - 1];
  return last && last.to === merchant.status && last.reason ? last.reason : null;
}

export interface MerchantApplication {
  name_ko: string;
  name_en?: string;
  business_number: string;
  representative: string;
  industry_code: string;
  district_code: string;
  address: string;
  phone: string;
}

export function applyAsMerchant(body: MerchantApplication): Promise<Merchant> {
  return request<Merchant>('POST', '/api/v1/merchants', { body });
}

export function getMerchant(merchantId: string, signal?: AbortSignal): Promise<MerchantDetail> {
  return request<MerchantDetail>('GET', `/api/v1/merchants/${seg(merchantId)}`, { signal });
}

// --- Operator console ----------------------------------------------------------------------------

export interface MerchantFilter {
  status?: string;
  district?: string;
  industry?: string;
  q?: string;
  cursor?: string | null;
  limit?: number;
}

export function listOperatorMerchants(filter: MerchantFilter, signal?: AbortSignal): Promise<Page<Merchant>> {
  const path = `/api/v1/operator/merchants${query({ ...filter })}`;
  return request<Page<Merchant>>('GET', path, { signal });
}

export function getOperatorMerchant(merchantId: string, signal?: AbortSignal): Promise<MerchantDetail> {
  return request<MerchantDetail>('GET', `/api/v1/operator/merchants/${seg(merchantId)}`, { signal });
}

export function setMerchantStatus(
  merchantId: string,
  status: 'approved' | 'rejected' | 'suspended' | 'closed',
  reason: string,
): Promise<MerchantDetail> {
  const body = reason === '' ? { status } : { status, reason };
  return request<MerchantDetail>('POST', `/api/v1/operator/merchants/${seg(merchantId)}/status`, { body });
}

// --- Merchant back office ------------------------------------------------------------------------

export interface Member {
  user: { id: string; name: string; email: string; mobile: string | null };
  role: Role;
  since: string;
}

export function listMembers(merchantId: string, signal?: AbortSignal): Promise<Items<Member>> {
  return request<Items<Member>>('GET', `/api/v1/merchants/${seg(merchantId)}/members`, { signal });
}

export function removeMember(merchantId: string, userId: string): Promise<void> {
  return request<void>('DELETE', `/api/v1/merchants/${seg(merchantId)}/members/${seg(userId)}`, { empty: true });
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  created_at: string;
  expires_at: string;
  status: InvitationStatus;
}

export function listInvitations(merchantId: string, signal?: AbortSignal): Promise<Items<Invitation>> {
  return request<Items<Invitation>>('GET', `/api/v1/merchants/${seg(merchantId)}/invitations`, { signal });
}

export function createInvitation(merchantId: string, email: string): Promise<Invitation> {
  return request<Invitation>('POST', `/api/v1/merchants/${seg(merchantId)}/invitations`, {
    body: { email, role: 'staff' },
  });
}

export function revokeInvitation(merchantId: string, invitationId: string): Promise<void> {
  const path = `/api/v1/merchants/${seg(merchantId)}/invitations/${seg(invitationId)}`;
  return request<void>('DELETE', path, { empty: true });
}

export interface InvitationLookup {
  merchant: { id: string; name: Localized };
  email: string;
  role: Role;
  expires_at: string;
}

export function lookupInvitation(token: string, signal?: AbortSignal): Promise<InvitationLookup> {
  return request<InvitationLookup>('POST', '/api/v1/invitations/lookup', { body: { token }, signal });
}

export function acceptInvitation(token: string): Promise<{ merchant_id: string; role: Role }> {
  return request<{ merchant_id: string; role: Role }>('POST', '/api/v1/invitations/accept', { body: { token } });
}

export interface ApiKey {
  id: string;
  name: string;
  scopes: string[];
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  created_by: { id: string; name: string };
}

export function listApiKeys(merchantId: string, signal?: AbortSignal): Promise<Items<ApiKey>> {
  return request<Items<ApiKey>>('GET', `/api/v1/merchants/${seg(merchantId)}/api-keys`, { signal });
}

export function createApiKey(
  merchantId: string,
  body: { name: string; scopes: string[] },
): Promise<{ key: ApiKey; secret: string }> {
  return request<{ key: ApiKey; secret: string }>('POST', `/api/v1/merchants/${seg(merchantId)}/api-keys`, { body });
}

export function revokeApiKey(merchantId: string, keyId: string): Promise<void> {
  return request<void>('DELETE', `/api/v1/merchants/${seg(merchantId)}/api-keys/${seg(keyId)}`, { empty: true });
}

// --- The merchant's catalog: products, images, CSV import and export ------------------------------

export interface PortalConfig {
  image_max_bytes: number;
  csv_max_bytes: number;
  districts: CodeName[];
}

export const getPortalConfig = once(() => request<PortalConfig>('GET', '/api/v1/portal/config'));

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];
export const SALES_CHANNELS = ['online', 'shop', 'business'] as const;
export type SalesChannel = (typeof SALES_CHANNELS)[number];
/** An attribute's value as the API carries it: text, choice code and date as strings. */
export type AttributeValue = string | number | boolean;

export interface ChannelPrice {
  channel: SalesChannel;
  unit_price_won: number;
}

/** For business buyers: from `min_quantity` units on, each costs `unit_price_won`. */
export interface VolumeTier {
  min_quantity: number;
  unit_price_won: number;
}

/** A sale price from `starts_at` to `ends_at`, for one channel or (null) all. */
export interface SalePrice {
  unit_price_won: number;
  starts_at: string;
  ends_at: string;
  channel: SalesChannel | null;
}

export interface Variant {
  id: string;
  sku: string;
  barcode: string | null;
  /** Option name → value, e.g. {"사이즈": "L", "색상": "빨강"}. */
  options: Record<string, string>;
  weight_grams: number | null;
  base_price_won: number;
  channel_prices: ChannelPrice[];
  tiers: VolumeTier[];
  sales: SalePrice[];
}

export interface Product {
  id: string;
  merchant_id: string;
  category_id: string;
  title_ko: string;
  title_en: string;
  /** Markdown source; rendered without HTML. */
  description: string;
  brand: string;
  attributes: Record<string, AttributeValue>;
  vat: VatMode;
  status: ProductStatus;
  version: number;
  created_at: string;
  updated_at: string;
  /** The first is the main image; at most 10. */
  images: ProductImage[];
  variants: Variant[];
  /** What the save that answered this product warns about (`price_parity`); empty on reads. */
  warnings?: FieldError[];
}

export type VariantInput = Omit<Variant, 'id'>;

/** What a create (POST) or a replace (PUT, with the version read) sends. */
export interface ProductInput {
  category_id: string;
  title_ko: string;
  title_en: string;
  description: string;
  brand: string;
  attributes: Record<string, AttributeValue>;
  vat: VatMode;
  images: { hash: string; alt: string }[];
  variants: VariantInput[];
}

/** One row of the merchant's product list. */
export interface ProductSummary {
  id: string;
  category_id: string;
  title_ko: string;
  title_en: string;
  status: ProductStatus;
  version: number;
  updated_at: string;
  variants: number;
  min_price_won: number;
  max_price_won: number;
  image: { hash: string; url: string } | null;
}

export interface ProductFilter {
  status?: string;
  category_id?: string;
  /** Part of a title or of a SKU. */
  q?: string;
  cursor?: string | null;
  limit?: number;
}

const productsPath = (merchantId: string) => `/api/v1/merchants/${seg(merchantId)}/products`;

export function listProducts(
  merchantId: string,
  filter: ProductFilter,
  signal?: AbortSignal,
): Promise<Page<ProductSummary>> {
  return request<Page<ProductSummary>>('GET', `${productsPath(merchantId)}${query({ ...filter })}`, { signal });
}

export function getProduct(merchantId: string, productId: string, signal?: AbortSignal): Promise<Product> {
  return request<Product>('GET', `${productsPath(merchantId)}/${seg(productId)}`, { signal });
}

export function createProduct(merchantId: string, body: ProductInput): Promise<Product> {
  return request<Product>('POST', productsPath(merchantId), { body });
}

/** Replaces the product; 409 version_changed when someone else saved since `version` was read. */
export function updateProduct(
  merchantId: string,
  productId: string,
  body: ProductInput & { version: number },
): Promise<Product> {
  return request<Product>('PUT', `${productsPath(merchantId)}/${seg(productId)}`, { body });
}

export function setProductStatus(
  merchantId: string,
  productId: string,
  status: ProductStatus,
  version: number,
): Promise<Product> {
  const path = `${productsPath(merchantId)}/${seg(productId)}/status`;
  return request<Product>('POST', path, { body: { status, version } });
}

export interface UploadedImage {
  hash: string;
  url: string;
  type: string;
  width: number;
  height: number;
  bytes: number;
}

const UPLOAD_TIMEOUT_MS = 120_000;

/** Sends the file's bytes as they are; the server reads the type from them (JPEG, PNG, WebP). */
export function uploadImage(merchantId: string, file: Blob): Promise<UploadedImage> {
  return request<UploadedImage>('POST', `/api/v1/merchants/${seg(merchantId)}/images`, {
    raw: { data: file, type: file.type || 'application/octet-stream' },
    timeoutMs: UPLOAD_TIMEOUT_MS,
  });
}

export const CSV_ENCODINGS = ['utf-8', 'cp949'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** Where the browser downloads the CSV template (one example row per column) or every product. */
export function productCsvUrl(merchantId: string, what: 'template' | 'export', encoding: CsvEncoding): string {
  return `${productsPath(merchantId)}/${what}.csv${query({ encoding })}`;
}

export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface ImportRowError {
  line: number;
  field: string;
  code: string;
  message: string;
}

/** A CSV import: a dry run reports what applying would do and changes nothing; an apply is all or nothing. */
export interface ProductImport {
  id: string;
  status: ImportStatus;
  dry_run: boolean;
  encoding: string;
  total_rows: number;
  processed_rows: number;
  created: number;
  updated: number;
  errors: ImportRowError[];
  errors_truncated?: boolean;
  /** Rows saved (or, in a dry run, that would be) with a warning: `price_parity`. */
  warnings?: ImportRowError[];
  created_at: string;
  finished_at: string | null;
}

export function startProductImport(
  merchantId: string,
  file: Blob,
  options: { dryRun: boolean; encoding: 'auto' | CsvEncoding },
): Promise<ProductImport> {
  const path = `/api/v1/merchants/${seg(merchantId)}/product-imports${query({
    dry_run: String(options.dryRun),
    encoding: options.encoding,
  })}`;
  return request<ProductImport>('POST', path, {
    raw: { data: file, type: 'text/csv' },
    timeoutMs: UPLOAD_TIMEOUT_MS,
  });
}

export function getProductImport(merchantId: string, importId: string, signal?: AbortSignal): Promise<ProductImport> {
  return request<ProductImport>('GET', `/api/v1/merchants/${seg(merchantId)}/product-imports/${seg(importId)}`, {
    signal,
  });
}

// --- Price parity (docs/price-parity.md) ---------------------------------------------------------

export type ParityRule = 'equal' | 'within';
export type ParityEnforcement = 'warn' | 'refuse';
/** The price lists a parity policy compares with the shop price. */
export const PARITY_LISTS = ['online', 'business'] as const;
export type ParityList = (typeof PARITY_LISTS)[number];

export interface ParityPolicy {
  rule: ParityRule;
  /** Basis points (500 is ±5%); 0 for `equal`. */
  tolerance_bp: number;
  enforcement: ParityEnforcement;
}

export interface PricePolicies {
  online: ParityPolicy | null;
  business: ParityPolicy | null;
  /** 0: never saved. */
  version: number;
  updated_at: string | null;
}

const policiesPath = (merchantId: string) => `/api/v1/merchants/${seg(merchantId)}/price-policies`;

export function getPricePolicies(merchantId: string, signal?: AbortSignal): Promise<PricePolicies> {
  return request<PricePolicies>('GET', policiesPath(merchantId), { signal });
}

/** Owners only; 409 version_changed when someone else saved since `version` was read. */
export function setPricePolicies(
  merchantId: string,
  body: { online: ParityPolicy | null; business: ParityPolicy | null; version: number },
): Promise<PricePolicies> {
  return request<PricePolicies>('PUT', policiesPath(merchantId), { body });
}

export interface ParityBreach {
  price_list: ParityList;
  price_won: number;
  price_source: 'base' | 'channel' | 'sale';
  shop_price_won: number;
  shop_price_source: 'base' | 'channel' | 'sale';
  min_won: number;
  max_won: number;
  /** (price − shop) ÷ shop in basis points; null when the shop price is 0. */
  difference_bp: number | null;
  rule: ParityRule;
  tolerance_bp: number;
  enforcement: ParityEnforcement;
}

export interface ParityViolation {
  product_id: string;
  variant_id: string;
  sku: string;
  title_ko: string;
  title_en: string;
  status: ProductStatus;
  breaches: ParityBreach[];
}

/** A page may hold fewer items than asked for (even none) and still have a next_cursor. */
export interface ParityViolationPage extends Page<ParityViolation> {
  evaluated_at: string;
}

export function listParityViolations(
  merchantId: string,
  options: { cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<ParityViolationPage> {
  return request<ParityViolationPage>(
    'GET',
    `/api/v1/merchants/${seg(merchantId)}/price-parity/violations${query({ ...options })}`,
    { signal },
  );
}

// --- The audit log -------------------------------------------------------------------------------

/**
 * One security event. `subject` is the public id (or code) the event is about, '' when there is none
 * (a failed sign-in for an unknown email); `detail` is small and depends on the action.
 */
export interface AuditEvent {
  id: string;
  at: string;
  /** A stable dotted word: `user.signed_in`, `merchant.approved`, `api_key.revoked`, … */
  action: string;
  actor_user_id: string | null;
  actor_key_id: string | null;
  merchant_id: string | null;
  subject: string;
  /** Where the request came from; 'cli' (or '') for a command run on the server, e.g. `jangteo admin create`. */
  client_address: string;
  detail: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string;
  cursor?: string | null;
  limit?: number;
}

/** The whole log, newest first (operator admins). */
export function listAuditEvents(filter: AuditFilter, signal?: AbortSignal): Promise<Page<AuditEvent>> {
  return request<Page<AuditEvent>>('GET', `/api/v1/operator/audit-events${query({ ...filter })}`, { signal });
}

/** One merchant's events, newest first (its owners). */
export function listMerchantAuditEvents(
  merchantId: string,
  filter: AuditFilter,
  signal?: AbortSignal,
): Promise<Page<AuditEvent>> {
  const path = `/api/v1/merchants/${seg(merchantId)}/audit-events${query({ ...filter })}`;
  return request<Page<AuditEvent>>('GET', path, { signal });
}

// --- The operator's industry code list -----------------------------------------------------------

export interface Industry {
  code: string;
  name: Localized;
  position: number;
  /** A retired industry (false) is no longer offered to applicants; merchants keep it. */
  active: boolean;
}

/** Every industry, the retired ones too, in list order. */
export function listAllIndustries(signal?: AbortSignal): Promise<Items<Industry>> {
  return request<Items<Industry>>('GET', '/api/v1/operator/industries', { signal });
}

export async function addIndustry(body: { code: string; name_ko: string; name_en: string }): Promise<Industry> {
  const made = await request<Industry>('POST', '/api/v1/operator/industries', { body });
  getIndustries.forget();
  return made;
}

export async function setIndustryActive(code: string, active: boolean): Promise<Industry> {
  const changed = await request<Industry>('PUT', `/api/v1/operator/industries/${seg(code)}`, { body: { active } });
  getIndustries.forget();
  return changed;
}

// --- The public portal: search, product pages, merchant mini-sites (no sign-in) ------------------

export type SearchSort = 'relevance' | 'price_asc' | 'price_desc' | 'newest';
export const SEARCH_SORTS: readonly SearchSort[] = ['relevance', 'price_asc', 'price_desc', 'newest'];

/** The filters of a search; empty ones are left out of the address. */
export interface SearchQuery {
  q?: string;
  category_id?: string;
  merchant_id?: string;
  district?: string;
  min_price_won?: number | null;
  max_price_won?: number | null;
  sort?: SearchSort;
  page?: number;
  limit?: number;
}

/** A piece of a title: the parts that matched the query have `match` true. */
export interface HighlightSegment {
  text: string;
  match: boolean;
}

export interface SearchHit {
  id: string;
  title_ko: string;
  title_en: string;
  /** Segments covering the whole title, per language. */
  highlight?: { title_ko?: HighlightSegment[]; title_en?: HighlightSegment[] } | null;
  merchant: { id: string; name: Localized };
  district: CodeName | null;
  category_id: string;
  min_price_won: number;
  max_price_won: number;
  /** What an online buyer pays now for the cheapest variant, sale included (= min_price_won). */
  price_won: number;
  /** That variant's online list price: struck through when a sale makes price_won lower. */
  list_price_won: number;
  on_sale: boolean;
  image: { hash: string; url: string } | null;
}

export interface CategoryFacet {
  id: string;
  parent_id: string | null;
  name: Localized;
  count: number;
}

export interface MerchantFacet {
  id: string;
  name: Localized;
  count: number;
}

export interface DistrictFacet {
  code: string;
  name: Localized;
  count: number;
}

export interface PriceFacet {
  min_won: number;
  max_won: number | null;
  count: number;
}

export interface SearchResult {
  total: number;
  page: number;
  limit: number;
  items: SearchHit[];
  facets: {
    categories: CategoryFacet[];
    merchants: MerchantFacet[];
    districts: DistrictFacet[];
    prices: PriceFacet[];
  };
}

/** The server answers at most page × limit = 10,000 results deep. */
export const SEARCH_MAX_DEPTH = 10_000;

/** Across all approved merchants' active products; 422 names the field (q: too_long, too_many_words, …). */
export function searchProducts(search: SearchQuery, signal?: AbortSignal): Promise<SearchResult> {
  return request<SearchResult>('GET', `/api/v1/search${query({ ...search })}`, { signal });
}

export interface PublicAttribute {
  code: string;
  name: Localized;
  value: string | number | boolean | null;
  unit: string;
}

export interface PublicVariant {
  id: string;
  sku: string;
  barcode: string | null;
  options: Record<string, string>;
  /** What an online buyer pays now. */
  price_won: number;
  base_price_won: number;
  on_sale: boolean;
  sale_ends_at: string | null;
  tiers: { min_quantity: number; unit_price_won: number }[];
}

export interface ProductImage {
  hash: string;
  url: string;
  width: number;
  height: number;
  alt: string;
}

export type VatMode = 'taxable' | 'exempt';

/** An active product of an approved merchant, as the portal shows it. */
export interface PublicProduct {
  id: string;
  title_ko: string;
  title_en: string;
  /** Markdown source: render with markdown-it, html off. */
  description: string;
  brand: string;
  /** In the category path's order, ready to show. */
  attributes: PublicAttribute[];
  vat: VatMode;
  category: { id: string; path: { id: string; name: Localized }[] };
  merchant: { id: string; name: Localized; district: CodeName; phone: string; address: string };
  /** The first is the main image. */
  images: ProductImage[];
  variants: PublicVariant[];
  updated_at: string;
}

/** 404 product_not_found for an unknown, inactive or unapproved merchant's product. */
export function getPublicProduct(productId: string, signal?: AbortSignal): Promise<PublicProduct> {
  return request<PublicProduct>('GET', `/api/v1/products/${seg(productId)}`, { signal });
}

/** A merchant's mini-site profile. */
export interface Seller {
  id: string;
  name: Localized;
  industry: CodeName;
  district: CodeName;
  address: string;
  phone: string;
  /** Its active products. */
  products: number;
  top_categories: { id: string; name: Localized | string; count: number }[];
}

/** 404 merchant_not_found unless the merchant is approved. */
export function getSeller(merchantId: string, signal?: AbortSignal): Promise<Seller> {
  return request<Seller>('GET', `/api/v1/sellers/${seg(merchantId)}`, { signal });
}

/** The tree the portal shows (active categories under active parents), in tree order; ETag-revalidated. */
export function getPublicCategories(signal?: AbortSignal): Promise<CategoryTree> {
  return request<CategoryTree>('GET', '/api/v1/categories', { signal });
}

// --- The shared category tree --------------------------------------------------------------------

export const ATTRIBUTE_TYPES = ['text', 'integer', 'decimal', 'boolean', 'choice', 'date'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

export interface AttributeChoice {
  code: string;
  name: Localized;
}

/** What a category declares its products carry; the categories below it carry it too. */
export interface CategoryAttribute {
  code: string;
  name: Localized;
  type: AttributeType;
  required: boolean;
  unit: string;
  choices: AttributeChoice[];
}

export interface Category {
  id: string;
  parent_id: string | null;
  code: string;
  name: Localized;
  position: number;
  /** A retired category (false) and everything below it leave the portal. */
  active: boolean;
  /** Its own attributes only; those of the categories above it are inherited. */
  attributes: CategoryAttribute[];
  updated_at: string;
}

/** The tree in tree order: each category right after its parent, siblings by position. */
export interface CategoryTree {
  version: number;
  items: Category[];
}

/** The whole tree for the operator, retired categories too. */
export function listAllCategories(signal?: AbortSignal): Promise<CategoryTree> {
  return request<CategoryTree>('GET', '/api/v1/operator/categories', { signal });
}

export interface NewCategory {
  parent_id?: string;
  code: string;
  name_ko: string;
  name_en: string;
  position?: number;
}

export function createCategory(body: NewCategory): Promise<Category> {
  return request<Category>('POST', '/api/v1/operator/categories', { body });
}

/** Only the fields given change; `parent_id: null` moves the category to the top. */
export interface CategoryChange {
  name_ko?: string;
  name_en?: string;
  position?: number;
  active?: boolean;
  parent_id?: string | null;
}

export function updateCategory(categoryId: string, body: CategoryChange): Promise<Category> {
  return request<Category>('PATCH', `/api/v1/operator/categories/${seg(categoryId)}`, { body });
}

/** An attribute as the PUT takes it: flat names, and choices as {code, ko, en}. */
export interface AttributeInput {
  code: string;
  name_ko: string;
  name_en: string;
  type: AttributeType;
  required: boolean;
  unit: string;
  choices: { code: string; ko: string; en: string }[];
}

/** Replaces the attributes the category itself declares; field errors name `attributes[i].…`. */
export function setCategoryAttributes(categoryId: string, attributes: AttributeInput[]): Promise<Category> {
  const path = `/api/v1/operator/categories/${seg(categoryId)}/attributes`;
  return request<Category>('PUT', path, { body: { attributes } });
}

// --- Inventory: locations, stock per variant and location, the ledger, transfers (docs/inventory.md) --

export const LOCATION_KINDS = ['shop', 'warehouse'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** One day's opening hours, "HH:MM" (closing may be "24:00"); null for a closed day. */
export interface DayHours {
  open: string;
  close: string;
}

export interface Territory {
  /** District codes of the region the location serves. */
  districts: string[];
  /** Postal code ranges [first, last], both 5 digits. */
  postal_ranges: [string, string][];
}

export interface Location {
  id: string;
  merchant_id: string;
  kind: LocationKind;
  name_ko: string;
  name_en: string;
  district_code: string;
  district: Localized | null;
  postal_code: string;
  road_address: string;
  address_detail: string;
  phone: string;
  /** Seven days, Monday first. */
  hours: (DayHours | null)[];
  pickup: boolean;
  territory: Territory;
  /** A closed location (false) keeps its history but takes no stock and offers nothing online. */
  active: boolean;
  version: number;
  created_at: string;
  updated_at: string;
  /**
   * One location's own answers (read, create, replace) only: the other active shops whose territory
   * overlaps this one's. An overlap is allowed; the routing then prefers one by priority, then id.
   */
  warnings?: TerritoryWarning[];
}

export interface TerritoryWarning {
  code: 'territory_overlap';
  location_id: string;
  name_ko: string;
  name_en: string;
  /** Districts both name. */
  districts: string[];
  /** Postal codes both cover besides, as ranges. */
  postal_ranges: [string, string][];
  message: string;
}

/** What a create (POST) or a replace (PUT, with the version read) sends. */
export interface LocationInput {
  kind: LocationKind;
  name_ko: string;
  name_en: string;
  district_code: string;
  postal_code: string;
  road_address: string;
  address_detail: string;
  phone: string;
  hours: (DayHours | null)[];
  pickup: boolean;
  territory: Territory;
  active: boolean;
}

const inventoryPath = (merchantId: string) => `/api/v1/merchants/${seg(merchantId)}`;

/** Oldest first, closed ones too; at most 200, so no pages. */
export function listLocations(merchantId: string, signal?: AbortSignal): Promise<Items<Location>> {
  return request<Items<Location>>('GET', `${inventoryPath(merchantId)}/locations`, { signal });
}

export function getLocation(merchantId: string, locationId: string, signal?: AbortSignal): Promise<Location> {
  return request<Location>('GET', `${inventoryPath(merchantId)}/locations/${seg(locationId)}`, { signal });
}

/** Owners only (403 for staff); 422 with field errors. */
export function createLocation(merchantId: string, body: LocationInput): Promise<Location> {
  return request<Location>('POST', `${inventoryPath(merchantId)}/locations`, { body });
}

/**
 * Replaces the location (owners only); `active: false` closes it. 409 version_changed when someone
 * else saved since `version` was read, 409 location_has_stock when closing one that holds stock.
 */
export function updateLocation(
  merchantId: string,
  locationId: string,
  body: LocationInput & { version: number },
): Promise<Location> {
  return request<Location>('PUT', `${inventoryPath(merchantId)}/locations/${seg(locationId)}`, { body });
}

/** A variant's stock at one location; `available` is what online buyers can have there. */
export interface StockLevel {
  location_id: string;
  on_hand: number;
  reserved: number;
  safety_stock: number;
  available: number;
  updated_at: string;
  /** A counter sale drove on hand below zero here: count it (GET …/stock/count-flags lists them). */
  count_needed?: boolean;
}

/** One of the merchant's variants with its levels at the locations that have a stock row for it. */
export interface VariantStock {
  variant_id: string;
  product_id: string;
  sku: string;
  title_ko: string;
  title_en: string;
  options: Record<string, string>;
  product_status: ProductStatus;
  on_hand: number;
  available_online: number;
  levels: StockLevel[];
}

export function listStock(
  merchantId: string,
  filter: { q?: string; cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<Page<VariantStock>> {
  return request<Page<VariantStock>>('GET', `${inventoryPath(merchantId)}/stock${query({ ...filter })}`, { signal });
}

export const ADJUSTMENT_REASONS = ['receipt', 'adjustment', 'return', 'shop_sale'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export interface Adjustment {
  location_id: string;
  variant_id: string;
  /** receipt and return add (> 0), shop_sale removes (< 0), adjustment either way. */
  delta: number;
  reason: AdjustmentReason;
  note?: string;
}

/** All or none; 409 insufficient_stock below zero or below what orders hold. Answers the variants after. */
export function adjustStock(merchantId: string, adjustments: Adjustment[]): Promise<Items<VariantStock>> {
  return request<Items<VariantStock>>('POST', `${inventoryPath(merchantId)}/stock/adjustments`, {
    body: { adjustments },
  });
}

export interface CountAnswer {
  count_id: string;
  items: VariantStock[];
}

/** Each counted variant's on hand at the location becomes the count (a `count` movement of the difference). */
export function countStock(
  merchantId: string,
  body: { location_id: string; note?: string; lines: { variant_id: string; counted: number }[] },
): Promise<CountAnswer> {
  return request<CountAnswer>('POST', `${inventoryPath(merchantId)}/stock/counts`, { body });
}

export function setSafetyStock(
  merchantId: string,
  body: { location_id: string; variant_id: string; safety_stock: number },
): Promise<VariantStock> {
  return request<VariantStock>('PUT', `${inventoryPath(merchantId)}/stock/safety`, { body });
}

export const MOVEMENT_REASONS = [
  'receipt',
  'online_sale',
  'shop_sale',
  'return',
  'adjustment',
  'count',
  'transfer_out',
  'transfer_in',
] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

/** One row of the append-only stock ledger. */
export interface Movement {
  seq: number;
  location_id: string;
  variant_id: string;
  sku: string;
  title_ko: string;
  title_en: string;
  delta: number;
  on_hand_after: number;
  reason: MovementReason;
  /** Who made it: a person (usr_…), an API key (key_…), a customer's order, or the platform. */
  actor: { kind: 'user' | 'api_key' | 'customer' | 'system'; id?: string };
  /** What it belongs to: a transfer, a count or an order. */
  ref: { kind: string; id: string | null } | null;
  note: string;
  at: string;
}

export function listLedger(
  merchantId: string,
  filter: { location_id?: string; variant_id?: string; cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<Page<Movement>> {
  return request<Page<Movement>>('GET', `${inventoryPath(merchantId)}/stock/ledger${query({ ...filter })}`, {
    signal,
  });
}

export type TransferState = 'in_transit' | 'received' | 'cancelled';

export interface TransferLine {
  variant_id: string;
  quantity: number;
  sku?: string;
  title_ko?: string;
  title_en?: string;
}

export interface Transfer {
  id: string;
  from_location_id: string;
  to_location_id: string;
  state: TransferState;
  note: string;
  lines: TransferLine[];
  created_at: string;
  closed_at: string | null;
}

/** Newest first (at most `limit`, 1 to 200). */
export function listTransfers(
  merchantId: string,
  filter: { state?: 'in_transit'; limit?: number },
  signal?: AbortSignal,
): Promise<Items<Transfer>> {
  return request<Items<Transfer>>('GET', `${inventoryPath(merchantId)}/transfers${query({ ...filter })}`, { signal });
}

/** The stock leaves the source at once; 409 insufficient_stock beyond what is on hand and not reserved. */
export function sendTransfer(
  merchantId: string,
  body: {
    from_location_id: string;
    to_location_id: string;
    note?: string;
    lines: { variant_id: string; quantity: number }[];
  },
): Promise<Transfer> {
  return request<Transfer>('POST', `${inventoryPath(merchantId)}/transfers`, { body });
}

/** Receives (at the destination) or cancels (back at the source); 409 transfer_closed the second time. */
export function closeTransfer(merchantId: string, transferId: string, how: 'receive' | 'cancel'): Promise<Transfer> {
  return request<Transfer>('POST', `${inventoryPath(merchantId)}/transfers/${seg(transferId)}/${how}`);
}

// --- The cart, checkouts, payments and orders (docs/orders.md, docs/payments.md) -----------------

export type LineProblem = 'none' | 'price_changed' | 'short_of_stock' | 'unavailable';

export interface CartLine {
  variant_id: string;
  product_id: string;
  sku: string;
  title_ko: string;
  title_en: string;
  options: Record<string, string>;
  image: { url: string; width: number; height: number; alt: string } | null;
  vat: VatMode;
  quantity: number;
  /** The price now; `price_seen_won` is the one the shopper was shown when the line was set. */
  unit_price_won: number;
  price_seen_won: number;
  line_total_won: number;
  /** What can be had online now. */
  available: number;
  problem: LineProblem;
}

export interface ShippingRules {
  flat_fee_won: number;
  /** null: never free. */
  free_over_won: number | null;
  jeju_surcharge_won: number;
  islands_surcharge_won: number;
  /** 0: the defaults, never saved. */
  version: number;
  updated_at: string | null;
}

/** A merchant's shop that hands out orders, as the cart lists it. */
export interface PickupPlace {
  id: string;
  name_ko: string;
  name_en: string;
  district_code: string;
  postal_code: string;
  road_address: string;
  address_detail: string;
  phone: string;
  /** Seven days, Monday first; null for a closed day. */
  hours: (DayHours | null)[];
}

export interface CartMerchant {
  merchant_id: string;
  name_ko: string;
  name_en: string;
  district_code: string;
  /** False when the merchant no longer sells (its lines are `unavailable`). */
  selling: boolean;
  lines: CartLine[];
  subtotal_won: number;
  /** The delivery fee to the mainland; Jeju and the islands add their surcharge at checkout. */
  shipping_mainland_won: number;
  shipping: ShippingRules;
  pickup_locations: PickupPlace[];
}

export interface Cart {
  id: string | null;
  merchants: CartMerchant[];
  /** Units in the cart, over all lines. */
  items: number;
  subtotal_won: number;
  /** No line has a problem. */
  ready: boolean;
}

/** The shopper's cart, priced now. A guest's cart is named by an HttpOnly cookie; signed in, it joins the account's. */
export function getCart(signal?: AbortSignal): Promise<Cart> {
  return request<Cart>('GET', '/api/v1/cart', { signal });
}

/** Adds units to the variant's line (1 to 999 a line); 404 variant_not_found, 409 cart_full. */
export function addToCart(variantId: string, quantity: number): Promise<Cart> {
  return request<Cart>('POST', '/api/v1/cart/lines', { body: { variant_id: variantId, quantity } });
}

/** Sets a line's quantity (0 removes it); the price now becomes the price seen. */
export function setCartLine(variantId: string, quantity: number): Promise<Cart> {
  return request<Cart>('PUT', `/api/v1/cart/lines/${seg(variantId)}`, { body: { quantity } });
}

export function removeCartLine(variantId: string): Promise<Cart> {
  return request<Cart>('DELETE', `/api/v1/cart/lines/${seg(variantId)}`);
}

export const PAYMENT_METHODS = ['card', 'bank_transfer', 'pay_at_pickup', 'cash_on_delivery'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type Fulfilment = 'delivery' | 'pickup';

export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'preparing',
  'shipped',
  'ready_for_pickup',
  'delivered',
  'picked_up',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type PaymentStatus = 'unpaid' | 'paid' | 'partially_refunded' | 'refunded';
export type PaymentState = 'pending' | 'processing' | 'captured' | 'declined' | 'cancelled';

export interface DeliveryAddress {
  recipient: string;
  phone: string;
  /** Five digits. */
  postal_code: string;
  road_address: string;
  detail: string;
  note: string;
}

export interface CheckoutOrderInput {
  merchant_id: string;
  fulfilment: Fulfilment;
  address?: DeliveryAddress;
  pickup_location_id?: string;
}

export interface CheckoutInput {
  email: string;
  name: string;
  phone: string;
  payment_method: PaymentMethod;
  orders: CheckoutOrderInput[];
  /** The total the shopper was shown: 409 total_changed when it is not the total now. */
  expected_total_won?: number;
  /** Points to spend with each merchant (1 point = 1 won off its order). */
  points?: { merchant_id: string; points: number }[];
}

export interface OrderLine {
  line_no: number;
  variant_id: string;
  product_id: string;
  sku: string;
  title_ko: string;
  title_en: string;
  options: Record<string, string>;
  vat: VatMode;
  unit_price_won: number;
  quantity: number;
  line_total_won: number;
  location_id: string;
  returned_quantity: number;
}

export interface OrderEvent {
  seq: number;
  from: OrderStatus | null;
  to: OrderStatus;
  actor: { kind: string; user_id: string | null };
  note: string;
  at: string;
}

export interface Payment {
  id: string;
  method: PaymentMethod;
  provider: string | null;
  amount_won: number;
  state: PaymentState;
  decline_code: string | null;
  refunded_won: number;
  captured_at: string | null;
}

export interface Refund {
  id: string;
  amount_won: number;
  reason: string;
  state: 'pending' | 'succeeded' | 'failed';
  created_at: string;
}

export interface Order {
  id: string;
  checkout_id: string;
  merchant_id: string;
  status: OrderStatus;
  fulfilment: Fulfilment;
  customer: { user_id: string | null; email: string; name: string; phone: string };
  address: DeliveryAddress | null;
  pickup_location_id: string | null;
  subtotal_won: number;
  shipping_fee_won: number;
  /** Points spent on the order, 1 won each; the total is after them (0 or absent when none). */
  points_used?: number;
  total_won: number;
  /** The VAT included in the total. */
  vat_won: number;
  payment_method: PaymentMethod;
  payment_status: PaymentStatus;
  /** When an unpaid card or bank transfer order is cancelled. */
  payment_due_at: string | null;
  carrier: string;
  tracking_number: string;
  refunded_won: number;
  version: number;
  created_at: string;
  updated_at: string;
  lines: OrderLine[];
  /** One order's own reads only. */
  events?: OrderEvent[];
  payment?: Payment;
  refunds?: Refund[];
  /** The merchant's reads only: how the order was routed and credited (docs/routing.md). */
  routing?: OrderRouting;
}

export type RoutingReason = '' | 'pickup' | 'territory' | 'priority' | 'split';
export type CreditReason = '' | 'pickup' | 'territory' | 'no_territory';

export interface RoutedPlace {
  id: string;
  name_ko?: string;
  name_en?: string;
  kind?: LocationKind;
}

export interface OrderCredit {
  id: string;
  kind: 'credit' | 'reversal';
  goods_won: number;
  commission_won: number;
  rate_bp: number;
  at: string;
}

export interface OrderRouting {
  /** '' for orders placed before routing. */
  reason: RoutingReason;
  /** The one location that fulfils the order; null when split. */
  location: RoutedPlace | null;
  credit_reason: CreditReason;
  /** The shop credited with the order once paid; null when no shop's territory holds the address. */
  credited_location: RoutedPlace | null;
  /** One order's own read only. */
  credits?: OrderCredit[];
  credited_goods_won?: number;
  credited_commission_won?: number;
}

export interface Checkout {
  id: string;
  payment_method: PaymentMethod;
  total_won: number;
  created_at: string;
  orders: Order[];
}

/**
 * Places the cart's orders, one per merchant. `idempotencyKey` is made once per attempt and sent again
 * with a retry of the same attempt. 409 cart_changed (field errors `lines.<variant id>`), total_changed,
 * cart_empty; 422 with field errors such as `orders[0].address.postal_code`.
 */
export function placeCheckout(body: CheckoutInput, idempotencyKey: string): Promise<Checkout> {
  return request<Checkout>('POST', '/api/v1/checkouts', { body, idempotencyKey });
}

export function getCheckout(checkoutId: string, signal?: AbortSignal): Promise<Checkout> {
  return request<Checkout>('GET', `/api/v1/checkouts/${seg(checkoutId)}`, { signal });
}

export interface CardInput {
  number: string;
  /** MM/YY */
  expiry: string;
  cvc: string;
}

export interface CardCharge {
  status: 'captured' | 'declined' | 'pending';
  decline_code: string | null;
  amount_won: number;
  paid_orders: string[];
  payments: Payment[];
}

/** One charge for the checkout's card orders; 409 already_paid, payment_in_progress; 422 invalid_card. */
export function payByCard(checkoutId: string, card: CardInput, idempotencyKey: string): Promise<CardCharge> {
  return request<CardCharge>('POST', `/api/v1/checkouts/${seg(checkoutId)}/card-payments`, {
    body: { card },
    idempotencyKey,
  });
}

export function listMyOrders(
  filter: { cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<Page<Order>> {
  return request<Page<Order>>('GET', `/api/v1/me/orders${query({ ...filter })}`, { signal });
}

export function getMyOrder(orderId: string, signal?: AbortSignal): Promise<Order> {
  return request<Order>('GET', `/api/v1/me/orders/${seg(orderId)}`, { signal });
}

/** 409 invalid_transition once shipped or picked up. */
export function cancelMyOrder(orderId: string, reason: string): Promise<Order> {
  return request<Order>('POST', `/api/v1/me/orders/${seg(orderId)}/cancel`, { body: { reason } });
}

export interface OrderFilter {
  status?: string;
  fulfilment?: string;
  /** An order id. */
  q?: string;
  cursor?: string | null;
  limit?: number;
}

const ordersPath = (merchantId: string) => `/api/v1/merchants/${seg(merchantId)}/orders`;

export function listOrders(merchantId: string, filter: OrderFilter, signal?: AbortSignal): Promise<Page<Order>> {
  return request<Page<Order>>('GET', `${ordersPath(merchantId)}${query({ ...filter })}`, { signal });
}

/** With its history (events), payment and refunds. */
export function getOrder(merchantId: string, orderId: string, signal?: AbortSignal): Promise<Order> {
  return request<Order>('GET', `${ordersPath(merchantId)}/${seg(orderId)}`, { signal });
}

export type OrderStep = 'preparing' | 'shipped' | 'ready_for_pickup' | 'delivered' | 'picked_up' | 'completed';

export interface OrderStepInput {
  status: OrderStep;
  version: number;
  carrier?: string;
  tracking_number?: string;
  note?: string;
  /** At delivered / picked up: the money of a cash-on-delivery or pay-at-pickup order was taken. */
  payment_collected?: boolean;
}

/** 409 version_changed, invalid_transition; 422 for a shipment without carrier or tracking number. */
export function advanceOrder(merchantId: string, orderId: string, body: OrderStepInput): Promise<Order> {
  return request<Order>('POST', `${ordersPath(merchantId)}/${seg(orderId)}/status`, { body });
}

/** A bank transfer's deposit (or money taken at pickup or delivery); 409 already_paid, settled_by_gateway. */
export function confirmOrderPayment(merchantId: string, orderId: string, version: number): Promise<Order> {
  return request<Order>('POST', `${ordersPath(merchantId)}/${seg(orderId)}/payment-confirmation`, {
    body: { version },
  });
}

export function cancelOrder(merchantId: string, orderId: string, version: number, reason: string): Promise<Order> {
  return request<Order>('POST', `${ordersPath(merchantId)}/${seg(orderId)}/cancel`, { body: { version, reason } });
}

export interface ReturnInput {
  lines: { line_no: number; quantity: number }[];
  refund_won: number;
  restock: boolean;
  reason: string;
}

/** Goods back and/or money back; 409 return_not_allowed, nothing_to_refund; 422 invalid_return. */
export function returnOrder(
  merchantId: string,
  orderId: string,
  body: ReturnInput,
  idempotencyKey: string,
): Promise<Order> {
  return request<Order>('POST', `${ordersPath(merchantId)}/${seg(orderId)}/returns`, { body, idempotencyKey });
}

export function getShipping(merchantId: string, signal?: AbortSignal): Promise<ShippingRules> {
  return request<ShippingRules>('GET', `/api/v1/merchants/${seg(merchantId)}/shipping`, { signal });
}

/** Owners only; 409 version_changed. */
export function setShipping(
  merchantId: string,
  body: {
    flat_fee_won: number;
    free_over_won: number | null;
    jeju_surcharge_won: number;
    islands_surcharge_won: number;
    version: number;
  },
): Promise<ShippingRules> {
  return request<ShippingRules>('PUT', `/api/v1/merchants/${seg(merchantId)}/shipping`, { body });
}

/** The merchant's routing policy; version 0: the defaults, never saved. */
export interface RoutingPolicy {
  /** Location ids, the preferred first; the others follow by id. */
  priorities: string[];
  allow_split: boolean;
  /** The territory shop's commission in basis points of the goods (300 = 3 %). */
  commission_bp: number;
  version: number;
  updated_at: string | null;
}

export function getRoutingPolicy(merchantId: string, signal?: AbortSignal): Promise<RoutingPolicy> {
  return request<RoutingPolicy>('GET', `/api/v1/merchants/${seg(merchantId)}/routing`, { signal });
}

/** Owners only; 409 version_changed; 422 priorities[i] unknown_location / duplicate_location, commission_bp. */
export function setRoutingPolicy(
  merchantId: string,
  body: { priorities: string[]; allow_split: boolean; commission_bp: number; version: number },
): Promise<RoutingPolicy> {
  return request<RoutingPolicy>('PUT', `/api/v1/merchants/${seg(merchantId)}/routing`, { body });
}

export interface CounterTotals {
  sales: { count: number; amount_won: number };
  returns: { count: number; amount_won: number };
  imported: { count: number; amount_won: number };
  net_won: number;
}

export interface ChannelReport {
  location: { id: string; kind: LocationKind; name_ko: string; name_en: string };
  /** Days in Korean time, both included. */
  from: string;
  to: string;
  online_fulfilled: { orders: number; goods_won: number; returned_won: number };
  online_credited: {
    orders: number;
    goods_won: number;
    commission_won: number;
    reversals: number;
    reversed_goods_won: number;
    reversed_commission_won: number;
    net_goods_won: number;
    net_commission_won: number;
  };
  /** The location's counter sales over the same days: POS and web POS, returns (voids included), imported history. */
  counter: CounterTotals;
}

/** 422 invalid_period (fields from, to). */
export function getChannelReport(
  merchantId: string,
  locationId: string,
  period: { from?: string | undefined; to?: string | undefined },
  signal?: AbortSignal,
): Promise<ChannelReport> {
  return request<ChannelReport>(
    'GET',
    `/api/v1/merchants/${seg(merchantId)}/locations/${seg(locationId)}/channel-report${query({ ...period })}`,
    { signal },
  );
}

export interface CreditEntry {
  id: string;
  location_id: string;
  order_id: string;
  kind: 'credit' | 'reversal';
  return_id: string | null;
  goods_won: number;
  commission_won: number;
  rate_bp: number;
  actor: { kind: string; user_id: string | null };
  at: string;
}

export function listCredits(
  merchantId: string,
  filter: { location_id?: string; cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<Page<CreditEntry>> {
  return request<Page<CreditEntry>>('GET', `/api/v1/merchants/${seg(merchantId)}/credits${query({ ...filter })}`, {
    signal,
  });
}

/** A fresh Idempotency-Key for one attempt. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// --- The counter (POS): price list, sales, exceptions, day report, devices (docs/pos.md) -----------

/** A line of the price list a POS keeps to sell offline: a variant with its shop price and stock here. */
export interface PosItem {
  variant_id: string;
  sku: string;
  barcode: string | null;
  title_ko: string;
  title_en: string;
  options: Record<string, string>;
  /** The shop price now, in won. */
  price: number;
  on_hand: number;
  /** A taxable price includes 10% VAT; an exempt item (fresh food, books) has none. */
  vat: VatMode;
}

/** Pages of up to 200, by SKU; `next_cursor` is the last SKU. */
export function listPosItems(
  merchantId: string,
  filter: { location_id: string; cursor?: string | null },
  signal?: AbortSignal,
): Promise<Page<PosItem>> {
  return request<Page<PosItem>>('GET', `/api/v1/merchants/${seg(merchantId)}/pos/items${query({ ...filter })}`, {
    signal,
  });
}

export const TENDER_METHODS = ['cash', 'card', 'transfer', 'points'] as const;
export type TenderMethod = (typeof TENDER_METHODS)[number];
export type PosSaleKind = 'sale' | 'return' | 'void';

export interface PosTender {
  method: TenderMethod;
  amount: number;
}

export interface PosLineInput {
  /** A SKU or a barcode as scanned or typed. */
  code: string;
  quantity: number;
  /** Won charged per unit, before the line's discount. */
  unit_price: number;
  discount?: number;
  title?: string;
}

/** A sale, a return or a void as the counter sends it; `sale_id` is its idempotency key. */
export interface PosSaleInput {
  sale_id: string;
  kind: PosSaleKind;
  original_sale_id?: string;
  location_id: string;
  receipt_no: string;
  /** RFC 3339. */
  sold_at: string;
  cashier?: string;
  customer?: { phone?: string; card_no?: string };
  lines?: PosLineInput[];
  discount?: number;
  payments?: PosTender[];
  restock?: boolean;
}

export interface PosSaleLine {
  line_no: number;
  code: string;
  variant_id: string | null;
  sku: string;
  title: string;
  quantity: number;
  unit_price: number;
  list_price: number | null;
  discount: number;
  amount: number;
  returned_quantity: number;
}

/** A recorded counter sale, return or void. */
export interface PosSale {
  id: string;
  sale_id: string;
  kind: PosSaleKind;
  original_sale_id: string | null;
  location_id: string;
  source: 'device' | 'web_pos' | 'import';
  cashier: string;
  receipt_no: string;
  customer: { phone: string; card_no: string };
  subtotal: number;
  discount: number;
  total: number;
  currency: string;
  restock: boolean;
  sold_at: string;
  received_at: string;
  voided_by: string | null;
  exceptions: number;
  lines: PosSaleLine[];
  payments: PosTender[];
}

export interface PosBatchResult {
  index: number;
  sale_id: string;
  status: 'created' | 'duplicate' | 'refused';
  sale?: PosSale;
  count_needed?: string[];
  problem?: Problem;
}

export interface PosBatchAnswer {
  created: number;
  duplicates: number;
  refused: number;
  results: PosBatchResult[];
}

/** Up to 1,000 queued sales in the order they were made, each recorded (or refused) on its own. */
export function uploadPosSales(merchantId: string, sales: PosSaleInput[]): Promise<PosBatchAnswer> {
  return request<PosBatchAnswer>('POST', `/api/v1/merchants/${seg(merchantId)}/pos/sales/batch`, {
    body: { sales },
    timeoutMs: 60_000,
  });
}

export interface PosSaleFilter {
  location_id?: string;
  /** YYYY-MM-DD, a day in Korea. */
  date?: string;
  receipt_no?: string;
  /** The customer's mobile number, in any common form. */
  phone?: string;
  cursor?: string | null;
  limit?: number;
}

/** The sales journal, newest first. */
export function listPosSales(merchantId: string, filter: PosSaleFilter, signal?: AbortSignal): Promise<Page<PosSale>> {
  return request<Page<PosSale>>('GET', `/api/v1/merchants/${seg(merchantId)}/pos/sales${query({ ...filter })}`, {
    signal,
  });
}

export function getPosSale(merchantId: string, posSaleId: string, signal?: AbortSignal): Promise<PosSale> {
  return request<PosSale>('GET', `/api/v1/merchants/${seg(merchantId)}/pos/sales/${seg(posSaleId)}`, { signal });
}

/** points_short: points tendered beyond the customer's balance (the sale stands, nothing was taken). */
export type PosExceptionKind = 'unknown_item' | 'price_mismatch' | 'points_short';

/** What a counter sale left for the back office to look at. */
export interface PosException {
  id: string;
  kind: PosExceptionKind;
  location_id: string;
  sale: { id: string; sale_id: string; receipt_no: string };
  line_no: number;
  code: string;
  title: string;
  variant_id: string | null;
  quantity: number;
  expected_price: number | null;
  charged_price: number;
  state: 'open' | 'resolved';
  raised_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution_note: string;
}

export function listPosExceptions(
  merchantId: string,
  filter: { state?: 'open' | 'all'; location_id?: string; cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<Page<PosException>> {
  return request<Page<PosException>>(
    'GET',
    `/api/v1/merchants/${seg(merchantId)}/pos/exceptions${query({ ...filter })}`,
    { signal },
  );
}

export function resolvePosException(merchantId: string, exceptionId: string, note: string): Promise<PosException> {
  return request<PosException>(
    'POST',
    `/api/v1/merchants/${seg(merchantId)}/pos/exceptions/${seg(exceptionId)}/resolve`,
    { body: { note } },
  );
}

export interface PosDayReport {
  location_id: string;
  date: string;
  currency: string;
  sales: { count: number; amount: number };
  returns: { count: number; amount: number };
  voids: { count: number; amount: number };
  net: number;
  units_sold: number;
  by_method: { method: TenderMethod; sales: number; refunds: number; net: number }[];
  by_staff: {
    cashier: string;
    sales_count: number;
    sales: number;
    refunds_count: number;
    refunds: number;
    net: number;
  }[];
  by_hour: { hour: number; sales_count: number; sales: number; refunds: number }[];
  open_exceptions: number;
}

export function getPosDayReport(
  merchantId: string,
  locationId: string,
  date: string,
  signal?: AbortSignal,
): Promise<PosDayReport> {
  return request<PosDayReport>(
    'GET',
    `/api/v1/merchants/${seg(merchantId)}/locations/${seg(locationId)}/pos-report${query({ date })}`,
    { signal },
  );
}

/** A POS device: an API key with the scope pos, bound to one location. */
export interface PosDevice {
  id: string;
  name: string;
  prefix: string;
  location_id: string;
  location_name: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function listPosDevices(merchantId: string, signal?: AbortSignal): Promise<Items<PosDevice>> {
  return request<Items<PosDevice>>('GET', `/api/v1/merchants/${seg(merchantId)}/pos/devices`, { signal });
}

/** The answer shows the device's secret this once. */
export function createPosDevice(
  merchantId: string,
  body: { name: string; location_id: string },
): Promise<{ device: Omit<PosDevice, 'location_name' | 'last_used_at' | 'revoked_at'>; secret: string }> {
  return request('POST', `/api/v1/merchants/${seg(merchantId)}/pos/devices`, { body });
}

/** A stock row a counter sale drove below zero: count it (a count of the variant there clears it). */
export interface CountFlag {
  location_id: string;
  variant_id: string;
  on_hand_at_flag: number;
  on_hand: number;
  flagged_at: string;
  /** The sale that drove it below zero (pos_…), when one did. */
  sale: string | null;
}

export function listCountFlags(merchantId: string, signal?: AbortSignal): Promise<Items<CountFlag>> {
  return request<Items<CountFlag>>('GET', `/api/v1/merchants/${seg(merchantId)}/stock/count-flags`, { signal });
}

/** One of the merchant's members (its membership list), as the counter finds them by mobile number. */
export interface PosCustomer {
  id: string;
  card_no: string;
  name: string;
  phone: string;
  /** The points ledger's balance when the member has a person, else the imported figure. */
  points: number;
  /** The person this member (or customer) is, when known: the back office's customer page. */
  person_id?: string | null;
  /** False for a customer of this shop with the number who is not on its membership list (id is the psn). */
  member?: boolean;
  joined_on?: string;
  note?: string;
}

/** The merchant's members with a mobile number (any common form), by member number, at most 20. */
export function findPosCustomers(merchantId: string, phone: string, signal?: AbortSignal): Promise<Items<PosCustomer>> {
  return request<Items<PosCustomer>>('GET', `/api/v1/merchants/${seg(merchantId)}/pos/customers${query({ phone })}`, {
    signal,
  });
}

// --- Legacy records: past counter sales and membership lists from CSV (docs/legacy-import.md) ---------

/** Which legacy import: a shop's past counter sales, or the membership list. */
export type LegacyImportKind = 'pos_sales' | 'members';

/** What an import of past sales did (in a dry run: would do). */
export interface SalesImportSummary {
  encoding?: string;
  rows: number;
  bad_rows: number;
  /** Receipts in the file. */
  sales: number;
  sales_imported: number;
  /** Receipts imported before, skipped. */
  sales_already: number;
  /** Receipts with a bad row, left out whole. */
  sales_left_out: number;
  lines_imported: number;
  amount_won: number;
  unmatched_codes: number;
  first_sold_at: string | null;
  last_sold_at: string | null;
}

/** What an import of a membership list did (in a dry run: would do). */
export interface MemberImportSummary {
  encoding?: string;
  rows: number;
  bad_rows: number;
  imported: number;
  /** Members imported before, skipped. */
  already: number;
  /** Members imported before whose data differs now: reported, left as they were. */
  changed: number;
}

/** A legacy import as a background job: polled while queued or running. */
export interface LegacyImportJob<S = SalesImportSummary | MemberImportSummary> {
  id: string;
  kind: LegacyImportKind;
  status: ImportStatus;
  dry_run: boolean;
  location_id: string | null;
  encoding: string | null;
  total_rows: number;
  processed_rows: number;
  /** When it succeeded. */
  summary: S | null;
  /** The first 1,000 problems in line order; lists of imports leave them out. */
  issues?: ImportRowError[];
  issues_total: number;
  /** When it failed, e.g. `interrupted`. */
  error: { reason: string; message: string } | null;
  created_at: string;
  finished_at: string | null;
}

export type SalesImportJob = LegacyImportJob<SalesImportSummary>;
export type MemberImportJob = LegacyImportJob<MemberImportSummary>;

const legacyImportPath = (merchantId: string, kind: LegacyImportKind) =>
  `/api/v1/merchants/${seg(merchantId)}/${kind === 'pos_sales' ? 'pos/sales-imports' : 'member-imports'}`;

/**
 * Sends the file as it is; the server checks it as a whole (422 `invalid_file` with every missing column
 * named, and nothing kept) and answers 202 with the job. Past sales need the shop they were made at.
 */
export function startLegacyImport(
  merchantId: string,
  kind: LegacyImportKind,
  file: Blob,
  options: { dryRun: boolean; encoding: 'auto' | CsvEncoding; locationId?: string },
): Promise<LegacyImportJob> {
  const path = `${legacyImportPath(merchantId, kind)}${query({
    ...(kind === 'pos_sales' ? { location_id: options.locationId } : {}),
    dry_run: String(options.dryRun),
    encoding: options.encoding,
  })}`;
  return request<LegacyImportJob>('POST', path, {
    raw: { data: file, type: 'text/csv' },
    timeoutMs: UPLOAD_TIMEOUT_MS,
  });
}

export function getLegacyImport(
  merchantId: string,
  kind: LegacyImportKind,
  jobId: string,
  signal?: AbortSignal,
): Promise<LegacyImportJob> {
  return request<LegacyImportJob>('GET', `${legacyImportPath(merchantId, kind)}/${seg(jobId)}`, { signal });
}

/** The merchant's last 20 imports of the kind, newest first. */
export function listLegacyImports(
  merchantId: string,
  kind: LegacyImportKind,
  signal?: AbortSignal,
): Promise<Items<LegacyImportJob>> {
  return request<Items<LegacyImportJob>>('GET', legacyImportPath(merchantId, kind), { signal });
}

// --- Customers: one person across shop and web, reviews, points and consents (issue 7) -------------

export const RECORD_SOURCES = ['web', 'pos', 'member', 'import', 'order'] as const;
export type RecordSource = (typeof RECORD_SOURCES)[number];
export const CONSENT_PURPOSES = [
  'marketing_email',
  'marketing_sms',
  'marketing_push',
  'marketing_night',
  'third_party',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export type ConsentChannel = 'web' | 'app' | 'pos' | 'paper' | 'import';
export type PointKind = 'earn' | 'redeem' | 'expire' | 'reverse_earn' | 'reverse_redeem' | 'adjust';

/** One of a merchant's customers in its list; name, phone and e-mail from its newest records. */
export interface CustomerSummary {
  id: string;
  name: string;
  phone: string;
  email: string;
  card_no: string;
  first_purchase_at: string | null;
  last_purchase_at: string | null;
  purchases: number;
  total_won: number;
  points: number;
}

/** An identifier record of a person, with where it came from. */
export interface CustomerRecord {
  id: string;
  source: RecordSource | string;
  source_ref: string;
  name: string;
  phone: string;
  email: string;
  birth_date: string;
  postal_code: string;
  address: string;
  card_no: string;
  phone_verified: boolean;
  email_verified: boolean;
  created_at: string;
}

export interface PointsBalance {
  balance: number;
  next_expiry_at: string | null;
  expiring_next: number;
}

export interface Consent {
  purpose: ConsentPurpose;
  granted: boolean;
  /** Null, as channel and at, for a purpose never asked about. */
  text_version: string | null;
  channel: ConsentChannel | string | null;
  /** Null when never given. */
  at: string | null;
}

export interface CustomerMerge {
  id: string;
  kept: string;
  merged: string;
  actor: string;
  at: string;
  undone_at: string | null;
  evidence: unknown;
}

/** `purchase` and `refund`: entries recorded before purchases named their cause (no ref_id). */
export type HistoryKind = 'pos_sale' | 'order' | 'return' | 'pos_return' | 'import' | 'purchase' | 'refund';

export interface HistoryEntry {
  kind: HistoryKind | string;
  /** pos_… (counter sales and returns), ord_…, rtn_… (web returns), an import's own; null for old entries. */
  ref_id: string | null;
  channel: 'pos' | 'web' | 'import' | string;
  at: string;
  /** Negative for refunds. */
  amount_won: number;
  location_name: string | null;
  receipt_no: string | null;
  status: string | null;
}

export interface HistoryPage {
  items: HistoryEntry[];
  /** Pass back as `cursor` for the next page; null on the last one. */
  next_cursor: string | null;
}

export interface Customer360 {
  id: string;
  relationship: {
    first_purchase_at: string | null;
    last_purchase_at: string | null;
    purchases: number;
    total_won: number;
    card_no: string;
    note: string;
  };
  records: CustomerRecord[];
  points: PointsBalance;
  consents: Consent[];
  merges: CustomerMerge[];
  history: HistoryPage;
}

export interface PointEntry {
  id: string;
  kind: PointKind | string;
  ref: string;
  delta: number;
  remaining: number;
  expires_at: string | null;
  created_at: string;
}

export interface PointsView extends PointsBalance {
  items: PointEntry[];
}

export interface FieldEvidence {
  level: string;
  weight: number;
}

export interface Review {
  id: string;
  score: number;
  created_at: string;
  evidence: { rule?: string; fields?: Record<string, FieldEvidence> };
  a: { person: string; record: CustomerRecord };
  b: { person: string; record: CustomerRecord };
  /** The operator's list only. */
  merchant_a?: { id: string; name: string | Localized } | null;
  merchant_b?: { id: string; name: string | Localized } | null;
}

export interface ReviewDecision {
  id: string;
  state: string;
  merge: unknown;
}

export interface PointPolicy {
  /** Basis points of the amount paid: 100 = 1 %. */
  earn_bp: number;
  expiry_days: number;
  min_redeem: number;
}

const customersPath = (merchantId: string) => `/api/v1/merchants/${seg(merchantId)}/customers`;

export function listCustomers(
  merchantId: string,
  filter: { q?: string; cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<Page<CustomerSummary>> {
  return request<Page<CustomerSummary>>('GET', `${customersPath(merchantId)}${query({ ...filter })}`, { signal });
}

/** A merged person's id answers for the person that took it: compare the answer's id. */
export function getCustomer(merchantId: string, personId: string, signal?: AbortSignal): Promise<Customer360> {
  return request<Customer360>('GET', `${customersPath(merchantId)}/${seg(personId)}`, { signal });
}

export function getCustomerHistory(
  merchantId: string,
  personId: string,
  /** `cursor` (a page's next_cursor) or `before` (an RFC 3339 time to start before), not both. */
  filter: { cursor?: string | null; before?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<HistoryPage> {
  return request<HistoryPage>('GET', `${customersPath(merchantId)}/${seg(personId)}/history${query({ ...filter })}`, {
    signal,
  });
}

export function updateCustomer(
  merchantId: string,
  personId: string,
  body: { note?: string; card_no?: string },
): Promise<Customer360> {
  return request<Customer360>('PATCH', `${customersPath(merchantId)}/${seg(personId)}`, { body });
}

export function getCustomerPoints(merchantId: string, personId: string, signal?: AbortSignal): Promise<PointsView> {
  return request<PointsView>('GET', `${customersPath(merchantId)}/${seg(personId)}/points${query({ limit: 100 })}`, {
    signal,
  });
}

/** Owners only; 409 insufficient_points when a deduction is more than the balance. */
export function adjustCustomerPoints(
  merchantId: string,
  personId: string,
  body: { points: number; reason: string },
): Promise<PointEntry> {
  return request<PointEntry>('POST', `${customersPath(merchantId)}/${seg(personId)}/points/adjustments`, { body });
}

/** Consent taken at the counter or on paper by staff: answers the consents after it. */
export function recordCounterConsents(
  merchantId: string,
  personId: string,
  body: { changes: { purpose: ConsentPurpose; granted: boolean }[]; channel: 'pos' | 'paper'; text_version: string },
): Promise<Consent[]> {
  return request<Consent[]>('POST', `${customersPath(merchantId)}/${seg(personId)}/consents`, { body });
}

export interface MergeAnswer {
  id: string;
  kept: string;
  merged: string;
  moved_records?: string[];
  moved_back?: string[];
}

/** Owners only. 422 same_person; 409 person_not_active. */
export function mergeCustomers(merchantId: string, kept: string, merged: string): Promise<MergeAnswer> {
  return request<MergeAnswer>('POST', `/api/v1/merchants/${seg(merchantId)}/customer-merges`, {
    body: { kept, merged },
  });
}

/** Owners only. 409 merge_undone, kept_person_merged. */
export function undoCustomerMerge(merchantId: string, mergeId: string): Promise<MergeAnswer> {
  return request<MergeAnswer>('POST', `/api/v1/merchants/${seg(merchantId)}/customer-merges/${seg(mergeId)}/undo`);
}

/** Open reviews; the merchant's when a merchant id is given, every merchant's for the operator. */
export function listReviews(
  merchantId: string | null,
  filter: { cursor?: string | null; limit?: number },
  signal?: AbortSignal,
): Promise<Page<Review>> {
  const base =
    merchantId === null
      ? '/api/v1/operator/customer-reviews'
      : `/api/v1/merchants/${seg(merchantId)}/customer-reviews`;
  return request<Page<Review>>('GET', `${base}${query({ ...filter })}`, { signal });
}

/** 409 review_decided when someone decided it first. */
export function decideReview(
  merchantId: string | null,
  reviewId: string,
  decision: 'same' | 'different',
): Promise<ReviewDecision> {
  const base =
    merchantId === null
      ? '/api/v1/operator/customer-reviews'
      : `/api/v1/merchants/${seg(merchantId)}/customer-reviews`;
  return request<ReviewDecision>('POST', `${base}/${seg(reviewId)}/decision`, { body: { decision } });
}

export function getPointPolicy(merchantId: string, signal?: AbortSignal): Promise<PointPolicy> {
  return request<PointPolicy>('GET', `/api/v1/merchants/${seg(merchantId)}/point-policy`, { signal });
}

/** Owners only; 422 invalid_point_policy with field errors. */
export function setPointPolicy(merchantId: string, body: PointPolicy): Promise<PointPolicy> {
  return request<PointPolicy>('PUT', `/api/v1/merchants/${seg(merchantId)}/point-policy`, { body });
}

/** My page: the merchants I have a relationship or a consent with. */
export interface MyCustomerProfile {
  person: string | null;
  merchants: {
    merchant_id: string;
    merchant_name: string | Localized;
    points: PointsBalance;
    consents: Consent[];
    first_purchase_at: string | null;
    last_purchase_at: string | null;
    purchases: number;
  }[];
}

export function getMyCustomerProfile(signal?: AbortSignal): Promise<MyCustomerProfile> {
  return request<MyCustomerProfile>('GET', '/api/v1/me/customer-profile', { signal });
}

export function getMyPoints(merchantId: string, signal?: AbortSignal): Promise<PointsView> {
  return request<PointsView>('GET', `/api/v1/me/points${query({ merchant_id: merchantId, limit: 100 })}`, { signal });
}

/** Grants and withdrawals at once (channel web); answers that merchant's five consents. */
export async function setMyConsents(body: {
  merchant_id: string;
  changes: { purpose: ConsentPurpose; granted: boolean }[];
  text_version: string;
}): Promise<Consent[]> {
  const answer = await request<{ merchant_id: string; consents: Consent[] }>('PUT', '/api/v1/me/consents', { body });
  return answer.consents;
}

export interface ConsentTexts {
  version: string;
  texts: Partial<Record<ConsentPurpose, Localized>>;
}

export const getConsentTexts = once(() => request<ConsentTexts>('GET', '/api/v1/me/consent-texts'));

/** The address of the download: a same-origin link with the session's cookie. */
export const MY_DATA_EXPORT_URL = '/api/v1/me/data-export';

/**
 * 422 wrong_password (field password) or confirmation_required (field confirm); 409 merchant_member or
 * operator_admin. The account is gone afterwards and the session cookie removed.
 */
export function eraseMe(body: { password: string; confirm: string }): Promise<{ erased_at: string }> {
  return request<{ erased_at: string }>('POST', '/api/v1/me/erasure', { body });
}
