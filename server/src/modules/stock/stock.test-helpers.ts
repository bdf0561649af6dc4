import type { DataSource } from 'typeorm';
import type { ApiClient, ApiResponse } from '../../testing/http';
import { StockLevel } from './stock-level.entity';
import { StockMovement } from './stock-movement.entity';
import { Warehouse } from './warehouse.entity';

/** Fails with the response body in the message, so a wrong status says why. */
export function expectStatus(response: ApiResponse, status: number) {
  expect({ status: response.status, body: response.body }).toEqual({ status, body: response.body });
}

let skuSeq = 0;

/** A fresh product (so a test's quantities are its own), created through the products API. */
export async function createProduct(api: ApiClient, token: string, name = '测试库存茶'): Promise<string> {
  const sku = `STK-${process.pid}-${++skuSeq}`;
  const response = await api.post('/api/v1/products', { sku, name, unit: '盒', category: '测试', priceFen: 1000 }, { token });
  expectStatus(response, 201);
  return response.body.id as string;
}

export async function warehouseId(dataSource: DataSource, code: string): Promise<string> {
  return (await dataSource.getRepository(Warehouse).findOneByOrFail({ code })).id;
}

export async function level(dataSource: DataSource, warehouseId: string, productId: string) {
  const row = await dataSource.getRepository(StockLevel).findOneBy({ warehouseId, productId });
  return row ? { onHand: row.onHand, reserved: row.reserved } : null;
}

export function movementCount(dataSource: DataSource, where: Partial<Pick<StockMovement, 'warehouseId' | 'productId' | 'reason'>> = {}) {
  return dataSource.getRepository(StockMovement).countBy(where);
}

/**
 * "Ledger sums equal stock": per warehouse and product, the movements' deltas add up to the level, and no
 * movement exists without a level. Returns the differences (empty when the ledger is consistent).
 */
export async function ledgerDifferences(dataSource: DataSource) {
  const sums: Array<{ warehouseId: string | number; productId: string | number; onHand: string | number; reserved: string | number }> = await dataSource
    .getRepository(StockMovement)
    .createQueryBuilder('m')
    .select('m.warehouseId', 'warehouseId')
    .addSelect('m.productId', 'productId')
    .addSelect('SUM(m.onHandDelta)', 'onHand')
    .addSelect('SUM(m.reservedDelta)', 'reserved')
    .groupBy('m.warehouseId')
    .addGroupBy('m.productId')
    .getRawMany();
  const ledger = new Map(sums.map((s) => [`${s.warehouseId}/${s.productId}`, { onHand: Number(s.onHand), reserved: Number(s.reserved) }]));
  const differences: Array<{ key: string; level: unknown; ledger: unknown }> = [];
  for (const row of await dataSource.getRepository(StockLevel).find()) {
    const key = `${row.warehouseId}/${row.productId}`;
    const summed = ledger.get(key) ?? { onHand: 0, reserved: 0 };
    ledger.delete(key);
    if (summed.onHand !== row.onHand || summed.reserved !== row.reserved) {
      differences.push({ key, level: { onHand: row.onHand, reserved: row.reserved }, ledger: summed });
    }
  }
  for (const [key, summed] of ledger) differences.push({ key, level: null, ledger: summed });
  return differences;
}
