import Taro from '@tarojs/taro';
import { ROUTES } from '../routes';
import { ApiError, apiErrorFromCode, apiErrorFromResponse } from './api-error';
import { clearSession, getToken } from './session';

export { ApiError, isApiError, errorMessage } from './api-error';

/**
 * The one caller of Taro.request. The h5 build is served by the API server itself, so it calls its
 * own origin; the weapp build needs an absolute HTTPS origin from TARO_APP_API_BASE (.env.*).
 */
const API_BASE = process.env.TARO_ENV === 'h5' ? '' : (process.env.TARO_APP_API_BASE ?? '').replace(/\/+$/, '');

const TIMEOUT_MS = 15_000;

// WeChat: at most 10 wx.request/uploadFile/downloadFile in flight; keep headroom for the others.
const MAX_IN_FLIGHT = 8;
let inFlight = 0;
const waiting: Array<() => void> = [];

function acquireSlot(): Promise<void> {
  if (inFlight < MAX_IN_FLIGHT) {
    inFlight += 1;
    return Promise.resolve();
  }
  return new Promise((resolve) => waiting.push(resolve));
}

function releaseSlot(): void {
  const next = waiting.shift();
  // Hand the slot straight to the next caller; inFlight stays the same.
  if (next) next();
  else inFlight -= 1;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** false for the login calls: no token is sent and a 401 is just a wrong password. */
  auth?: boolean;
  /** Extra headers, e.g. the Idempotency-Key of an order. */
  headers?: Record<string, string>;
}

/** Query string without empty values (URLSearchParams does not exist in the mini-program runtime). */
export function buildQuery(query: Record<string, QueryValue> = {}): string {
  const parts = Object.keys(query)
    .filter((key) => query[key] !== undefined && query[key] !== null && query[key] !== '')
    .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(String(query[key]))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

let redirectingToLogin = false;

function redirectToLogin(): void {
  if (redirectingToLogin) return;
  redirectingToLogin = true;
  Taro.reLaunch({ url: ROUTES.login }).finally(() => {
    redirectingToLogin = false;
  });
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const token = options.auth === false ? null : getToken();
  const header: Record<string, string> = { ...options.headers, Accept: 'application/json' };
  if (token) header.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) header['Content-Type'] = 'application/json';

  await acquireSlot();
  let response: Taro.request.SuccessCallbackResult<TaroGeneral.IAnyObject | string>;
  try {
    response = await Taro.request({
      url: `${API_BASE}${path}${buildQuery(options.query)}`,
      method,
      data: options.body as Taro.request.Option['data'],
      header,
      timeout: TIMEOUT_MS,
      dataType: 'json',
    });
  } catch {
    throw apiErrorFromCode('NETWORK_ERROR');
  } finally {
    releaseSlot();
  }

  const { statusCode, data } = response;
  if (statusCode >= 200 && statusCode < 300) {
    if (statusCode !== 204 && (data === null || data === undefined || typeof data !== 'object')) {
      throw apiErrorFromCode('BAD_RESPONSE', statusCode);
    }
    return data as T;
  }

  const error: ApiError = apiErrorFromResponse(statusCode, data);
  if (statusCode === 401 && token) {
    clearSession();
    redirectToLogin();
  }
  throw error;
}
