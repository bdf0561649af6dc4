import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { startTestServer, TEST_BOT_TOKEN, type TestServer } from '../../testing/test-server';
import { Lead } from './lead.entity';

let server: TestServer;
let api: ApiClient;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  for (const user of ['admin', 'manager', 'rep1', 'rep2', 'finance']) tokens[user] = await loginAs(server, user);
});
afterAll(() => server?.close());

const names = (response: { body: { data: Array<{ name: string }> } }) => response.body.data.map((lead) => lead.name);

describe('leads', () => {
  it('creates a manual lead owned by the rep who entered it', async () => {
    const response = await api.post('/api/v1/leads', { name: '郑女士', company: '宁波港务', mobile: '13912345678' }, { token: tokens.rep1 });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ name: '郑女士', source: 'manual', status: 'new', mobile: '13912345678' });
    const me = await api.get('/api/v1/me', { token: tokens.rep1 });
    expect(response.body.ownerId).toBe(me.body.id);
  });

  it('shows a rep only their own leads, and 404 for another rep\'s lead', async () => {
    const mine = await api.post('/api/v1/leads', { name: '只属于rep2' }, { token: tokens.rep2 });
    const rep1List = await api.get('/api/v1/leads?limit=100', { token: tokens.rep1 });
    expect(names(rep1List)).not.toContain('只属于rep2');
    expect(names(rep1List)).toContain('陈先生');
    expect((await api.get(`/api/v1/leads/${mine.body.id}`, { token: tokens.rep1 })).status).toBe(404);
    expect((await api.get(`/api/v1/leads/${mine.body.id}`, { token: tokens.rep2 })).status).toBe(200);
  });

  it('shows a manager the team\'s and unowned leads, and an admin everything', async () => {
    const managerList = names(await api.get('/api/v1/leads?limit=100', { token: tokens.manager }));
    expect(managerList).toEqual(expect.arrayContaining(['陈先生', '周总', '吴经理']));
    const total = await server.dataSource.getRepository(Lead).count();
    expect((await api.get('/api/v1/leads?limit=100', { token: tokens.admin })).body.data).toHaveLength(total);
  });

  it('keeps finance out of leads', async () => {
    expect((await api.get('/api/v1/leads', { token: tokens.finance })).status).toBe(403);
  });

  it('filters by status and source and searches name, company or mobile', async () => {
    const bySource = await api.get('/api/v1/leads?source=mp_follower', { token: tokens.admin });
    expect(names(bySource)).toEqual(['刘女士']);
    const byCompany = await api.get(`/api/v1/leads?q=${encodeURIComponent('秦淮')}`, { token: tokens.admin });
    expect(names(byCompany)).toEqual(['吴经理']);
    const byMobile = await api.get('/api/v1/leads?q=13800000003', { token: tokens.admin });
    expect(names(byMobile)).toEqual(['周总']);
  });

  it('refuses a second lead for the same WeChat identity with 409', async () => {
    const first = await api.post('/api/v1/leads', { name: '微信甲', wechatContactId: 'wxid_dup' }, { token: tokens.rep1 });
    expect(first.status).toBe(201);
    const second = await api.post('/api/v1/leads', { name: '微信甲2', wechatContactId: 'wxid_dup' }, { token: tokens.rep2 });
    expect(second.status).toBe(409);
    expect(await server.dataSource.getRepository(Lead).countBy({ wechatContactId: 'wxid_dup' })).toBe(1);
  });
});

describe('bot events', () => {
  const friend = (contactId: string) => ({ type: 'friend_added', contactId, name: '新朋友', hello: '我想了解一下茶礼' });

  it('turns a new WeChat friend into one wechat_friend lead', async () => {
    const response = await api.post('/api/v1/bot/events', friend('wxid_new_friend'), { token: TEST_BOT_TOKEN });
    expect(response.status).toBe(200);
    expect(response.body.created).toBe(true);
    const lead = await server.dataSource.getRepository(Lead).findOneByOrFail({ id: response.body.leadId });
    expect(lead).toMatchObject({ source: 'wechat_friend', status: 'new', wechatContactId: 'wxid_new_friend', ownerId: null });
    expect(lead.notes).toContain('我想了解一下茶礼');
  });

  it('answers a repeated friend event with the same lead', async () => {
    const first = await api.post('/api/v1/bot/events', friend('wxid_repeat'), { token: TEST_BOT_TOKEN });
    const again = await api.post('/api/v1/bot/events', friend('wxid_repeat'), { token: TEST_BOT_TOKEN });
    expect(again.body).toEqual({ leadId: first.body.leadId, created: false });
  });

  it('makes one lead when the same friend is reported many times at once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => api.post('/api/v1/bot/events', friend('wxid_burst'), { token: TEST_BOT_TOKEN })),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(responses.filter((r) => r.body.created)).toHaveLength(1);
    expect(await server.dataSource.getRepository(Lead).countBy({ wechatContactId: 'wxid_burst' })).toBe(1);
  });

  it('refuses a wrong service token with 401', async () => {
    const response = await api.post('/api/v1/bot/events', friend('wxid_x'), { token: 'not-the-bot-token-0000' });
    expect(response.status).toBe(401);
    expect(await server.dataSource.getRepository(Lead).countBy({ wechatContactId: 'wxid_x' })).toBe(0);
  });
});
