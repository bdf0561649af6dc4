import { ledgerDifferences } from '../stock/stock.test-helpers';
import { Shipment } from '../shipments/shipment.entity';
import { Order } from './order.entity';
import { expectStatus, startOrderWorld, type OrderWorld } from './orders.test-helpers';

/** Races that only a multi-connection database can run (the embedded SQLite has a single writer). */
let w: OrderWorld;
beforeAll(async () => {
  w = await startOrderWorld();
});
afterAll(() => w?.close());

const orders = () => w.server.dataSource.getRepository(Order);

describe('orders under concurrency', () => {
  it('never oversells: 200 parallel create + confirm of 1 unit against 50 on hand confirm exactly 50', async () => {
    const tea = await w.product(50);
    const results = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const created = await w.createOrder('rep1', { customerId: w.customers.east, lines: [{ productId: tea.id, quantity: 1 }] });
        expectStatus(created, 201);
        const confirmed = await w.act('rep1', `/orders/${created.body.id}/confirm`);
        return { status: confirmed.status, code: confirmed.body.error?.code };
      }),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(50);
    expect(results.filter((r) => r.status !== 200).every((r) => r.status === 409 && r.code === 'INSUFFICIENT_STOCK')).toBe(true);
    expect(await w.level(tea.id)).toEqual({ onHand: 50, reserved: 50 });
    const confirmed = await orders()
      .createQueryBuilder('o')
      .innerJoin('order_lines', 'l', 'l.orderId = o.id')
      .where('l.productId = :productId AND o.status = :status', { productId: tea.id, status: 'confirmed' })
      .getCount();
    expect(confirmed).toBe(50);
    expect(await ledgerDifferences(w.server.dataSource)).toEqual([]);
  });

  it('confirms an order once when two confirms race', async () => {
    const tea = await w.product(10);
    const order = await w.confirmedOrder([{ productId: tea.id, quantity: 3 }], false);
    const responses = await Promise.all([w.act('rep1', `/orders/${order.id}/confirm`), w.act('manager', `/orders/${order.id}/confirm`)]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await w.level(tea.id)).toEqual({ onHand: 10, reserved: 3 });
  });

  it('has exactly one winner in 20 rounds of cancel racing ship on the same order; stock and ledger agree', async () => {
    const tea = await w.product(100);
    const outcomes: string[] = [];
    let shippedUnits = 0;
    for (let round = 0; round < 20; round++) {
      const order = await w.confirmedOrder([{ productId: tea.id, quantity: 2 }]);
      const planned = await w.act('warehouse', '/shipments', { orderId: order.id });
      expectStatus(planned, 201);
      const [cancel, ship] = await Promise.all([
        w.act('rep1', `/orders/${order.id}/cancel`, { reason: '并发取消' }),
        w.act('warehouse', `/shipments/${planned.body.id}/ship`),
      ]);
      expect([cancel.status, ship.status].sort()).toEqual([200, 409]);
      const stored = await orders().findOneByOrFail({ id: order.id });
      const shipment = await w.server.dataSource.getRepository(Shipment).findOneByOrFail({ id: planned.body.id });
      if (cancel.status === 200) {
        expect([stored.status, shipment.status]).toEqual(['cancelled', 'cancelled']);
        outcomes.push('cancelled');
      } else {
        expect([stored.status, shipment.status]).toEqual(['shipped', 'shipped']);
        shippedUnits += 2;
        outcomes.push('shipped');
      }
      expect(await w.level(tea.id)).toEqual({ onHand: 100 - shippedUnits, reserved: 0 });
    }
    expect(outcomes).toHaveLength(20);
    expect(await ledgerDifferences(w.server.dataSource)).toEqual([]);
  });

  it('plans the remaining quantity into one shipment when five requests race', async () => {
    const tea = await w.product(10);
    const order = await w.confirmedOrder([{ productId: tea.id, quantity: 4 }]);
    const responses = await Promise.all(Array.from({ length: 5 }, () => w.act('warehouse', '/shipments', { orderId: order.id })));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await w.server.dataSource.getRepository(Shipment).countBy({ orderId: order.id })).toBe(1);
  });

  it('holds the credit limit when orders of one customer race', async () => {
    const tea = await w.product(100);
    // Limit 1,000.00; ten 300.00 orders at once: only three fit without a review.
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => w.createOrder('rep1', { customerId: w.customers.credit, lines: [{ productId: tea.id, quantity: 3 }] })),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(responses.filter((r) => r.body.reviewStatus === 'not_required')).toHaveLength(3);
    expect(responses.filter((r) => r.body.reviewStatus === 'pending')).toHaveLength(7);
  });
});
