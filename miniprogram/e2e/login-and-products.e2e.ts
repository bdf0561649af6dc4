/**
 * The built mini-program end to end: the weapp output is checked on disk, the h5 build is driven in
 * headless Chromium against the real server (fresh database, demo data). `npm test` builds both
 * targets before jest runs; run `npm run build -w @wesale/miniprogram` first when calling jest directly.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../../server/src/testing/test-server';
import {
  apiClient,
  filesUnder,
  H5_DIR,
  launchBrowser,
  loginAsStaff,
  openApp,
  openTab,
  SCREENSHOT_DIR,
  sizeOf,
  submitLogin,
  visible,
  WEAPP_DIR,
  yuan,
} from './support/h5';

// WeChat refuses a package over 2 MB; we want to stay far below it.
const WEAPP_MAIN_PACKAGE_BUDGET = 1024 * 1024;
const WEAPP_SUBPACKAGE_BUDGET = 512 * 1024;

const TAB_PAGES = ['pages/home/index', 'pages/leads/index', 'pages/customers/index', 'pages/opportunities/index', 'pages/me/index'];

interface AppJson {
  pages: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  subpackages?: Array<{ root: string; pages: string[] }>;
  tabBar?: { list: Array<{ pagePath: string; text: string; iconPath?: string; selectedIconPath?: string }> };
}

interface ApiProduct {
  id: string;
  sku: string;
  name: string;
  unit: string;
  priceFen: number;
}

jest.setTimeout(60_000);

function readAppJson(): AppJson {
  return JSON.parse(readFileSync(path.join(WEAPP_DIR, 'app.json'), 'utf8')) as AppJson;
}

describe('weapp build', () => {
  it('emits app.js and an app.json with only the launch, login and tab pages in the main package', () => {
    expect(existsSync(path.join(WEAPP_DIR, 'app.js'))).toBe(true);
    const appJson = readAppJson();
    expect(appJson.pages).toEqual(['pages/index/index', 'pages/login/index', ...TAB_PAGES]);
    expect(appJson.tabBar?.list.map((tab) => tab.pagePath)).toEqual(TAB_PAGES);
    expect(appJson.tabBar?.list.map((tab) => tab.text)).toEqual(['首页', '线索', '客户', '商机', '我的']);
    for (const tab of appJson.tabBar?.list ?? []) {
      for (const icon of [tab.iconPath, tab.selectedIconPath]) expect(existsSync(path.join(WEAPP_DIR, icon ?? 'missing'))).toBe(true);
    }

    const subPackages = appJson.subPackages ?? appJson.subpackages ?? [];
    expect(subPackages.map((sub) => sub.root).sort()).toEqual(
      [
        'packages/approvals',
        'packages/contracts',
        'packages/customers',
        'packages/follow-ups',
        'packages/leads',
        'packages/opportunities',
        'packages/orders',
        'packages/quotes',
      ].sort(),
    );
    const allPages = [...appJson.pages, ...subPackages.flatMap((sub) => sub.pages.map((page) => `${sub.root}/${page}`))];
    for (const page of allPages) {
      for (const ext of ['.js', '.json', '.wxml', '.wxss']) expect(existsSync(path.join(WEAPP_DIR, page + ext))).toBe(true);
    }
  });

  it('keeps the main package and each subpackage small and zod out of both builds', () => {
    const subRoots = (readAppJson().subPackages ?? []).map((sub) => sub.root);
    const subSizes = subRoots.map((root) => sizeOf(path.join(WEAPP_DIR, root)));
    const mainSize = sizeOf(WEAPP_DIR) - subSizes.reduce((sum, size) => sum + size, 0);
    expect(mainSize).toBeLessThan(WEAPP_MAIN_PACKAGE_BUDGET);
    for (const size of subSizes) expect(size).toBeLessThan(WEAPP_SUBPACKAGE_BUDGET);

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
  let client: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    expect(existsSync(path.join(H5_DIR, 'index.html'))).toBe(true);
    server = await startTestServer({ h5Dir: H5_DIR });
    client = apiClient(server.url, server.demoPassword);
    browser = await launchBrowser();
  }, 60_000);

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, 30_000);

  async function open(): Promise<Page> {
    const app = await openApp(browser, server.url);
    context = app.context;
    pageErrors.set(app.page, app.errors);
    return app.page;
  }

  function pageErrorsOf(page: Page): string[] {
    return pageErrors.get(page) ?? [];
  }

  /** Staff open the product list from 我的 → 产品目录. */
  async function openCatalog(page: Page): Promise<void> {
    await openTab(page, '我的');
    await visible(page, '.me-menu__catalog').click();
    await page.waitForURL(/#\/pages\/index\/index\?view=catalog/);
    await visible(page, '.product-item').first().waitFor();
  }

  async function listAll(token: string, q = ''): Promise<ApiProduct[]> {
    const items: ApiProduct[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ limit: '100', ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) });
      const page: { data: ApiProduct[]; nextCursor: string | null } = await client.api('GET', `/products?${query}`, token);
      items.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  const names = (page: Page) => visible(page, '.product-item .product-item__name').allInnerTexts();

  it('sends a visitor to the login page and shows the server message for a wrong password', async () => {
    const page = await open();
    await page.waitForURL(/#\/pages\/login\/index/);
    // Taro h5 shows the page's navigationBarTitleText as the document title.
    await page.waitForFunction(() => document.title === '登录');

    await submitLogin(page, 'rep1', 'not-the-password');
    await expect(visible(page, '#login-error')).toHaveTextContent('用户名或密码错误');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-login-error.png') });
    expect(page.url()).toMatch(/#\/pages\/login\/index/);

    // Typing again clears the message.
    await visible(page, '#login-password input').fill('x');
    await expect(visible(page, '#login-error')).toHaveTextContent('');
    expect(pageErrorsOf(page)).toEqual([]);
  });

  it('logs in as rep1 and lists the products from the API with prices', async () => {
    const expected = await listAll(await client.tokenOf('rep1'));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThanOrEqual(20);

    const page = await open();
    await loginAsStaff(page, 'rep1', server.demoPassword);
    await expect(visible(page, '#current-user')).toHaveTextContent(/李销售\s*销售/);

    const productsCall = page.waitForResponse((response) => response.url().includes('/api/v1/products') && response.status() === 200);
    await openCatalog(page);
    await productsCall;
    await expect(names(page)).resolves.toEqual(expected.map((product) => product.name));

    const longjing = expected.find((product) => product.sku === 'TEA-LJ-250')!;
    const row = visible(page, '.product-item', { hasText: longjing.name });
    await expect(row.locator('.product-item__amount')).toHaveTextContent(yuan(longjing.priceFen));
    await expect(row.locator('.product-item__unit')).toHaveTextContent(`/${longjing.unit}`);
    await expect(row).toHaveTextContent('TEA-LJ-250');
    await expect(visible(page, '.product-list__end')).toHaveTextContent('没有更多了');

    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-products.png'), fullPage: true });

    // The session survives a reload, and the catalog stays the catalog.
    await page.reload();
    await visible(page, '.product-item').first().waitFor();
    expect(page.url()).toMatch(/#\/pages\/index\/index\?view=catalog/);
    expect(pageErrorsOf(page)).toEqual([]);
  });

  it('narrows the list by name or SKU and shows an empty state', async () => {
    const page = await open();
    await loginAsStaff(page, 'rep1', server.demoPassword);
    await openCatalog(page);
    const search = visible(page, '#product-search input');

    await search.fill('龙井');
    await expect(visible(page, '.product-item')).toHaveCountOf(1);
    await expect(names(page)).resolves.toEqual(['西湖龙井 明前特级']);

    await search.fill('GIFT-');
    await expect(visible(page, '.product-item')).toHaveCountOf(3);
    for (const name of await names(page)) expect(name).toMatch(/礼/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-search.png') });

    await search.fill('没有这种产品');
    await visible(page, '.product-list-empty').waitFor();
    await expect(visible(page, '.product-list-empty')).toHaveTextContent('没有找到相关产品');
    await expect(visible(page, '.product-item')).toHaveCountOf(0);

    await search.fill('');
    await expect(visible(page, '.product-item')).toHaveCountOf((await listAll(await client.tokenOf('rep1'))).length);
  });

  it('logs out, and a session the server no longer accepts returns to the login page', async () => {
    const page = await open();
    await loginAsStaff(page, 'manager', server.demoPassword);
    await expect(visible(page, '#current-user')).toHaveTextContent(/王经理\s*销售经理/);

    await openTab(page, '我的');
    await visible(page, '#logout').click();
    await page.waitForURL(/#\/pages\/login\/index/);
    await page.goto(`${server.url}/#/pages/home/index`);
    await page.waitForURL(/#\/pages\/login\/index/);

    // A token the server rejects (401): the wrapper drops it and goes to login.
    await loginAsStaff(page, 'rep2', server.demoPassword);
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
    const adminToken = await client.tokenOf('admin');
    const stamp = Date.now().toString(36).toUpperCase();
    for (let i = 1; i <= 15; i += 1) {
      await client.api('POST', '/products', adminToken, {
        sku: `E2E-${stamp}-${String(i).padStart(2, '0')}`,
        name: `测试分页产品 ${String(i).padStart(2, '0')}`,
        spec: '1件',
        unit: '件',
        category: '测试',
        priceFen: 1000 + i,
      });
    }
    const expected = await listAll(await client.tokenOf('rep1'));
    expect(expected.length).toBeGreaterThan(20);

    const page = await open();
    await loginAsStaff(page, 'rep1', server.demoPassword);
    await openCatalog(page);
    await expect(visible(page, '.product-item')).toHaveCountOf(20);
    await visible(page, '.product-list__more').click();
    await expect(visible(page, '.product-item')).toHaveCountOf(expected.length);
    await expect(names(page)).resolves.toEqual(expected.map((product) => product.name));
    await expect(visible(page, '.product-list__end')).toHaveTextContent('没有更多了');
  });
});
