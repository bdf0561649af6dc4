/**
 * The sales (CRM) views of the h5 build against the real server: leads, customers, follow-ups,
 * approvals, opportunities and the funnel, plus the rule that WeChat customers never see the staff tabs.
 * Setup that is not under test (a second rep's claim, opportunities to chart) goes through the API.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeWechat, type FakeWechat } from '../../server/src/testing/fake-wechat';
import { startTestServer, type TestServer } from '../../server/src/testing/test-server';
import { apiClient, H5_DIR, launchBrowser, loginAsStaff, openApp, openTab, SCREENSHOT_DIR, visible, yuan } from './support/h5';

jest.setTimeout(90_000);

interface Lead {
  id: string;
  name: string;
  status: string;
  customerId: string | null;
  lostReason: string | null;
}
interface Customer {
  id: string;
  name: string;
  ownerId: string | null;
  ownerName: string | null;
  inPool: boolean;
}
interface FollowUp {
  subjectType: string;
  subjectId: string;
  subjectName: string | null;
  content: string;
  method: string;
  nextFollowUpAt: string | null;
}
interface Me {
  id: string;
}
interface Stage {
  id: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
}
interface Opportunity {
  id: string;
  name: string;
  stageName: string;
  status: string;
  history: Array<{ fromStageName: string | null; toStageName: string }>;
}
interface Funnel {
  stages: Array<{ stageId: string; name: string; count: number; amountFen: number; weightedAmountFen: number }>;
}
interface Approval {
  id: string;
  status: string;
}

describe('CRM views on the h5 app', () => {
  let server: TestServer;
  let wechat: FakeWechat;
  let browser: Browser;
  let client: ReturnType<typeof apiClient>;
  const contexts: BrowserContext[] = [];
  const errorsOf = new WeakMap<Page, string[]>();

  beforeAll(async () => {
    expect(existsSync(path.join(H5_DIR, 'index.html'))).toBe(true);
    wechat = await startFakeWechat();
    server = await startTestServer({
      h5Dir: H5_DIR,
      env: { WECHAT_APPID: 'wx-e2e-app', WECHAT_SECRET: 'e2e-secret', WECHAT_API_BASE: wechat.baseUrl },
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

  async function open(beforeLoad?: string): Promise<Page> {
    const app = await openApp(browser, server.url, beforeLoad);
    contexts.push(app.context);
    errorsOf.set(app.page, app.errors);
    return app.page;
  }

  async function signIn(username: string): Promise<Page> {
    const page = await open();
    await loginAsStaff(page, username, server.demoPassword);
    return page;
  }

  const api = <T>(method: string, urlPath: string, token?: string, body?: unknown) => client.api<T>(method, urlPath, token, body);
  const idFromUrl = (page: Page) => new URL(page.url().replace('/#/', '/')).searchParams.get('id') ?? '';
  const toast = (page: Page) => visible(page, '.page-toast .nut-toast-text');

  it('a rep converts a lead, adds a follow-up and sees it on the customer timeline and on the home page', async () => {
    const page = await signIn('rep1');

    // 线索: a rep starts on their own leads (the unowned 吴经理 is under 待分配).
    await openTab(page, '线索');
    await visible(page, '.lead-card').first().waitFor();
    await expect(visible(page, '.lead-card')).toHaveCountOf(2);
    expect((await visible(page, '.lead-card__name').allInnerTexts()).sort()).toEqual(['刘女士', '陈先生'].sort());
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-crm-leads.png') });

    await visible(page, '.lead-card', { hasText: '陈先生' }).click();
    await page.waitForURL(/#\/packages\/leads\/detail\/index\?id=/);
    const leadId = idFromUrl(page);
    await expect(visible(page, '#lead-name')).toHaveTextContent('陈先生');
    await expect(visible(page, '.lead-detail__status')).toHaveTextContent('新线索');

    // 转化为客户: the form starts from the lead (company as the customer, the person as the contact).
    await visible(page, '#lead-convert').click();
    await page.waitForURL(/#\/packages\/leads\/convert\/index/);
    await visible(page, '#convert-customer-name input').waitFor();
    expect(await visible(page, '#convert-customer-name input').inputValue()).toBe('杭州西溪科技有限公司');
    expect(await visible(page, '#convert-contact-name input').inputValue()).toBe('陈先生');
    await visible(page, '#convert-contact-title input').fill('行政总监');
    await visible(page, '#convert-submit').click();

    await page.waitForURL(/#\/packages\/customers\/detail\/index\?id=/);
    const customerId = idFromUrl(page);
    await expect(visible(page, '#customer-name')).toHaveTextContent('杭州西溪科技有限公司');
    await expect(visible(page, '#customer-owner')).toHaveTextContent('李销售（我）');
    await expect(visible(page, '#customer-contacts')).toHaveTextContent('陈先生');
    await expect(visible(page, '#customer-contacts')).toHaveTextContent('行政总监');
    await expect(visible(page, '#customer-timeline .timeline-item__summary')).toHaveTextContent('由线索「陈先生」转化');

    const rep1 = await client.tokenOf('rep1');
    const lead = await api<Lead>('GET', `/leads/${leadId}`, rep1);
    expect(lead).toMatchObject({ status: 'converted', customerId });

    // 写跟进: 电话, 约了下周拜访, next follow-up today.
    await visible(page, '#customer-follow-up').click();
    await page.waitForURL(/#\/packages\/follow-ups\/create\/index/);
    await expect(visible(page, '#follow-up-subject')).toHaveTextContent('杭州西溪科技有限公司');
    await visible(page, '.follow-up-method__phone').click();
    await visible(page, '#follow-up-content textarea').fill('约了下周拜访');
    await visible(page, '.follow-up-next__today').click();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-crm-follow-up.png') });
    await visible(page, '#follow-up-submit').click();

    // Back on the customer: the follow-up is the newest timeline entry.
    await page.waitForURL(/#\/packages\/customers\/detail\/index\?id=/);
    await expect(visible(page, '#customer-timeline .timeline-item__summary')).toHaveTextContent('电话跟进：约了下周拜访');
    await expect(visible(page, '#customer-next-follow-up')).toHaveTextContent('今天');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-crm-customer.png'), fullPage: true });

    const due = (await api<{ data: FollowUp[] }>('GET', '/follow-ups/due', rep1)).data;
    expect(due).toEqual([expect.objectContaining({ subjectType: 'customer', subjectId: customerId, method: 'phone', content: '约了下周拜访' })]);

    // 首页: 今日待跟进 lists it.
    await page.goBack();
    await page.waitForURL(/#\/packages\/leads\/detail\/index/);
    await page.goBack();
    await page.waitForURL(/#\/pages\/leads\/index/);
    await openTab(page, '首页');
    const item = visible(page, '.due-item', { hasText: '杭州西溪科技有限公司' });
    await item.waitFor();
    await expect(item).toHaveTextContent('约了下周拜访');
    await expect(item.locator('.due-item__time')).toHaveTextContent('今天');
    await expect(visible(page, '#due-count')).toHaveTextContent('1');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-crm-home.png') });

    // The due item opens the customer.
    await item.click();
    await page.waitForURL(new RegExp(`#/packages/customers/detail/index\\?id=${customerId}$`));
    expect(errorsOf.get(page)).toEqual([]);
  });

  it('a rep moves a lead through its statuses and must give a reason to mark it lost', async () => {
    const page = await signIn('rep1');
    await openTab(page, '线索');
    await visible(page, '.lead-card', { hasText: '刘女士' }).click();
    await page.waitForURL(/#\/packages\/leads\/detail\/index\?id=/);
    const leadId = idFromUrl(page);

    await visible(page, '#lead-status').click();
    await visible(page, '.nut-actionsheet-item', { hasText: '标记为已联系' }).click();
    await expect(visible(page, '.lead-detail__status')).toHaveTextContent('已联系');
    await expect(toast(page)).toHaveTextContent('已标记为已联系');

    await visible(page, '#lead-status').click();
    // From 已联系 the lead cannot go back to 新线索: the sheet offers only what the state machine allows.
    await expect(visible(page, '.nut-actionsheet-item')).toHaveCountOf(2);
    await visible(page, '.nut-actionsheet-item', { hasText: '标记为流失' }).click();
    const sheet = visible(page, '.lead-lost-sheet');
    await sheet.waitFor();
    // No reason, no confirm (NutUI draws the button as a view with a disabled class in h5).
    expect(await sheet.locator('.prompt-sheet__confirm').getAttribute('class')).toContain('nut-button-disabled');
    await sheet.locator('textarea').fill('预算不足，明年再谈');
    await sheet.locator('.prompt-sheet__confirm').click();
    await expect(visible(page, '.lead-detail__status')).toHaveTextContent('已流失');
    await expect(visible(page, '.lead-detail')).toHaveTextContent('预算不足，明年再谈');

    const lead = await api<Lead>('GET', `/leads/${leadId}`, await client.tokenOf('rep1'));
    expect(lead).toMatchObject({ status: 'lost', lostReason: '预算不足，明年再谈' });
    expect(errorsOf.get(page)).toEqual([]);
  });

  it('a rep releases a customer to 公海 and another rep claims it there', async () => {
    const rep1 = await client.tokenOf('rep1');
    const name = `宁波港城物流有限公司 ${Date.now().toString(36)}`;
    const created = await api<Customer>('POST', '/customers', rep1, { name });

    const page = await signIn('rep1');
    await openTab(page, '客户');
    await visible(page, '.customer-card', { hasText: name }).click();
    await page.waitForURL(/#\/packages\/customers\/detail\/index\?id=/);
    await visible(page, '#customer-release').click();
    const sheet = visible(page, '.customer-release-sheet');
    await sheet.locator('textarea').fill('客户暂无采购计划');
    await sheet.locator('.prompt-sheet__confirm').click();
    await expect(visible(page, '#customer-owner')).toHaveTextContent('公海客户');
    await expect(visible(page, '#customer-timeline .timeline-item__summary')).toHaveTextContent('释放到公海：客户暂无采购计划');
    expect(await api<Customer>('GET', `/customers/${created.id}`, rep1)).toMatchObject({ ownerId: null, inPool: true });

    // rep2 finds it under 公海 and claims it straight away (no approval for pool customers).
    const other = await signIn('rep2');
    await openTab(other, '客户');
    await visible(other, '.customer-scope .nut-tabs-titles-item', { hasText: '公海' }).click();
    await visible(other, '.customer-card', { hasText: name }).click();
    await other.waitForURL(/#\/packages\/customers\/detail\/index\?id=/);
    await visible(other, '#customer-claim').click();
    await expect(toast(other)).toHaveTextContent('领取成功');
    await expect(visible(other, '#customer-owner')).toHaveTextContent('张销售（我）');
    await expect(visible(other, '#customer-timeline .timeline-item__summary')).toHaveTextContent('从公海领取');

    const rep2 = await client.tokenOf('rep2');
    const me = await api<Me>('GET', '/me', rep2);
    expect(await api<Customer>('GET', `/customers/${created.id}`, rep2)).toMatchObject({ ownerId: me.id, inPool: false });
    expect(errorsOf.get(page)).toEqual([]);
    expect(errorsOf.get(other)).toEqual([]);
  });

  it('a manager sees a pending claim and approves it', async () => {
    const rep1 = await client.tokenOf('rep1');
    const rep2 = await client.tokenOf('rep2');
    const rep2Id = (await api<Me>('GET', '/me', rep2)).id;
    const name = `无锡太湖茶业有限公司 ${Date.now().toString(36)}`;
    const customer = await api<Customer>('POST', '/customers', rep1, { name });
    await api('POST', `/customers/${customer.id}/followers`, rep1, { userId: rep2Id });
    const claim = await client.call<{ status: string; approvalId: string }>('POST', `/customers/${customer.id}/claim`, rep2, { reason: '客户指定由我对接' });
    expect(claim.status).toBe(202);
    expect(claim.body.status).toBe('pending_approval');

    const page = await signIn('manager');
    const manager = await client.tokenOf('manager');
    const pending = (await api<{ data: Approval[] }>('GET', '/approvals?status=pending', manager)).data.length;
    await expect(visible(page, '#pending-approvals')).toHaveTextContent(String(pending));
    await visible(page, '.shortcut--approvals').click();
    await page.waitForURL(/#\/packages\/approvals\/list\/index/);

    const card = visible(page, '.approval-card', { hasText: name });
    await card.waitFor();
    await expect(card).toHaveTextContent('申请领取客户');
    await expect(card).toHaveTextContent('张销售');
    await expect(card).toHaveTextContent('客户指定由我对接');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-crm-approvals.png') });

    await card.locator('.approval-card__approve').click();
    const sheet = visible(page, '.approval-decision-sheet');
    await sheet.locator('textarea').fill('同意，由张销售跟进');
    await sheet.locator('.prompt-sheet__confirm').click();
    await expect(card.locator('.approval-card__status')).toHaveTextContent('已通过');
    await expect(card).toHaveTextContent('同意，由张销售跟进');

    expect(await api<Approval>('GET', `/approvals/${claim.body.approvalId}`, manager)).toMatchObject({ status: 'approved' });
    expect(await api<Customer>('GET', `/customers/${customer.id}`, manager)).toMatchObject({ ownerId: rep2Id });

    // rep2 sees the outcome under 我的申请.
    const requester = await signIn('rep2');
    await openTab(requester, '我的');
    await visible(requester, '.me-menu__requests').click();
    await requester.waitForURL(/#\/packages\/approvals\/list\/index\?scope=mine/);
    await visible(requester, '.approval-filter .nut-tabs-titles-item', { hasText: '全部' }).click();
    await expect(visible(requester, '.approval-card', { hasText: name }).locator('.approval-card__status')).toHaveTextContent('已通过');
    expect(await visible(requester, '.approval-card__approve').count()).toBe(0);
    expect(errorsOf.get(page)).toEqual([]);
  });

  it('shows opportunities by stage, moves a stage, shows a refused move in a toast, and charts the funnel', async () => {
    const rep1 = await client.tokenOf('rep1');
    const customer = await api<Customer>('POST', '/customers', rep1, { name: `常州龙城酒店 ${Date.now().toString(36)}` });
    const stages = (await api<{ data: Array<{ isDefault: boolean; stages: Stage[] }> }>('GET', '/stage-templates', rep1)).data.find((t) => t.isDefault)!.stages;
    const stage = (name: string) => stages.find((s) => s.name === name)!;
    const create = (name: string, amountFen: number) =>
      api<Opportunity>('POST', '/opportunities', rep1, { name, customerId: customer.id, amountFen, expectedCloseDate: '2026-12-31' });
    const gift = await create('中秋员工福利茶礼', 1_288_000);
    await create('大堂茶歇年度供应', 2_400_000);
    await create('客房欢迎茶包', 360_000);
    await api('POST', `/opportunities/${gift.id}/stage`, rep1, { stageId: stage('需求确认').id });
    await api('POST', `/opportunities/${gift.id}/stage`, rep1, { stageId: stage('方案报价').id, note: '已发报价单' });

    const page = await signIn('rep1');
    await openTab(page, '商机');
    await visible(page, '.opportunity-card').first().waitFor();
    // The stage tabs carry the counts; 方案报价 narrows the list to the one there.
    await visible(page, '.opportunity-stages .nut-tabs-titles-item', { hasText: '方案报价' }).click();
    await expect(visible(page, '.opportunity-card')).toHaveCountOf(1);
    await expect(visible(page, '.opportunity-card')).toHaveTextContent('中秋员工福利茶礼');
    await expect(visible(page, '.opportunity-card .opportunity-card__amount')).toHaveTextContent(yuan(1_288_000));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-crm-opportunities.png') });

    // Detail: stage history, then 推进阶段 to 谈判.
    await visible(page, '.opportunity-card', { hasText: '中秋员工福利茶礼' }).click();
    await page.waitForURL(/#\/packages\/opportunities\/detail\/index\?id=/);
    await expect(visible(page, '#stage-history')).toHaveTextContent('需求确认 → 方案报价');
    await expect(visible(page, '#stage-history')).toHaveTextContent('已发报价单');
    await visible(page, '#move-stage').click();
    await visible(page, '.move-stage-option', { hasText: '谈判' }).click();
    await visible(page, '#move-stage-note textarea').fill('客户要求再降 5%');
    await visible(page, '#move-stage-submit').click();
    await expect(visible(page, '.opportunity-detail__stage')).toHaveTextContent('谈判');
    await expect(visible(page, '#opportunity-probability')).toHaveTextContent('70%');
    await expect(visible(page, '#stage-history .stage-change__summary').last()).toHaveTextContent('方案报价 → 谈判');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-crm-opportunity.png'), fullPage: true });

    // Meanwhile the deal is won elsewhere; moving it from this (stale) screen is refused with a 409.
    await api('POST', `/opportunities/${gift.id}/stage`, rep1, { stageId: stage('赢单').id, closeReason: '价格谈妥' });
    await visible(page, '#move-stage').click();
    await visible(page, '.move-stage-option', { hasText: '需求确认' }).click();
    const refused = page.waitForResponse((response) => response.url().includes(`/opportunities/${gift.id}/stage`) && response.request().method() === 'POST');
    await visible(page, '#move-stage-submit').click();
    const answer = await refused;
    expect(answer.status()).toBe(409);
    const message = ((await answer.json()) as { error: { message: string } }).error.message;
    await expect(toast(page)).toHaveTextContent(message);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-crm-refused-move.png') });
    // The sheet closes and the page shows what the server has: won, no more moves.
    await expect(visible(page, '.move-stage-sheet')).toHaveCountOf(0);
    await expect(visible(page, '.opportunity-detail__stage')).toHaveTextContent('赢单');
    await expect(visible(page, '#move-stage')).toHaveCountOf(0);

    // 销售漏斗: one row per stage with the server's count, amount and weighted amount.
    const funnel = await api<Funnel>('GET', '/opportunities/funnel', rep1);
    await page.goBack();
    await page.waitForURL(/#\/pages\/opportunities\/index/);
    await visible(page, '#open-funnel').click();
    await page.waitForURL(/#\/packages\/opportunities\/funnel\/index/);
    await expect(visible(page, '.funnel-row')).toHaveCountOf(funnel.stages.length);
    for (const row of funnel.stages) {
      const line = visible(page, `.funnel-row[data-stage="${row.name}"]`);
      await expect(line.locator('.funnel-row__count')).toHaveTextContent(`${row.count} 个`);
      await expect(line.locator('.funnel-row__amount')).toHaveTextContent(yuan(row.amountFen));
      await expect(line.locator('.funnel-row__weighted')).toHaveTextContent(yuan(row.weightedAmountFen));
    }
    expect(funnel.stages.find((row) => row.name === '初步接洽')?.count).toBe(2);
    expect(funnel.stages.find((row) => row.name === '赢单')?.count).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-crm-funnel.png'), fullPage: true });
    expect(errorsOf.get(page)).toEqual([]);
  });

  it('a WeChat customer keeps the product list and never sees the staff tabs', async () => {
    const session = await api<{ token: string; expiresAt: string; user: { kind: string } }>('POST', '/auth/wechat', undefined, { code: 'ok:openid-e2e-buyer' });
    expect(session.user.kind).toBe('customer');
    // Signed in as the weapp would be (h5 has no WeChat login): the session Taro keeps in storage.
    const stored = JSON.stringify({ data: { token: session.token, expiresAt: session.expiresAt, user: session.user } });
    const page = await open(`localStorage.setItem('wesale.session', ${JSON.stringify(stored)});`);

    await page.waitForURL(/#\/pages\/index\/index$|#\/$|\/$/);
    await visible(page, '.product-item').first().waitFor();
    await expect(visible(page, '#current-user')).toHaveTextContent('客户');
    expect(await visible(page, '.weui-tabbar__item').count()).toBe(0);

    // A staff page opened directly sends the customer back to the product list.
    await page.goto(`${server.url}/#/pages/leads/index`);
    await page.waitForURL(/#\/pages\/index\/index/);
    await visible(page, '.product-item').first().waitFor();
    expect(await visible(page, '.weui-tabbar__item').count()).toBe(0);
    expect(await visible(page, '.lead-card').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-crm-customer-view.png') });
    expect(errorsOf.get(page)).toEqual([]);
  });
});
