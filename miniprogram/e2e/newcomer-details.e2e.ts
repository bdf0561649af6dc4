/**
 * What a newcomer meets first in the h5 app, against the real server: Chinese drawn in a CJK font (not boxes),
 * the favicon, a title bar with a back control on every subpackage page (a browser has no WeChat bar), the
 * 全部 filter highlighted on first load, each order number shown once, and order events of the warehouse not
 * signed "销售". Setup not under test goes through the API.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { useH5App } from './support/h5-app';
import { visible } from './support/h5';
import { salesWorld, sessionScript, type ApiOrder } from './support/sales-world';

jest.setTimeout(180_000);

const SOURCE_DIR = path.resolve(__dirname, '../src');

interface PageConfig {
  navigationBarTitleText?: string;
  navigationStyle?: string;
}

interface AppConfig {
  subPackages: Array<{ root: string; pages: string[] }>;
}

/** A Taro config module (app.config.ts, index.config.ts) as the build evaluates it. */
function loadConfig<T>(file: string): T {
  const globals = globalThis as Record<string, unknown>;
  globals.defineAppConfig = globals.definePageConfig = (config: unknown) => config;
  return (require(path.join(SOURCE_DIR, file)) as { default: T }).default;
}

const subpackagePages = () => loadConfig<AppConfig>('app.config.ts').subPackages.flatMap((sub) => sub.pages.map((page) => `${sub.root}/${page}`));

const titleBar = (page: Page) => page.locator('#taro-navigation-bar');
const titleOf = (page: Page) => page.locator('#taro-navigation-bar.taro-navigation-bar-show .taro-navigation-bar-title');
const backControl = (page: Page) => page.locator('#taro-navigation-bar.taro-navigation-bar-back-icon .taro-navigation-bar-back');
const homeControl = (page: Page) => page.locator('#taro-navigation-bar.taro-navigation-bar-home-icon .taro-navigation-bar-home');

/** How far the shown page reaches below the bottom of the screen, in CSS pixels (0 when it ends on screen). */
const pageOverflow = (page: Page) =>
  page.evaluate(() => {
    const shown = [...document.querySelectorAll('.taro_page')].filter((element) => element.checkVisibility());
    return Math.max(0, ...shown.map((element) => Math.round(element.getBoundingClientRect().bottom - window.innerHeight)));
  });

/** What one character looks like when drawn in the font an element uses: its ink and a hash of its pixels. */
interface Glyph {
  ink: number;
  pixels: string;
}

describe('the h5 app for a newcomer', () => {
  const app = useH5App({ wechat: true });
  const world = () => salesWorld(app.client);

  async function staffSession(username: string): Promise<string> {
    const session = await app.client.api<{ token: string; expiresAt: string; user: unknown }>('POST', '/auth/login', undefined, {
      username,
      password: app.server.demoPassword,
    });
    return sessionScript(session);
  }

  /**
   * The app loaded afresh on a page, as from a link (no history in the app). A hash change alone would navigate
   * inside the running app, so each load gets a query string of its own (the server answers index.html to any).
   */
  let loads = 0;
  async function openDirectly(page: Page, route: string): Promise<void> {
    loads += 1;
    await page.goto(`${app.server.url}/?load=${loads}#/${route}`);
  }

  it('draws Chinese in a CJK font, each character its own glyph rather than an empty box', async () => {
    const page = await app.open(await staffSession('rep1'));
    await openDirectly(page, 'packages/orders/list/index');
    const label = '.order-filter .nut-tabs-titles-item-active .nut-tabs-titles-item-text';
    await expect(visible(page, label)).toHaveTextContent('全部');

    // The fonts Chromium actually drew the label's text with.
    const cdp = await page.context().newCDPSession(page);
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: label });
    await cdp.send('CSS.enable');
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.map((font) => font.familyName)).toEqual([expect.stringMatching(/CJK|WenQuanYi|Droid Sans Fallback/)]);

    // Drawn in the label's font, two different characters must give two different images, and neither may be the
    // box a font draws for a code point it lacks (U+0378 is unassigned).
    const glyphs = await page.evaluate(
      ({ selector, samples }) => {
        const style = getComputedStyle(document.querySelector(selector)!);
        return samples.map((text): Glyph => {
          const canvas = document.createElement('canvas');
          canvas.width = canvas.height = 64;
          const context = canvas.getContext('2d')!;
          context.font = `${style.fontWeight} 48px ${style.fontFamily}`;
          context.textBaseline = 'top';
          context.fillText(text, 8, 8);
          const alpha = context.getImageData(0, 0, 64, 64).data.filter((_, index) => index % 4 === 3);
          let hash = 2166136261;
          for (const value of alpha) hash = Math.imul(hash ^ value, 16777619);
          return { ink: alpha.filter((value) => value > 0).length, pixels: `${hash >>> 0}` };
        });
      },
      { selector: label, samples: ['销', '售', '\u0378'] },
    );
    await app.shoot(page, 'wesale-h5-newcomer-orders-staff.png');
    const [xiao, shou, missing] = glyphs;
    expect(xiao.ink).toBeGreaterThan(100);
    expect(shou.ink).toBeGreaterThan(100);
    expect(new Set([xiao.pixels, shou.pixels, missing.pixels]).size).toBe(3);
    expect(app.errorsOf(page)).toEqual([]);
  });

  it('serves /favicon.ico as an image, linked from the page', async () => {
    const icon = await fetch(`${app.server.url}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\//);
    const bytes = Buffer.from(await icon.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]);

    const html = await (await fetch(`${app.server.url}/`)).text();
    expect(html).toMatch(/<link[^>]+rel="icon"[^>]+href="\/favicon\.ico"/);
  });

  it('gives every subpackage page a title bar with its title, and home when the page was opened directly', async () => {
    const pages = subpackagePages();
    expect(pages.length).toBeGreaterThanOrEqual(17);
    // Opened bare (no id in the query) a detail page shows its load error under the bar; the bar is what counts here.
    const page = await app.open(await staffSession('manager'));
    for (const route of pages) {
      const config = loadConfig<PageConfig>(`${route}.config.ts`);
      expect({ route, title: config.navigationBarTitleText ?? '', style: config.navigationStyle }).toEqual({
        route,
        title: expect.stringMatching(/\S/),
        style: 'default',
      });
      await openDirectly(page, route);
      await expect(titleOf(page)).toHaveTextContent(config.navigationBarTitleText!);
      expect(await titleOf(page).isVisible()).toBe(true);
      await homeControl(page).waitFor();
    }

    // With no page to go back to, the control leads home: the workbench tab for sales staff.
    await homeControl(page).click();
    await page.waitForURL(/#\/pages\/home\/index/);
    await visible(page, '#current-user').waitFor();
    await expect(titleBar(page)).toHaveCountOf(1);
    expect(await titleBar(page).evaluate((bar) => bar.classList.contains('taro-navigation-bar-hide'))).toBe(true);
  });

  it('shows a customer its orders under 全部, each number once, and the title bar goes back from an order to the list', async () => {
    const stamp = Date.now().toString(36);
    const { session } = await world().boundCustomer(`openid-newcomer-${stamp}`, `杭州西湖茶庄 ${stamp}`);
    const products = await world().productsBySku(session.token);
    const delivery = { shippingAddress: '浙江省杭州市西湖区龙井路 1 号', contactName: '陈老板', contactPhone: '13900001111' };
    const order = (sku: string, quantity: number) =>
      app.client.api<ApiOrder>('POST', '/orders', session.token, { lines: [{ productId: products.get(sku)!.id, quantity }], ...delivery });
    const first = await order('TEA-LJ-250', 1);
    const second = await order('CUP-CZ-6', 2);
    expect([first.status, second.status]).toEqual(['confirmed', 'confirmed']);

    // The warehouse ships the first order.
    const warehouse = await app.client.tokenOf('warehouse');
    const shipment = await app.client.api<{ id: string }>('POST', '/shipments', warehouse, { orderId: first.id });
    await app.client.api('POST', `/shipments/${shipment.id}/ship`, warehouse, { carrier: '顺丰速运', trackingNumber: `SF${stamp}` });

    const page = await app.open(sessionScript(session));
    await visible(page, '.customer-shortcut--orders').click();
    await page.waitForURL(/#\/packages\/orders\/list\/index/);
    await expect(titleOf(page)).toHaveTextContent('我的订单');
    await expect(visible(page, '.order-filter .nut-tabs-titles-item-active')).toHaveTextContent('全部');
    await expect(visible(page, '.order-card')).toHaveCountOf(2);
    await app.shoot(page, 'wesale-h5-newcomer-orders-customer.png');
    for (const placed of [first, second]) {
      const card = visible(page, `.order-card[data-id="${placed.id}"]`);
      const text = (await card.textContent()) ?? '';
      expect({ number: placed.number, times: text.split(placed.number).length - 1 }).toEqual({ number: placed.number, times: 1 });
    }

    await visible(page, `.order-card[data-id="${first.id}"]`).click();
    await page.waitForURL(new RegExp(`#/packages/orders/detail/index\\?id=${first.id}`));
    await expect(titleOf(page)).toHaveTextContent('订单详情');
    // The page under the bar scrolls within the rest of the screen: its end is not cut off below.
    expect(await pageOverflow(page)).toBe(0);
    await expect(visible(page, '.document-hero__status')).toHaveTextContent('已发货');
    const timeline = visible(page, '#order-timeline .status-timeline__item');
    await expect(timeline.first().locator('.status-timeline__title')).toHaveTextContent('已发货');
    await expect(timeline.first().locator('.status-timeline__meta')).toHaveTextContent('商家');
    expect(await timeline.allTextContents()).not.toEqual(expect.arrayContaining([expect.stringContaining('销售')]));
    await app.shoot(page, 'wesale-h5-newcomer-order-customer.png');

    await backControl(page).click();
    await page.waitForURL(/#\/packages\/orders\/list\/index/);
    await expect(titleOf(page)).toHaveTextContent('我的订单');
    await expect(visible(page, `.order-card[data-id="${second.id}"]`)).toHaveCountOf(1);
    await backControl(page).click();
    await page.waitForURL(/#\/pages\/index\/index/);
    await visible(page, '.customer-shortcut--orders').waitFor();
    expect(await titleBar(page).evaluate((bar) => bar.classList.contains('taro-navigation-bar-hide'))).toBe(true);

    // The rep who owns the customer reads the same order: the warehouse's shipping is signed 员工, not 销售.
    const rep = await app.open(await staffSession('rep1'));
    await openDirectly(rep, `packages/orders/detail/index?id=${first.id}`);
    const repTimeline = visible(rep, '#order-timeline .status-timeline__item');
    await expect(repTimeline.first().locator('.status-timeline__meta')).toHaveTextContent('员工');
    expect(await repTimeline.allTextContents()).not.toEqual(expect.arrayContaining([expect.stringContaining('销售')]));
    expect(app.errorsOf(page)).toEqual([]);
    expect(app.errorsOf(rep)).toEqual([]);
  });

  it('highlights 全部 on first load of the quote, contract and order lists of staff', async () => {
    const page = await app.open(await staffSession('rep1'));
    for (const name of ['quote', 'contract', 'order']) {
      await openDirectly(page, `packages/${name}s/list/index`);
      await expect(visible(page, `.${name}-filter .nut-tabs-titles-item-active`)).toHaveTextContent('全部');
      await expect(visible(page, `.${name}-filter .nut-tabs-titles-item-active`)).toHaveCountOf(1);
    }
    expect(app.errorsOf(page)).toEqual([]);
  });
});
