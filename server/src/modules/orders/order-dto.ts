import type {
  CustomerOrderDto,
  OrderDetailDto,
  OrderDto,
  OrderEventDto,
  OrderLineDto,
  PaymentDto,
  StaffOrderDto,
  StaffOrderLineDto,
} from '@wesale/shared';
import type { Actor } from '../../infra/actor';
import { costFields, lineDto, marginDto, totalsDto } from '../sales/price-rules';
import type { Shipment } from '../shipments/shipment.entity';
import type { OrderEvent } from './order-event.entity';
import type { OrderLine } from './order-line.entity';
import type { Order } from './order.entity';
import type { Payment } from './payment.entity';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** Allow-lists per audience: customers never see cost, floor prices, margin or why an order is under review. */
function customerOrderDto(order: Order): CustomerOrderDto {
  return {
    id: order.id,
    number: order.number,
    channel: order.channel,
    status: order.status,
    customerId: order.customerId,
    customerName: order.customerName,
    contractId: order.contractId,
    warehouseId: order.warehouseId,
    totals: totalsDto(order),
    paidFen: order.paidFen,
    shippingAddress: order.shippingAddress,
    contactName: order.contactName,
    contactPhone: order.contactPhone,
    remarks: order.remarks,
    confirmedAt: iso(order.confirmedAt),
    cancelledAt: iso(order.cancelledAt),
    cancelReason: order.cancelReason,
    deliveredAt: iso(order.deliveredAt),
    completedAt: iso(order.completedAt),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

/** `costVisible`: the viewer sees cost, floor prices and margin (PriceRules.costVisibleTo). */
function staffOrderDto(order: Order, costVisible: boolean): StaffOrderDto {
  return {
    ...customerOrderDto(order),
    ownerId: order.ownerId,
    teamId: order.teamId,
    createdBy: order.createdBy,
    reviewStatus: order.reviewStatus,
    reviewReasons: order.reviewReasons ?? [],
    margin: costVisible ? marginDto(order) : null,
  };
}

export function orderDto(actor: Actor, order: Order, costVisible: boolean): OrderDto {
  return actor.kind === 'staff' ? staffOrderDto(order, costVisible) : customerOrderDto(order);
}

function customerLineDto(line: OrderLine): OrderLineDto {
  return { id: line.id, ...lineDto(line), contractLineId: line.contractLineId, shippedQty: line.shippedQty };
}

function staffLineDto(line: OrderLine, costVisible: boolean): StaffOrderLineDto {
  return {
    ...customerLineDto(line),
    ...costFields(line, costVisible),
    belowFloor: line.totalFen < line.quantity * line.floorPriceFen,
  };
}

export function eventDto(event: Pick<OrderEvent, 'fromStatus' | 'toStatus' | 'actorType' | 'note' | 'createdAt'>): OrderEventDto {
  return {
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    actorType: event.actorType,
    note: event.note,
    createdAt: event.createdAt.toISOString(),
  };
}

export function paymentDto(payment: Payment): PaymentDto {
  return { id: payment.id, amountFen: payment.amountFen, method: payment.method, receivedAt: payment.receivedAt.toISOString(), note: payment.note };
}

export interface OrderParts {
  order: Order;
  lines: OrderLine[];
  events: Array<Pick<OrderEvent, 'fromStatus' | 'toStatus' | 'actorType' | 'note' | 'createdAt'>>;
  shipments: Shipment[];
  payments: Payment[];
}

export function orderDetailDto(actor: Actor, parts: OrderParts, costVisible: boolean): OrderDetailDto {
  const detail = {
    events: parts.events.map(eventDto),
    shipments: parts.shipments.map((s) => ({
      id: s.id,
      number: s.number,
      status: s.status,
      carrier: s.carrier,
      trackingNumber: s.trackingNumber,
      shippedAt: iso(s.shippedAt),
      deliveredAt: iso(s.deliveredAt),
    })),
    payments: parts.payments.map(paymentDto),
  };
  if (actor.kind === 'staff') {
    return { ...staffOrderDto(parts.order, costVisible), lines: parts.lines.map((line) => staffLineDto(line, costVisible)), ...detail };
  }
  return { ...customerOrderDto(parts.order), lines: parts.lines.map(customerLineDto), ...detail };
}
