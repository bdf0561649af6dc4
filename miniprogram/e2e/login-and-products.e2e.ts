/**
 * The built mini-program end to end: the weapp output is checked on disk, the h5 build is driven in
 * headless Chromium against the real server (fresh database, demo data). `npm test` builds both
 * targets before jest runs; run `npm run build -w @wesale/miniprogram` first when calling jest directly.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/src/testing/test-server';

const H5_DIR = path.resolve(__dirname, '../dist/h5');
const WEAPP_DIR = path.resolve(__dirname, '../dist/weapp');
const SCREENSHOT_DIR = '/tmp';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// WeChat refuses a package over 2 MB; we want to stay far below it.
const WEAPP_MAIN_PACKAGE_BUDGET = 1024 * 1024;

interface ApiProduct {
  id: string;
  sku: string;
  name: string;
  unit: string;
  priceFen: number;
}

jest.setTimeout(60_000);

function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? sizeOf(full) : statSync(full).size;
  }
  return total;
}

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, suffix);
    return entry.name.endsWith(suffix) ? [full] : [];
  });
}

/** "¥1,288.00" for 128800, as the app formats it (kept separate from the code under test). */
function yuan(fen: number): string {
  const whole = Math.floor(fen / 100).toLocaleString('en-US');
  return `¥${whole}.${String(fen % 100).padStart(2, '0')}`;
}

describe('weapp build', () => {
  it('emits app.js and an app.json listing the pages', () => {
    expect(existsSync(path.join(WEAPP_DIR, 'app.js'))).toBe(true);
    const appJson = JSON.parse(readFileSync(path.join(WEAPP_DIR, 'app.json'), 'utf8')) as { pages: string[] };
    expect(appJson.pages).toEqual(['pages/index/index', 'pages/login/index']);
    for (const page of appJson.pages) {
      for (const ext of ['.js', '.json', '.wxml', '.wxss']) expect(existsSync(path.join(WEAPP_DIR, page + ext))).toBe(true);
    }
  });

  it('keeps the main package small and zod out of both builds', () => {
    const appJson = JSON.parse(readFileSync(path.join(WEAPP_DIR, 'app.json'), 'utf8')) as {
      subPackages?: Array<{ root: string }>;
      subpackages?: Array<{ root: string }>;
    };
    const subRoots = (appJson.subPackages ?? appJson.subpackages ?? []).map((sub) => sub.root);
    const subSize = subRoots.reduce((sum, root) => sum + sizeOf(path.join(WEAPP_DIR, root)), 0);
    const mainSize = sizeOf(WEAPP_DIR) - subSize;
    expect(mainSize).toBeLessThan(WEAPP_MAIN_PACKAGE_BUDGET);

    // Only `import type` from '@wesale/shared' and zod-free subpaths belong in the mini-program.
    for (const file of [...filesUnder(WEAPP_DIR, '.js'), ...filesUnder(H5_DIR, '.js')]) {
      expect(readFileSync(file, 'utf8')).not.toMatch(/ZodError|\$ZodType/);
    }
  });
});

describe('h5 app on the real server', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext | undefined;
  const pageErrors = new WeakMap<Page, string[]>();

  beforeAll(async () => {
    expect(existsSync(path.join(H5_DIR, 'index.html'))).toBe(true);
    server = await startTestServer({ h5Dir: H5_DIR });
    // A fresh temporary profile per launch; one browser context per test keeps storage apart.
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  }, 60_000);

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 30_000);

  async function openApp(): Promise<Page> {
    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.setDefaultNavigationTimeout(15_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    pageErrors.set(page, errors);
    await page.goto(server.url);
    return page;
  }

  function pageErrorsOf(page: Page): string[] {
    return pageErrors.get(page) ?? [];
  }

  async function submitLogin(page: Page, username: string, password: string): Promise<void> {
    await page.waitForURL(/#\/pages\/login\/index/);
    await page.locator('#login-username input').fill(username);
    await page.locator('#login-password input').fill(password);
    await page.locator('#login-submit').click();
  }

  async function loginAs(page: Page, username: string): Promise<void> {
    await submitLogin(page, username, server.demoPassword);
    await page.waitForURL(/#\/pages\/index\/index/);
    await page.locator('.product-item').first().waitFor();
  }

  async function api<T>(method: string, urlPath: string, token?: string, body?: unknown): Promise<T> {
    const response = await fetch(`${server.url}/api/v1${urlPath}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${urlPath}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async function tokenOf(username: string): Promise<string> {
    const session = await api<{ token: string }>('POST', '/auth/login', undefined, { username, password: server.demoPassword });
    return session.token;
  }

  async function listAll(token: string, q = ''): Promise<ApiProduct[]> {
    const items: ApiProduct[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ limit: '100', ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) });
      const page: { data: ApiProduct[]; nextCursor: string | null } = await api('GET', `/products?${query}`, token);
      items.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  const names = (page: Page) => page.locator('.product-item .product-item__name').allInnerTexts();

  it('sends a visitor to the login page and shows the server message for a wrong password', async () => {
    const page = await openApp();
    await page.waitForURL(/#\/pages\/login\/index/);
    // Taro h5 shows the page's navigationBarTitleText as the document title.
    await page.waitForFunction(() => document.title === '登录');

    await submitLogin(page, 'rep1', 'not-the-password');
    await expect(page.locator('#login-error')).toHaveTextContent('用户名或密码错误');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-login-error.png') });
    expect(page.url()).toMatch(/#\/pages\/login\/index/);

    // Typing again clears the message.
    await page.locator('#login-password input').fill('x');
    await expect(page.locator('#login-error')).toHaveTextContent('');
    expect(pageErrorsOf(page)).toEqual([]);
  });

  it('logs in as rep1 and lists the products from the API with prices', async () => {
    const expected = await listAll(await tokenOf('rep1'));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThanOrEqual(20);

    const page = await openApp();
    const productsCall = page.waitForResponse((response) => response.url().includes('/api/v1/products') && response.status() === 200);
    await loginAs(page, 'rep1');
    await productsCall;

    await expect(page.locator('#current-user')).toHaveTextContent(/李销售\s*销售/);
    await expect(names(page)).resolves.toEqual(expected.map((product) => product.name));

    const longjing = expected.find((product) => product.sku === 'TEA-LJ-250')!;
    const row = page.locator('.product-item', { hasText: longjing.name });
    await expect(row.locator('.product-item__amount')).toHaveTextContent(yuan(longjing.priceFen));
    await expect(row.locator('.product-item__unit')).toHaveTextContent(`/${longjing.unit}`);
    await expect(row).toHaveTextContent('TEA-LJ-250');
    await expect(page.locator('.product-list__end')).toHaveTextContent('没有更多了');

    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-products.png'), fullPage: true });

    // The session survives a reload.
    await page.reload();
    await page.locator('.product-item').first().waitFor();
    expect(page.url()).toMatch(/#\/pages\/index\/index/);
    expect(pageErrorsOf(page)).toEqual([]);
  });

  it('narrows the list by name or SKU and shows an empty state', async () => {
    const page = await openApp();
    await loginAs(page, 'rep1');
    const search = page.locator('#product-search input');

    await search.fill('龙井');
    await expect(page.locator('.product-item')).toHaveCountOf(1);
    await expect(names(page)).resolves.toEqual(['西湖龙井 明前特级']);

    await search.fill('GIFT-');
    await expect(page.locator('.product-item')).toHaveCountOf(3);
    for (const name of await names(page)) expect(name).toMatch(/礼/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-search.png') });

    await search.fill('没有这种产品');
    await page.locator('.product-list-empty').waitFor();
    await expect(page.locator('.product-list-empty')).toHaveTextContent('没有找到相关产品');
    await expect(page.locator('.product-item')).toHaveCountOf(0);

    await search.fill('');
    await expect(page.locator('.product-item')).toHaveCountOf((await listAll(await tokenOf('rep1'))).length);
  });

  it('logs out, and a session the server no longer accepts returns to the login page', async () => {
    const page = await openApp();
    await loginAs(page, 'manager');
    await expect(page.locator('#current-user')).toHaveTextContent(/王经理\s*销售经理/);

    await page.locator('#logout').click();
    await page.waitForURL(/#\/pages\/login\/index/);
    await page.goto(`${server.url}/#/pages/index/index`);
    await page.waitForURL(/#\/pages\/login\/index/);

    // A token the server rejects (401): the wrapper drops it and goes to login.
    await loginAs(page, 'rep2');
    const replaced = await page.evaluate(() => {
      let count = 0;
      for (const key of Object.keys(localStorage)) {
        const raw = localStorage.getItem(key) ?? '';
        if (!/"token":"[^"]+"/.test(raw)) continue;
        localStorage.setItem(key, raw.replace(/"token":"[^"]*"/, '"token":"revoked-token"'));
        count += 1;
      }
      return count;
    });
    expect(replaced).toBe(1);
    await page.reload();
    await page.waitForURL(/#\/pages\/login\/index/);
    const stored = await page.evaluate(() => Object.values(localStorage).join(''));
    expect(stored).not.toContain('revoked-token');
    expect(pageErrorsOf(page)).toEqual([]);
  });

  it('loads the next page with 加载更多', async () => {
    const adminToken = await tokenOf('admin');
    const stamp = Date.now().toString(36).toUpperCase();
    for (let i = 1; i <= 15; i += 1) {
      await api('POST', '/products', adminToken, {
        sku: `E2E-${stamp}-${String(i).padStart(2, '0')}`,
        name: `测试分页产品 ${String(i).padStart(2, '0')}`,
        spec: '1件',
        unit: '件',
        category: '测试',
        priceFen: 1000 + i,
      });
    }
    const expected = await listAll(await tokenOf('rep1'));
    expect(expected.length).toBeGreaterThan(20);

    const page = await openApp();
    await loginAs(page, 'rep1');
    await expect(page.locator('.product-item')).toHaveCountOf(20);
    await page.locator('.product-list__more').click();
    await expect(page.locator('.product-item')).toHaveCountOf(expected.length);
    await expect(names(page)).resolves.toEqual(expected.map((product) => product.name));
    await expect(page.locator('.product-list__end')).toHaveTextContent('没有更多了');
  });
});

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
  async toHaveTextContent(locator: ReturnType<Page['locator']>, expected: string | RegExp) {
    const matches = (text: string) => (typeof expected === 'string' ? (expected === '' ? text.trim() === '' : text.includes(expected)) : expected.test(text));
    const text = await poll(async () => ((await locator.count()) ? ((await locator.first().textContent()) ?? '') : ''), matches);
    const pass = matches(text);
    return { pass, message: () => `expected ${locator} ${pass ? 'not ' : ''}to have text ${String(expected)}, got "${text}"` };
  },
  async toHaveCountOf(locator: ReturnType<Page['locator']>, expected: number) {
    const count = await poll(() => locator.count(), (value) => value === expected);
    return { pass: count === expected, message: () => `expected ${locator} to match ${expected} elements, got ${count}` };
  },
});
