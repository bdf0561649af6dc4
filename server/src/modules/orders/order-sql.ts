import type { EntityManager } from 'typeorm';
import type { Actor } from '../../infra/actor';
import { columnValues, execute, insertedId, insertReturning, placeholders, selectEntities, toEntity } from '../../infra/raw-sql';
import { scopeSalesDocumentsSql, type Access } from '../../infra/visibility';
import { DEFAULT_WAREHOUSE_SQL } from '../stock/stock.service';
import { OrderEvent } from './order-event.entity';
import { OrderLine } from './order-line.entity';
import { CREDIT_EXPOSURE_STATUSES } from './order-review';
import { Order } from './order.entity';

/**
 * The statements of placing and confirming an order, hand-written (see infra/raw-sql for why and how values are
 * converted). Column names are the entities' property names.
 */

const ORDER_COLUMNS = [
  'number', 'customerId', 'customerName', 'ownerId', 'teamId', 'createdBy', 'grossFen', 'discountFen', 'totalFen', 'taxFen', 'costFen',
  'remarks', 'channel', 'contractId', 'status', 'warehouseId', 'paidFen', 'reviewStatus', 'pendingApprovals', 'reviewReasons',
  'shippingAddress', 'contactName', 'contactPhone', 'confirmedAt', 'cancelledAt', 'cancelReason', 'deliveredAt', 'completedAt',
  'createdAt', 'updatedAt',
] as const satisfies ReadonlyArray<keyof Order>;
const INSERT_ORDER = `INSERT INTO orders (${ORDER_COLUMNS.join(', ')}) VALUES ${placeholders(ORDER_COLUMNS.length)}`;

const LINE_COLUMNS = [
  'orderId', 'lineNo', 'productId', 'sku', 'productName', 'spec', 'unit', 'quantity', 'listPriceFen', 'unitPriceFen', 'discountFen',
  'taxRateBp', 'totalFen', 'taxFen', 'costFen', 'floorPriceFen', 'contractLineId', 'shippedQty', 'createdAt', 'updatedAt',
] as const satisfies ReadonlyArray<keyof OrderLine>;
const LINE_ROW = placeholders(LINE_COLUMNS.length);

const EVENT_COLUMNS = ['orderId', 'fromStatus', 'toStatus', 'actorType', 'actorId', 'note', 'createdAt'] as const satisfies ReadonlyArray<keyof OrderEvent>;
const INSERT_EVENT = `INSERT INTO order_events (${EVENT_COLUMNS.join(', ')}) VALUES ${placeholders(EVENT_COLUMNS.length)}`;

/** Every column of an order but its generated id. */
export type OrderRow = Pick<Order, (typeof ORDER_COLUMNS)[number]>;
export type OrderLineRow = Pick<OrderLine, (typeof LINE_COLUMNS)[number]>;
export type OrderEventRow = Pick<OrderEvent, (typeof EVENT_COLUMNS)[number]>;

/** Inserts an order; returns its id. */
export async function insertOrderRow(em: EntityManager, row: OrderRow): Promise<string> {
  const { raw } = await execute(em, INSERT_ORDER, columnValues(em, Order, row, ORDER_COLUMNS));
  return insertedId(raw);
}

/**
 * Inserts the lines of one order in one statement; returns their ids by line number — from RETURNING where the
 * database has it, else read back by (orderId, lineNo): consecutive auto-increment values are not guaranteed
 * (innodb_autoinc_lock_mode 2, auto_increment_increment > 1).
 */
export async function insertOrderLines(em: EntityManager, orderId: string, lines: OrderLineRow[]): Promise<Map<number, string>> {
  const returning = insertReturning(em);
  const sql = `INSERT INTO order_lines (${LINE_COLUMNS.join(', ')}) VALUES ${lines.map(() => LINE_ROW).join(', ')}${returning ? ' RETURNING id, lineNo' : ''}`;
  const { raw } = await execute(em, sql, lines.flatMap((line) => columnValues(em, OrderLine, line, LINE_COLUMNS)));
  const ids: Array<{ id: string | number; lineNo: number }> = returning
    ? (raw as typeof ids)
    : await em.query('SELECT id, lineNo FROM order_lines WHERE orderId = ?', [orderId]);
  return new Map(ids.map((row) => [Number(row.lineNo), String(row.id)]));
}

export async function insertOrderEvent(em: EntityManager, event: OrderEventRow): Promise<void> {
  await execute(em, INSERT_EVENT, columnValues(em, OrderEvent, event, EVENT_COLUMNS));
}

/**
 * The conditional status change: `set` (status and updatedAt included) is written only while the order still has
 * status `from`. false: it had changed meanwhile.
 */
export async function updateOrderFromStatus(em: EntityManager, id: string, from: Order['status'], set: Partial<Order>): Promise<boolean> {
  // Undefined values are left alone, as TypeORM's update leaves them.
  const properties = Object.keys(set).filter((property) => set[property as keyof Order] !== undefined);
  const sql = `UPDATE orders SET ${properties.map((property) => `${property} = ?`).join(', ')} WHERE id = ? AND status = ?`;
  const { affected } = await execute(em, sql, [...columnValues(em, Order, set, properties), id, from]);
  return affected > 0;
}

export async function findVisibleOrder(em: EntityManager, actor: Actor, id: string, access: Access): Promise<Order | undefined> {
  const scope = scopeSalesDocumentsSql('o', actor, access);
  const [order] = await selectEntities(em, Order, `SELECT o.* FROM orders o WHERE o.id = ?${scope.and}`, [id, ...scope.params]);
  return order;
}

/**
 * What confirming an order reads, in one statement: the order (if the caller may change it), its timeline so far —
 * one row per event — and the warehouse a confirm that names none reserves from.
 */
export async function findOrderToConfirm(
  em: EntityManager,
  actor: Actor,
  id: string,
): Promise<{ order: Order; events: OrderEvent[]; defaultWarehouseId: string | null } | undefined> {
  const scope = scopeSalesDocumentsSql('o', actor, 'write');
  const rows: Array<Record<string, unknown>> = await em.query(
    'SELECT o.*, e.id AS e_id, e.fromStatus AS e_fromStatus, e.toStatus AS e_toStatus, e.actorType AS e_actorType, e.actorId AS e_actorId, ' +
      `e.note AS e_note, e.createdAt AS e_createdAt, (${DEFAULT_WAREHOUSE_SQL}) AS defaultWarehouseId ` +
      `FROM orders o LEFT JOIN order_events e ON e.orderId = o.id WHERE o.id = ?${scope.and} ORDER BY e.id`,
    [id, ...scope.params],
  );
  if (rows.length === 0) return undefined;
  const events = rows
    .filter((row) => row.e_id !== null)
    .map((row) =>
      toEntity(em, OrderEvent, {
        id: row.e_id,
        orderId: row.id,
        fromStatus: row.e_fromStatus,
        toStatus: row.e_toStatus,
        actorType: row.e_actorType,
        actorId: row.e_actorId,
        note: row.e_note,
        createdAt: row.e_createdAt,
      }),
    );
  const defaultWarehouseId = rows[0].defaultWarehouseId;
  return { order: toEntity(em, Order, rows[0]), events, defaultWarehouseId: defaultWarehouseId == null ? null : String(defaultWarehouseId) };
}

export function findOrderLines(em: EntityManager, orderId: string): Promise<OrderLine[]> {
  return selectEntities(em, OrderLine, 'SELECT * FROM order_lines WHERE orderId = ? ORDER BY lineNo', [orderId]);
}

export function findOrderEvents(em: EntityManager, orderId: string): Promise<OrderEvent[]> {
  return selectEntities(em, OrderEvent, 'SELECT * FROM order_events WHERE orderId = ? ORDER BY id', [orderId]);
}

/** The unpaid balance of a customer's open orders (the credit rule's exposure, see order-review.ts). */
const OPEN_FEN = `SELECT SUM(totalFen - paidFen) AS openFen FROM orders WHERE customerId = ? AND status IN ${placeholders(CREDIT_EXPOSURE_STATUSES.length)}`;

export async function openOrdersFen(em: EntityManager, customerId: string): Promise<number> {
  const rows: Array<{ openFen: string | number | null }> = await em.query(OPEN_FEN, [customerId, ...CREDIT_EXPOSURE_STATUSES]);
  return Number(rows[0]?.openFen ?? 0);
}

export async function selectOrderForUpdate(em: EntityManager, id: string): Promise<void> {
  await em.query('SELECT id FROM orders WHERE id = ? FOR UPDATE', [id]);
}

export async function selectCustomerForUpdate(em: EntityManager, customerId: string): Promise<void> {
  await em.query('SELECT id FROM customers WHERE id = ? FOR UPDATE', [customerId]);
}
