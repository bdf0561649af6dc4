import type { EntityManager } from 'typeorm';
import { Product } from '../products/product.entity';
import { StockLevel } from './stock-level.entity';
import { StockMovement } from './stock-movement.entity';
import { Warehouse } from './warehouse.entity';

/** These two start below their minimum in 上海总仓, so /stock/alerts has something to show. */
const LOW_STOCK = new Map([
  ['POT-ZS-300', 12],
  ['GIFT-ZQ-A', 18],
]);

/**
 * Demo stock inside the demo seed's transaction: two warehouses and, for every product, an opening
 * purchase_in movement per level, so the ledger sums to the levels from the start.
 */
export async function seedDemoStock(em: EntityManager, actorId: string | null): Promise<void> {
  const inserted = await em.insert(Warehouse, [
    { code: 'SH01', name: '上海总仓', address: '上海市嘉定区马陆镇仓储路 88 号', isDefault: true },
    { code: 'GZ01', name: '广州仓', address: '广州市白云区太和镇物流园 6 栋' },
  ]);
  const [shanghai, guangzhou] = inserted.identifiers.map((row) => String(row.id));
  const products = await em.find(Product, { select: { id: true, sku: true }, order: { id: 'ASC' } });
  const levels: Array<Pick<StockLevel, 'warehouseId' | 'productId' | 'onHand' | 'minQty' | 'maxQty'>> = [];
  products.forEach((product, i) => {
    levels.push({
      warehouseId: shanghai,
      productId: product.id,
      onHand: LOW_STOCK.get(product.sku) ?? 200 + ((i * 73) % 301),
      minQty: 20 + ((i * 7) % 31),
      maxQty: 600,
    });
    if (i % 2 === 0) levels.push({ warehouseId: guangzhou, productId: product.id, onHand: 60 + ((i * 29) % 90), minQty: 0, maxQty: 300 });
  });
  if (levels.length === 0) return;
  await em.insert(StockLevel, levels);
  await em.insert(
    StockMovement,
    levels.map((level) => ({
      warehouseId: level.warehouseId,
      productId: level.productId,
      reason: 'purchase_in' as const,
      onHandDelta: level.onHand,
      reservedDelta: 0,
      note: '期初入库',
      actorId,
    })),
  );
}
