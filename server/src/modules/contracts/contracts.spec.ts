import { CONTRACT_STATUSES, SALES_SETTINGS_DEFAULTS, type ContractStatus } from '@wesale/shared';
import { Approval } from '../approvals/approval.entity';
import { listAudit } from '../audit/audit.service';
import { User } from '../identity/user.entity';
import { ContractInstallment } from './contract-installment.entity';
import { ContractLine } from './contract-line.entity';
import { Contract } from './contract.entity';
import { CONTRACT_ACTIONS, expectStatus, startContractWorld, type ContractAction, type ContractWorld } from './contracts.test-helpers';

let w: ContractWorld;

beforeAll(async () => {
  w = await startContractWorld();
});
afterAll(() => w?.close());

const url = (id: string, action = '') => `/api/v1/contracts/${id}${action}`;
const contracts = () => w.server.dataSource.getRepository(Contract);
const countFor = (customerId: string) => contracts().countBy({ customerId });

describe('creating a contract', () => {
  it('from a customer: prices the lines at the grade price, numbers it HT…, and plans one installment due after the payment terms', async () => {
    const response = await w.create('rep1', { remarks: '年框合同' });
    expectStatus(response, 201);
    expect(response.body).toMatchObject({
      number: expect.stringMatching(/^HT\d{8}-\d{4}$/),
      title: '年度茶叶采购合同',
      status: 'draft',
      customerId: w.customers.east,
      customerName: '杭州西湖茶庄',
      quoteId: null,
      opportunityId: null,
      ownerId: w.userIds.rep1,
      ownerName: '李销售',
      createdBy: w.userIds.rep1,
      startDate: '2026-07-01',
      endDate: null,
      terms: SALES_SETTINGS_DEFAULTS.quoteTerms,
      remarks: '年框合同',
      pendingApprovalId: null,
      signedAt: null,
      signedByName: null,
    });
    expect(response.body.lines).toEqual([
      {
        lineNo: 1,
        productId: w.longjing.id,
        sku: 'TEA-LJ-250',
        productName: '西湖龙井 明前特级',
        spec: '250g/罐',
        unit: '罐',
        quantity: 10,
        listPriceFen: 68800,
        unitPriceFen: 65360,
        discountFen: 0,
        taxRateBp: 1300,
        totalFen: 653600,
        taxFen: 75193,
        // No costFen nor floorPriceFen: reps are not among the default costVisibleRoles.
        effectiveDiscountBp: 0,
        belowFloor: false,
        beyondRepLimit: false,
      },
    ]);
    expect(response.body.totals).toEqual({ grossFen: 653600, discountFen: 0, totalFen: 653600, taxFen: 75193, netFen: 578407, totalInWords: '陆仟伍佰叁拾陆元整' });
    expect(response.body.installments).toEqual([{ seq: 1, dueDate: '2026-07-16', amountFen: 653600, paidFen: 0, status: 'unpaid', note: null }]);

    const row = await contracts().findOneByOrFail({ id: response.body.id });
    const rep1 = await w.server.dataSource.getRepository(User).findOneByOrFail({ username: 'rep1' });
    expect(row).toMatchObject({ status: 'draft', totalFen: 653600, costFen: 378400, ownerId: rep1.id, teamId: rep1.teamId });
    expect(await w.server.dataSource.getRepository(ContractLine).countBy({ contractId: row.id })).toBe(1);
    const audit = await listAudit(w.server.dataSource.manager, { type: 'contract', id: row.id });
    expect(audit.map((entry) => [entry.action, entry.changes])).toEqual([['contract.create', { totalFen: 653600, quoteId: null }]]);
  });

  it('from an opportunity: takes the customer from the opportunity; another rep’s opportunity is not found', async () => {
    const opportunity = await w.api.post('/api/v1/opportunities', { name: '2026 中秋茶礼', customerId: w.customers.east }, { token: w.tokens.rep1 });
    expectStatus(opportunity, 201);
    const response = await w.create('rep1', { customerId: undefined, opportunityId: opportunity.body.id });
    expectStatus(response, 201);
    expect(response.body).toMatchObject({ customerId: w.customers.east, opportunityId: opportunity.body.id, status: 'draft' });

    const hidden = await w.create('rep2', { customerId: undefined, opportunityId: opportunity.body.id });
    expectStatus(hidden, 404);
    expect(hidden.body.error.message).toBe('商机不存在');
    const mismatch = await w.create('rep1', { customerId: w.customers.shared, opportunityId: opportunity.body.id });
    expectStatus(mismatch, 400);
    expect(mismatch.body.error).toMatchObject({ message: '商机不属于所选客户', details: { field: 'opportunityId' } });
  });

  it('from an accepted quote: copies its lines, totals and terms as agreed, without pricing them again', async () => {
    const quoteId = await w.insertQuote(w.customers.east, 'rep1');
    const response = await w.create('rep1', { customerId: undefined, lines: undefined, quoteId, startDate: '2026-08-01', endDate: '2027-07-31' });
    expectStatus(response, 201);
    expect(response.body).toMatchObject({ quoteId, customerId: w.customers.east, terms: '报价单条款：款到发货。', endDate: '2027-07-31' });
    // 500.00 is below today's floor (584.80) and grade price: the customer accepted it, so it stands.
    expect(response.body.lines).toEqual([
      expect.objectContaining({ quantity: 4, unitPriceFen: 50000, discountFen: 1000, totalFen: 199000, taxFen: 22894, belowFloor: true, effectiveDiscountBp: 2384, beyondRepLimit: true }),
    ]);
    // The rep does not see cost (not among the default costVisibleRoles); it was copied all the same.
    expect(await w.server.dataSource.getRepository(ContractLine).findOneByOrFail({ contractId: response.body.id })).toMatchObject({ costFen: 151360, floorPriceFen: 58480 });
    expect(response.body.totals).toMatchObject({ grossFen: 200000, discountFen: 1000, totalFen: 199000, taxFen: 22894 });
    expect(response.body.installments).toEqual([expect.objectContaining({ dueDate: '2026-08-16', amountFen: 199000 })]);
  });

  it('turns a quote into a contract only once', async () => {
    const quoteId = await w.insertQuote(w.customers.east, 'rep1');
    const first = await w.create('rep1', { customerId: undefined, lines: undefined, quoteId });
    expectStatus(first, 201);
    const second = await w.create('rep1', { customerId: undefined, lines: undefined, quoteId });
    expectStatus(second, 409);
    expect(second.body.error).toMatchObject({ message: `该报价单已生成合同 ${first.body.number}，不能重复生成`, details: { contractId: first.body.id } });
    expect(await contracts().countBy({ quoteId })).toBe(1);
  });

  it.each(['draft', 'sent', 'declined'] as const)('refuses a quote the customer has not accepted (%s) with 409 and writes nothing', async (status) => {
    const quoteId = await w.insertQuote(w.customers.east, 'rep1', status);
    const response = await w.create('rep1', { customerId: undefined, lines: undefined, quoteId });
    expectStatus(response, 409);
    expect(response.body.error.message).toBe('报价单尚未被客户接受，不能生成合同');
    expect(await contracts().countBy({ quoteId })).toBe(0);
  });

  it('does not find a quote the rep cannot see, and refuses lines alongside a quote', async () => {
    const othersQuote = await w.insertQuote(w.customers.other, 'rep2');
    expectStatus(await w.create('rep1', { customerId: undefined, lines: undefined, quoteId: othersQuote }), 404);
    const withLines = await w.create('rep1', { customerId: undefined, quoteId: await w.insertQuote(w.customers.east, 'rep1') });
    expectStatus(withLines, 400);
    expect(withLines.body.error.message).toContain('从报价单生成的合同沿用报价单的明细');
  });

  it.each([
    ['no customer, opportunity or quote', { customerId: undefined }, '请选择客户、商机或报价单'],
    ['no lines without a quote', { lines: undefined }, '请添加合同明细'],
    ['an end before the start', { endDate: '2026-06-30' }, '结束日期不能早于开始日期'],
    ['an empty title', { title: ' ' }, '请输入合同名称'],
    ['a bad date', { startDate: '2026-13-01' }, '日期格式应为 YYYY-MM-DD'],
  ])('answers %s with 400 and writes nothing', async (_case, body, message) => {
    const before = await countFor(w.customers.east);
    const response = await w.create('rep1', body);
    expectStatus(response, 400);
    expect(response.body.error.message).toContain(message);
    expect(await countFor(w.customers.east)).toBe(before);
  });

  it('refuses a pool customer (409), a customer the rep cannot see (404), finance (403) and customers (403)', async () => {
    const pool = await w.create('rep1', { customerId: w.customers.pool });
    expectStatus(pool, 409);
    expect(pool.body.error.message).toBe('该客户在公海中，请先领取再开单');
    expectStatus(await w.create('rep1', { customerId: w.customers.other }), 404);
    expectStatus(await w.create('finance'), 403);
    expectStatus(await w.create('warehouse'), 403);
    expectStatus(await w.create('buyer'), 403);
    expect(await countFor(w.customers.pool)).toBe(0);
    expect(await countFor(w.customers.other)).toBe(0);
  });
});

describe('the payment plan', () => {
  const plan = (...amounts: Array<[string, number]>) => amounts.map(([dueDate, amountFen]) => ({ dueDate, amountFen }));

  it.each([
    ['a sum short of the total', plan(['2026-07-01', 10000]), '付款计划合计 ¥100.00 与合同金额 ¥6,536.00 不一致'],
    ['a sum over the total', plan(['2026-07-01', 300000], ['2026-08-01', 353601]), '付款计划合计 ¥6,536.01 与合同金额 ¥6,536.00 不一致'],
    ['a zero installment', plan(['2026-07-01', 653600], ['2026-08-01', 0]), '每期付款金额必须大于 0'],
    ['a negative installment', plan(['2026-07-01', 653700], ['2026-08-01', -100]), '金额不能为负数'],
    ['due dates out of order', plan(['2026-08-01', 300000], ['2026-07-01', 353600]), '第 2 期的到期日 2026-07-01 早于第 1 期的 2026-08-01'],
    ['an empty plan', [], '付款计划至少需要一期'],
  ])('refuses %s with 400 and writes nothing', async (_case, installments, message) => {
    const before = await countFor(w.customers.east);
    const response = await w.create('rep1', { installments });
    expectStatus(response, 400);
    expect(response.body.error.message).toContain(message);
    expect(await countFor(w.customers.east)).toBe(before);
  });

  it('keeps a plan whose installments add up to the total, numbered in order; same-day dues are fine', async () => {
    const response = await w.create('rep1', {
      installments: [
        { dueDate: '2026-07-01', amountFen: 196080, note: '预付款 30%' },
        { dueDate: '2026-07-01', amountFen: 100000 },
        { dueDate: '2026-09-30', amountFen: 357520, note: '尾款' },
      ],
    });
    expectStatus(response, 201);
    expect(response.body.installments).toEqual([
      { seq: 1, dueDate: '2026-07-01', amountFen: 196080, paidFen: 0, status: 'unpaid', note: '预付款 30%' },
      { seq: 2, dueDate: '2026-07-01', amountFen: 100000, paidFen: 0, status: 'unpaid', note: null },
      { seq: 3, dueDate: '2026-09-30', amountFen: 357520, paidFen: 0, status: 'unpaid', note: '尾款' },
    ]);
  });

  it('replaces a draft’s plan with PUT …/installments, validated the same way, and refuses it once submitted', async () => {
    const { id } = await w.contractIn('draft');
    const replaced = await w.api.call('PUT', url(id, '/installments'), { token: w.tokens.rep1, body: { installments: plan(['2026-07-10', 326800], ['2026-08-10', 326800]) } });
    expectStatus(replaced, 200);
    expect(replaced.body.installments.map((i: { seq: number; amountFen: number }) => [i.seq, i.amountFen])).toEqual([[1, 326800], [2, 326800]]);

    const wrong = await w.api.call('PUT', url(id, '/installments'), { token: w.tokens.rep1, body: { installments: plan(['2026-07-10', 326800]) } });
    expectStatus(wrong, 400);
    expect(wrong.body.error.details).toEqual({ field: 'installments', plannedFen: 326800, totalFen: 653600 });
    expect(await w.server.dataSource.getRepository(ContractInstallment).countBy({ contractId: id })).toBe(2);

    expectStatus(await w.act('rep1', id, 'submit'), 200);
    const late = await w.api.call('PUT', url(id, '/installments'), { token: w.tokens.rep1, body: { installments: plan(['2026-07-10', 653600]) } });
    expectStatus(late, 409);
    expect(late.body.error.message).toBe('合同待审批，只有草稿可以修改');
  });

  it('reprices changed lines: a single installment follows the new total, a longer plan must be restated', async () => {
    const { id } = await w.contractIn('draft');
    const single = await w.api.patch(url(id), { lines: [{ productId: w.longjing.id, quantity: 5 }], title: '半年茶叶采购合同' }, { token: w.tokens.rep1 });
    expectStatus(single, 200);
    expect(single.body).toMatchObject({ title: '半年茶叶采购合同', totals: expect.objectContaining({ totalFen: 326800 }) });
    expect(single.body.installments).toEqual([expect.objectContaining({ seq: 1, dueDate: '2026-07-16', amountFen: 326800 })]);
    const audit = await listAudit(w.server.dataSource.manager, { type: 'contract', id });
    expect(audit.at(-1)).toMatchObject({ action: 'contract.amount_change', changes: { fromFen: 653600, toFen: 326800 } });

    expectStatus(await w.api.call('PUT', url(id, '/installments'), { token: w.tokens.rep1, body: { installments: plan(['2026-07-10', 100000], ['2026-08-10', 226800]) } }), 200);
    const unplanned = await w.api.patch(url(id), { lines: [{ productId: w.longjing.id, quantity: 6 }] }, { token: w.tokens.rep1 });
    expectStatus(unplanned, 400);
    expect(unplanned.body.error.message).toBe('付款计划合计 ¥3,268.00 与合同金额 ¥3,921.60 不一致');
    expect((await contracts().findOneByOrFail({ id })).totalFen).toBe(326800);

    const restated = await w.api.patch(
      url(id),
      { lines: [{ productId: w.longjing.id, quantity: 6 }], installments: plan(['2026-07-10', 100000], ['2026-08-10', 292160]) },
      { token: w.tokens.rep1 },
    );
    expectStatus(restated, 200);
    expect(restated.body.totals.totalFen).toBe(392160);
  });

  it('keeps the lines of a contract made from a quote as quoted', async () => {
    const quoteId = await w.insertQuote(w.customers.east, 'rep1');
    const created = await w.create('rep1', { customerId: undefined, lines: undefined, quoteId });
    const response = await w.api.patch(url(created.body.id), { lines: [{ productId: w.longjing.id, quantity: 1 }] }, { token: w.tokens.rep1 });
    expectStatus(response, 409);
    expect(response.body.error.message).toContain('明细来自客户接受的报价单');
    expectStatus(await w.api.patch(url(created.body.id), { title: '改名可以' }, { token: w.tokens.rep1 }), 200);
  });
});

describe('status transitions', () => {
  const TARGET: Record<ContractAction, ContractStatus> = {
    submit: 'pending_approval',
    withdraw: 'draft',
    approve: 'approved',
    reject: 'draft',
    sign: 'signed',
    activate: 'active',
    complete: 'completed',
    terminate: 'terminated',
  };
  // Written out rather than read from the state machine, so a wrong machine fails here.
  const LEGAL: Record<ContractAction, ContractStatus[]> = {
    submit: ['draft'],
    withdraw: ['pending_approval'],
    approve: ['pending_approval'],
    reject: ['pending_approval'],
    sign: ['approved'],
    activate: ['signed'],
    complete: ['active'],
    terminate: ['approved', 'signed', 'active'],
  };
  const ACTOR: Record<ContractAction, string> = {
    submit: 'rep1',
    withdraw: 'rep1',
    approve: 'manager',
    reject: 'manager',
    sign: 'buyer',
    activate: 'rep1',
    complete: 'rep1',
    terminate: 'manager',
  };
  const cases = CONTRACT_ACTIONS.flatMap((action) => CONTRACT_STATUSES.map((from) => [action, from, LEGAL[action].includes(from)] as const));
  // The customer never sees drafts or pending contracts: signing one is a 404, not a 409.
  const hiddenFromCustomer = (action: ContractAction, from: ContractStatus) => action === 'sign' && (from === 'draft' || from === 'pending_approval');

  it.each(cases)('%s on a %s contract: legal = %s', async (action, from, legal) => {
    const { id } = await w.contractIn(from);
    const response = await w.act(ACTOR[action], id, action);
    const row = await contracts().findOneByOrFail({ id });
    if (legal) {
      expectStatus(response, 200);
      expect(response.body.status).toBe(TARGET[action]);
      expect(row.status).toBe(TARGET[action]);
    } else {
      expectStatus(response, hiddenFromCustomer(action, from) ? 404 : 409);
      if (!hiddenFromCustomer(action, from)) expect(response.body.error.code).toBe('ILLEGAL_TRANSITION');
      expect(row.status).toBe(from);
    }
  });

  it('records the termination reason and time; only managers and admins terminate, and a reason is required', async () => {
    const { id } = await w.contractIn('signed');
    expectStatus(await w.act('rep1', id, 'terminate'), 403);
    const noReason = await w.act('manager', id, 'terminate', {});
    expectStatus(noReason, 400);
    expect(noReason.body.error.message).toContain('请填写终止原因');
    const terminated = await w.act('admin', id, 'terminate', { reason: '客户破产' });
    expectStatus(terminated, 200);
    expect(terminated.body).toMatchObject({ status: 'terminated', terminatedReason: '客户破产', terminatedAt: expect.any(String) });
    const audit = await listAudit(w.server.dataSource.manager, { type: 'contract', id });
    expect(audit.at(-1)).toMatchObject({ action: 'contract.terminate', changes: { from: 'signed', reason: '客户破产' } });
  });

  it('only edits drafts', async () => {
    const { id } = await w.contractIn('approved');
    const response = await w.api.patch(url(id), { title: '改名' }, { token: w.tokens.rep1 });
    expectStatus(response, 409);
    expect(response.body.error.message).toBe('合同已审批，只有草稿可以修改');
  });
});

describe('approval by a superior', () => {
  it('files one approval on submit that the manager sees, with the amount and below-floor lines as the reason', async () => {
    const created = await w.create('rep1', { lines: [{ productId: w.longjing.id, quantity: 2, unitPriceFen: 50000 }] });
    const submitted = await w.act('rep1', created.body.id, 'submit');
    expectStatus(submitted, 200);
    expect(submitted.body).toMatchObject({ status: 'pending_approval', pendingApprovalId: expect.any(String) });

    const todo = await w.api.get('/api/v1/approvals?status=pending&kind=contract', { token: w.tokens.manager });
    const approval = todo.body.data.find((a: { subjectId: string }) => a.subjectId === created.body.id);
    expect(approval).toMatchObject({
      id: submitted.body.pendingApprovalId,
      kind: 'contract',
      subjectType: 'contract',
      subjectTitle: `${created.body.number} 年度茶叶采购合同`,
      requestedByName: '李销售',
      status: 'pending',
    });
    expect(approval.reason).toBe('合同金额 ¥1,000.00；第 1 行「西湖龙井 明前特级」低于底价；第 1 行「西湖龙井 明前特级」折扣 23.50% 超出销售权限');
  });

  it('approves through /approvals: the contract is approved with who and when', async () => {
    const { id } = await w.contractIn('pending_approval');
    const detail = await w.api.get(url(id), { token: w.tokens.rep1 });
    expectStatus(await w.api.post(`/api/v1/approvals/${detail.body.pendingApprovalId}/approve`, { comment: '同意' }, { token: w.tokens.manager }), 200);
    const approved = await w.api.get(url(id), { token: w.tokens.rep1 });
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: w.userIds.manager, approvedByName: '王经理', approvedAt: expect.any(String), pendingApprovalId: null });
  });

  it('approves through /contracts/:id/approve, deciding the same approval record', async () => {
    const { id } = await w.contractIn('pending_approval');
    const pendingId = (await w.api.get(url(id), { token: w.tokens.rep1 })).body.pendingApprovalId;
    const approved = await w.act('manager', id, 'approve', { comment: '价格合理' });
    expectStatus(approved, 200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedByName: '王经理' });
    const approval = await w.api.get(`/api/v1/approvals/${pendingId}`, { token: w.tokens.manager });
    expect(approval.body).toMatchObject({ status: 'approved', decidedByName: '王经理', decisionComment: '价格合理' });
    expect(await w.server.dataSource.getRepository(Approval).countBy({ subjectType: 'contract', subjectId: id })).toBe(1);
  });

  it('rejects back to draft with the comment kept on the approval; a resubmission files a new approval', async () => {
    const { id } = await w.contractIn('pending_approval');
    const rejected = await w.act('manager', id, 'reject', { comment: '付款周期太长' });
    expectStatus(rejected, 200);
    expect(rejected.body).toMatchObject({ status: 'draft', pendingApprovalId: null, approvedBy: null });
    const approvals = w.server.dataSource.getRepository(Approval);
    expect(await approvals.findBy({ subjectType: 'contract', subjectId: id })).toEqual([expect.objectContaining({ status: 'rejected', decisionComment: '付款周期太长' })]);
    expectStatus(await w.act('rep1', id, 'submit'), 200);
    expect((await approvals.findBy({ subjectType: 'contract', subjectId: id })).map((a) => a.status).sort()).toEqual(['pending', 'rejected']);
  });

  it('withdraws a pending contract to draft and cancels its approval; a withdrawal under /approvals returns it to draft as well', async () => {
    const { id } = await w.contractIn('pending_approval');
    const withdrawn = await w.act('rep1', id, 'withdraw');
    expectStatus(withdrawn, 200);
    expect(withdrawn.body.status).toBe('draft');
    const approvals = w.server.dataSource.getRepository(Approval);
    expect((await approvals.findBy({ subjectType: 'contract', subjectId: id })).map((a) => a.status)).toEqual(['cancelled']);

    expectStatus(await w.act('rep1', id, 'submit'), 200);
    const pendingId = (await w.api.get(url(id), { token: w.tokens.rep1 })).body.pendingApprovalId;
    // Withdrawn under /approvals: the contract goes back to draft at once, and there is nothing left to approve.
    expectStatus(await w.api.post(`/api/v1/approvals/${pendingId}/cancel`, undefined, { token: w.tokens.rep1 }), 200);
    expect((await contracts().findOneByOrFail({ id })).status).toBe('draft');
    expectStatus(await w.act('manager', id, 'approve'), 409);
  });

  it('lets only a superior decide: not a rep (403), not another team’s manager (404), not the requester (403)', async () => {
    const { id } = await w.contractIn('pending_approval');
    expectStatus(await w.act('rep2', id, 'approve'), 403);
    expectStatus(await w.act('finance', id, 'approve'), 403);
    expectStatus(await w.act('manager2', id, 'approve'), 404);
    expect((await contracts().findOneByOrFail({ id })).status).toBe('pending_approval');

    const own = await w.create('manager');
    expectStatus(own, 201);
    expectStatus(await w.act('manager', own.body.id, 'submit'), 200);
    const self = await w.act('manager', own.body.id, 'approve');
    expectStatus(self, 403);
    expect(self.body.error.message).toBe('不能审批自己提交的申请');
    expectStatus(await w.act('admin', own.body.id, 'approve'), 200);
  });
});

describe('the customer’s confirmation', () => {
  it('signs an approved contract of its own company, recording who and when', async () => {
    const { id } = await w.contractIn('approved');
    const before = Date.now();
    const signed = await w.act('buyer', id, 'sign');
    expectStatus(signed, 200);
    expect(signed.body).toMatchObject({ id, status: 'signed', signedByName: '林采购' });
    expect(Date.parse(signed.body.signedAt)).toBeGreaterThanOrEqual(before - 1000);
    const row = await contracts().findOneByOrFail({ id });
    expect(row).toMatchObject({ status: 'signed', signedByAccountId: w.buyers.east.accountId, signedByName: '林采购' });
    const staffView = await w.api.get(url(id), { token: w.tokens.rep1 });
    expect(staffView.body).toMatchObject({ signedByAccountId: w.buyers.east.accountId, signedByName: '林采购', signedAt: signed.body.signedAt });
    const audit = await listAudit(w.server.dataSource.manager, { type: 'contract', id });
    expect(audit.at(-1)).toMatchObject({ action: 'contract.sign', actorKind: 'customer', actorId: w.buyers.east.accountId });
  });

  it('does not let another company’s customer find it (404), and staff cannot sign for the customer (403)', async () => {
    const { id } = await w.contractIn('approved');
    const other = await w.act('otherBuyer', id, 'sign');
    expectStatus(other, 404);
    expectStatus(await w.api.get(url(id), { token: w.tokens.otherBuyer }), 404);
    for (const staff of ['rep1', 'manager', 'admin']) {
      const response = await w.act(staff, id, 'sign');
      expectStatus(response, 403);
      expect(response.body.error.message).toBe('合同须由客户本人在小程序中确认，员工不能代为签署');
    }
    expect(await contracts().findOneByOrFail({ id })).toMatchObject({ status: 'approved', signedAt: null, signedByAccountId: null });
  });

  it('shows the customer no drafts or pending contracts, and no cost, floor, margin or approval internals', async () => {
    const draft = await w.contractIn('draft');
    const pending = await w.contractIn('pending_approval');
    const approved = await w.contractIn('approved');
    expectStatus(await w.api.get(url(draft.id), { token: w.tokens.buyer }), 404);
    expectStatus(await w.api.get(url(pending.id), { token: w.tokens.buyer }), 404);

    const list = await w.api.get('/api/v1/contracts?limit=100', { token: w.tokens.buyer });
    expectStatus(list, 200);
    const ids = list.body.data.map((c: { id: string }) => c.id);
    expect(ids).toContain(approved.id);
    expect(ids).not.toContain(draft.id);
    expect(ids).not.toContain(pending.id);
    const own = await contracts().findBy({ customerId: w.customers.east });
    const visible = own.filter((c) => ['approved', 'signed', 'active', 'completed', 'terminated'].includes(c.status)).map((c) => c.id);
    expect([...ids].sort()).toEqual([...visible].sort());
    expect(Object.keys(list.body.data[0]).sort()).toEqual(['createdAt', 'endDate', 'id', 'number', 'signedAt', 'startDate', 'status', 'title', 'totalFen']);

    const detail = await w.api.get(url(approved.id), { token: w.tokens.buyer });
    expectStatus(detail, 200);
    expect(Object.keys(detail.body).sort()).toEqual(
      ['createdAt', 'customerName', 'endDate', 'id', 'installments', 'lines', 'number', 'signedAt', 'signedByName', 'startDate', 'status', 'terminatedAt', 'terms', 'title', 'totalFen', 'totals'].sort(),
    );
    expect(Object.keys(detail.body.lines[0]).sort()).toEqual(
      ['discountFen', 'lineNo', 'listPriceFen', 'productId', 'productName', 'quantity', 'sku', 'spec', 'taxFen', 'taxRateBp', 'totalFen', 'unit', 'unitPriceFen'].sort(),
    );
    const json = JSON.stringify(detail.body);
    for (const secret of ['costFen', 'floorPriceFen', 'margin', 'approvedBy', 'pendingApprovalId', 'belowFloor', 'beyondRepLimit', 'ownerId', 'remarks']) expect(json).not.toContain(secret);
  });
});

describe('gross margin', () => {
  it.each(['admin', 'manager', 'finance'])('is shown to %s', async (role) => {
    const { id } = await w.contractIn('draft');
    const response = await w.api.get(url(id), { token: w.tokens[role] });
    expectStatus(response, 200);
    expect(response.body.margin).toEqual({ revenueFen: 653600, costFen: 378400, marginFen: 275200, marginBp: 4211 });
  });

  it.each(['rep1', 'buyer'])('is absent for %s (the key itself)', async (who) => {
    const { id } = await w.contractIn('approved');
    const response = await w.api.get(url(id), { token: w.tokens[who] });
    expectStatus(response, 200);
    expect(Object.keys(response.body)).not.toContain('margin');
    expect(JSON.stringify(response.body)).not.toContain('marginFen');
  });
});

describe('who sees and changes which contract', () => {
  it('a rep: their own; another rep gets 404 for reading, editing and submitting, and does not list it', async () => {
    const { id } = await w.contractIn('draft');
    expectStatus(await w.api.get(url(id), { token: w.tokens.rep1 }), 200);
    expectStatus(await w.api.get(url(id), { token: w.tokens.rep2 }), 404);
    expectStatus(await w.api.patch(url(id), { title: '越权' }, { token: w.tokens.rep2 }), 404);
    expectStatus(await w.act('rep2', id, 'submit'), 404);
    expectStatus(await w.api.get(url(id), { token: w.tokens.rep3 }), 404);
    const list = await w.api.get('/api/v1/contracts?limit=100', { token: w.tokens.rep2 });
    expect(list.body.data.map((c: { id: string }) => c.id)).not.toContain(id);
    expect((await contracts().findOneByOrFail({ id })).title).toBe('年度茶叶采购合同');
  });

  it('a follower of the customer reads its contracts but may not change them', async () => {
    const created = await w.create('rep1', { customerId: w.customers.shared });
    expectStatus(created, 201);
    const read = await w.api.get(url(created.body.id), { token: w.tokens.rep2 });
    expectStatus(read, 200);
    expect(read.body.customerName).toBe('宁波甬江贸易');
    expectStatus(await w.api.patch(url(created.body.id), { title: '跟进人改' }, { token: w.tokens.rep2 }), 404);
  });

  it('a manager: their team’s contracts; another team’s manager gets 404', async () => {
    const { id } = await w.contractIn('draft');
    expectStatus(await w.api.get(url(id), { token: w.tokens.manager }), 200);
    expectStatus(await w.api.get(url(id), { token: w.tokens.manager2 }), 404);
    expectStatus(await w.api.patch(url(id), { title: '经理改名' }, { token: w.tokens.manager }), 200);
  });

  it('finance and warehouse read everything but write nothing (403)', async () => {
    const { id } = await w.contractIn('approved');
    expectStatus(await w.api.get(url(id), { token: w.tokens.finance }), 200);
    expectStatus(await w.api.get(url(id), { token: w.tokens.warehouse }), 200);
    expectStatus(await w.api.patch(url(id), { title: '财务改' }, { token: w.tokens.finance }), 403);
    expectStatus(await w.act('finance', id, 'activate'), 403);
    expectStatus(await w.act('finance', id, 'terminate'), 403);
    expectStatus(await w.create('finance'), 403);
  });

  it('lists with filters: customer, status, quote, opportunity and a search over number, title and customer', async () => {
    const quoteId = await w.insertQuote(w.customers.east, 'rep1');
    const fromQuote = await w.create('rep1', { customerId: undefined, lines: undefined, quoteId, title: '龙井专项合同' });
    const south = await w.create('rep3', { customerId: w.customers.south, title: '华南区域合同' });
    expectStatus(south, 201);
    const ids = async (query: string, as = 'admin') => {
      const response = await w.api.get(`/api/v1/contracts?limit=100&${query}`, { token: w.tokens[as] });
      expectStatus(response, 200);
      return response.body.data.map((c: { id: string }) => c.id) as string[];
    };
    expect(await ids(`quoteId=${quoteId}`)).toEqual([fromQuote.body.id]);
    expect(await ids(`customerId=${w.customers.south}`)).toEqual([south.body.id]);
    expect(await ids(`q=${encodeURIComponent('华南区域')}`)).toEqual([south.body.id]);
    expect(await ids(`q=${encodeURIComponent('珠江')}`)).toEqual([south.body.id]);
    expect(await ids(`q=${fromQuote.body.number}`)).toEqual([fromQuote.body.id]);
    expect(await ids(`customerId=${w.customers.south}&status=approved`)).toEqual([]);
    expect(await ids(`customerId=${w.customers.south}&status=draft`)).toEqual([south.body.id]);
    expect(await ids(`customerId=${w.customers.south}`, 'manager')).toEqual([]);

    const opportunity = await w.api.post('/api/v1/opportunities', { name: '筛选用商机', customerId: w.customers.east }, { token: w.tokens.rep1 });
    const fromOpportunity = await w.create('rep1', { opportunityId: opportunity.body.id });
    expect(await ids(`opportunityId=${opportunity.body.id}`)).toEqual([fromOpportunity.body.id]);

    const page = await w.api.get(`/api/v1/contracts?limit=1&customerId=${w.customers.east}`, { token: w.tokens.rep1 });
    expect(page.body.data).toHaveLength(1);
    expect(page.body.nextCursor).toEqual(expect.any(String));
    expect(page.body.data[0]).toMatchObject({ ownerName: '李销售', totalFen: expect.any(Number) });
    expect(page.body.data[0]).not.toHaveProperty('margin');
  });
});

describe('for the orders module', () => {
  it('hands out the lines of a signed or active contract, and refuses the others with a reason', async () => {
    const services = w.server.services;
    const em = w.server.dataSource.manager;
    const rep1 = { kind: 'staff', id: w.userIds.rep1, role: 'rep', teamId: null } as const;
    const signed = await w.contractIn('signed');
    const { contract, lines } = await services.contracts.linesForOrder(em, rep1, signed.id);
    expect(contract.id).toBe(signed.id);
    expect(lines.map((line) => [line.lineNo, line.productId, line.quantity])).toEqual([[1, w.longjing.id, 10]]);

    const approved = await w.contractIn('approved');
    await expect(services.contracts.linesForOrder(em, rep1, approved.id)).rejects.toMatchObject({ status: 409, message: '合同尚未经客户确认签署，不能下单' });
    const terminated = await w.contractIn('terminated');
    await expect(services.contracts.linesForOrder(em, rep1, terminated.id)).rejects.toMatchObject({ status: 409, message: '合同已终止，不能再下单' });
    const others = await w.create('rep2', { customerId: w.customers.other });
    await expect(services.contracts.linesForOrder(em, rep1, others.body.id)).rejects.toMatchObject({ status: 404 });
  });

  it('activates a signed contract once (the first order), and nothing else', async () => {
    const services = w.server.services;
    const signed = await w.contractIn('signed');
    const approved = await w.contractIn('approved');
    expect(await services.contracts.activateIfSigned(w.server.dataSource.manager, signed.id)).toBe(true);
    expect(await services.contracts.activateIfSigned(w.server.dataSource.manager, signed.id)).toBe(false);
    expect(await services.contracts.activateIfSigned(w.server.dataSource.manager, approved.id)).toBe(false);
    expect((await contracts().findOneByOrFail({ id: signed.id })).status).toBe('active');
    expect((await contracts().findOneByOrFail({ id: approved.id })).status).toBe('approved');
  });
});

describe('demo data', () => {
  it('seeds one approved contract for 上海茗香茶业 whose plan adds up to its total', async () => {
    const seeded = await contracts().findOneByOrFail({ customerName: '上海茗香茶业有限公司' });
    expect(seeded).toMatchObject({ status: 'approved', number: expect.stringMatching(/^HT\d{8}-0001$/) });
    const installments = await w.server.dataSource.getRepository(ContractInstallment).findBy({ contractId: seeded.id });
    expect(installments.reduce((sum, i) => sum + i.amountFen, 0)).toBe(seeded.totalFen);
    const lines = await w.server.dataSource.getRepository(ContractLine).findBy({ contractId: seeded.id });
    expect(lines.reduce((sum, l) => sum + l.totalFen, 0)).toBe(seeded.totalFen);
    const approval = await w.server.dataSource.getRepository(Approval).findOneByOrFail({ subjectType: 'contract', subjectId: seeded.id });
    expect(approval).toMatchObject({ kind: 'contract', status: 'approved', decidedBy: seeded.approvedBy });
  });
});
