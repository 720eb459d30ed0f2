// The HTTP API of the jangteo server (docs/api.md). Same origin: the server serves this app.

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
  ) {
    super(kind === 'network' ? 'network error' : `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

const TIMEOUT_MS = 10_000;

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), TIMEOUT_MS);
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort);
  let response: Response;
  try {
    const init: RequestInit = {
      method,
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      signal: controller.signal,
      credentials: 'same-origin',
    };
    if (body !== undefined) init.body = JSON.stringify(body);
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
    throw new ApiError('http', response.status, data && typeof data === 'object' ? (data as Problem) : null);
  }
  if (data === null) throw new ApiError('http', response.status, null);
  return data as T;
}

export function getOperator(signal?: AbortSignal): Promise<Operator> {
  return request<Operator>('GET', '/api/v1/operator', undefined, signal);
}

export interface BusinessNumber {
  number: string;
  formatted: string;
}

export function validateBusinessNumber(number: string): Promise<BusinessNumber> {
  return request<BusinessNumber>('POST', '/api/v1/validations/business-number', { number });
}
