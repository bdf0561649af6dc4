import type { DataSource } from 'typeorm';
import type { OrderBilling, OrderDetailDto } from '@wesale/shared';
import type { StaffActor } from '../../infra/actor';
import { inTransaction } from '../../infra/db';
import { badRequest, conflict, forbidden } from '../../infra/errors';
import type { DocumentNumbers } from '../sales/document-numbers';
import type { ShipmentsService } from '../shipments/shipments.service';
import type { StockService } from '../stock/stock.service';
import type { OrdersService } from './orders.service';

export interface BillingDeps {
  orders: OrdersService;
  shipments: ShipmentsService;
  stock: StockService;
  documentNumbers: DocumentNumbers;
}

/**
 * 开单 — one-step billing for a simple sale: a rep or warehouse clerk sells to a customer who pays on the spot, or
 * bills a signed contract (its prices, up to what its lines have left). Create, confirm (reserve), ship (stock out), hand over (pickup: delivered) and record the payment in
 * one transaction, through the same steps as the long way, so the timeline and the ledger read the same. An order
 * the review rules would stop (credit, price) cannot be billed in one step: 409, nothing written.
 */
export class OrderBillingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly deps: BillingDeps,
  ) {}

  async bill(actor: StaffActor, input: OrderBilling): Promise<OrderDetailDto> {
    const { orders, shipments, stock, documentNumbers } = this.deps;
    if (actor.role === 'warehouse' && input.lines.some((line) => line.unitPriceFen !== undefined || line.discountFen > 0)) {
      throw forbidden('仓库人员开单只能按客户等级价，不能改价或打折');
    }
    const { customerToLock, draft: drafted } = await orders.draftFor(actor, input, 'counter');
    const orderId = await documentNumbers.withNumber('FH', 'shipments', (shipmentNumber) =>
      documentNumbers.withNumber('SO', 'orders', (orderNumber) =>
        inTransaction(this.dataSource, async (em) => {
          await orders.lockCustomer(em, customerToLock);
          const draft = await drafted(em);
          const paidFen = input.payment.amountFen ?? draft.totals.totalFen;
          if (paidFen > draft.totals.totalFen) throw badRequest('收款金额不能超过订单金额', { field: 'payment.amountFen', totalFen: draft.totals.totalFen });
          const reasons = await orders.review(em, draft, paidFen);
          if (reasons.length > 0) {
            throw conflict(`该单需要审核，不能一步开单（${reasons.map((r) => r.reason).join('；')}），请改用普通下单`, { reviewReasons: reasons });
          }
          const warehouseId = input.warehouseId ?? (await stock.defaultWarehouseId(em));
          const parts = await orders.insertOrder(em, actor, orderNumber, draft, { ...input, warehouseId }, reasons);
          await orders.activateContractOf(em, draft);
          await orders.confirmLoaded(em, actor, parts, undefined);
          const shipment = await shipments.createInTx(em, actor, parts.order, { carrier: input.carrier, trackingNumber: input.trackingNumber }, shipmentNumber);
          await shipments.shipInTx(em, actor, shipment, parts.order, {});
          if (input.delivery === 'pickup') await shipments.deliverInTx(em, actor, shipment, parts.order);
          await orders.recordPayment(em, actor, parts.order, { amountFen: paidFen, method: input.payment.method, note: input.payment.note });
          return parts.order.id;
        }),
      ),
    );
    return orders.get(actor, orderId);
  }
}
