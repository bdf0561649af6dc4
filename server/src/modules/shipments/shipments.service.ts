import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  SHIPMENT_STATUS_LABELS,
  shipmentStateMachine,
  type Page,
  type ShipmentCreate,
  type ShipmentDto,
  type ShipmentListQuery,
  type ShipmentShip,
  type ShipmentStatus,
} from '@wesale/shared';
import type { Actor } from '../../infra/actor';
import { inTransaction } from '../../infra/db';
import { badRequest, conflict, illegalTransition, notFound } from '../../infra/errors';
import { paginate } from '../../infra/pagination';
import { scopeSalesDocuments, type Access } from '../../infra/visibility';
import { OrderLine } from '../orders/order-line.entity';
import { Order } from '../orders/order.entity';
import { eventActor, ledgerActorId, statusLabel, stockLines, type OrdersService } from '../orders/orders.service';
import type { DocumentNumbers } from '../sales/document-numbers';
import type { StockService } from '../stock/stock.service';
import { ShipmentLine } from './shipment-line.entity';
import { Shipment } from './shipment.entity';

export interface ShipmentsDeps {
  documentNumbers: DocumentNumbers;
  stock: StockService;
  orders: OrdersService;
}

const SHIPPABLE: readonly Order['status'][] = ['confirmed', 'partially_shipped'];
const shipmentLabel = (status: ShipmentStatus) => SHIPMENT_STATUS_LABELS[status];

/** Warehouse staff and admins act on every order they can read; sellers on the orders they may change. */
const orderAccess = (actor: Actor): Access => (actor.kind === 'staff' && (actor.role === 'warehouse' || actor.role === 'admin') ? 'read' : 'write');

function toDto(shipment: Shipment, lines: ShipmentLine[], orderLines: Map<string, OrderLine>): ShipmentDto {
  return {
    id: shipment.id,
    number: shipment.number,
    orderId: shipment.orderId,
    orderNumber: shipment.orderNumber,
    customerId: shipment.customerId,
    customerName: shipment.customerName,
    warehouseId: shipment.warehouseId,
    status: shipment.status,
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
    shippedAt: shipment.shippedAt?.toISOString() ?? null,
    deliveredAt: shipment.deliveredAt?.toISOString() ?? null,
    createdAt: shipment.createdAt.toISOString(),
    lines: lines.map((line) => {
      const orderLine = orderLines.get(line.orderLineId);
      return {
        orderLineId: line.orderLineId,
        lineNo: orderLine?.lineNo ?? 0,
        productId: line.productId,
        sku: orderLine?.sku ?? '',
        productName: orderLine?.productName ?? '',
        unit: orderLine?.unit ?? '',
        quantity: line.quantity,
      };
    }),
  };
}

/**
 * Shipments (发货单): part or all of a confirmed order. Creating one only plans it (quantities ≤ what is neither
 * shipped nor in another pending shipment); shipping takes the reserved stock out (ledger: sale_out) and moves the
 * order to partially shipped or shipped; delivering the last one moves the order to delivered (completed if paid).
 * Every write locks the order row first (OrdersService.lockOrderRow), so the order's shipments change one at a time.
 */
export class ShipmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deps: ShipmentsDeps,
  ) {}

  async list(actor: Actor, query: ShipmentListQuery): Promise<Page<ShipmentDto>> {
    const qb = scopeSalesDocuments(this.dataSource.getRepository(Shipment).createQueryBuilder('s'), 's', actor, 'read');
    if (query.orderId) qb.andWhere('s.orderId = :orderId', { orderId: query.orderId });
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (query.q) qb.andWhere('(s.number = :q OR s.orderNumber = :q OR s.trackingNumber = :q)', { q: query.q });
    const page = await paginate(qb, query, (shipment) => shipment);
    return { data: await this.toDtos(this.dataSource.manager, page.data), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<ShipmentDto> {
    const shipment = await this.findVisible(this.dataSource.manager, actor, id);
    return (await this.toDtos(this.dataSource.manager, [shipment]))[0];
  }

  async create(actor: Actor, input: ShipmentCreate): Promise<ShipmentDto> {
    const { orders } = this.deps;
    return this.deps.documentNumbers.withNumber('FH', 'shipments', (number) =>
      inTransaction(this.dataSource, async (em) => {
        await orders.lockOrderRow(em, input.orderId);
        const order = await orders.findVisible(em, actor, input.orderId, orderAccess(actor));
        const shipment = await this.createInTx(em, actor, order, input, number);
        return (await this.toDtos(em, [shipment]))[0];
      }),
    );
  }

  async ship(actor: Actor, id: string, input: ShipmentShip): Promise<ShipmentDto> {
    return this.changeOne(actor, id, 'read', (em, shipment, order) => this.shipInTx(em, actor, shipment, order, input));
  }

  async deliver(actor: Actor, id: string): Promise<ShipmentDto> {
    return this.changeOne(actor, id, 'read', (em, shipment, order) => this.deliverInTx(em, actor, shipment, order));
  }

  async cancel(actor: Actor, id: string): Promise<ShipmentDto> {
    return this.changeOne(actor, id, orderAccess(actor), async (em, shipment) => {
      await this.move(em, shipment, 'cancelled', {});
    });
  }

  // ---- in-transaction building blocks (one-step billing uses them too) ----

  async createInTx(
    em: EntityManager,
    actor: Actor,
    order: Order,
    input: Pick<ShipmentCreate, 'lines' | 'carrier' | 'trackingNumber'>,
    number: string,
  ): Promise<Shipment> {
    if (!SHIPPABLE.includes(order.status) || !order.warehouseId) {
      throw conflict(`订单当前状态为「${statusLabel(order.status)}」，不能发货`, { status: order.status });
    }
    const orderLines = await em.find(OrderLine, { where: { orderId: order.id }, order: { lineNo: 'ASC' } });
    const pending: Array<{ orderLineId: string | number; quantity: string | number }> = await em
      .createQueryBuilder(ShipmentLine, 'sl')
      .innerJoin(Shipment, 's', 's.id = sl.shipmentId')
      .select(['sl.orderLineId AS orderLineId', 'sl.quantity AS quantity'])
      .where('s.orderId = :orderId AND s.status = :pending', { orderId: order.id, pending: 'pending' })
      .getRawMany();
    const open = new Map(orderLines.map((line) => [line.id, line.quantity - line.shippedQty]));
    for (const row of pending) open.set(String(row.orderLineId), (open.get(String(row.orderLineId)) ?? 0) - Number(row.quantity));

    const wanted = input.lines
      ? input.lines.map((line, index) => ({ orderLine: this.resolveLine(orderLines, line, index + 1), quantity: line.quantity }))
      : orderLines.map((orderLine) => ({ orderLine, quantity: open.get(orderLine.id) ?? 0 })).filter((line) => line.quantity > 0);
    if (wanted.length === 0) throw conflict('该订单没有待发货的数量', { orderId: order.id });
    const seen = new Set<string>();
    for (const { orderLine, quantity } of wanted) {
      if (seen.has(orderLine.id)) throw badRequest(`订单第 ${orderLine.lineNo} 行在发货单中出现了多次`, { orderLineId: orderLine.id });
      seen.add(orderLine.id);
      const left = open.get(orderLine.id) ?? 0;
      if (quantity > left) {
        throw conflict(`订单第 ${orderLine.lineNo} 行「${orderLine.productName}」超出可发货数量：可发 ${Math.max(left, 0)}，本次 ${quantity}`, {
          orderLineId: orderLine.id,
          requested: quantity,
          available: Math.max(left, 0),
        });
      }
    }

    const now = new Date();
    const { identifiers } = await em.insert(Shipment, {
      number,
      orderId: order.id,
      orderNumber: order.number,
      customerId: order.customerId,
      customerName: order.customerName,
      ownerId: order.ownerId,
      teamId: order.teamId,
      warehouseId: order.warehouseId,
      status: 'pending' as const,
      carrier: input.carrier || null,
      trackingNumber: input.trackingNumber || null,
      createdBy: actor.kind === 'staff' ? actor.id : null,
      createdAt: now,
      updatedAt: now,
    });
    const shipmentId = String(identifiers[0].id);
    await em.insert(
      ShipmentLine,
      wanted.map(({ orderLine, quantity }) => ({ shipmentId, orderLineId: orderLine.id, productId: orderLine.productId, quantity })),
    );
    return em.findOneByOrFail(Shipment, { id: shipmentId });
  }

  /** pending → shipped: reserved stock out, order lines' shippedQty up (never past the ordered quantity), order status follows. */
  async shipInTx(em: EntityManager, actor: Actor, shipment: Shipment, order: Order, input: ShipmentShip): Promise<void> {
    const { orders, stock } = this.deps;
    if (!shipmentStateMachine.canTransition(shipment.status, 'shipped')) {
      throw illegalTransition('发货单', shipmentLabel(shipment.status), shipmentLabel('shipped'));
    }
    if (!SHIPPABLE.includes(order.status)) throw illegalTransition('订单', statusLabel(order.status), statusLabel('shipped'));
    await this.move(em, shipment, 'shipped', {
      shippedAt: new Date(),
      shippedBy: actor.kind === 'staff' ? actor.id : null,
      ...(input.carrier ? { carrier: input.carrier } : {}),
      ...(input.trackingNumber ? { trackingNumber: input.trackingNumber } : {}),
    });
    const lines = await em.find(ShipmentLine, { where: { shipmentId: shipment.id } });
    await stock.shipReserved(em, shipment.warehouseId, stockLines(lines), { type: 'shipment', id: shipment.id, number: shipment.number }, ledgerActorId(actor));
    const orderLines = new Map((await orders.linesForUpdate(em, order.id)).map((line) => [line.id, line]));
    for (const line of lines) {
      const orderLine = orderLines.get(line.orderLineId)!;
      const result = await em
        .createQueryBuilder()
        .update(OrderLine)
        .set({ shippedQty: () => `shippedQty + ${Number(line.quantity)}` })
        .where('id = :id AND shippedQty + :quantity <= quantity', { id: line.orderLineId, quantity: line.quantity })
        .execute();
      if (!result.affected) {
        throw conflict(`订单第 ${orderLine.lineNo} 行「${orderLine.productName}」发货数量超出订单数量`, { orderLineId: line.orderLineId });
      }
      orderLine.shippedQty += line.quantity;
    }
    const allShipped = [...orderLines.values()].every((line) => line.shippedQty >= line.quantity);
    const to = allShipped ? 'shipped' : 'partially_shipped';
    if (to !== order.status) await orders.transition(em, order, to, eventActor(actor), {}, `发货单 ${shipment.number} 已发货`);
  }

  /** shipped → delivered; the order is delivered when everything shipped and no shipment is still on its way. */
  async deliverInTx(em: EntityManager, actor: Actor, shipment: Shipment, order: Order): Promise<void> {
    const { orders } = this.deps;
    if (!shipmentStateMachine.canTransition(shipment.status, 'delivered')) {
      throw illegalTransition('发货单', shipmentLabel(shipment.status), shipmentLabel('delivered'));
    }
    await this.move(em, shipment, 'delivered', { deliveredAt: new Date() });
    if (order.status !== 'shipped') return;
    const onTheWay = await em.countBy(Shipment, { orderId: order.id, status: 'shipped' });
    if (onTheWay > 0) return;
    await orders.transition(em, order, 'delivered', eventActor(actor), { deliveredAt: new Date() }, `发货单 ${shipment.number} 已签收`);
    await orders.completeIfSettled(em, actor, order);
  }

  // ---- internals ----

  /** Locks the shipment's order first (its snapshot then sees every committed change), then checks visibility. */
  private async changeOne(
    actor: Actor,
    id: string,
    access: Access,
    change: (em: EntityManager, shipment: Shipment, order: Order) => Promise<void>,
  ): Promise<ShipmentDto> {
    const ref = await this.dataSource.getRepository(Shipment).findOne({ select: { id: true, orderId: true }, where: { id } });
    if (!ref) throw notFound('发货单');
    return inTransaction(this.dataSource, async (em) => {
      await this.deps.orders.lockOrderRow(em, ref.orderId);
      const shipment = await this.findVisible(em, actor, id, access);
      const order = await em.findOneByOrFail(Order, { id: shipment.orderId });
      await change(em, shipment, order);
      return (await this.toDtos(em, [await em.findOneByOrFail(Shipment, { id })]))[0];
    });
  }

  private async move(em: EntityManager, shipment: Shipment, to: ShipmentStatus, changes: Partial<Shipment>) {
    if (!shipmentStateMachine.canTransition(shipment.status, to)) throw illegalTransition('发货单', shipmentLabel(shipment.status), shipmentLabel(to));
    const result = await em.update(Shipment, { id: shipment.id, status: shipment.status }, { ...changes, status: to });
    if (!result.affected) {
      const current = await em.findOneByOrFail(Shipment, { id: shipment.id });
      throw illegalTransition('发货单', shipmentLabel(current.status), shipmentLabel(to));
    }
    Object.assign(shipment, changes, { status: to });
  }

  private resolveLine(orderLines: OrderLine[], line: { orderLineId?: string; productId?: string }, index: number): OrderLine {
    const matches = orderLines.filter((candidate) => (line.orderLineId ? candidate.id === line.orderLineId : candidate.productId === line.productId));
    if (matches.length === 0) throw badRequest(`发货第 ${index} 行不在该订单中`, { index });
    if (matches.length > 1) throw badRequest(`发货第 ${index} 行的产品在订单中有多行，请用订单行指定`, { index });
    return matches[0];
  }

  private async findVisible(em: EntityManager, actor: Actor, id: string, access: Access = 'read'): Promise<Shipment> {
    const qb = em.getRepository(Shipment).createQueryBuilder('s').where('s.id = :id', { id });
    const shipment = await scopeSalesDocuments(qb, 's', actor, access).getOne();
    if (!shipment) throw notFound('发货单');
    return shipment;
  }

  private async toDtos(em: EntityManager, shipments: Shipment[]): Promise<ShipmentDto[]> {
    if (shipments.length === 0) return [];
    const lines = await em.find(ShipmentLine, { where: { shipmentId: In(shipments.map((s) => s.id)) }, order: { id: 'ASC' } });
    const orderLineIds = [...new Set(lines.map((line) => line.orderLineId))];
    const orderLines = orderLineIds.length
      ? await em.find(OrderLine, { select: { id: true, lineNo: true, sku: true, productName: true, unit: true }, where: { id: In(orderLineIds) } })
      : [];
    const byOrderLine = new Map(orderLines.map((line) => [line.id, line]));
    return shipments.map((shipment) =>
      toDto(
        shipment,
        lines.filter((line) => line.shipmentId === shipment.id),
        byOrderLine,
      ),
    );
  }
}
