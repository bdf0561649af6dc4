/**
 * What an h5 suite sets up around its tests: a real test server serving the h5 build (with a fake WeChat API
 * when customers sign in through WeChat), one Chromium for the suite, a browser context per opened page
 * closed after each test, and each page's uncaught errors. Call it at the top of a `describe`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeWechat, type FakeWechat } from '../../../server/src/testing/fake-wechat';
import { startTestServer, type TestServer } from '../../../server/src/testing/test-server';
import { apiClient, H5_DIR, launchBrowser, openApp, SCREENSHOT_DIR } from './h5';

export interface H5App {
  readonly server: TestServer;
  readonly client: ReturnType<typeof apiClient>;
  /** A fresh browser context on the app (`beforeLoad`: script source run before the app's own scripts). */
  open(beforeLoad?: string): Promise<Page>;
  /** Uncaught exceptions and console errors of a page opened here, except failed resource loads. */
  errorsOf(page: Page): string[];
  /** A full-page screenshot into SCREENSHOT_DIR once Taro's page slide (a CSS transition) has ended. */
  shoot(page: Page, name: string): Promise<void>;
}

export function useH5App(options: { wechat?: boolean } = {}): H5App {
  let server: TestServer | undefined;
  let client: ReturnType<typeof apiClient> | undefined;
  let wechat: FakeWechat | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const errors = new WeakMap<Page, string[]>();

  beforeAll(async () => {
    expect(existsSync(path.join(H5_DIR, 'index.html'))).toBe(true);
    wechat = options.wechat ? await startFakeWechat() : undefined;
    server = await startTestServer({
      h5Dir: H5_DIR,
      env: wechat ? { WECHAT_APPID: 'wx-e2e-app', WECHAT_SECRET: 'e2e-secret', WECHAT_API_BASE: wechat.baseUrl } : {},
    });
    client = apiClient(server.url, server.demoPassword);
    browser = await launchBrowser();
  }, 60_000);

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await wechat?.close();
  }, 30_000);

  function started<T>(value: T | undefined): T {
    if (value === undefined) throw new Error('useH5App: used before its beforeAll ran');
    return value;
  }

  return {
    get server() {
      return started(server);
    },
    get client() {
      return started(client);
    },
    async open(beforeLoad?: string) {
      const app = await openApp(started(browser), started(server).url, beforeLoad);
      contexts.push(app.context);
      app.page.on('console', (message) => {
        if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) app.errors.push(`console: ${message.text()}`);
      });
      errors.set(app.page, app.errors);
      return app.page;
    },
    errorsOf(page: Page) {
      return errors.get(page) ?? [];
    },
    async shoot(page: Page, name: string) {
      await page.waitForFunction(() =>
        document.getAnimations().every((animation) => !(animation instanceof CSSTransition) || animation.playState !== 'running'),
      );
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
    },
  };
}
