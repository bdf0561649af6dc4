import { Contract } from '../contracts/contract.entity';
import { expectStatus, startContractWorld, type ContractWorld } from '../contracts/contracts.test-helpers';
import { Order } from './order.entity';

let w: ContractWorld;
beforeAll(async () => {
  w = await startContractWorld();
});
afterAll(() => w?.close());

const order = (as: string, body: Record<string, unknown>) => w.api.post('/api/v1/orders', body, { token: w.tokens[as] });

/** A contract of east (owner rep1) for 10 × 西湖龙井 with 1.01 off the line, signed by the buyer. */
async function signedContract(): Promise<string> {
  const created = await w.create('rep1', { lines: [{ productId: w.longjing.id, quantity: 10, discountFen: 101 }] });
  expectStatus(created, 201);
  const id = created.body.id;
  expectStatus(await w.act('rep1', id, 'submit'), 200);
  if ((await w.server.dataSource.getRepository(Contract).findOneByOrFail({ id })).status === 'pending_approval') {
    expectStatus(await w.act('manager', id, 'approve'), 200);
  }
  expectStatus(await w.act('buyer', id, 'sign'), 200);
  return id;
}

describe('orders against a contract', () => {
  it("copies the contract's prices, activates it, and shares the discount so the orders add up to the contract", async () => {
    const contractId = await signedContract();
    const contract = await w.server.dataSource.getRepository(Contract).findOneByOrFail({ id: contractId });
    const first = await order('rep1', { contractId, lines: [{ contractLineNo: 1, quantity: 3 }] });
    expectStatus(first, 201);
    expect(first.body).toMatchObject({ channel: 'contract', contractId, customerId: w.customers.east, ownerId: w.userIds.rep1, reviewStatus: 'not_required' });
    expect(first.body.lines[0]).toMatchObject({ productId: w.longjing.id, quantity: 3, discountFen: 30, contractLineId: expect.any(String) });
    expect((await w.server.dataSource.getRepository(Contract).findOneByOrFail({ id: contractId })).status).toBe('active');

    const rest = await order('rep1', { contractId, lines: [{ productId: w.longjing.id, quantity: 7 }] });
    expectStatus(rest, 201);
    expect(rest.body.lines[0].discountFen).toBe(71);
    expect(first.body.totals.totalFen + rest.body.totals.totalFen).toBe(contract.totalFen);
    expect(first.body.lines[0].unitPriceFen).toBe(rest.body.lines[0].unitPriceFen);
  });

  it('refuses more than the contract has left (409, nothing written) until an order is cancelled', async () => {
    const contractId = await signedContract();
    const taken = await order('rep1', { contractId, lines: [{ contractLineNo: 1, quantity: 8 }] });
    expectStatus(taken, 201);
    const before = await w.server.dataSource.getRepository(Order).count();
    const over = await order('rep1', { contractId, lines: [{ contractLineNo: 1, quantity: 3 }] });
    expectStatus(over, 409);
    expect(over.body.error.details).toMatchObject({ remaining: 2, requested: 3 });
    expect(await w.server.dataSource.getRepository(Order).count()).toBe(before);
    expectStatus(await w.api.post(`/api/v1/orders/${taken.body.id}/cancel`, {}, { token: w.tokens.rep1 }), 200);
    expectStatus(await order('rep1', { contractId, lines: [{ contractLineNo: 1, quantity: 10 }] }), 201);
  });

  it('lets the buyer order against its own contract from the mini-program (confirmed at once), not against another', async () => {
    const contractId = await signedContract();
    const response = await order('buyer', {
      contractId,
      lines: [{ contractLineNo: 1, quantity: 2 }],
      shippingAddress: '杭州市西湖区龙井路 1 号',
      contactName: '林采购',
      contactPhone: '13900000011',
    });
    expectStatus(response, 201);
    expect(response.body).toMatchObject({ channel: 'contract', status: 'confirmed' });
    expect(response.body).not.toHaveProperty('margin');
    expectStatus(await order('otherBuyer', { contractId, lines: [{ contractLineNo: 1, quantity: 1 }], shippingAddress: 'x', contactName: 'y', contactPhone: '1' }), 404);
    expectStatus(await order('rep2', { contractId, lines: [{ contractLineNo: 1, quantity: 1 }] }), 404);
  });

  it('bills a signed contract in one step: stock out, delivered and paid, the contract active and its line taken', async () => {
    const contractId = await signedContract();
    const bill = (body: Record<string, unknown>) => w.api.post('/api/v1/orders/billing', body, { token: w.tokens.rep1 });
    const billed = await bill({ contractId, lines: [{ contractLineNo: 1, quantity: 4 }], payment: { method: 'bank_transfer' } });
    expectStatus(billed, 201);
    expect(billed.body).toMatchObject({ channel: 'contract', contractId, status: 'completed', paidFen: billed.body.totals.totalFen });
    expect(billed.body.lines[0]).toMatchObject({ quantity: 4, shippedQty: 4, discountFen: 40 });
    expect(billed.body.shipments).toEqual([expect.objectContaining({ status: 'delivered' })]);
    expect((await w.server.dataSource.getRepository(Contract).findOneByOrFail({ id: contractId })).status).toBe('active');

    const over = await order('rep1', { contractId, lines: [{ contractLineNo: 1, quantity: 7 }] });
    expectStatus(over, 409);
    expect(over.body.error.details).toMatchObject({ remaining: 6 });
  });

  it('bills either a customer or a contract: both or neither is a 400', async () => {
    const contractId = await signedContract();
    const line = { productId: w.longjing.id, quantity: 1 };
    const both = await w.api.post('/api/v1/orders/billing', { contractId, customerId: w.customers.east, lines: [line], payment: { method: 'cash' } }, { token: w.tokens.rep1 });
    expectStatus(both, 400);
    const neither = await w.api.post('/api/v1/orders/billing', { lines: [line], payment: { method: 'cash' } }, { token: w.tokens.rep1 });
    expectStatus(neither, 400);
  });

  it('refuses an unsigned contract, an unknown line, and prices on a contract order', async () => {
    const draft = await w.create('rep1');
    expectStatus(await order('rep1', { contractId: draft.body.id, lines: [{ contractLineNo: 1, quantity: 1 }] }), 409);
    const contractId = await signedContract();
    expectStatus(await order('rep1', { contractId, lines: [{ contractLineNo: 9, quantity: 1 }] }), 400);
    expectStatus(await order('rep1', { contractId, lines: [{ contractLineNo: 1, quantity: 1, unitPriceFen: 1 }] }), 400);
  });
});
