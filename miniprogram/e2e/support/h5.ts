/**
 * Shared by the mini-program e2e files: the built h5 app in headless Chromium (playwright-core, Debian's
 * chromium) against a real test server, a small API client for test setup, and polling matchers.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const H5_DIR = path.resolve(__dirname, '../../dist/h5');
export const WEAPP_DIR = path.resolve(__dirname, '../../dist/weapp');
export const SCREENSHOT_DIR = '/tmp';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  // A fresh temporary profile per launch; one browser context per test keeps storage apart.
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page. */
  errors: string[];
}

/** A phone-sized browser context on the app; `beforeLoad` (script source) runs in the page before the app's own scripts. */
export async function openApp(browser: Browser, url: string, beforeLoad?: string): Promise<AppPage> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  if (beforeLoad) await context.addInitScript({ content: beforeLoad });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { context, page, errors };
}

/**
 * Taro h5 keeps visited tab pages (and the pages under the current one) in the DOM, hidden; ids repeat
 * across them. Selectors in the tests therefore look only at what is on screen.
 */
export function visible(page: Page, selector: string, options?: { hasText?: string | RegExp }): Locator {
  return page.locator(selector, options).filter({ visible: true });
}

export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.waitForURL(/#\/pages\/login\/index/);
  // During a reLaunch Taro h5 shows the outgoing page for a moment beside the new one; wait for one form.
  await expect(visible(page, '#login-username input')).toHaveCountOf(1);
  await visible(page, '#login-username input').fill(username);
  await visible(page, '#login-password input').fill(password);
  await visible(page, '#login-submit').click();
}

/** Sales staff (admin, manager, rep) land on the workbench tab. */
export async function loginAsStaff(page: Page, username: string, password: string): Promise<void> {
  await submitLogin(page, username, password);
  await page.waitForURL(/#\/pages\/home\/index/);
  await visible(page, '#current-user').waitFor();
}

/** The tab bar Taro draws in h5 (WeChat draws its own in weapp). */
export async function openTab(page: Page, text: '首页' | '线索' | '客户' | '商机' | '我的'): Promise<void> {
  await page.locator('.weui-tabbar__item', { hasText: text }).click();
}

export function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? sizeOf(full) : statSync(full).size;
  }
  return total;
}

export function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, suffix);
    return entry.name.endsWith(suffix) ? [full] : [];
  });
}

/** "¥1,288.00" for 128800, as the app formats it (kept separate from the code under test). */
export function yuan(fen: number): string {
  const whole = Math.floor(fen / 100).toLocaleString('en-US');
  return `¥${whole}.${String(fen % 100).padStart(2, '0')}`;
}

export interface ApiResult<T> {
  status: number;
  body: T;
}

/** Test setup talks to the same server over HTTP, as any client would. */
export function apiClient(baseUrl: string, password: string) {
  async function call<T>(method: string, urlPath: string, token?: string, body?: unknown): Promise<ApiResult<T>> {
    const response = await fetch(`${baseUrl}/api/v1${urlPath}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** Like `call`, but a non-2xx answer fails the test with the server's words. */
  async function api<T>(method: string, urlPath: string, token?: string, body?: unknown): Promise<T> {
    const result = await call<T>(method, urlPath, token, body);
    if (result.status < 200 || result.status >= 300) throw new Error(`${method} ${urlPath}: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body;
  }

  async function tokenOf(username: string): Promise<string> {
    return (await api<{ token: string }>('POST', '/auth/login', undefined, { username, password })).token;
  }

  return { call, api, tokenOf };
}

/* Small polling matchers for Playwright locators (playwright-core has no `expect` of its own). */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toHaveTextContent(expected: string | RegExp): Promise<R>;
      toHaveCountOf(expected: number): Promise<R>;
    }
  }
}

async function poll<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

expect.extend({
  async toHaveTextContent(locator: Locator, expected: string | RegExp) {
    const matches = (text: string) => (typeof expected === 'string' ? (expected === '' ? text.trim() === '' : text.includes(expected)) : expected.test(text));
    const text = await poll(async () => ((await locator.count()) ? ((await locator.first().textContent()) ?? '') : ''), matches);
    const pass = matches(text);
    return { pass, message: () => `expected ${locator} ${pass ? 'not ' : ''}to have text ${String(expected)}, got "${text}"` };
  },
  async toHaveCountOf(locator: Locator, expected: number) {
    const count = await poll(() => locator.count(), (value) => value === expected);
    return { pass: count === expected, message: () => `expected ${locator} to match ${expected} elements, got ${count}` };
  },
});
