import { inTransaction } from '../../infra/db';
import { userId } from '../../testing/crm-fixtures';
import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { Approval } from '../approvals/approval.entity';
import { StockMovement } from './stock-movement.entity';
import { createProduct, expectStatus, ledgerDifferences, level, movementCount } from './stock.test-helpers';

let server: TestServer;
let api: ApiClient;
let admin: string;
let keeper: string;
let manager: string;
let rep: string;
let warehouseSeq = 0;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  [admin, keeper, manager, rep] = await Promise.all(['admin', 'warehouse', 'manager', 'rep1'].map((u) => loginAs(server, u)));
});
afterAll(() => server?.close());

/** A warehouse of its own per test (one open stocktake per warehouse), stocked with fresh products. */
async function stockedWarehouse(...quantities: number[]): Promise<{ warehouseId: string; productIds: string[] }> {
  const created = await api.post('/api/v1/warehouses', { code: `PD${++warehouseSeq}`, name: `盘点测试仓${warehouseSeq}` }, { token: admin });
  expectStatus(created, 201);
  const warehouseId = created.body.id as string;
  const productIds: string[] = [];
  for (const quantity of quantities) {
    const productId = await createProduct(api, admin);
    productIds.push(productId);
    expectStatus(await api.post('/api/v1/stock/adjust', { warehouseId, lines: [{ productId, quantityDelta: quantity }], note: '期初' }, { token: keeper }), 200);
  }
  return { warehouseId, productIds };
}

const counts = (pairs: Array<[string, number]>) => ({ lines: pairs.map(([productId, countedQty]) => ({ productId, countedQty })) });

async function countedAndSubmitted(warehouseId: string, pairs: Array<[string, number]>) {
  const created = await api.post('/api/v1/stocktakes', { warehouseId, note: '月末盘点' }, { token: keeper });
  expectStatus(created, 201);
  expectStatus(await api.call('PUT', `/api/v1/stocktakes/${created.body.id}/counts`, { token: keeper, body: counts(pairs) }), 200);
  const submitted = await api.post(`/api/v1/stocktakes/${created.body.id}/submit`, undefined, { token: keeper });
  expectStatus(submitted, 200);
  return submitted.body as { id: string; number: string; approvalId: string };
}

describe('stocktakes', () => {
  it('snapshots, counts, and on approval books the differences against the current on hand as stocktake movements', async () => {
    const { warehouseId, productIds } = await stockedWarehouse(20, 10, 5);
    const [a, b, c] = productIds;
    const created = await api.post('/api/v1/stocktakes', { warehouseId, note: '月末盘点' }, { token: keeper });
    expectStatus(created, 201);
    expect(created.body).toMatchObject({ status: 'counting', warehouseId, lineCount: 3, countedCount: 0, differenceCount: 0, note: '月末盘点', createdByName: '孙仓管' });
    expect(created.body.number).toMatch(/^PD\d{8}-\d{4,}$/);
    expect(created.body.lines.map((l: { productId: string; expectedQty: number; countedQty: null }) => [l.productId, l.expectedQty, l.countedQty])).toEqual([
      [a, 20, null],
      [b, 10, null],
      [c, 5, null],
    ]);

    const counted = await api.call('PUT', `/api/v1/stocktakes/${created.body.id}/counts`, { token: keeper, body: counts([[a, 18], [b, 10], [c, 7]]) });
    expectStatus(counted, 200);
    expect(counted.body).toMatchObject({ countedCount: 3, differenceCount: 2 });
    expect(counted.body.lines.map((l: { differenceQty: number }) => l.differenceQty)).toEqual([-2, 0, 2]);

    // Goods arrive while the warehouse counts: the approved difference must not undo them.
    await api.post('/api/v1/stock/adjust', { warehouseId, lines: [{ productId: a, quantityDelta: 5 }], note: '到货' }, { token: keeper });

    const submitted = await api.post(`/api/v1/stocktakes/${created.body.id}/submit`, undefined, { token: keeper });
    expectStatus(submitted, 200);
    expect(submitted.body).toMatchObject({ status: 'pending_approval', approvalId: expect.any(String), submittedAt: expect.any(String) });
    expect(await level(server.dataSource, warehouseId, a)).toEqual({ onHand: 25, reserved: 0 });

    const todo = await api.get('/api/v1/approvals?status=pending&kind=stocktake', { token: admin });
    expect(todo.body.data).toEqual([expect.objectContaining({ id: submitted.body.approvalId, subjectType: 'stocktake', subjectId: created.body.id, requestedByName: '孙仓管' })]);

    const approved = await api.post(`/api/v1/approvals/${submitted.body.approvalId}/approve`, { comment: '核对无误' }, { token: admin });
    expectStatus(approved, 200);
    expect(approved.body.status).toBe('approved');
    const after = await api.get(`/api/v1/stocktakes/${created.body.id}`, { token: keeper });
    expect(after.body).toMatchObject({ status: 'approved', appliedAt: expect.any(String) });
    expect(await level(server.dataSource, warehouseId, a)).toEqual({ onHand: 23, reserved: 0 });
    expect(await level(server.dataSource, warehouseId, b)).toEqual({ onHand: 10, reserved: 0 });
    expect(await level(server.dataSource, warehouseId, c)).toEqual({ onHand: 7, reserved: 0 });
    const movements = await server.dataSource.getRepository(StockMovement).find({ where: { refType: 'stocktake', refId: created.body.id }, order: { id: 'ASC' } });
    expect(movements.map((m) => [m.productId, m.reason, m.onHandDelta, m.refNumber, m.actorId])).toEqual([
      [a, 'stocktake', -2, created.body.number, await userId(server, 'admin')],
      [c, 'stocktake', 2, created.body.number, await userId(server, 'admin')],
    ]);
    expect(await ledgerDifferences(server.dataSource)).toEqual([]);
    expectStatus(await api.post('/api/v1/stocktakes', { warehouseId }, { token: keeper }), 201);
  });

  it('is decided by an admin: warehouse staff have no team, so a team manager neither sees nor decides the request', async () => {
    const { warehouseId, productIds } = await stockedWarehouse(4);
    const submitted = await countedAndSubmitted(warehouseId, [[productIds[0], 3]]);
    const managerTodo = await api.get('/api/v1/approvals?status=pending&kind=stocktake', { token: manager });
    expect(managerTodo.body.data.map((a: { id: string }) => a.id)).not.toContain(submitted.approvalId);
    expectStatus(await api.post(`/api/v1/approvals/${submitted.approvalId}/approve`, {}, { token: manager }), 404);
    expectStatus(await api.post(`/api/v1/approvals/${submitted.approvalId}/approve`, {}, { token: keeper }), 403);
    expect(await level(server.dataSource, warehouseId, productIds[0])).toEqual({ onHand: 4, reserved: 0 });
    expectStatus(await api.post(`/api/v1/approvals/${submitted.approvalId}/approve`, {}, { token: admin }), 200);
    expect(await level(server.dataSource, warehouseId, productIds[0])).toEqual({ onHand: 3, reserved: 0 });
  });

  it('on rejection changes no stock; recounting reopens it and a resubmission files a new approval', async () => {
    const { warehouseId, productIds } = await stockedWarehouse(8);
    const [a] = productIds;
    const submitted = await countedAndSubmitted(warehouseId, [[a, 6]]);
    const rejected = await api.post(`/api/v1/approvals/${submitted.approvalId}/reject`, { comment: '请复盘' }, { token: admin });
    expectStatus(rejected, 200);
    expect((await api.get(`/api/v1/stocktakes/${submitted.id}`, { token: manager })).body.status).toBe('rejected');
    expect(await level(server.dataSource, warehouseId, a)).toEqual({ onHand: 8, reserved: 0 });
    expect(await movementCount(server.dataSource, { productId: a, reason: 'stocktake' })).toBe(0);

    const recount = await api.call('PUT', `/api/v1/stocktakes/${submitted.id}/counts`, { token: keeper, body: counts([[a, 7]]) });
    expectStatus(recount, 200);
    expect(recount.body).toMatchObject({ status: 'counting', lines: [expect.objectContaining({ countedQty: 7, differenceQty: -1 })] });
    const resubmitted = await api.post(`/api/v1/stocktakes/${submitted.id}/submit`, undefined, { token: keeper });
    expectStatus(resubmitted, 200);
    expect(resubmitted.body.approvalId).not.toBe(submitted.approvalId);
    expectStatus(await api.post(`/api/v1/approvals/${resubmitted.body.approvalId}/approve`, {}, { token: admin }), 200);
    expect(await level(server.dataSource, warehouseId, a)).toEqual({ onHand: 7, reserved: 0 });
  });

  it('answers 409 to every transition the state machine does not allow', async () => {
    const { warehouseId, productIds } = await stockedWarehouse(3);
    const [a] = productIds;
    const submitted = await countedAndSubmitted(warehouseId, [[a, 3]]);
    const again = await api.post(`/api/v1/stocktakes/${submitted.id}/submit`, undefined, { token: keeper });
    expectStatus(again, 409);
    expect(again.body.error).toMatchObject({ code: 'ILLEGAL_TRANSITION', message: expect.stringContaining('待审批') });
    expectStatus(await api.call('PUT', `/api/v1/stocktakes/${submitted.id}/counts`, { token: keeper, body: counts([[a, 2]]) }), 409);
    expectStatus(await api.post(`/api/v1/stocktakes/${submitted.id}/cancel`, undefined, { token: keeper }), 409);
    expectStatus(await api.post(`/api/v1/approvals/${submitted.approvalId}/approve`, {}, { token: admin }), 200);
    for (const action of ['submit', 'cancel']) {
      expect((await api.post(`/api/v1/stocktakes/${submitted.id}/${action}`, undefined, { token: keeper })).body.error.code).toBe('ILLEGAL_TRANSITION');
    }
    expectStatus(await api.call('PUT', `/api/v1/stocktakes/${submitted.id}/counts`, { token: keeper, body: counts([[a, 2]]) }), 409);

    const open = await api.post('/api/v1/stocktakes', { warehouseId }, { token: keeper });
    const cancelled = await api.post(`/api/v1/stocktakes/${open.body.id}/cancel`, undefined, { token: keeper });
    expectStatus(cancelled, 200);
    expect(cancelled.body.status).toBe('cancelled');
    expectStatus(await api.post(`/api/v1/stocktakes/${open.body.id}/submit`, undefined, { token: keeper }), 409);
    expectStatus(await api.post(`/api/v1/stocktakes/${open.body.id}/cancel`, undefined, { token: keeper }), 409);
    expectStatus(await api.call('PUT', `/api/v1/stocktakes/${open.body.id}/counts`, { token: keeper, body: counts([[a, 1]]) }), 409);
    expect(await level(server.dataSource, warehouseId, a)).toEqual({ onHand: 3, reserved: 0 });
  });

  it('refuses to submit while a line is uncounted and files no approval', async () => {
    const { warehouseId, productIds } = await stockedWarehouse(2, 2);
    const created = await api.post('/api/v1/stocktakes', { warehouseId }, { token: keeper });
    await api.call('PUT', `/api/v1/stocktakes/${created.body.id}/counts`, { token: keeper, body: counts([[productIds[0], 2]]) });
    const response = await api.post(`/api/v1/stocktakes/${created.body.id}/submit`, undefined, { token: keeper });
    expectStatus(response, 409);
    expect(response.body.error.message).toContain('1 个产品未录入');
    expect(await server.dataSource.getRepository(Approval).countBy({ subjectType: 'stocktake', subjectId: created.body.id })).toBe(0);
    expect((await api.get(`/api/v1/stocktakes/${created.body.id}`, { token: keeper })).body.status).toBe('counting');
  });

  it('allows one open stocktake per warehouse', async () => {
    const { warehouseId } = await stockedWarehouse(1);
    const first = await api.post('/api/v1/stocktakes', { warehouseId }, { token: keeper });
    expectStatus(first, 201);
    const second = await api.post('/api/v1/stocktakes', { warehouseId }, { token: admin });
    expectStatus(second, 409);
    expect(second.body.error).toMatchObject({ message: expect.stringContaining(first.body.number), details: { stocktakeId: first.body.id } });
    await api.post(`/api/v1/stocktakes/${first.body.id}/cancel`, undefined, { token: keeper });
    expectStatus(await api.post('/api/v1/stocktakes', { warehouseId }, { token: admin }), 201);
  });

  it('fails the approval with 409 when the difference would take on hand below what is reserved, and leaves it pending', async () => {
    const { warehouseId, productIds } = await stockedWarehouse(10);
    const [a] = productIds;
    const submitted = await countedAndSubmitted(warehouseId, [[a, 3]]);
    await inTransaction(server.dataSource, (em) => server.services.stock.reserve(em, warehouseId, [{ productId: a, quantity: 5 }], { type: 'order', id: '77' }, null));
    const response = await api.post(`/api/v1/approvals/${submitted.approvalId}/approve`, {}, { token: admin });
    expectStatus(response, 409);
    expect(response.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', message: expect.stringContaining(submitted.number), details: { requested: 7, available: 5 } });
    expect((await api.get(`/api/v1/approvals/${submitted.approvalId}`, { token: admin })).body.status).toBe('pending');
    expect((await api.get(`/api/v1/stocktakes/${submitted.id}`, { token: keeper })).body.status).toBe('pending_approval');
    expect(await level(server.dataSource, warehouseId, a)).toEqual({ onHand: 10, reserved: 5 });
    expect(await movementCount(server.dataSource, { productId: a, reason: 'stocktake' })).toBe(0);
    expectStatus(await api.post(`/api/v1/approvals/${submitted.approvalId}/reject`, {}, { token: admin }), 200);
  });

  it('counts only the products asked for, snapshots a product without stock as 0, and creates its level on approval', async () => {
    const { warehouseId, productIds } = await stockedWarehouse(5, 5);
    const fresh = await createProduct(api, admin);
    const created = await api.post('/api/v1/stocktakes', { warehouseId, productIds: [productIds[1], fresh] }, { token: keeper });
    expectStatus(created, 201);
    expect(created.body.lines.map((l: { productId: string; expectedQty: number }) => [l.productId, l.expectedQty])).toEqual([
      [productIds[1], 5],
      [fresh, 0],
    ]);
    const outside = await api.call('PUT', `/api/v1/stocktakes/${created.body.id}/counts`, { token: keeper, body: counts([[productIds[0], 1]]) });
    expectStatus(outside, 400);
    await api.call('PUT', `/api/v1/stocktakes/${created.body.id}/counts`, { token: keeper, body: counts([[productIds[1], 5], [fresh, 4]]) });
    const submitted = await api.post(`/api/v1/stocktakes/${created.body.id}/submit`, undefined, { token: keeper });
    expectStatus(await api.post(`/api/v1/approvals/${submitted.body.approvalId}/approve`, {}, { token: admin }), 200);
    expect(await level(server.dataSource, warehouseId, fresh)).toEqual({ onHand: 4, reserved: 0 });
    expect(await ledgerDifferences(server.dataSource)).toEqual([]);
  });

  it('answers 404 for an unknown product or warehouse, and 409 for a warehouse with nothing to count', async () => {
    const { warehouseId } = await stockedWarehouse(1);
    expectStatus(await api.post('/api/v1/stocktakes', { warehouseId, productIds: ['987654321'] }, { token: keeper }), 404);
    expectStatus(await api.post('/api/v1/stocktakes', { warehouseId: '987654321' }, { token: keeper }), 404);
    expectStatus(await api.get('/api/v1/stocktakes/987654321', { token: keeper }), 404);
    const { warehouseId: empty } = await stockedWarehouse();
    const response = await api.post('/api/v1/stocktakes', { warehouseId: empty }, { token: keeper });
    expectStatus(response, 409);
    expect(response.body.error.message).toContain('请指定要盘点的产品');
  });

  it('treats an approval the requester withdrew as a rejection, so the stocktake can be cancelled', async () => {
    const { warehouseId, productIds } = await stockedWarehouse(6);
    const submitted = await countedAndSubmitted(warehouseId, [[productIds[0], 1]]);
    expectStatus(await api.post(`/api/v1/approvals/${submitted.approvalId}/cancel`, undefined, { token: keeper }), 200);
    const cancelled = await api.post(`/api/v1/stocktakes/${submitted.id}/cancel`, undefined, { token: keeper });
    expectStatus(cancelled, 200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await level(server.dataSource, warehouseId, productIds[0])).toEqual({ onHand: 6, reserved: 0 });
  });

  it('lists stocktakes by warehouse and status for managers, and lets only admins and warehouse staff change them', async () => {
    const { warehouseId } = await stockedWarehouse(1);
    const created = await api.post('/api/v1/stocktakes', { warehouseId }, { token: keeper });
    const list = await api.get(`/api/v1/stocktakes?warehouseId=${warehouseId}&status=counting`, { token: manager });
    expectStatus(list, 200);
    expect(list.body.data).toEqual([expect.objectContaining({ id: created.body.id, lineCount: 1, warehouseName: created.body.warehouseName })]);
    expect((await api.get(`/api/v1/stocktakes?q=${created.body.number}`, { token: admin })).body.data.map((s: { id: string }) => s.id)).toEqual([created.body.id]);
    expectStatus(await api.get('/api/v1/stocktakes', { token: rep }), 403);
    expectStatus(await api.post('/api/v1/stocktakes', { warehouseId }, { token: manager }), 403);
    expectStatus(await api.post(`/api/v1/stocktakes/${created.body.id}/cancel`, undefined, { token: rep }), 403);
  });
});
