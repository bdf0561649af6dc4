import { StockMovement } from '../stock/stock-movement.entity';
import { ledgerDifferences } from '../stock/stock.test-helpers';
import { Order } from '../orders/order.entity';
import { expectStatus, startOrderWorld, type OrderWorld } from '../orders/orders.test-helpers';
import { ShipmentLine } from './shipment-line.entity';
import { Shipment } from './shipment.entity';

let w: OrderWorld;
beforeAll(async () => {
  w = await startOrderWorld();
});
afterAll(() => w?.close());

const orderStatus = async (id: string) => (await w.server.dataSource.getRepository(Order).findOneByOrFail({ id })).status;
const newShipment = (as: string, body: Record<string, unknown>) => w.act(as, '/shipments', body);

async function twoLineOrder() {
  const [a, b] = [await w.product(20), await w.product(20)];
  const order = await w.confirmedOrder([
    { productId: a.id, quantity: 5 },
    { productId: b.id, quantity: 3 },
  ]);
  return { order, a, b };
}

describe('shipping an order in parts', () => {
  it('partially ships, ships the rest, and delivers: the order follows each step, stock and ledger too', async () => {
    const { order, a, b } = await twoLineOrder();

    const first = await newShipment('warehouse', { orderId: order.id, lines: [{ productId: a.id, quantity: 2 }], carrier: '顺丰速运' });
    expectStatus(first, 201);
    expect(first.body).toMatchObject({ status: 'pending', orderId: order.id, orderNumber: order.number, customerName: '杭州西湖茶庄', carrier: '顺丰速运' });
    expect(first.body.number).toMatch(/^FH\d{8}-\d{4}$/);
    expect(first.body.lines).toEqual([expect.objectContaining({ productId: a.id, quantity: 2, lineNo: 1, sku: a.sku })]);
    expect(await orderStatus(order.id)).toBe('confirmed');

    const shipped = await w.act('warehouse', `/shipments/${first.body.id}/ship`, { trackingNumber: 'SF0001' });
    expectStatus(shipped, 200);
    expect(shipped.body).toMatchObject({ status: 'shipped', trackingNumber: 'SF0001' });
    expect(shipped.body.shippedAt).not.toBeNull();
    expect(await orderStatus(order.id)).toBe('partially_shipped');
    expect(await w.level(a.id)).toEqual({ onHand: 18, reserved: 3 });
    const out = await w.server.dataSource.getRepository(StockMovement).findBy({ refType: 'shipment', refId: first.body.id });
    expect(out.map((m) => [m.reason, m.onHandDelta, m.reservedDelta])).toEqual([['sale_out', -2, -2]]);

    // No lines: everything not yet shipped.
    const rest = await newShipment('rep1', { orderId: order.id });
    expectStatus(rest, 201);
    expect(rest.body.lines.map((l: { productId: string; quantity: number }) => [l.productId, l.quantity])).toEqual([
      [a.id, 3],
      [b.id, 3],
    ]);
    expectStatus(await w.act('warehouse', `/shipments/${rest.body.id}/ship`), 200);
    expect(await orderStatus(order.id)).toBe('shipped');
    expect(await w.level(a.id)).toEqual({ onHand: 15, reserved: 0 });
    expect(await w.level(b.id)).toEqual({ onHand: 17, reserved: 0 });

    expectStatus(await w.act('warehouse', `/shipments/${rest.body.id}/deliver`), 200);
    expect(await orderStatus(order.id)).toBe('shipped');
    const delivered = await w.act('buyer', `/shipments/${first.body.id}/deliver`);
    expectStatus(delivered, 200);
    expect(delivered.body.deliveredAt).not.toBeNull();

    const detail = await w.api.get(`/api/v1/orders/${order.id}`, { token: w.tokens.rep1 });
    expect(detail.body.status).toBe('delivered');
    expect(detail.body.deliveredAt).not.toBeNull();
    expect(detail.body.lines.map((l: { shippedQty: number }) => l.shippedQty)).toEqual([5, 3]);
    expect(detail.body.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['pending_review', 'confirmed', 'partially_shipped', 'shipped', 'delivered']);
    expect(detail.body.shipments.map((s: { status: string }) => s.status)).toEqual(['delivered', 'delivered']);
    expect(await ledgerDifferences(w.server.dataSource)).toEqual([]);
  });

  it('refuses to plan more than is left, counting other pending shipments: 409, nothing written', async () => {
    const { order, a } = await twoLineOrder();
    expectStatus(await newShipment('warehouse', { orderId: order.id, lines: [{ productId: a.id, quantity: 4 }] }), 201);
    const before = await w.server.dataSource.getRepository(ShipmentLine).count();
    const over = await newShipment('warehouse', { orderId: order.id, lines: [{ productId: a.id, quantity: 2 }] });
    expectStatus(over, 409);
    expect(over.body.error.details).toMatchObject({ requested: 2, available: 1 });
    expectStatus(await newShipment('warehouse', { orderId: order.id, lines: [{ productId: a.id, quantity: 6 }] }), 409);
    expect(await w.server.dataSource.getRepository(ShipmentLine).count()).toBe(before);
  });

  it('refuses a line that is not on the order, a duplicate line, and an order that is not confirmed', async () => {
    const { order, a } = await twoLineOrder();
    const stranger = await w.product(5);
    expectStatus(await newShipment('warehouse', { orderId: order.id, lines: [{ productId: stranger.id, quantity: 1 }] }), 400);
    expectStatus(
      await newShipment('warehouse', {
        orderId: order.id,
        lines: [
          { productId: a.id, quantity: 1 },
          { productId: a.id, quantity: 1 },
        ],
      }),
      400,
    );
    expectStatus(await newShipment('warehouse', { orderId: order.id, lines: [{ productId: a.id, orderLineId: order.lines[0].id, quantity: 1 }] }), 400);
    const pending = await w.confirmedOrder([{ productId: a.id, quantity: 1 }], false);
    expectStatus(await newShipment('warehouse', { orderId: pending.id }), 409);
  });

  it('cancelling a confirmed order cancels its pending shipments, which then cannot ship', async () => {
    const { order, a } = await twoLineOrder();
    const planned = await newShipment('warehouse', { orderId: order.id, lines: [{ orderLineId: order.lines[0].id, quantity: 5 }] });
    expectStatus(planned, 201);
    expectStatus(await w.act('rep1', `/orders/${order.id}/cancel`), 200);
    expect((await w.server.dataSource.getRepository(Shipment).findOneByOrFail({ id: planned.body.id })).status).toBe('cancelled');
    expectStatus(await w.act('warehouse', `/shipments/${planned.body.id}/ship`), 409);
    expect(await w.level(a.id)).toEqual({ onHand: 20, reserved: 0 });
  });

  it('cancels a pending shipment, freeing its quantities for another', async () => {
    const { order, a } = await twoLineOrder();
    const planned = await newShipment('warehouse', { orderId: order.id, lines: [{ productId: a.id, quantity: 5 }] });
    const cancelled = await w.act('warehouse', `/shipments/${planned.body.id}/cancel`);
    expectStatus(cancelled, 200);
    expect(cancelled.body.status).toBe('cancelled');
    expectStatus(await newShipment('warehouse', { orderId: order.id, lines: [{ productId: a.id, quantity: 5 }] }), 201);
  });

  it.each([
    ['ship', 'shipped'],
    ['deliver', 'pending'],
    ['deliver', 'delivered'],
    ['ship', 'cancelled'],
    ['cancel', 'shipped'],
    ['deliver', 'cancelled'],
  ])('refuses to %s a %s shipment with 409', async (action, status) => {
    const { order } = await twoLineOrder();
    const planned = await newShipment('warehouse', { orderId: order.id });
    const id = planned.body.id;
    if (status === 'shipped' || status === 'delivered') expectStatus(await w.act('warehouse', `/shipments/${id}/ship`), 200);
    if (status === 'delivered') expectStatus(await w.act('warehouse', `/shipments/${id}/deliver`), 200);
    if (status === 'cancelled') expectStatus(await w.act('warehouse', `/shipments/${id}/cancel`), 200);
    const before = await w.server.dataSource.getRepository(Shipment).findOneByOrFail({ id });
    const response = await w.act('warehouse', `/shipments/${id}/${action}`);
    expectStatus(response, 409);
    expect(response.body.error.code).toBe('ILLEGAL_TRANSITION');
    expect(await w.server.dataSource.getRepository(Shipment).findOneByOrFail({ id })).toEqual(before);
  });
});

describe('who sees and moves shipments', () => {
  let shipmentId: string;
  let orderId: string;
  beforeAll(async () => {
    const { order } = await twoLineOrder();
    orderId = order.id;
    shipmentId = (await newShipment('warehouse', { orderId, lines: [{ orderLineId: order.lines[0].id, quantity: 1 }] })).body.id;
  });

  it.each([
    ['buyer', 200],
    ['rep1', 200],
    ['manager', 200],
    ['finance', 200],
    ['warehouse', 200],
    ['otherBuyer', 404],
    ['rep2', 404],
    ['manager2', 404],
  ])('GET /shipments/:id as %s → %i', async (as, status) => {
    expect((await w.api.get(`/api/v1/shipments/${shipmentId}`, { token: w.tokens[as] })).status).toBe(status);
  });

  it('lists a customer its own shipments only', async () => {
    const mine = await w.api.get(`/api/v1/shipments?orderId=${orderId}`, { token: w.tokens.buyer });
    expect(mine.body.data.map((s: { id: string }) => s.id)).toEqual([shipmentId]);
    const theirs = await w.api.get(`/api/v1/shipments?orderId=${orderId}`, { token: w.tokens.otherBuyer });
    expect(theirs.body.data).toEqual([]);
  });

  it.each([
    ['buyer', 403],
    ['rep1', 403],
    ['manager', 403],
    ['finance', 403],
  ])('POST /shipments/:id/ship as %s → %i', async (as, status) => {
    expect((await w.act(as, `/shipments/${shipmentId}/ship`)).status).toBe(status);
  });

  it.each([
    ['buyer', 403],
    ['finance', 403],
    ['rep2', 404],
    ['manager2', 404],
  ])('POST /shipments (plan) as %s → %i', async (as, status) => {
    expect((await newShipment(as, { orderId })).status).toBe(status);
  });

  it('lets the customer confirm receipt of its own shipment only', async () => {
    expectStatus(await w.act('warehouse', `/shipments/${shipmentId}/ship`), 200);
    expectStatus(await w.act('otherBuyer', `/shipments/${shipmentId}/deliver`), 404);
    expectStatus(await w.act('rep1', `/shipments/${shipmentId}/deliver`), 403);
    expectStatus(await w.act('buyer', `/shipments/${shipmentId}/deliver`), 200);
  });
});
