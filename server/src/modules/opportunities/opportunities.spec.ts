import { listAudit } from '../audit/audit.service';
import { Opportunity } from './opportunity.entity';
import { OpportunityStageChange } from './stage-change.entity';
import { Stage } from './stage.entity';
import { StageTemplate } from './stage-template.entity';
import { ensureDefaultStageTemplate } from './stage-templates.service';
import { expectStatus, startWorld, type World } from './opportunities.test-helpers';

let w: World;
const customers: Record<string, string> = {};

beforeAll(async () => {
  w = await startWorld();
  customers.rep1 = await w.addCustomer('杭州西溪科技有限公司', 'rep1');
  customers.rep2 = await w.addCustomer('苏州园林文化传媒', 'rep2');
  customers.pool = await w.addCustomer('南京秦淮酒店管理集团', null);
  customers.south = await w.addCustomer('广州珠江贸易有限公司', 'rep3');
});
afterAll(() => w?.close());

const url = (id: string, action = '') => `/api/v1/opportunities/${id}${action}`;

async function newOpportunity(as: string, body: Record<string, unknown> = {}) {
  const response = await w.createOpportunity(as, { name: `商机-${Math.random().toString(36).slice(2, 8)}`, customerId: customers.rep1, ...body });
  expectStatus(response, 201);
  return response.body;
}

describe('stage templates', () => {
  it('seeds the default process: 初步接洽 10% → 需求确认 30% → 方案报价 50% → 谈判 70% → 赢单 100% / 输单 0%', async () => {
    const response = await w.api.get('/api/v1/stage-templates', { token: w.tokens.rep1 });
    expectStatus(response, 200);
    const template = response.body.data.find((t: { isDefault: boolean }) => t.isDefault);
    expect(template.stages.map((s: { name: string; probability: number; kind: string }) => [s.name, s.probability, s.kind])).toEqual([
      ['初步接洽', 10, 'open'],
      ['需求确认', 30, 'open'],
      ['方案报价', 50, 'open'],
      ['谈判', 70, 'open'],
      ['赢单', 100, 'won'],
      ['输单', 0, 'lost'],
    ]);
  });

  it('seeds only once, however often (and however concurrently) the server starts', async () => {
    await Promise.all([ensureDefaultStageTemplate(w.server.dataSource), ensureDefaultStageTemplate(w.server.dataSource)]);
    await ensureDefaultStageTemplate(w.server.dataSource);
    expect(await w.server.dataSource.getRepository(StageTemplate).countBy({ isDefault: true })).toBe(1);
    expect(await w.server.dataSource.getRepository(Stage).countBy({ templateId: w.templateId })).toBe(6);
  });

  it('keeps finance and warehouse out', async () => {
    expect((await w.api.get('/api/v1/stage-templates', { token: w.tokens.finance })).status).toBe(403);
    expect((await w.api.get('/api/v1/stage-templates', { token: w.tokens.warehouse })).status).toBe(403);
  });
});

describe('creating an opportunity', () => {
  it('defaults owner and team to the caller, starts at the first stage and records it in the history', async () => {
    const response = await w.createOpportunity('rep1', {
      name: '2026 中秋商务茶礼',
      customerId: customers.rep1,
      amountFen: 1_288_000,
      expectedCloseDate: '2026-09-01',
      description: '300 盒 A 款',
    });
    expectStatus(response, 201);
    expect(response.body).toMatchObject({
      name: '2026 中秋商务茶礼',
      customerId: customers.rep1,
      customerName: '杭州西溪科技有限公司',
      templateId: w.templateId,
      stageId: w.stages['初步接洽'].id,
      stageName: '初步接洽',
      stageKind: 'open',
      probability: 10,
      status: 'open',
      amountFen: 1_288_000,
      weightedAmountFen: 128_800,
      expectedCloseDate: '2026-09-01',
      ownerId: w.userIds.rep1,
      ownerName: '李销售',
      teamId: w.teams.east,
      createdBy: w.userIds.rep1,
      memberIds: [],
      closedAt: null,
      duplicates: [],
    });
    expect(response.body.history).toEqual([
      expect.objectContaining({ fromStageId: null, fromStageName: null, toStageId: w.stages['初步接洽'].id, toStageName: '初步接洽', actorId: w.userIds.rep1, actorName: '李销售' }),
    ]);
    const audit = await listAudit(w.server.dataSource.manager, { type: 'opportunity', id: response.body.id });
    expect(audit.map((a) => [a.action, a.changes])).toEqual([['opportunity.create', { amountFen: 1_288_000 }]]);
  });

  it('lets a rep attach a pool customer but not a customer they cannot see', async () => {
    expectStatus(await w.createOpportunity('rep1', { name: '公海客户的商机', customerId: customers.pool }), 201);
    const hidden = await w.createOpportunity('rep1', { name: '别人的客户', customerId: customers.rep2 });
    expectStatus(hidden, 400);
    expect(hidden.body.error.details).toEqual({ field: 'customerId' });
    expectStatus(await w.createOpportunity('rep1', { name: '不存在的客户', customerId: '999999999' }), 400);
  });

  it('lets managers and admins name the owner (a manager only within their team); a rep may not', async () => {
    expectStatus(await w.createOpportunity('rep1', { name: '替人建', customerId: customers.rep1, ownerId: w.userIds.rep2 }), 403);
    const byManager = await w.createOpportunity('manager', { name: '经理分配', customerId: customers.rep2, ownerId: w.userIds.rep2 });
    expectStatus(byManager, 201);
    expect(byManager.body).toMatchObject({ ownerId: w.userIds.rep2, teamId: w.teams.east, createdBy: w.userIds.manager });
    const otherTeam = await w.createOpportunity('manager', { name: '跨团队', customerId: customers.rep2, ownerId: w.userIds.rep3 });
    expectStatus(otherTeam, 400);
    expect(otherTeam.body.error.details).toEqual({ field: 'ownerId' });
    const byAdmin = await w.createOpportunity('admin', { name: '管理员分配', customerId: customers.south, ownerId: w.userIds.rep3 });
    expect(byAdmin.body).toMatchObject({ ownerId: w.userIds.rep3, teamId: w.teams.south });
    expectStatus(await w.createOpportunity('admin', { name: '给财务', customerId: customers.south, ownerId: w.userIds.finance }), 400);
  });

  it('adds members, ignoring the owner and repeats, and refuses staff who cannot follow opportunities', async () => {
    const response = await w.createOpportunity('rep1', {
      name: '多人跟进',
      customerId: customers.rep1,
      memberIds: [w.userIds.rep2, w.userIds.rep2, w.userIds.rep1],
    });
    expectStatus(response, 201);
    expect(response.body.members).toEqual([{ userId: w.userIds.rep2, name: '张销售' }]);
    const bad = await w.createOpportunity('rep1', { name: '加财务', customerId: customers.rep1, memberIds: [w.userIds.finance] });
    expectStatus(bad, 400);
    expect(bad.body.error.details).toMatchObject({ field: 'userId' });
  });

  it('answers bad input with 400 and writes nothing', async () => {
    const before = await w.server.dataSource.getRepository(Opportunity).count();
    for (const body of [
      { customerId: customers.rep1 },
      { name: '   ', customerId: customers.rep1 },
      { name: '小数金额', customerId: customers.rep1, amountFen: 12.5 },
      { name: '负数金额', customerId: customers.rep1, amountFen: -1 },
      { name: '坏日期', customerId: customers.rep1, expectedCloseDate: '2026-02-30' },
      { name: '坏日期2', customerId: customers.rep1, expectedCloseDate: '2026/09/01' },
      { name: '坏模板', customerId: customers.rep1, templateId: '999999999' },
      { name: '坏客户', customerId: 'abc' },
    ]) {
      const response = await w.createOpportunity('rep1', body);
      expect({ body, status: response.status, code: response.body.error?.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect(await w.server.dataSource.getRepository(Opportunity).count()).toBe(before);
  });

  it('returns the first result for a retried create with the same Idempotency-Key', async () => {
    const body = { name: '幂等创建', customerId: customers.rep1 };
    const headers = { 'Idempotency-Key': 'opp-create-retry-1' };
    const first = await w.api.post('/api/v1/opportunities', body, { token: w.tokens.rep1, headers });
    const again = await w.api.post('/api/v1/opportunities', body, { token: w.tokens.rep1, headers });
    expectStatus(first, 201);
    expect(again.body.id).toBe(first.body.id);
    expect(await w.server.dataSource.getRepository(Opportunity).countBy({ name: '幂等创建' })).toBe(1);
  });

  it('keeps finance, warehouse and customers-to-be out (403)', async () => {
    expectStatus(await w.createOpportunity('finance', { name: 'x', customerId: customers.rep1 }), 403);
    expectStatus(await w.createOpportunity('warehouse', { name: 'x', customerId: customers.rep1 }), 403);
  });
});

describe('required fields by setting', () => {
  afterEach(() => w.setCrm({ opportunityRequiredFields: [] }));

  it('refuses a create without a required field, naming it', async () => {
    await w.setCrm({ opportunityRequiredFields: ['amountFen', 'expectedCloseDate'] });
    const missingBoth = await w.createOpportunity('rep1', { name: '缺字段', customerId: customers.rep1, description: '有描述' });
    expectStatus(missingBoth, 400);
    expect(missingBoth.body.error.message).toBe('请填写预计金额、预计成交日期');
    expect(missingBoth.body.error.details).toEqual({ fields: ['amountFen', 'expectedCloseDate'] });
    const zeroAmount = await w.createOpportunity('rep1', { name: '零金额', customerId: customers.rep1, amountFen: 0, expectedCloseDate: '2026-12-01' });
    expect(zeroAmount.body.error.details).toEqual({ fields: ['amountFen'] });
    expectStatus(await w.createOpportunity('rep1', { name: '字段齐全', customerId: customers.rep1, amountFen: 100, expectedCloseDate: '2026-12-01' }), 201);
  });

  it('refuses clearing a required field on update, and leaves other updates alone', async () => {
    const opportunity = await newOpportunity('rep1', { description: '需求说明', amountFen: 500 });
    await w.setCrm({ opportunityRequiredFields: ['description'] });
    const cleared = await w.api.patch(url(opportunity.id), { description: null }, { token: w.tokens.rep1 });
    expectStatus(cleared, 400);
    expect(cleared.body.error.details).toEqual({ fields: ['description'] });
    expect(cleared.body.error.message).toContain('商机描述');
    expectStatus(await w.api.patch(url(opportunity.id), { amountFen: 800 }, { token: w.tokens.rep1 }), 200);
  });

  it('does not require anything beyond name and customer by default', async () => {
    expectStatus(await w.createOpportunity('rep1', { name: '最少字段', customerId: customers.rep1 }), 201);
  });
});

describe('duplicate names', () => {
  afterEach(() => w.setCrm({ opportunityDuplicatePolicy: 'warn' }));

  it('warns (201 with the matches) about the same name on the same customer, compared without width, case or spaces', async () => {
    const first = await newOpportunity('rep1', { name: 'ABC 年礼采购', customerId: customers.pool });
    const second = await w.createOpportunity('rep1', { name: 'ａｂｃ年礼 采购', customerId: customers.pool });
    expectStatus(second, 201);
    expect(second.body.duplicates).toEqual([
      { entity: 'opportunity', matchedOn: 'name', id: first.id, name: 'ABC 年礼采购', ownerName: '李销售', visible: true },
    ]);
    const otherCustomer = await w.createOpportunity('rep1', { name: 'ABC 年礼采购', customerId: customers.rep1 });
    expect(otherCustomer.body.duplicates).toEqual([]);
  });

  it('masks the owner and hides the id of a match the caller may not see', async () => {
    await newOpportunity('rep1', { name: '酒店客房茶包', customerId: customers.pool });
    const response = await w.createOpportunity('rep2', { name: '酒店客房茶包', customerId: customers.pool });
    expectStatus(response, 201);
    expect(response.body.duplicates).toEqual([
      { entity: 'opportunity', matchedOn: 'name', id: null, name: null, ownerName: '李**', visible: false },
    ]);
  });

  it('forbids a duplicate with 409 listing the masked matches, and writes nothing', async () => {
    await newOpportunity('rep1', { name: '会议茶歇', customerId: customers.pool });
    await w.setCrm({ opportunityDuplicatePolicy: 'forbid' });
    const before = await w.server.dataSource.getRepository(Opportunity).count();
    const response = await w.createOpportunity('rep2', { name: '会议 茶歇', customerId: customers.pool });
    expectStatus(response, 409);
    expect(response.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('李**') });
    expect(response.body.error.details.duplicates).toEqual([
      { entity: 'opportunity', matchedOn: 'name', id: null, name: null, ownerName: '李**', visible: false },
    ]);
    expect(await w.server.dataSource.getRepository(Opportunity).count()).toBe(before);
  });

  it('checks a rename too: warn returns the matches, forbid refuses', async () => {
    const kept = await newOpportunity('rep1', { name: '茶具套装', customerId: customers.rep1 });
    const renamed = await newOpportunity('rep1', { name: '临时名称', customerId: customers.rep1 });
    const warned = await w.api.patch(url(renamed.id), { name: '茶具套装' }, { token: w.tokens.rep1 });
    expectStatus(warned, 200);
    expect(warned.body.duplicates).toEqual([expect.objectContaining({ id: kept.id, visible: true })]);
    const third = await newOpportunity('rep1', { name: '另一个名称', customerId: customers.rep1 });
    await w.setCrm({ opportunityDuplicatePolicy: 'forbid' });
    expectStatus(await w.api.patch(url(third.id), { name: '茶具 套装' }, { token: w.tokens.rep1 }), 409);
    expect((await w.api.get(url(third.id), { token: w.tokens.rep1 })).body.name).toBe('另一个名称');
    // A rename that normalises to the same key is no new duplicate, so even forbid lets it through.
    expectStatus(await w.api.patch(url(kept.id), { name: '茶具 套装', amountFen: 10 }, { token: w.tokens.rep1 }), 200);
  });
});

describe('updating', () => {
  it('changes the fields sent and audits an amount change', async () => {
    const opportunity = await newOpportunity('rep1', { amountFen: 10_000, description: '旧描述', expectedCloseDate: '2026-10-01' });
    const response = await w.api.patch(url(opportunity.id), { amountFen: 25_000, expectedCloseDate: null }, { token: w.tokens.rep1 });
    expectStatus(response, 200);
    expect(response.body).toMatchObject({ amountFen: 25_000, weightedAmountFen: 2_500, expectedCloseDate: null, description: '旧描述' });
    const audit = await listAudit(w.server.dataSource.manager, { type: 'opportunity', id: opportunity.id });
    expect(audit.map((a) => [a.action, a.changes])).toContainEqual(['opportunity.amount_change', { fromFen: 10_000, toFen: 25_000 }]);
  });

  it('refuses an empty patch and bad values with 400', async () => {
    const opportunity = await newOpportunity('rep1');
    expectStatus(await w.api.patch(url(opportunity.id), {}, { token: w.tokens.rep1 }), 400);
    expectStatus(await w.api.patch(url(opportunity.id), { amountFen: 1.5 }, { token: w.tokens.rep1 }), 400);
    expectStatus(await w.api.patch(url(opportunity.id), { name: '' }, { token: w.tokens.rep1 }), 400);
    expectStatus(await w.api.patch(url(opportunity.id), { name: opportunity.name }, { token: w.tokens.rep1 }), 200);
  });

  it('lets a manager update a team member\'s opportunity', async () => {
    const opportunity = await newOpportunity('rep1');
    expectStatus(await w.api.patch(url(opportunity.id), { description: '经理补充' }, { token: w.tokens.manager }), 200);
  });
});

describe('stage transitions', () => {
  it('walks every open stage forward to won, recording who, when, from → to and the note', async () => {
    const opportunity = await newOpportunity('rep1', { amountFen: 100_000 });
    const path = ['需求确认', '方案报价', '谈判'] as const;
    for (const [index, stage] of path.entries()) {
      const response = await w.moveStage('rep1', opportunity.id, stage, { note: `第${index + 1}次推进` });
      expectStatus(response, 200);
      expect(response.body).toMatchObject({ stageName: stage, status: 'open', probability: w.stages[stage].probability });
    }
    const won = await w.moveStage('rep1', opportunity.id, '赢单', { note: '签约', closeReason: '价格与服务', competitor: '某茶业' });
    expectStatus(won, 200);
    expect(won.body).toMatchObject({ status: 'won', stageName: '赢单', probability: 100, weightedAmountFen: 100_000, closeReason: '价格与服务', competitor: '某茶业' });
    expect(Date.parse(won.body.closedAt)).not.toBeNaN();
    expect(won.body.history.map((h: { fromStageName: string | null; toStageName: string; note: string | null; actorName: string }) => [h.fromStageName, h.toStageName, h.note, h.actorName])).toEqual([
      [null, '初步接洽', null, '李销售'],
      ['初步接洽', '需求确认', '第1次推进', '李销售'],
      ['需求确认', '方案报价', '第2次推进', '李销售'],
      ['方案报价', '谈判', '第3次推进', '李销售'],
      ['谈判', '赢单', '签约；原因：价格与服务；竞争对手：某茶业', '李销售'],
    ]);
    for (const entry of won.body.history) expect(Date.parse(entry.createdAt)).not.toBeNaN();
  });

  it('moves back and skips forward between open stages', async () => {
    const opportunity = await newOpportunity('rep1');
    expectStatus(await w.moveStage('rep1', opportunity.id, '谈判'), 200);
    const back = await w.moveStage('rep1', opportunity.id, '需求确认', { note: '客户预算重新评估' });
    expectStatus(back, 200);
    expect(back.body).toMatchObject({ stageName: '需求确认', status: 'open' });
  });

  it('closes as won straight from the first stage, and as lost from any open stage with a reason', async () => {
    const quick = await newOpportunity('rep1');
    expect((await w.moveStage('rep1', quick.id, '赢单')).body.status).toBe('won');
    for (const from of ['初步接洽', '需求确认', '方案报价', '谈判']) {
      const opportunity = await newOpportunity('rep1', { amountFen: 5_000 });
      if (from !== '初步接洽') expectStatus(await w.moveStage('rep1', opportunity.id, from), 200);
      const lost = await w.moveStage('rep1', opportunity.id, '输单', { closeReason: '预算取消', competitor: '某礼品公司' });
      expectStatus(lost, 200);
      expect(lost.body).toMatchObject({ status: 'lost', stageName: '输单', closeReason: '预算取消', competitor: '某礼品公司', weightedAmountFen: 0 });
    }
  });

  it('requires a reason to close as lost (400) and then changes nothing', async () => {
    const opportunity = await newOpportunity('rep1');
    const response = await w.moveStage('rep1', opportunity.id, '输单', { note: '没说原因' });
    expectStatus(response, 400);
    expect(response.body.error.details).toEqual({ field: 'closeReason' });
    const after = await w.api.get(url(opportunity.id), { token: w.tokens.rep1 });
    expect(after.body).toMatchObject({ status: 'open', stageName: '初步接洽' });
    expect(after.body.history).toHaveLength(1);
  });

  it('refuses moving to the stage it is already in (409)', async () => {
    const opportunity = await newOpportunity('rep1');
    const response = await w.moveStage('rep1', opportunity.id, '初步接洽');
    expectStatus(response, 409);
    expect(response.body.error.code).toBe('ILLEGAL_TRANSITION');
  });

  it('refuses a stage of another template, or no stage at all, with 400', async () => {
    const { identifiers } = await w.server.dataSource.getRepository(StageTemplate).insert({ name: '大客户流程', isDefault: false });
    const otherTemplate = String(identifiers[0].id);
    const inserted = await w.server.dataSource.getRepository(Stage).insert({ templateId: otherTemplate, name: '立项', probability: 20, sortOrder: 10, kind: 'open' });
    const opportunity = await newOpportunity('rep1');
    const foreign = await w.api.post(url(opportunity.id, '/stage'), { stageId: String(inserted.identifiers[0].id) }, { token: w.tokens.rep1 });
    expectStatus(foreign, 400);
    expect(foreign.body.error.details).toEqual({ field: 'stageId' });
    expectStatus(await w.api.post(url(opportunity.id, '/stage'), { stageId: '999999999' }, { token: w.tokens.rep1 }), 400);
    expectStatus(await w.api.post(url(opportunity.id, '/stage'), {}, { token: w.tokens.rep1 }), 400);

    // An opportunity of that template starts at its first stage and lists its own stages.
    const custom = await w.createOpportunity('rep1', { name: '大客户项目', customerId: customers.rep1, templateId: otherTemplate });
    expectStatus(custom, 201);
    expect(custom.body).toMatchObject({ templateId: otherTemplate, stageName: '立项', probability: 20 });
    expectStatus(await w.moveStage('rep1', custom.body.id, '谈判'), 400);
  });

  it.each([
    ['won', '赢单'],
    ['lost', '输单'],
  ])('refuses every stage move of a %s opportunity with 409 ILLEGAL_TRANSITION', async (status, closing) => {
    const opportunity = await newOpportunity('rep1');
    expectStatus(await w.moveStage('rep1', opportunity.id, closing, { closeReason: '结束' }), 200);
    for (const stage of Object.keys(w.stages)) {
      const response = await w.moveStage('rep1', opportunity.id, stage, { closeReason: '再次' });
      expect({ stage, status: response.status, code: response.body.error?.code }).toEqual({ stage, status: 409, code: 'ILLEGAL_TRANSITION' });
    }
    const after = await w.server.dataSource.getRepository(Opportunity).findOneByOrFail({ id: opportunity.id });
    expect(after.status).toBe(status);
    expect(await w.server.dataSource.getRepository(OpportunityStageChange).countBy({ opportunityId: opportunity.id })).toBe(2);
  });

  it('makes a closed opportunity read-only (409) for updates and members', async () => {
    const opportunity = await newOpportunity('rep1', { amountFen: 1_000 });
    await w.moveStage('rep1', opportunity.id, '赢单');
    const patch = await w.api.patch(url(opportunity.id), { amountFen: 2_000 }, { token: w.tokens.manager });
    expectStatus(patch, 409);
    expect(patch.body.error.message).toContain('赢单');
    expectStatus(await w.api.post(url(opportunity.id, '/members'), { userId: w.userIds.rep2 }, { token: w.tokens.rep1 }), 409);
    expect((await w.server.dataSource.getRepository(Opportunity).findOneByOrFail({ id: opportunity.id })).amountFen).toBe(1_000);
  });
});

describe('reopening', () => {
  it('lets a manager reopen a won opportunity to the stage it was closed from, clearing the close fields', async () => {
    const opportunity = await newOpportunity('rep1');
    await w.moveStage('rep1', opportunity.id, '方案报价');
    await w.moveStage('rep1', opportunity.id, '赢单', { closeReason: '客户拍板', competitor: '对手A' });
    const response = await w.api.post(url(opportunity.id, '/reopen'), { note: '客户要求重新议价' }, { token: w.tokens.manager });
    expectStatus(response, 200);
    expect(response.body).toMatchObject({ status: 'open', stageName: '方案报价', closedAt: null, closeReason: null, competitor: null });
    expect(response.body.history.at(-1)).toMatchObject({ fromStageName: '赢单', toStageName: '方案报价', actorName: '王经理', note: '重新打开：客户要求重新议价' });
    // Open again: the rep moves it on as before.
    expectStatus(await w.moveStage('rep1', opportunity.id, '谈判'), 200);
  });

  it('lets an admin reopen a lost opportunity into a chosen open stage', async () => {
    const opportunity = await newOpportunity('rep3', { customerId: customers.south });
    await w.moveStage('rep3', opportunity.id, '输单', { closeReason: '价格太高' });
    const response = await w.api.post(url(opportunity.id, '/reopen'), { note: '对方回头了', stageId: w.stages['谈判'].id }, { token: w.tokens.admin });
    expectStatus(response, 200);
    expect(response.body).toMatchObject({ status: 'open', stageName: '谈判' });
  });

  it('refuses reps (403), other teams\' managers (404), an open opportunity (409), a closed stage or no note (400)', async () => {
    const opportunity = await newOpportunity('rep1');
    const open = await w.api.post(url(opportunity.id, '/reopen'), { note: '还开着' }, { token: w.tokens.manager });
    expectStatus(open, 409);
    expect(open.body.error.code).toBe('ILLEGAL_TRANSITION');
    await w.moveStage('rep1', opportunity.id, '输单', { closeReason: '流标' });
    expectStatus(await w.api.post(url(opportunity.id, '/reopen'), { note: '我想重开' }, { token: w.tokens.rep1 }), 403);
    expectStatus(await w.api.post(url(opportunity.id, '/reopen'), { note: '别的团队' }, { token: w.tokens.manager2 }), 404);
    expectStatus(await w.api.post(url(opportunity.id, '/reopen'), { note: '' }, { token: w.tokens.manager }), 400);
    expectStatus(await w.api.post(url(opportunity.id, '/reopen'), { note: '去赢单', stageId: w.stages['赢单'].id }, { token: w.tokens.manager }), 400);
    expect((await w.server.dataSource.getRepository(Opportunity).findOneByOrFail({ id: opportunity.id })).status).toBe('lost');
  });
});

describe('members', () => {
  it('lets a member follow (read) but not change the opportunity; removing them hides it again', async () => {
    const opportunity = await newOpportunity('rep1', { name: '共同跟进的商机' });
    expectStatus(await w.api.get(url(opportunity.id), { token: w.tokens.rep2 }), 404);
    const added = await w.api.post(url(opportunity.id, '/members'), { userId: w.userIds.rep2 }, { token: w.tokens.rep1 });
    expectStatus(added, 200);
    expect(added.body.members).toEqual([{ userId: w.userIds.rep2, name: '张销售' }]);

    const seen = await w.api.get(url(opportunity.id), { token: w.tokens.rep2 });
    expectStatus(seen, 200);
    expect(seen.body.history).toHaveLength(1);
    const list = await w.api.get('/api/v1/opportunities?limit=100', { token: w.tokens.rep2 });
    expect(list.body.data.map((o: { id: string }) => o.id)).toContain(opportunity.id);

    expectStatus(await w.api.patch(url(opportunity.id), { description: '成员改' }, { token: w.tokens.rep2 }), 404);
    expectStatus(await w.moveStage('rep2', opportunity.id, '需求确认'), 404);
    expectStatus(await w.api.post(url(opportunity.id, '/members'), { userId: w.userIds.rep3 }, { token: w.tokens.rep2 }), 404);

    const removed = await w.api.call('DELETE', url(opportunity.id, `/members/${w.userIds.rep2}`), { token: w.tokens.rep1 });
    expectStatus(removed, 200);
    expect(removed.body.members).toEqual([]);
    expectStatus(await w.api.get(url(opportunity.id), { token: w.tokens.rep2 }), 404);
  });

  it('treats adding a member twice as done, refuses the owner and non-sales staff, and 404s removing a non-member', async () => {
    const opportunity = await newOpportunity('rep1');
    await w.api.post(url(opportunity.id, '/members'), { userId: w.userIds.rep3 }, { token: w.tokens.rep1 });
    const again = await w.api.post(url(opportunity.id, '/members'), { userId: w.userIds.rep3 }, { token: w.tokens.rep1 });
    expectStatus(again, 200);
    expect(again.body.memberIds).toEqual([w.userIds.rep3]);
    expectStatus(await w.api.post(url(opportunity.id, '/members'), { userId: w.userIds.rep1 }, { token: w.tokens.rep1 }), 400);
    expectStatus(await w.api.post(url(opportunity.id, '/members'), { userId: w.userIds.warehouse }, { token: w.tokens.rep1 }), 400);
    expectStatus(await w.api.post(url(opportunity.id, '/members'), { userId: '999999999' }, { token: w.tokens.rep1 }), 400);
    expectStatus(await w.api.call('DELETE', url(opportunity.id, `/members/${w.userIds.rep2}`), { token: w.tokens.rep1 }), 404);
    // A member from another team sees it; that team's manager still does not.
    expectStatus(await w.api.get(url(opportunity.id), { token: w.tokens.rep3 }), 200);
    expectStatus(await w.api.get(url(opportunity.id), { token: w.tokens.manager2 }), 404);
  });

  it('lets the team manager manage members', async () => {
    const opportunity = await newOpportunity('rep1');
    expectStatus(await w.api.post(url(opportunity.id, '/members'), { userId: w.userIds.rep2 }, { token: w.tokens.manager }), 200);
    expectStatus(await w.api.call('DELETE', url(opportunity.id, `/members/${w.userIds.rep2}`), { token: w.tokens.manager }), 200);
  });
});

describe('claiming through approval', () => {
  it('moves ownership (and team) to a member whose claim the manager approves', async () => {
    const opportunity = await newOpportunity('rep1', { name: '待接手的商机', memberIds: [w.userIds.rep2] });
    const claim = await w.api.post(url(opportunity.id, '/claim'), { reason: '李销售休假，由我接手' }, { token: w.tokens.rep2 });
    expectStatus(claim, 201);
    expect(claim.body).toMatchObject({
      kind: 'claim_opportunity',
      subjectType: 'opportunity',
      subjectId: opportunity.id,
      subjectTitle: '待接手的商机',
      status: 'pending',
      requestedBy: w.userIds.rep2,
      reason: '李销售休假，由我接手',
    });
    expectStatus(await w.api.post(url(opportunity.id, '/claim'), {}, { token: w.tokens.rep2 }), 409);
    // Still the old owner until someone decides.
    expect((await w.api.get(url(opportunity.id), { token: w.tokens.rep1 })).body.ownerId).toBe(w.userIds.rep1);

    expectStatus(await w.api.post(`/api/v1/approvals/${claim.body.id}/approve`, { comment: '同意' }, { token: w.tokens.manager }), 200);
    const after = await w.api.get(url(opportunity.id), { token: w.tokens.rep2 });
    expect(after.body).toMatchObject({ ownerId: w.userIds.rep2, ownerName: '张销售', teamId: w.teams.east, memberIds: [] });
    expectStatus(await w.api.get(url(opportunity.id), { token: w.tokens.rep1 }), 404);
    expectStatus(await w.api.patch(url(opportunity.id), { description: '新负责人' }, { token: w.tokens.rep2 }), 200);
    const audit = await listAudit(w.server.dataSource.manager, { type: 'opportunity', id: opportunity.id });
    expect(audit.map((a) => a.action)).toContain('opportunity.owner_change');
  });

  it('moves a claimant from another team with their team', async () => {
    const opportunity = await newOpportunity('rep1', { memberIds: [w.userIds.rep3] });
    const claim = await w.api.post(url(opportunity.id, '/claim'), {}, { token: w.tokens.rep3 });
    expectStatus(claim, 201);
    expectStatus(await w.api.post(`/api/v1/approvals/${claim.body.id}/approve`, {}, { token: w.tokens.manager2 }), 200);
    expect((await w.api.get(url(opportunity.id), { token: w.tokens.manager2 })).body).toMatchObject({ ownerId: w.userIds.rep3, teamId: w.teams.south });
    expectStatus(await w.api.get(url(opportunity.id), { token: w.tokens.manager }), 404);
  });

  it('leaves the owner in place when the claim is rejected', async () => {
    const opportunity = await newOpportunity('rep1', { memberIds: [w.userIds.rep2] });
    const claim = await w.api.post(url(opportunity.id, '/claim'), {}, { token: w.tokens.rep2 });
    expectStatus(await w.api.post(`/api/v1/approvals/${claim.body.id}/reject`, { comment: '继续由李销售负责' }, { token: w.tokens.manager }), 200);
    const after = await w.api.get(url(opportunity.id), { token: w.tokens.rep1 });
    expect(after.body).toMatchObject({ ownerId: w.userIds.rep1, memberIds: [w.userIds.rep2] });
  });

  it('refuses claiming one\'s own (409), an invisible (404) or a closed one (409), and roles that cannot claim (403)', async () => {
    const mine = await newOpportunity('rep1', { memberIds: [w.userIds.rep2] });
    expectStatus(await w.api.post(url(mine.id, '/claim'), {}, { token: w.tokens.rep1 }), 409);
    const hidden = await newOpportunity('rep1');
    expectStatus(await w.api.post(url(hidden.id, '/claim'), {}, { token: w.tokens.rep2 }), 404);
    expectStatus(await w.api.post(url(hidden.id, '/claim'), {}, { token: w.tokens.finance }), 403);
    expectStatus(await w.api.post(url(hidden.id, '/claim'), {}, { token: w.tokens.admin }), 403);
    await w.moveStage('rep1', mine.id, '赢单');
    expectStatus(await w.api.post(url(mine.id, '/claim'), {}, { token: w.tokens.rep2 }), 409);
  });

  it('fails the approval (409) if the opportunity closed in the meantime, leaving the claim pending', async () => {
    const opportunity = await newOpportunity('rep1', { memberIds: [w.userIds.rep2] });
    const claim = await w.api.post(url(opportunity.id, '/claim'), {}, { token: w.tokens.rep2 });
    await w.moveStage('rep1', opportunity.id, '输单', { closeReason: '客户放弃' });
    expectStatus(await w.api.post(`/api/v1/approvals/${claim.body.id}/approve`, {}, { token: w.tokens.manager }), 409);
    expect((await w.api.get(`/api/v1/approvals/${claim.body.id}`, { token: w.tokens.manager })).body.status).toBe('pending');
    expect((await w.server.dataSource.getRepository(Opportunity).findOneByOrFail({ id: opportunity.id })).ownerId).toBe(w.userIds.rep1);
  });
});

describe('listing', () => {
  it('filters by stage, status, owner and customer, searches the name and pages by cursor', async () => {
    const customerId = await w.addCustomer('列表测试客户', 'rep1');
    const a = await newOpportunity('rep1', { name: '列表-甲', customerId });
    const b = await newOpportunity('rep1', { name: '列表-乙', customerId });
    const c = await newOpportunity('rep1', { name: '列表-丙', customerId });
    await w.moveStage('rep1', b.id, '谈判');
    await w.moveStage('rep1', c.id, '赢单');
    const get = async (query: string) => (await w.api.get(`/api/v1/opportunities?${query}`, { token: w.tokens.rep1 })).body;
    const names = (page: { data: Array<{ name: string }> }) => page.data.map((o) => o.name);

    expect(names(await get(`customerId=${customerId}`))).toEqual(['列表-丙', '列表-乙', '列表-甲']);
    expect(names(await get(`customerId=${customerId}&stageId=${w.stages['谈判'].id}`))).toEqual(['列表-乙']);
    expect(names(await get(`customerId=${customerId}&status=won`))).toEqual(['列表-丙']);
    expect(names(await get(`customerId=${customerId}&ownerId=${w.userIds.rep2}`))).toEqual([]);
    expect(names(await get(`q=${encodeURIComponent('列表-甲')}`))).toEqual(['列表-甲']);
    const first = await get(`customerId=${customerId}&limit=2`);
    expect(names(first)).toEqual(['列表-丙', '列表-乙']);
    const second = await get(`customerId=${customerId}&limit=2&cursor=${first.nextCursor}`);
    expect(second).toMatchObject({ nextCursor: null });
    expect(names(second)).toEqual(['列表-甲']);
    expect(first.data[1]).toMatchObject({ id: b.id, stageName: '谈判', probability: 70, customerName: '列表测试客户', ownerName: '李销售' });
    expect(a.id).toBeDefined();
    expectStatus(await w.api.get('/api/v1/opportunities?status=closed', { token: w.tokens.rep1 }), 400);
  });
});
