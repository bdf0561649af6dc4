import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { addStaff, userId } from '../../testing/crm-fixtures';
import { startFakeWechat, type FakeWechat } from '../../testing/fake-wechat';
import { startTestServer, TEST_BOT_TOKEN, type TestServer } from '../../testing/test-server';
import { Contact } from '../customers/contact.entity';
import { Customer } from '../customers/customer.entity';
import { CustomerAccount } from '../identity/customer-account.entity';
import { Lead } from './lead.entity';

let server: TestServer;
let wechat: FakeWechat;
let api: ApiClient;
const token: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  wechat = await startFakeWechat();
  server = await startTestServer({ env: { WECHAT_APPID: 'wx-lead', WECHAT_SECRET: 'secret', WECHAT_API_BASE: wechat.baseUrl } });
  api = apiClient(server.url);
  for (const user of ['admin', 'manager', 'rep1', 'rep2']) {
    token[user] = await loginAs(server, user);
    ids[user] = await userId(server, user);
  }
  token.repB = (await addStaff(server, 'rep_lead_b', 'rep', '西南销售组')).token;
});
afterAll(async () => {
  await server?.close();
  await wechat?.close();
});

async function newLead(as: string, body: Record<string, unknown>) {
  const response = await api.post('/api/v1/leads', body, { token: token[as] });
  expect(response.status).toBe(201);
  return response.body;
}
const status = (id: string, body: Record<string, unknown>, as = 'rep1') => api.post(`/api/v1/leads/${id}/status`, body, { token: token[as] });

describe('lead status machine', () => {
  it('moves new → contacted → qualified and refuses to go back (409)', async () => {
    const lead = await newLead('rep1', { name: '状态测试' });
    expect((await status(lead.id, { status: 'contacted' })).body.status).toBe('contacted');
    expect((await status(lead.id, { status: 'qualified' })).body.status).toBe('qualified');
    const back = await status(lead.id, { status: 'contacted' });
    expect(back.status).toBe(409);
    expect(back.body.error).toMatchObject({ code: 'ILLEGAL_TRANSITION', message: '线索当前状态为「已确认」，不能变为「已联系」' });
    expect((await status(lead.id, { status: 'new' })).status).toBe(409);
  });

  it('needs a reason to mark a lead lost, and lets a lost lead be reopened', async () => {
    const lead = await newLead('rep1', { name: '流失测试' });
    expect((await status(lead.id, { status: 'lost' })).status).toBe(400);
    const lost = await status(lead.id, { status: 'lost', lostReason: '预算不足' });
    expect(lost.body).toMatchObject({ status: 'lost', lostReason: '预算不足' });
    expect((await status(lead.id, { status: 'contacted' })).status).toBe(409);
    expect((await status(lead.id, { status: 'new' })).body).toMatchObject({ status: 'new', lostReason: null });
  });

  it('refuses "converted" as a plain status change (conversion is its own action)', async () => {
    const lead = await newLead('rep1', { name: '直接改状态' });
    expect((await status(lead.id, { status: 'converted' })).status).toBe(400);
  });

  it('answers 404 for another rep\'s lead', async () => {
    const lead = await newLead('rep2', { name: '张的线索' });
    expect((await status(lead.id, { status: 'contacted' }, 'rep1')).status).toBe(404);
    expect((await api.patch(`/api/v1/leads/${lead.id}`, { notes: 'x' }, { token: token.rep1 })).status).toBe(404);
  });
});

describe('deleting leads', () => {
  it('lets the owner delete an open lead but not a converted one, and others get 404', async () => {
    const lead = await newLead('rep1', { name: '要删除的线索' });
    expect((await api.call('DELETE', `/api/v1/leads/${lead.id}`, { token: token.rep2 })).status).toBe(404);
    expect((await api.call('DELETE', `/api/v1/leads/${lead.id}`, { token: token.rep1 })).status).toBe(204);
    expect(await server.dataSource.getRepository(Lead).countBy({ id: lead.id })).toBe(0);

    const kept = await newLead('rep1', { name: '转化后不能删', company: '不能删除的线索公司' });
    await api.post(`/api/v1/leads/${kept.id}/convert`, {}, { token: token.rep1 });
    expect((await api.call('DELETE', `/api/v1/leads/${kept.id}`, { token: token.rep1 })).status).toBe(409);
  });
});

describe('claiming and assigning leads', () => {
  it('lets a rep claim an unowned WeChat-friend lead once', async () => {
    const friend = await api.post('/api/v1/bot/events', { type: 'friend_added', contactId: 'wxid_claim_me', name: '新好友' }, { token: TEST_BOT_TOKEN });
    const pool = await api.get('/api/v1/leads?scope=pool&limit=100', { token: token.rep2 });
    expect(pool.body.data.map((l: { id: string }) => l.id)).toContain(friend.body.leadId);
    const [a, b] = await Promise.all([
      api.post(`/api/v1/leads/${friend.body.leadId}/claim`, {}, { token: token.rep1 }),
      api.post(`/api/v1/leads/${friend.body.leadId}/claim`, {}, { token: token.rep2 }),
    ]);
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    expect((await server.dataSource.getRepository(Lead).findOneByOrFail({ id: friend.body.leadId })).ownerId).not.toBeNull();
  });

  it('lets a manager assign within the team only', async () => {
    const lead = await newLead('manager', { name: '待分配线索' });
    expect((await api.post(`/api/v1/leads/${lead.id}/assign`, { ownerId: ids.rep2 }, { token: token.manager })).body.ownerId).toBe(ids.rep2);
    expect((await api.post(`/api/v1/leads/${lead.id}/assign`, { ownerId: ids.rep1 }, { token: token.rep2 })).status).toBe(403);
  });
});

describe('converting a lead', () => {
  it('makes a customer and a contact that keep the WeChat identity, source and follow-ups', async () => {
    const friend = await api.post('/api/v1/bot/events', { type: 'friend_added', contactId: 'wxid_convert_1', name: '老周' }, { token: TEST_BOT_TOKEN });
    const leadId = friend.body.leadId;
    await api.post(`/api/v1/leads/${leadId}/claim`, {}, { token: token.rep1 });
    await api.patch(`/api/v1/leads/${leadId}`, { company: '成都锦江茶饮连锁有限公司', mobile: '13900001111' }, { token: token.rep1 });
    const followUp = await api.post(`/api/v1/leads/${leadId}/follow-ups`, { method: 'wechat', content: '微信沟通了门店数量' }, { token: token.rep1 });
    expect(followUp.status).toBe(201);

    const converted = await api.post(`/api/v1/leads/${leadId}/convert`, { customer: { grade: 'regular' }, contact: { title: '老板' } }, { token: token.rep1 });
    expect(converted.status).toBe(200);
    expect(converted.body.lead).toMatchObject({ status: 'converted', customerId: converted.body.customerId });

    const customer = await server.dataSource.getRepository(Customer).findOneByOrFail({ id: converted.body.customerId });
    expect(customer).toMatchObject({ name: '成都锦江茶饮连锁有限公司', source: 'wechat_friend', wechatContactId: 'wxid_convert_1', ownerId: ids.rep1, grade: 'regular', leadId, mobile: '13900001111' });
    const contact = await server.dataSource.getRepository(Contact).findOneByOrFail({ id: converted.body.contactId });
    expect(contact).toMatchObject({ name: '老周', title: '老板', wechatContactId: 'wxid_convert_1', isPrimary: true, customerId: customer.id });

    const followUps = await api.get(`/api/v1/customers/${customer.id}/follow-ups`, { token: token.rep1 });
    expect(followUps.body.data.map((f: { id: string }) => f.id)).toContain(followUp.body.id);
    const timeline = await api.get(`/api/v1/customers/${customer.id}/timeline`, { token: token.rep1 });
    expect(timeline.body.data.map((e: { kind: string }) => e.kind)).toEqual(['converted_from_lead']);

    const again = await api.post(`/api/v1/leads/${leadId}/convert`, {}, { token: token.rep1 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('binds a mini-program user\'s account to the customer its lead became', async () => {
    const session = await api.post('/api/v1/auth/wechat', { code: 'ok:openid-convert:union-convert' });
    const lead = await server.dataSource.getRepository(Lead).findOneByOrFail({ openid: 'openid-convert' });
    await api.post(`/api/v1/leads/${lead.id}/claim`, {}, { token: token.rep2 });
    const converted = await api.post(`/api/v1/leads/${lead.id}/convert`, { customer: { name: '小程序来的客户' } }, { token: token.rep2 });
    expect(converted.status).toBe(200);
    const account = await server.dataSource.getRepository(CustomerAccount).findOneByOrFail({ id: session.body.user.id });
    expect(account.customerId).toBe(converted.body.customerId);
    const customer = await server.dataSource.getRepository(Customer).findOneByOrFail({ id: converted.body.customerId });
    expect(customer).toMatchObject({ openid: 'openid-convert', unionid: 'union-convert', source: 'miniprogram' });
  });

  it('attaches to an existing customer as a new contact', async () => {
    const existing = await api.post('/api/v1/customers', { name: '已有客户公司' }, { token: token.rep1 });
    const lead = await newLead('rep1', { name: '新联系人', company: '已有客户公司', mobile: '13900002222' });
    expect(lead.duplicates).toEqual([expect.objectContaining({ entity: 'customer', id: existing.body.id, visible: true })]);
    const converted = await api.post(`/api/v1/leads/${lead.id}/convert`, { customerId: existing.body.id }, { token: token.rep1 });
    expect(converted.body.customerId).toBe(existing.body.id);
    const contacts = await api.get(`/api/v1/customers/${existing.body.id}/contacts`, { token: token.rep1 });
    expect(contacts.body.data.map((c: { name: string }) => c.name)).toEqual(['新联系人']);
    expect(await server.dataSource.getRepository(Customer).countBy({ name: '已有客户公司' })).toBe(1);
  });

  it('applies the forbid policy to conversion, writing nothing', async () => {
    await api.post('/api/v1/customers', { name: '重庆禁止转化有限公司' }, { token: token.repB });
    const lead = await newLead('rep1', { name: '会撞车的线索', company: '重庆禁止转化' });
    await api.patch('/api/v1/settings/crm', { customerDuplicatePolicy: 'forbid' }, { token: token.admin });
    try {
      const customersBefore = await server.dataSource.getRepository(Customer).count();
      const refused = await api.post(`/api/v1/leads/${lead.id}/convert`, {}, { token: token.rep1 });
      expect(refused.status).toBe(409);
      expect(refused.body.error.details.duplicates[0]).toMatchObject({ visible: false, id: null });
      expect(await server.dataSource.getRepository(Customer).count()).toBe(customersBefore);
      expect((await server.dataSource.getRepository(Lead).findOneByOrFail({ id: lead.id })).status).toBe('new');
    } finally {
      await api.patch('/api/v1/settings/crm', { customerDuplicatePolicy: 'warn' }, { token: token.admin });
    }
  });

  it('refuses to convert another rep\'s lead (404) or into a customer the rep cannot see (404)', async () => {
    const others = await newLead('rep2', { name: '别人的线索' });
    expect((await api.post(`/api/v1/leads/${others.id}/convert`, {}, { token: token.rep1 })).status).toBe(404);
    const hidden = await api.post('/api/v1/customers', { name: '看不见的客户' }, { token: token.repB });
    const mine = await newLead('rep1', { name: '我的线索' });
    const refused = await api.post(`/api/v1/leads/${mine.id}/convert`, { customerId: hidden.body.id }, { token: token.rep1 });
    expect(refused.status).toBe(404);
    expect((await server.dataSource.getRepository(Lead).findOneByOrFail({ id: mine.id })).status).toBe('new');
  });
});
