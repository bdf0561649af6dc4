import { expectStatus, startWorld, type World } from './opportunities.test-helpers';

/**
 * Data permissions on opportunities: admin everything; a manager their team's; a rep what they own
 * (read and write) or follow as a member (read only). A record the caller may not see — or may see but
 * not change — answers 404; finance and warehouse get 403 for the whole resource.
 */
let w: World;
const records: Record<string, string> = {};

type RecordKey = 'rep1Own' | 'rep2Own' | 'rep2FollowedByRep1' | 'rep3Own';
type Right = 'write' | 'read' | 'none';

beforeAll(async () => {
  w = await startWorld();
  const east1 = await w.addCustomer('东区客户一', 'rep1');
  const east2 = await w.addCustomer('东区客户二', 'rep2');
  const south = await w.addCustomer('南区客户', 'rep3');
  const create = async (key: RecordKey, body: Record<string, unknown>) => {
    const response = await w.createOpportunity('admin', { name: key, ...body });
    expectStatus(response, 201);
    records[key] = response.body.id;
  };
  await create('rep1Own', { customerId: east1, ownerId: w.userIds.rep1 });
  await create('rep2Own', { customerId: east2, ownerId: w.userIds.rep2 });
  await create('rep2FollowedByRep1', { customerId: east2, ownerId: w.userIds.rep2, memberIds: [w.userIds.rep1] });
  await create('rep3Own', { customerId: south, ownerId: w.userIds.rep3 });
});
afterAll(() => w?.close());

const matrix: Array<[string, Record<RecordKey, Right>]> = [
  ['admin', { rep1Own: 'write', rep2Own: 'write', rep2FollowedByRep1: 'write', rep3Own: 'write' }],
  ['manager', { rep1Own: 'write', rep2Own: 'write', rep2FollowedByRep1: 'write', rep3Own: 'none' }],
  ['rep1', { rep1Own: 'write', rep2Own: 'none', rep2FollowedByRep1: 'read', rep3Own: 'none' }],
  ['rep2', { rep1Own: 'none', rep2Own: 'write', rep2FollowedByRep1: 'write', rep3Own: 'none' }],
  ['manager2', { rep1Own: 'none', rep2Own: 'none', rep2FollowedByRep1: 'none', rep3Own: 'write' }],
  ['rep3', { rep1Own: 'none', rep2Own: 'none', rep2FollowedByRep1: 'none', rep3Own: 'write' }],
];

describe('permission matrix', () => {
  it.each(matrix)('%s: list, get and update answer by the data permissions', async (caller, rights) => {
    const token = w.tokens[caller];
    const listed = new Set(
      (await w.api.get('/api/v1/opportunities?limit=100', { token })).body.data.map((o: { id: string }) => o.id),
    );
    const observed: Record<string, { listed: boolean; get: number; update: number }> = {};
    const expected: typeof observed = {};
    for (const [key, right] of Object.entries(rights) as Array<[RecordKey, Right]>) {
      const id = records[key];
      const get = await w.api.get(`/api/v1/opportunities/${id}`, { token });
      const update = await w.api.patch(`/api/v1/opportunities/${id}`, { description: `${caller} 修改` }, { token });
      observed[key] = { listed: listed.has(id), get: get.status, update: update.status };
      expected[key] = { listed: right !== 'none', get: right === 'none' ? 404 : 200, update: right === 'write' ? 200 : 404 };
    }
    expect(observed).toEqual(expected);
  });

  it.each(['finance', 'warehouse'])('%s gets 403 on every opportunity route', async (caller) => {
    const token = w.tokens[caller];
    const id = records.rep1Own;
    const responses = {
      list: await w.api.get('/api/v1/opportunities', { token }),
      get: await w.api.get(`/api/v1/opportunities/${id}`, { token }),
      update: await w.api.patch(`/api/v1/opportunities/${id}`, { description: 'x' }, { token }),
      stage: await w.moveStage(caller, id, '需求确认'),
      members: await w.api.post(`/api/v1/opportunities/${id}/members`, { userId: w.userIds.rep2 }, { token }),
      funnel: await w.api.get('/api/v1/opportunities/funnel', { token }),
      templates: await w.api.get('/api/v1/stage-templates', { token }),
    };
    expect(Object.fromEntries(Object.entries(responses).map(([name, r]) => [name, r.status]))).toEqual({
      list: 403,
      get: 403,
      update: 403,
      stage: 403,
      members: 403,
      funnel: 403,
      templates: 403,
    });
  });

  it('refuses anonymous callers with 401', async () => {
    expect((await w.api.get('/api/v1/opportunities')).status).toBe(401);
    expect((await w.api.get(`/api/v1/opportunities/${records.rep1Own}`)).status).toBe(401);
  });

  it('answers an id that does not exist like one the caller may not see (404)', async () => {
    expectStatus(await w.api.get('/api/v1/opportunities/999999999', { token: w.tokens.admin }), 404);
    expectStatus(await w.api.get('/api/v1/opportunities/not-an-id', { token: w.tokens.admin }), 400);
  });

  it('scopes stage moves and members like updates: a team manager may, a member or another team may not', async () => {
    const id = records.rep2Own;
    expectStatus(await w.moveStage('rep1', id, '需求确认'), 404);
    expectStatus(await w.moveStage('manager2', id, '需求确认'), 404);
    expectStatus(await w.moveStage('manager', id, '需求确认'), 200);
    expectStatus(await w.api.post(`/api/v1/opportunities/${records.rep2FollowedByRep1}/members`, { userId: w.userIds.rep3 }, { token: w.tokens.rep1 }), 404);
  });
});
