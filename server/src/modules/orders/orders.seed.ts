import { In, type EntityManager } from 'typeorm';
import { discountedPriceFen, formatDocumentNumber, priceLine, SALES_SETTINGS_DEFAULTS, sumLines, type OrderStatus } from '@wesale/shared';
import { Customer } from '../customers/customer.entity';
import { Product } from '../products/product.entity';
import { gradeDiscountBp } from '../sales/price-rules';
import { StockLevel } from '../stock/stock-level.entity';
import { StockMovement } from '../stock/stock-movement.entity';
import { Warehouse } from '../stock/warehouse.entity';
import { OrderEvent } from './order-event.entity';
import { OrderLine } from './order-line.entity';
import { Order } from './order.entity';

const DEMO_ORDERS = [
  { customer: '杭州悦来酒店管理有限公司', owner: 'rep1', status: 'confirmed' as const, lines: [{ sku: 'TEA-PE-357', quantity: 2 }, { sku: 'CUP-CZ-6', quantity: 5 }] },
  { customer: '南京金陵商务礼品有限公司', owner: 'rep2', status: 'pending_review' as const, lines: [{ sku: 'GIFT-KH-C', quantity: 1 }] },
];

/**
 * Two demo orders inside the demo seed's transaction (after stock and customers): one confirmed, its stock
 * reserved in the default warehouse with matching ledger rows, and one waiting to be confirmed.
 */
export async function seedDemoOrders(em: EntityManager, userIds: Map<string, string>): Promise<void> {
  const warehouse = await em.findOneBy(Warehouse, { isDefault: true });
  const products = new Map((await em.findBy(Product, { sku: In(DEMO_ORDERS.flatMap((o) => o.lines.map((l) => l.sku))) })).map((p) => [p.sku, p]));
  const now = new Date();
  let sequence = 0;
  for (const demo of DEMO_ORDERS) {
    const customer = await em.findOneBy(Customer, { name: demo.customer });
    const ownerId = userIds.get(demo.owner);
    if (!customer || !ownerId || !warehouse || demo.lines.some((line) => !products.has(line.sku))) continue;
    const lines = demo.lines.map(({ sku, quantity }, index) => {
      const product = products.get(sku)!;
      const unitPriceFen = discountedPriceFen(product.priceFen, gradeDiscountBp(SALES_SETTINGS_DEFAULTS.gradeDiscounts, customer.grade, product.category));
      const priced = priceLine({ quantity, unitPriceFen, discountFen: 0, taxRateBp: product.taxRateBp });
      return {
        lineNo: index + 1,
        productId: product.id,
        sku,
        productName: product.name,
        spec: product.spec,
        unit: product.unit,
        quantity,
        listPriceFen: product.priceFen,
        unitPriceFen,
        discountFen: 0,
        taxRateBp: product.taxRateBp,
        totalFen: priced.totalFen,
        taxFen: priced.taxFen,
        costFen: quantity * product.costFen,
        floorPriceFen: product.floorPriceFen,
        contractLineId: null,
        shippedQty: 0,
        priced,
      };
    });
    const totals = sumLines(lines.map((line) => line.priced));
    const confirmed = demo.status === 'confirmed';
    const number = formatDocumentNumber('SO', now, ++sequence);
    const { identifiers } = await em.insert(Order, {
      number,
      customerId: customer.id,
      customerName: customer.name,
      ownerId,
      teamId: customer.teamId,
      createdBy: ownerId,
      grossFen: totals.grossFen,
      discountFen: totals.discountFen,
      totalFen: totals.totalFen,
      taxFen: totals.taxFen,
      costFen: lines.reduce((sum, line) => sum + line.costFen, 0),
      channel: 'rep',
      status: demo.status,
      warehouseId: confirmed ? warehouse.id : null,
      reviewStatus: 'not_required',
      reviewReasons: [],
      confirmedAt: confirmed ? now : null,
    });
    const orderId = String(identifiers[0].id);
    await em.insert(OrderLine, lines.map(({ priced: _priced, ...line }) => ({ ...line, orderId })));
    const events: Array<{ from: OrderStatus | null; to: OrderStatus }> = [{ from: null, to: 'pending_review' }];
    if (confirmed) events.push({ from: 'pending_review', to: 'confirmed' });
    await em.insert(OrderEvent, events.map((e) => ({ orderId, fromStatus: e.from, toStatus: e.to, actorType: 'staff' as const, actorId: ownerId, note: null })));
    if (!confirmed) continue;
    for (const line of lines) {
      await em.increment(StockLevel, { warehouseId: warehouse.id, productId: line.productId }, 'reserved', line.quantity);
    }
    await em.insert(
      StockMovement,
      lines.map((line) => ({
        warehouseId: warehouse.id,
        productId: line.productId,
        reason: 'reserve' as const,
        onHandDelta: 0,
        reservedDelta: line.quantity,
        refType: 'order',
        refId: orderId,
        refNumber: number,
        actorId: ownerId,
      })),
    );
  }
}
