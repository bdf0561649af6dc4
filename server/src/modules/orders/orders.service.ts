import { type DataSource, type EntityManager, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import {
  APPROVAL_KIND_LABELS,
  divideRoundHalfUp,
  ORDER_STATUS_LABELS,
  orderStateMachine,
  priceLine,
  sumLines,
  type OrderCancel,
  type OrderChannel,
  type OrderConfirm,
  type OrderCreate,
  type OrderDetailDto,
  type OrderDto,
  type OrderListQuery,
  type OrderReviewReason,
  type OrderStatus,
  type Page,
  type PaymentMethod,
} from '@wesale/shared';
import type { Actor, StaffActor } from '../../infra/actor';
import { databaseKind, inTransaction, likePattern, LIKE_ESCAPE } from '../../infra/db';
import { badRequest, conflict, forbidden, illegalTransition, notFound } from '../../infra/errors';
import { paginate } from '../../infra/pagination';
import { scopeSalesDocuments, type Access } from '../../infra/visibility';
import { Approval } from '../approvals/approval.entity';
import type { ApprovalsService } from '../approvals/approvals.service';
import type { Contract } from '../contracts/contract.entity';
import type { ContractLine } from '../contracts/contract-line.entity';
import { Customer } from '../customers/customer.entity';
import { documentParty, type DocumentParty } from '../sales/document-party';
import type { DocumentNumbers } from '../sales/document-numbers';
import { lineColumns, type PriceRules } from '../sales/price-rules';
import { Shipment } from '../shipments/shipment.entity';
import { requireDefaultWarehouse, type StockService } from '../stock/stock.service';
import { requireActiveWarehouse } from '../stock/warehouses.service';
import { orderDetailDto, orderDto, type OrderParts } from './order-dto';
import type { OrderEventActorType } from './order-event.entity';
import { OrderLine } from './order-line.entity';
import { reviewReasons } from './order-review';
import {
  findOrderToConfirm,
  findVisibleOrder,
  insertOrderEvent,
  insertOrderLines,
  insertOrderRow,
  findOrderEvents,
  findOrderLines,
  openOrdersFen,
  selectCustomerForUpdate,
  selectOrderForUpdate,
  updateOrderFromStatus,
  type OrderEventRow,
} from './order-sql';
import { Order } from './order.entity';
import { Payment } from './payment.entity';

/** What orders need from contracts (contracts.service.ts): the lines of a visible signed/active contract, and its activation. */
export interface ContractOrdering {
  linesForOrder(em: EntityManager, actor: Actor, contractId: string): Promise<{ contract: Contract; lines: ContractLine[] }>;
  activateIfSigned(em: EntityManager, contractId: string): Promise<unknown>;
}

export interface OrdersDeps {
  priceRules: PriceRules;
  documentNumbers: DocumentNumbers;
  approvals: ApprovalsService;
  stock: StockService;
  contracts: ContractOrdering;
}

/** A line as it is inserted: the priced snapshot's columns plus where it came from. */
type LineRow = Omit<OrderLine, 'id' | 'orderId' | 'createdAt' | 'updatedAt' | 'shippedQty'>;

export interface Draft {
  channel: OrderChannel;
  party: DocumentParty;
  contractId: string | null;
  lines: LineRow[];
  totals: { grossFen: number; discountFen: number; totalFen: number; taxFen: number; costFen: number };
  priceApprovalReasons: string[];
}

export interface EventActor {
  type: OrderEventActorType;
  id: string | null;
}

export const statusLabel = (status: OrderStatus) => ORDER_STATUS_LABELS[status];

export function eventActor(actor: Actor): EventActor {
  return actor.kind === 'service' ? { type: 'system', id: null } : { type: actor.kind, id: actor.id };
}

/** The user id the stock ledger records (customers act through the mini-program: no user). */
export const ledgerActorId = (actor: Actor) => (actor.kind === 'staff' ? actor.id : null);

/** One row per product: the stock calls lock levels per product. */
export function stockLines(lines: Array<{ productId: string; quantity: number }>) {
  return lines.filter((line) => line.quantity > 0).map(({ productId, quantity }) => ({ productId, quantity }));
}

/**
 * Sales orders (销售订单): created from the cart, by a rep or against a contract, reviewed (credit, price),
 * confirmed (stock reserved), shipped in shipments, delivered, completed — or cancelled (reservation released).
 *
 * Concurrency: every status change is a conditional UPDATE on the expected status (`transition`), so of two
 * racing changes exactly one wins. Paths that compute from several rows of an order (shipping, delivering,
 * cancelling) first lock the order row, so on MySQL their snapshot is taken after any competing change committed.
 */
export class OrdersService {
  private readonly lockingReads: boolean;

  constructor(
    private readonly dataSource: DataSource,
    private readonly deps: OrdersDeps,
  ) {
    this.lockingReads = databaseKind(dataSource) === 'mysql';
    for (const kind of ['order_credit', 'order_price'] as const) {
      deps.approvals.register(kind, {
        onApproved: (em, approval, decidedBy) => this.onReviewApproved(em, approval, decidedBy),
        onRejected: (em, approval, decidedBy) => this.onReviewRejected(em, approval, decidedBy),
      });
    }
  }

  // ---- HTTP-facing ----

  async list(actor: Actor, query: OrderListQuery): Promise<Page<OrderDto>> {
    const qb = scopeSalesDocuments(this.dataSource.getRepository(Order).createQueryBuilder('o'), 'o', actor, 'read');
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.channel) qb.andWhere('o.channel = :channel', { channel: query.channel });
    if (query.customerId) qb.andWhere('o.customerId = :customerId', { customerId: query.customerId });
    if (query.contractId) qb.andWhere('o.contractId = :contractId', { contractId: query.contractId });
    if (query.q) qb.andWhere(`(o.number LIKE :q ${LIKE_ESCAPE} OR o.customerName LIKE :q ${LIKE_ESCAPE})`, { q: likePattern(query.q) });
    const costVisible = await this.deps.priceRules.costVisibleTo(actor);
    return paginate(qb, query, (order) => orderDto(actor, order, costVisible));
  }

  async get(actor: Actor, id: string): Promise<OrderDetailDto> {
    const order = await this.findVisible(this.dataSource.manager, actor, id, 'read');
    const [parts, costVisible] = await Promise.all([this.parts(this.dataSource.manager, order), this.deps.priceRules.costVisibleTo(actor)]);
    return orderDetailDto(actor, parts, costVisible);
  }

  /**
   * Creates an order in one transaction. A customer's cart order that needs no review is confirmed (stock
   * reserved) in the same request — so an out-of-stock cart is a 409 and no order; any other order waits for
   * POST /orders/:id/confirm.
   */
  async create(actor: Actor, input: OrderCreate): Promise<OrderDetailDto> {
    if (actor.kind === 'customer') {
      if (input.warehouseId) throw forbidden('客户下单不能指定仓库');
      if (!input.shippingAddress || !input.contactName || !input.contactPhone) {
        throw badRequest('请填写收货地址、收货人和联系电话', { fields: ['shippingAddress', 'contactName', 'contactPhone'] });
      }
    }
    const { customerToLock, draft: drafted } = await this.draftFor(actor, input);
    return this.deps.documentNumbers.withNumber('SO', 'orders', (number) =>
      inTransaction(this.dataSource, async (em) => {
        await this.lockCustomer(em, customerToLock);
        const draft = await drafted(em);
        const parts = await this.insertOrder(em, actor, number, draft, input, await this.review(em, draft, 0));
        await this.activateContractOf(em, draft);
        if (actor.kind === 'customer' && parts.order.reviewStatus === 'not_required') {
          await this.confirmLoaded(em, actor, parts, undefined);
        }
        return orderDetailDto(actor, parts, await this.deps.priceRules.costVisibleTo(actor, em));
      }),
    );
  }

  /**
   * The answer's timeline is the one read with the order plus the confirm event — what a read after the commit
   * returns: every event is written by a transaction that first updates the order row, either changing its status
   * (which the conditional UPDATE here excludes) or taking one off pendingApprovals (a confirmable order has none
   * pending), so no other event of this order can commit between that read and this commit.
   */
  async confirm(actor: Actor, id: string, input: OrderConfirm): Promise<OrderDetailDto> {
    const parts = await inTransaction(this.dataSource, async (em) => {
      const found = await findOrderToConfirm(em, actor, id);
      if (!found) throw notFound('订单');
      const parts: OrderParts = { order: found.order, lines: await findOrderLines(em, id), events: found.events, shipments: [], payments: [] };
      await this.confirmLoaded(em, actor, parts, input.warehouseId, found.defaultWarehouseId);
      return parts;
    });
    return orderDetailDto(actor, parts, await this.deps.priceRules.costVisibleTo(actor));
  }

  /** Staff cancel an order that has not shipped; a customer its own the same way. The reservation is released. */
  async cancel(actor: Actor, id: string, input: OrderCancel): Promise<OrderDetailDto> {
    return inTransaction(this.dataSource, async (em) => {
      await this.lockOrderRow(em, id);
      const order = await this.findVisible(em, actor, id, actor.kind === 'customer' ? 'read' : 'write');
      await this.cancelLoaded(em, actor, order, input.reason ?? null);
      return orderDetailDto(actor, await this.parts(em, order), await this.deps.priceRules.costVisibleTo(actor, em));
    });
  }

  // ---- in-transaction building blocks (shipments and billing use them too) ----

  /** Locks the order row, so this transaction's snapshot (MySQL) is taken after any competing change to the order. */
  async lockOrderRow(em: EntityManager, id: string): Promise<void> {
    if (!this.lockingReads) return;
    await selectOrderForUpdate(em, id);
  }

  async findVisible(em: EntityManager, actor: Actor, id: string, access: Access): Promise<Order> {
    const order = await findVisibleOrder(em, actor, id, access);
    if (!order) throw notFound('订单');
    return order;
  }

  /**
   * Moves the order to `to` if the state machine allows it, with a conditional UPDATE on the status it was read
   * in (of two racing changes one wins, the other gets a 409), and records the event. Updates `order` in place.
   */
  async transition(em: EntityManager, order: Order, to: OrderStatus, by: EventActor, changes: Partial<Order> = {}, note: string | null = null) {
    if (!orderStateMachine.canTransition(order.status, to)) throw illegalTransition('订单', statusLabel(order.status), statusLabel(to));
    const now = new Date();
    const updated = await updateOrderFromStatus(em, order.id, order.status, { ...changes, status: to, updatedAt: now });
    if (!updated) throw await this.staleStatus(em, order.id, to);
    const event = await this.recordEvent(em, order.id, order.status, to, by, note, now);
    Object.assign(order, changes, { status: to, updatedAt: now });
    return event;
  }

  async recordEvent(em: EntityManager, orderId: string, from: OrderStatus | null, to: OrderStatus, by: EventActor, note: string | null, at = new Date()) {
    const event: OrderEventRow = { orderId, fromStatus: from, toStatus: to, actorType: by.type, actorId: by.id, note, createdAt: at };
    await insertOrderEvent(em, event);
    return event;
  }

  /** Lines locked for update (MySQL), for paths that change shippedQty. */
  async linesForUpdate(em: EntityManager, orderId: string): Promise<OrderLine[]> {
    const qb = em.getRepository(OrderLine).createQueryBuilder('l').where('l.orderId = :orderId', { orderId }).orderBy('l.lineNo', 'ASC');
    return this.locking(qb).getMany();
  }

  locking<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    return this.lockingReads ? qb.setLock('pessimistic_write') : qb;
  }

  /**
   * pending_review → confirmed: conditional status UPDATE, then all lines reserved or none (409 insufficient stock
   * rolls back). `defaultWarehouseId`: the default warehouse if the caller read it already (null: there is none).
   */
  async confirmLoaded(em: EntityManager, actor: Actor, parts: OrderParts, requestedWarehouseId: string | undefined, defaultWarehouseId?: string | null) {
    const { order, lines } = parts;
    if (order.status === 'pending_review' && order.pendingApprovals > 0) {
      throw conflict('订单还在审核中，审批通过后才能确认', { reviewReasons: order.reviewReasons ?? [] });
    }
    if (!orderStateMachine.canTransition(order.status, 'confirmed')) {
      throw illegalTransition('订单', statusLabel(order.status), statusLabel('confirmed'));
    }
    const warehouseId = requestedWarehouseId
      ? (await requireActiveWarehouse(em, requestedWarehouseId)).id
      : (order.warehouseId ??
        (defaultWarehouseId !== undefined ? requireDefaultWarehouse(defaultWarehouseId) : await this.deps.stock.defaultWarehouseId(em)));
    const event = await this.transition(em, order, 'confirmed', eventActor(actor), { warehouseId, confirmedAt: new Date() }, null);
    await this.deps.stock.reserve(em, warehouseId, stockLines(lines), { type: 'order', id: order.id, number: order.number }, ledgerActorId(actor));
    parts.events.push(event);
  }

  async cancelLoaded(em: EntityManager, actor: Actor, order: Order, reason: string | null) {
    const wasConfirmed = order.status === 'confirmed';
    const hadPendingApprovals = order.pendingApprovals > 0;
    await this.transition(em, order, 'cancelled', eventActor(actor), { cancelledAt: new Date(), cancelReason: reason, pendingApprovals: 0 }, reason);
    if (wasConfirmed && order.warehouseId) {
      // The status UPDATE above holds the order: nothing ships from it any more, so what is unshipped is exact.
      const lines = await em.find(OrderLine, { where: { orderId: order.id } });
      const unshipped = stockLines(lines.map((line) => ({ productId: line.productId, quantity: line.quantity - line.shippedQty })));
      await this.deps.stock.release(em, order.warehouseId, unshipped, { type: 'order', id: order.id, number: order.number }, ledgerActorId(actor));
      await em.update(Shipment, { orderId: order.id, status: 'pending' }, { status: 'cancelled' });
    }
    if (hadPendingApprovals) {
      await em.update(Approval, { subjectType: 'order', subjectId: order.id, status: 'pending' }, { status: 'cancelled' });
    }
  }

  /** A payment against an order: paidFen grows, and a delivered order that is now paid in full is completed. */
  async recordPayment(
    em: EntityManager,
    actor: StaffActor,
    order: Order,
    payment: { amountFen: number; method: PaymentMethod; note?: string | null; receivedAt?: Date },
  ): Promise<Payment> {
    const receivedAt = payment.receivedAt ?? new Date();
    const { identifiers } = await em.insert(Payment, {
      customerId: order.customerId,
      orderId: order.id,
      amountFen: payment.amountFen,
      method: payment.method,
      receivedAt,
      recordedBy: actor.id,
      note: payment.note ?? null,
    });
    await em
      .createQueryBuilder()
      .update(Order)
      .set({ paidFen: () => `paidFen + ${Number(payment.amountFen)}` })
      .where('id = :id', { id: order.id })
      .execute();
    order.paidFen += payment.amountFen;
    await this.completeIfSettled(em, actor, order);
    return em.findOneByOrFail(Payment, { id: String(identifiers[0].id) });
  }

  /** delivered → completed once the order is paid in full (an order is never completed while it still owes). */
  async completeIfSettled(em: EntityManager, actor: Actor, order: Order) {
    if (order.status !== 'delivered' || order.paidFen < order.totalFen) return null;
    return this.transition(em, order, 'completed', eventActor(actor), { completedAt: new Date() }, '已交付并结清');
  }

  async parts(em: EntityManager, order: Order): Promise<OrderParts> {
    const [lines, events, shipments, payments] = await Promise.all([
      findOrderLines(em, order.id),
      findOrderEvents(em, order.id),
      em.find(Shipment, { where: { orderId: order.id }, order: { id: 'ASC' } }),
      em.find(Payment, { where: { orderId: order.id }, order: { id: 'ASC' } }),
    ]);
    return { order, lines, events, shipments, payments };
  }

  /**
   * What an order is made of, in two steps. A customer's order is priced before the transaction: nothing is locked
   * while prices, products and (cached) settings are read, so a request waiting for a pool connection never holds a
   * lock that the connections' holders wait for. A contract order is drafted inside it, once its customer is locked
   * (the contract's remaining quantities are read under that lock). `customerToLock` is the lock to take first.
   */
  async draftFor(
    actor: Actor,
    input: Pick<OrderCreate, 'customerId' | 'contractId' | 'lines'>,
    channel?: OrderChannel,
  ): Promise<{ customerToLock: string | null; draft: (em: EntityManager) => Promise<Draft> }> {
    if (input.contractId) return { customerToLock: await this.customerToLock(input), draft: (em) => this.contractDraft(em, actor, input) };
    const priced = await this.pricedDraft(this.dataSource.manager, actor, input, channel);
    return { customerToLock: creditCheckedCustomer(priced), draft: async () => priced };
  }

  /** An order against a contract makes a signed contract active. */
  async activateContractOf(em: EntityManager, draft: Draft): Promise<void> {
    if (draft.contractId) await this.deps.contracts.activateIfSigned(em, draft.contractId);
  }

  /** The customer of a contract order, to lock before anything is read in the transaction (see lockCustomer). */
  private async customerToLock(input: { contractId?: string }): Promise<string | null> {
    const rows: Array<{ customerId: string | number }> = await this.dataSource.query('SELECT customerId FROM contracts WHERE id = ?', [input.contractId]);
    return rows[0] ? String(rows[0].customerId) : null;
  }

  /**
   * Serialises the orders of one customer, so the credit rule (and a contract's remaining quantities) hold when
   * orders race; a customer without a credit limit is not locked for a cart or rep order. It is the transaction's first statement: on MySQL a plain read before it would fix the snapshot
   * before the wait, and the credit sum would miss an order committed meanwhile. SQLite has a single writer.
   */
  async lockCustomer(em: EntityManager, customerId: string | null): Promise<void> {
    if (!this.lockingReads || !customerId) return;
    await selectCustomerForUpdate(em, customerId);
  }

  /** Prices the lines by the price rules (grade price, rep limit, floor). */
  async pricedDraft(em: EntityManager, actor: Actor, input: Pick<OrderCreate, 'customerId' | 'lines'>, channel?: OrderChannel): Promise<Draft> {
    const party = await documentParty(em, actor, input.customerId);
    const priced = await this.deps.priceRules.priceLines(em, {
      customerGrade: party.customer.grade,
      lines: input.lines.map((line) => ({ productId: line.productId!, quantity: line.quantity, unitPriceFen: line.unitPriceFen, discountFen: line.discountFen })),
      pricedBy: actor,
    });
    return {
      channel: channel ?? (actor.kind === 'customer' ? 'miniprogram' : 'rep'),
      party,
      contractId: null,
      lines: priced.lines.map((line) => ({ ...lineColumns(line), contractLineId: null })),
      totals: priced.totals,
      priceApprovalReasons: priced.approvalReasons,
    };
  }

  /** The review rules applied to a draft; `paidWithOrderFen` (a counter sale's payment) lowers its credit exposure. */
  async review(em: EntityManager, draft: Draft, paidWithOrderFen: number): Promise<OrderReviewReason[]> {
    const { customer } = draft.party;
    return reviewReasons({
      credit: customer.creditLimitFen > 0 ? await this.creditInput(em, customer, draft.totals.totalFen - paidWithOrderFen) : null,
      priceApprovalReasons: draft.priceApprovalReasons,
    });
  }

  /** Inserts order, lines and the first event, and files an approval per review reason. */
  async insertOrder(
    em: EntityManager,
    actor: Actor,
    number: string,
    draft: Draft,
    input: { warehouseId?: string; shippingAddress?: string; contactName?: string; contactPhone?: string; remarks?: string },
    reasons: OrderReviewReason[],
  ): Promise<OrderParts> {
    const { customer, ownerId, teamId } = draft.party;
    const requester = reasons.length > 0 ? this.reviewRequester(actor, ownerId, teamId) : null;
    if (input.warehouseId) await requireActiveWarehouse(em, input.warehouseId);

    const now = new Date();
    const row = {
      number,
      customerId: customer.id,
      customerName: customer.name,
      ownerId,
      teamId,
      createdBy: actor.kind === 'staff' ? actor.id : null,
      grossFen: draft.totals.grossFen,
      discountFen: draft.totals.discountFen,
      totalFen: draft.totals.totalFen,
      taxFen: draft.totals.taxFen,
      costFen: draft.totals.costFen,
      remarks: input.remarks || null,
      channel: draft.channel,
      contractId: draft.contractId,
      status: 'pending_review' as const,
      warehouseId: input.warehouseId ?? null,
      paidFen: 0,
      reviewStatus: reasons.length > 0 ? ('pending' as const) : ('not_required' as const),
      pendingApprovals: reasons.length,
      reviewReasons: reasons,
      shippingAddress: input.shippingAddress || null,
      contactName: input.contactName || null,
      contactPhone: input.contactPhone || null,
      confirmedAt: null,
      cancelledAt: null,
      cancelReason: null,
      deliveredAt: null,
      completedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    const id = await insertOrderRow(em, row);
    const rows = draft.lines.map((line) => ({ ...line, orderId: id, shippedQty: 0, createdAt: now, updatedAt: now }));
    const idByLineNo = await insertOrderLines(em, id, rows);
    const lines = rows.map((line) => Object.assign(new OrderLine(), line, { id: idByLineNo.get(line.lineNo)! }));
    const note = reasons.length > 0 ? `待审核：${reasons.map((r) => r.reason).join('；')}` : null;
    const event = await this.recordEvent(em, id, null, 'pending_review', eventActor(actor), note, now);
    const order = Object.assign(new Order(), row, { id });
    for (const reason of reasons) {
      await this.deps.approvals.request(em, {
        kind: reason.kind,
        subjectType: 'order',
        subjectId: id,
        subjectTitle: `${number} ${customer.name}`,
        requestedBy: requester!,
        reason: reason.reason.slice(0, 500),
        payload: { orderId: id, number, totalFen: draft.totals.totalFen },
      });
    }
    return { order, lines, events: [event], shipments: [], payments: [] };
  }

  // ---- internals ----

  private async creditInput(em: EntityManager, customer: Customer, orderUnpaidFen: number) {
    return { creditLimitFen: customer.creditLimitFen, openFen: await openOrdersFen(em, customer.id), orderUnpaidFen };
  }

  /**
   * Approvals are requested by staff: the caller, or for a customer's own order its sales owner. The order's team
   * decides price approvals (an admin's order falls to the customer's team manager).
   */
  private reviewRequester(actor: Actor, ownerId: string | null, teamId: string | null): StaffActor {
    if (actor.kind === 'staff') return { ...actor, teamId: teamId ?? actor.teamId };
    if (!ownerId) throw conflict('该订单需要审核，但您还没有专属销售顾问，请联系客服下单');
    return { kind: 'staff', id: ownerId, role: 'rep', teamId };
  }

  /**
   * An order against a signed contract: each line names a contract line (by line number or product) and takes at
   * most what is left of it — the contract quantity less what other non-cancelled orders took. Prices are the
   * contract's: the unit price as is, the line discount and cost in proportion, the last order taking the rest,
   * so the orders of a contract add up to the contract to the fen.
   */
  private async contractDraft(em: EntityManager, actor: Actor, input: Pick<OrderCreate, 'contractId' | 'lines'>): Promise<Draft> {
    const { contract, lines: contractLines } = await this.deps.contracts.linesForOrder(em, actor, input.contractId!);
    const customer = await em.findOneBy(Customer, { id: contract.customerId });
    if (!customer) throw notFound('客户');
    const taken: Array<{ contractLineId: string | number; quantity: string | number; discountFen: string | number; costFen: string | number }> = await em
      .createQueryBuilder(OrderLine, 'l')
      .innerJoin(Order, 'o', 'o.id = l.orderId')
      .select('l.contractLineId', 'contractLineId')
      .addSelect('SUM(l.quantity)', 'quantity')
      .addSelect('SUM(l.discountFen)', 'discountFen')
      .addSelect('SUM(l.costFen)', 'costFen')
      .where('o.contractId = :contractId', { contractId: contract.id })
      .andWhere("o.status <> 'cancelled'")
      .groupBy('l.contractLineId')
      .getRawMany();
    const takenByLine = new Map(taken.map((t) => [String(t.contractLineId), { quantity: Number(t.quantity), discountFen: Number(t.discountFen), costFen: Number(t.costFen) }]));
    const used = new Set<string>();
    const lines: LineRow[] = input.lines.map((line, index) => {
      const lineNo = index + 1;
      const matches = contractLines.filter((cl) => (line.contractLineNo !== undefined ? cl.lineNo === line.contractLineNo : cl.productId === line.productId));
      if (matches.length === 0) throw badRequest(`第 ${lineNo} 行在合同中不存在`, { lineNo });
      if (matches.length > 1) throw badRequest(`第 ${lineNo} 行的产品在合同中有多行，请用合同行号指定`, { lineNo });
      const source = matches[0];
      if (line.productId && line.productId !== source.productId) throw badRequest(`第 ${lineNo} 行的产品与合同行不符`, { lineNo });
      if (used.has(source.id)) throw badRequest(`合同第 ${source.lineNo} 行在本单中出现了多次`, { lineNo });
      used.add(source.id);
      const before = takenByLine.get(source.id) ?? { quantity: 0, discountFen: 0, costFen: 0 };
      const remaining = source.quantity - before.quantity;
      if (line.quantity > remaining) {
        throw conflict(`第 ${lineNo} 行「${source.productName}」超出合同剩余数量：合同 ${source.quantity}，已下单 ${before.quantity}，剩余 ${remaining}`, {
          lineNo,
          contractLineNo: source.lineNo,
          remaining,
          requested: line.quantity,
        });
      }
      const last = line.quantity === remaining;
      const share = (fen: number, takenFen: number) =>
        last ? fen - takenFen : Number(divideRoundHalfUp(BigInt(fen) * BigInt(line.quantity), BigInt(source.quantity)));
      const discountFen = share(source.discountFen, before.discountFen);
      const priced = priceLine({ quantity: line.quantity, unitPriceFen: source.unitPriceFen, discountFen, taxRateBp: source.taxRateBp });
      return {
        lineNo,
        productId: source.productId,
        sku: source.sku,
        productName: source.productName,
        spec: source.spec,
        unit: source.unit,
        quantity: line.quantity,
        listPriceFen: source.listPriceFen,
        unitPriceFen: source.unitPriceFen,
        discountFen,
        taxRateBp: source.taxRateBp,
        totalFen: priced.totalFen,
        taxFen: priced.taxFen,
        costFen: share(source.costFen, before.costFen),
        floorPriceFen: source.floorPriceFen,
        contractLineId: source.id,
      };
    });
    const sums = sumLines(lines.map((line) => priceLine(line)));
    return {
      channel: 'contract',
      party: { customer, ownerId: contract.ownerId, teamId: contract.teamId },
      contractId: contract.id,
      lines,
      totals: { ...sums, costFen: lines.reduce((sum, line) => sum + line.costFen, 0) },
      // The contract's prices were approved with the contract.
      priceApprovalReasons: [],
    };
  }

  /** Why a conditional status UPDATE matched nothing: read the status as it is now (a locking read sees the latest). */
  private async staleStatus(em: EntityManager, id: string, to: OrderStatus) {
    const current = await this.locking(em.getRepository(Order).createQueryBuilder('o').select(['o.id', 'o.status']).where('o.id = :id', { id })).getOne();
    if (!current) return notFound('订单');
    return illegalTransition('订单', statusLabel(current.status), statusLabel(to));
  }

  private async onReviewApproved(em: EntityManager, approval: Approval, decidedBy: StaffActor) {
    const result = await em
      .createQueryBuilder()
      .update(Order)
      .set({ pendingApprovals: () => 'pendingApprovals - 1' })
      .where('id = :id AND status = :status AND pendingApprovals > 0', { id: approval.subjectId, status: 'pending_review' })
      .execute();
    if (!result.affected) return;
    const order = await em.findOneByOrFail(Order, { id: approval.subjectId });
    if (order.pendingApprovals === 0) await em.update(Order, { id: order.id }, { reviewStatus: 'approved' });
    await this.recordEvent(em, order.id, 'pending_review', 'pending_review', eventActor(decidedBy), `${APPROVAL_KIND_LABELS[approval.kind]}已通过`);
  }

  /** A rejected review cancels the order (nothing was reserved yet) and withdraws its other pending approvals. */
  private async onReviewRejected(em: EntityManager, approval: Approval, decidedBy: StaffActor) {
    const order = await em.findOneBy(Order, { id: approval.subjectId });
    if (!order || order.status !== 'pending_review') return;
    const reason = `${APPROVAL_KIND_LABELS[approval.kind]}被驳回${approval.decisionComment ? `：${approval.decisionComment}` : ''}`.slice(0, 200);
    await this.transition(em, order, 'cancelled', eventActor(decidedBy), { cancelledAt: new Date(), cancelReason: reason, pendingApprovals: 0, reviewStatus: 'rejected' }, reason);
    await em.update(Approval, { subjectType: 'order', subjectId: order.id, status: 'pending' }, { status: 'cancelled' });
  }
}

/** The customer whose orders must be serialised for the credit rule: only one with a credit limit. */
export function creditCheckedCustomer(draft: Draft): string | null {
  return draft.party.customer.creditLimitFen > 0 ? draft.party.customer.id : null;
}

