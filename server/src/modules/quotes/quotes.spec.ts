import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { QuoteStatus } from '@wesale/shared';
import { Approval } from '../approvals/approval.entity';
import { listAudit } from '../audit/audit.service';
import { Product } from '../products/product.entity';
import { addCalendarDays, shanghaiDate } from '@wesale/shared';
import { QuoteLine } from './quote-line.entity';
import { Quote } from './quote.entity';
import { expectStatus, startQuoteWorld, yesterday, type QuoteWorld } from './quotes.test-helpers';

let w: QuoteWorld;

beforeAll(async () => {
  w = await startQuoteWorld();
});
afterAll(() => w?.close());

const longjing = () => w.products['TEA-LJ-250'];
const teacups = () => w.products['CUP-CZ-6'];
const countRows = async () => ({
  quotes: await w.server.dataSource.getRepository(Quote).count(),
  lines: await w.server.dataSource.getRepository(QuoteLine).count(),
});

describe('creating a quote', () => {
  it('defaults each unit price to the grade price and answers with totals, tax, 大写 and a draft V1', async () => {
    const settings = await w.api.patch(
      '/api/v1/settings/sales',
      {
        gradeDiscounts: [
          { grade: 'regular', category: null, discountBp: 500 },
          { grade: 'regular', category: '茶具', discountBp: 1000 },
        ],
      },
      { token: w.tokens.manager },
    );
    expectStatus(settings, 200);

    const response = await w.create('rep1', {
      lines: [
        { productId: longjing().id, quantity: 2 },
        { productId: teacups().id, quantity: 3, discountFen: 100 },
      ],
      remarks: '中秋团购',
    });
    expectStatus(response, 201);
    const quote = response.body;
    expect(quote).toMatchObject({
      number: expect.stringMatching(/^QT\d{8}-\d{4}$/),
      version: 1,
      status: 'draft',
      customerId: w.customers.east,
      customerName: '杭州西湖茶庄',
      contactName: '林采购',
      contactMobile: '13900000021',
      ownerId: w.userIds.rep1,
      ownerName: '李销售',
      createdBy: w.userIds.rep1,
      opportunityId: null,
      rootId: quote.id,
      supersededById: null,
      isLatest: true,
      validUntil: addCalendarDays(shanghaiDate(), 30),
      terms: expect.stringContaining('含税价'),
      remarks: '中秋团购',
      approvalReasons: [],
      needsApproval: false,
      margin: null,
      totals: { grossFen: 173380, discountFen: 100, totalFen: 173280, taxFen: 19935, netFen: 153345, totalInWords: '壹仟柒佰叁拾贰元捌角' },
    });
    expect(quote.lines).toEqual([
      expect.objectContaining({ lineNo: 1, sku: 'TEA-LJ-250', quantity: 2, listPriceFen: 68800, unitPriceFen: 65360, discountFen: 0, totalFen: 130720, taxFen: 15039, belowFloor: false, beyondRepLimit: false, effectiveDiscountBp: 0 }),
      expect.objectContaining({ lineNo: 2, sku: 'CUP-CZ-6', quantity: 3, listPriceFen: 15800, unitPriceFen: 14220, discountFen: 100, totalFen: 42560, taxFen: 4896, belowFloor: false, beyondRepLimit: false, effectiveDiscountBp: 23 }),
    ]);
    // Reps see no cost nor floor price (the sales setting costVisibleRoles; cost-visibility.spec.ts covers every role).
    for (const line of quote.lines) for (const hidden of ['costFen', 'floorPriceFen']) expect(line).not.toHaveProperty(hidden);
    expect(quote.versions).toEqual([{ id: quote.id, version: 1, status: 'draft', totalFen: 173280, createdAt: quote.createdAt }]);

    const stored = await w.server.dataSource.getRepository(Quote).findOneByOrFail({ id: quote.id });
    expect(stored).toMatchObject({ rootId: quote.id, totalFen: 173280, costFen: 101750, status: 'draft' });
    expect(await w.server.dataSource.getRepository(QuoteLine).countBy({ quoteId: quote.id })).toBe(2);
    const audit = await listAudit(w.server.dataSource.manager, { type: 'quote', id: quote.id });
    expect(audit.map((a) => a.action)).toEqual(['quote.create']);
  });

  it('shows the margin to a manager, finance and the admin, never to a rep', async () => {
    const { id } = await w.quoteIn('draft');
    for (const as of ['manager', 'finance', 'admin']) {
      const response = await w.get(as, id);
      expect({ as, margin: response.body.margin }).toEqual({ as, margin: { revenueFen: 120000, costFen: 75680, marginFen: 44320, marginBp: 3693 } });
    }
    expect((await w.get('rep1', id)).body.margin).toBeNull();
  });

  it('takes an opportunity of the same customer, and refuses one of another customer', async () => {
    const opportunity = await w.api.post('/api/v1/opportunities', { name: '西湖茶庄中秋礼盒', customerId: w.customers.east }, { token: w.tokens.rep1 });
    expectStatus(opportunity, 201);
    const linked = await w.create('rep1', { opportunityId: opportunity.body.id });
    expectStatus(linked, 201);
    expect(linked.body.opportunityId).toBe(opportunity.body.id);
    const filtered = await w.api.get(`/api/v1/quotes?opportunityId=${opportunity.body.id}`, { token: w.tokens.rep1 });
    expect(filtered.body.data.map((q: { id: string }) => q.id)).toEqual([linked.body.id]);

    const before = await countRows();
    const wrong = await w.create('rep1', { customerId: w.customers.shared, opportunityId: opportunity.body.id });
    expectStatus(wrong, 400);
    expect(wrong.body.error.details).toEqual({ field: 'opportunityId' });
    expect(await countRows()).toEqual(before);
  });

  it('answers bad input with 400 and writes nothing', async () => {
    const inactive = w.products['TRAY-ZM-60'];
    const before = await countRows();
    const cases: Array<[string, Record<string, unknown>]> = [
      ['unknown product', { lines: [{ productId: '999999999', quantity: 1 }] }],
      ['inactive product', { lines: [{ productId: inactive.id, quantity: 1 }] }],
      ['discount larger than the line', { lines: [{ productId: longjing().id, quantity: 1, discountFen: 68801 }] }],
      ['no lines', { lines: [] }],
      ['zero quantity', { lines: [{ productId: longjing().id, quantity: 0 }] }],
      ['fractional fen', { lines: [{ productId: longjing().id, quantity: 1, unitPriceFen: 100.5 }] }],
      ['impossible date', { validUntil: '2026-02-30' }],
      ['date in another format', { validUntil: '2026/09/01' }],
      ['date in the past', { validUntil: '2020-01-01' }],
      ['bad mobile', { contactMobile: '12345' }],
    ];
    for (const [what, body] of cases) {
      const response = await w.create('rep1', body);
      expect({ what, status: response.status, code: response.body.error?.code }).toEqual({ what, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect(await countRows()).toEqual(before);
  });

  it('refuses a pool customer (409) and a customer the rep cannot see (404)', async () => {
    const before = await countRows();
    const pool = await w.create('rep1', { customerId: w.customers.pool });
    expectStatus(pool, 409);
    expect(pool.body.error.message).toContain('公海');
    expectStatus(await w.create('rep1', { customerId: w.customers.other }), 404);
    expectStatus(await w.create('rep1', { customerId: w.customers.south }), 404);
    expect(await countRows()).toEqual(before);
  });

  it('lets finance, warehouse and customers only read (403 on create)', async () => {
    for (const as of ['finance', 'warehouse', 'buyer']) expectStatus(await w.create(as), 403);
  });

  it('edits a draft and prices it again; only a draft', async () => {
    const { id } = await w.quoteIn('draft');
    const edited = await w.api.patch(
      `/api/v1/quotes/${id}`,
      { lines: [{ productId: longjing().id, quantity: 5 }], validUntil: '2099-12-31', contactName: '王总', remarks: null },
      { token: w.tokens.rep1 },
    );
    expectStatus(edited, 200);
    expect(edited.body).toMatchObject({ validUntil: '2099-12-31', contactName: '王总', remarks: null, approvalReasons: [] });
    expect(edited.body.totals.totalFen).toBe(5 * 65360);
    expect(await w.server.dataSource.getRepository(QuoteLine).countBy({ quoteId: id })).toBe(1);

    const sent = await w.quoteIn('sent');
    const refused = await w.api.patch(`/api/v1/quotes/${sent.id}`, { remarks: '改一下' }, { token: w.tokens.rep1 });
    expectStatus(refused, 409);
    expectStatus(await w.api.patch(`/api/v1/quotes/${id}`, {}, { token: w.tokens.rep1 }), 400);
  });

  it('deletes a V1 draft, but not a sent quote nor a later version', async () => {
    const draft = await w.quoteIn('draft');
    expectStatus(await w.api.call('DELETE', `/api/v1/quotes/${draft.id}`, { token: w.tokens.rep1 }), 204);
    expect(await w.server.dataSource.getRepository(Quote).countBy({ id: draft.id })).toBe(0);
    expect(await w.server.dataSource.getRepository(QuoteLine).countBy({ quoteId: draft.id })).toBe(0);

    const sent = await w.quoteIn('sent');
    expectStatus(await w.api.call('DELETE', `/api/v1/quotes/${sent.id}`, { token: w.tokens.rep1 }), 409);
    const v2 = await w.act('rep1', sent.id, 'revise');
    expectStatus(v2, 201);
    expectStatus(await w.api.call('DELETE', `/api/v1/quotes/${v2.body.id}`, { token: w.tokens.rep1 }), 409);
    expect(await w.status(v2.body.id)).toBe('draft');
  });
});

describe('submitting and approving', () => {
  afterEach(() => w.setRepLimit('rep1', 500));

  it('approves at once when every price is within the rep’s limit and above the floor', async () => {
    const created = await w.create('rep1');
    const submitted = await w.act('rep1', created.body.id, 'submit');
    expectStatus(submitted, 200);
    expect(submitted.body).toMatchObject({ status: 'approved', approvalReasons: [], approvedBy: null, submittedAt: expect.any(String), approvedAt: expect.any(String) });
    expect(await w.server.dataSource.getRepository(Approval).countBy({ subjectType: 'quote', subjectId: created.body.id })).toBe(0);
  });

  it('sends a discount beyond the rep’s limit to their manager through a quote_price approval', async () => {
    await w.setRepLimit('rep1', 200);
    // 634.00 is 3 % under the grade price of 653.60: beyond 2 %, above the floor of 584.80.
    const created = await w.create('rep1', { lines: [{ productId: longjing().id, quantity: 1, unitPriceFen: 63400 }] });
    expect(created.body.lines[0]).toMatchObject({ effectiveDiscountBp: 300, beyondRepLimit: true, belowFloor: false });
    const submitted = await w.act('rep1', created.body.id, 'submit');
    expectStatus(submitted, 200);
    expect(submitted.body.status).toBe('pending_approval');
    expect(submitted.body.approvalReasons).toEqual(['第 1 行「西湖龙井 明前特级」折扣 3.00% 超出您的权限 2.00%']);

    const pending = await w.api.get('/api/v1/approvals?status=pending&kind=quote_price', { token: w.tokens.manager });
    const approval = pending.body.data.find((a: { subjectId: string }) => a.subjectId === created.body.id);
    expect(approval).toMatchObject({
      kind: 'quote_price',
      subjectType: 'quote',
      subjectTitle: `${created.body.number} V1 杭州西湖茶庄`,
      requestedBy: w.userIds.rep1,
      reason: '第 1 行「西湖龙井 明前特级」折扣 3.00% 超出您的权限 2.00%',
    });
    const otherTeam = await w.api.get('/api/v1/approvals?status=pending', { token: w.tokens.manager2 });
    expect(otherTeam.body.data.map((a: { id: string }) => a.id)).not.toContain(approval.id);

    const decided = await w.api.post(`/api/v1/approvals/${approval.id}/approve`, { comment: '老客户，同意' }, { token: w.tokens.manager });
    expectStatus(decided, 200);
    const quote = await w.get('rep1', created.body.id);
    expect(quote.body).toMatchObject({ status: 'approved', approvedBy: w.userIds.manager, approvedAt: expect.any(String) });
  });

  it('asks for approval of a price under the floor even within the rep’s limit', async () => {
    await w.setRepLimit('rep1', 5000);
    const created = await w.create('rep1', { lines: [{ productId: longjing().id, quantity: 1, unitPriceFen: 50000 }] });
    expect(created.body.lines[0]).toMatchObject({ belowFloor: true, beyondRepLimit: false });
    const submitted = await w.act('rep1', created.body.id, 'submit');
    expect(submitted.body).toMatchObject({ status: 'pending_approval', approvalReasons: ['第 1 行「西湖龙井 明前特级」低于底价'] });
  });

  it('prices again on submit: a product stopped since the draft is refused and nothing changes', async () => {
    const created = await w.create('rep1', { lines: [{ productId: teacups().id, quantity: 1 }] });
    await w.server.dataSource.getRepository(Product).update({ id: teacups().id }, { status: 'inactive' });
    try {
      const submitted = await w.act('rep1', created.body.id, 'submit');
      expectStatus(submitted, 400);
      expect(submitted.body.error.message).toContain('已停售');
      expect(await w.status(created.body.id)).toBe('draft');
    } finally {
      await w.server.dataSource.getRepository(Product).update({ id: teacups().id }, { status: 'active' });
    }
  });

  it('approves and rejects through /quotes/:id/approve|reject, deciding the same approval record', async () => {
    const first = await w.quoteIn('pending_approval');
    const approved = await w.act('manager', first.id, 'approve', { comment: '同意' });
    expectStatus(approved, 200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: w.userIds.manager });
    const record = await w.server.dataSource.getRepository(Approval).findOneByOrFail({ subjectType: 'quote', subjectId: first.id });
    expect(record).toMatchObject({ status: 'approved', decidedBy: w.userIds.manager, decisionComment: '同意' });

    const second = await w.quoteIn('pending_approval');
    const rejected = await w.act('manager', second.id, 'reject', { comment: '价格太低' });
    expectStatus(rejected, 200);
    expect(rejected.body).toMatchObject({ status: 'draft', submittedAt: null });
    const resubmitted = await w.act('rep1', second.id, 'submit');
    expect(resubmitted.body.status).toBe('pending_approval');
    const records = await w.server.dataSource.getRepository(Approval).find({ where: { subjectType: 'quote', subjectId: second.id }, order: { id: 'ASC' } });
    expect(records.map((r) => r.status)).toEqual(['rejected', 'pending']);
  });

  it('puts the quote back to draft when the rep withdraws the request under /approvals', async () => {
    const pending = await w.quoteIn('pending_approval');
    const record = await w.server.dataSource.getRepository(Approval).findOneByOrFail({ subjectType: 'quote', subjectId: pending.id, status: 'pending' });
    expectStatus(await w.api.post(`/api/v1/approvals/${record.id}/cancel`, undefined, { token: w.tokens.rep1 }), 200);
    expect(await w.status(pending.id)).toBe('draft');
    expectStatus(await w.act('manager', pending.id, 'approve'), 409);
    expect((await w.act('rep1', pending.id, 'submit')).body.status).toBe('pending_approval');
  });

  it('lets nobody decide their own request: a manager’s own quote goes to an admin', async () => {
    const created = await w.create('manager', { lines: [{ productId: longjing().id, quantity: 1, unitPriceFen: 50000 }] });
    expectStatus(created, 201);
    expect((await w.act('manager', created.body.id, 'submit')).body.status).toBe('pending_approval');
    const own = await w.act('manager', created.body.id, 'approve');
    expectStatus(own, 403);
    expect(own.body.error.message).toBe('不能审批自己提交的申请');
    expect(await w.status(created.body.id)).toBe('pending_approval');
    const byAdmin = await w.act('admin', created.body.id, 'approve');
    expectStatus(byAdmin, 200);
    expect(byAdmin.body).toMatchObject({ status: 'approved', approvedBy: w.userIds.admin });
  });

  it('keeps reps, finance and other teams’ managers from deciding', async () => {
    const { id } = await w.quoteIn('pending_approval');
    expectStatus(await w.act('rep1', id, 'approve'), 403);
    expectStatus(await w.act('finance', id, 'approve'), 403);
    expectStatus(await w.act('manager2', id, 'approve'), 404);
    expect(await w.status(id)).toBe('pending_approval');
  });
});

describe('status changes', () => {
  const STATUSES: QuoteStatus[] = ['draft', 'pending_approval', 'approved', 'sent', 'accepted', 'declined', 'expired', 'superseded'];
  const ACTIONS: Array<[action: string, as: string]> = [
    ['submit', 'rep1'],
    ['approve', 'manager'],
    ['reject', 'manager'],
    ['send', 'rep1'],
    ['accept', 'rep1'],
    ['decline', 'rep1'],
    ['revise', 'rep1'],
  ];
  /** What each action leads to from each status; missing = 409. */
  const ALLOWED: Partial<Record<QuoteStatus, Record<string, QuoteStatus>>> = {
    draft: { submit: 'pending_approval', revise: 'superseded' },
    pending_approval: { approve: 'approved', reject: 'draft' },
    approved: { send: 'sent', revise: 'superseded' },
    sent: { accept: 'accepted', decline: 'declined', revise: 'superseded' },
    declined: { revise: 'superseded' },
    expired: { revise: 'superseded' },
  };

  it.each(STATUSES)('from %s, only the allowed actions succeed; the others answer 409 and change nothing', async (status) => {
    const fixed = await w.quoteIn(status);
    for (const [action, as] of ACTIONS) {
      const to = ALLOWED[status]?.[action];
      if (to) {
        const fresh = await w.quoteIn(status);
        const response = await w.act(as, fresh.id, action);
        expect({ action, status: response.status }).toEqual({ action, status: action === 'revise' ? 201 : 200 });
        expect({ action, to: await w.status(fresh.id) }).toEqual({ action, to });
      } else {
        const response = await w.act(as, fixed.id, action);
        expect({ action, status: response.status, code: response.body.error?.code }).toEqual({ action, status: 409, code: 'ILLEGAL_TRANSITION' });
      }
    }
    expect(await w.status(fixed.id)).toBe(status);
  });

  it('does not send an approved quote whose validity has passed', async () => {
    const { id } = await w.quoteIn('approved');
    await w.setValidUntil(id, yesterday());
    const response = await w.act('rep1', id, 'send');
    expectStatus(response, 409);
    expect(response.body.error.message).toContain('报价已过期');
    expect(await w.status(id)).toBe('approved');
  });
});

describe('the customer', () => {
  it('sees a quote only once it is sent, and only its own company’s', async () => {
    const { id } = await w.quoteIn('approved');
    expectStatus(await w.get('buyer', id), 404);
    expect((await w.api.get('/api/v1/quotes', { token: w.tokens.buyer })).body.data.map((q: { id: string }) => q.id)).not.toContain(id);
    expectStatus(await w.act('rep1', id, 'send'), 200);

    const seen = await w.get('buyer', id);
    expectStatus(seen, 200);
    const list = await w.api.get('/api/v1/quotes', { token: w.tokens.buyer });
    expect(list.body.data.map((q: { id: string }) => q.id)).toContain(id);
    expect(list.body.data.every((q: { customerId: string; sentAt: string | null }) => q.customerId === w.customers.east && q.sentAt)).toBe(true);
    expectStatus(await w.get('otherBuyer', id), 404);
    expect((await w.api.get('/api/v1/quotes', { token: w.tokens.otherBuyer })).body.data).toEqual([]);
  });

  it('gets no cost, floor, margin, flags or approval reasons', async () => {
    const { id } = await w.quoteIn('sent');
    const response = await w.get('buyer', id);
    expectStatus(response, 200);
    expect(Object.keys(response.body).sort()).toEqual(
      [
        'id', 'number', 'version', 'status', 'customerId', 'customerName', 'totalFen', 'validUntil', 'sentAt', 'respondedAt', 'createdAt',
        'contactName', 'contactMobile', 'lines', 'totals', 'terms', 'remarks', 'responseNote', 'versions',
      ].sort(),
    );
    expect(Object.keys(response.body.lines[0]).sort()).toEqual(
      ['lineNo', 'productId', 'sku', 'productName', 'spec', 'unit', 'quantity', 'listPriceFen', 'unitPriceFen', 'discountFen', 'taxRateBp', 'totalFen', 'taxFen'].sort(),
    );
    const text = JSON.stringify([response.body, (await w.api.get('/api/v1/quotes', { token: w.tokens.buyer })).body]);
    for (const hidden of ['costFen', 'floorPriceFen', 'margin', 'approvalReasons', 'belowFloor', 'beyondRepLimit', 'ownerId']) expect(text).not.toContain(hidden);
  });

  it('accepts a sent quote', async () => {
    const { id } = await w.quoteIn('sent');
    const response = await w.act('buyer', id, 'accept', { note: '请尽快安排合同' });
    expectStatus(response, 200);
    expect(response.body).toMatchObject({ status: 'accepted', respondedAt: expect.any(String), responseNote: '请尽快安排合同' });
    const stored = await w.server.dataSource.getRepository(Quote).findOneByOrFail({ id });
    expect(stored).toMatchObject({ status: 'accepted', respondedByAccountId: w.buyers.east.accountId, respondedByUserId: null });
    expectStatus(await w.act('buyer', id, 'decline'), 409);
  });

  it('declines a sent quote with a reason', async () => {
    const { id } = await w.quoteIn('sent');
    const response = await w.act('buyer', id, 'decline', { reason: '价格偏高' });
    expectStatus(response, 200);
    expect(response.body).toMatchObject({ status: 'declined', responseNote: '价格偏高' });
    expect(await w.status(id)).toBe('declined');
  });

  it('cannot answer a quote past its validity: 409 报价已过期', async () => {
    const { id } = await w.quoteIn('sent');
    await w.setValidUntil(id, yesterday());
    for (const action of ['accept', 'decline']) {
      const response = await w.act('buyer', id, action);
      expectStatus(response, 409);
      expect(response.body.error.message).toBe('报价已过期');
    }
    expect(await w.status(id)).toBe('sent');
    await w.server.services.quotes.expireOverdue();
  });

  it('accepts up to the last valid day', async () => {
    const { id } = await w.quoteIn('sent');
    await w.setValidUntil(id, shanghaiDate());
    expectStatus(await w.act('buyer', id, 'accept'), 200);
  });

  it('cannot answer another company’s quote (404) nor act as staff (403)', async () => {
    const { id } = await w.quoteIn('sent');
    expectStatus(await w.act('otherBuyer', id, 'accept'), 404);
    for (const action of ['submit', 'send', 'revise', 'approve']) expectStatus(await w.act('buyer', id, action), 403);
    expectStatus(await w.api.patch(`/api/v1/quotes/${id}`, { remarks: 'x' }, { token: w.tokens.buyer }), 403);
    expect(await w.status(id)).toBe('sent');
  });

  it('may have its answer recorded by the rep, with a note; finance may not record it', async () => {
    const { id } = await w.quoteIn('sent');
    expectStatus(await w.act('finance', id, 'accept'), 403);
    const response = await w.act('rep1', id, 'decline', { reason: '电话告知：预算不足' });
    expectStatus(response, 200);
    const stored = await w.server.dataSource.getRepository(Quote).findOneByOrFail({ id });
    expect(stored).toMatchObject({ status: 'declined', respondedByUserId: w.userIds.rep1, respondedByAccountId: null, responseNote: '电话告知：预算不足' });
  });
});

describe('revising', () => {
  it('makes V2 and V3 under the same number, supersedes each predecessor and keeps the history', async () => {
    const v1 = await w.quoteIn('sent');
    const v2 = await w.act('rep1', v1.id, 'revise');
    expectStatus(v2, 201);
    expect(v2.body).toMatchObject({
      number: v1.number,
      version: 2,
      status: 'draft',
      rootId: v1.id,
      isLatest: true,
      approvalReasons: ['第 1 行「西湖龙井 明前特级」折扣 8.20% 超出您的权限 5.00%'],
      sentAt: null,
      submittedAt: null,
      approvedBy: null,
      validUntil: addCalendarDays(shanghaiDate(), 30),
    });
    expect(v2.body.lines).toEqual([expect.objectContaining({ lineNo: 1, unitPriceFen: 60000, quantity: 2, totalFen: 120000, beyondRepLimit: true })]);
    const old = await w.server.dataSource.getRepository(Quote).findOneByOrFail({ id: v1.id });
    expect(old).toMatchObject({ status: 'superseded', supersededById: v2.body.id, isLatest: false });

    const v3 = await w.act('rep1', v2.body.id, 'revise');
    expectStatus(v3, 201);
    expect(v3.body).toMatchObject({ number: v1.number, version: 3, rootId: v1.id });
    expect(v3.body.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'superseded'],
      [3, 'draft'],
    ]);

    const again = await w.act('rep1', v1.id, 'revise');
    expectStatus(again, 409);
    expect(await w.server.dataSource.getRepository(Quote).countBy({ rootId: v1.id })).toBe(3);

    const latest = await w.api.get(`/api/v1/quotes?q=${v1.number}`, { token: w.tokens.rep1 });
    expect(latest.body.data.map((q: { version: number }) => q.version)).toEqual([3]);
    const all = await w.api.get(`/api/v1/quotes?q=${v1.number}&latest=false`, { token: w.tokens.rep1 });
    expect(all.body.data.map((q: { version: number }) => q.version)).toEqual([3, 2, 1]);
  });

  it('shows the customer only the versions it was sent', async () => {
    const v1 = await w.quoteIn('sent');
    const v2 = (await w.act('rep1', v1.id, 'revise')).body;
    const list = async () => (await w.api.get(`/api/v1/quotes?q=${v1.number}`, { token: w.tokens.buyer })).body.data.map((q: { version: number; status: string }) => [q.version, q.status]);
    // The V2 draft is internal: the customer still holds V1, now marked superseded.
    expect(await list()).toEqual([[1, 'superseded']]);
    expectStatus(await w.get('buyer', v2.id), 404);

    for (const [action, as] of [['submit', 'rep1'], ['approve', 'manager'], ['send', 'rep1']]) expectStatus(await w.act(as, v2.id, action), 200);
    expect(await list()).toEqual([[2, 'sent']]);
    const seen = await w.get('buyer', v2.id);
    expect(seen.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);

    await w.act('rep1', v2.id, 'revise');
    expect(await list()).toEqual([[2, 'superseded']]);
    expect((await w.get('buyer', v2.id)).body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });
});

describe('expiry', () => {
  const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);

  it('expires sent quotes after their last valid day (Shanghai), once', async () => {
    await w.server.services.quotes.expireOverdue();
    const overdue = await w.quoteIn('sent');
    const lastDayToday = await w.quoteIn('sent');
    const approvedOverdue = await w.quoteIn('approved');
    await w.setValidUntil(overdue.id, yesterday());
    await w.setValidUntil(lastDayToday.id, shanghaiDate());
    await w.setValidUntil(approvedOverdue.id, yesterday());

    // 23:59:59.999 on the last valid day in Shanghai is still valid; midnight is not.
    expect(await w.server.services.quotes.expireOverdue(new Date(dayStart(shanghaiDate()).getTime() - 1))).toEqual({ expired: 0 });
    expect(await w.server.services.quotes.expireOverdue(dayStart(shanghaiDate()))).toEqual({ expired: 1 });
    expect(await w.server.services.quotes.expireOverdue()).toEqual({ expired: 0 });

    expect(await w.status(overdue.id)).toBe('expired');
    expect(await w.status(lastDayToday.id)).toBe('sent');
    expect(await w.status(approvedOverdue.id)).toBe('approved');
    const answer = await w.act('buyer', overdue.id, 'accept');
    expectStatus(answer, 409);
    expect(answer.body.error.code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('exports', () => {
  let quote: { id: string; number: string };
  let body: Record<string, any>;

  beforeAll(async () => {
    const created = await w.create('rep1', {
      lines: [
        { productId: longjing().id, quantity: 2 },
        { productId: teacups().id, quantity: 3, discountFen: 100 },
      ],
      remarks: '含运费',
    });
    quote = { id: created.body.id, number: created.body.number };
    for (const [action, as] of [['submit', 'rep1'], ['send', 'rep1']]) expectStatus(await w.act(as, quote.id, action), 200);
    body = (await w.get('manager', quote.id)).body;
    expect(body.totals.totalFen).toBe(173280);
  });

  const download = async (as: string, format: string, id = quote.id) => {
    const response = await fetch(`${w.server.url}/api/v1/quotes/${id}/export?format=${format}`, { headers: { Authorization: `Bearer ${w.tokens[as]}` } });
    return { response, buffer: Buffer.from(await response.arrayBuffer()) };
  };

  function sheetTexts(sheet: ExcelJS.Worksheet): string[][] {
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      const texts: string[] = [];
      // A merged range's other cells repeat its value: read each range once, from its top-left cell.
      row.eachCell({ includeEmpty: true }, (cell) => texts.push(cell.isMerged && cell.master !== cell ? '' : cell.text));
      rows.push(texts);
    });
    return rows;
  }

  it('gives a well-formed Excel quote: header, customer, lines, totals in figures and 大写, terms', async () => {
    const { response, buffer } = await download('rep1', 'xlsx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="quote-${quote.number}-V1.xlsx"; filename*=UTF-8''${encodeURIComponent(`报价单-${quote.number}-V1.xlsx`)}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as never);
    const rows = sheetTexts(workbook.getWorksheet('报价单')!);
    const flat = rows.map((row) => row.filter(Boolean));
    expect(flat[0]).toEqual(['维赛尔茶业有限公司']);
    expect(flat).toContainEqual(['报价单']);
    expect(flat).toContainEqual(expect.arrayContaining(['报价单号：', `${quote.number} V1`, '有效期至：', body.validUntil]));
    expect(flat).toContainEqual(expect.arrayContaining(['客户名称：', '杭州西湖茶庄', '联系人：', '林采购']));
    expect(flat).toContainEqual(['序号', '产品编码', '产品名称', '规格', '单位', '数量', '单价', '折扣', '金额', '税率', '税额']);
    expect(flat).toContainEqual(['1', 'TEA-LJ-250', '西湖龙井 明前特级', '250g/罐', '罐', '2', '653.60', '0.00', '1,307.20', '13%', '150.39']);
    expect(flat).toContainEqual(['2', 'CUP-CZ-6', '景德镇青花瓷茶杯', '6只/套', '套', '3', '142.20', '1.00', '425.60', '13%', '48.96']);
    expect(flat).toContainEqual(['合计', '1.00', '1,732.80', '199.35']);
    expect(flat).toContainEqual(['合计金额（大写）：', '壹仟柒佰叁拾贰元捌角']);
    expect(flat).toContainEqual(['价税合计：', '¥1,732.80']);
    expect(flat).toContainEqual(['税额：', '¥199.35']);
    expect(flat).toContainEqual(['报价条款：']);
    expect(flat).toContainEqual(['备注：含运费']);
    expect(flat).toContainEqual(['报价方（盖章）：', '客户确认（签字盖章）：']);
  });

  it('gives a Word quote with the same figures', async () => {
    const { response, buffer } = await download('rep1', 'docx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`报价单-${quote.number}-V1.docx`)}`);
    const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    for (const expected of [
      '维赛尔茶业有限公司',
      '报价单',
      `${quote.number} V1`,
      '杭州西湖茶庄',
      '林采购',
      '西湖龙井 明前特级',
      '景德镇青花瓷茶杯',
      '1,307.20',
      '合计金额（大写）：壹仟柒佰叁拾贰元捌角',
      '价税合计：¥1,732.80',
      '税额：¥199.35',
      `有效期至：${body.validUntil}`,
      '报价方（盖章）：',
    ]) {
      expect({ expected, found: text.includes(expected) }).toEqual({ expected, found: true });
    }
  });

  it('lets the customer download its sent quote, never showing cost or floor prices', async () => {
    const costs = body.lines.flatMap((line: { costFen: number; floorPriceFen: number }) => [line.costFen, line.floorPriceFen]);
    for (const format of ['xlsx', 'docx']) {
      const { response, buffer } = await download('buyer', format);
      expect({ format, status: response.status }).toEqual({ format, status: 200 });
      const files = await JSZip.loadAsync(buffer);
      const xml = (await Promise.all(Object.values(files.files).filter((file) => !file.dir).map((file) => file.async('string')))).join('');
      for (const fen of costs) {
        const yuan = (fen / 100).toFixed(2);
        expect({ format, yuan, found: xml.includes(yuan) || xml.includes(Number(yuan).toLocaleString('en-US', { minimumFractionDigits: 2 })) }).toEqual({ format, yuan, found: false });
      }
      expect(xml).not.toMatch(/成本|底价|毛利/);
    }
  });

  it('answers 404 for a quote the caller may not see and 400 for an unknown format', async () => {
    const draft = await w.quoteIn('draft');
    expect((await download('buyer', 'xlsx', draft.id)).response.status).toBe(404);
    expect((await download('otherBuyer', 'docx')).response.status).toBe(404);
    expect((await download('rep3', 'xlsx')).response.status).toBe(404);
    expect((await download('finance', 'docx')).response.status).toBe(200);
    const pdf = await download('rep1', 'pdf');
    expect(pdf.response.status).toBe(400);
  });
});

describe('who sees and changes which quote', () => {
  let own: string;
  let shared: string;

  beforeAll(async () => {
    own = (await w.quoteIn('draft')).id;
    const created = await w.create('rep1', { customerId: w.customers.shared });
    expectStatus(created, 201);
    shared = created.body.id;
  });

  it('hides a rep’s quote from another rep (404), and lets a following rep read but not change it', async () => {
    expectStatus(await w.get('rep2', own), 404);
    expectStatus(await w.act('rep2', own, 'submit'), 404);
    expectStatus(await w.get('rep2', shared), 200);
    expectStatus(await w.act('rep2', shared, 'submit'), 404);
    expectStatus(await w.api.patch(`/api/v1/quotes/${shared}`, { remarks: '跟进人改' }, { token: w.tokens.rep2 }), 404);
    const list = (await w.api.get('/api/v1/quotes?latest=false&limit=100', { token: w.tokens.rep2 })).body.data.map((q: { id: string }) => q.id);
    expect(list).toContain(shared);
    expect(list).not.toContain(own);
  });

  it('shows a manager the team’s quotes only, and an admin everything', async () => {
    expectStatus(await w.get('manager', own), 200);
    expectStatus(await w.get('manager2', own), 404);
    expectStatus(await w.act('manager2', own, 'submit'), 404);
    expectStatus(await w.get('admin', own), 200);
    const south = await w.create('rep3', { customerId: w.customers.south });
    expectStatus(south, 201);
    expectStatus(await w.get('manager', south.body.id), 404);
    expectStatus(await w.get('manager2', south.body.id), 200);
  });

  it('lets finance and warehouse read every quote but change none', async () => {
    for (const as of ['finance', 'warehouse']) {
      expectStatus(await w.get(as, own), 200);
      for (const action of ['submit', 'send', 'revise']) expectStatus(await w.act(as, own, action), 403);
      expectStatus(await w.api.call('DELETE', `/api/v1/quotes/${own}`, { token: w.tokens[as] }), 403);
    }
    expect(await w.status(own)).toBe('draft');
  });

  it('filters the list by customer, status and text', async () => {
    const byCustomer = await w.api.get(`/api/v1/quotes?customerId=${w.customers.shared}`, { token: w.tokens.admin });
    expect(byCustomer.body.data.map((q: { id: string }) => q.id)).toEqual([shared]);
    const byName = await w.api.get(`/api/v1/quotes?q=${encodeURIComponent('甬江')}`, { token: w.tokens.admin });
    expect(byName.body.data.map((q: { id: string }) => q.id)).toEqual([shared]);
    const drafts = await w.api.get('/api/v1/quotes?status=draft&limit=100', { token: w.tokens.admin });
    expect(drafts.body.data.every((q: { status: string }) => q.status === 'draft')).toBe(true);
    expectStatus(await w.api.get('/api/v1/quotes?latest=maybe', { token: w.tokens.admin }), 400);
  });
});

describe('demo data', () => {
  it('seeds a sent and a draft quote for a demo customer', async () => {
    const seeded = await w.server.dataSource.getRepository(Quote).find({ where: { customerName: '杭州悦来酒店管理有限公司' }, order: { id: 'ASC' } });
    expect(seeded.map((q) => [q.status, q.version, q.rootId === q.id, q.approvalReasons])).toEqual([
      ['sent', 1, true, []],
      ['draft', 1, true, []],
    ]);
    const created = await w.create('rep1');
    expect(created.body.number > seeded[1].number).toBe(true);
  });
});
