/**
 * A customer outside WeChat on the h5 build: 客户登录 with a demo contact's mobile and the SMS code (the server
 * has no SMS provider, so it answers with the code as devCode and the page shows it), then orders from the cart
 * and finds the order under 我的订单.
 */
import path from 'node:path';
import type { Response } from 'playwright-core';
import { Customer } from '../../server/src/modules/customers/customer.entity';
import { CustomerAccount } from '../../server/src/modules/identity/customer-account.entity';
import { Order } from '../../server/src/modules/orders/order.entity';
import { DEMO_CUSTOMERS } from '../../server/src/seed/demo-data';
import { SCREENSHOT_DIR, visible, yuan } from './support/h5';
import { useH5App } from './support/h5-app';
import type { ApiOrder, ApiProduct } from './support/sales-world';

jest.setTimeout(120_000);

describe('customer SMS login on the h5 app', () => {
  const app = useH5App();

  const isPost = (response: Response, pathname: string) => response.request().method() === 'POST' && new URL(response.url()).pathname === pathname;

  it('a demo customer signs in with mobile and code, orders from the cart, and sees the order', async () => {
    const demo = DEMO_CUSTOMERS[1];
    const { server, client } = app;
    const customer = await server.dataSource.getRepository(Customer).findOneByOrFail({ name: demo.name });
    const page = await app.open();
    await page.waitForURL(/#\/pages\/login\/index/);

    // 员工登录 is the default; 客户登录 swaps in the mobile + code form.
    await expect(visible(page, '#login-tab-staff')).toHaveTextContent('员工登录');
    await expect(visible(page, '#login-username input')).toHaveCountOf(1);
    await visible(page, '#login-tab-customer').click();
    await expect(visible(page, '#login-username input')).toHaveCountOf(0);

    // The form checks the mobile with the shared schema before anything is sent.
    await visible(page, '#sms-mobile input').fill('12345');
    await visible(page, '#sms-send').click();
    await expect(visible(page, '#login-error')).toHaveTextContent('手机号格式不正确');

    await visible(page, '#sms-mobile input').fill(demo.mobile);
    const codeAnswer = page.waitForResponse((response) => isPost(response, '/api/v1/auth/sms-code'));
    await visible(page, '#sms-send').click();
    const sent = await codeAnswer;
    expect(sent.status()).toBe(200);
    const { devCode } = (await sent.json()) as { devCode: string };
    expect(devCode).toMatch(/^\d{6}$/);
    await expect(visible(page, '#sms-send')).toHaveTextContent('秒后重发');
    await expect(visible(page, '#sms-dev-code')).toHaveTextContent(devCode);

    // A wrong code is refused with the server's words; the right one signs in.
    const wrongCode = String((Number(devCode) + 1) % 1_000_000).padStart(6, '0');
    await visible(page, '#sms-code input').fill(wrongCode);
    await visible(page, '#sms-submit').click();
    await expect(visible(page, '#login-error')).toHaveTextContent('验证码错误，还可以再试 4 次');
    await visible(page, '#sms-code input').fill(devCode);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-customer-sms-login.png') });
    const loginAnswer = page.waitForResponse((response) => isPost(response, '/api/v1/auth/sms-login'));
    await visible(page, '#sms-submit').click();
    expect((await loginAnswer).status()).toBe(200);

    // The product list at the customer's grade prices.
    await page.waitForURL(/#\/pages\/index\/index/);
    await visible(page, '.product-item').first().waitFor();
    await expect(visible(page, '#current-user')).toHaveTextContent('客户');
    const account = await server.dataSource.getRepository(CustomerAccount).findOneByOrFail({ mobile: demo.mobile });
    expect(account.customerId).toBe(customer.id);
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem('wesale.session') ?? '{}').data?.token as string);
    const products = await client.api<{ data: ApiProduct[] }>('GET', '/products?limit=100', token);
    const longjing = products.data.find((product) => product.sku === 'TEA-LJ-250')!;
    const price = longjing.yourPriceFen!;

    const row = visible(page, '.product-item', { hasText: longjing.name });
    await expect(row.locator('.product-item__amount')).toHaveTextContent(yuan(price));
    await row.locator('.product-item__add').click();
    await row.locator('.product-item__add').click();
    await expect(visible(page, '.customer-shortcut--cart')).toHaveTextContent('2');
    await visible(page, '.customer-shortcut--cart').click();
    await page.waitForURL(/#\/packages\/orders\/cart\/index/);
    await expect(visible(page, '#cart-totals .document-totals__total')).toHaveTextContent(yuan(2 * price));
    await visible(page, '#cart-checkout').click();
    await page.waitForURL(/#\/packages\/orders\/checkout\/index/);
    await visible(page, '#checkout-address textarea').fill('浙江省杭州市西湖区龙井路 1 号');
    await visible(page, '#checkout-contact input').fill(demo.contact);
    await visible(page, '#checkout-phone input').fill(demo.mobile);
    const orderAnswer = page.waitForResponse((response) => isPost(response, '/api/v1/orders'));
    await visible(page, '#checkout-submit').click();
    const created = await orderAnswer;
    expect(created.status()).toBe(201);
    const placed = (await created.json()) as ApiOrder;
    expect(placed).toMatchObject({ customerId: customer.id, channel: 'miniprogram' });
    expect(placed.totals.totalFen).toBe(2 * price);

    await page.waitForURL(new RegExp(`#/packages/orders/detail/index\\?id=${placed.id}`));
    await expect(visible(page, '.document-hero__number')).toHaveTextContent(placed.number);
    await expect(visible(page, '.order-totals .document-totals__total')).toHaveTextContent(yuan(2 * price));
    await expect(visible(page, '#order-delivery')).toHaveTextContent('浙江省杭州市西湖区龙井路 1 号');

    // 我的订单 lists it.
    await page.goto(`${server.url}/#/pages/index/index`);
    await visible(page, '.customer-shortcut--orders').click();
    await page.waitForURL(/#\/packages\/orders\/list\/index/);
    const card = visible(page, `.order-card[data-id="${placed.id}"]`);
    await expect(card.locator('.document-card__amount')).toHaveTextContent(yuan(2 * price));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'wesale-h5-customer-sms-orders.png') });

    expect(await server.dataSource.getRepository(Order).countBy({ customerId: customer.id, channel: 'miniprogram' })).toBe(1);
    expect(app.errorsOf(page)).toEqual([]);
  });
});
