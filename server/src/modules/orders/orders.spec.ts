import { randomUUID } from 'node:crypto';
import { ORDER_STATUSES, orderStateMachine, type OrderStatus } from '@wesale/shared';
import { Approval } from '../approvals/approval.entity';
import { StockMovement } from '../stock/stock-movement.entity';
import { customerSession } from '../../testing/sales-fixtures';
import { ledgerDifferences } from '../stock/stock.test-helpers';
import { OrderEvent } from './order-event.entity';
import { OrderLine } from './order-line.entity';
import { Order } from './order.entity';
import { Payment } from './payment.entity';
import { expectStatus, startOrderWorld, type OrderWorld } from './orders.test-helpers';

let w: OrderWorld;
beforeAll(async () => {
  w = await startOrderWorld();
});
afterAll(() => w?.close());

const orders = () => w.server.dataSource.getRepository(Order);
const key = () => `order-${randomUUID()}`;
const cart = { shippingAddress: '杭州市西湖区龙井路 1 号', contactName: '林采购', contactPhone: '13900000011' };

async function rowCounts() {
  const ds = w.server.dataSource;
  return {
    orders: await ds.getRepository(Order).count(),
    lines: await ds.getRepository(OrderLine).count(),
    events: await ds.getRepository(OrderEvent).count(),
    movements: await ds.getRepository(StockMovement).count(),
    approvals: await ds.getRepository(Approval).count(),
    payments: await ds.getRepository(Payment).count(),
  };
}

describe('creating an order', () => {
  it('by a rep for a customer: channel rep, pending review, grade prices, totals, owner and the first timeline event', async () => {
    const tea = await w.product(10);
    const response = await w.createOrder('rep1', {
      customerId: w.customers.east,
      lines: [{ productId: tea.id, quantity: 3 }],
      remarks: '周五前送达',
    });
    expectStatus(response, 201);
    expect(response.body).toMatchObject({
      channel: 'rep',
      status: 'pending_review',
      customerId: w.customers.east,
      customerName: '杭州西湖茶庄',
      ownerId: w.userIds.rep1,
      createdBy: w.userIds.rep1,
      reviewStatus: 'not_required',
      reviewReasons: [],
      paidFen: 0,
      remarks: '周五前送达',
      totals: { grossFen: 30_000, discountFen: 0, totalFen: 30_000, taxFen: 3_451, netFen: 26_549, totalInWords: '叁佰元整' },
      margin: null,
      warehouseId: null,
    });
    expect(response.body.number).toMatch(/^SO\d{8}-\d{4}$/);
    expect(response.body.lines).toEqual([
      expect.objectContaining({ lineNo: 1, productId: tea.id, quantity: 3, unitPriceFen: 10_000, totalFen: 30_000, shippedQty: 0, belowFloor: false }),
    ]);
    expect(response.body.lines[0]).not.toHaveProperty('costFen');
    expect(response.body.lines[0]).not.toHaveProperty('floorPriceFen');
    expect(response.body.events).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'pending_review', actorType: 'staff' })]);
    const stored = await orders().findOneByOrFail({ id: response.body.id });
    expect(stored).toMatchObject({ totalFen: 30_000, costFen: 18_000, status: 'pending_review' });
    expect(await w.level(tea.id)).toEqual({ onHand: 10, reserved: 0 });
  });

  it("from a customer's cart: channel miniprogram, grade prices, confirmed at once with stock reserved, no staff fields", async () => {
    const tea = await w.product(10);
    const response = await w.createOrder('buyer', { lines: [{ productId: tea.id, quantity: 2 }], ...cart }, { 'Idempotency-Key': key() });
    expectStatus(response, 201);
    expect(response.body).toMatchObject({ channel: 'miniprogram', status: 'confirmed', customerId: w.customers.east, warehouseId: w.warehouses.sh, ...cart });
    for (const field of ['ownerId', 'reviewReasons', 'reviewStatus', 'margin', 'createdBy']) expect(response.body).not.toHaveProperty(field);
    expect(response.body.lines[0]).not.toHaveProperty('costFen');
    expect(response.body.lines[0]).not.toHaveProperty('floorPriceFen');
    expect(response.body.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['pending_review', 'confirmed']);
    expect(response.body.events.every((e: { actorType: string }) => e.actorType === 'customer')).toBe(true);
    expect(await w.level(tea.id)).toEqual({ onHand: 10, reserved: 2 });
  });

  it('answers an out-of-stock cart with 409 and no order: a cart order is confirmed in the same request', async () => {
    const tea = await w.product(1);
    const before = await rowCounts();
    const response = await w.createOrder('buyer', { lines: [{ productId: tea.id, quantity: 2 }], ...cart });
    expectStatus(response, 409);
    expect(response.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { productId: tea.id, requested: 2, available: 1 } });
    expect(await rowCounts()).toEqual(before);
  });

  it('shows managers, admins and finance the margin, reps not', async () => {
    const tea = await w.product(10);
    const created = await w.createOrder('manager', { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1, unitPriceFen: 9_000 }] });
    expectStatus(created, 201);
    expect(created.body.margin).toEqual({ revenueFen: 9_000, costFen: 6_000, marginFen: 3_000, marginBp: 3333 });
    expect(created.body.lines[0].costFen).toBe(6_000);
    for (const as of ['admin', 'finance']) {
      expect((await w.api.get(`/api/v1/orders/${created.body.id}`, { token: w.tokens[as] })).body.margin.marginFen).toBe(3_000);
    }
    expect((await w.api.get(`/api/v1/orders/${created.body.id}`, { token: w.tokens.rep1 })).body.margin).toBeNull();
  });

  it.each([
    ['an unknown product', { lines: [{ productId: '999999999', quantity: 1 }] }, 400],
    ['quantity 0', { lines: [{ productId: 'TEA', quantity: 0 }] }, 400],
    ['a fractional quantity', { lines: [{ productId: 'TEA', quantity: 1.5 }] }, 400],
    ['no lines', { lines: [] }, 400],
    ['a contract line number without a contract', { lines: [{ productId: 'TEA', quantity: 1, contractLineNo: 1 }] }, 400],
    ['a customer in the pool', { customerId: 'POOL', lines: [{ productId: 'TEA', quantity: 1 }] }, 409],
    ["another rep's customer", { customerId: 'OTHER', lines: [{ productId: 'TEA', quantity: 1 }] }, 404],
    ['an unknown warehouse', { warehouseId: '999999999', lines: [{ productId: 'TEA', quantity: 1 }] }, 404],
  ])('refuses %s and writes nothing', async (_case, body: Record<string, unknown>, status) => {
    const tea = await w.product(5);
    const customerId = body.customerId === 'POOL' ? w.customers.pool : body.customerId === 'OTHER' ? w.customers.other : w.customers.east;
    const lines = (body.lines as Array<Record<string, unknown>>).map((line) => ({ ...line, productId: line.productId === 'TEA' ? tea.id : line.productId }));
    const before = await rowCounts();
    const response = await w.createOrder('rep1', { ...body, customerId, lines });
    expect(response.status).toBe(status);
    expect(response.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a customer who sets prices or discounts (403) or leaves out the address (400), writing nothing', async () => {
    const tea = await w.product(5);
    const before = await rowCounts();
    const priced = await w.createOrder('buyer', { lines: [{ productId: tea.id, quantity: 1, unitPriceFen: 1 }], ...cart });
    expectStatus(priced, 403);
    const discounted = await w.createOrder('buyer', { lines: [{ productId: tea.id, quantity: 1, discountFen: 100 }], ...cart });
    expectStatus(discounted, 403);
    const noAddress = await w.createOrder('buyer', { lines: [{ productId: tea.id, quantity: 1 }] });
    expectStatus(noAddress, 400);
    expect(await rowCounts()).toEqual(before);
  });

  it('keeps finance and warehouse from ordering for customers', async () => {
    const tea = await w.product(5);
    for (const as of ['finance', 'warehouse']) {
      expectStatus(await w.createOrder(as, { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1 }] }), 403);
    }
  });

  it('replays the first order for a retry with the same Idempotency-Key, and refuses the key for another body', async () => {
    const tea = await w.product(5);
    const idempotencyKey = key();
    const body = { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1 }] };
    const first = await w.createOrder('rep1', body, { 'Idempotency-Key': idempotencyKey });
    expectStatus(first, 201);
    const again = await w.createOrder('rep1', body, { 'Idempotency-Key': idempotencyKey });
    expectStatus(again, 201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.number).toBe(first.body.number);
    const other = await w.createOrder('rep1', { ...body, lines: [{ productId: tea.id, quantity: 2 }] }, { 'Idempotency-Key': idempotencyKey });
    expectStatus(other, 422);
    expect(await orders().countBy({ customerId: w.customers.east, totalFen: 10_000, createdBy: w.userIds.rep1, id: first.body.id })).toBe(1);
  });

  it('creates exactly one order from 20 parallel requests with the same Idempotency-Key', async () => {
    const tea = await w.product(5);
    const idempotencyKey = key();
    const before = await orders().count();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => w.createOrder('rep1', { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1 }] }, { 'Idempotency-Key': idempotencyKey })),
    );
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(responses.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect(await orders().count()).toBe(before + 1);
  });
});

describe('review rules', () => {
  it('sends an order over the credit limit to finance, who approves it; then the rep confirms', async () => {
    const tea = await w.product(20);
    // Limit 1,000.00: an open 600.00 order plus this 500.00 one exceeds it.
    const open = await w.createOrder('rep1', { customerId: w.customers.credit, lines: [{ productId: tea.id, quantity: 6 }] });
    expectStatus(open, 201);
    expect(open.body.reviewStatus).toBe('not_required');
    const over = await w.createOrder('rep1', { customerId: w.customers.credit, lines: [{ productId: tea.id, quantity: 5 }] });
    expectStatus(over, 201);
    expect(over.body).toMatchObject({ status: 'pending_review', reviewStatus: 'pending' });
    expect(over.body.reviewReasons).toEqual([{ kind: 'order_credit', reason: expect.stringContaining('超出信用额度') }]);

    expectStatus(await w.act('rep1', `/orders/${over.body.id}/confirm`), 409);
    const approval = await w.server.dataSource.getRepository(Approval).findOneByOrFail({ subjectType: 'order', subjectId: over.body.id });
    expect(approval.kind).toBe('order_credit');
    const todo = await w.api.get('/api/v1/approvals?status=pending&kind=order_credit', { token: w.tokens.finance });
    expect(todo.body.data.map((a: { id: string }) => a.id)).toContain(approval.id);
    expectStatus(await w.act('finance', `/approvals/${approval.id}/approve`, { comment: '老客户，准予' }), 200);

    const detail = await w.api.get(`/api/v1/orders/${over.body.id}`, { token: w.tokens.rep1 });
    expect(detail.body).toMatchObject({ status: 'pending_review', reviewStatus: 'approved' });
    expect(detail.body.events.at(-1)).toMatchObject({ fromStatus: 'pending_review', toStatus: 'pending_review', note: expect.stringContaining('通过') });
    expectStatus(await w.act('rep1', `/orders/${over.body.id}/confirm`), 200);
  });

  it('does not check the credit of a customer without a limit', async () => {
    const tea = await w.product(200);
    expectStatus(await w.createOrder('rep1', { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 150 }] }), 201);
    const big = await w.createOrder('rep1', { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 50 }] });
    expect(big.body.reviewStatus).toBe('not_required');
  });

  it("sends a price below the floor to the team's manager; finance may not decide it; a rejection cancels the order", async () => {
    const tea = await w.product(5);
    const before = await w.level(tea.id);
    const response = await w.createOrder('manager', { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1, unitPriceFen: 7_000 }] });
    expectStatus(response, 201);
    expect(response.body.reviewReasons).toEqual([{ kind: 'order_price', reason: expect.stringContaining('低于底价') }]);
    expect(response.body.lines[0].belowFloor).toBe(true);
    const approval = await w.server.dataSource.getRepository(Approval).findOneByOrFail({ subjectType: 'order', subjectId: response.body.id });
    expect(approval.kind).toBe('order_price');
    expectStatus(await w.act('finance', `/approvals/${approval.id}/approve`), 404);
    expectStatus(await w.act('admin', `/approvals/${approval.id}/reject`, { comment: '价格太低' }), 200);
    const detail = await w.api.get(`/api/v1/orders/${response.body.id}`, { token: w.tokens.manager });
    expect(detail.body).toMatchObject({ status: 'cancelled', reviewStatus: 'rejected', cancelReason: expect.stringContaining('价格太低') });
    expect(await w.level(tea.id)).toEqual(before);
  });

  it("a rep's discount beyond their limit also needs the manager; the manager approves and the order becomes confirmable", async () => {
    const tea = await w.product(5);
    // rep1 may give 5 %; 10 % off the grade price is beyond it (but above the floor).
    const response = await w.createOrder('rep1', { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1, unitPriceFen: 9_000 }] });
    expect(response.body.reviewReasons).toEqual([{ kind: 'order_price', reason: expect.stringContaining('超出您的权限') }]);
    const approval = await w.server.dataSource.getRepository(Approval).findOneByOrFail({ subjectType: 'order', subjectId: response.body.id });
    expectStatus(await w.act('manager', `/approvals/${approval.id}/approve`), 200);
    expectStatus(await w.act('rep1', `/orders/${response.body.id}/confirm`), 200);
  });

  it('files the credit approval of a cart order in the name of the sales owner and does not confirm it', async () => {
    const tea = await w.product(50);
    const { token } = await customerSession(w.server, w.customers.credit, '甬江采购');
    const response = await w.api.post('/api/v1/orders', { lines: [{ productId: tea.id, quantity: 11 }], ...cart }, { token });
    expectStatus(response, 201);
    expect(response.body.status).toBe('pending_review');
    expect(response.body).not.toHaveProperty('reviewReasons');
    const approval = await w.server.dataSource.getRepository(Approval).findOneByOrFail({ subjectType: 'order', subjectId: response.body.id });
    expect(approval).toMatchObject({ kind: 'order_credit', requestedBy: w.userIds.rep1 });
    expect(await w.level(tea.id)).toEqual({ onHand: 50, reserved: 0 });
  });
});

describe('confirming and cancelling', () => {
  it('reserves every line in the chosen warehouse and writes the ledger', async () => {
    const [a, b] = [await w.product(10), await w.product(10)];
    const order = await w.confirmedOrder([
      { productId: a.id, quantity: 3 },
      { productId: b.id, quantity: 4 },
    ]);
    expect(order).toMatchObject({ status: 'confirmed', warehouseId: w.warehouses.sh });
    expect(order.confirmedAt).not.toBeNull();
    expect(await w.level(a.id)).toEqual({ onHand: 10, reserved: 3 });
    expect(await w.level(b.id)).toEqual({ onHand: 10, reserved: 4 });
    const levels = await w.api.get(`/api/v1/stock?productId=${a.id}&warehouseId=${w.warehouses.sh}`, { token: w.tokens.warehouse });
    expect(levels.body.data[0]).toMatchObject({ onHand: 10, reserved: 3, available: 7 });
    const movements = await w.server.dataSource.getRepository(StockMovement).findBy({ refType: 'order', refId: order.id });
    expect(movements.map((m) => [m.productId, m.reason, m.reservedDelta]).sort()).toEqual(
      [
        [a.id, 'reserve', 3],
        [b.id, 'reserve', 4],
      ].sort(),
    );
    expect(await ledgerDifferences(w.server.dataSource)).toEqual([]);
  });

  it('answers insufficient stock with 409 and reserves nothing for any line; the order stays pending', async () => {
    const [plenty, scarce] = [await w.product(10), await w.product(2)];
    const order = await w.confirmedOrder(
      [
        { productId: plenty.id, quantity: 5 },
        { productId: scarce.id, quantity: 3 },
      ],
      false,
    );
    const movementsBefore = await w.server.dataSource.getRepository(StockMovement).count();
    const response = await w.act('rep1', `/orders/${order.id}/confirm`);
    expectStatus(response, 409);
    expect(response.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { productId: scarce.id, requested: 3, available: 2 } });
    expect(await w.level(plenty.id)).toEqual({ onHand: 10, reserved: 0 });
    expect(await w.level(scarce.id)).toEqual({ onHand: 2, reserved: 0 });
    expect(await w.server.dataSource.getRepository(StockMovement).count()).toBe(movementsBefore);
    expect((await orders().findOneByOrFail({ id: order.id })).status).toBe('pending_review');
  });

  it('confirms from another warehouse when told, and refuses an unknown one', async () => {
    const tea = await w.product(0);
    expectStatus(
      await w.api.post('/api/v1/stock/adjust', { warehouseId: w.warehouses.gz, lines: [{ productId: tea.id, quantityDelta: 5 }], note: '调入' }, { token: w.tokens.warehouse }),
      200,
    );
    const order = await w.confirmedOrder([{ productId: tea.id, quantity: 2 }], false);
    expectStatus(await w.act('rep1', `/orders/${order.id}/confirm`, { warehouseId: '999999999' }), 404);
    const confirmed = await w.act('rep1', `/orders/${order.id}/confirm`, { warehouseId: w.warehouses.gz });
    expectStatus(confirmed, 200);
    expect(confirmed.body.warehouseId).toBe(w.warehouses.gz);
    expect(await w.level(tea.id, w.warehouses.gz)).toEqual({ onHand: 5, reserved: 2 });
  });

  it('cancelling a confirmed order releases its reservation; cancelling a pending one touches no stock', async () => {
    const tea = await w.product(10);
    const confirmed = await w.confirmedOrder([{ productId: tea.id, quantity: 4 }]);
    const cancelled = await w.act('rep1', `/orders/${confirmed.id}/cancel`, { reason: '客户改期' });
    expectStatus(cancelled, 200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '客户改期' });
    expect(cancelled.body.cancelledAt).not.toBeNull();
    expect(await w.level(tea.id)).toEqual({ onHand: 10, reserved: 0 });
    const pending = await w.confirmedOrder([{ productId: tea.id, quantity: 4 }], false);
    expectStatus(await w.act('buyer', `/orders/${pending.id}/cancel`), 200);
    expect(await w.level(tea.id)).toEqual({ onHand: 10, reserved: 0 });
    expect(await ledgerDifferences(w.server.dataSource)).toEqual([]);
  });

  const reachable: Record<OrderStatus, string[]> = {
    pending_review: [],
    confirmed: ['confirm'],
    partially_shipped: ['confirm', 'ship-part'],
    shipped: ['confirm', 'ship-all'],
    delivered: ['confirm', 'ship-all', 'deliver'],
    completed: ['confirm', 'bill'],
    cancelled: ['cancel'],
  };

  async function orderIn(status: OrderStatus): Promise<string> {
    const tea = await w.product(10);
    if (status === 'completed') {
      const billed = await w.act('rep1', '/orders/billing', { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1 }], payment: { method: 'cash' } });
      expectStatus(billed, 201);
      return billed.body.id;
    }
    const order = await w.confirmedOrder([{ productId: tea.id, quantity: 2 }], false);
    for (const step of reachable[status]) {
      if (step === 'confirm') expectStatus(await w.act('rep1', `/orders/${order.id}/confirm`), 200);
      if (step === 'cancel') expectStatus(await w.act('rep1', `/orders/${order.id}/cancel`), 200);
      if (step === 'ship-part' || step === 'ship-all') {
        const shipment = await w.act('warehouse', '/shipments', { orderId: order.id, lines: [{ productId: tea.id, quantity: step === 'ship-part' ? 1 : 2 }] });
        expectStatus(shipment, 201);
        expectStatus(await w.act('warehouse', `/shipments/${shipment.body.id}/ship`), 200);
        order.shipmentId = shipment.body.id;
      }
      if (step === 'deliver') expectStatus(await w.act('warehouse', `/shipments/${order.shipmentId}/deliver`), 200);
    }
    expect((await orders().findOneByOrFail({ id: order.id })).status).toBe(status);
    return order.id;
  }

  const illegal = ORDER_STATUSES.flatMap((from) =>
    (['confirm', 'cancel'] as const)
      .filter((action) => !orderStateMachine.canTransition(from, action === 'confirm' ? 'confirmed' : 'cancelled'))
      .map((action) => [from, action] as const),
  );

  it.each(illegal)('refuses, from %s, to %s: 409 and nothing changes', async (from, action) => {
    const id = await orderIn(from);
    const before = await orders().findOneByOrFail({ id });
    const response = await w.act('admin', `/orders/${id}/${action}`);
    expectStatus(response, 409);
    expect(response.body.error.code).toBe('ILLEGAL_TRANSITION');
    const after = await orders().findOneByOrFail({ id });
    expect(after.status).toBe(before.status);
    expect(after.updatedAt).toEqual(before.updatedAt);
  });
});

describe('what create and confirm answer', () => {
  const detail = async (as: string, id: string) => (await w.api.get(`/api/v1/orders/${id}`, { token: w.tokens[as] })).body;

  it('is the order as read back: lines with their ids, totals and the timeline', async () => {
    const [a, b, c] = [await w.product(10), await w.product(10), await w.product(10)];
    const created = await w.createOrder('rep1', {
      customerId: w.customers.east,
      lines: [
        { productId: c.id, quantity: 1 },
        { productId: a.id, quantity: 2, discountFen: 100 },
        { productId: b.id, quantity: 3 },
      ],
    });
    expectStatus(created, 201);
    expect(created.body.lines.map((line: { lineNo: number }) => line.lineNo)).toEqual([1, 2, 3]);
    expect(created.body).toEqual(await detail('rep1', created.body.id));
    const confirmed = await w.act('rep1', `/orders/${created.body.id}/confirm`);
    expectStatus(confirmed, 200);
    expect(confirmed.body.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['pending_review', 'confirmed']);
    expect(confirmed.body).toEqual(await detail('rep1', created.body.id));
  });

  it('includes the approvals in the timeline of an order confirmed after review, and is the order as read back', async () => {
    const tea = await w.product(5);
    const created = await w.createOrder('rep1', { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1, unitPriceFen: 9_000 }] });
    expectStatus(created, 201);
    const approval = await w.server.dataSource.getRepository(Approval).findOneByOrFail({ subjectType: 'order', subjectId: created.body.id });
    expectStatus(await w.act('manager', `/approvals/${approval.id}/approve`), 200);
    const confirmed = await w.act('manager', `/orders/${created.body.id}/confirm`, { warehouseId: w.warehouses.sh });
    expectStatus(confirmed, 200);
    expect(confirmed.body.events.map((e: { fromStatus: string; toStatus: string }) => `${e.fromStatus}→${e.toStatus}`)).toEqual([
      'null→pending_review',
      'pending_review→pending_review',
      'pending_review→confirmed',
    ]);
    expect(confirmed.body).toEqual(await detail('manager', created.body.id));
  });

  it('has the right line ids where the database has no INSERT … RETURNING (MySQL, TiDB: they are read back)', async () => {
    const [a, b] = [await w.product(5), await w.product(5)];
    // MariaDB answers as MySQL would; SQLite always has RETURNING.
    const returning = jest.spyOn(w.server.dataSource.driver, 'isReturningSqlSupported').mockReturnValue(false);
    try {
      const created = await w.createOrder('rep1', { customerId: w.customers.east, lines: [{ productId: b.id, quantity: 1 }, { productId: a.id, quantity: 2 }] });
      expectStatus(created, 201);
      expect(created.body).toEqual(await detail('rep1', created.body.id));
    } finally {
      returning.mockRestore();
    }
  });

  it("is the order as read back for a customer's cart, confirmed in the same request", async () => {
    const tea = await w.product(10);
    const created = await w.createOrder('buyer', { lines: [{ productId: tea.id, quantity: 2 }], ...cart }, { 'Idempotency-Key': key() });
    expectStatus(created, 201);
    expect(created.body).toEqual(await detail('buyer', created.body.id));
  });
});

describe('who sees and changes orders', () => {
  let orderId: string;
  beforeAll(async () => {
    const tea = await w.product(20);
    orderId = (await w.confirmedOrder([{ productId: tea.id, quantity: 1 }], false)).id;
  });

  it.each([
    ['rep1', 200],
    ['manager', 200],
    ['admin', 200],
    ['finance', 200],
    ['warehouse', 200],
    ['buyer', 200],
    ['rep2', 404],
    ['rep3', 404],
    ['manager2', 404],
    ['otherBuyer', 404],
  ])('GET /orders/:id as %s → %i', async (as, status) => {
    expect((await w.api.get(`/api/v1/orders/${orderId}`, { token: w.tokens[as] })).status).toBe(status);
  });

  it('lists only what the caller may see', async () => {
    const ids = async (as: string) => (await w.api.get('/api/v1/orders?limit=100', { token: w.tokens[as] })).body.data.map((o: { id: string }) => o.id);
    expect(await ids('buyer')).toContain(orderId);
    expect(await ids('otherBuyer')).not.toContain(orderId);
    expect(await ids('rep2')).not.toContain(orderId);
    expect(await ids('manager2')).not.toContain(orderId);
    expect(await ids('finance')).toContain(orderId);
    const buyerOrders = (await w.api.get('/api/v1/orders?limit=100', { token: w.tokens.buyer })).body.data;
    expect(buyerOrders.every((o: Record<string, unknown>) => !('margin' in o) && !('reviewReasons' in o))).toBe(true);
  });

  it.each([
    ['buyer', 403],
    ['finance', 403],
    ['warehouse', 403],
    ['rep2', 404],
    ['manager2', 404],
  ])('POST /orders/:id/confirm as %s → %i', async (as, status) => {
    expect((await w.act(as, `/orders/${orderId}/confirm`)).status).toBe(status);
  });

  it.each([
    ['otherBuyer', 404],
    ['rep2', 404],
    ['finance', 403],
    ['warehouse', 403],
  ])('POST /orders/:id/cancel as %s → %i', async (as, status) => {
    expect((await w.act(as, `/orders/${orderId}/cancel`)).status).toBe(status);
    expect((await orders().findOneByOrFail({ id: orderId })).status).toBe('pending_review');
  });

  it('lets the team manager confirm their rep’s order', async () => {
    expectStatus(await w.act('manager', `/orders/${orderId}/confirm`), 200);
  });
});

describe('one-step billing (开单)', () => {
  it('creates, confirms, ships, hands over and records the payment in one go: completed when paid in full', async () => {
    const tea = await w.product(10);
    const response = await w.act('warehouse', '/orders/billing', {
      customerId: w.customers.east,
      lines: [{ productId: tea.id, quantity: 2 }],
      payment: { method: 'wechat', note: '柜台扫码' },
    });
    expectStatus(response, 201);
    expect(response.body).toMatchObject({ channel: 'counter', status: 'completed', paidFen: 20_000, warehouseId: w.warehouses.sh });
    expect(response.body.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['pending_review', 'confirmed', 'shipped', 'delivered', 'completed']);
    expect(response.body.shipments).toEqual([expect.objectContaining({ status: 'delivered' })]);
    expect(response.body.payments).toEqual([expect.objectContaining({ amountFen: 20_000, method: 'wechat', note: '柜台扫码' })]);
    expect(response.body.lines[0].shippedQty).toBe(2);
    expect(await w.level(tea.id)).toEqual({ onHand: 8, reserved: 0 });
    expect(await ledgerDifferences(w.server.dataSource)).toEqual([]);
  });

  it('ends delivered but not completed when paid in part, and shipped when the goods leave with a carrier', async () => {
    const tea = await w.product(10);
    const part = await w.act('rep1', '/orders/billing', {
      customerId: w.customers.east,
      lines: [{ productId: tea.id, quantity: 1 }],
      payment: { method: 'cash', amountFen: 4_000 },
    });
    expectStatus(part, 201);
    expect(part.body).toMatchObject({ status: 'delivered', paidFen: 4_000 });
    const shipped = await w.act('rep1', '/orders/billing', {
      customerId: w.customers.east,
      lines: [{ productId: tea.id, quantity: 1 }],
      payment: { method: 'bank_transfer' },
      delivery: 'ship',
      carrier: '顺丰速运',
      trackingNumber: 'SF1234567890',
    });
    expectStatus(shipped, 201);
    expect(shipped.body).toMatchObject({ status: 'shipped', paidFen: 10_000 });
    expect(shipped.body.shipments[0]).toMatchObject({ status: 'shipped', carrier: '顺丰速运', trackingNumber: 'SF1234567890' });
  });

  it('rolls everything back on insufficient stock: no order, no payment, no movement', async () => {
    const [plenty, scarce] = [await w.product(10), await w.product(1)];
    const before = await rowCounts();
    const response = await w.act('rep1', '/orders/billing', {
      customerId: w.customers.east,
      lines: [
        { productId: plenty.id, quantity: 1 },
        { productId: scarce.id, quantity: 2 },
      ],
      payment: { method: 'cash' },
    });
    expectStatus(response, 409);
    expect(response.body.error.code).toBe('INSUFFICIENT_STOCK');
    expect(await rowCounts()).toEqual(before);
    expect(await w.level(plenty.id)).toEqual({ onHand: 10, reserved: 0 });
  });

  it('refuses a sale the review rules would stop, a payment above the total, and a warehouse clerk changing prices', async () => {
    const tea = await w.product(10);
    const before = await rowCounts();
    const belowFloor = await w.act('manager', '/orders/billing', {
      customerId: w.customers.east,
      lines: [{ productId: tea.id, quantity: 1, unitPriceFen: 5_000 }],
      payment: { method: 'cash' },
    });
    expectStatus(belowFloor, 409);
    const overpaid = await w.act('rep1', '/orders/billing', { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1 }], payment: { method: 'cash', amountFen: 10_001 } });
    expectStatus(overpaid, 400);
    const clerk = await w.act('warehouse', '/orders/billing', { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1, discountFen: 100 }], payment: { method: 'cash' } });
    expectStatus(clerk, 403);
    expectStatus(await w.act('buyer', '/orders/billing', { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1 }], payment: { method: 'cash' } }), 403);
    expect(await rowCounts()).toEqual(before);
  });

  it('lets a paid counter sale pass the credit limit: only the unpaid part counts', async () => {
    const tea = await w.product(50);
    const paid = await w.act('rep1', '/orders/billing', { customerId: w.customers.credit, lines: [{ productId: tea.id, quantity: 30 }], payment: { method: 'cash' } });
    expectStatus(paid, 201);
    const unpaid = await w.act('rep1', '/orders/billing', {
      customerId: w.customers.credit,
      lines: [{ productId: tea.id, quantity: 30 }],
      payment: { method: 'cash', amountFen: 100 },
    });
    expectStatus(unpaid, 409);
    expect(unpaid.body.error.details.reviewReasons[0].kind).toBe('order_credit');
  });
});
