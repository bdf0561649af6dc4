import { inTransaction } from '../../infra/db';
import { AppError } from '../../infra/errors';
import { userId } from '../../testing/crm-fixtures';
import { startFakeWechat, type FakeWechat } from '../../testing/fake-wechat';
import { apiClient, loginAs, type ApiClient } from '../../testing/http';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { Product } from '../products/product.entity';
import { StockLevel } from './stock-level.entity';
import { StockMovement } from './stock-movement.entity';
import { createProduct, expectStatus, ledgerDifferences, level, movementCount, warehouseId } from './stock.test-helpers';
import { Warehouse } from './warehouse.entity';

let server: TestServer;
let wechat: FakeWechat;
let api: ApiClient;
let admin: string;
let keeper: string;
let rep: string;
let finance: string;
let manager: string;
let customer: string;
let sh: string;
let gz: string;

beforeAll(async () => {
  wechat = await startFakeWechat();
  server = await startTestServer({ env: { WECHAT_APPID: 'wx-test', WECHAT_SECRET: 'secret', WECHAT_API_BASE: wechat.baseUrl } });
  api = apiClient(server.url);
  [admin, keeper, rep, finance, manager] = await Promise.all(['admin', 'warehouse', 'rep1', 'finance', 'manager'].map((u) => loginAs(server, u)));
  customer = (await api.post('/api/v1/auth/wechat', { code: 'ok:openid-stock' })).body.token;
  [sh, gz] = await Promise.all([warehouseId(server.dataSource, 'SH01'), warehouseId(server.dataSource, 'GZ01')]);
});
afterAll(async () => {
  await server?.close();
  await wechat?.close();
});

/** A fresh product with `onHand` in a warehouse, put there by an adjustment. */
async function stocked(onHand: number, warehouse = sh): Promise<string> {
  const productId = await createProduct(api, admin);
  expectStatus(await api.post('/api/v1/stock/adjust', { warehouseId: warehouse, lines: [{ productId, quantityDelta: onHand }], note: '测试入库' }, { token: keeper }), 200);
  return productId;
}

const stock = () => server.services.stock;
const ref = (id: string) => ({ type: 'order', id, number: `SO20261122-${id.padStart(4, '0')}` });

describe('warehouses', () => {
  it('seeds 上海总仓 as the default and 广州仓 beside it, listed for any staff member', async () => {
    const list = await api.get('/api/v1/warehouses', { token: rep });
    expectStatus(list, 200);
    const byCode = Object.fromEntries(list.body.data.map((w: { code: string }) => [w.code, w]));
    expect(byCode.SH01).toMatchObject({ name: '上海总仓', isDefault: true, active: true });
    expect(byCode.GZ01).toMatchObject({ name: '广州仓', isDefault: false, active: true });
    expect(await stock().defaultWarehouseId()).toBe(sh);
  });

  it('lets a warehouse keeper create, read and rename a warehouse', async () => {
    const created = await api.post('/api/v1/warehouses', { code: 'BJ01', name: '北京仓', address: '北京市大兴区' }, { token: keeper });
    expectStatus(created, 201);
    expect(created.body).toMatchObject({ code: 'BJ01', name: '北京仓', address: '北京市大兴区', active: true, isDefault: false });
    const renamed = await api.patch(`/api/v1/warehouses/${created.body.id}`, { name: '北京一号仓' }, { token: admin });
    expectStatus(renamed, 200);
    expect(renamed.body).toMatchObject({ code: 'BJ01', name: '北京一号仓', address: '北京市大兴区' });
    expect((await api.get(`/api/v1/warehouses/${created.body.id}`, { token: finance })).body.name).toBe('北京一号仓');
  });

  it('rejects a duplicate code with 409 and keeps one row', async () => {
    expectStatus(await api.post('/api/v1/warehouses', { code: 'DUP01', name: '重复仓一' }, { token: admin }), 201);
    const again = await api.post('/api/v1/warehouses', { code: 'DUP01', name: '重复仓二' }, { token: admin });
    expectStatus(again, 409);
    expect(again.body.error.message).toContain('DUP01');
    expect(await server.dataSource.getRepository(Warehouse).countBy({ code: 'DUP01' })).toBe(1);
  });

  it('keeps exactly one default: making another warehouse the default clears the old one', async () => {
    const created = await api.post('/api/v1/warehouses', { code: 'DEF01', name: '临时默认仓', isDefault: true }, { token: admin });
    expectStatus(created, 201);
    const defaults = await server.dataSource.getRepository(Warehouse).findBy({ isDefault: true });
    expect(defaults.map((w) => w.code)).toEqual(['DEF01']);
    expect(await stock().defaultWarehouseId()).toBe(created.body.id);
    expectStatus(await api.patch(`/api/v1/warehouses/${sh}`, { isDefault: true }, { token: admin }), 200);
    expect((await server.dataSource.getRepository(Warehouse).findBy({ isDefault: true })).map((w) => w.code)).toEqual(['SH01']);
  });

  it('refuses to deactivate the default warehouse or one that still holds stock (409), and allows an empty one', async () => {
    const defaultOff = await api.patch(`/api/v1/warehouses/${sh}`, { active: false }, { token: admin });
    expectStatus(defaultOff, 409);
    const stockedOff = await api.patch(`/api/v1/warehouses/${gz}`, { active: false }, { token: admin });
    expectStatus(stockedOff, 409);
    expect(stockedOff.body.error.message).toContain('还有库存');
    const empty = await api.post('/api/v1/warehouses', { code: 'EMPTY01', name: '空仓' }, { token: admin });
    const off = await api.patch(`/api/v1/warehouses/${empty.body.id}`, { active: false }, { token: admin });
    expectStatus(off, 200);
    expect(off.body.active).toBe(false);
    const inactive = await api.get('/api/v1/warehouses?active=false', { token: rep });
    expect(inactive.body.data.map((w: { code: string }) => w.code)).toEqual(['EMPTY01']);
    const productId = await createProduct(api, admin);
    const adjust = await api.post('/api/v1/stock/adjust', { warehouseId: empty.body.id, lines: [{ productId, quantityDelta: 1 }], note: '试试' }, { token: keeper });
    expectStatus(adjust, 409);
    expect(adjust.body.error.message).toContain('已停用');
  });

  it('answers 404 for an unknown warehouse and 400 for a malformed code', async () => {
    expectStatus(await api.get('/api/v1/warehouses/987654321', { token: admin }), 404);
    expectStatus(await api.patch('/api/v1/warehouses/987654321', { name: 'x' }, { token: admin }), 404);
    expectStatus(await api.post('/api/v1/warehouses', { code: '仓 库', name: 'x' }, { token: admin }), 400);
  });
});

describe('stock levels', () => {
  it('lists a level per warehouse and product with available and belowMin, filtered and searchable', async () => {
    const lj = await server.dataSource.getRepository(Product).findOneByOrFail({ sku: 'TEA-LJ-250' });
    const byProduct = await api.get(`/api/v1/stock?productId=${lj.id}`, { token: rep });
    expectStatus(byProduct, 200);
    expect(byProduct.body.data.map((l: { warehouseName: string }) => l.warehouseName).sort()).toEqual(['上海总仓', '广州仓']);
    const shLevel = byProduct.body.data.find((l: { warehouseId: string }) => l.warehouseId === sh);
    expect(shLevel).toMatchObject({ productId: lj.id, sku: 'TEA-LJ-250', productName: '西湖龙井 明前特级', unit: '罐', reserved: 0, maxQty: 600, belowMin: false });
    expect(shLevel.available).toBe(shLevel.onHand - shLevel.reserved);

    const search = await api.get(`/api/v1/stock?warehouseId=${sh}&q=${encodeURIComponent('龙井')}`, { token: rep });
    expect(search.body.data.map((l: { sku: string }) => l.sku)).toEqual(['TEA-LJ-250']);

    const low = await api.get(`/api/v1/stock?warehouseId=${sh}&belowMin=true`, { token: rep });
    expect(low.body.data.length).toBeGreaterThanOrEqual(2);
    expect(low.body.data.every((l: { belowMin: boolean }) => l.belowMin)).toBe(true);
    const notLow = await api.get(`/api/v1/stock?warehouseId=${sh}&belowMin=false&limit=100`, { token: rep });
    expect(notLow.body.data.some((l: { belowMin: boolean }) => l.belowMin)).toBe(false);
    expectStatus(await api.get('/api/v1/stock?belowMin=yes', { token: rep }), 400);
  });

  it('pages through levels with a cursor without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await api.get(`/api/v1/stock?limit=5${cursor ? `&cursor=${cursor}` : ''}`, { token: admin });
      expectStatus(page, 200);
      seen.push(...page.body.data.map((l: { warehouseId: string; productId: string }) => `${l.warehouseId}/${l.productId}`));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await server.dataSource.getRepository(StockLevel).count());
  });

  it('sets min/max on a product without a level by creating an empty level, and rejects max below min', async () => {
    const productId = await createProduct(api, admin);
    const set = await api.patch('/api/v1/stock/levels', { warehouseId: gz, productId, minQty: 10, maxQty: 50 }, { token: keeper });
    expectStatus(set, 200);
    expect(set.body).toMatchObject({ warehouseId: gz, productId, onHand: 0, reserved: 0, available: 0, minQty: 10, maxQty: 50, belowMin: true });
    const changed = await api.patch('/api/v1/stock/levels', { warehouseId: gz, productId, minQty: 5, maxQty: 40 }, { token: keeper });
    expect(changed.body).toMatchObject({ minQty: 5, maxQty: 40 });
    expect(await server.dataSource.getRepository(StockLevel).countBy({ warehouseId: gz, productId })).toBe(1);
    const bad = await api.patch('/api/v1/stock/levels', { warehouseId: gz, productId, minQty: 50, maxQty: 10 }, { token: keeper });
    expectStatus(bad, 400);
    expectStatus(await api.patch('/api/v1/stock/levels', { warehouseId: gz, productId: '987654321', minQty: 1, maxQty: 2 }, { token: keeper }), 404);
    expect(await movementCount(server.dataSource, { productId })).toBe(0);
  });
});

describe('adjust', () => {
  it('adds and removes stock in one request and records an adjustment movement per line with the note', async () => {
    const a = await stocked(10);
    const b = await stocked(10);
    const response = await api.post(
      '/api/v1/stock/adjust',
      { warehouseId: sh, lines: [{ productId: a, quantityDelta: 5 }, { productId: b, quantityDelta: -4 }], note: '盘亏报损' },
      { token: keeper },
    );
    expectStatus(response, 200);
    expect(response.body.levels.map((l: { productId: string; onHand: number }) => [l.productId, l.onHand])).toEqual([
      [a, 15],
      [b, 6],
    ]);
    const movements = await server.dataSource.getRepository(StockMovement).findBy({ productId: b, reason: 'adjustment' });
    expect(movements.map((m) => [m.onHandDelta, m.reservedDelta, m.note])).toEqual([
      [10, 0, '测试入库'],
      [-4, 0, '盘亏报损'],
    ]);
    expect(movements[1].actorId).toBe(await userId(server, 'warehouse'));
  });

  it('refuses to go below zero with 409 insufficient stock and writes nothing, not even the lines that fit', async () => {
    const a = await stocked(10);
    const b = await stocked(3);
    const before = await movementCount(server.dataSource);
    const response = await api.post(
      '/api/v1/stock/adjust',
      { warehouseId: sh, lines: [{ productId: a, quantityDelta: -5 }, { productId: b, quantityDelta: -4 }], note: '报损' },
      { token: keeper },
    );
    expectStatus(response, 409);
    expect(response.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { productId: b, requested: 4, available: 3 } });
    expect(response.body.error.message).toContain('上海总仓');
    expect(await level(server.dataSource, sh, a)).toEqual({ onHand: 10, reserved: 0 });
    expect(await level(server.dataSource, sh, b)).toEqual({ onHand: 3, reserved: 0 });
    expect(await movementCount(server.dataSource)).toBe(before);
  });

  it('never removes stock that is reserved for an order', async () => {
    const productId = await stocked(10);
    await inTransaction(server.dataSource, (em) => stock().reserve(em, sh, [{ productId, quantity: 8 }], ref('9001'), null));
    const response = await api.post('/api/v1/stock/adjust', { warehouseId: sh, lines: [{ productId, quantityDelta: -3 }], note: '报损' }, { token: keeper });
    expectStatus(response, 409);
    expect(response.body.error.details).toMatchObject({ requested: 3, available: 2 });
    expect(await level(server.dataSource, sh, productId)).toEqual({ onHand: 10, reserved: 8 });
  });

  it('answers 404 for an unknown product or warehouse and 400 for a zero quantity, a missing note or a repeated product', async () => {
    const productId = await stocked(1);
    const body = { warehouseId: sh, lines: [{ productId, quantityDelta: 1 }], note: '原因' };
    expectStatus(await api.post('/api/v1/stock/adjust', { ...body, lines: [{ productId: '987654321', quantityDelta: 1 }] }, { token: keeper }), 404);
    expectStatus(await api.post('/api/v1/stock/adjust', { ...body, warehouseId: '987654321' }, { token: keeper }), 404);
    expectStatus(await api.post('/api/v1/stock/adjust', { ...body, lines: [{ productId, quantityDelta: 0 }] }, { token: keeper }), 400);
    expectStatus(await api.post('/api/v1/stock/adjust', { ...body, lines: [{ productId, quantityDelta: 1.5 }] }, { token: keeper }), 400);
    expectStatus(await api.post('/api/v1/stock/adjust', { ...body, note: '  ' }, { token: keeper }), 400);
    expectStatus(await api.post('/api/v1/stock/adjust', { ...body, lines: [...body.lines, ...body.lines] }, { token: keeper }), 400);
    expect(await level(server.dataSource, sh, productId)).toEqual({ onHand: 1, reserved: 0 });
  });
});

describe('transfer', () => {
  it('moves stock from one warehouse to another, creating the destination level, with transfer_out and transfer_in movements', async () => {
    const a = await stocked(20);
    const b = await stocked(5);
    const response = await api.post(
      '/api/v1/stock/transfer',
      { fromWarehouseId: sh, toWarehouseId: gz, lines: [{ productId: a, quantity: 7 }, { productId: b, quantity: 5 }], note: '华南补货' },
      { token: keeper },
    );
    expectStatus(response, 200);
    const levels = response.body.levels.map((l: { warehouseId: string; productId: string; onHand: number }) => [l.warehouseId, l.productId, l.onHand]);
    expect(levels).toEqual([
      [sh, a, 13],
      [sh, b, 0],
      [gz, a, 7],
      [gz, b, 5],
    ]);
    const movements = await server.dataSource.getRepository(StockMovement).find({ where: { productId: a }, order: { id: 'ASC' } });
    expect(movements.map((m) => [m.warehouseId, m.reason, m.onHandDelta, m.note])).toEqual([
      [sh, 'adjustment', 20, '测试入库'],
      [sh, 'transfer_out', -7, '华南补货'],
      [gz, 'transfer_in', 7, '华南补货'],
    ]);
  });

  it('refuses to move more than is available with 409 and writes nothing', async () => {
    const a = await stocked(20);
    const b = await stocked(2);
    const before = await movementCount(server.dataSource);
    const response = await api.post(
      '/api/v1/stock/transfer',
      { fromWarehouseId: sh, toWarehouseId: gz, lines: [{ productId: a, quantity: 7 }, { productId: b, quantity: 3 }] },
      { token: keeper },
    );
    expectStatus(response, 409);
    expect(response.body.error).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { productId: b, requested: 3, available: 2 } });
    expect(await level(server.dataSource, sh, a)).toEqual({ onHand: 20, reserved: 0 });
    expect(await level(server.dataSource, gz, a)).toBeNull();
    expect(await movementCount(server.dataSource)).toBe(before);
  });

  it('rejects a transfer into the same warehouse with 400', async () => {
    const a = await stocked(5);
    const response = await api.post('/api/v1/stock/transfer', { fromWarehouseId: sh, toWarehouseId: sh, lines: [{ productId: a, quantity: 1 }] }, { token: keeper });
    expectStatus(response, 400);
    expect(response.body.error.message).toContain('不能相同');
    expect(await movementCount(server.dataSource, { productId: a })).toBe(1);
  });
});

describe('movements', () => {
  it('lists the ledger newest first with names, filtered by product, warehouse, reason and source document', async () => {
    const productId = await stocked(10);
    await inTransaction(server.dataSource, (em) => stock().reserve(em, sh, [{ productId, quantity: 4 }], ref('7001'), null));
    const all = await api.get(`/api/v1/stock/movements?productId=${productId}`, { token: rep });
    expectStatus(all, 200);
    expect(all.body.data.map((m: { reason: string }) => m.reason)).toEqual(['reserve', 'adjustment']);
    expect(all.body.data[1]).toMatchObject({ warehouseName: '上海总仓', onHandDelta: 10, reservedDelta: 0, note: '测试入库', actorName: '孙仓管' });
    const byRef = await api.get('/api/v1/stock/movements?refType=order&refId=7001', { token: rep });
    expect(byRef.body.data).toEqual([
      expect.objectContaining({ productId, reason: 'reserve', reservedDelta: 4, refType: 'order', refId: '7001', refNumber: 'SO20261122-7001' }),
    ]);
    const byReason = await api.get(`/api/v1/stock/movements?warehouseId=${sh}&reason=reserve&q=SO20261122-7001`, { token: rep });
    expect(byReason.body.data).toHaveLength(1);
    expectStatus(await api.get('/api/v1/stock/movements?reason=stolen', { token: rep }), 400);
  });
});

describe('alerts', () => {
  it('lists the levels whose available quantity is below the minimum, with the shortfall and a reorder quantity up to the maximum', async () => {
    const alerts = await api.get(`/api/v1/stock/alerts?warehouseId=${sh}&limit=100`, { token: rep });
    expectStatus(alerts, 200);
    const pot = alerts.body.data.find((a: { sku: string }) => a.sku === 'POT-ZS-300');
    expect(pot).toMatchObject({ warehouseName: '上海总仓', onHand: 12, available: 12, maxQty: 600, belowMin: true });
    expect(pot.shortfall).toBe(pot.minQty - 12);
    expect(pot.suggestedQty).toBe(600 - 12);
    expect(alerts.body.data.map((a: { sku: string }) => a.sku)).toContain('GIFT-ZQ-A');
    expect(alerts.body.data.every((a: { available: number; minQty: number }) => a.available < a.minQty)).toBe(true);
  });

  it('counts reserved stock as gone: a reservation can raise an alert, and replenishing clears it', async () => {
    const productId = await stocked(30);
    await api.patch('/api/v1/stock/levels', { warehouseId: sh, productId, minQty: 10, maxQty: 100 }, { token: keeper });
    const hasAlert = async () =>
      (await api.get(`/api/v1/stock/alerts?warehouseId=${sh}&limit=100`, { token: admin })).body.data.some((a: { productId: string }) => a.productId === productId);
    expect(await hasAlert()).toBe(false);
    await inTransaction(server.dataSource, (em) => stock().reserve(em, sh, [{ productId, quantity: 25 }], ref('7101'), null));
    const alert = (await api.get(`/api/v1/stock/alerts?warehouseId=${sh}&limit=100`, { token: admin })).body.data.find(
      (a: { productId: string }) => a.productId === productId,
    );
    expect(alert).toMatchObject({ onHand: 30, reserved: 25, available: 5, shortfall: 5, suggestedQty: 95 });
    await api.post('/api/v1/stock/adjust', { warehouseId: sh, lines: [{ productId, quantityDelta: 10 }], note: '到货' }, { token: keeper });
    expect(await hasAlert()).toBe(false);
  });
});

describe('in-transaction stock API (orders and shipments call it)', () => {
  it('reserves all lines or none: a second line short of stock leaves the first unreserved and the ledger untouched', async () => {
    const a = await stocked(10);
    const b = await stocked(1);
    const before = await movementCount(server.dataSource);
    const attempt = inTransaction(server.dataSource, (em) =>
      stock().reserve(em, sh, [{ productId: a, quantity: 5 }, { productId: b, quantity: 2 }], ref('8001'), null),
    );
    await expect(attempt).rejects.toMatchObject({ status: 409, code: 'INSUFFICIENT_STOCK', details: { productId: b, requested: 2, available: 1 } });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    expect(await level(server.dataSource, sh, a)).toEqual({ onHand: 10, reserved: 0 });
    expect(await movementCount(server.dataSource)).toBe(before);
  });

  it('merges repeated lines of a product and names the product in the shortage message', async () => {
    const productId = await createProduct(api, admin, '限量白茶');
    await api.post('/api/v1/stock/adjust', { warehouseId: sh, lines: [{ productId, quantityDelta: 5 }], note: '入库' }, { token: keeper });
    const attempt = inTransaction(server.dataSource, (em) =>
      stock().reserve(em, sh, [{ productId, quantity: 3 }, { productId, quantity: 3 }], ref('8002'), null),
    );
    await expect(attempt).rejects.toMatchObject({ message: expect.stringContaining('限量白茶'), details: { requested: 6, available: 5 } });
    await inTransaction(server.dataSource, (em) => stock().reserve(em, sh, [{ productId, quantity: 2 }, { productId, quantity: 3 }], ref('8002'), null));
    expect(await level(server.dataSource, sh, productId)).toEqual({ onHand: 5, reserved: 5 });
    expect(await movementCount(server.dataSource, { productId, reason: 'reserve' })).toBe(1);
  });

  it('reserves, releases and ships with one ledger row per line carrying the document', async () => {
    const a = await stocked(10);
    const b = await stocked(10);
    const order = ref('8003');
    await inTransaction(server.dataSource, (em) => stock().reserve(em, sh, [{ productId: b, quantity: 4 }, { productId: a, quantity: 6 }], order, null));
    await inTransaction(server.dataSource, (em) => stock().release(em, sh, [{ productId: a, quantity: 2 }], order, null));
    await inTransaction(server.dataSource, (em) =>
      stock().shipReserved(em, sh, [{ productId: a, quantity: 4 }, { productId: b, quantity: 4 }], { type: 'shipment', id: '42', number: 'FH20261122-0042' }, null),
    );
    expect(await level(server.dataSource, sh, a)).toEqual({ onHand: 6, reserved: 0 });
    expect(await level(server.dataSource, sh, b)).toEqual({ onHand: 6, reserved: 0 });
    const ledger = await server.dataSource.getRepository(StockMovement).find({ where: { productId: a }, order: { id: 'ASC' } });
    expect(ledger.map((m) => [m.reason, m.onHandDelta, m.reservedDelta, m.refType, m.refNumber])).toEqual([
      ['adjustment', 10, 0, null, null],
      ['reserve', 0, 6, 'order', 'SO20261122-8003'],
      ['release', 0, -2, 'order', 'SO20261122-8003'],
      ['sale_out', -4, -4, 'shipment', 'FH20261122-0042'],
    ]);
    const available = await stock().available(sh, [a, b, '987654321']);
    expect([...available]).toEqual([
      [a, 6],
      [b, 6],
      ['987654321', 0],
    ]);
  });

  it('refuses to release or ship more than is reserved (409) and changes nothing', async () => {
    const productId = await stocked(10);
    await inTransaction(server.dataSource, (em) => stock().reserve(em, sh, [{ productId, quantity: 3 }], ref('8004'), null));
    await expect(inTransaction(server.dataSource, (em) => stock().release(em, sh, [{ productId, quantity: 4 }], ref('8004'), null))).rejects.toMatchObject({
      status: 409,
      details: { requested: 4, reserved: 3 },
    });
    await expect(inTransaction(server.dataSource, (em) => stock().shipReserved(em, sh, [{ productId, quantity: 4 }], ref('8004'), null))).rejects.toMatchObject({
      status: 409,
    });
    expect(await level(server.dataSource, sh, productId)).toEqual({ onHand: 10, reserved: 3 });
  });

  it('tells an unknown product or warehouse apart from a shortage, and refuses non-positive quantities', async () => {
    const productId = await stocked(1);
    await expect(inTransaction(server.dataSource, (em) => stock().reserve(em, sh, [{ productId: '987654321', quantity: 1 }], ref('8005'), null))).rejects.toMatchObject({
      status: 404,
    });
    await expect(inTransaction(server.dataSource, (em) => stock().reserve(em, '987654321', [{ productId, quantity: 1 }], ref('8005'), null))).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('仓库'),
    });
    await expect(inTransaction(server.dataSource, (em) => stock().reserve(em, sh, [{ productId, quantity: 0 }], ref('8005'), null))).rejects.toMatchObject({
      status: 400,
    });
  });
});

describe('the ledger', () => {
  it('sums to every stock level after a mixed sequence of adjustments, transfers, reservations, releases and shipments', async () => {
    const a = await stocked(50);
    const b = await stocked(40, gz);
    await api.post('/api/v1/stock/transfer', { fromWarehouseId: sh, toWarehouseId: gz, lines: [{ productId: a, quantity: 15 }] }, { token: keeper });
    await api.post('/api/v1/stock/transfer', { fromWarehouseId: gz, toWarehouseId: sh, lines: [{ productId: b, quantity: 10 }] }, { token: admin });
    await inTransaction(server.dataSource, async (em) => {
      await stock().reserve(em, sh, [{ productId: a, quantity: 20 }, { productId: b, quantity: 5 }], ref('9101'), null);
      await stock().reserve(em, gz, [{ productId: a, quantity: 5 }], ref('9102'), null);
    });
    await inTransaction(server.dataSource, (em) => stock().shipReserved(em, sh, [{ productId: a, quantity: 12 }], ref('9101'), null));
    await inTransaction(server.dataSource, (em) => stock().release(em, sh, [{ productId: a, quantity: 8 }, { productId: b, quantity: 5 }], ref('9101'), null));
    await api.post('/api/v1/stock/adjust', { warehouseId: gz, lines: [{ productId: b, quantityDelta: -3 }, { productId: a, quantityDelta: 2 }], note: '破损与盘盈' }, { token: keeper });
    await api.post('/api/v1/stock/adjust', { warehouseId: sh, lines: [{ productId: a, quantityDelta: -1000 }], note: '失败的调整' }, { token: keeper });
    expect(await level(server.dataSource, sh, a)).toEqual({ onHand: 23, reserved: 0 });
    expect(await level(server.dataSource, gz, a)).toEqual({ onHand: 17, reserved: 5 });
    expect(await level(server.dataSource, sh, b)).toEqual({ onHand: 10, reserved: 0 });
    expect(await level(server.dataSource, gz, b)).toEqual({ onHand: 27, reserved: 0 });
    expect(await ledgerDifferences(server.dataSource)).toEqual([]);
  });
});

describe('who may see and change stock', () => {
  it('lets every staff role read levels, movements and alerts but only admins and warehouse staff change stock', async () => {
    const productId = await stocked(5);
    for (const token of [rep, finance, manager]) {
      for (const path of ['/api/v1/stock', '/api/v1/stock/movements', '/api/v1/stock/alerts', '/api/v1/warehouses']) {
        expectStatus(await api.get(path, { token }), 200);
      }
      expectStatus(await api.post('/api/v1/stock/adjust', { warehouseId: sh, lines: [{ productId, quantityDelta: 1 }], note: '越权' }, { token }), 403);
      expectStatus(await api.post('/api/v1/stock/transfer', { fromWarehouseId: sh, toWarehouseId: gz, lines: [{ productId, quantity: 1 }] }, { token }), 403);
      expectStatus(await api.patch('/api/v1/stock/levels', { warehouseId: sh, productId, minQty: 1, maxQty: 2 }, { token }), 403);
      expectStatus(await api.post('/api/v1/warehouses', { code: 'NOPE01', name: '越权仓' }, { token }), 403);
    }
    expect(await level(server.dataSource, sh, productId)).toEqual({ onHand: 5, reserved: 0 });
    expect(await server.dataSource.getRepository(Warehouse).countBy({ code: 'NOPE01' })).toBe(0);
  });

  it('keeps customers out of warehouses, levels, the ledger, alerts and stocktakes (403)', async () => {
    expect(customer).toEqual(expect.any(String));
    const productId = await stocked(5);
    for (const path of ['/api/v1/warehouses', `/api/v1/warehouses/${sh}`, '/api/v1/stock', '/api/v1/stock/movements', '/api/v1/stock/alerts', '/api/v1/stocktakes']) {
      const response = await api.get(path, { token: customer });
      expectStatus(response, 403);
    }
    expectStatus(await api.post('/api/v1/stock/adjust', { warehouseId: sh, lines: [{ productId, quantityDelta: 1 }], note: 'x' }, { token: customer }), 403);
    expectStatus(await api.get('/api/v1/stock'), 401);
  });
});
