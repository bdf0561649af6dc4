import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { addStaff, userId } from '../../testing/crm-fixtures';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { AuditLog } from '../audit/audit-log.entity';
import { Customer } from './customer.entity';
import { TimelineEvent } from './timeline-event.entity';

let server: TestServer;
let api: ApiClient;
const token: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  for (const user of ['admin', 'manager', 'rep1', 'rep2', 'finance', 'warehouse']) {
    token[user] = await loginAs(server, user);
    ids[user] = await userId(server, user);
  }
  // A second team, to show a manager sees their own team only.
  const otherManager = await addStaff(server, 'manager_b', 'manager', '华南销售组');
  const otherRep = await addStaff(server, 'rep_b', 'rep', '华南销售组');
  token.managerB = otherManager.token;
  token.repB = otherRep.token;
  ids.repB = otherRep.id;
});
afterAll(() => server?.close());

async function createCustomer(as: string, name: string, extra: Record<string, unknown> = {}) {
  const response = await api.post('/api/v1/customers', { name, ...extra }, { token: token[as] });
  expect(response.status).toBe(201);
  return response.body;
}

const setSettings = (changes: Record<string, unknown>) => api.patch('/api/v1/settings/crm', changes, { token: token.admin });
const timelineKinds = async (customerId: string) =>
  (await server.dataSource.getRepository(TimelineEvent).find({ where: { customerId }, order: { id: 'ASC' } })).map((e) => e.kind);

describe('creating customers', () => {
  it('gives a rep ownership of what they create, with team, tags, a first contact and a timeline entry', async () => {
    const customer = await createCustomer('rep1', '宁波海曙茶业有限公司', {
      grade: 'premium',
      region: '浙江',
      industry: '零售',
      mobile: '13511112222',
      creditLimitFen: 5_000_000,
      tags: ['重点', '茶叶'],
      contact: { name: '方经理', title: '采购', mobile: '13611112222' },
    });
    expect(customer).toMatchObject({ ownerId: ids.rep1, ownerName: '李销售', inPool: false, grade: 'premium', gradeLabel: '优质客户', tags: ['重点', '茶叶'], creditLimitFen: 5_000_000 });
    expect(customer.duplicates).toEqual([]);
    const contacts = await api.get(`/api/v1/customers/${customer.id}/contacts`, { token: token.rep1 });
    expect(contacts.body.data).toEqual([expect.objectContaining({ name: '方经理', isPrimary: true, mobile: '13611112222' })]);
    expect(await timelineKinds(customer.id)).toEqual(['created']);
  });

  it('refuses an unknown grade with 400', async () => {
    const response = await api.post('/api/v1/customers', { name: '某公司', grade: 'vip' }, { token: token.rep1 });
    expect(response.status).toBe(400);
    expect(response.body.error.details.allowed).toEqual(['new', 'regular', 'premium']);
  });

  it('lets a manager create straight into the pool', async () => {
    const customer = await createCustomer('manager', '公海测试客户', { ownerId: null });
    expect(customer).toMatchObject({ ownerId: null, inPool: true });
  });

  it('keeps finance and warehouse read-only', async () => {
    expect((await api.post('/api/v1/customers', { name: '财务建的' }, { token: token.finance })).status).toBe(403);
  });
});

describe('duplicate control', () => {
  it('warns with the matches, masking what the caller may not see', async () => {
    await createCustomer('rep1', '杭州西溪科技有限公司', { mobile: '13722223333' });
    const second = await createCustomer('rep2', '杭州西溪（滨江分公司）');
    // rep1's customer and rep1's demo lead 陈先生 (杭州西溪科技有限公司) both match; rep2 sees neither.
    expect(second.duplicates).toEqual([
      { entity: 'customer', matchedOn: 'name', id: null, name: null, ownerName: '李**', visible: false },
      { entity: 'lead', matchedOn: 'name', id: null, name: null, ownerName: '李**', visible: false },
    ]);
    const byMobile = await createCustomer('rep1', '完全不同的名字', { mobile: '+86 137-2222-3333' });
    expect(byMobile.duplicates).toEqual([expect.objectContaining({ entity: 'customer', matchedOn: 'mobile', visible: true, name: '杭州西溪科技有限公司', ownerName: '李销售' })]);
  });

  it('matches full-width, spaces, case and company suffixes', async () => {
    await createCustomer('rep1', 'ＡＢＣ 贸易集团股份有限公司');
    const again = await createCustomer('rep1', 'abc贸易');
    expect(again.duplicates).toHaveLength(1);
  });

  it('forbids with 409 under the forbid policy, writing nothing', async () => {
    await createCustomer('rep1', '苏州禁止重复有限公司');
    expect((await setSettings({ customerDuplicatePolicy: 'forbid' })).status).toBe(200);
    try {
      const before = await server.dataSource.getRepository(Customer).count();
      const response = await api.post('/api/v1/customers', { name: '苏州禁止重复' }, { token: token.rep2 });
      expect(response.status).toBe(409);
      expect(response.body.error.message).toContain('李**');
      expect(response.body.error.details.duplicates[0]).toMatchObject({ id: null, visible: false, ownerName: '李**' });
      expect(await server.dataSource.getRepository(Customer).count()).toBe(before);
    } finally {
      await setSettings({ customerDuplicatePolicy: 'warn' });
    }
  });

  it('checks an update against the others but not against itself', async () => {
    const customer = await createCustomer('rep1', '自身不算重复有限公司');
    const same = await api.patch(`/api/v1/customers/${customer.id}`, { name: '自身不算重复' }, { token: token.rep1 });
    expect(same.status).toBe(200);
    expect(same.body.duplicates).toEqual([]);
  });
});

describe('data permissions', () => {
  let rep1Customer: string;
  let rep2Customer: string;
  let repBCustomer: string;
  let poolCustomer: string;

  beforeAll(async () => {
    rep1Customer = (await createCustomer('rep1', '权限-李的客户')).id;
    rep2Customer = (await createCustomer('rep2', '权限-张的客户')).id;
    repBCustomer = (await createCustomer('repB', '权限-华南客户')).id;
    poolCustomer = (await createCustomer('admin', '权限-公海客户', { ownerId: null })).id;
  });

  // who × whose → visible on list and get?
  const matrix: Array<[string, string, boolean]> = [
    ['admin', 'rep1', true],
    ['admin', 'repB', true],
    ['manager', 'rep1', true],
    ['manager', 'rep2', true],
    ['manager', 'repB', false],
    ['managerB', 'repB', true],
    ['managerB', 'rep1', false],
    ['rep1', 'rep1', true],
    ['rep1', 'rep2', false],
    ['rep1', 'repB', false],
    ['rep1', 'pool', true],
    ['finance', 'rep1', true],
    ['warehouse', 'repB', true],
  ];

  it.each(matrix)('%s sees the customer of %s: %s (list and get; a miss is 404)', async (who, whose, visible) => {
    const id = { rep1: rep1Customer, rep2: rep2Customer, repB: repBCustomer, pool: poolCustomer }[whose]!;
    const got = await api.get(`/api/v1/customers/${id}`, { token: token[who] });
    expect(got.status).toBe(visible ? 200 : 404);
    const list = await api.get(`/api/v1/customers?limit=100&q=${encodeURIComponent('权限-')}`, { token: token[who] });
    expect(list.status).toBe(200);
    expect(list.body.data.some((c: { id: string }) => c.id === id)).toBe(visible);
  });

  it.each([
    ['rep1', 'rep1', 200],
    ['rep1', 'rep2', 404],
    ['manager', 'rep2', 200],
    ['manager', 'repB', 404],
    ['finance', 'rep1', 403],
  ] as const)('%s updating the customer of %s gets %i', async (who, whose, status) => {
    const id = { rep1: rep1Customer, rep2: rep2Customer, repB: repBCustomer }[whose];
    const response = await api.patch(`/api/v1/customers/${id}`, { remarks: `由 ${who} 修改` }, { token: token[who] });
    expect(response.status).toBe(status);
  });

  it('lets a follower see a customer and add a follow-up, but not edit it', async () => {
    const customer = await createCustomer('rep1', '协作客户');
    expect((await api.get(`/api/v1/customers/${customer.id}`, { token: token.rep2 })).status).toBe(404);
    const followed = await api.post(`/api/v1/customers/${customer.id}/followers`, { userId: ids.rep2 }, { token: token.rep1 });
    expect(followed.body.followerIds).toEqual([ids.rep2]);
    expect((await api.get(`/api/v1/customers/${customer.id}`, { token: token.rep2 })).status).toBe(200);
    expect((await api.get('/api/v1/customers?scope=mine&limit=100', { token: token.rep2 })).body.data.map((c: { id: string }) => c.id)).toContain(customer.id);
    const followUp = await api.post(`/api/v1/customers/${customer.id}/follow-ups`, { method: 'wechat', content: '协作人跟进' }, { token: token.rep2 });
    expect(followUp.status).toBe(201);
    expect((await api.patch(`/api/v1/customers/${customer.id}`, { remarks: 'x' }, { token: token.rep2 })).status).toBe(403);
  });

  it('lets admins and the team manager delete a customer with its contacts and timeline, nobody else', async () => {
    const customer = await createCustomer('rep1', '待删除客户', { contact: { name: '小王' } });
    await api.post(`/api/v1/customers/${customer.id}/follow-ups`, { method: 'phone', content: '最后一次联系' }, { token: token.rep1 });
    expect((await api.call('DELETE', `/api/v1/customers/${customer.id}`, { token: token.rep1 })).status).toBe(403);
    expect((await api.call('DELETE', `/api/v1/customers/${customer.id}`, { token: token.managerB })).status).toBe(404);
    expect((await api.call('DELETE', `/api/v1/customers/${customer.id}`, { token: token.manager })).status).toBe(204);
    expect((await api.get(`/api/v1/customers/${customer.id}`, { token: token.admin })).status).toBe(404);
    expect(await server.dataSource.getRepository(TimelineEvent).countBy({ customerId: customer.id })).toBe(0);
    const audit = await server.dataSource.getRepository(AuditLog).findBy({ subjectType: 'customer', subjectId: customer.id, action: 'customer.delete' });
    expect(audit).toHaveLength(1);
  });

  it('records a credit-limit change in the audit log', async () => {
    await api.patch(`/api/v1/customers/${rep1Customer}`, { creditLimitFen: 123_400 }, { token: token.rep1 });
    const audit = await server.dataSource.getRepository(AuditLog).findBy({ subjectType: 'customer', subjectId: rep1Customer });
    expect(audit).toEqual([expect.objectContaining({ action: 'customer.credit_limit_change', changes: { fromFen: 0, toFen: 123_400 } })]);
  });
});

describe('the public pool and ownership', () => {
  it('lets an owner release to the pool and another rep claim it', async () => {
    const customer = await createCustomer('rep1', '公海流转客户');
    const released = await api.post(`/api/v1/customers/${customer.id}/release`, { reason: '客户暂无需求' }, { token: token.rep1 });
    expect(released.body).toMatchObject({ inPool: true, ownerId: null });
    expect((await api.post(`/api/v1/customers/${customer.id}/release`, {}, { token: token.manager })).status).toBe(409);
    const pool = await api.get('/api/v1/customers?scope=pool&limit=100', { token: token.rep2 });
    expect(pool.body.data.map((c: { id: string }) => c.id)).toContain(customer.id);
    const claimed = await api.post(`/api/v1/customers/${customer.id}/claim`, {}, { token: token.rep2 });
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'claimed', customer: { ownerId: ids.rep2 } });
    expect(await timelineKinds(customer.id)).toEqual(['created', 'released', 'claimed']);
  });

  it('lets only one of two reps claiming the same pool customer at once win', async () => {
    const customer = await createCustomer('manager', '抢公海客户', { ownerId: null });
    const [a, b] = await Promise.all([
      api.post(`/api/v1/customers/${customer.id}/claim`, {}, { token: token.rep1 }),
      api.post(`/api/v1/customers/${customer.id}/claim`, {}, { token: token.rep2 }),
    ]);
    // The loser is told it is not theirs: 409 if it read the customer before the winner committed, else 404.
    expect([a.status, b.status].filter((status) => status === 200)).toHaveLength(1);
    expect([404, 409]).toContain([a.status, b.status].find((status) => status !== 200));
    expect((await timelineKinds(customer.id)).filter((k) => k === 'claimed')).toHaveLength(1);
  });

  it('refuses a claim beyond the per-rep limit with 409', async () => {
    const customer = await createCustomer('manager', '超限客户', { ownerId: null });
    await setSettings({ poolClaimLimit: 1 });
    try {
      const response = await api.post(`/api/v1/customers/${customer.id}/claim`, {}, { token: token.rep1 });
      expect(response.status).toBe(409);
      expect(response.body.error.details).toMatchObject({ limit: 1 });
      expect((await server.dataSource.getRepository(Customer).findOneByOrFail({ id: customer.id })).ownerId).toBeNull();
    } finally {
      await setSettings({ poolClaimLimit: 200 });
    }
  });

  it('routes a claim of another rep\'s customer through the manager\'s approval', async () => {
    const customer = await createCustomer('rep1', '审批领取客户');
    await api.post(`/api/v1/customers/${customer.id}/followers`, { userId: ids.rep2 }, { token: token.rep1 });
    const claim = await api.post(`/api/v1/customers/${customer.id}/claim`, { reason: '客户指定由我对接' }, { token: token.rep2 });
    expect(claim.status).toBe(202);
    expect(claim.body.status).toBe('pending_approval');
    expect((await api.post(`/api/v1/customers/${customer.id}/claim`, {}, { token: token.rep2 })).status).toBe(409);

    const todo = await api.get('/api/v1/approvals?status=pending', { token: token.manager });
    expect(todo.body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: claim.body.approvalId, kind: 'claim_customer', subjectTitle: '审批领取客户', requestedByName: '张销售', reason: '客户指定由我对接' })]),
    );
    expect((await api.get('/api/v1/approvals?status=pending', { token: token.managerB })).body.data.map((a: { id: string }) => a.id)).not.toContain(claim.body.approvalId);
    expect((await api.post(`/api/v1/approvals/${claim.body.approvalId}/approve`, {}, { token: token.managerB })).status).toBe(404);
    expect((await api.post(`/api/v1/approvals/${claim.body.approvalId}/approve`, {}, { token: token.rep1 })).status).toBe(403);

    const approved = await api.post(`/api/v1/approvals/${claim.body.approvalId}/approve`, { comment: '同意' }, { token: token.manager });
    expect(approved.body).toMatchObject({ status: 'approved', decisionComment: '同意', decidedByName: '王经理' });
    expect((await api.get(`/api/v1/customers/${customer.id}`, { token: token.rep2 })).body.ownerId).toBe(ids.rep2);
    expect((await api.post(`/api/v1/approvals/${claim.body.approvalId}/reject`, {}, { token: token.manager })).status).toBe(409);
  });

  it('leaves the owner unchanged when the claim is rejected', async () => {
    const customer = await createCustomer('rep1', '驳回领取客户');
    await api.post(`/api/v1/customers/${customer.id}/followers`, { userId: ids.rep2 }, { token: token.rep1 });
    const claim = await api.post(`/api/v1/customers/${customer.id}/claim`, {}, { token: token.rep2 });
    const rejected = await api.post(`/api/v1/approvals/${claim.body.approvalId}/reject`, { comment: '请继续协作' }, { token: token.admin });
    expect(rejected.body.status).toBe('rejected');
    expect((await api.get(`/api/v1/customers/${customer.id}`, { token: token.rep1 })).body.ownerId).toBe(ids.rep1);
  });

  it('lets a manager bulk-assign within the team, all or nothing', async () => {
    const a = await createCustomer('manager', '批量分配 A', { ownerId: null });
    const b = await createCustomer('manager', '批量分配 B', { ownerId: null });
    const hidden = await createCustomer('repB', '批量分配 华南');
    const refused = await api.post('/api/v1/customers/bulk-assign', { customerIds: [a.id, hidden.id], ownerId: ids.rep1 }, { token: token.manager });
    expect(refused.status).toBe(404);
    expect((await server.dataSource.getRepository(Customer).findOneByOrFail({ id: a.id })).ownerId).toBeNull();
    expect((await api.post('/api/v1/customers/bulk-assign', { customerIds: [a.id], ownerId: ids.repB }, { token: token.manager })).status).toBe(400);
    const done = await api.post('/api/v1/customers/bulk-assign', { customerIds: [a.id, b.id], ownerId: ids.rep1 }, { token: token.manager });
    expect(done.body).toEqual({ assigned: 2 });
    expect((await api.get(`/api/v1/customers/${b.id}`, { token: token.rep1 })).body.ownerName).toBe('李销售');
    expect((await api.post('/api/v1/customers/bulk-assign', { customerIds: [a.id], ownerId: ids.rep2 }, { token: token.rep1 })).status).toBe(403);
  });
});

describe('follow-ups and the timeline', () => {
  it('records a follow-up on the timeline, stamps the customer and lists what is due today', async () => {
    const customer = await createCustomer('rep1', '跟进测试客户');
    const soon = new Date(Date.now() + 60_000).toISOString();
    const first = await api.post(`/api/v1/customers/${customer.id}/follow-ups`, { method: 'phone', content: '电话沟通了报价', nextFollowUpAt: soon }, { token: token.rep1 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ subjectType: 'customer', subjectName: '跟进测试客户', method: 'phone', createdByName: '李销售' });

    const due = await api.get('/api/v1/follow-ups/due', { token: token.rep1 });
    expect(due.body.data.map((f: { id: string }) => f.id)).toContain(first.body.id);
    expect((await api.get('/api/v1/follow-ups/due', { token: token.rep2 })).body.data.map((f: { id: string }) => f.id)).not.toContain(first.body.id);

    const second = await api.post(`/api/v1/customers/${customer.id}/follow-ups`, { method: 'visit', content: '上门拜访' }, { token: token.rep1 });
    expect(second.status).toBe(201);
    const dueAfter = await api.get('/api/v1/follow-ups/due', { token: token.rep1 });
    expect(dueAfter.body.data.map((f: { id: string }) => f.id)).not.toContain(first.body.id);

    const detail = await api.get(`/api/v1/customers/${customer.id}`, { token: token.rep1 });
    expect(detail.body.lastFollowUpAt).not.toBeNull();
    // The pool clock restarts with each follow-up: 30 days (the default) from the last one.
    expect(Date.parse(detail.body.returnsToPoolAt) - Date.parse(detail.body.lastFollowUpAt)).toBe(30 * 24 * 3600_000);
    const timeline = await api.get(`/api/v1/customers/${customer.id}/timeline`, { token: token.rep1 });
    expect(timeline.body.data.map((e: { kind: string; summary: string }) => [e.kind, e.summary])).toEqual([
      ['follow_up', '拜访跟进：上门拜访'],
      ['follow_up', '电话跟进：电话沟通了报价'],
      ['created', '创建客户，负责人：李销售'],
    ]);
  });

  it('refuses a follow-up with bad input or on a customer the caller may not see', async () => {
    const customer = await createCustomer('rep1', '跟进权限客户');
    expect((await api.post(`/api/v1/customers/${customer.id}/follow-ups`, { method: 'fax', content: 'x' }, { token: token.rep1 })).status).toBe(400);
    expect((await api.post(`/api/v1/customers/${customer.id}/follow-ups`, { method: 'phone', content: '' }, { token: token.rep1 })).status).toBe(400);
    expect((await api.post(`/api/v1/customers/${customer.id}/follow-ups`, { method: 'phone', content: '越权' }, { token: token.repB })).status).toBe(404);
    expect((await api.get(`/api/v1/customers/${customer.id}/timeline`, { token: token.repB })).status).toBe(404);
  });
});

describe('searching customers by name', () => {
  it('finds a name by any part of it, newest first, paging through every match', async () => {
    const names = ['搜索甲 西湖龙井茶业', '搜索乙 龙井贸易', '搜索丙 明前龙井批发', '搜索丁 碧螺春'];
    const ids: string[] = [];
    for (const name of names) ids.push((await createCustomer('rep1', name)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.get(`/api/v1/customers?limit=2&q=${encodeURIComponent('龙井')}${cursor ? `&cursor=${cursor}` : ''}`, { token: token.rep1 });
      expect(page.status).toBe(200);
      seen.push(...page.body.data.filter((c: { name: string }) => c.name.startsWith('搜索')).map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids[2], ids[1], ids[0]]);
  });

  it('needs the pieces in order (a substring), and follows renames', async () => {
    const customer = await createCustomer('rep1', '搜索 井龙茶');
    const search = async (q: string) =>
      (await api.get(`/api/v1/customers?limit=100&q=${encodeURIComponent(q)}`, { token: token.rep1 })).body.data.map((c: { id: string }) => c.id);
    expect(await search('龙井')).not.toContain(customer.id);
    expect(await search('井龙')).toContain(customer.id);
    await api.patch(`/api/v1/customers/${customer.id}`, { name: '搜索 改名后的茶庄' }, { token: token.rep1 });
    expect(await search('井龙')).not.toContain(customer.id);
    expect(await search('茶庄')).toContain(customer.id);
  });

  it('searches one character, and mobiles by their start', async () => {
    const customer = await createCustomer('rep1', '搜索 単字茶', { mobile: '13655556666' });
    const ids = async (q: string) => (await api.get(`/api/v1/customers?limit=100&q=${encodeURIComponent(q)}`, { token: token.rep1 })).body.data.map((c: { id: string }) => c.id);
    expect(await ids('単')).toContain(customer.id);
    expect(await ids('13655556666')).toContain(customer.id);
    expect(await ids('1365555')).toContain(customer.id);
    expect(await ids('5555')).not.toContain(customer.id);
  });

  it("keeps search results inside the caller's permissions", async () => {
    const hidden = await createCustomer('repB', '搜索 华南专属茶行');
    const rep1Sees = (await api.get(`/api/v1/customers?q=${encodeURIComponent('专属茶行')}`, { token: token.rep1 })).body.data;
    expect(rep1Sees.map((c: { id: string }) => c.id)).not.toContain(hidden.id);
    const adminSees = (await api.get(`/api/v1/customers?q=${encodeURIComponent('专属茶行')}`, { token: token.admin })).body.data;
    expect(adminSees.map((c: { id: string }) => c.id)).toContain(hidden.id);
  });
});
